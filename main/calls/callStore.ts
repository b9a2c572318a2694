import type { PersistedCall } from '../../machines/callEngine';
import type { CallSummary } from '../../machines/contract/api/core';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';

export interface CallRow {
  callId: string;
  scriptHash: string;
  fcoId: string;
  claimDate: string;
  startedAt: string;
  status: 'in_progress' | 'complete' | 'ended';
  lastSeq: number;
  persisted: PersistedCall;
}

/**
 * The projection kept with every event: the columns other queries filter, sort and list by. The whole claim record
 * is not stored; it is a pure function of the snapshot and the pinned script package (decision 0009).
 */
export interface CallColumns {
  status: CallRow['status'];
  phase: string;
  step: string | null;
  customerName: string | null;
}

/** The columns an event leaves, and the status the row had before it (the sequence check rules out another writer). */
export interface AppendColumns extends CallColumns {
  statusBefore: CallRow['status'];
}

/** A call's stored snapshot with what is needed to project it: its script package and how far it has got. */
export interface StoredSnapshot {
  callId: string;
  scriptHash: string;
  lastSeq: number;
  /** The snapshot as stored (JSON of a PersistedCall). */
  snapshot: string;
}

interface AppendArgs {
  callId: string;
  expectedSeq: number;
  event: { type: string; payload: unknown; actor: string; at: string };
  persisted: PersistedCall;
  columns: AppendColumns;
  within: ((seq: number) => void) | undefined;
}

export interface StoredEvent {
  seq: number;
  type: string;
  payload: unknown;
  actor: string;
  at: string;
}

/**
 * The conditions of the partial status indexes (migration 11), to repeat word for word in a query that should use one:
 * SQLite uses a partial index only when the query's WHERE contains its condition as written.
 */
export const IN_PROGRESS_CALLS = "status = 'in_progress'";
export const SETTLED_CALLS = "status <> 'in_progress'";

const LIST_COLUMNS = 'call_id, fco_id, status, phase, started_at, updated_at, customer_name AS name';

/**
 * SQLite persistence for calls. `append` writes the event, the snapshot and the call's projected columns in one
 * transaction: either all land or none does.
 */
export class CallStore {
  private readonly insertCall;
  private readonly insertEvent;
  private readonly updateCall;
  private readonly updateCallAndStatus;
  private readonly selectCall;
  private readonly selectEvents;
  private readonly selectHead;
  private readonly selectStoredSnapshot;
  /** The list's statements, by their SQL (a handful: one per combination of filters). */
  private readonly listStatements = new Map<string, Statement>();
  /** Built once: better-sqlite3 builds four wrapper functions on every `transaction()` call. */
  private readonly appendTx;

  constructor(readonly db: Db) {
    this.insertCall = db.prepare(
      `INSERT INTO calls (call_id, script_hash, fco_id, claim_date, started_at, status, phase, step, last_seq, snapshot, customer_name, updated_at)
       VALUES (@callId, @scriptHash, @fcoId, @claimDate, @startedAt, 'in_progress', @phase, @step, 0, @snapshot, @customerName, @startedAt)`,
    );
    this.insertEvent = db.prepare('INSERT INTO call_events (call_id, seq, type, payload, actor, at) VALUES (?, ?, ?, ?, ?, ?)');
    // Positional parameters: binding a named-parameter object costs more than the statement on this hot path.
    // `status` is set only when it changes: SQLite rewrites the entries of every index whose columns (or partial-index
    // condition) an UPDATE names, whatever the values, and the status indexes are meant to stay still during a call.
    this.updateCall = db.prepare(
      `UPDATE calls SET phase = ?, step = ?, last_seq = ?, snapshot = ?, customer_name = ?, updated_at = ?
       WHERE call_id = ? AND last_seq = ?`,
    );
    this.updateCallAndStatus = db.prepare(
      `UPDATE calls SET phase = ?, step = ?, last_seq = ?, snapshot = ?, customer_name = ?, updated_at = ?, status = ?
       WHERE call_id = ? AND last_seq = ?`,
    );
    this.selectCall = db.prepare('SELECT call_id, script_hash, fco_id, claim_date, started_at, status, last_seq, snapshot FROM calls WHERE call_id = ?');
    this.selectEvents = db.prepare('SELECT seq, type, payload, actor, at FROM call_events WHERE call_id = ? ORDER BY seq');
    this.selectHead = db.prepare('SELECT script_hash, last_seq FROM calls WHERE call_id = ?');
    this.selectStoredSnapshot = db.prepare('SELECT call_id AS callId, script_hash AS scriptHash, last_seq AS lastSeq, snapshot FROM calls WHERE call_id = ?');
    this.appendTx = db.transaction((a: AppendArgs) => this.writeAppend(a));
  }

  create(row: { callId: string; scriptHash: string; fcoId: string; claimDate: string; startedAt: string; persisted: PersistedCall; columns: CallColumns }): void {
    this.insertCall.run({
      callId: row.callId,
      scriptHash: row.scriptHash,
      fcoId: row.fcoId,
      claimDate: row.claimDate,
      startedAt: row.startedAt,
      phase: row.columns.phase,
      step: row.columns.step,
      snapshot: JSON.stringify(row.persisted),
      customerName: row.columns.customerName,
    });
  }

