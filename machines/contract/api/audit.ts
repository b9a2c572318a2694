import { channel } from './define';

/** Channels of the audit area. Each entry: `'audit.name': channel<Response>()(zodRequest, roles)`. */
export const auditApi = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
