import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsDefaults, JobsSearchResponse } from '../../machines/contract/api/jobs';
import type { CallCommand, Slot } from '../../machines/contract/callTypes';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import type { DeskState } from '../../machines/deskState';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { ensureDemoVacancies } from '../../main/jobsearch/demo';
import { distanceMiles } from '../../main/jobsearch/geo';
import { searchVacancies } from '../../main/jobsearch/search';
import { vacancyCount, vacancyWriter } from '../../main/jobsearch/store';
import demo from '../../scripts-content/demo/directory.json';
import { sampleAnswer } from '../helpers/answers';
import { jobseekerAnswers } from '../helpers/calls';

/**
 * Job search in the call, through the router as the desk calls it: a real SQLite file with the demo directory and
 * the demo vacancies (loaded by openApp), real sign-ins and roles. The customer's home is always the call's postcode.
 */

const HOME = demo.examples.exact; // QQ5 2AB, in Midvale with the QQ5 demo vacancies
const NORTH = 'QQ1 2AB'; // Northtown, ~140 miles away
const TODAY = '2026-11-23';

let dir: string;
let app: App;
let router: Router;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};

type R<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };
async function as<T = unknown>(who: string, channel: string, request: unknown): Promise<R<T>> {
  // A JSON round trip, as over HTTP or IPC.
  const body = JSON.stringify(request);
  const r = await router.dispatch(channel, JSON.parse(body), tokens[who] ?? null, Buffer.byteLength(body));
  return JSON.parse(JSON.stringify(r)) as R<T>;
}
function ok<T>(r: R<T>, what = 'request'): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const results = (r: JobsSearchResponse) => {
  if (r.status !== 'results') throw new Error(`refused: ${r.error.code} ${r.error.message}`);
  return r;
};
const refused = (r: JobsSearchResponse) => {
  if (r.status !== 'refused') throw new Error(`expected a refusal, got ${r.total} results`);
  return r.error;
};

const JSA = (postcode: string): Record<string, unknown> => ({
  fullName: 'Sam Seeker',
  postcode,
  ...jobseekerAnswers,
  jsaAspirations: 'Forklift licence one day; no car',
});

/**
 * A call taken by `who` through the router up to `stopAt` (the job search step by default), answering whatever is
 * asked (a valid sample where `answers` has nothing). Where the postcode gives no suggested office, a demo office is
 * chosen with a reason, as the FCO would.
 */
async function callAt(who: string, answers: Record<string, unknown>, stopAt: DeskState['phase'] = 'jobSearch'): Promise<ClaimRecord> {
  let s = ok(await as<DeskState>(who, 'call.start', {}), 'call.start');
  const callId = s.record.callId;
  for (let guard = 0; guard < 150; guard++) {
    if (s.phase === stopAt && !s.question) return s.record;
    const step = async (command: CallCommand) => (s = ok(await send(who, callId, command), `${s.phase}/${command.type}`));
    if (s.question) {
      const q = s.question;
      await step({ type: 'answer.submit', questionId: q.id, value: q.id in answers ? answers[q.id] : sampleAnswer(q.answer, q.id) });
      continue;
    }
    const rec = s.record;
    if (s.phase === 'markers' && !rec.markers.benefit.valid) await step({ type: 'marker.benefit.confirm', marker: rec.markers.benefit.derived! });
    else if (s.phase === 'markers') {
      const suggested = rec.markers.jobcentre.suggested?.code;
      await step({ type: 'office.confirm', officeCode: suggested ?? 'DEMO05', ...(suggested ? {} : { override: { reason: 'other', note: 'Postcode not found; customer named the office' } }) });
    } else if (s.phase === 'evidence') await step({ type: 'evidence.readOut', checklistKey: rec.evidence.checklistKey, itemsRead: rec.evidence.items.map((i) => i.id) });
    else throw new Error(`callAt: cannot pass ${s.phase} on the way to ${stopAt}`);
  }
  throw new Error(`callAt: did not reach ${stopAt}`);
}
const callAtJobSearch = async (who: string, answers: Record<string, unknown>) => (await callAt(who, answers)).callId;
const send = (who: string, callId: string, command: CallCommand) => as<DeskState>(who, 'call.send', { callId, command });
const search = async (who: string, callId: string, query: Record<string, unknown>) => ok(await as<JobsSearchResponse>(who, 'jobs.search', { callId, query }), 'jobs.search');
const stored = (callId: string): ClaimRecord => app.calls.storedRecord(callId)!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-jobs-'));
  let now = new Date(`${TODAY}T09:00:00.000Z`).getTime();
  app = openApp({ dbFile: join(dir, 'intake.db'), clock: () => new Date((now += 1000)) });
  router = createRouter(app);
  for (const [username, role, officeCode] of [
    ['ann', 'fco', null],
    ['bob', 'fco', null],
    ['fay', 'fa', 'DEMO05'],
    ['tim', 'teamLeader', null],
  ] as const) {
    const u = await app.auth.addUser({ username, displayName: username, role, password: 'correct horse battery', officeCode });
    users[username] = u.userId;
    tokens[username] = ok(await as<{ token: string }>('', 'session.signIn', { username, password: 'correct horse battery' })).token;
  }
});
afterAll(() => {
  app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo vacancies at open', () => {
  it('openApp loads the demo set into an empty store once; opening again adds nothing and is quick', () => {
    const n = vacancyCount(app.db);
    expect(n).toBeGreaterThan(30);
    const again = openApp({ dbFile: join(dir, 'intake.db'), clock: () => new Date(`${TODAY}T10:00:00Z`) });
    try {
      expect(vacancyCount(again.db)).toBe(n);
      const t = performance.now();
      expect(ensureDemoVacancies(again.db, TODAY)).toEqual({ titles: 0, vacancies: 0 });
      expect(performance.now() - t).toBeLessThan(50);
    } finally {
      again.close();
    }
  });
});

