import type { App } from '../../app';
import type { Handlers } from '../router';

/** Handlers for the channels in machines/contract/api/evidence.ts. */
export function evidenceHandlers(_app: App): Handlers {
  return {};
}
