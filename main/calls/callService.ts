import { CallEngine } from '../../machines/callEngine';
import type { CallSnapshot } from '../../machines/callMachine';
import { CallCommand, type CallSettings, type MachineEvent } from '../../machines/contract/callTypes';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { fail, type CallError, type Result } from '../../machines/contract/errors';
import { toDeskState, type DeskState } from '../../machines/deskState';
import { statusOf, toClaimRecord } from '../../machines/projection';
import { applyAllocationPolicy } from '../../machines/rules/allocation';
import { normalisePostcode } from '../../machines/rules/ukFormats';
import { londonDay } from '../../machines/rules/windows';
import type { ScriptRegistry, LoadedPackage } from '../content/scriptRegistry';
import type { Db } from '../db/open';
import type { Directory } from '../directory/directory';
import { CallStore, type CallColumns, type StoredEvent, type StoredSnapshot } from './callStore';
import { StoredRecords } from './storedRecords';

export interface CallServiceDeps {
  db: Db;
  scripts: ScriptRegistry;
  directory: Directory;
  /** Injected so scenarios and tests are deterministic. */
  clock: () => Date;
  newId: () => string;
  /** Site settings copied into each new call (job search on the call, …). */
  settings?: () => CallSettings;
  /** Called after every accepted event (hand-offs, audit, live updates). Must not throw. */
  onAccepted?: (callId: string, record: ClaimRecord, eventType: string) => void;
  /** Where rejected inputs are logged for support; a person reads this, so keep the message. */
  onRejected?: (callId: string | null, code: string, message: string) => void;
}

/**
 * Work another area must do atomically with an accepted event (reserve the booked slot, create the hand-off when
 * the claim completes). Runs inside the event's transaction; returning an error refuses the event and rolls back.
 */
export type AppendHook = (args: { callId: string; seq: number; event: MachineEvent; record: ClaimRecord; previous: ClaimRecord; db: Db }) => CallError | null;

/** Thrown inside the transaction to roll it back with a typed error for the FCO. */
class HookRefusal extends Error {
  constructor(readonly error: CallError) {
    super(error.message);
  }
}

interface Live {
  loaded: LoadedPackage;
  engine: CallEngine;
  snapshot: CallSnapshot;
  seq: number;
  /** The projection of `snapshot`, kept so the response does not recompute it. */
  record?: ClaimRecord;
}

const SYSTEM_ACTOR = 'system';

/** The columns the store keeps beside the snapshot: what queries filter, sort and list by. */
const columnsOf = (record: ClaimRecord): CallColumns => ({
  status: record.status,
  phase: record.phase,
  step: record.currentQuestion,
  customerName: record.customer.name,
});

/** Ids tried for a new call before giving up (each clash of a random 50-bit claim reference is about 1 in 10¹⁵ per stored call). */
const NEW_CALL_ID_ATTEMPTS = 5;
const isDuplicateCallId = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';

/**
 * The one place calls change. Validates each command (zod), asks the pure engine for the next snapshot, and
 * appends event + snapshot + projection in one transaction; only then does the in-memory copy move on. A
 * refused command returns a typed error and leaves memory and disk exactly as they were.
 */
export class CallService {
  readonly store: CallStore;
  private readonly live = new Map<string, Live>();
  private readonly engines = new Map<string, CallEngine>();
  private readonly hooks: AppendHook[] = [];
  private readonly stored: StoredRecords;

  addAppendHook(hook: AppendHook): void {
    this.hooks.push(hook);
  }

  constructor(private readonly deps: CallServiceDeps) {
    this.store = new CallStore(deps.db);
    this.stored = new StoredRecords(this.store, deps.scripts);
  }

  private engineFor(loaded: LoadedPackage): CallEngine {
    let e = this.engines.get(loaded.hash);
    if (!e) this.engines.set(loaded.hash, (e = new CallEngine(loaded.pkg)));
    return e;
  }

  private nowIso(): string {
    return this.deps.clock().toISOString();
  }

