import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPackageFile } from '../../main/content/scriptRegistry';
import { checkpointInIdleTime } from '../../main/db/checkpoints';
import { openDatabase } from '../../main/db/open';
import type { PersistedCall } from '../../machines/callEngine';
import type { CallColumns } from '../../main/calls/callStore';
import { identityAnswers, jobseekerTriage, markers } from '../helpers/calls';
import { makeTestApp } from '../helpers/fixtures';
import { summarise, timeEach, row, TABLE_HEAD, ms, type BenchModule } from './stats';

/**
 * Accepting an event = zod parse + machine transition + projection + one SQLite transaction (event row, snapshot,
 * claim record). Baseline: a plain better-sqlite3 INSERT of the same event row, in its own transaction, same file
 * settings (WAL, synchronous=NORMAL), measured in the same run.
 */
const bench: BenchModule = {
  title: 'Call engine: accepting events, loading the script',
  async run(log) {
    const app = makeTestApp();
    // As the app runs it (main/app.ts): WAL checkpoints in idle time, not inside the commit of an accepted event.
    const stopCheckpoints = checkpointInIdleTime(app.db);
    const perCall = [...identityAnswers('QA1 2BB'), ...jobseekerTriage, ...markers('jobseeker')];
    const cmds: { callId: string; cmd: unknown }[] = [];
    let calls = 0;
    while (cmds.length < 10_000) {
      const id = (app.service.startCall(`fco-${calls % 20}`) as { ok: true; value: { record: { callId: string } } }).value.record.callId;
      calls++;
      for (const cmd of perCall) cmds.push({ callId: id, cmd });
    }
    cmds.length = 10_000;
    log(`accepting 10,000 events over ${calls} calls…`);
    let refused = 0;
    const accept = timeEach(cmds.length, (i) => {
      const r = app.service.send(cmds[i]!.callId, cmds[i]!.cmd, 'fco-bench');
      if (!r.ok) refused++;
    }, 0);
    if (refused) throw new Error(`${refused} events refused: the bench is not measuring accepts`);
    const events = app.service.events(cmds[0]!.callId);
    const sample = events[events.length - 1]!;

    const dir = mkdtempSync(join(tmpdir(), 'intake-bench-'));
    const raw = openDatabase(join(dir, 'baseline.db'));
    raw.exec('CREATE TABLE baseline_events (call_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (call_id, seq)) STRICT');
    const ins = raw.prepare('INSERT INTO baseline_events VALUES (?, ?, ?, ?, ?, ?)');
    const tx = raw.transaction((i: number) => ins.run('bench-call', i, sample.type, JSON.stringify(sample.payload), sample.actor, sample.at));
    const baseline = timeEach(10_000, (i) => tx(i), 0);
    // Second baseline: the durable writes the store does for each accepted event (event row, snapshot, projected
    // columns, in one transaction), with no machine: the real rows of the bench's first call, replayed call after call
    // through the real CallStore on a database of the real schema. Replaying one unchanged row would flatter it:
    // SQLite skips rewriting pages whose bytes have not changed.
    const writes = rowsOfOneCall(perCall);
    const floorApp = makeTestApp();
    const floorPkg = floorApp.service.startCall('fco-floor') as { ok: true; value: { record: { script: { hash: string } } } };
    const scriptHash = floorPkg.value.record.script.hash;
    const lastRow = writes[writes.length - 1]!;
    const store = floorApp.service.store;
    const sameWrites = timeEach(10_000, (i) => {
      const n = i % writes.length;
      const call = `bench-call-${Math.floor(i / writes.length)}`;
      if (n === 0) {
        const first = writes[0]!.persisted;
        store.create({ callId: call, scriptHash, fcoId: 'fco-floor', claimDate: first.context.claimDate, startedAt: first.context.startedAt, persisted: first, columns: writes[0]!.columns });
      }
      const w = writes[n]!;
      store.append(call, n, w.event, w.persisted, w.columns);
    }, 0);
    floorApp.close();
    raw.close();
    rmSync(dir, { recursive: true, force: true });
    const callRow = { snapshot: JSON.stringify(lastRow.persisted) };

    const manifest = new URL('../../scripts-content/v1', import.meta.url).pathname;
    const t0 = performance.now();
    loadPackageFile(manifest);
    const cold = performance.now() - t0;
    const load = timeEach(50, () => loadPackageFile(manifest), 5);
    const t1 = performance.now();
    app.db.pragma('wal_checkpoint(PASSIVE)');
    const deferredCheckpoint = performance.now() - t1;
    stopCheckpoints();
    app.close();

    const a = summarise(accept);
    const b = summarise(baseline);
    const l = summarise(load);
    const w = summarise(sameWrites);
    return [
      TABLE_HEAD,
      row('Accept an event (validate + transition + durable append)', a, 'p99 ≤ 1 ms'),
      row('Baseline: plain INSERT of the same event row in a transaction', b),
      row('Baseline 2: the same durable writes (event + snapshot + projection, real rows of a call), no machine', w),
      row('Load + validate + lint the v1 script package (warm)', l, '≤ 100 ms'),
      '',
      `- Ratio accept/plain insert: median ${(a.median / b.median).toFixed(2)}×, p99 ${(a.p99 / b.p99).toFixed(2)}× (target ≤ 3×).`,
      `- Ratio accept/same writes without the machine: median ${(a.median / w.median).toFixed(2)}×, p99 ${(a.p99 / w.p99).toFixed(2)}× — the rest is validation (zod), the XState transition with the script view its guards read, the claim record's projection and the desk's response.`,
      `- Floor: the writes the issue requires (event, snapshot and projection in one transaction, through the real CallStore and schema, the snapshot's JSON included), with no machine, already cost ${(w.median / b.median).toFixed(2)}× the plain insert at the median and ${(w.p99 / b.p99).toFixed(2)}× at p99.`,
      `- Snapshot written with every event: up to ${callRow.snapshot.length} bytes (a finished call's). The claim record is not stored; it is projected from the snapshot when read (decision 0009), which took the accept from about 0.15 ms to the figure above.`,
      `- WAL checkpoints run in idle time (main/db/checkpoints.ts; SQLite's in-commit checkpoint kept only as a 20,000-page cap). The deferred checkpoint after this run took ${ms(deferredCheckpoint)}; with SQLite's default in-commit checkpoint every 1,000 pages the accept p99 measured about 1.1–1.5 ms on this machine.`,
      `- Script package cold load (first load in the process, includes zod schema warm-up): ${ms(cold)}.`,
      `- ${calls} calls of ${perCall.length} desk commands; each postcode answer also appends the directory lookup event.`,
    ].join('\n');
  },
};
export default bench;

