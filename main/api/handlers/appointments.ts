import type { App } from '../../app';
import type { Handlers } from '../router';

/** Handlers for the channels in machines/contract/api/appointments.ts. */
export function appointmentsHandlers(_app: App): Handlers {
  return {};
}
