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
