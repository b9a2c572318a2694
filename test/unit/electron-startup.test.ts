import { describe, expect, it } from 'vitest';
import { runElectronMain } from '../../main/electron/entry';
import type { ElectronLike, StartupAppLike } from '../../main/electron/facade';
import { DESK_LOCALE, prepareElectronApp } from '../../main/electron/startup';

/** Electron cannot be installed here: the start-up steps are checked against a fake app. */
function fakeApp(lockFree: boolean) {
  const calls: string[] = [];
  let secondInstance: (() => void) | null = null;
  const app: StartupAppLike = {
    commandLine: { appendSwitch: (name, value) => void calls.push(`switch ${name}=${value}`) },
    requestSingleInstanceLock: () => (calls.push('lock'), lockFree),
    on: (event, listener) => {
      calls.push(`on ${event}`);
      secondInstance = listener;
    },
    quit: () => void calls.push('quit'),
  };
  return { app, calls, launchAgain: () => secondInstance?.() };
}

describe('Electron start-up', () => {
  it('draws date and time fields in British English, whatever language the machine is set to', () => {
    const { app, calls } = fakeApp(true);
    expect(prepareElectronApp(app, () => {})).toBe(true);
    expect(DESK_LOCALE).toBe('en-GB');
    expect(calls[0]).toBe('switch lang=en-GB');
  });

  it('a second launch brings the open desk to the front instead of opening the database again', () => {
    const first = fakeApp(true);
    let focused = 0;
    expect(prepareElectronApp(first.app, () => focused++)).toBe(true);
    first.launchAgain();
    expect(focused).toBe(1);

    const second = fakeApp(false);
    expect(prepareElectronApp(second.app, () => {})).toBe(false);
    expect(second.calls).toEqual(['switch lang=en-GB', 'lock', 'quit']);
  });

  it('the second process quits before Electron is ready: no window, no database', async () => {
    const second = fakeApp(false);
    const touched: string[] = [];
    const electron = {
      app: {
        ...second.app,
        whenReady: async () => void touched.push('whenReady'),
        getPath: () => (touched.push('getPath'), '/nowhere'),
        isPackaged: false,
      },
      BrowserWindow: function () {
        touched.push('BrowserWindow');
      },
      ipcMain: { handle: () => touched.push('ipc') },
      protocol: { registerSchemesAsPrivileged: () => touched.push('scheme'), handle: () => touched.push('protocol') },
      session: { defaultSession: { setPermissionRequestHandler: () => touched.push('permissions') } },
    } as unknown as ElectronLike;
    await runElectronMain(electron, { renderer: '/nowhere', preload: '/nowhere.cjs' });
    expect(second.calls).toContain('quit');
    expect(touched).toEqual([]);
  });
});
