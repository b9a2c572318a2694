import type { Migration } from '../migration';

/** Calls, their append-only event log, pinned script packages. */
export const m0001Core: Migration = {
  version: 1,
  name: 'core: script packages, calls, call events',
  up(db) {
    db.exec(`
      CREATE TABLE script_packages (
        hash TEXT PRIMARY KEY,
        script_id TEXT NOT NULL,
        version TEXT NOT NULL,
        content TEXT NOT NULL,
        stored_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE calls (
        call_id TEXT PRIMARY KEY,
        script_hash TEXT NOT NULL REFERENCES script_packages(hash),
        fco_id TEXT NOT NULL,
        claim_date TEXT NOT NULL,
        started_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'complete', 'ended')),
        phase TEXT NOT NULL,
        step TEXT,
        last_seq INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        record TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX calls_by_status ON calls(status, updated_at);
      CREATE INDEX calls_by_fco ON calls(fco_id, started_at);

      CREATE TABLE call_events (
        call_id TEXT NOT NULL REFERENCES calls(call_id),
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (call_id, seq)
      ) STRICT;

      -- Site-level switches (e.g. job search on the call while new staff bed in), with who changed them.
      CREATE TABLE site_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      -- Append-only: the log is evidence. Corrections are new rows, never edits.
      CREATE TRIGGER call_events_no_update BEFORE UPDATE ON call_events
        BEGIN SELECT RAISE(ABORT, 'call_events is append-only'); END;
      CREATE TRIGGER call_events_no_delete BEFORE DELETE ON call_events
        BEGIN SELECT RAISE(ABORT, 'call_events is append-only'); END;
    `);
  },
};
