import type { Migration } from '../migration';

/**
 * Every re-contact attempt gets a row of its own: who rang, when, the outcome and their note. Until now a deferral
 * kept only a count and the time of the last attempt, and each "no contact" note replaced the one before, so the
 * adviser ringing next could not see who had tried or what they had learned.
 *
 * Attempts recorded before this version keep their count; the last of them is carried over with the note the deferral
 * held. Its caller is known only when it reached the customer (`recontacted_by`); otherwise `by` is null: not recorded.
 */
export const m0010RecontactAttempts: Migration = {
  version: 10,
  name: 're-contact attempts, each with who, when, outcome and note',
  up(db) {
    db.exec(`
      CREATE TABLE appt_recontact_attempts (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES appt_deferrals(call_id),
        at TEXT NOT NULL,
        by TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('reached', 'noContact')),
        note TEXT NOT NULL
      ) STRICT;
      CREATE INDEX appt_recontact_attempts_by_call ON appt_recontact_attempts(call_id, id);

      -- The log is what the next adviser relies on: rows are added, never changed.
      CREATE TRIGGER appt_recontact_attempts_no_update BEFORE UPDATE ON appt_recontact_attempts
        BEGIN SELECT RAISE(ABORT, 'appt_recontact_attempts is append-only'); END;
      CREATE TRIGGER appt_recontact_attempts_no_delete BEFORE DELETE ON appt_recontact_attempts
        BEGIN SELECT RAISE(ABORT, 'appt_recontact_attempts is append-only'); END;

      INSERT INTO appt_recontact_attempts (call_id, at, by, outcome, note)
        SELECT call_id, last_attempt_at,
               CASE WHEN status = 'recontacted' THEN recontacted_by END,
               CASE WHEN status = 'recontacted' THEN coalesce(recontact_outcome, 'reached') ELSE 'noContact' END,
               coalesce(recontact_note, '')
          FROM appt_deferrals WHERE last_attempt_at IS NOT NULL ORDER BY last_attempt_at, call_id;
    `);
  },
};
