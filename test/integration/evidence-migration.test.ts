import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/migrate';
import { allMigrations } from '../../main/db/migrations';

describe('migration 0004 (evidence)', () => {
  it('adds the FA tables to a version-3 database that already holds a completed call, losing nothing', () => {
    const db = new Database(':memory:');
    migrate(db, allMigrations, 3);
    db.prepare("INSERT INTO script_packages VALUES ('h', 's', '1.0.0', '{}', 'now')").run();
    db.prepare("INSERT INTO calls VALUES ('c1', 'h', 'f', '2026-11-23', 'now', 'complete', 'complete', NULL, 9, '{}', '{}', 'now')").run();
    migrate(db, allMigrations, 4);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT call_id FROM calls').all()).toEqual([{ call_id: 'c1' }]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'fa_%' ORDER BY name").pluck().all();
    expect(tables).toEqual(['fa_checks', 'fa_feedback', 'fa_item_marks', 'fa_queue']);
    // STRICT tables and CHECKs: a bad state or a non-array evidence list is refused by the database itself.
    db.prepare(
      "INSERT INTO fa_queue (call_id, office_code, benefit_id, fco_id, claim_date, appointment_kind, sort_at, item_count, queued_at, updated_at) VALUES ('c1', 'JC1', 'b', 'f', '2026-11-23', 'dueWindow', 'x', 3, 'now', 'now')",
    ).run();
    expect(() => db.prepare("UPDATE fa_queue SET state = 'lost'").run()).toThrow(/CHECK/);
    const fb = db.prepare(
      "INSERT INTO fa_feedback (call_id, fco_id, office_code, benefit_id, claim_form, claim_form_note, evidence_missing, evidence_note, wrong_benefit, wrong_office, wished_known, at, by) VALUES ('c1', 'f', 'JC1', 'b', 'none', '', ?, '', 0, 0, '', 'now', 'fa')",
    );
    expect(() => fb.run('{"not":"an array"}')).toThrow(/CHECK/);
    fb.run('["ssp1"]');
    expect(() => db.prepare('DELETE FROM fa_feedback').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE fa_feedback SET wished_known = 'x'").run()).toThrow(/append-only/);
    // A queue row needs a real call.
    db.pragma('foreign_keys = ON');
    expect(() =>
      db.prepare("INSERT INTO fa_queue (call_id, office_code, benefit_id, fco_id, claim_date, appointment_kind, sort_at, item_count, queued_at, updated_at) VALUES ('ghost', 'JC1', 'b', 'f', 'd', 'noWfi', 'x', 0, 'n', 'n')").run(),
    ).toThrow(/FOREIGN KEY/);
    migrate(db, allMigrations);
    expect(schemaVersion(db)).toBe(allMigrations.length);
  });
});
