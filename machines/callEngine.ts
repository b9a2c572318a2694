import { createActor, type ActorScope, type AnyStateMachine, type EventFromLogic, type EventObject, type InputFrom, type SnapshotFrom } from 'xstate';
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

/** The persisted form of a snapshot (what the store writes and the desk's predictor restores). */
export function persistedOf(snapshot: CallSnapshot): PersistedCall {
  return { value: String(snapshot.value), status: snapshot.status === 'done' ? 'done' : 'active', context: snapshot.context };
}

export type StepResult = { ok: true; snapshot: CallSnapshot } | { ok: false; error: CallError };

/** Input for the one actor the engine creates to own its scope; never started, never sent anything. */
const SCOPE_OWNER_INPUT: CallInput = { callId: 'engine-scope', fcoId: 'engine', claimDate: '1970-01-01', startedAt: '1970-01-01T00:00:00.000Z' };

/**
 * Pure wrapper over the machine: initial snapshot, one event → next snapshot or a typed refusal, and
 * (de)serialisation. No actors run, no timers, no I/O: time arrives on each event's `meta.at`.
 *
 * Why not XState's `transition()` helper: it builds a fresh inert actor scope on every call, and building it
 * computes the machine's initial snapshot without input, so our context factory throws and XState catches it —
 * an Error with a stack trace on every accepted event, about a third of the machine's cost. The engine builds
 * one inert scope (the same shape the helper builds) and calls the machine's own `transition` with it. The
 * machine has only `assign` actions, which XState resolves into the next snapshot, so there are never
 * executable actions to hand back; the scope's executor refuses any so a future side effect cannot slip
 * through unnoticed.
 */
export class CallEngine {
  readonly machine: CallMachine;
  private readonly scope: ActorScope<CallSnapshot, MachineEvent>;

  constructor(readonly pkg: ScriptPackage) {
    this.machine = createCallMachine(pkg);
    this.scope = inertScope(this.machine, SCOPE_OWNER_INPUT);
  }

  start(input: CallInput): CallSnapshot {
    return this.machine.getInitialSnapshot(this.scope, input);
  }

  step(snapshot: CallSnapshot, event: MachineEvent): StepResult {
    if (snapshot.status === 'done')
      return { ok: false, error: { code: 'call_ended', message: 'This call has ended; nothing more can be recorded on it. Start a new call.' } };
    const why = explainRejection(this.pkg, snapshot.context, event);
    if (why) return { ok: false, error: why };
    const next = this.machine.transition(snapshot, event, this.scope);
    if (next.status === 'error') throw next.error;
    if (next === snapshot || (next.context === snapshot.context && next.value === snapshot.value))
      return { ok: false, error: { code: 'out_of_order', message: `"${event.type}" is not possible at this step (${String(snapshot.value)}).` } };
    return { ok: true, snapshot: next };
  }

  persist(snapshot: CallSnapshot): PersistedCall {
    return persistedOf(snapshot);
  }

  restore(p: PersistedCall): CallSnapshot {
    return this.machine.resolveState({ value: p.value, context: p.context, ...(p.status === 'done' ? { status: 'done' as const } : {}) });
  }
}

/**
 * An actor scope for calling a machine's own `transition` without running an actor: the shape XState's
 * `transition()` helper builds, built once. Its executor refuses any executable action, so a machine that must be
 * pure cannot slip a side effect through.
 */
export function inertScope<TMachine extends AnyStateMachine>(machine: TMachine, input: InputFrom<TMachine>): ActorScope<SnapshotFrom<TMachine>, EventFromLogic<TMachine>> {
  const owner = createActor(machine, { input } as never);
  return {
    self: owner,
    id: '',
    sessionId: '',
    system: owner.system,
    logger: () => {},
    defer: () => {},
    emit: (_e: EventObject) => {},
    stopChild: () => {},
    actionExecutor: (action) => {
      throw new Error(`The machine must be pure, but it tried to run "${action.type}".`);
    },
  } as ActorScope<SnapshotFrom<TMachine>, EventFromLogic<TMachine>>;
}
