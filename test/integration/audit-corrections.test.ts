import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { fail } from '../../machines/contract/errors';
import { AuditService, callsForReports } from '../../main/audit/auditService';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import { migrate, schemaVersion } from '../../main/db/migrate';
import { allMigrations } from '../../main/db/migrations';
import { completeIbCall } from '../helpers/calls';
import { makeTestApp, testDirectory, type TestApp } from '../helpers/fixtures';

let app: TestApp;
afterEach(() => app?.close());

const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

function attach(a: TestApp, onError?: (m: string) => void): AuditService {
  return new AuditService({
    db: a.db,
    calls: a.service,
    scripts: new ScriptRegistry(a.db, () => a.clock.now),
    directory: testDirectory(),
    clock: () => a.clock.now,
    defaultSeed: 's',
    ...(onError ? { onError } : {}),
  });
}

const completeIbClaim = (a: TestApp): ClaimRecord => completeIbCall(a);

const auditRow = (a: TestApp, ref: string) => a.db.prepare("SELECT seq, corrections, jobcentre_marker, benefit_marker, errors, updated_at FROM audit_claims WHERE source = 'product' AND ref = ?").get(ref);

describe('corrections by a team leader keep the clock', () => {
  it('leaves the claim date and window where they were; the old restart-the-clock rule would have moved them', () => {
    app = makeTestApp({ start: '2026-11-23T16:55:00.000Z' });
    const audit = attach(app);
    const done = completeIbClaim(app);
    expect(done.dueWindow).toEqual({ from: '2027-01-18', to: '2027-02-21', bookableFrom: '2027-01-18', bookableTo: '2027-02-19' });

    app.clock.advance(3 * 86_400);
    const after = ok(app.service.send(done.callId, { type: 'claim.correct', target: 'office', value: 'JC-EAST', reason: 'Customer lives on the boundary; East serves the estate' }, 'tl-tess')).record;
    expect(after.claimDate).toBe('2026-11-23');
    expect(after.dueWindow).toEqual(done.dueWindow);

    const first = ok(audit.claim('product', done.callId));
    expect(first.clock).toEqual({
      asItStands: { clockStart: '2026-11-23', window: { from: '2027-01-18', to: '2027-02-21' }, wfiDay: null },
      oldRule: { clockStart: '2026-11-26', window: { from: '2027-01-21', to: '2027-02-24' }, wfiDay: null },
      shiftDays: 3,
      benefitDueWindowDays: [57, 91],
      wfiDate: null,
    });
    expect(first.changes).toEqual([
      expect.objectContaining({ kind: 'correction', target: 'office', from: 'JC-NORTH', to: 'JC-EAST', by: 'tl-tess', reason: 'Customer lives on the boundary; East serves the estate' }),
    ]);
    // The correction is to an office outside the postcode's area, but it carries its reason: no JP-process error.
    expect(first.claim.reasons).toEqual([]);
    expect(first.claim.jobcentreMarker).toBe('JC-EAST');

    // A second correction a week later: the window still does not move; the old rule would have moved it again.
    app.clock.advance(7 * 86_400);
    ok(app.service.send(done.callId, { type: 'claim.correct', target: 'benefitMarker', value: 'jobseeker', reason: 'Fit for work from next week' }, 'tl-tess'));
    const second = ok(audit.claim('product', done.callId));
    expect(second.clock!.asItStands.window).toEqual({ from: done.dueWindow!.from, to: done.dueWindow!.to });
    expect(second.clock!.oldRule).toEqual({ clockStart: '2026-12-03', window: { from: '2027-01-28', to: '2027-03-03' }, wfiDay: null });
    expect(second.claim.corrections).toBe(2);
    expect(ok(app.service.get(done.callId)).record.dueWindow).toEqual(done.dueWindow);
  });

  it('refuses a correction without a reason, and the audit does not change', () => {
    app = makeTestApp();
    attach(app);
    const done = completeIbClaim(app);
    const before = auditRow(app, done.callId);
    for (const reason of ['', '  ', 'no']) {
      const r = app.service.send(done.callId, { type: 'claim.correct', target: 'office', value: 'JC-EAST', reason }, 'tl-tess');
      expect(r.ok || r.error.code).toBe('invalid_payload');
    }
    expect(auditRow(app, done.callId)).toEqual(before);
  });

  it('is part of the event transaction: a correction refused by another area leaves the audit as it was', () => {
    app = makeTestApp();
    attach(app);
    const done = completeIbClaim(app);
    app.service.addAppendHook(({ event }) => (event.type === 'claim.correct' ? fail('policy_forbids', 'Refused by another area for this test.').error : null));
    const before = auditRow(app, done.callId);
    const r = app.service.send(done.callId, { type: 'claim.correct', target: 'office', value: 'JC-EAST', reason: 'Boundary street' }, 'tl-tess');
    expect(r.ok || r.error.code).toBe('policy_forbids');
    expect(auditRow(app, done.callId)).toEqual(before);
    expect(app.db.prepare('SELECT count(*) FROM audit_changes').pluck().get()).toBe(0);
  });

  it('never refuses a call because the audit failed, and catches up afterwards', () => {
    app = makeTestApp();
    const errors: string[] = [];
    const audit = attach(app, (m) => errors.push(m));
    const done = completeIbClaim(app);
    app.db.exec('ALTER TABLE audit_summary RENAME TO audit_summary_away');
    app.clock.advance(3600);
    const r = app.service.send(done.callId, { type: 'claim.correct', target: 'office', value: 'JC-EAST', reason: 'Boundary street' }, 'tl-tess');
    expect(r.ok).toBe(true);
    expect(errors).toEqual([expect.stringMatching(new RegExp(`audit not updated for call ${done.callId}`))]);
    expect(auditRow(app, done.callId)).toMatchObject({ jobcentre_marker: 'JC-NORTH', corrections: 0 });
    app.db.exec('ALTER TABLE audit_summary_away RENAME TO audit_summary');
    expect(audit.catchUp()).toBe(1);
    expect(auditRow(app, done.callId)).toMatchObject({ jobcentre_marker: 'JC-EAST', corrections: 1 });
    expect(audit.catchUp()).toBe(0);
  });
});

