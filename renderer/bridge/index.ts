import type { IntakeBridge } from '../../machines/contract/api';
import { createHttpBridge } from './httpBridge';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge. Absent in the browser host. */
    intake?: IntakeBridge & { setToken?(t: string | null): void };
  }
}

/** Electron's preload bridge when present, otherwise the browser host's HTTP bridge. The UI cannot tell which. */
export function getBridge(): IntakeBridge & { setToken(t: string | null): void } {
  if (window.intake) {
    const b = window.intake;
    return { invoke: b.invoke.bind(b), subscribe: b.subscribe.bind(b), setToken: (t) => b.setToken?.(t) };
  }
  return createHttpBridge();
}