/**
 * The rows the store writes for one whole call, event by event: each event row with the call's snapshot and projected
 * columns as they stood after it (a postcode answer and its directory lookup share the state after both).
 */
function rowsOfOneCall(commands: readonly unknown[]): { event: { type: string; payload: unknown; actor: string; at: string }; persisted: PersistedCall; columns: CallColumns }[] {
  const probe = makeTestApp();
  try {
    const callId = (probe.service.startCall('fco-probe') as { ok: true; value: { record: { callId: string } } }).value.record.callId;
    const state = probe.db.prepare('SELECT snapshot, status, phase, step, customer_name FROM calls WHERE call_id = ?');
    const out: ReturnType<typeof rowsOfOneCall> = [];
    for (const cmd of commands) {
      const r = probe.service.send(callId, cmd, 'fco-probe');
      if (!r.ok) throw new Error(`the probe call refused ${JSON.stringify(cmd)}: ${r.error.message}`);
      const row = state.get(callId) as { snapshot: string; status: CallColumns['status']; phase: string; step: string | null; customer_name: string | null };
      const persisted = JSON.parse(row.snapshot) as PersistedCall;
      const columns: CallColumns = { status: row.status, phase: row.phase, step: row.step, customerName: row.customer_name };
      for (const e of probe.service.events(callId).slice(out.length)) out.push({ event: { type: e.type, payload: e.payload, actor: e.actor, at: e.at }, persisted, columns });
    }
    return out;
  } finally {
    probe.close();
  }
}
