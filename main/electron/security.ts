import type { BrowserWindowLike, IpcMainInvokeEventLike, IpcMainLike, WebPreferencesLike } from './facade';
import type { Router } from '../api/router';
import { fail } from '../../machines/contract/errors';

/** The desk is served from this origin inside Electron; nothing else may load or call the API. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://desk`;
export const IPC_CHANNEL = 'intake:invoke';
export const IPC_PUSH = 'intake:push';

export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preload: string): WebPreferencesLike {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: true,
  };
}

/** No navigation away from the desk, no new windows, no webviews. */
export function lockDownWindow(win: BrowserWindowLike): void {
  const wc = win.webContents;
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
}

export function isTrustedSender(event: IpcMainInvokeEventLike): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * The only IPC handler: checks the sender frame, then hands the untrusted payload to the same router the browser
 * host uses (zod parsing, session, roles).
 */
export function registerIpc(ipcMain: IpcMainLike, router: Router, logRejection: (channel: string, code: string, message: string) => void): void {
  ipcMain.handle(IPC_CHANNEL, async (event, raw) => {
    if (!isTrustedSender(event)) {
      const message = `Refused a request from an unexpected sender (${event.senderFrame?.url ?? 'unknown frame'}).`;
      logRejection('(ipc)', 'forbidden', message);
      return fail('forbidden', message);
    }
    const msg = (typeof raw === 'object' && raw !== null ? raw : {}) as { channel?: unknown; request?: unknown; token?: unknown };
    const bytes = JSON.stringify(msg.request ?? null)?.length ?? 0;
    return router.dispatch(String(msg.channel ?? ''), msg.request, typeof msg.token === 'string' ? msg.token : null, bytes);
  });
}
