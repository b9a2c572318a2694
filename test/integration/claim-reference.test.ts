import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffView } from '../../machines/contract/api/appointments';
import type { ClaimAudit } from '../../machines/contract/api/audit';
import type { FaClaimView, FaQueue, LetterDocument } from '../../machines/contract/api/evidence';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import type { DeskState } from '../../machines/deskState';
import { CLAIM_REFERENCE_ALPHABET, CLAIM_REFERENCE_TYPING_ERROR, isClaimReference } from '../../machines/rules/claimReference';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { extractPdfText } from '../../main/letters/pdfText';
import { ClaimSummary } from '../../renderer/desk/ClaimSummary';
import { sampleAnswer } from '../helpers/answers';
import { testDirectory } from '../helpers/fixtures';
import { driveClaim, plans } from './evidence-helpers';

/**
 * Claim references as call ids, against the real app (real SQLite, the real router): new calls get short
 * references by default, a clash with an existing call's id never fails the FCO's call, and the people who are told
 * a reference (financial assessors, Jobcentre staff, team leaders) can type it the way they heard it.
 */
const PW = 'correct horse battery';
const REFERENCE = new RegExp(`^[${CLAIM_REFERENCE_ALPHABET}]{4}-[${CLAIM_REFERENCE_ALPHABET}]{4}-[${CLAIM_REFERENCE_ALPHABET}]{3}$`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** How a person might type a reference they were read: lower case, spaces for dashes. */
const asTyped = (ref: string) => ref.toLowerCase().replace(/-/g, ' ');

const dirs: string[] = [];
function tempDb(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'intake-ref-'));
  dirs.push(dir);
  return join(dir, name);
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('call ids of new calls', () => {
  let app: App | undefined;
  afterEach(() => app?.close());

  it('openApp without newCallId gives every new call a short claim reference; users and sessions keep UUIDs', async () => {
    app = openApp({ dbFile: tempDb('default.db'), directory: testDirectory(), demoData: false, clock: () => new Date('2026-11-23T09:00:00.000Z') });
    const fco = await app.auth.addUser({ username: 'ann', displayName: 'Ann FCO', role: 'fco', password: PW });
    expect(fco.userId).toMatch(UUID);
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const started = app.calls.startCall(fco.userId);
      if (!started.ok) throw new Error(started.error.message);
      const callId = started.value.record.callId;
      expect(callId).toMatch(REFERENCE);
      expect(isClaimReference(callId)).toBe(true);
      expect(app.calls.store.get(callId)?.persisted.context.callId).toBe(callId);
      ids.add(callId);
    }
    expect(ids.size).toBe(20);
  });

  it('a test that fixes newId but not newCallId keeps its call ids; newCallId, when given, is used for calls only', async () => {
    let n = 0;
    app = openApp({ dbFile: tempDb('fixed.db'), directory: testDirectory(), demoData: false, newId: () => `id-${String(++n).padStart(4, '0')}` });
    const fco = await app.auth.addUser({ username: 'ann', displayName: 'Ann FCO', role: 'fco', password: PW });
    const started = app.calls.startCall(fco.userId);
    expect(started.ok && started.value.record.callId).toBe('id-0002');
    app.close();

    let m = 0;
    app = openApp({ dbFile: tempDb('both.db'), directory: testDirectory(), demoData: false, newId: () => `id-${String(++n).padStart(4, '0')}`, newCallId: () => `call-${++m}` });
    const tl = await app.auth.addUser({ username: 'tess', displayName: 'Tess TL', role: 'teamLeader', password: PW });
    expect(tl.userId).toMatch(/^id-/);
    const call = app.calls.startCall(tl.userId);
    expect(call.ok && call.value.record.callId).toBe('call-1');
  });
});

