import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/migrate';
import { allMigrations } from '../../main/db/migrations';

describe('migration 0006 (appointments)', () => {
  it('adds the diary, booking, deferral and hand-off tables to a version-5 database holding a call, losing nothing', () => {
    const db = new Database(':memory:');
    migrate(db, allMigrations, 5);
    db.prepare("INSERT INTO script_packages VALUES ('h', 's', '1.0.0', '{}', 'now')").run();
    db.prepare("INSERT INTO calls VALUES ('c1', 'h', 'f', '2026-11-23', 'now', 'complete', 'complete', NULL, 9, '{}', '{}', 'now')").run();
    migrate(db, allMigrations, 6);
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT call_id FROM calls').all()).toEqual([{ call_id: 'c1' }]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'appt_%' ORDER BY name").pluck().all()).toEqual([
      'appt_absences',
      'appt_adviser_hours',
      'appt_advisers',
      'appt_bookings',
      'appt_deferral_authorisations',
      'appt_deferrals',
      'appt_due_windows',
      'appt_handoff_history',
      'appt_handoff_outbox',
      'appt_handoffs',
      'appt_meta',
    ]);
    db.pragma('foreign_keys = ON');
    db.prepare("INSERT INTO appt_advisers VALUES ('A1', 'JC1', 'Fay', 'financialAssessor', 20, 20, 1, '[\"inPerson\"]', 1, 'test', 'now')").run();
    expect(() => db.prepare("INSERT INTO appt_advisers VALUES ('A2', 'JC1', 'Bob', 'receptionist', 20, 20, 1, '[]', 1, 'test', 'now')").run()).toThrow(/CHECK/);
    const book = db.prepare(
      "INSERT INTO appt_bookings (booking_id, call_id, kind, office_code, adviser_id, start_at, start_ms, minutes, seat, mode, benefit_id, source, status, rebook_count, created_at, created_by, updated_at) VALUES (?, ?, 'fa', 'JC1', 'A1', 'x', 1000, 20, 1, 'inPerson', 'b', 'call', ?, 0, 'n', 'n', 'n')",
    );
    book.run('b1', 'c1', 'booked');
    // The database itself refuses a second holder of the same seat …
    expect(() => book.run('b2', 'c1', 'booked')).toThrow(/UNIQUE/);
    // … but a cancelled booking frees it.
    db.prepare("UPDATE appt_bookings SET status = 'cancelled' WHERE booking_id = 'b1'").run();
    book.run('b3', 'c1', 'booked');
    expect(() => book.run('b4', 'ghost', 'cancelled')).toThrow(/FOREIGN KEY/);
    migrate(db, allMigrations);
    expect(schemaVersion(db)).toBe(allMigrations.length);
  });
});

