import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { AuditService } from '../../main/audit/auditService';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import { completeIbCall } from '../helpers/calls';
import { makeTestApp, testDirectory, type TestApp } from '../helpers/fixtures';

let app: TestApp;
let audit: AuditService;

const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

function addUser(id: string, role: 'fco' | 'teamLeader', team: string | null) {
  app.db
    .prepare("INSERT INTO users (user_id, username, display_name, role, office_code, team, password_hash, created_at) VALUES (?, ?, ?, ?, NULL, ?, 'x', '2026-01-01')")
    .run(id, id, id, role, team);
}

/** A complete IB claim taken through the real call service (due window, Jobcentre from the postcode). */
const completeIbClaim = (fcoId: string): ClaimRecord => completeIbCall(app, fcoId);

let n = 0;
/** A hand-made variant of a completed claim, audited as the hook would audit it. */
function variant(base: ClaimRecord, edit: (r: ClaimRecord) => void, opts: { fcoId?: string; minutes?: number; day?: string } = {}): ClaimRecord {
  const r = structuredClone(base);
  r.callId = `hand-${++n}`;
  if (opts.fcoId) r.fcoId = opts.fcoId;
  if (opts.day) r.claimDate = opts.day;
  const start = `${r.claimDate}T09:00:00.000Z`;
  r.startedAt = start;
  r.completedAt = new Date(Date.parse(start) + (opts.minutes ?? 15) * 60_000).toISOString();
  edit(r);
  app.db.transaction(() => audit.auditRecord(r, 30, r.completedAt!))();
  return r;
}

const north = () => testDirectory().officeByCode('JC-NORTH')!;
const south = () => testDirectory().officeByCode('JC-SOUTH')!;

beforeEach(() => {
  app = makeTestApp({ start: '2026-11-23T09:00:00.000Z' });
  audit = new AuditService({ db: app.db, calls: app.service, scripts: new ScriptRegistry(app.db, () => app.clock.now), directory: testDirectory(), clock: () => app.clock.now, defaultSeed: 'test-seed' });
  addUser('fco-ann', 'fco', 'Team A');
  addUser('fco-bob', 'fco', 'Team B');
});
afterEach(() => app.close());

