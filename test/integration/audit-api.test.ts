import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditApi } from '../../machines/contract/api/audit';
import type { DeskState } from '../../machines/deskState';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { identityAnswers, ibTriage } from '../helpers/calls';

let dir: string;
let app: App;
let router: Router;
const tokens: Record<'fco' | 'fa' | 'tl', string> = { fco: '', fa: '', tl: '' };
let now = new Date('2026-11-23T09:00:00.000Z');
const tick = (s = 20) => (now = new Date(now.getTime() + s * 1000));

type Res = { ok: true; value: any } | { ok: false; error: { code: string; message: string; field?: string } };
const call = (channel: string, payload: unknown, token: string | null) => router.dispatch(channel, payload, token) as Promise<Res>;
const ok = async (p: Promise<Res>) => {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

/** A complete IB claim taken by the FCO through the API, at the demo postcode. */
async function takeClaim(): Promise<string> {
  const started: DeskState = await ok(call('call.start', {}, tokens.fco));
  const callId = started.record.callId;
  const send = async (command: unknown) => (tick(), ok(call('call.send', { callId, command }, tokens.fco))) as Promise<DeskState>;
  let s = started;
  for (const c of [...identityAnswers('QQ5 2AB'), ...ibTriage]) s = await send(c);
  s = await send({ type: 'marker.benefit.confirm', marker: 'incapacitated/disabled' });
  s = await send({ type: 'office.confirm', officeCode: s.record.markers.jobcentre.suggested!.code });
  s = await send({ type: 'evidence.readOut', checklistKey: s.record.evidence.checklistKey, itemsRead: s.record.evidence.items.map((i) => i.id) });
  if (s.phase === 'jobSearch') s = await send({ type: 'jobsearch.skip', reason: 'Not ready' });
  for (const c of [
    { type: 'answer.submit', questionId: 'explainWfi', value: true },
    { type: 'appointment.window.accept' },
    { type: 'answer.submit', questionId: 'readBack', value: true },
    { type: 'answer.submit', questionId: 'closing', value: true },
  ])
    s = await send(c);
  expect(s.record.status).toBe('complete');
  return callId;
}

const password = 'correct horse battery';
/** Sessions last 12 hours: sign everyone in again after moving the clock on by days. */
async function signInAll() {
  for (const [k, u] of [['fco', 'ann'], ['fa', 'fay'], ['tl', 'tess']] as const) tokens[k] = (await ok(call('session.signIn', { username: u, password }, null))).token;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-audit-api-'));
  app = openApp({ dbFile: join(dir, 'intake.db'), clock: () => now });
  router = createRouter(app);
  await app.auth.addUser({ username: 'ann', displayName: 'Ann FCO', role: 'fco', password, team: 'Team A' });
  await app.auth.addUser({ username: 'fay', displayName: 'Fay FA', role: 'fa', password, officeCode: 'DEMO01' });
  await app.auth.addUser({ username: 'tess', displayName: 'Tess TL', role: 'teamLeader', password });
  await signInAll();
});
afterAll(() => {
  app.close();
  rmSync(dir, { recursive: true, force: true });
});

const samples: Record<keyof typeof auditApi, unknown> = {
  'audit.jpReport': {},
  'audit.analytics': { by: 'team' },
  'audit.changes': {},
  'audit.claim': { source: 'product', ref: 'x' },
  'audit.sample': {},
  'audit.check.record': { source: 'product', ref: 'x', benefitMarkerOk: true, jobcentreMarkerOk: true, appointmentOk: true, evidenceOk: true },
  'audit.settings.get': {},
  'audit.settings.set': { samplePerFcoPerWeek: 1 },
  'audit.imports': {},
  'audit.export': { report: 'jp' },
};

