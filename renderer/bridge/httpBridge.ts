import type { ApiResult, Channel, IntakeBridge, RequestOf, ResponseOf } from '../../machines/contract/api';

const TOKEN_KEY = 'intake.session';

/** The browser host's side of the bridge: the same contract over HTTP, notifications over WebSocket. */
export function createHttpBridge(base = ''): IntakeBridge & { setToken(t: string | null): void } {
  let token: string | null = sessionStorage.getItem(TOKEN_KEY);
  const listeners = new Set<(n: { topic: string; id: string }) => void>();
  let socket: WebSocket | null = null;

  const connect = () => {
    if (!token || socket) return;
    const url = new URL(`${base || location.origin}/ws`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onmessage = (m) => {
      try {
        const n = JSON.parse(String(m.data)) as { topic: string; id: string };
        listeners.forEach((l) => l(n));
      } catch {
        /* ignore malformed pushes */
      }
    };
    ws.onclose = () => {
      socket = null;
      if (token) setTimeout(connect, 2000);
    };
  };

  return {
    setToken(t) {
      token = t;
      if (t) sessionStorage.setItem(TOKEN_KEY, t);
      else sessionStorage.removeItem(TOKEN_KEY);
      socket?.close();
      socket = null;
      connect();
    },
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
      try {
        const res = await fetch(`${base}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Intake-Client': 'desk', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(request),
          // A command sent just before the page goes away (reload, tab closed) still reaches the host.
          keepalive: channel === 'call.send',
        });
        return (await res.json()) as ApiResult<ResponseOf<C>>;
      } catch {
        return { ok: false, error: { code: 'storage_failed', message: 'The desk cannot reach the intake service. Check it is running; answers already accepted are kept.' } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      connect();
      return () => listeners.delete(listener);
    },
  };
}