describe('migration 0008 (follow-ups; unsent hand-offs sent)', () => {
  it('keeps the note taken at a failure to attend, and sends a hand-off left drafted, as of its drafting, by system', () => {
    const db = new Database(':memory:');
    migrate(db, allMigrations, 7);
    db.prepare("INSERT INTO script_packages VALUES ('h', 's', '1.0.0', '{}', 'now')").run();
    for (const id of ['c1', 'c2']) db.prepare("INSERT INTO calls VALUES (?, 'h', 'f', '2026-11-23', 'now', 'complete', 'complete', NULL, 9, '{}', '{}', 'now')").run(id);
    db.prepare("INSERT INTO appt_advisers VALUES ('A1', 'JC1', 'Fay', 'financialAssessor', 20, 20, 1, '[\"inPerson\"]', 1, 'test', 'now')").run();
    db.prepare(
      "INSERT INTO appt_bookings (booking_id, call_id, kind, office_code, adviser_id, start_at, start_ms, minutes, seat, mode, benefit_id, source, status, rebook_count, outcome_at, outcome_by, outcome_note, created_at, created_by, updated_at) VALUES ('b1', 'c1', 'fa', 'JC1', 'A1', 'x', 1000, 20, 1, 'inPerson', 'b', 'call', 'fta', 0, 't1', 'fa-1', 'No show', 'n', 'n', 'n')",
    ).run();
    const handoff = db.prepare("INSERT INTO appt_handoffs (call_id, office_code, status, revision, sent_revision, payload, drafted_at, updated_at) VALUES (?, 'JC1', ?, ?, ?, ?, '2026-11-23T10:00:00.000Z', ?)");
    handoff.run('c1', 'drafted', 2, null, '{"r":2}', '2026-11-24T09:00:00.000Z');
    handoff.run('c2', 'acknowledged', 1, 1, '{"r":1}', '2026-11-23T11:00:00.000Z');
    db.prepare("INSERT INTO appt_handoff_outbox VALUES ('c2', 1, '{\"r\":1}', '2026-11-23T10:00:00.000Z', 'fco-1')").run();

    migrate(db, allMigrations, 8);
    expect(db.prepare("SELECT outcome_note, outcome_by, follow_up, follow_up_at, follow_up_by, follow_up_note FROM appt_bookings WHERE booking_id = 'b1'").get()).toEqual({
      outcome_note: 'No show',
      outcome_by: 'fa-1',
      follow_up: null,
      follow_up_at: null,
      follow_up_by: null,
      follow_up_note: null,
    });
    expect(db.prepare('SELECT call_id, status, sent_revision, sent_at, sent_by FROM appt_handoffs ORDER BY call_id').all()).toEqual([
      { call_id: 'c1', status: 'sent', sent_revision: 2, sent_at: '2026-11-24T09:00:00.000Z', sent_by: 'system' },
      // Already sent and acknowledged: untouched.
      { call_id: 'c2', status: 'acknowledged', sent_revision: 1, sent_at: null, sent_by: null },
    ]);
    expect(db.prepare('SELECT call_id, revision, payload, sent_by FROM appt_handoff_outbox ORDER BY call_id').all()).toEqual([
      { call_id: 'c1', revision: 2, payload: '{"r":2}', sent_by: 'system' },
      { call_id: 'c2', revision: 1, payload: '{"r":1}', sent_by: 'fco-1' },
    ]);
    expect(db.prepare('SELECT call_id, from_status, to_status, revision, at, by FROM appt_handoff_history').all()).toEqual([
      { call_id: 'c1', from_status: 'drafted', to_status: 'sent', revision: 2, at: '2026-11-24T09:00:00.000Z', by: 'system' },
    ]);
  });
});

describe('migration 0010 (re-contact attempts)', () => {
  it('keeps each deferral’s attempt count and carries its last attempt over, caller not recorded', () => {
    const db = new Database(':memory:');
    migrate(db, allMigrations, 9);
    db.prepare("INSERT INTO script_packages VALUES ('h', 's', '1.0.0', '{}', 'now')").run();
    for (const id of ['c1', 'c2', 'c3']) db.prepare("INSERT INTO calls (call_id, script_hash, fco_id, claim_date, started_at, status, phase, step, last_seq, snapshot, updated_at) VALUES (?, 'h', 'f', '2026-11-23', 'now', 'complete', 'complete', NULL, 9, '{}', 'now')").run(id);
    const deferral = db.prepare(
      "INSERT INTO appt_deferrals (call_id, office_code, benefit_id, reason, until_date, review_date, pa_allocated, status, recorded_at, recorded_by, attempts, last_attempt_at, recontacted_by, recontact_outcome, recontact_note) VALUES (?, 'JC1', 'carers', 'r', '2026-12-28', '2026-12-21', 'Priya', ?, 'n', 'fco-1', ?, ?, ?, ?, ?)",
    );
    deferral.run('c1', 'active', 2, '2026-12-22T14:05:00.000Z', null, null, 'Ring after 3pm');
    deferral.run('c2', 'recontacted', 3, '2026-12-23T10:00:00.000Z', 'pa-7', 'reached', 'WFI to be booked');
    deferral.run('c3', 'active', 0, null, null, null, null);

    migrate(db, allMigrations, 10);
    expect(db.prepare('SELECT call_id, attempts FROM appt_deferrals ORDER BY call_id').all()).toEqual([
      { call_id: 'c1', attempts: 2 },
      { call_id: 'c2', attempts: 3 },
      { call_id: 'c3', attempts: 0 },
    ]);
    expect(db.prepare('SELECT call_id, at, by, outcome, note FROM appt_recontact_attempts ORDER BY id').all()).toEqual([
      { call_id: 'c1', at: '2026-12-22T14:05:00.000Z', by: null, outcome: 'noContact', note: 'Ring after 3pm' },
      { call_id: 'c2', at: '2026-12-23T10:00:00.000Z', by: 'pa-7', outcome: 'reached', note: 'WFI to be booked' },
    ]);
    migrate(db, allMigrations);
    expect(schemaVersion(db)).toBe(allMigrations.length);
  });
});