  /** Starts a call. The claim date is the UK (Europe/London) date at intake, not UTC, and never changes afterwards. */
  startCall(fcoId: string): Result<DeskState> {
    if (!fcoId.trim()) return fail('unauthorised', 'Sign in before starting a call.');
    const loaded = this.deps.scripts.current;
    const engine = this.engineFor(loaded);
    const startedAt = this.nowIso();
    const callId = this.deps.newId();
    const snapshot = engine.start({ callId, fcoId, claimDate: londonDay(startedAt), startedAt, settings: this.deps.settings?.() ?? { jobSearchOnCall: true } });
    const record = toClaimRecord(loaded.pkg, loaded.hash, snapshot);
    const created = this.createUnderFreeId(loaded, engine, snapshot, record);
    this.live.set(created.callId, { loaded, engine, snapshot: created.snapshot, seq: 0 });
    return { ok: true, value: toDeskState(loaded.pkg, loaded.hash, created.snapshot) };
  }

  /**
   * Stores a new call. Call ids are short random claim references, so a new one can (rarely) be an existing call's:
   * then the same new call is stored under a fresh id, a few times over, rather than failing the FCO's call.
   */
  private createUnderFreeId(loaded: LoadedPackage, engine: CallEngine, first: CallSnapshot, firstRecord: ClaimRecord): { callId: string; snapshot: CallSnapshot } {
    let snapshot = first;
    let record = firstRecord;
    for (let attempt = 1; ; attempt++) {
      const { callId, fcoId, claimDate, startedAt } = snapshot.context;
      try {
        this.store.create({ callId, scriptHash: loaded.hash, fcoId, claimDate, startedAt, persisted: engine.persist(snapshot), columns: columnsOf(record) });
        return { callId, snapshot };
      } catch (e) {
        if (!isDuplicateCallId(e) || attempt >= NEW_CALL_ID_ATTEMPTS) throw e;
      }
      // Only the id changes: the initial snapshot is otherwise exactly the one the call started with.
      snapshot = engine.restore({ ...engine.persist(snapshot), context: { ...snapshot.context, callId: this.deps.newId() } });
      record = toClaimRecord(loaded.pkg, loaded.hash, snapshot);
    }
  }

  /** Loads a call from memory or, after a restart or crash, from its last persisted snapshot. */
  private load(callId: string): Live | null {
    const hit = this.live.get(callId);
    if (hit) return hit;
    const row = this.store.get(callId);
    if (!row) return null;
    const loaded = this.deps.scripts.byHashOrThrow(row.scriptHash);
    const engine = this.engineFor(loaded);
    const live: Live = { loaded, engine, snapshot: engine.restore(row.persisted), seq: row.lastSeq };
    this.live.set(callId, live);
    return live;
  }

  get(callId: string): Result<DeskState> {
    const l = this.load(callId);
    if (!l) return fail('unknown_call', `No call with id "${callId}".`);
    return { ok: true, value: toDeskState(l.loaded.pkg, l.loaded.hash, l.snapshot) };
  }

  /** Who took the call (for access checks), or null for an unknown call. Cheaper than `get`: no desk state. */
  ownerOf(callId: string): string | null {
    return this.load(callId)?.snapshot.context.fcoId ?? null;
  }

  record(callId: string): ClaimRecord | null {
    const l = this.load(callId);
    return l ? this.recordOfLive(l) : null;
  }

  /** The projection of a live call's snapshot, computed once per snapshot. */
  private recordOfLive(l: Live): ClaimRecord {
    return (l.record ??= toClaimRecord(l.loaded.pkg, l.loaded.hash, l.snapshot));
  }

  /** The claim record as the database holds it now (what every process sharing the file sees). */
  storedRecord(callId: string): ClaimRecord | null {
    const l = this.live.get(callId);
    return this.stored.get(callId, l && { seq: l.seq, hash: l.loaded.hash, record: () => this.recordOfLive(l) });
  }

  /** The claim record of a stored snapshot read by another query (a Jobcentre list joins `calls` for its customers). */
  recordOfStored(row: StoredSnapshot): ClaimRecord {
    return this.stored.ofRow(row);
  }

