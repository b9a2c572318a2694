import type { App } from '../../app';
import type { Handlers } from '../router';

/** Handlers for the channels in machines/contract/api/audit.ts. */
export function auditHandlers(_app: App): Handlers {
  return {};
}
