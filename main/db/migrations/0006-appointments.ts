import type { Migration } from '../migration';

/**
 * Jobcentre diaries (advisers, their weekly hours, absences), bookings, IB due windows on the interview schedule,
 * deferrals and their team-leader authorisations, and the hand-off record with its outbox.
 *
 * Slots are not stored: an adviser's slots follow from their hours (a grid of `step_minutes` from the start of each
 * block). A booking holds one seat of one slot; the partial unique index is the database's own guarantee that two
 * desks can never hold the same seat, whatever the code above it does.
 */
export const m0006Appointments: Migration = {
  version: 6,
  name: 'appointments: diaries, bookings, due windows, deferrals, hand-offs',
  up(db) {
    db.exec(`
      CREATE TABLE appt_advisers (
        adviser_id TEXT PRIMARY KEY,
        office_code TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('financialAssessor', 'personalAdviser', 'ibPersonalAdviser', 'loneParentAdviser', 'disabilityEmploymentAdviser')),
        slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
        step_minutes INTEGER NOT NULL CHECK (step_minutes >= slot_minutes AND step_minutes <= 480),
        capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10),
        modes TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX appt_advisers_by_office ON appt_advisers(office_code, active);

      CREATE TABLE appt_adviser_hours (
        adviser_id TEXT NOT NULL REFERENCES appt_advisers(adviser_id),
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 5),
        start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
        end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
        CHECK (end_minute > start_minute),
        PRIMARY KEY (adviser_id, weekday, start_minute)
      ) STRICT;

      CREATE TABLE appt_absences (
        adviser_id TEXT NOT NULL REFERENCES appt_advisers(adviser_id),
        from_date TEXT NOT NULL,
        to_date TEXT NOT NULL,
        reason TEXT NOT NULL,
        CHECK (to_date >= from_date),
        PRIMARY KEY (adviser_id, from_date)
      ) STRICT;

      CREATE TABLE appt_meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO appt_meta (key, value) VALUES ('diary_version', 0);

      CREATE TABLE appt_bookings (
        booking_id TEXT PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES calls(call_id),
        kind TEXT NOT NULL CHECK (kind IN ('fa', 'wfi')),
        office_code TEXT NOT NULL,
        adviser_id TEXT NOT NULL REFERENCES appt_advisers(adviser_id),
        start_at TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 240),
        seat INTEGER NOT NULL CHECK (seat >= 1),
        mode TEXT NOT NULL CHECK (mode IN ('inPerson', 'telephone', 'homeVisit')),
        benefit_id TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('call', 'schedule', 'rebook')),
        status TEXT NOT NULL CHECK (status IN ('booked', 'attended', 'fta', 'cancelled')),
        rebook_of TEXT REFERENCES appt_bookings(booking_id),
        rebook_count INTEGER NOT NULL CHECK (rebook_count >= 0),
        event_seq INTEGER,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        outcome_at TEXT,
        outcome_by TEXT,
        outcome_note TEXT,
        follow_up TEXT CHECK (follow_up IS NULL OR follow_up IN ('homeVisit', 'telephoneInterview', 'sanctionReferral', 'noAction')),
        precall_at TEXT,
        precall_by TEXT,
        precall_outcome TEXT CHECK (precall_outcome IS NULL OR precall_outcome IN ('confirmed', 'noAnswer', 'wrongNumber', 'cannotAttend')),
        precall_note TEXT,
        cancelled_at TEXT,
        cancel_reason TEXT
      ) STRICT;
      CREATE UNIQUE INDEX appt_bookings_one_per_seat ON appt_bookings(adviser_id, start_ms, seat) WHERE status <> 'cancelled';
      CREATE INDEX appt_bookings_by_office_time ON appt_bookings(office_code, start_ms);
      CREATE INDEX appt_bookings_by_call ON appt_bookings(call_id, kind);

      CREATE TABLE appt_due_windows (
        call_id TEXT PRIMARY KEY REFERENCES calls(call_id),
        office_code TEXT NOT NULL,
        benefit_id TEXT NOT NULL,
        claim_date TEXT NOT NULL,
        window_from TEXT NOT NULL,
        window_to TEXT NOT NULL,
        bookable_from TEXT,
        bookable_to TEXT,
        wfi_roles TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('due', 'booked', 'cancelled')),
        booking_id TEXT REFERENCES appt_bookings(booking_id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX appt_due_windows_by_office ON appt_due_windows(office_code, status, window_to);

      CREATE TABLE appt_deferral_authorisations (
        authorisation_id TEXT PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES calls(call_id),
        reason TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        request_note TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
        decided_by TEXT,
        decided_at TEXT,
        decision_note TEXT,
        used_seq INTEGER
      ) STRICT;
      CREATE INDEX appt_deferral_authorisations_by_status ON appt_deferral_authorisations(status, requested_at);

      CREATE TABLE appt_deferrals (
        call_id TEXT PRIMARY KEY REFERENCES calls(call_id),
        office_code TEXT NOT NULL,
        benefit_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT,
        until_date TEXT NOT NULL,
        review_date TEXT NOT NULL,
        pa_allocated TEXT NOT NULL,
        authorisation_id TEXT REFERENCES appt_deferral_authorisations(authorisation_id),
        status TEXT NOT NULL CHECK (status IN ('active', 'recontacted', 'cancelled')),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt_at TEXT,
        recontacted_at TEXT,
        recontacted_by TEXT,
        recontact_outcome TEXT,
        recontact_note TEXT
      ) STRICT;
      CREATE INDEX appt_deferrals_by_review ON appt_deferrals(status, review_date);

      CREATE TABLE appt_handoffs (
        call_id TEXT PRIMARY KEY REFERENCES calls(call_id),
        office_code TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('drafted', 'sent', 'acknowledged', 'conducted')),
        revision INTEGER NOT NULL CHECK (revision >= 1),
        sent_revision INTEGER,
        payload TEXT NOT NULL,
        drafted_at TEXT NOT NULL,
        sent_at TEXT,
        sent_by TEXT,
        acknowledged_at TEXT,
        acknowledged_by TEXT,
        conducted_at TEXT,
        conducted_by TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX appt_handoffs_by_office ON appt_handoffs(office_code, status);

      CREATE TABLE appt_handoff_outbox (
        call_id TEXT NOT NULL REFERENCES appt_handoffs(call_id),
        revision INTEGER NOT NULL,
        payload TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        sent_by TEXT NOT NULL,
        PRIMARY KEY (call_id, revision)
      ) STRICT;
      CREATE TRIGGER appt_handoff_outbox_no_update BEFORE UPDATE ON appt_handoff_outbox
        BEGIN SELECT RAISE(ABORT, 'appt_handoff_outbox is append-only'); END;
      CREATE TRIGGER appt_handoff_outbox_no_delete BEFORE DELETE ON appt_handoff_outbox
        BEGIN SELECT RAISE(ABORT, 'appt_handoff_outbox is append-only'); END;

      CREATE TABLE appt_handoff_history (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL REFERENCES appt_handoffs(call_id),
        from_status TEXT,
        to_status TEXT NOT NULL,
        revision INTEGER NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
