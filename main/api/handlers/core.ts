import { fail } from '../../../machines/contract/errors';
import type { App } from '../../app';
import { DEMO_NOTICE, DIRECTORY_ATTRIBUTION } from '../../directory/licence';
import type { Handlers } from '../router';

export function coreHandlers(app: App): Handlers {
  const canSee = (user: { userId: string; role: string }, fcoId: string) => user.role === 'teamLeader' || user.role === 'fa' || user.userId === fcoId;
  return {
    'session.signIn': async (req) => app.auth.signIn(req.username, req.password),
    'session.current': (_req, ctx) => ({ ok: true, value: ctx.user! }),
    'session.signOut': (_req, ctx) => {
      if (ctx.token) app.auth.signOut(ctx.token);
      return { ok: true, value: { signedOut: true } };
    },
    'call.start': (_req, ctx) => app.calls.startCall(ctx.user!.userId),
    'call.get': (req, ctx) => {
      const r = app.calls.get(req.callId);
      if (r.ok && !canSee(ctx.user!, r.value.record.fcoId)) return fail('forbidden', 'This call belongs to another FCO.');
      return r;
    },
    'call.send': (req, ctx) => {
      const owner = app.calls.ownerOf(req.callId);
      if (owner === null) return fail('unknown_call', `No call with id "${req.callId}".`);
      const user = ctx.user!;
      // FCOs work their own calls; team leaders only record corrections.
      if (user.role === 'fco' && owner !== user.userId) return fail('forbidden', 'This call belongs to another FCO.');
      if (user.role === 'teamLeader' && req.command.type !== 'claim.correct') return fail('forbidden', 'Team leaders can record corrections only; the FCO takes the call.');
      if (user.role === 'fco' && req.command.type === 'claim.correct') return fail('forbidden', 'Corrections to completed claims are made by a team leader.');
      return app.calls.send(req.callId, req.command, user.userId);
    },
    'script.get': (req) => {
      try {
        return { ok: true, value: app.scripts.byHashOrThrow(req.hash).pkg };
      } catch {
        return fail('invalid_payload', `No script package with hash "${req.hash}" is stored here.`, 'hash');
      }
    },
    'call.list': (req, ctx) => {
      const user = ctx.user!;
      const mine = req.mine || user.role === 'fco';
      return { ok: true, value: app.calls.store.list({ ...(mine ? { fcoId: user.userId } : {}), ...(req.status ? { status: req.status } : {}) }) };
    },
    'directory.searchOffices': (req) => ({ ok: true, value: app.directory.searchOffices(req.text, 20) }),
    'settings.get': () => ({ ok: true, value: app.settings.get() }),
    'settings.set': (req, ctx) => ({ ok: true, value: app.settings.set(req, ctx.user!.userId) }),
    'reference.notices': () => {
      const demoData = app.db.prepare("SELECT EXISTS (SELECT 1 FROM offices WHERE source = 'demo')").pluck().get() === 1;
      return { ok: true, value: { notices: demoData ? [DEMO_NOTICE, ...DIRECTORY_ATTRIBUTION] : [...DIRECTORY_ATTRIBUTION], demoData } };
    },
  };
}