describe('jobs.defaults', () => {
  it("prefills the query from the call's answers and gives the preferences, with the home from the call's postcode", async () => {
    const id = await callAtJobSearch('ann', JSA(HOME));
    const d = ok(await as<JobsDefaults>('ann', 'jobs.defaults', { callId: id }));
    expect(d.from).toBe('answers');
    expect(d.query).toEqual({ text: 'warehouse operative', maxHours: 30, minHourlyPay: 11.5, maxDistanceMiles: 10 });
    expect(d.home).toEqual({ postcode: HOME, match: 'exact' });
    expect(d.preferences).toMatchObject({ jobGoal: 'warehouse operative', hoursPerWeek: 30, maxTravelMiles: 10, minHourlyPay: 11.5, aspirations: 'Forklift licence one day; no car', interestInWork: null });
    expect(d.notes).toEqual([]);
    expect(d.skipReason).toBe('');
  });

  it('a customer who can travel 0 miles gets no radius and a note; an unlocatable postcode gets no radius and a note', async () => {
    const zero = await callAtJobSearch('ann', { ...JSA(HOME), jsaMaxTravelMiles: 0, jsaMinHourlyPay: 0 });
    const d0 = ok(await as<JobsDefaults>('ann', 'jobs.defaults', { callId: zero }));
    expect(d0.query).toEqual({ text: 'warehouse operative', maxHours: 30 });
    expect(d0.notes.join(' ')).toMatch(/travel 0 miles.*at least 1 mile/);
    const lost = await callAtJobSearch('ann', JSA(demo.examples.unknown));
    const d1 = ok(await as<JobsDefaults>('ann', 'jobs.defaults', { callId: lost }));
    expect(d1.home).toBeNull();
    expect(d1.query.maxDistanceMiles).toBeUndefined();
    expect(d1.notes.join(' ')).toMatch(/could not be located/);
  });

  it('non-jobseekers: the interest-in-work answer with its label, and a skip reason prefilled from it', async () => {
    const id = await callAtJobSearch('ann', {
      fullName: 'Ivy Example',
      postcode: HOME,
      claimReason: 'illness',
      illnessPreventsWork: true,
      partnerDeclared: false,
      ibEmployed: false,
      ibHealthCondition: 'Back injury',
      ibComplexity: ['none'],
      interestInWork: 'yesLater',
    });
    const d = ok(await as<JobsDefaults>('ann', 'jobs.defaults', { callId: id }));
    expect(d.preferences).toMatchObject({ interestInWork: 'yesLater', interestInWorkLabel: 'Yes, later on', jobGoal: null });
    expect(d.skipReason).toMatch(/later on/);
    expect(d.query.text).toBe('');
  });
});

