import { initialTransition, transition } from 'xstate';
import type { ScriptPackage } from '../scripts-content/schema';
import { createCallMachine, type CallMachine, type CallSnapshot } from './callMachine';
import type { CallContext, CallInput, MachineEvent } from './contract/callTypes';
import type { CallError } from './contract/errors';
import { explainRejection } from './rules/acceptance';

/** What the store keeps of a snapshot: enough to resume at the same step with every accepted answer. */
export interface PersistedCall {
  value: string;
  status: 'active' | 'done';
  context: CallContext;
}

export type StepResult = { ok: true; snapshot: CallSnapshot } | { ok: false; error: CallError };

/**
 * Pure wrapper over the machine: initial snapshot, one event → next snapshot or a typed refusal, and
 * (de)serialisation. No actors, no timers, no I/O: time arrives on each event's `meta.at`.
 */
export class CallEngine {
  readonly machine: CallMachine;
  constructor(readonly pkg: ScriptPackage) {
    this.machine = createCallMachine(pkg);
  }

  start(input: CallInput): CallSnapshot {
    return initialTransition(this.machine, input)[0];
  }

  step(snapshot: CallSnapshot, event: MachineEvent): StepResult {
    if (snapshot.status === 'done')
      return { ok: false, error: { code: 'call_ended', message: 'This call has ended; nothing more can be recorded on it. Start a new call.' } };
    const why = explainRejection(this.pkg, snapshot.context, event);
    if (why) return { ok: false, error: why };
    const [next] = transition(this.machine, snapshot, event);
    if (next === snapshot || (next.context === snapshot.context && next.value === snapshot.value))
      return { ok: false, error: { code: 'out_of_order', message: `"${event.type}" is not possible at this step (${String(snapshot.value)}).` } };
    return { ok: true, snapshot: next };
  }

  persist(snapshot: CallSnapshot): PersistedCall {
    return { value: String(snapshot.value), status: snapshot.status === 'done' ? 'done' : 'active', context: snapshot.context };
  }

  restore(p: PersistedCall): CallSnapshot {
    return this.machine.resolveState({ value: p.value, context: p.context, ...(p.status === 'done' ? { status: 'done' as const } : {}) });
  }
}
