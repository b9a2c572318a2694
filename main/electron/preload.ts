/**
 * Preload (sandboxed): exposes `window.intake` through contextBridge. It holds the session token and forwards
 * calls to the main process over one IPC channel; the renderer never sees ipcRenderer itself.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
    removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  };
};

let token: string | null = null;

contextBridge.exposeInMainWorld('intake', {
  invoke: (channel: string, request: unknown) => ipcRenderer.invoke('intake:invoke', { channel, request, token }),
  setToken: (t: string | null) => {
    token = t;
  },
  subscribe: (listener: (n: { topic: string; id: string }) => void) => {
    const wrapped = (_e: unknown, payload: unknown) => listener(payload as { topic: string; id: string });
    ipcRenderer.on('intake:push', wrapped);
    return () => ipcRenderer.removeListener('intake:push', wrapped);
  },
});