describe('a new call whose reference is already taken', () => {
  let app: App;
  let fcoId: string;
  const queue: string[] = [];
  let asked = 0;
  beforeAll(async () => {
    app = openApp({
      dbFile: tempDb('clash.db'),
      directory: testDirectory(),
      demoData: false,
      clock: () => new Date('2026-11-23T09:00:00.000Z'),
      newCallId: () => (asked++, queue.shift() ?? 'unexpected-extra-id'),
    });
    fcoId = (await app.auth.addUser({ username: 'ann', displayName: 'Ann FCO', role: 'fco', password: PW })).userId;
  });
  afterAll(() => app.close());
  /** Answers the call's current question with a valid sample answer. */
  const answerCurrent = (callId: string) => {
    const q = app.calls.get(callId);
    if (!q.ok || !q.value.question) throw new Error(`no question on ${callId}`);
    return app.calls.send(callId, { type: 'answer.submit', questionId: q.value.question.id, value: sampleAnswer(q.value.question.answer, q.value.question.id) }, fcoId);
  };

  it('is started under a fresh reference: the FCO never sees the clash', () => {
    queue.push('7K4M-2QX9-HRC');
    const first = app.calls.startCall(fcoId);
    expect(first.ok && first.value.record.callId).toBe('7K4M-2QX9-HRC');
    expect(answerCurrent('7K4M-2QX9-HRC').ok).toBe(true);

    // The generator hands out the existing reference first, then a free one.
    queue.push('7K4M-2QX9-HRC', 'A1B2-C3D4-E5R');
    asked = 0;
    const second = app.calls.startCall(fcoId);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(asked).toBe(2);
    expect(second.value.record.callId).toBe('A1B2-C3D4-E5R');
    expect(second.value.record.answers).toEqual({});

    // Stored under the fresh id, snapshot and record alike; it takes answers and resumes from disk.
    const row = app.calls.store.get('A1B2-C3D4-E5R')!;
    expect(row.persisted.context.callId).toBe('A1B2-C3D4-E5R');
    expect(app.calls.storedRecord('A1B2-C3D4-E5R')?.callId).toBe('A1B2-C3D4-E5R');
    const answered = answerCurrent('A1B2-C3D4-E5R');
    expect(answered.ok ? answered.value.record.callId : answered.error.message).toBe('A1B2-C3D4-E5R');
    app.calls.evictAll();
    expect(app.calls.record('A1B2-C3D4-E5R')?.callId).toBe('A1B2-C3D4-E5R');
    expect(app.calls.events('A1B2-C3D4-E5R')).toHaveLength(1);

    // The existing call is untouched.
    expect(app.calls.record('7K4M-2QX9-HRC')?.callId).toBe('7K4M-2QX9-HRC');
    expect(app.calls.store.get('7K4M-2QX9-HRC')?.persisted.context.callId).toBe('7K4M-2QX9-HRC');
    expect(app.calls.events('7K4M-2QX9-HRC')).toHaveLength(1);
    expect(app.db.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(2);
  });

  it('gives up after a few clashes in a row (a broken generator), storing nothing', () => {
    asked = 0;
    queue.push(...Array.from({ length: 10 }, () => '7K4M-2QX9-HRC'));
    expect(() => app.calls.startCall(fcoId)).toThrow(/UNIQUE constraint failed: calls.call_id/);
    expect(asked).toBe(5);
    expect(app.db.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(2);
    queue.length = 0;
  });
});

describe('looking a claim up by the reference a person typed', () => {
  let app: App;
  let router: Router;
  const tokens: Record<string, string> = {};
  const clock = { now: new Date('2026-11-23T09:00:00.000Z') };
  let claim: ClaimRecord;
  let legacyClaim: ClaimRecord;

  type Res<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };
  const as = async <T>(who: string, channel: string, payload: unknown): Promise<Res<T>> => {
    clock.now = new Date(clock.now.getTime() + 1000);
    return (await router.dispatch(channel, payload, tokens[who] ?? null)) as Res<T>;
  };
  const ok = async <T>(who: string, channel: string, payload: unknown): Promise<T> => {
    const r = await as<T>(who, channel, payload);
    if (!r.ok) throw new Error(`${who} ${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const signIn = async () => {
    for (const u of ['ann', 'nora', 'tess']) tokens[u] = (await ok<{ token: string }>('', 'session.signIn', { username: u, password: PW })).token;
  };
  const complete = (fco: string, name: string) =>
    driveClaim(
      () => as<DeskState>(fco, 'call.start', {}),
      (callId, command) => as<DeskState>(fco, 'call.send', { callId, command }),
      plans.ibEmployed('QQ1 2AB', name),
    );

  beforeAll(async () => {
    const dbFile = tempDb('lookup.db');
    // A database from before claim references: its calls have UUIDs (the demo directory: DEMO01 serves QQ1).
    app = openApp({ dbFile, clock: () => clock.now, newCallId: () => randomUUID() });
    router = createRouter(app);
    await app.auth.addUser({ username: 'ann', displayName: 'Ann FCO', role: 'fco', password: PW });
    await app.auth.addUser({ username: 'nora', displayName: 'Nora FA', role: 'fa', officeCode: 'DEMO01', password: PW });
    await app.auth.addUser({ username: 'tess', displayName: 'Tess TL', role: 'teamLeader', password: PW });
    await signIn();
    legacyClaim = await complete('ann', 'Olive Older');
    app.close();
    // The same database opened the way the hosts open it: new calls get claim references; nothing is migrated.
    app = openApp({ dbFile, clock: () => clock.now });
    router = createRouter(app);
    await signIn();
    claim = await complete('ann', 'Alex North');
  });
  afterAll(() => app.close());

  it('the FA finds the claim from the reference typed in lower case with spaces, and sees the short form', async () => {
    expect(claim.callId).toMatch(REFERENCE);
    const typed = asTyped(claim.callId);
    expect(typed).not.toBe(claim.callId);
    const view = await ok<FaClaimView>('nora', 'evidence.claim', { callId: typed });
    expect(view.callId).toBe(claim.callId);
    expect(view.summary.reference).toBe(claim.callId);
    expect(view.summary.customer.name).toBe('Alex North');
    // O for 0 and I or L for 1 are read the same, and the FA can act on the claim by the typed reference.
    const misread = claim.callId.replace(/0/g, 'o').replace(/1/g, 'l');
    const marked = await ok<FaClaimView>('nora', 'evidence.markItem', { callId: misread, itemId: view.items[0]!.id, status: 'seen' });
    expect(marked.items[0]!.status).toBe('seen');
    const queue = await ok<FaQueue>('nora', 'evidence.queue', { scope: 'all' });
    expect(queue.rows.find((r) => r.customerName === 'Alex North')).toMatchObject({ callId: claim.callId, reference: claim.callId });
  });

  it('the FCO reads the short reference out first from the end-of-call summary', () => {
    const rows = [...renderToStaticMarkup(createElement(ClaimSummary, { record: claim })).matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => [m[1], m[2]]);
    expect(rows[0]).toEqual(['Claim reference', claim.callId]);
    expect(claim.callId).toMatch(REFERENCE);
  });

  it('a typing error is refused with words the FA can act on, and nothing is looked up', async () => {
    const s = claim.callId.replace(/-/g, '');
    const swapped = s[0] !== s[1] ? `${s[1]}${s[0]}${s.slice(2)}` : `${s.slice(0, 9)}${s[10]}${s[9]}`;
    const r = await as<FaClaimView>('nora', 'evidence.claim', { callId: asTyped(swapped) });
    expect(r).toEqual({ ok: false, error: { code: 'invalid_payload', message: CLAIM_REFERENCE_TYPING_ERROR, field: 'callId' } });
    // The same on every channel that takes a call id, the desk's included.
    expect(await as('ann', 'call.get', { callId: swapped })).toMatchObject({ ok: false, error: { message: CLAIM_REFERENCE_TYPING_ERROR } });
    expect(await as('tess', 'audit.claim', { source: 'product', ref: swapped })).toMatchObject({ ok: false, error: { message: CLAIM_REFERENCE_TYPING_ERROR, field: 'ref' } });
  });

  it('the letter, the hand-off and the audit take the typed reference and show the short form', async () => {
    const typed = asTyped(claim.callId);
    const pdf = await ok<LetterDocument>('nora', 'evidence.letter', { callId: typed, format: 'pdf' });
    expect(pdf).toMatchObject({ callId: claim.callId, reference: claim.callId, filename: `claim-letter-${claim.callId}.pdf` });
    const text = extractPdfText(Buffer.from(pdf.pdfBase64!, 'base64')).join(' ');
    expect(text).toContain(`Claim reference: ${claim.callId}`);
    expect(text).toContain(`Please quote your claim reference, ${claim.callId}, whenever you contact us.`);

    const handoff = await ok<HandoffView>('nora', 'appointments.handoff.get', { callId: typed });
    expect(handoff.callId).toBe(claim.callId);
    expect(handoff.record.callId).toBe(claim.callId);

    const audit = await ok<ClaimAudit>('tess', 'audit.claim', { source: 'product', ref: typed });
    expect(audit.claim.ref).toBe(claim.callId);
  });

  it('a claim from before references keeps its UUID and is found by it, unchanged', async () => {
    expect(legacyClaim.callId).toMatch(UUID);
    const view = await ok<FaClaimView>('nora', 'evidence.claim', { callId: ` ${legacyClaim.callId} ` });
    expect(view).toMatchObject({ callId: legacyClaim.callId, summary: { reference: legacyClaim.callId, customer: { name: 'Olive Older' } } });
    expect((await ok<LetterDocument>('nora', 'evidence.letter', { callId: legacyClaim.callId })).reference).toBe(legacyClaim.callId);
    expect((await ok<ClaimAudit>('tess', 'audit.claim', { source: 'product', ref: legacyClaim.callId })).claim.ref).toBe(legacyClaim.callId);
    // Legacy audit records keep their own references exactly as imported (never read as claim references).
    expect(await as('tess', 'audit.claim', { source: 'legacy', ref: asTyped(claim.callId) })).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });
});

