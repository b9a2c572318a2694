import type { Migration } from '../migration';

/**
 * Fewer pages written for each accepted event (decision 0010). Every page a commit touches is copied whole (4 KiB) into
 * the WAL, and an accepted event touched about 4.6 of them:
 *
 * - `call_events` was an ordinary table with a separate index for its key (call, seq): two b-trees, two pages per new
 *   event. Keyed `WITHOUT ROWID`, the row lives in its key's b-tree: one.
 * - `calls_by_status` indexed (status, updated_at), and every event moves `updated_at`, so every event rewrote an index
 *   page. It is split by what the queries ask: calls in progress are few (the ones on the phone, and abandoned ones
 *   until the sweep ends them), so they are indexed by id alone and never rewritten while the call goes on; settled
 *   calls (complete, ended) keep (status, updated_at) for the audit's catch-up and the lists, and a call in progress is
 *   not in that index at all, so moving its `updated_at` touches nothing. The store sets `status` only when it changes.
 *
 * The log's rows, their order and the append-only triggers are unchanged.
 */
export const m0011LeanCallWrites: Migration = {
  version: 11,
  name: 'call log keyed without rowid; status indexes that an ordinary event does not rewrite',
  up(db) {
    db.exec(`
      CREATE TABLE call_events_keyed (
        call_id TEXT NOT NULL REFERENCES calls(call_id),
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (call_id, seq)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO call_events_keyed (call_id, seq, type, payload, actor, at)
        SELECT call_id, seq, type, payload, actor, at FROM call_events ORDER BY call_id, seq;
      DROP TRIGGER call_events_no_update;
      DROP TRIGGER call_events_no_delete;
      DROP TABLE call_events;
      ALTER TABLE call_events_keyed RENAME TO call_events;
      -- Append-only: the log is evidence. Corrections are new rows, never edits.
      CREATE TRIGGER call_events_no_update BEFORE UPDATE ON call_events
        BEGIN SELECT RAISE(ABORT, 'call_events is append-only'); END;
      CREATE TRIGGER call_events_no_delete BEFORE DELETE ON call_events
        BEGIN SELECT RAISE(ABORT, 'call_events is append-only'); END;

      DROP INDEX calls_by_status;
      CREATE INDEX calls_in_progress ON calls(call_id) WHERE status = 'in_progress';
      CREATE INDEX calls_settled ON calls(status, updated_at) WHERE status <> 'in_progress';
    `);
  },
};
