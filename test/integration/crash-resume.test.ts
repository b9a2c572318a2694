import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CallService } from '../../main/calls/callService';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import { openDatabase } from '../../main/db/open';
import { CallEngine } from '../../machines/callEngine';
import type { MachineEvent } from '../../machines/contract/callTypes';
import { computeView } from '../../machines/flow';
import { testDirectory } from '../helpers/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'intake-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it has acknowledged `killAfter` events, then SIGKILLs it. Returns the acks seen. */
function runAndKill(file: string, killAfter: number): Promise<{ seq: number; phase: string; question: string }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'helpers', 'crashChild.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: { seq: number; phase: string; question: string }[] = [];
    let buf = '';
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.on('data', (d) => {
      buf += String(d);
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ACK (\d+) (\S+) (\S+)$/.exec(line);
        if (m) acks.push({ seq: Number(m[1]), phase: m[2]!, question: m[3]! });
        if ((acks.length >= killAfter || line === 'DONE') && !child.killed) child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acks) : reject(new Error(`child exited without being killed: ${err}`))));
  });
}

describe('crash in the middle of a call', () => {
  for (const killAfter of [1, 6, 11, 15, 18]) {
    it(`SIGKILL after ${killAfter} acknowledged events: reopening finds the call at the same step with nothing lost`, async () => {
      const file = join(dir, `crash-${killAfter}.db`);
      const acks = await runAndKill(file, killAfter);
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);
      const last = acks[acks.length - 1]!;

      const db = openDatabase(file);
      const scripts = new ScriptRegistry(db);
      const service = new CallService({ db, scripts, directory: testDirectory(), clock: () => new Date('2026-11-23T10:00:00Z'), newId: () => 'unused' });
      const state = service.get('crash-call');
      expect(state.ok).toBe(true);
      if (!state.ok) return;
      const events = service.events('crash-call');
      // Nothing acknowledged is lost: every acked event is in the log.
      expect(events.length).toBeGreaterThanOrEqual(last.seq);
      if (events.length === last.seq) {
        expect(state.value.phase).toBe(last.phase);
        expect(state.value.question?.id ?? '-').toBe(last.question);
      }
      // The stored snapshot agrees with a replay of the log from the start: no half-written event.
      const row = db.prepare('SELECT script_hash, claim_date, started_at, fco_id FROM calls WHERE call_id = ?').get('crash-call') as {
        script_hash: string; claim_date: string; started_at: string; fco_id: string;
      };
      const engine = new CallEngine(scripts.byHashOrThrow(row.script_hash).pkg);
      let snap = engine.start({ callId: 'crash-call', fcoId: row.fco_id, claimDate: row.claim_date, startedAt: row.started_at });
      for (const e of events) {
        const r = engine.step(snap, { ...(e.payload as object), meta: { at: e.at, by: e.actor } } as MachineEvent);
        expect(r.ok).toBe(true);
        if (r.ok) snap = r.snapshot;
      }
      expect(state.value.record.answers).toEqual(computeView(engine.pkg, snap.context).liveAnswers);
      expect(state.value.record.claimDate).toBe('2026-11-23');
      db.close();
    });
  }
});