  /** Appends one accepted event with the resulting snapshot. Fails (and writes nothing) if another writer got there first. */
  append(
    callId: string,
    expectedSeq: number,
    event: { type: string; payload: unknown; actor: string; at: string },
    persisted: PersistedCall,
    columns: AppendColumns,
    /** Runs inside the same transaction (e.g. reserve a diary slot, queue a hand-off); throwing rolls everything back. */
    within?: (seq: number) => void,
  ): number {
    this.appendTx({ callId, expectedSeq, event, persisted, columns, within });
    return expectedSeq + 1;
  }

  private writeAppend({ callId, expectedSeq, event, persisted, columns, within }: AppendArgs): void {
    const seq = expectedSeq + 1;
    this.insertEvent.run(callId, seq, event.type, JSON.stringify(event.payload), event.actor, event.at);
    const snapshot = JSON.stringify(persisted);
    const changed = (
      columns.status === columns.statusBefore
        ? this.updateCall.run(columns.phase, columns.step, seq, snapshot, columns.customerName, event.at, callId, expectedSeq)
        : this.updateCallAndStatus.run(columns.phase, columns.step, seq, snapshot, columns.customerName, event.at, columns.status, callId, expectedSeq)
    ).changes;
    if (changed !== 1) throw new Error(`call ${callId} was changed by another writer (expected event ${expectedSeq})`);
    within?.(seq);
  }

  get(callId: string): CallRow | null {
    const r = this.selectCall.get(callId) as
      | { call_id: string; script_hash: string; fco_id: string; claim_date: string; started_at: string; status: CallRow['status']; last_seq: number; snapshot: string }
      | undefined;
    if (!r) return null;
    return {
      callId: r.call_id,
      scriptHash: r.script_hash,
      fcoId: r.fco_id,
      claimDate: r.claim_date,
      startedAt: r.started_at,
      status: r.status,
      lastSeq: r.last_seq,
      persisted: JSON.parse(r.snapshot) as PersistedCall,
    };
  }

  /** Which script package a call is pinned to and how many events it has, without reading its snapshot. */
  head(callId: string): { scriptHash: string; lastSeq: number } | null {
    const r = this.selectHead.get(callId) as { script_hash: string; last_seq: number } | undefined;
    return r ? { scriptHash: r.script_hash, lastSeq: r.last_seq } : null;
  }

  storedSnapshot(callId: string): StoredSnapshot | null {
    return (this.selectStoredSnapshot.get(callId) as StoredSnapshot | undefined) ?? null;
  }

  events(callId: string): StoredEvent[] {
    return (this.selectEvents.all(callId) as { seq: number; type: string; payload: string; actor: string; at: string }[]).map((e) => ({
      ...e,
      payload: JSON.parse(e.payload) as unknown,
    }));
  }

  list(filter: { fcoId?: string; status?: CallRow['status']; limit?: number }): CallSummary[] {
    const limit = filter.limit ?? 50;
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.fcoId) (where.push('fco_id = ?'), args.push(filter.fcoId));
    // Literal terms, so SQLite can use the partial status indexes (it matches an index's condition only to the query's text).
    if (filter.status === 'in_progress') where.push(IN_PROGRESS_CALLS);
    else if (filter.status) (where.push('status = ?', SETTLED_CALLS), args.push(filter.status));
    let sql: string;
    if (where.length) sql = `SELECT ${LIST_COLUMNS} FROM calls WHERE ${where.join(' AND ')} ORDER BY updated_at DESC LIMIT ?`;
    else {
      // Everyone's calls (a team leader's list, reloaded whenever any call changes): no index orders all calls by their
      // latest change (one would be rewritten by every event), so take the newest of each status through its own
      // index and merge those. Sorting the whole table instead read every call's row: about 0.2 s at 100,000 calls.
      const newest = (condition: string) => `SELECT * FROM (SELECT ${LIST_COLUMNS} FROM calls WHERE ${condition} ORDER BY updated_at DESC LIMIT ?)`;
      sql = `${[IN_PROGRESS_CALLS, `status = 'complete' AND ${SETTLED_CALLS}`, `status = 'ended' AND ${SETTLED_CALLS}`].map(newest).join(' UNION ALL ')}
        ORDER BY updated_at DESC LIMIT ?`;
      args.push(limit, limit, limit);
    }
    args.push(limit);
    let stmt = this.listStatements.get(sql);
    if (!stmt) this.listStatements.set(sql, (stmt = this.db.prepare(sql)));
    return (stmt.all(...args) as { call_id: string; fco_id: string; status: string; phase: string; started_at: string; updated_at: string; name: string | null }[]).map((r) => ({
      callId: r.call_id,
      fcoId: r.fco_id,
      status: r.status,
      phase: r.phase,
      startedAt: r.started_at,
      updatedAt: r.updated_at,
      customerName: r.name,
    }));
  }
}
