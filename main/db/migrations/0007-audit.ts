import type { Migration } from '../migration';

/**
 * The team-leader audit. `audit_claims` has one row per claim, from either source: claims taken in this product
 * (kept current inside each accepted call event's transaction) and marker records imported from a legacy export.
 * `audit_summary` holds the same rows summed per day (and per month) × FCO × team × source, so reports over a million
 * claims read thousands of summary rows instead of a million claim rows. Both are derived
 * data: the evidence is the append-only call log and the legacy file; `AuditStore.rebuildSummary` recomputes the summary
 * from the claim rows.
 */
export const m0007Audit: Migration = {
  version: 7,
  name: 'audit: claim findings, daily summary, marker changes, legacy imports, QA checks, settings',
  up(db) {
    db.exec(`
      CREATE TABLE audit_imports (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
        rows_read INTEGER NOT NULL DEFAULT 0,
        imported INTEGER NOT NULL DEFAULT 0,
        replaced INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        errors_found INTEGER NOT NULL DEFAULT 0,
        -- Months (YYYY-MM-01) whose summary this import changes: recomputed at its end, or after an interruption.
        months TEXT NOT NULL DEFAULT '[]',
        by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_claims (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('product', 'legacy')),
        ref TEXT NOT NULL,
        claim_date TEXT NOT NULL,
        -- Monday of the claim's ISO week: the unit of the sampled QA check.
        week TEXT NOT NULL,
        fco_id TEXT NOT NULL,
        team TEXT NOT NULL,
        benefit TEXT,
        nino TEXT,
        postcode TEXT,
        benefit_marker TEXT,
        expected_marker TEXT,
        jobcentre_marker TEXT,
        area_office TEXT,
        appointment TEXT NOT NULL,
        deferral_eligible INTEGER NOT NULL CHECK (deferral_eligible IN (0, 1)),
        deferred INTEGER NOT NULL CHECK (deferred IN (0, 1)),
        call_seconds INTEGER,
        office_overrides INTEGER NOT NULL,
        benefit_overrides INTEGER NOT NULL,
        corrections INTEGER NOT NULL,
        -- Bit i set = REASONS[i] (machines/rules/audit.ts). 0: no JP-process error.
        errors INTEGER NOT NULL,
        -- The findings in words, one per line; NULL when there are none.
        findings TEXT,
        import_id INTEGER REFERENCES audit_imports(id),
        -- Product claims: the call event this row reflects (a restart catches up on anything newer).
        seq INTEGER,
        updated_at TEXT NOT NULL,
        UNIQUE (source, ref)
      ) STRICT;
      -- The JP process report reads only claims with errors, newest first; the filter columns ride along so counts
      -- and filtered pages never touch the table.
      CREATE INDEX audit_claims_errors ON audit_claims(claim_date, id, errors, fco_id, team, source) WHERE errors != 0;
      -- The sampled QA check draws from claims taken in this product, week by week.
      CREATE INDEX audit_claims_week ON audit_claims(week, fco_id) WHERE source = 'product';

      -- Claims summed per period x FCO x team x source, at two grains: 'day' rows, and 'month' rows (start = the 1st)
      -- so a range of whole months reads a twelfth as many rows.
      CREATE TABLE audit_summary (
        grain TEXT NOT NULL CHECK (grain IN ('day', 'month')),
        start TEXT NOT NULL,
        fco_id TEXT NOT NULL,
        team TEXT NOT NULL,
        source TEXT NOT NULL,
        claims INTEGER NOT NULL,
        with_error INTEGER NOT NULL,
        e_jobcentre_missing INTEGER NOT NULL,
        e_jobcentre_contact_centre INTEGER NOT NULL,
        e_jobcentre_not_a_jobcentre INTEGER NOT NULL,
        e_office_outside_area INTEGER NOT NULL,
        e_benefit_marker_mismatch INTEGER NOT NULL,
        e_appointment_not_reached INTEGER NOT NULL,
        office_overrides INTEGER NOT NULL,
        benefit_overrides INTEGER NOT NULL,
        corrections INTEGER NOT NULL,
        deferral_eligible INTEGER NOT NULL,
        deferred INTEGER NOT NULL,
        timed INTEGER NOT NULL,
        -- Call lengths: ascending (seconds u32, count i32) little-endian pairs, so percentiles stay exact.
        hist BLOB NOT NULL,
        PRIMARY KEY (grain, start, fco_id, team, source)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX audit_summary_by_fco ON audit_summary(grain, fco_id, start);
      CREATE INDEX audit_summary_by_team ON audit_summary(grain, team, start);

      CREATE TABLE audit_changes (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES audit_claims(id),
        kind TEXT NOT NULL CHECK (kind IN ('officeOverride', 'benefitMarkerOverride', 'correction')),
        target TEXT,
        from_value TEXT,
        to_value TEXT,
        reason TEXT NOT NULL,
        note TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        day TEXT NOT NULL,
        fco_id TEXT NOT NULL,
        team TEXT NOT NULL,
        source TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_changes_by_day ON audit_changes(day, at);
      CREATE INDEX audit_changes_by_claim ON audit_changes(claim_id);

      CREATE TABLE audit_checks (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES audit_claims(id),
        week TEXT NOT NULL,
        fco_id TEXT NOT NULL,
        benefit_marker_ok INTEGER NOT NULL CHECK (benefit_marker_ok IN (0, 1)),
        jobcentre_marker_ok INTEGER NOT NULL CHECK (jobcentre_marker_ok IN (0, 1)),
        appointment_ok INTEGER NOT NULL CHECK (appointment_ok IN (0, 1)),
        evidence_ok INTEGER NOT NULL CHECK (evidence_ok IN (0, 1)),
        outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'fail')),
        note TEXT NOT NULL,
        checked_by TEXT NOT NULL,
        checked_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_checks_by_week ON audit_checks(week, fco_id);
      CREATE INDEX audit_checks_by_claim ON audit_checks(claim_id);
      -- A QA check is a record of what a person found: a later check is a new row.
      CREATE TRIGGER audit_checks_no_update BEFORE UPDATE ON audit_checks
        BEGIN SELECT RAISE(ABORT, 'audit_checks is append-only'); END;
      CREATE TRIGGER audit_checks_no_delete BEFORE DELETE ON audit_checks
        BEGIN SELECT RAISE(ABORT, 'audit_checks is append-only'); END;

      CREATE TABLE audit_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- The latest call event the audit has applied, and (after a failed update) where a catch-up must start.
        product_through TEXT,
        catch_up_from TEXT
      ) STRICT;
      INSERT INTO audit_meta (id, product_through, catch_up_from) VALUES (1, NULL, NULL);
    `);
  },
};
