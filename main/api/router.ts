import { api, MAX_PAYLOAD_BYTES, type ApiResult, type Channel, type ParsedRequestOf, type ResponseOf, type SessionUser } from '../../machines/contract/api';
import { isForPerson } from '../../machines/contract/api/callId';
import { fail } from '../../machines/contract/errors';
import type { App } from '../app';
import { appointmentsHandlers } from './handlers/appointments';
import { auditHandlers } from './handlers/audit';
import { coreHandlers } from './handlers/core';
import { evidenceHandlers } from './handlers/evidence';
import { jobsHandlers } from './handlers/jobs';

export interface RequestContext {
  user: SessionUser | null;
  token: string | null;
}

export type Handler<C extends Channel> = (req: ParsedRequestOf<C>, ctx: RequestContext) => ApiResult<ResponseOf<C>> | Promise<ApiResult<ResponseOf<C>>>;
export type Handlers = { [C in Channel]?: Handler<C> };

/**
 * Both hosts call `dispatch`: Electron's IPC handler and the browser host's HTTP endpoint. It is the only place a
 * request is parsed, authenticated and authorised, so the two hosts cannot drift apart.
 */
export function createRouter(app: App, extra: Handlers[] = []) {
  const handlers: Handlers = Object.assign({}, coreHandlers(app), jobsHandlers(app), evidenceHandlers(app), appointmentsHandlers(app), auditHandlers(app), ...extra);

  async function dispatch(channelName: string, payload: unknown, token: string | null, payloadBytes = 0): Promise<ApiResult<unknown>> {
    const reject = (code: Parameters<typeof fail>[0], message: string, userId: string | null = null, field?: string) => {
      app.logRejection(channelName.slice(0, 80), userId, code, message);
      return fail(code, message, field);
    };
    if (!Object.hasOwn(api, channelName)) return reject('unknown_channel', `"${channelName.slice(0, 80)}" is not something the desk can ask for. Reload the desk; if it persists, tell support.`);
    if (payloadBytes > MAX_PAYLOAD_BYTES) return reject('invalid_payload', `The request is too large (${payloadBytes} bytes; the limit is ${MAX_PAYLOAD_BYTES}). Nothing was saved; shorten the text and try again.`);
    const ch = channelName as Channel;
    const spec = api[ch];
    const user = app.auth.userForToken(token);
    if (spec.roles !== 'public') {
      if (!user) return reject('unauthorised', 'Your session has ended. Sign in again; answers already accepted are kept.');
      if (!spec.roles.includes(user.role)) return reject('forbidden', `Your role (${user.role}) cannot use "${ch}".`, user.userId);
    }
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || '(request)';
      // A typed claim reference with a typing error: the message already says what to do.
      if (isForPerson(issue)) return reject('invalid_payload', issue!.message, user?.userId ?? null, where);
      return reject('invalid_payload', `The request was not understood (${where}: ${issue?.message ?? 'invalid'}). Nothing was saved; try again.`, user?.userId ?? null, where);
    }
    const handler = handlers[ch] as Handler<typeof ch> | undefined;
    if (!handler) return reject('unknown_channel', `"${ch}" is not available in this installation.`);
    try {
      const result = await handler(parsed.data as never, { user, token });
      if (!result.ok) app.logRejection(ch, user?.userId ?? null, result.error.code, result.error.message);
      return result;
    } catch (e) {
      // A bug, not a user error: keep the message for support, tell the user what to do.
      const message = e instanceof Error ? e.message : String(e);
      app.logRejection(ch, user?.userId ?? null, 'storage_failed', message);
      return fail('storage_failed', `Something went wrong saving this (${message}). Nothing was lost that was already accepted; try again.`);
    }
  }
  return { dispatch };
}
export type Router = ReturnType<typeof createRouter>;