describe('jobs.search', () => {
  it("measures distance from the call's postcode: the same query finds different vacancies for a customer elsewhere", async () => {
    const midvale = await callAtJobSearch('ann', JSA(HOME));
    const north = await callAtJobSearch('ann', JSA(NORTH));
    const q = { text: 'warehouse', maxDistanceMiles: 10 };
    const m = results(await search('ann', midvale, q));
    const n = results(await search('ann', north, q));
    expect(m.home).toEqual({ postcode: HOME, match: 'exact' });
    expect(n.home).toEqual({ postcode: NORTH, match: 'exact' });
    expect(m.results.map((r) => r.vacancyId)).toEqual(expect.arrayContaining(['DEMO-V01', 'DEMO-V03']));
    expect(n.results.map((r) => r.vacancyId)).toEqual(['DEMO-V11']);
    // The distances are from the call's postcode as the directory locates it.
    const home = app.directory.locate(HOME)!.point;
    for (const r of m.results) {
      const v = app.db.prepare('SELECT lat, long FROM vacancies WHERE ref = ?').get(r.vacancyId) as { lat: number; long: number };
      expect(r.distanceMiles).toBeCloseTo(distanceMiles(home, v), 1);
      expect(r.distanceMiles!).toBeLessThanOrEqual(10);
    }
    // Same as the engine run with that home directly.
    const direct = searchVacancies(app.db, { ...q, limit: 25 }, { today: TODAY, homePoint: home });
    expect(direct.ok && direct.value.results.map((r) => r.vacancyId)).toEqual(m.results.map((r) => r.vacancyId));
  });

  it('refuses a home postcode or point from the desk: the request does not parse, and nothing is searched', async () => {
    const id = await callAtJobSearch('ann', JSA(HOME));
    for (const request of [
      { callId: id, query: { text: 'warehouse', maxDistanceMiles: 10, postcode: 'QQ1 2AB' } },
      { callId: id, query: { text: 'warehouse', maxDistanceMiles: 10, homePoint: { lat: 54.5, long: -1.5 } } },
      { callId: id, postcode: 'QQ1 2AB', query: { text: 'warehouse', maxDistanceMiles: 10 } },
    ]) {
      const r = await as('ann', 'jobs.search', request);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_payload');
    }
  });

  it("refuses another FCO's call, other roles, unknown calls, and calls where no job search is done on the call", async () => {
    const id = await callAtJobSearch('ann', JSA(HOME));
    for (const [who, channel, code] of [
      ['bob', 'jobs.search', 'forbidden'],
      ['bob', 'jobs.defaults', 'forbidden'],
      ['fay', 'jobs.search', 'forbidden'],
      ['tim', 'jobs.defaults', 'forbidden'],
      ['', 'jobs.search', 'unauthorised'],
    ] as const) {
      const r = await as(who, channel, channel === 'jobs.search' ? { callId: id, query: { text: 'warehouse' } } : { callId: id });
      expect(r.ok, `${who} ${channel}`).toBe(false);
      if (!r.ok) expect(r.error.code, `${who} ${channel}`).toBe(code);
    }
    const unknown = await as('ann', 'jobs.search', { callId: 'no-such-call', query: { text: 'warehouse' } });
    expect(!unknown.ok && unknown.error.code).toBe('unknown_call');

    // Housing Benefit / Council Tax only: no job search.
    const hb = await callAt('ann', { postcode: HOME, claimReason: 'housingCostsOnly', partnerDeclared: false }, 'appointments');
    expect(hb.jobSearch.mode).toBe('none');
    const none = await as('ann', 'jobs.search', { callId: hb.callId, query: { text: 'warehouse' } });
    expect(!none.ok && none.error.code).toBe('policy_forbids');

    // A completed call: searches belong to the call in progress.
    await send('ann', id, { type: 'jobsearch.record', query: { text: 'warehouse' }, resultCount: 0, submissions: [] });
    const s = ok(await send('ann', id, { type: 'call.end', reason: 'callerHungUp', note: '' }));
    expect(s.record.status).toBe('ended');
    const ended = await as('ann', 'jobs.search', { callId: id, query: { text: 'warehouse' } });
    expect(!ended.ok && ended.error.code).toBe('call_ended');
  });

  it('site switch off: the search is refused for calls started while it is off', async () => {
    ok(await as('tim', 'settings.set', { jobSearchOnCall: false }));
    try {
      const rec = await callAt('ann', JSA(HOME), 'appointments');
      expect(rec.jobSearch.switchedOff).toBe(true);
      const r = await as('ann', 'jobs.search', { callId: rec.callId, query: { text: 'warehouse' } });
      expect(!r.ok && r.error.code).toBe('policy_forbids');
    } finally {
      ok(await as('tim', 'settings.set', { jobSearchOnCall: true }));
    }
  });

  it("refuses impossible filters with the engine's typed error naming the field, and nothing reaches the claim", async () => {
    const id = await callAtJobSearch('ann', JSA(HOME));
    const cases: [Record<string, unknown>, string, string, RegExp][] = [
      [{ text: 'warehouse', minHourlyPay: -1 }, 'invalid_filter', 'minHourlyPay', /cannot be negative/],
      [{ text: 'warehouse', maxDistanceMiles: 0 }, 'invalid_filter', 'maxDistanceMiles', /at least 1 mile/],
      [{ text: 'warehouse', minHours: 30, maxHours: 10 }, 'invalid_filter', 'minHours', /back to front/],
      [{ text: 'warehouse', maxHours: 0 }, 'invalid_filter', 'maxHours', /finds nothing/],
      [{ text: 'warehouse', patterns: [] }, 'invalid_filter', 'patterns', /at least one working pattern/],
      [{ text: 'warehouse', socCode: '12' }, 'invalid_filter', 'socCode', /4-digit/],
      [{ text: 'warehouse', minHourlyPay: 25000 }, 'invalid_filter', 'minHourlyPay', /per hour/],
    ];
    for (const [query, code, field, message] of cases) {
      const e = refused(await search('ann', id, query));
      expect({ code: e.code, field: e.field }, JSON.stringify(query)).toEqual({ code, field });
      expect(e.message).toMatch(message);
    }
    // Not a number at all: refused by the contract before the engine.
    const nan = await as('ann', 'jobs.search', { callId: id, query: { text: 'warehouse', minHourlyPay: 'lots' } });
    expect(!nan.ok && nan.error).toMatchObject({ code: 'invalid_payload', field: 'query.minHourlyPay' });
    expect(stored(id).jobSearch.searches).toEqual([]);
  });

  it('a distance with no locatable home is refused as no_home_location; without a distance the search runs', async () => {
    const id = await callAtJobSearch('ann', JSA(demo.examples.unknown));
    const e = refused(await search('ann', id, { text: 'warehouse', maxDistanceMiles: 10 }));
    expect(e).toMatchObject({ code: 'no_home_location', field: 'maxDistanceMiles' });
    const r = results(await search('ann', id, { text: 'warehouse' }));
    expect(r.home).toBeNull();
    expect(r.total).toBeGreaterThan(3);
    expect(r.results.every((x) => x.distanceMiles === null)).toBe(true);
  });

  it('an unknown goal gets a helpful message and coding-index suggestions; an empty goal gets the commonest titles', async () => {
    const id = await callAtJobSearch('ann', JSA(HOME));
    const unknown = refused(await search('ann', id, { text: 'wearhouse opperative' }));
    expect(unknown.code).toBe('unknown_goal');
    expect(unknown.field).toBe('text');
    expect(unknown.message).toMatch(/Did the customer mean/);
    expect(unknown.suggestions.map((s) => s.title)).toContain('Warehouse operative');
    const empty = refused(await search('ann', id, { text: '  ' }));
    expect(empty.code).toBe('empty_goal');
    expect(empty.suggestions.length).toBeGreaterThan(3);
    expect(empty.suggestions[0]).toMatchObject({ soc2020: expect.stringMatching(/^\d{4}$/), title: expect.any(String) });
  });

  it('marks results the customer can be put forward for: title or occupation matches only, never description-only', async () => {
    const id = await callAtJobSearch('ann', JSA(HOME));
    const r = results(await search('ann', id, { text: 'forklift', maxDistanceMiles: 10 }));
    // V01 (a warehouse job) mentions a forklift licence in its description; no forklift driver job is near Midvale.
    const v01 = r.results.find((x) => x.vacancyId === 'DEMO-V01')!;
    expect(v01.matchedOn).toEqual(['description']);
    expect(v01.submittable).toBe(false);
    expect(v01.why.join(' ')).toMatch(/description mentions "forklift"/);
    const w = results(await search('ann', id, { text: 'warehouse operative', maxDistanceMiles: 10 }));
    expect(w.results.length).toBeGreaterThan(0);
    expect(w.results.every((x) => x.submittable && x.why.some((y) => /same occupation|title has/.test(y)))).toBe(true);
  });
});

