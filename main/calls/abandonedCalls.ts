import type { CallService } from './callService';
import type { Db } from '../db/open';
import { IN_PROGRESS_CALLS } from './callStore';

/** No call lasts this long: one untouched for longer was left behind (a desk closed, a PC restarted). */
export const ABANDON_AFTER_MS = 4 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 15 * 60 * 1000;
const BATCH = 500;

/**
 * Ends in-progress calls nobody has touched for `idleMs`, as the system, so what they hold is let go: their diary
 * seats go back to the Jobcentre (the appointments area releases them on `call.end`), and team leaders see them as
 * ended rather than open forever. The answers taken are kept. Returns the ids it ended.
 */
export function endAbandonedCalls(deps: { db: Db; calls: CallService; clock: () => Date }, idleMs = ABANDON_AFTER_MS): string[] {
  const cutoff = new Date(deps.clock().getTime() - idleMs).toISOString();
  const stale = deps.db
    .prepare(`SELECT call_id, updated_at FROM calls WHERE ${IN_PROGRESS_CALLS} AND updated_at < ? ORDER BY updated_at LIMIT ?`)
    .all(cutoff, BATCH) as { call_id: string; updated_at: string }[];
  const ended: string[] = [];
  for (const c of stale) {
    const note = `No activity since ${c.updated_at}: ended by the system so its diary seats go back to the Jobcentre. The answers taken are kept.`;
    const r = deps.calls.send(c.call_id, { type: 'call.end', reason: 'other', note }, 'system');
    if (r.ok) ended.push(c.call_id);
  }
  return ended;
}

/** Runs the sweep now and every 15 minutes while a host runs; returns a stop function. */
export function sweepAbandonedCalls(deps: { db: Db; calls: CallService; clock: () => Date }, onEnded?: (ids: string[]) => void): () => void {
  const run = () => {
    try {
      const ids = endAbandonedCalls(deps);
      if (ids.length) onEnded?.(ids);
    } catch {
      /* best effort: the next sweep tries again */
    }
  };
  run();
  const timer = setInterval(run, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
