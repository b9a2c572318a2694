/**
 * Electron main process. Bundled to dist-electron/entry.cjs by `npm start` / `npm run dist` when Electron is
 * installed. Serves the built renderer from app://desk with a strict CSP and answers the desk over one checked
 * IPC channel backed by the same router as the browser host.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { createRouter } from '../api/router';
import { openApp } from '../app';
import { sweepAbandonedCalls } from '../calls/abandonedCalls';
import { evidenceFor } from '../evidence';
import { printLetterWithElectron } from '../letters/electronPdf';
import type { BrowserWindowLike, ElectronLike } from './facade';
import { prepareElectronApp } from './startup';
import { APP_ORIGIN, APP_SCHEME, ELECTRON_CSP, IPC_PUSH, lockDownWindow, registerIpc, secureWebPreferences } from './security';

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

export async function runElectronMain(electron: ElectronLike, paths: { renderer: string; preload: string; nativeBinding?: string }): Promise<void> {
  const { app, BrowserWindow, ipcMain, protocol, session } = electron;
  let win: BrowserWindowLike | null = null;
  const focusOpenDesk = () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  };
  if (!prepareElectronApp(app, focusOpenDesk)) return;
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  await app.whenReady();

  const intake = openApp({ dbFile: join(app.getPath('userData'), 'intake.db'), ...(paths.nativeBinding ? { nativeBinding: paths.nativeBinding } : {}) });
  const router = createRouter(intake);
  sweepAbandonedCalls(intake);
  // The customer letter's PDF comes from Chromium's own printer in Electron (same HTML and print CSS as the browser).
  evidenceFor(intake).usePdfRenderer((d) => printLetterWithElectron(electron, d.html, paths.preload));
  registerIpc(ipcMain, router, (channel, code, message) => intake.logRejection(channel, null, code, message));
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
    let file = join(paths.renderer, rel);
    if (!file.startsWith(paths.renderer) || !existsSync(file)) file = join(paths.renderer, 'index.html');
    return new Response(readFileSync(file), {
      headers: { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': ELECTRON_CSP },
    });
  });

  win = new BrowserWindow({ width: 1400, height: 900, show: false, title: 'Claim intake desk', webPreferences: secureWebPreferences(paths.preload) });
  lockDownWindow(win);
  intake.onNotify((topic, id) => {
    if (!win.webContents.isDestroyed()) win.webContents.send(IPC_PUSH, { topic, id });
  });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('window-all-closed', () => {
    intake.close();
    app.quit();
  });
}

// When bundled and launched by Electron: pick up the real module and the packaged paths.
if (typeof process !== 'undefined' && process.versions && 'electron' in process.versions) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const electron = require('electron') as ElectronLike;
  const here = __dirname;
  const native = join(here, '..', 'native', 'electron', 'better_sqlite3.node');
  void runElectronMain(electron, {
    renderer: join(here, '..', 'dist', 'renderer'),
    preload: join(here, 'preload.cjs'),
    ...(existsSync(native) ? { nativeBinding: native } : {}),
  });
}
