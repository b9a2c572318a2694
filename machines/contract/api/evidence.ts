import { channel } from './define';

/** Channels of the evidence area. Each entry: `'evidence.name': channel<Response>()(zodRequest, roles)`. */
export const evidenceApi = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
