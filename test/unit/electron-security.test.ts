import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, ELECTRON_CSP, IPC_CHANNEL, isTrustedSender, lockDownWindow, registerIpc, secureWebPreferences } from '../../main/electron/security';
import type { BrowserWindowLike, IpcMainInvokeEventLike } from '../../main/electron/facade';
import type { Router } from '../../main/api/router';

/** Electron cannot be installed here; these check our wiring of its security settings against a fake. */
describe('Electron hardening', () => {
  it('uses isolated, sandboxed renderers without Node', () => {
    expect(secureWebPreferences('/p.cjs')).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(ELECTRON_CSP).toContain("script-src 'self'");
    expect(ELECTRON_CSP).toContain("connect-src 'none'");
  });

  it('blocks navigation away from the desk, new windows and webviews', () => {
    const handlers: Record<string, (e: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    const win = {
      webContents: {
        id: 1,
        setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' | 'allow' }) => (openHandler = h),
        on: (ev: string, h: (e: { preventDefault(): void }, url?: string) => void) => (handlers[ev] = h),
        send: () => undefined,
        isDestroyed: () => false,
      },
    } as unknown as BrowserWindowLike;
    lockDownWindow(win);
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const prevented: string[] = [];
    const ev = (url: string) => ({ preventDefault: () => prevented.push(url) });
    handlers['will-navigate']!(ev('https://evil.example/'), 'https://evil.example/');
    handlers['will-navigate']!(ev(`${APP_ORIGIN}/index.html`), `${APP_ORIGIN}/index.html`);
    handlers['will-attach-webview']!(ev('webview'));
    expect(prevented).toEqual(['https://evil.example/', 'webview']);
  });

  it('answers IPC only from the desk frame and passes payloads to the validating router', async () => {
    let handler: ((e: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>) | null = null;
    const dispatched: unknown[] = [];
    const router = { dispatch: async (...args: unknown[]) => (dispatched.push(args), { ok: true, value: 'fine' }) } as unknown as Router;
    const logged: string[] = [];
    registerIpc({ handle: (ch, h) => (expect(ch).toBe(IPC_CHANNEL), (handler = h)) }, router, (_c, code) => logged.push(code));
    const fromDesk = await handler!({ senderFrame: { url: `${APP_ORIGIN}/index.html` }, sender: { id: 1 } }, { channel: 'call.list', request: {}, token: 't' });
    expect(fromDesk).toEqual({ ok: true, value: 'fine' });
    expect(dispatched[0]).toEqual(['call.list', {}, 't', 2]);
    const fromElsewhere = await handler!({ senderFrame: { url: 'https://evil.example/' }, sender: { id: 2 } }, { channel: 'call.list', request: {} });
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(isTrustedSender({ senderFrame: null, sender: { id: 3 } })).toBe(false);
    expect(logged).toEqual(['forbidden']);
    expect(dispatched).toHaveLength(1);
  });
});
