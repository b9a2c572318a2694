import type { z } from 'zod';

/**
 * One map from channel name to its request schema and response type is the single source of truth for the
 * bridge: the preload, the browser host client and the handlers are all derived from it. The receiving side
 * always parses the request with the schema.
 */
export interface ChannelSpec<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom: the response type. Responses come from our own code, so they are typed, not parsed. */
  response: Res;
  /** Roles allowed to call it; `public` needs no session (sign-in). */
  roles: readonly Role[] | 'public';
}

export type Role = 'fco' | 'fa' | 'teamLeader';
export const ROLES: readonly Role[] = ['fco', 'fa', 'teamLeader'];

/** `channel<ResponseType>()(requestSchema, roles)`: the request type is inferred from the schema. */
export function channel<Res>() {
  return <Req extends z.ZodType>(request: Req, roles: readonly Role[] | 'public'): ChannelSpec<Req, Res> => ({
    request,
    response: undefined as unknown as Res,
    roles,
  });
}

export type ApiMap = Record<string, ChannelSpec<z.ZodType, unknown>>;