describe('audit channels', () => {
  it('refuse an FCO and an FA with a typed "forbidden" error, and anyone signed out, before anything runs', async () => {
    for (const channel of Object.keys(auditApi)) {
      for (const who of ['fco', 'fa'] as const) {
        const r = await call(channel, samples[channel as keyof typeof auditApi], tokens[who]);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('forbidden');
          expect(r.error.message).toMatch(new RegExp(`cannot use "${channel.replace('.', '\\.')}"`));
        }
      }
      const anon = await call(channel, samples[channel as keyof typeof auditApi], null);
      expect(anon.ok || anon.error.code).toBe('unauthorised');
    }
    // Nothing was changed by the refused calls.
    expect(app.db.prepare('SELECT count(*) FROM audit_checks').pluck().get()).toBe(0);
    expect((await ok(call('audit.settings.get', {}, tokens.tl))).samplePerFcoPerWeek).toBe(5);
    const logged = app.db.prepare("SELECT count(*) FROM api_rejections WHERE code = 'forbidden' AND channel LIKE 'audit.%'").pluck().get();
    expect(logged).toBe(Object.keys(auditApi).length * 2);
  });

  it('serve a team leader: the claim shows in the report, analytics and sample as soon as it completes', async () => {
    const callId = await takeClaim();
    const jp = await ok(call('audit.jpReport', {}, tokens.tl));
    expect(jp.checked).toEqual({ claims: 1, withError: 0 });
    expect(jp.freshness.productThrough).toBe(now.toISOString());
    const analytics = await ok(call('audit.analytics', { by: 'team' }, tokens.tl));
    expect(analytics.rows.map((r: { key: string; claims: number }) => [r.key, r.claims])).toEqual([['Team A', 1]]);
    const sample = await ok(call('audit.sample', { week: '2026-11-23' }, tokens.tl));
    expect(sample.fcos[0].sample.map((c: { ref: string }) => c.ref)).toEqual([callId]);
    const exported = await ok(call('audit.export', { report: 'analytics', by: 'team' }, tokens.tl));
    expect(exported.csv).toMatch(/^team,claims,/);
  });

  it('validate requests at the boundary, naming the field, and change nothing', async () => {
    const badRange = await call('audit.jpReport', { from: '2026-11-30', to: '2026-11-01' }, tokens.tl);
    expect(badRange.ok || badRange.error).toMatchObject({ code: 'invalid_payload', field: 'to' });
    const badReason = await call('audit.jpReport', { reason: 'everything' }, tokens.tl);
    expect(badReason.ok || badReason.error).toMatchObject({ code: 'invalid_payload', field: 'reason' });
    const extra = await call('audit.analytics', { by: 'fco', drop: 'table' }, tokens.tl);
    expect(extra.ok || extra.error.code).toBe('invalid_payload');
    const failNoNote = await call('audit.check.record', { ...(samples['audit.check.record'] as object), jobcentreMarkerOk: false }, tokens.tl);
    expect(failNoNote.ok || failNoNote.error).toMatchObject({ code: 'invalid_payload', field: 'note' });
    const lowAboveHigh = await call('audit.settings.set', { deferralLowPct: 60, deferralHighPct: 10 }, tokens.tl);
    expect(lowAboveHigh.ok || lowAboveHigh.error).toMatchObject({ code: 'invalid_payload', field: 'deferralLowPct' });
    expect(app.db.prepare('SELECT count(*) FROM audit_checks').pluck().get()).toBe(0);
  });

  it('let a team leader correct a marker with a reason (not an FCO), keeping the window and showing the old rule', async () => {
    const callId = await takeClaim();
    const before = (await ok(call('call.get', { callId }, tokens.tl))).record;
    tick(5 * 86_400);
    await signInAll();
    const byFco = await call('call.send', { callId, command: { type: 'claim.correct', target: 'office', value: 'DEMO02', reason: 'Wrong office' } }, tokens.fco);
    expect(byFco.ok || byFco.error.code).toBe('forbidden');
    const noReason = await call('call.send', { callId, command: { type: 'claim.correct', target: 'office', value: 'DEMO02', reason: '' } }, tokens.tl);
    expect(noReason.ok || noReason.error).toMatchObject({ code: 'invalid_payload' });
    const office = before.markers.jobcentre.candidates.find((c: { code: string }) => c.code !== before.markers.jobcentre.confirmed.code).code;
    await ok(call('call.send', { callId, command: { type: 'claim.correct', target: 'office', value: office, reason: 'Customer lives across the boundary' } }, tokens.tl));
    const claim = await ok(call('audit.claim', { source: 'product', ref: callId }, tokens.tl));
    expect(claim.correctable).toBe(true);
    expect(claim.changes).toEqual([expect.objectContaining({ kind: 'correction', target: 'office', to: office, reason: 'Customer lives across the boundary', by: expect.any(String) })]);
    expect(claim.clock.asItStands.window).toEqual({ from: before.dueWindow.from, to: before.dueWindow.to });
    expect(claim.clock.oldRule.clockStart).toBe(now.toISOString().slice(0, 10));
    expect(claim.clock.shiftDays).toBe(5);
    expect(claim.clock.oldRule.window.from > claim.clock.asItStands.window.from).toBe(true);
    const unknown = await call('audit.claim', { source: 'legacy', ref: callId }, tokens.tl);
    expect(unknown.ok || unknown.error.code).toBe('unknown_call');
  });
});
