import type { Migration } from '../migration';

/**
 * The financial assessor's side. `fa_queue` is a projection (one row per completed claim, kept current by the call
 * append hook and the FA's actions); the marks, checks and feedback are append-only logs: the latest entry counts,
 * nothing is overwritten.
 */
export const m0004Evidence: Migration = {
  version: 4,
  name: 'evidence: FA queue, evidence marks, claim checks, feedback proforma',
  up(db) {
    db.exec(`
      CREATE TABLE fa_queue (
        call_id TEXT PRIMARY KEY REFERENCES calls(call_id),
        office_code TEXT NOT NULL,
        benefit_id TEXT NOT NULL,
        fco_id TEXT NOT NULL,
        claim_date TEXT NOT NULL,
        customer_name TEXT,
        appointment_kind TEXT NOT NULL CHECK (appointment_kind IN ('booked', 'dueWindow', 'deferred', 'noWfi')),
        fa_start TEXT,
        evidence_due TEXT,
        sort_at TEXT NOT NULL,
        item_count INTEGER NOT NULL,
        queued_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'awaiting' CHECK (state IN ('awaiting', 'ready', 'evidenceRequested', 'didNotAttend')),
        open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
        seen INTEGER NOT NULL DEFAULT 0,
        missing INTEGER NOT NULL DEFAULT 0,
        requested INTEGER NOT NULL DEFAULT 0,
        -- The FA meeting: the first check where the customer attended. Sticky, so follow-ups never rewrite it.
        met_at TEXT,
        evidence_requested INTEGER NOT NULL DEFAULT 0 CHECK (evidence_requested IN (0, 1)),
        feedback_id INTEGER
      ) STRICT;
      CREATE INDEX fa_queue_by_office ON fa_queue(office_code, open, sort_at, call_id);
      CREATE INDEX fa_queue_by_office_all ON fa_queue(office_code, sort_at, call_id);
      CREATE INDEX fa_queue_met ON fa_queue(met_at) WHERE met_at IS NOT NULL;

      CREATE TABLE fa_item_marks (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES fa_queue(call_id),
        item_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('seen', 'missing', 'requested')),
        on_checklist INTEGER NOT NULL CHECK (on_checklist IN (0, 1)),
        note TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX fa_item_marks_by_call ON fa_item_marks(call_id, item_id, id);

      CREATE TABLE fa_checks (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES fa_queue(call_id),
        office_code TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('ready', 'evidenceRequested', 'didNotAttend')),
        evidence_requested INTEGER NOT NULL CHECK (evidence_requested IN (0, 1)),
        extra_requested TEXT NOT NULL,
        note TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX fa_checks_by_call ON fa_checks(call_id, id);

      CREATE TABLE fa_feedback (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES fa_queue(call_id),
        fco_id TEXT NOT NULL,
        office_code TEXT NOT NULL,
        benefit_id TEXT NOT NULL,
        claim_form TEXT NOT NULL CHECK (claim_form IN ('none', 'missing', 'incorrect')),
        claim_form_note TEXT NOT NULL,
        evidence_missing TEXT NOT NULL CHECK (json_valid(evidence_missing) AND json_type(evidence_missing) = 'array'),
        evidence_note TEXT NOT NULL,
        wrong_benefit INTEGER NOT NULL CHECK (wrong_benefit IN (0, 1)),
        wrong_office INTEGER NOT NULL CHECK (wrong_office IN (0, 1)),
        wished_known TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX fa_feedback_by_call ON fa_feedback(call_id, id);
      CREATE INDEX fa_feedback_by_fco ON fa_feedback(fco_id, at);

      CREATE TRIGGER fa_item_marks_no_update BEFORE UPDATE ON fa_item_marks BEGIN SELECT RAISE(ABORT, 'fa_item_marks is append-only'); END;
      CREATE TRIGGER fa_item_marks_no_delete BEFORE DELETE ON fa_item_marks BEGIN SELECT RAISE(ABORT, 'fa_item_marks is append-only'); END;
      CREATE TRIGGER fa_checks_no_update BEFORE UPDATE ON fa_checks BEGIN SELECT RAISE(ABORT, 'fa_checks is append-only'); END;
      CREATE TRIGGER fa_checks_no_delete BEFORE DELETE ON fa_checks BEGIN SELECT RAISE(ABORT, 'fa_checks is append-only'); END;
      CREATE TRIGGER fa_feedback_no_update BEFORE UPDATE ON fa_feedback BEGIN SELECT RAISE(ABORT, 'fa_feedback is append-only'); END;
      CREATE TRIGGER fa_feedback_no_delete BEFORE DELETE ON fa_feedback BEGIN SELECT RAISE(ABORT, 'fa_feedback is append-only'); END;
    `);
  },
};
