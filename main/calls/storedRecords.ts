import type { PersistedCall } from '../../machines/callEngine';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { toClaimRecord } from '../../machines/projection';
import type { ScriptRegistry } from '../content/scriptRegistry';
import type { CallStore, StoredSnapshot } from './callStore';

/** Records kept for the lists that read many calls (Jobcentre views, audit catch-up). */
const KEPT = 5000;

/**
 * Claim records as the database holds them: the projection of each call's stored snapshot under its pinned script
 * package (decision 0009: the record is not stored with every event). A record is projected once per stored event
 * and kept, keyed by how many events the call had, so another process's newer event is never hidden behind it.
 */
export class StoredRecords {
  private readonly kept = new Map<string, { seq: number; hash: string; record: ClaimRecord }>();

  constructor(
    private readonly store: Pick<CallStore, 'head' | 'storedSnapshot'>,
    private readonly scripts: Pick<ScriptRegistry, 'byHashOrThrow'>,
  ) {}

  /** `live`: this process's in-memory copy, used when it is the one on disk. */
  get(callId: string, live?: { seq: number; hash: string; record: () => ClaimRecord }): ClaimRecord | null {
    const head = this.store.head(callId);
    if (!head) return null;
    if (live && live.seq === head.lastSeq && live.hash === head.scriptHash) return live.record();
    const kept = this.keptFor(callId, head.lastSeq, head.scriptHash);
    if (kept) return kept;
    const row = this.store.storedSnapshot(callId);
    return row ? this.ofRow(row) : null;
  }

  /** The record of a stored snapshot another query read (a Jobcentre list joins `calls` for its customers). */
  ofRow(row: StoredSnapshot): ClaimRecord {
    const kept = this.keptFor(row.callId, row.lastSeq, row.scriptHash);
    if (kept) return kept;
    const loaded = this.scripts.byHashOrThrow(row.scriptHash);
    const record = toClaimRecord(loaded.pkg, loaded.hash, JSON.parse(row.snapshot) as PersistedCall);
    this.kept.delete(row.callId);
    if (this.kept.size >= KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(row.callId, { seq: row.lastSeq, hash: row.scriptHash, record });
    return record;
  }

  private keptFor(callId: string, seq: number, hash: string): ClaimRecord | null {
    const hit = this.kept.get(callId);
    return hit && hit.seq === seq && hit.hash === hash ? hit.record : null;
  }
}
