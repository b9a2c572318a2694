import type { StartupAppLike } from './facade';

/**
 * Chromium draws the desk's date and time fields in the app's language. Set to British English, a desk on a machine
 * set to US English still shows 24/11/2026 and 09:30, never 11/24/2026 and 09:30 AM; the API and the store are
 * unaffected (they use ISO dates). Must run before Electron is ready.
 */
export const DESK_LOCALE = 'en-GB';

/**
 * Before `whenReady`: the UK locale, and one desk per signed-in machine user. A second launch (a double click on the
 * icon on a busy Monday) brings the open desk to the front instead of opening the same database a second time, with
 * its own copy of the calls in progress. Returns false when this process is the second one and is quitting.
 */
export function prepareElectronApp(app: StartupAppLike, focusOpenDesk: () => void): boolean {
  app.commandLine.appendSwitch('lang', DESK_LOCALE);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', focusOpenDesk);
  return true;
}