  events(callId: string): StoredEvent[] {
    return this.store.events(callId);
  }

  /** Sends a desk command on behalf of `actor`. `command` is untrusted input. */
  send(callId: string, command: unknown, actor: string): Result<DeskState> {
    const parsed = CallCommand.safeParse(command);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'type';
      const msg = `The request was not understood (${where}: ${issue?.message ?? 'invalid'}). Nothing was recorded; try again.`;
      this.deps.onRejected?.(callId, 'invalid_payload', msg);
      return fail('invalid_payload', msg, where);
    }
    const l = this.load(callId);
    if (!l) return fail('unknown_call', `No call with id "${callId}".`);
    const cmd = parsed.data;
    const meta = { at: this.nowIso(), by: actor };

    let event: MachineEvent;
    if (cmd.type === 'office.confirm') event = { ...cmd, meta, office: this.deps.directory.officeByCode(cmd.officeCode) };
    else if (cmd.type === 'claim.correct')
      event = { ...cmd, meta, office: cmd.target === 'office' ? this.deps.directory.officeByCode(cmd.value) : null };
    else event = { ...cmd, meta } as MachineEvent;

    const accepted = this.apply(callId, l, event, actor);
    if (!accepted.ok) return accepted;

    // The Jobcentre follows from the postcode: look it up as soon as the postcode is accepted, and log the
    // result as its own event so a replay never depends on today's directory.
    if (cmd.type === 'answer.submit' && cmd.questionId === l.loaded.pkg.bindings.postcode) {
      const postcode = normalisePostcode(String(cmd.value));
      if (postcode) {
        const result = applyAllocationPolicy(this.deps.directory.allocate(postcode, l.loaded.pkg.contactCentre.code), l.loaded.pkg.allocationPolicy);
        const sys = this.apply(callId, l, { type: 'directory.result', result, meta: { at: meta.at, by: SYSTEM_ACTOR } }, SYSTEM_ACTOR);
        if (!sys.ok) return sys;
      }
    }
    return { ok: true, value: toDeskState(l.loaded.pkg, l.loaded.hash, l.snapshot, 'en', l.record) };
  }

  private apply(callId: string, l: Live, event: MachineEvent, actor: string): Result<true> {
    const step = l.engine.step(l.snapshot, event);
    if (!step.ok) {
      this.deps.onRejected?.(callId, step.error.code, step.error.message);
      return step;
    }
    const record = toClaimRecord(l.loaded.pkg, l.loaded.hash, step.snapshot);
    // The log keeps the event as the machine saw it (office details included), so a replay needs no directory.
    const { meta: _meta, ...payload } = event;
    const previous = this.hooks.length ? this.recordOfLive(l) : record;
    const within = (seq: number) => {
      for (const hook of this.hooks) {
        const refused = hook({ callId, seq, event, record, previous, db: this.deps.db });
        if (refused) throw new HookRefusal(refused);
      }
    };
    try {
      l.seq = this.store.append(callId, l.seq, { type: event.type, payload, actor, at: event.meta.at }, l.engine.persist(step.snapshot), { ...columnsOf(record), statusBefore: statusOf(l.snapshot.context) }, within);
    } catch (e) {
      if (e instanceof HookRefusal) {
        this.deps.onRejected?.(callId, e.error.code, e.error.message);
        return { ok: false, error: e.error };
      }
      // Memory stays on the last durable snapshot; drop the cache so the next call reloads from disk.
      this.live.delete(callId);
      const msg = `The answer could not be saved (${e instanceof Error ? e.message : String(e)}). Nothing was recorded; try again.`;
      this.deps.onRejected?.(callId, 'storage_failed', msg);
      return fail('storage_failed', msg);
    }
    l.snapshot = step.snapshot;
    l.record = record;
    this.deps.onAccepted?.(callId, record, event.type);
    return { ok: true, value: true };
  }

  /** Forget in-memory copies (used by tests to prove everything needed is on disk). */
  evictAll(): void {
    this.live.clear();
  }
}
