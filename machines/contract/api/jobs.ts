import { channel } from './define';

/** Channels of the jobs area. Each entry: `'jobs.name': channel<Response>()(zodRequest, roles)`. */
export const jobsApi = {} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