describe('recording the search in the call', () => {
  it('the recorded query (hours band, patterns) and the submissions land in the claim record in SQLite and in the hand-off', async () => {
    const id = await callAtJobSearch('ann', JSA(HOME));
    const d = ok(await as<JobsDefaults>('ann', 'jobs.defaults', { callId: id }));
    // The FCO widens the hours with the customer (16–40) and leaves out shifts.
    const query = { ...d.query, minHours: 16, maxHours: 40, patterns: ['full-time', 'part-time'] };
    const r = results(await search('ann', id, query));
    expect(r.results.map((x) => x.vacancyId)).toEqual(['DEMO-V01', 'DEMO-V04', 'DEMO-V02']);
    expect(r.recorded).toEqual({ text: 'warehouse operative', maxDistanceMiles: 10, minHourlyPay: 11.5, hoursPerWeek: 40, minHours: 16, maxHours: 40, patterns: ['full-time', 'part-time'] });
    const pick = r.results[0]!;
    const after = ok(
      await send('ann', id, {
        type: 'jobsearch.record',
        query: r.recorded,
        resultCount: r.total,
        submissions: [{ vacancyId: pick.vacancyId, title: pick.title, employer: pick.employer }],
      }),
    );
    expect(after.phase).toBe('jobSearch');
    const rec = stored(id);
    expect(rec.jobSearch.searches).toEqual([{ query: r.recorded, resultCount: 3, at: expect.any(String) }]);
    expect(rec.jobSearch.submissions).toEqual([{ vacancyId: 'DEMO-V01', title: 'Warehouse operative', employer: 'Canalside Logistics (demo)', at: expect.any(String) }]);

    // The next search starts from the recorded one; the vacancy already submitted cannot be submitted twice.
    const again = ok(await as<JobsDefaults>('ann', 'jobs.defaults', { callId: id }));
    expect(again).toMatchObject({ from: 'lastSearch', query: { text: 'warehouse operative', minHours: 16, maxHours: 40, patterns: ['full-time', 'part-time'], maxDistanceMiles: 10, minHourlyPay: 11.5 } });
    const twice = await send('ann', id, { type: 'jobsearch.record', query: r.recorded, resultCount: r.total, submissions: [{ vacancyId: pick.vacancyId, title: pick.title, employer: pick.employer }] });
    expect(!twice.ok && twice.error).toMatchObject({ code: 'policy_forbids', field: 'submissions' });
    expect(!twice.ok && twice.error.message).toMatch(/already put forward/);

    ok(await send('ann', id, { type: 'jobsearch.finish' }));
    // Complete the call: the Personal Adviser's hand-off carries the searches and the submission.
    let s = ok(await as<DeskState>('ann', 'call.get', { callId: id }));
    for (let guard = 0; guard < 30 && s.record.status === 'in_progress'; guard++) {
      if (s.question) {
        s = ok(await send('ann', id, { type: 'answer.submit', questionId: s.question.id, value: true }), s.question.id);
        continue;
      }
      const free = ok(await as<{ suggestion: { fa: { slot: Slot }; wfi: { slot: Slot } } | null }>('ann', 'appointments.freeSlots', { callId: id }));
      s = ok(await send('ann', id, { type: 'appointment.book', fa: free.suggestion!.fa.slot, wfi: free.suggestion!.wfi.slot }), 'book');
    }
    expect(s.record.status).toBe('complete');
    const handoff = ok(await as<{ record: { jobSearch: { mode: string; searches: { query: unknown; resultCount: number }[]; submissions: { vacancyId: string }[]; skippedReason: string | null } } }>('ann', 'appointments.handoff.get', { callId: id }));
    // The adviser gets the whole query (filters included) so the search can be re-run.
    expect(handoff.record.jobSearch.searches).toEqual([expect.objectContaining({ query: r.recorded, resultCount: 3 })]);
    expect(handoff.record.jobSearch.mode).toBe('required');
    expect(handoff.record.jobSearch.submissions).toEqual([expect.objectContaining({ vacancyId: 'DEMO-V01' })]);
  });

  it('refuses submissions that are not real matches (indexed or not), are closed, or misname the vacancy; nothing is recorded', async () => {
    const id = await callAtJobSearch('ann', JSA(HOME));
    // A vacancy whose description has the goal's words but whose title and occupation do not.
    vacancyWriter(app.db, 'test', `${TODAY}T00:00:00Z`).put({
      ref: 'T-DESC-1',
      title: 'Office administrator',
      employer: 'Midvale Paper (test)',
      description: 'Some warehouse operative cover when the stores team is short.',
      soc2020: '4159',
      hoursPerWeek: 30,
      pattern: 'part-time',
      payMin: 12.5,
      payMax: 12.5,
      payPeriod: 'hour',
      postcode: 'QQ5 2AB',
      point: app.directory.locate(HOME)!.point,
      closingDate: '2026-12-31',
    });
    const q = { text: 'warehouse operative', maxDistanceMiles: 10 };
    const r = results(await search('ann', id, q));
    const desc = r.results.find((x) => x.vacancyId === 'T-DESC-1');
    expect(desc?.submittable).toBe(false);
    const sub = (vacancyId: string, title: string, employer: string) => ({ type: 'jobsearch.record' as const, query: r.recorded, resultCount: r.total, submissions: [{ vacancyId, title, employer }] });
    const cases: [ReturnType<typeof sub>, RegExp][] = [
      [sub('T-DESC-1', 'Office administrator', 'Midvale Paper (test)'), /not a match for "warehouse operative" by job title or occupation/],
      [sub('DEMO-V09', 'Kitchen porter', 'The Canal Kitchen (demo)'), /closed on/],
      // A reference the index does not hold (another job system): its title must be a match.
      [sub('EXT-1001', 'Hairdresser', 'Cut Above (elsewhere)'), /Hairdresser at Cut Above \(elsewhere\) \(EXT-1001\) is not a match/],
      [sub('DEMO-V01', 'Warehouse manager', 'Canalside Logistics (demo)'), /not the vacancy's/],
    ];
    for (const [command, message] of cases) {
      const res = await send('ann', id, command);
      expect(res.ok, command.submissions[0]!.vacancyId).toBe(false);
      if (!res.ok) {
        expect(res.error).toMatchObject({ code: 'policy_forbids', field: 'submissions' });
        expect(res.error.message).toMatch(message);
      }
    }
    expect(stored(id).jobSearch).toMatchObject({ searches: [], submissions: [] });
    // The same search recorded with real matches is accepted: one from the results, and one from another job system
    // whose title is a coding-index title of the goal's occupation.
    const v01 = r.results.find((x) => x.vacancyId === 'DEMO-V01')!;
    ok(
      await send('ann', id, {
        ...sub(v01.vacancyId, v01.title, v01.employer),
        submissions: [
          { vacancyId: v01.vacancyId, title: v01.title, employer: v01.employer },
          { vacancyId: 'EXT-2002', title: 'Order picker', employer: 'Elsewhere Ltd' },
        ],
      }),
    );
    expect(stored(id).jobSearch.submissions.map((s) => s.vacancyId)).toEqual(['DEMO-V01', 'EXT-2002']);
  });
});

describe('jobs.suggest', () => {
  it('offers coding-index titles for what was typed, and the commonest open occupations for nothing', async () => {
    const typed = ok(await as<{ suggestions: { title: string }[] }>('ann', 'jobs.suggest', { text: 'wareh' }));
    expect(typed.suggestions.map((s) => s.title)).toContain('Warehouse operative');
    const blank = ok(await as<{ suggestions: { title: string; soc2020: string }[] }>('ann', 'jobs.suggest', { text: '' }));
    expect(blank.suggestions.length).toBeGreaterThan(3);
    expect(!(await as('fay', 'jobs.suggest', { text: 'ware' })).ok).toBe(true);
  });
});