describe('the JP process report on claims taken in the product', () => {
  it('audits a completed claim inside the event transaction: a correct claim is checked and clean', () => {
    const r = completeIbClaim('fco-ann');
    const row = app.db.prepare('SELECT source, ref, team, errors, appointment, benefit_marker, jobcentre_marker, area_office FROM audit_claims').get();
    expect(row).toEqual({ source: 'product', ref: r.callId, team: 'Team A', errors: 0, appointment: 'dueWindow', benefit_marker: 'incapacitated/disabled', jobcentre_marker: 'JC-NORTH', area_office: 'JC-NORTH' });
    const jp = audit.jpReport({ source: 'all', offset: 0, limit: 100 });
    expect(jp.rows).toEqual([]);
    expect(jp.checked).toEqual({ claims: 1, withError: 0 });
    expect(jp.freshness.productThrough).toBe(r.completedAt);
    // In-progress calls are not claims yet.
    ok(app.service.startCall('fco-bob'));
    expect(audit.jpReport({ source: 'all', offset: 0, limit: 100 }).checked.claims).toBe(1);
  });

  it('lists every category, with the reasons in words, filters by reason, FCO, team and date, and exports it all', () => {
    const base = completeIbClaim('fco-ann');
    const cc = variant(base, (r) => (r.markers.jobcentre.confirmed = { ...north(), code: 'CC-DEMO-01', name: 'Demo Contact Centre' }));
    const missing = variant(base, (r) => (r.markers.jobcentre.confirmed = null), { fcoId: 'fco-bob' });
    const gone = variant(base, (r) => (r.markers.jobcentre.confirmed = { ...north(), code: 'JC-GONE' }));
    const outside = variant(base, (r) => (r.markers.jobcentre.confirmed = south()), { day: '2026-11-24' });
    const justified = variant(base, (r) => {
      r.markers.jobcentre.confirmed = south();
      r.markers.jobcentre.override = { reason: 'customerChoice', note: 'near her work' };
      r.flags.push({ kind: 'officeOverride', at: r.startedAt, by: r.fcoId, suggestedCode: 'JC-NORTH', chosenCode: 'JC-SOUTH', reason: 'customerChoice', note: 'near her work' });
    });
    const mismatch = variant(base, (r) => (r.markers.benefit.confirmed = 'jobseeker'), { fcoId: 'fco-bob' });
    const noAppt = variant(base, (r) => (r.appointment = null), { day: '2026-11-25' });

    const jp = audit.jpReport({ source: 'all', offset: 0, limit: 100 });
    const byRef = new Map(jp.rows.map((r) => [r.ref, r]));
    expect(byRef.get(cc.callId)?.reasons).toEqual(['jobcentreContactCentre']);
    expect(byRef.get(missing.callId)?.reasons).toEqual(['jobcentreMissing']);
    expect(byRef.get(gone.callId)?.reasons).toEqual(['jobcentreNotAJobcentre']);
    expect(byRef.get(outside.callId)?.reasons).toEqual(['officeOutsideArea']);
    expect(byRef.get(outside.callId)?.findings[0]).toMatch(/JC-SOUTH does not cover the customer's postcode \(it is served by JC-NORTH\)/);
    expect(byRef.get(mismatch.callId)?.reasons).toEqual(['benefitMarkerMismatch']);
    expect(byRef.get(noAppt.callId)?.reasons).toEqual(['appointmentNotReached']);
    expect(byRef.has(justified.callId)).toBe(false);
    expect(byRef.has(base.callId)).toBe(false);
    expect(jp.total).toBe(6);
    expect(jp.checked).toEqual({ claims: 8, withError: 6 });
    expect(jp.countsByReason).toEqual({ jobcentreMissing: 1, jobcentreContactCentre: 1, jobcentreNotAJobcentre: 1, officeOutsideArea: 1, benefitMarkerMismatch: 1, appointmentNotReached: 1 });
    // Newest claim date first.
    expect(jp.rows[0]!.ref).toBe(noAppt.callId);

    expect(audit.jpReport({ source: 'all', reason: 'jobcentreContactCentre', offset: 0, limit: 100 }).rows.map((r) => r.ref)).toEqual([cc.callId]);
    expect(audit.jpReport({ source: 'all', fcoId: 'fco-bob', offset: 0, limit: 100 }).rows.map((r) => r.ref).sort()).toEqual([missing.callId, mismatch.callId].sort());
    expect(audit.jpReport({ source: 'all', team: 'Team B', offset: 0, limit: 100 }).total).toBe(2);
    const day = audit.jpReport({ source: 'all', from: '2026-11-24', to: '2026-11-24', offset: 0, limit: 100 });
    expect(day.rows.map((r) => r.ref)).toEqual([outside.callId]);
    expect(day.checked).toEqual({ claims: 1, withError: 1 });
    expect(audit.jpReport({ source: 'legacy', offset: 0, limit: 100 }).total).toBe(0);
    const page = audit.jpReport({ source: 'all', offset: 4, limit: 4 });
    expect(page.rows).toHaveLength(2);
    expect(page.total).toBe(6);

    const csv = audit.exportCsv({ report: 'jp', source: 'all' });
    expect(csv.rows).toBe(6);
    expect(csv.filename).toMatch(/^jp-process-report_2026-11-23T\d{4}Z\.csv$/);
    const lines = csv.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('source,claim_ref,claim_date,fco_id,team,benefit,nino,customer_postcode,benefit_marker,expected_marker,jobcentre_marker,area_office,appointment,reasons,findings,corrections,as_of');
    expect(lines.find((l) => l.includes(cc.callId))).toMatch(/^product,hand-1,2026-11-23,fco-ann,Team A,incapacityBenefit,AB123456C,QA1 2BB,incapacitated\/disabled,incapacitated\/disabled,CC-DEMO-01,JC-NORTH,dueWindow,jobcentreContactCentre,/);
  });

  it('lists overrides with their reasons and corrections, per kind and reason', () => {
    const base = completeIbClaim('fco-ann');
    for (const note of ['near work', 'family']) {
      variant(base, (r) => {
        r.markers.jobcentre.confirmed = south();
        r.markers.jobcentre.override = { reason: 'customerChoice', note };
        r.flags.push({ kind: 'officeOverride', at: r.startedAt, by: r.fcoId, suggestedCode: 'JC-NORTH', chosenCode: 'JC-SOUTH', reason: 'customerChoice', note });
      });
    }
    app.clock.advance(86_400);
    ok(app.service.send(base.callId, { type: 'claim.correct', target: 'benefitMarker', value: 'jobseeker', reason: 'Customer said they can work after all' }, 'tl-tess'));
    const ch = audit.changes({ source: 'all', offset: 0, limit: 100 });
    expect(ch.byReason).toEqual([
      { kind: 'officeOverride', reason: 'customerChoice', label: expect.stringMatching(/Customer asked for a different office/), count: 2 },
      { kind: 'correction', reason: 'Customer said they can work after all', label: null, count: 1 },
    ]);
    expect(ch.total).toBe(3);
    expect(ch.rows.find((r) => r.kind === 'correction')).toMatchObject({ ref: base.callId, fcoId: 'fco-ann', team: 'Team A', target: 'benefitMarker', from: 'incapacitated/disabled', to: 'jobseeker', by: 'tl-tess' });
    expect(audit.changes({ source: 'all', kind: 'correction', offset: 0, limit: 100 }).rows).toHaveLength(1);
    // The corrected marker carries its reason, so it is a recorded change, not a JP-process error.
    expect(audit.jpReport({ source: 'all', offset: 0, limit: 100 }).total).toBe(0);
    const csv = audit.exportCsv({ report: 'changes', source: 'all' });
    expect(csv.rows).toBe(3);
  });
});

describe('analytics for a team leader', () => {
  it('per FCO, team and day: errors, overrides, corrections, deferral rates and call length against 20 minutes', () => {
    const base = completeIbClaim('fco-ann');
    // fco-ann: 4 claims more (10, 12, 25 and 30 minutes), one with an error. fco-bob: 3 claims, all deferred.
    variant(base, () => {}, { minutes: 10 });
    variant(base, () => {}, { minutes: 12 });
    variant(base, (r) => (r.markers.jobcentre.confirmed = null), { minutes: 25, day: '2026-11-24' });
    variant(base, () => {}, { minutes: 30, day: '2026-11-24' });
    const deferral = { reason: 'tooIll', note: '', untilDate: '2027-01-01', reviewDate: '2026-12-20', claimPackSent: true, paAllocated: 'PA', paContactGiven: true, letterSent: false };
    for (const m of [5, 6, 7]) variant(base, (r) => (r.appointment = { kind: 'deferred', deferral, at: r.startedAt, by: 'fco-bob' }), { fcoId: 'fco-bob', minutes: m });
    ok(audit.updateSettings({ deferralMinEligible: 3 }, 'tl-tess'));

    const byFco = audit.analytics({ source: 'all', by: 'fco' });
    const ann = byFco.rows.find((r) => r.key === 'fco-ann')!;
    const bob = byFco.rows.find((r) => r.key === 'fco-bob')!;
    expect(ann).toMatchObject({ claims: 5, withError: 1, errorRatePct: 20, deferralEligible: 5, deferred: 0, deferralRatePct: 0, deferralFlag: 'low', timedCalls: 5 });
    expect(ann.reasons.jobcentreMissing).toBe(1);
    // The real call took (events × 20 s) — under 12 minutes whatever the script's length; with 10, 12, 25 and 30
    // minutes: median 12 minutes, p90 30; 2 of 5 over 20 minutes.
    const realSeconds = (Date.parse(base.completedAt!) - Date.parse(base.startedAt)) / 1000;
    expect(realSeconds).toBeLessThan(720);
    expect(ann.medianSeconds).toBe(720);
    expect(ann.p90Seconds).toBe(1800);
    expect(ann.overReferencePct).toBe(40);
    expect(bob).toMatchObject({ claims: 3, deferred: 3, deferralRatePct: 100, deferralFlag: 'high', medianSeconds: 360 });
    // All 8: 5, 6, 7 minutes, the real call, 10, 12, 25, 30 minutes: the 4th smallest is the median, on the
    // 15-second grid (rounded up).
    const all = [300, 360, 420, realSeconds, 600, 720, 1500, 1800].sort((x, y) => x - y);
    expect(byFco.totals).toMatchObject({ key: 'all', claims: 8, withError: 1, deferred: 3, medianSeconds: Math.ceil(all[3]! / 15) * 15 });
    expect(byFco.reference.callMinutes).toBe(20);
    expect(byFco.faFeedbackConnected).toBe(false);
    expect(ann.faFeedback).toBeNull();

    const byTeam = audit.analytics({ source: 'all', by: 'team' });
    expect(byTeam.rows.map((r) => [r.key, r.claims])).toEqual([
      ['Team A', 5],
      ['Team B', 3],
    ]);
    const byDay = audit.analytics({ source: 'all', by: 'day' });
    expect(byDay.rows.map((r) => [r.key, r.claims, r.withError])).toEqual([
      ['2026-11-23', 6, 0],
      ['2026-11-24', 2, 1],
    ]);
    expect(audit.analytics({ source: 'all', by: 'day', fcoId: 'fco-bob' }).rows.map((r) => r.key)).toEqual(['2026-11-23']);
    expect(audit.analytics({ source: 'all', by: 'fco', from: '2026-11-24', to: '2026-11-30' }).rows.map((r) => [r.key, r.claims])).toEqual([['fco-ann', 2]]);
    // A range of whole months reads month rows: same answer.
    expect(audit.analytics({ source: 'all', by: 'fco', from: '2026-11-01', to: '2026-11-30' }).rows).toEqual(byFco.rows);

    const csv = audit.exportCsv({ report: 'analytics', source: 'all', by: 'fco' });
    expect(csv.rows).toBe(3);
    expect(csv.csv.split('\r\n')[0]).toMatch(/^fco,claims,claims_with_error,error_rate_pct,jobcentreMissing,/);
    expect(csv.csv).toMatch(/\r\nall,8,1,12.5,/);
  });

  it('keeps the summary equal to a rebuild from the claim rows after inserts, corrections and replacements', () => {
    const base = completeIbClaim('fco-ann');
    const v = variant(base, (r) => (r.markers.jobcentre.confirmed = null), { minutes: 25 });
    // The same claim audited again (as after a correction) moves out of its old buckets.
    const again = structuredClone(v);
    again.markers.jobcentre.confirmed = north();
    again.fcoId = 'fco-bob';
    again.claimDate = '2026-12-01';
    app.db.transaction(() => audit.auditRecord(again, 31, '2026-12-01T10:00:00.000Z'))();
    app.clock.advance(3600);
    ok(app.service.send(base.callId, { type: 'claim.correct', target: 'office', value: 'JC-EAST', reason: 'Boundary street' }, 'tl-tess'));
    const snapshot = () => app.db.prepare('SELECT * FROM audit_summary ORDER BY grain, start, fco_id, team, source').all();
    const incremental = snapshot();
    app.db.transaction(() => audit.store.rebuildSummary())();
    expect(snapshot()).toEqual(incremental);
    expect(incremental.filter((r: any) => r.grain === 'month').map((r: any) => [r.start, r.fco_id, r.claims])).toEqual([
      ['2026-11-01', 'fco-ann', 1],
      ['2026-12-01', 'fco-bob', 1],
    ]);
  });
});

describe('the sampled quality check', () => {
  it('samples per FCO per week deterministically, records checks, and shows coverage against the target', () => {
    const base = completeIbClaim('fco-ann');
    for (let i = 0; i < 7; i++) variant(base, () => {}, { day: '2026-11-24' });
    for (let i = 0; i < 2; i++) variant(base, () => {}, { fcoId: 'fco-bob', day: '2026-11-26' });
    variant(base, () => {}, { day: '2026-11-30' }); // next week
    ok(audit.updateSettings({ samplePerFcoPerWeek: 3 }, 'tl-tess'));

    const s = audit.sample('2026-11-27');
    expect(s.week).toBe('2026-11-23');
    expect(s.weekEnd).toBe('2026-11-29');
    expect(s.fcos.map((f) => [f.fcoId, f.team, f.claims, f.target, f.checked, f.sample.length])).toEqual([
      ['fco-ann', 'Team A', 8, 3, 0, 3],
      ['fco-bob', 'Team B', 2, 2, 0, 2],
    ]);
    expect(s.coverage).toEqual({ target: 5, achieved: 0, pct: 0 });
    expect(s.automatic).toEqual({ claims: 10, withError: 0 });
    // Same seed, same sample; a new seed draws another.
    expect(audit.sample('2026-11-23').fcos[0]!.sample).toEqual(s.fcos[0]!.sample);
    ok(audit.updateSettings({ sampleSeed: 'another' }, 'tl-tess'));
    expect(audit.sample('2026-11-23').fcos[0]!.sample).not.toEqual(s.fcos[0]!.sample);
    ok(audit.updateSettings({ sampleSeed: 'test-seed' }, 'tl-tess'));

    const first = s.fcos[0]!.sample[0]!;
    const pass = ok(audit.recordCheck({ source: 'product', ref: first.ref, benefitMarkerOk: true, jobcentreMarkerOk: true, appointmentOk: true, evidenceOk: true, note: '' }, 'tl-tess'));
    expect(pass).toMatchObject({ outcome: 'pass', fcoId: 'fco-ann', week: '2026-11-23', checkedBy: 'tl-tess' });
    const failCheck = ok(audit.recordCheck({ source: 'product', ref: s.fcos[1]!.sample[0]!.ref, benefitMarkerOk: true, jobcentreMarkerOk: false, appointmentOk: true, evidenceOk: true, note: 'Office is wrong' }, 'tl-tess'));
    expect(failCheck.outcome).toBe('fail');
    const after = audit.sample('2026-11-23');
    expect(after.coverage).toEqual({ target: 5, achieved: 2, pct: 40 });
    expect(after.fcos[0]!.sample.find((c) => c.ref === first.ref)?.checked).toBe(true);
    expect(ok(audit.claim('product', first.ref)).checks).toHaveLength(1);
    expect(audit.recordCheck({ source: 'product', ref: 'no-such', benefitMarkerOk: true, jobcentreMarkerOk: true, appointmentOk: true, evidenceOk: true, note: '' }, 'tl').ok).toBe(false);
    // A check is a record of what a person found: never edited or deleted.
    expect(() => app.db.prepare('UPDATE audit_checks SET outcome = ?').run('pass')).toThrow(/append-only/);
    expect(() => app.db.prepare('DELETE FROM audit_checks').run()).toThrow(/append-only/);
    const csv = audit.exportCsv({ report: 'sample', week: '2026-11-23' });
    expect(csv.rows).toBe(5);
    expect(audit.exportCsv({ report: 'checks', source: 'all' }).rows).toBe(2);
  });

  it('refuses settings that make no sense, and keeps the rest', () => {
    const before = audit.settings();
    const r = audit.updateSettings({ deferralLowPct: 50, deferralHighPct: 10 }, 'tl');
    expect(r.ok || r.error.field).toBe('deferralLowPct');
    expect(audit.updateSettings({ samplePerFcoPerWeek: -1 }, 'tl').ok).toBe(false);
    expect(audit.settings()).toEqual(before);
  });
});
