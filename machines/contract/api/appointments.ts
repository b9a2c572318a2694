import { channel } from './define';

/** Channels of the appointments area. Each entry: `'appointments.name': channel<Response>()(zodRequest, roles)`. */
export const appointmentsApi = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
