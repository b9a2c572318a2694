import type { ElectronLike, PrintableWindowLike } from '../electron/facade';
import { lockDownWindow, secureWebPreferences } from '../electron/security';

/**
 * The Electron path for the customer letter: the same HTML document (with its print CSS) loaded into a hidden,
 * sandboxed window and printed with Chromium's `printToPDF`, so the PDF is exactly what a browser prints.
 *
 * UNTESTED HERE: Electron's binary cannot be installed on these machines. The browser host uses the pdf-lib
 * rendering (letterPdf.ts), which the tests check. To use this in Electron, register it once at start-up:
 *
 *   evidenceFor(intake).usePdfRenderer((doc) => printLetterWithElectron(electron, doc.html, paths.preload));
 *
 * The letter document carries its own CSP (`default-src 'none'; style-src 'unsafe-inline'`): no scripts, no
 * network, so the preload's bridge is never reachable from it.
 */
export async function printLetterWithElectron(electron: Pick<ElectronLike, 'BrowserWindow'>, html: string, preload: string): Promise<Uint8Array> {
  const win = new electron.BrowserWindow({ width: 794, height: 1123, show: false, title: 'Customer letter', webPreferences: secureWebPreferences(preload) }) as PrintableWindowLike;
  lockDownWindow(win);
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    win.destroy();
  }
}
