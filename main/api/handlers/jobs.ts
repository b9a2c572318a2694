import type { App } from '../../app';
import type { Handlers } from '../router';

/** Handlers for the channels in machines/contract/api/jobs.ts. */
export function jobsHandlers(_app: App): Handlers {
  return {};
}
