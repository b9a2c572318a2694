import { CallEngine } from '../../machines/callEngine';
import type { CallCommand, MachineEvent } from '../../machines/contract/callTypes';
import { toDeskState, type DeskState } from '../../machines/deskState';
import { ScriptPackage } from '../../scripts-content/schema';

/**
 * Commands the desk shows at once. Their rules are the engine's; a booking's free seats are checked again by the
 * server in the same transaction, and if it refuses, the desk goes back to the booking with the reason and the
 * next free pair (useCall, BookingForm). Not predicted: a recorded job search (the results and ticks live in the
 * search form, which must stay on screen if a vacancy closed meanwhile), a deferral (a team leader's
 * authorisation is on the server only) and a correction (team leaders, after the call, no one on the phone).
 */
const PREDICTABLE: ReadonlySet<CallCommand['type']> = new Set([
  'answer.submit',
  'nav.back',
  'nav.resume',
  'marker.benefit.confirm',
  'office.confirm',
  'evidence.readOut',
  'jobsearch.finish',
  'jobsearch.skip',
  'appointment.book',
  'appointment.window.accept',
  'appointment.noWfi',
  'call.end',
]);

export interface Predictor {
  readonly hash: string;
  /**
   * The desk state the server will return if it accepts `command`, computed with the same pure engine, or null
   * when the command cannot be predicted or the engine would refuse it (the server then gives the reason).
   */
  next(state: DeskState, command: CallCommand, at: Date): DeskState | null;
}

export function createPredictor(pkg: ScriptPackage, hash: string): Predictor {
  const engine = new CallEngine(pkg);
  return {
    hash,
    next(state, command, at) {
      if (!PREDICTABLE.has(command.type) || state.record.script.hash !== hash || state.record.status !== 'in_progress') return null;
      const snapshot = engine.restore(state.snapshot);
      const meta = { at: at.toISOString(), by: state.record.fcoId };
      let event: MachineEvent;
      if (command.type === 'office.confirm') {
        // The server attaches the office from its directory; the lookup result on the call already holds it for
        // the offices it listed. An office found by search is not in it: wait for the server.
        const hit = snapshot.context.directory?.candidates.find((c) => c.code === command.officeCode);
        if (!hit) return null;
        const { distanceKm: _distance, ...office } = hit;
        event = { ...command, meta, office };
      } else event = { ...command, meta } as MachineEvent;
      const step = engine.step(snapshot, event);
      return step.ok ? toDeskState(pkg, hash, step.snapshot) : null;
    },
  };
}

/**
 * A predictor for a package as it came over the bridge. Content entering the renderer is validated like any
 * other; a package that fails validation means no prediction (the desk then waits for the server on every step).
 */
export function predictorFromWire(raw: unknown, hash: string): Predictor | null {
  const parsed = ScriptPackage.safeParse(raw);
  return parsed.success ? createPredictor(parsed.data, hash) : null;
}