describe('claims completed before the audit was attached', () => {
  it('are audited when the audit service starts (catch-up), including on a database migrated from version 6', () => {
    app = makeTestApp();
    const done = completeIbClaim(app); // no audit attached yet
    expect(app.db.prepare('SELECT count(*) FROM audit_claims').pluck().get()).toBe(0);
    attach(app);
    expect(auditRow(app, done.callId)).toMatchObject({ errors: 0, jobcentre_marker: 'JC-NORTH' });

    // Migration 7 on a version-6 database that already holds the completed call: the call is kept and audited.
    const raw = new Database(':memory:');
    migrate(raw, allMigrations, 6);
    const pkg = app.db.prepare('SELECT * FROM script_packages').get() as Record<string, unknown>;
    raw.prepare('INSERT INTO script_packages VALUES (@hash, @script_id, @version, @content, @stored_at)').run(pkg);
    // The row as a version-6 database held it: the claim record was stored with the snapshot then (decision 0009).
    const call = { ...(app.db.prepare('SELECT * FROM calls WHERE call_id = ?').get(done.callId) as Record<string, unknown>), record: JSON.stringify(app.service.record(done.callId)) };
    raw.prepare(
      'INSERT INTO calls VALUES (@call_id, @script_hash, @fco_id, @claim_date, @started_at, @status, @phase, @step, @last_seq, @snapshot, @record, @updated_at)',
    ).run(call);
    migrate(raw, allMigrations);
    expect(schemaVersion(raw)).toBe(allMigrations.length);
    const scripts = new ScriptRegistry(raw);
    const audit = new AuditService({ db: raw, calls: callsForReports(raw, scripts), scripts, directory: testDirectory(), clock: () => app.clock.now, defaultSeed: 's' });
    expect(raw.prepare('SELECT call_id FROM calls').pluck().all()).toEqual([done.callId]);
    expect(audit.jpReport({ source: 'all', offset: 0, limit: 10 }).checked).toEqual({ claims: 1, withError: 0 });
    raw.close();
  });
});
