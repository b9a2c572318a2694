/**
 * The slice of Electron's API this app uses. Electron's package (and its types) cannot be installed on machines
 * without its binary, so the main process is written against this interface and receives the real module at
 * run time. It also lets the tests check the security wiring with a fake.
 */
export interface IpcMainInvokeEventLike {
  senderFrame: { url: string } | null;
  sender: { id: number };
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}
export interface WebContentsLike {
  id: number;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}
export interface BrowserWindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): void;
  show(): void;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}
export interface WebPreferencesLike {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: boolean;
}
/** What the start-up steps before `whenReady` use (main/electron/startup.ts). */
export interface StartupAppLike {
  commandLine: { appendSwitch(name: string, value?: string): void };
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): void;
  quit(): void;
}
export interface ElectronLike {
  app: StartupAppLike & {
    whenReady(): Promise<void>;
    on(event: 'window-all-closed' | 'web-contents-created' | 'second-instance', listener: (...args: never[]) => void): void;
    quit(): void;
    getPath(name: 'userData'): string;
    isPackaged: boolean;
  };
  BrowserWindow: new (options: { width: number; height: number; show: boolean; title: string; webPreferences: WebPreferencesLike }) => BrowserWindowLike;
  ipcMain: IpcMainLike;
  protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void;
    handle(scheme: string, handler: (request: { url: string }) => Promise<Response> | Response): void;
  };
  session: {
    defaultSession: {
      setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
    };
  };
}

/**
 * Printing a document to PDF (the customer letter, main/letters/electronPdf.ts). Kept apart from the window types
 * above so fakes of those need not implement it. Untested here: Electron is not installed on these machines.
 */
export interface PrintToPdfOptionsLike {
  pageSize?: 'A4' | 'Letter';
  printBackground?: boolean;
  preferCSSPageSize?: boolean;
  margins?: { marginType?: 'default' | 'none' | 'printableArea' };
}
export interface PrintableWindowLike extends BrowserWindowLike {
  webContents: WebContentsLike & { printToPDF(options: PrintToPdfOptionsLike): Promise<Uint8Array> };
  destroy(): void;
}
