import type { SessionUser } from '../../../machines/contract/api';
import type { ClaimRecord } from '../../../machines/contract/claimRecord';
import { fail, type Result } from '../../../machines/contract/errors';
import type { App } from '../../app';
import { defaultsFor, isoDay, searchForCall } from '../../jobsearch/inCall';
import { popularTitles, suggestTitles } from '../../jobsearch/search';
import type { Handlers } from '../router';

const SUGGESTIONS = 8;

/** Handlers for the channels in machines/contract/api/jobs.ts. */
export function jobsHandlers(app: App): Handlers {
  /**
   * The FCO's own call, in progress, at a benefit whose job search is done on the call at this site. Everything a
   * search needs about the customer (home postcode, answers) comes from this record, never from the request.
   */
  const callForJobSearch = (callId: string, user: SessionUser): Result<ClaimRecord> => {
    const r = app.calls.get(callId);
    if (!r.ok) return r;
    const record = r.value.record;
    if (record.fcoId !== user.userId) return fail('forbidden', 'This call belongs to another FCO.');
    if (record.status === 'complete') return fail('call_complete', 'This call is complete; job searches are run during the call.');
    if (record.status === 'ended') return fail('call_ended', 'This call has ended; job searches are run during the call.');
    const js = record.jobSearch;
    if (js.switchedOff) return fail('policy_forbids', 'Job search on the call is switched off at this site; the Jobcentre will do it at the interview.');
    if (js.mode === null) return fail('not_allowed_in_phase', 'Establish which benefit the customer is claiming before searching for jobs.');
    if (js.mode === 'none') return fail('policy_forbids', `No job search is done for ${record.benefit?.name ?? 'this claim'}.`);
    return { ok: true, value: record };
  };

  return {
    'jobs.search': (req, ctx) => {
      const call = callForJobSearch(req.callId, ctx.user!);
      if (!call.ok) return call;
      return { ok: true, value: searchForCall(app.db, app.directory, call.value, req.query, isoDay(app.clock())) };
    },
    'jobs.suggest': (req) => {
      const text = req.text.trim();
      const suggestions = text === '' ? popularTitles(app.db, isoDay(app.clock()), SUGGESTIONS) : suggestTitles(app.db, text, SUGGESTIONS);
      return { ok: true, value: { suggestions } };
    },
    'jobs.defaults': (req, ctx) => {
      const call = callForJobSearch(req.callId, ctx.user!);
      if (!call.ok) return call;
      const pkg = app.scripts.byHashOrThrow(call.value.script.hash).pkg;
      return { ok: true, value: defaultsFor(pkg, call.value, app.directory) };
    },
  };
}
