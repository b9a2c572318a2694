import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaimRecord } from '../../machines/contract/claimRecord';
import { CallCommand } from '../../machines/contract/callTypes';
import { openApp } from '../app';
import { Scenario, splitEvent } from './scenario';

export class ScenarioError extends Error {
  constructor(message: string, readonly eventIndex: number | null) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/**
 * Plays a scenario through the real machine and store: a temporary database unless `dbFile` is given, a clock
 * that starts at `startAt` and advances per event, and the call id from the scenario. Returns the claim record.
 */
export function playScenario(raw: unknown, opts: { dbFile?: string } = {}): ClaimRecord {
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const idx = i.path[0] === 'events' && typeof i.path[1] === 'number' ? i.path[1] : null;
    throw new ScenarioError(`${idx !== null ? `event ${idx}: ` : ''}${i.path.join('.') || '(scenario)'}: ${i.message}`, idx);
  }
  const sc = parsed.data;
  const tmp = opts.dbFile ? null : mkdtempSync(join(tmpdir(), 'intake-play-'));
  let now = Date.parse(sc.startAt);
  const app = openApp({ dbFile: opts.dbFile ?? join(tmp!, 'play.db'), clock: () => new Date(now), newId: () => sc.callId });
  try {
    if (app.calls.store.get(sc.callId)) throw new ScenarioError(`call "${sc.callId}" already exists in this database; give the scenario another callId`, null);
    const started = app.calls.startCall(sc.fcoId);
    if (!started.ok) throw new ScenarioError(started.error.message, null);
    sc.events.forEach((e, index) => {
      const { command, by, afterSeconds, expectRefused } = splitEvent(e);
      const valid = CallCommand.safeParse(command);
      if (!valid.success) {
        const issue = valid.error.issues[0]!;
        throw new ScenarioError(`event ${index} (${e.type}): ${issue.path.join('.') || 'type'}: ${issue.message}`, index);
      }
      now += (afterSeconds ?? sc.secondsPerEvent) * 1000;
      const r = app.calls.send(sc.callId, valid.data, by ?? sc.fcoId);
      if (expectRefused) {
        if (r.ok) throw new ScenarioError(`event ${index} (${e.type}): expected to be refused with ${expectRefused}, but it was accepted`, index);
        if (r.error.code !== expectRefused) throw new ScenarioError(`event ${index} (${e.type}): expected ${expectRefused}, got ${r.error.code}: ${r.error.message}`, index);
        return;
      }
      if (!r.ok) throw new ScenarioError(`event ${index} (${e.type}): refused (${r.error.code}): ${r.error.message}`, index);
    });
    return ClaimRecord.parse(app.calls.record(sc.callId));
  } finally {
    app.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
