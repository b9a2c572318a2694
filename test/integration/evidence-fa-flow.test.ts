import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceFigures, FaClaimView, FaQueue, FeedbackEntry, LetterDocument } from '../../machines/contract/api/evidence';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import type { DeskState } from '../../machines/deskState';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { evidenceFor } from '../../main/evidence';
import { extractPdfText } from '../../main/letters/pdfText';
import { driveClaim, plans, type ClaimPlan } from './evidence-helpers';

/**
 * The FA flow through the router (the same dispatch both hosts use): claims completed by two FCOs land in the queue
 * of their confirmed Jobcentre only, ordered by appointment time; the FA marks evidence, records the check and
 * returns the feedback proforma; the figures show it against the FCO. Bad input is refused and changes nothing.
 */
let dir: string;
let app: App;
let router: Router;
const clock = { now: new Date('2026-11-23T09:00:00.000Z') };
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const claims: Record<string, ClaimRecord> = {};
const PW = 'correct horse battery';

type Res<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };
async function as<T>(who: string, channel: string, payload: unknown): Promise<Res<T>> {
  clock.now = new Date(clock.now.getTime() + 1000);
  return (await router.dispatch(channel, payload, tokens[who] ?? null)) as Res<T>;
}
async function ok<T>(who: string, channel: string, payload: unknown): Promise<T> {
  const r = await as<T>(who, channel, payload);
  if (!r.ok) throw new Error(`${who} ${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const complete = (fco: string, plan: ClaimPlan) =>
  driveClaim(
    () => as<DeskState>(fco, 'call.start', {}),
    (callId, command) => as<DeskState>(fco, 'call.send', { callId, command }),
    plan,
  );
/** Moves the clock (sessions last 12 hours, so everyone signs in again). */
async function setClock(iso: string): Promise<void> {
  clock.now = new Date(iso);
  for (const u of Object.keys(ids)) tokens[u] = (await ok<{ token: string }>('', 'session.signIn', { username: u, password: PW })).token;
}
const count = (table: string) => (app.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-fa-'));
  let n = 0;
  app = openApp({ dbFile: join(dir, 'fa.db'), clock: () => clock.now, newId: () => `id-${String(++n).padStart(4, '0')}` });
  router = createRouter(app);
  const users = [
    { username: 'ann', displayName: 'Ann FCO', role: 'fco' as const },
    { username: 'ben', displayName: 'Ben FCO', role: 'fco' as const },
    { username: 'fnorth', displayName: 'Nora FA', role: 'fa' as const, officeCode: 'DEMO01' },
    { username: 'fsouth', displayName: 'Sol FA', role: 'fa' as const, officeCode: 'DEMO02' },
    { username: 'tl', displayName: 'Tess TL', role: 'teamLeader' as const },
  ];
  for (const u of users) {
    ids[u.username] = (await app.auth.addUser({ ...u, password: PW })).userId;
    tokens[u.username] = (await ok<{ token: string }>('', 'session.signIn', { username: u.username, password: PW })).token;
  }

  // Ann: IB at North (due window: evidence due claim date + 27 days). Ben: JSA at North, FA meeting booked Wed 10:00.
  claims.ibNorth = await complete('ann', plans.ibEmployed('QQ1 2AB', 'Alex North'));
  claims.jsaNorth = await complete('ben', plans.jsa('QQ1 2AB', '2026-11-25T10:00:00Z', '2026-11-25T10:30:00Z', 'Sam North'));
  // Ann: a carer claim at South; an IB claim at North taken a day later (its evidence is due a day later).
  claims.carerSouth = await complete('ann', plans.carer('QQ2 2AB', '2026-11-26T11:00:00Z', '2026-11-26T11:30:00Z', 'Chris South'));
  await setClock('2026-11-24T09:00:00.000Z');
  claims.ib2North = await complete('ben', plans.ibEmployed('QQ1 2AB', 'Bea North'));
  // Still on the phone: never in a queue.
  claims.openNorth = await driveClaim(
    () => as<DeskState>('ann', 'call.start', {}),
    (callId, command) => as<DeskState>('ann', 'call.send', { callId, command }),
    { ...plans.ibEmployed('QQ1 2AB', 'Ivy Inprogress'), stopAt: 'evidence' },
  );
});

afterAll(() => {
  app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('FA queue', () => {
  it('holds the completed claims of the assessor\'s Jobcentre only, ordered by appointment time', async () => {
    for (const k of ['ibNorth', 'jsaNorth', 'carerSouth', 'ib2North']) expect(claims[k]!.status, k).toBe('complete');
    expect(claims.openNorth!.status).toBe('in_progress');

    const north = await ok<FaQueue>('fnorth', 'evidence.queue', {});
    expect(north.officeCode).toBe('DEMO01');
    expect(north.officeName).toBe('Northtown Jobcentre (demo)');
    expect(north.rows.map((r) => r.customerName)).toEqual(['Sam North', 'Alex North', 'Bea North']);
    // Day 28 of both IB claims (23 and 24 Nov) is on or after Sun 20 Dec: due dates are working days, so both are due Mon 21 Dec.
    expect(north.rows.map((r) => r.sortAt)).toEqual(['2026-11-25T10:00:00.000Z', '2026-12-21T00:00:00.000Z', '2026-12-21T00:00:00.000Z']);
    expect(north.rows[0]).toMatchObject({ appointmentKind: 'booked', faStart: '2026-11-25T10:00:00.000Z', evidenceDue: null, benefitName: "Jobseeker's Allowance", fcoName: 'Ben FCO', state: 'awaiting' });
    expect(north.rows[1]).toMatchObject({ appointmentKind: 'dueWindow', evidenceDue: '2026-12-21', fcoName: 'Ann FCO', items: claims.ibNorth!.evidence.items.length });
    expect(north).toMatchObject({ total: 3, open: 3, nextCursor: null });

    const south = await ok<FaQueue>('fsouth', 'evidence.queue', {});
    expect(south.rows.map((r) => r.callId)).toEqual([claims.carerSouth!.callId]);
  });

  it('pages with a cursor', async () => {
    const p1 = await ok<FaQueue>('fnorth', 'evidence.queue', { limit: 2 });
    expect(p1.rows).toHaveLength(2);
    const p2 = await ok<FaQueue>('fnorth', 'evidence.queue', { limit: 2, after: p1.nextCursor });
    expect(p2.rows.map((r) => r.customerName)).toEqual(['Bea North']);
    expect(p2.nextCursor).toBeNull();
    expect((await as('fnorth', 'evidence.queue', { after: 'garbage' })).ok || 'refused').toBe('refused');
  });

  it('enters the queue in the same transaction as the completing event: a refused completion queues nothing', async () => {
    let refuse = true;
    app.calls.addAppendHook(({ record, previous }) =>
      refuse && record.status === 'complete' && previous.status !== 'complete' ? { code: 'invalid_booking', message: 'test: diary refused the slot' } : null,
    );
    const before = count('fa_queue');
    const stuck = await driveClaim(
      () => as<DeskState>('ann', 'call.start', {}),
      (callId, command) => as<DeskState>('ann', 'call.send', { callId, command }),
      { ...plans.ibEmployed('QQ1 2AB', 'Rita Refused'), stopAt: 'wrapUp' },
    );
    // Answer the wrap-up questions: the last one completes the claim, which the extra hook refuses.
    let last: Res<DeskState> | null = null;
    for (const q of ['readBack', 'closing']) last = await as<DeskState>('ann', 'call.send', { callId: stuck.callId, command: { type: 'answer.submit', questionId: q, value: true } });
    expect(last!.ok || last!.error.code).toBe('invalid_booking');
    expect(count('fa_queue')).toBe(before);
    expect(app.db.prepare('SELECT status FROM calls WHERE call_id = ?').pluck().get(stuck.callId)).toBe('in_progress');
    refuse = false;
    await ok('ann', 'call.send', { callId: stuck.callId, command: { type: 'answer.submit', questionId: 'closing', value: true } });
    expect(count('fa_queue')).toBe(before + 1);
    claims.refusedOnce = app.calls.record(stuck.callId)!;
    expect(claims.refusedOnce.status).toBe('complete');
  });
});

describe('bad input', () => {
  it('an FA cannot see or change a claim of another Jobcentre, and nothing is written', async () => {
    const south = claims.carerSouth!.callId;
    const marks = count('fa_item_marks');
    for (const [channel, payload] of [
      ['evidence.claim', { callId: south }],
      ['evidence.markItem', { callId: south, itemId: 'proofOfIdentity', status: 'seen' }],
      ['evidence.recordCheck', { callId: south, outcome: 'didNotAttend' }],
      ['evidence.submitFeedback', { callId: south, claimForm: 'none' }],
      ['evidence.letter', { callId: south }],
    ] as const) {
      const r = await as('fnorth', channel, payload);
      expect(r.ok || r.error.code, channel).toBe('forbidden');
      if (!r.ok) expect(r.error.message).toMatch(/another Jobcentre/);
    }
    expect(count('fa_item_marks')).toBe(marks);
    expect(count('fa_checks') + count('fa_feedback')).toBe(0);
    const figs = await as('fnorth', 'evidence.figures', { officeCode: 'DEMO02' });
    expect(figs.ok || figs.error.code).toBe('forbidden');
  });

  it('an FCO cannot open the FA workspace (role check, typed error)', async () => {
    for (const channel of ['evidence.queue', 'evidence.claim', 'evidence.markItem', 'evidence.recordCheck', 'evidence.submitFeedback', 'evidence.figures']) {
      const r = await as('ann', channel, { callId: claims.ibNorth!.callId });
      expect(r.ok || r.error.code, channel).toBe('forbidden');
      if (!r.ok) expect(r.error.message).toContain('Your role (fco) cannot use');
    }
  });

  it('feedback on an unknown or unfinished claim is refused', async () => {
    // Not 11 letters and digits, so not read as a mistyped claim reference (that is refused as a typing error).
    const unknown = await as('fnorth', 'evidence.submitFeedback', { callId: 'no-such-call', claimForm: 'none' });
    expect(unknown.ok || unknown.error).toMatchObject({ code: 'unknown_call' });
    const open = await as('fnorth', 'evidence.submitFeedback', { callId: claims.openNorth!.callId, claimForm: 'none' });
    expect(open.ok || open.error).toMatchObject({ code: 'unknown_call', message: expect.stringMatching(/still being taken/) });
    expect(count('fa_feedback')).toBe(0);
  });

  it('refuses malformed payloads naming the field', async () => {
    const id = claims.ibNorth!.callId;
    const cases: [string, unknown, string][] = [
      ['evidence.markItem', { callId: id, itemId: 'ssp1', status: 'lost' }, 'status'],
      ['evidence.markItem', { callId: id, itemId: 'Not An Id', status: 'seen' }, 'itemId'],
      ['evidence.markItem', { callId: id, itemId: 'unicornCertificate', status: 'seen' }, 'itemId'],
      ['evidence.submitFeedback', { callId: id, claimForm: 'lost' }, 'claimForm'],
      ['evidence.submitFeedback', { callId: id, claimForm: 'none', evidenceMissing: ['unicornCertificate'] }, 'evidenceMissing'],
      ['evidence.submitFeedback', { callId: id, claimForm: 'incorrect' }, 'claimFormNote'],
      ['evidence.queue', { limit: 100000 }, 'limit'],
      ['evidence.figures', { from: '23/11/2026' }, 'from'],
    ];
    for (const [channel, payload, field] of cases) {
      const r = await as('fnorth', channel, payload);
      expect(r.ok, `${channel} ${JSON.stringify(payload)}`).toBe(false);
      if (!r.ok) expect(r.error.field, channel).toBe(field);
    }
    expect(count('fa_item_marks') + count('fa_feedback')).toBe(0);
  });
});

describe('the claim check and the feedback proforma', () => {
  it('shows the hand-off summary from the claim record and the checklist the customer heard', async () => {
    const v = await ok<FaClaimView>('fnorth', 'evidence.claim', { callId: claims.ibNorth!.callId });
    expect(v.summary).toMatchObject({
      reference: claims.ibNorth!.callId,
      claimDate: '2026-11-23',
      benefit: { id: 'incapacityBenefit', name: 'Incapacity Benefit' },
      fco: { id: ids.ann, name: 'Ann FCO' },
      markers: { benefit: { confirmed: 'incapacitated/disabled', overridden: false }, jobcentre: { code: 'DEMO01', name: 'Northtown Jobcentre (demo)', overridden: false } },
      customer: { name: 'Alex North', postcode: 'QQ1 2AB' },
    });
    // Day 91 is a Sunday: the FA reads the last day the Jobcentre can hold it, as the customer was told.
    expect(v.summary.appointment).toMatch(/WFI due between Monday 18 January 2027 and Friday 19 February 2027/);
    expect(v.summary.circumstances).toEqual(
      expect.arrayContaining([
        { label: expect.stringMatching(/still employed/), value: 'Yes', sensitive: false },
        { label: expect.stringMatching(/illness or disability/), value: 'Back injury', sensitive: true },
      ]),
    );
    expect(v.items.map((i) => i.id)).toEqual(claims.ibNorth!.evidence.items.map((i) => i.id));
    expect(v.items[0]).toMatchObject({ id: 'ssp1', oftenForgotten: true, onChecklist: true, status: null, due: '2026-12-21' });
    expect(v.items[0]!.acceptedForms).toEqual(['Form SSP1, filled in and signed by your employer']);
    expect(v.state).toBe('awaiting');
  });

  it('needs every item marked before an outcome, and an outcome that matches the marks', async () => {
    const callId = claims.ibNorth!.callId;
    const early = await as('fnorth', 'evidence.recordCheck', { callId, outcome: 'ready' });
    expect(early.ok || early.error).toMatchObject({ code: 'out_of_order', field: 'items' });

    for (const item of claims.ibNorth!.evidence.items)
      await ok('fnorth', 'evidence.markItem', { callId, itemId: item.id, status: item.id === 'ssp1' ? 'requested' : 'seen', note: item.id === 'ssp1' ? 'Left at home' : '' });
    // Something the checklist did not ask for: a gap in the rules, recorded against the claim.
    const v = await ok<FaClaimView>('fnorth', 'evidence.markItem', { callId, itemId: 'p45', status: 'requested' });
    expect(v.items.find((i) => i.id === 'p45')).toMatchObject({ onChecklist: false, status: 'requested', due: null });
    expect(v.otherCatalogueItems.map((i) => i.id)).not.toContain('p45');

    const ready = await as('fnorth', 'evidence.recordCheck', { callId, outcome: 'ready' });
    expect(ready.ok || ready.error).toMatchObject({ code: 'invalid_answer', field: 'outcome', message: expect.stringMatching(/Form SSP1/) });
    const checked = await ok<FaClaimView>('fnorth', 'evidence.recordCheck', { callId, outcome: 'evidenceRequested', note: 'SSP1 and P45 by post' });
    expect(checked.state).toBe('evidenceRequested');
    expect(checked.checks).toEqual([expect.objectContaining({ outcome: 'evidenceRequested', evidenceRequested: true, by: ids.fnorth })]);

    // JSA: everything seen, ready; it leaves the open queue.
    const jsa = claims.jsaNorth!.callId;
    const none = await as('fnorth', 'evidence.recordCheck', { callId: jsa, outcome: 'evidenceRequested' });
    expect(none.ok).toBe(false);
    for (const item of claims.jsaNorth!.evidence.items) await ok('fnorth', 'evidence.markItem', { callId: jsa, itemId: item.id, status: 'seen' });
    const nothingRequested = await as('fnorth', 'evidence.recordCheck', { callId: jsa, outcome: 'evidenceRequested' });
    expect(nothingRequested.ok || nothingRequested.error.field).toBe('outcome');
    expect((await ok<FaClaimView>('fnorth', 'evidence.recordCheck', { callId: jsa, outcome: 'ready' })).state).toBe('ready');
    // Bea did not come: not a meeting, stays open.
    await ok('fnorth', 'evidence.recordCheck', { callId: claims.ib2North!.callId, outcome: 'didNotAttend' });

    const q = await ok<FaQueue>('fnorth', 'evidence.queue', {});
    expect(q.rows.map((r) => r.customerName)).toEqual(['Alex North', 'Bea North', 'Rita Refused']);
    expect(q.rows[0]).toMatchObject({ state: 'evidenceRequested', seen: claims.ibNorth!.evidence.items.length - 1, requested: 2 });
    expect(q).toMatchObject({ total: 4, open: 3 });
    expect((await ok<FaQueue>('fnorth', 'evidence.queue', { scope: 'all' })).rows[0]!.customerName).toBe('Sam North');
  });

  it('later evidence closes the claim without rewriting the meeting (append-only history)', async () => {
    const callId = claims.ibNorth!.callId;
    await setClock('2026-12-01T09:00:00.000Z');
    await ok('fnorth', 'evidence.markItem', { callId, itemId: 'ssp1', status: 'seen', note: 'Arrived by post' });
    await ok('fnorth', 'evidence.markItem', { callId, itemId: 'p45', status: 'seen' });
    const v = await ok<FaClaimView>('fnorth', 'evidence.recordCheck', { callId, outcome: 'ready' });
    expect(v.state).toBe('ready');
    expect(v.checks.map((c) => c.outcome)).toEqual(['evidenceRequested', 'ready']);
    expect(app.db.prepare('SELECT count(*) FROM fa_item_marks WHERE call_id = ?').pluck().get(callId)).toBe(claims.ibNorth!.evidence.items.length + 3);
    expect(() => app.db.prepare('UPDATE fa_checks SET outcome = ?').run('ready')).toThrow(/append-only/);
    expect(() => app.db.prepare('DELETE FROM fa_item_marks').run()).toThrow(/append-only/);
  });

  it('returns the feedback proforma linked to the originating call and FCO', async () => {
    const ib = await ok<FaClaimView>('fnorth', 'evidence.submitFeedback', {
      callId: claims.ibNorth!.callId,
      claimForm: 'none',
      evidenceMissing: ['ssp1', 'p45'],
      evidenceNote: 'Customer had not been told to ask the employer for the SSP1',
      wishedKnown: 'That he left work three weeks before the claim',
    });
    expect(ib.feedback).toMatchObject({ callId: claims.ibNorth!.callId, fcoId: ids.ann, officeCode: 'DEMO01', by: ids.fnorth, byName: 'Nora FA', evidenceMissing: ['ssp1', 'p45'] });
    await ok('fnorth', 'evidence.submitFeedback', { callId: claims.jsaNorth!.callId, claimForm: 'incorrect', claimFormNote: 'Partner section blank', wrongOffice: true });
    const carer = await ok<FaClaimView>('fsouth', 'evidence.submitFeedback', { callId: claims.carerSouth!.callId, claimForm: 'none' });
    expect(carer.feedback).toMatchObject({ fcoId: ids.ann, wrongBenefit: false, wishedKnown: '' });

    // An FCO sees the feedback on their own claims; a team leader sees anyone's.
    const annSees = await ok<FeedbackEntry[]>('ann', 'evidence.feedbackForFco', {});
    expect(annSees.map((f) => f.callId).sort()).toEqual([claims.ibNorth!.callId, claims.carerSouth!.callId].sort());
    const peek = await as('ann', 'evidence.feedbackForFco', { fcoId: ids.ben });
    expect(peek.ok || peek.error.code).toBe('forbidden');
    const tlSees = await ok<FeedbackEntry[]>('tl', 'evidence.feedbackForFco', { fcoId: ids.ben });
    expect(tlSees).toEqual([expect.objectContaining({ callId: claims.jsaNorth!.callId, claimForm: 'incorrect', wrongOffice: true })]);
    expect((await as('fnorth', 'evidence.feedbackForFco', {})).ok).toBe(false);
  });
});

describe('figures', () => {
  it('share of FA meetings with more evidence requested, by benefit and by FCO; feedback counts by category', async () => {
    const f = await ok<EvidenceFigures>('tl', 'evidence.figures', {});
    // Meetings: Alex (IB, Ann, requested), Sam (JSA, Ben, ready). Bea did not attend; the rest are not checked yet.
    expect(f.overall).toMatchObject({ meetings: 2, evidenceRequested: 1, share: 0.5 });
    expect(f.byBenefit).toEqual([
      { key: 'incapacityBenefit', label: 'Incapacity Benefit', meetings: 1, evidenceRequested: 1, share: 1 },
      { key: 'jobseekersAllowance', label: "Jobseeker's Allowance", meetings: 1, evidenceRequested: 0, share: 0 },
    ]);
    expect(f.byFco).toEqual([
      { key: ids.ann, label: 'Ann FCO', meetings: 1, evidenceRequested: 1, share: 1 },
      { key: ids.ben, label: 'Ben FCO', meetings: 1, evidenceRequested: 0, share: 0 },
    ]);
    expect(f.feedback).toEqual({ total: 3, claimFormMissing: 0, claimFormIncorrect: 1, evidenceMissing: 1, wrongBenefit: 0, wrongOffice: 1, wishedKnown: 1, noProblem: 1 });
    expect(f.feedbackByFco).toEqual([
      expect.objectContaining({ fcoId: ids.ann, fcoName: 'Ann FCO', total: 2, evidenceMissing: 1, wishedKnown: 1, noProblem: 1 }),
      expect.objectContaining({ fcoId: ids.ben, fcoName: 'Ben FCO', total: 1, claimFormIncorrect: 1, wrongOffice: 1 }),
    ]);
    expect(f.topShortfalls).toEqual([
      { itemId: 'p45', what: 'Your P45 from your last job, if you have it', count: 1 },
      { itemId: 'ssp1', what: 'Form SSP1 from your employer', count: 1 },
    ]);
    expect(f.baseline).toEqual({ share: 0.47, source: 'PF:641' });

    // An FA sees their own Jobcentre; a team leader can narrow by office and date.
    const mine = await ok<EvidenceFigures>('fsouth', 'evidence.figures', {});
    expect(mine).toMatchObject({ officeCode: 'DEMO02', overall: { meetings: 0, share: null }, feedback: { total: 1, noProblem: 1 } });
    const later = await ok<EvidenceFigures>('tl', 'evidence.figures', { from: '2026-12-02' });
    expect(later.overall.meetings).toBe(0);
    expect((await as('ann', 'evidence.figures', {})).ok).toBe(false);
  });
});

describe('corrections and the letter', () => {
  it('a team leader\'s office correction moves the claim to the other Jobcentre\'s queue', async () => {
    const callId = claims.ib2North!.callId;
    await ok('tl', 'call.send', { callId, command: { type: 'claim.correct', target: 'office', value: 'DEMO02', reason: 'Customer lives on the boundary; South serves the estate' } });
    expect((await ok<FaQueue>('fnorth', 'evidence.queue', { scope: 'all' })).rows.map((r) => r.callId)).not.toContain(callId);
    expect((await ok<FaQueue>('fsouth', 'evidence.queue', {})).rows.map((r) => r.callId)).toContain(callId);
    expect((await as('fnorth', 'evidence.claim', { callId })).ok).toBe(false);
    expect((await ok<FaClaimView>('fsouth', 'evidence.claim', { callId })).checks).toHaveLength(1);
  });

  it('serves the letter as HTML and PDF to the FCO who took the call, the FA of its Jobcentre and team leaders', async () => {
    const callId = claims.ibNorth!.callId;
    const pdf = await ok<LetterDocument>('ann', 'evidence.letter', { callId, format: 'pdf' });
    expect(pdf).toMatchObject({ mimeType: 'application/pdf', reference: callId, filename: `claim-letter-${callId}.pdf` });
    const text = extractPdfText(Buffer.from(pdf.pdfBase64!, 'base64')).join(' ');
    expect(text).toContain(`Claim reference: ${callId}`);
    expect(text).toContain('Form SSP1 from your employer');
    expect(pdf.html).toContain('<article class="letter"');
    expect((await ok<LetterDocument>('fnorth', 'evidence.letter', { callId })).pdfBase64).toBeUndefined();
    expect((await ok<LetterDocument>('tl', 'evidence.letter', { callId })).bodyHtml).toContain('Alex North');
    const other = await as('ben', 'evidence.letter', { callId });
    expect(other.ok || other.error.code).toBe('forbidden');
    const unfinished = await as('ann', 'evidence.letter', { callId: claims.openNorth!.callId });
    expect(unfinished.ok || unfinished.error.code).toBe('out_of_order');
    const missing = await as('ann', 'evidence.letter', { callId: 'nope' });
    expect(missing.ok || missing.error.code).toBe('unknown_call');
  });

  it('can swap the PDF renderer (how Electron plugs in printToPDF)', async () => {
    const svc = evidenceFor(app);
    svc.usePdfRenderer(async ({ html }) => new TextEncoder().encode(`%PDF-fake ${html.length}`));
    const r = await ok<LetterDocument>('ann', 'evidence.letter', { callId: claims.ibNorth!.callId, format: 'pdf' });
    expect(Buffer.from(r.pdfBase64!, 'base64').toString()).toMatch(/^%PDF-fake \d+$/);
  });
});
