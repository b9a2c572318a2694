import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { CallError } from '../../machines/contract/errors';
import type { DeskState } from '../../machines/deskState';
import { ChangeNoticeBox } from './ChangeNotice';
import { EndCallDialog } from './EndCallDialog';
import { ErrorText } from './ErrorText';
import { focusStep } from './focus';
import { PhaseProgress } from './PhaseProgress';
import { SidePanel } from './SidePanel';
import { stepKeyOf, StepView } from './steps/StepView';
import { useCall, type Refusal } from './useCall';

/** Refusals the step itself shows, next to the field (an answer, a booking); the rest are shown above the step. */
function shownInStep(refusal: Refusal, state: DeskState): boolean {
  if (refusal.command.type === 'answer.submit') return state.question?.id === refusal.command.questionId;
  return refusal.command.type === 'appointment.book' && state.phase === 'appointments';
}

/** A save normally lands within a frame or two; only a slow one is worth telling the FCO about. */
const SLOW_SAVE_MS = 400;

/** True once `on` has stayed true for `ms`. */
function useDelayedFlag(on: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!on) return setLate(false);
    const t = setTimeout(() => setLate(true), ms);
    return () => clearTimeout(t);
  }, [on, ms]);
  return late;
}

interface Props {
  bridge: IntakeBridge;
  callId: string;
  onHome: () => void;
  onUnauthorised: () => void;
  /** The call's state when the desk has it already (the answer to call.start). */
  initial?: DeskState;
}

/**
 * One screen for the whole call: progress on top, the current step, the claim so far at the side. Global keys:
 * Alt+B / Alt+← back, Alt+→ return to the current step after going back, Alt+E end the call.
 */
export function CallScreen({ bridge, callId, onHome, onUnauthorised, initial }: Props) {
  const { state, loadError, send, change, dismissChange, refusal, saving } = useCall(bridge, callId, onUnauthorised, initial);
  const [ending, setEnding] = useState(false);
  const [navError, setNavError] = useState<CallError | null>(null);
  const stepRef = useRef<HTMLDivElement>(null);
  const stepKey = state ? stepKeyOf(state) : null;
  // `saving &&`: the notice goes in the same render that marks the screen saved, not one effect later.
  const slowSave = useDelayedFlag(saving, SLOW_SAVE_MS) && saving;
  const inProgress = state?.record.status === 'in_progress';

  // Focus lands on the answer control of each new step (and back on it when the end-call dialog closes).
  useLayoutEffect(() => {
    if (stepKey && !ending) focusStep(stepRef.current);
  }, [stepKey, ending]);

  const back = async () => {
    if (!state?.canGoBack) return;
    const r = await send({ type: 'nav.back' });
    setNavError(r.ok ? null : r.error);
  };
  const resume = async () => {
    if (!state?.reviewing) return;
    const r = await send({ type: 'nav.resume' });
    setNavError(r.ok ? null : r.error);
  };

  const keys = useRef({ back, resume, inProgress, ending });
  keys.current = { back, resume, inProgress, ending };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const k = keys.current;
      if (!k.inProgress || k.ending) return;
      // e.code, not e.key: Alt+letter types other characters on some layouts (macOS: Alt+B is "∫").
      if (e.key === 'ArrowLeft' || e.code === 'KeyB') {
        e.preventDefault();
        void k.back();
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        void k.resume();
      } else if (e.code === 'KeyE') {
        e.preventDefault();
        setEnding(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  if (loadError)
    return (
      <section className="call-screen" aria-labelledby="call-title">
        <h1 id="call-title">Call {callId}</h1>
        <ErrorText error={loadError} />
        <button type="button" onClick={onHome}>
          Back to my calls
        </button>
      </section>
    );
  if (!state) return <p role="status">Opening the call…</p>;

  return (
    // data-saved: whether the server has accepted everything on screen (the desk shows predicted steps at once).
    <div className="call-screen" data-saved={saving ? 'false' : 'true'}>
      <h1 className="visually-hidden" id="call-title">
        Call with {state.record.customer.name ?? 'a new customer'}
      </h1>
      <PhaseProgress phases={state.phases} phase={state.phase} />
      <div className="desk-grid">
        <div className="step-area">
          {state.reviewing && (
            <div className="notice" role="status">
              You went back to check an earlier answer. Save it (Enter) to carry on from there, or{' '}
              <button type="button" className="link" onClick={() => void resume()}>
                return to where you were (Alt+→)
              </button>
              .
            </div>
          )}
          {slowSave && (
            <p className="notice" role="status">
              Saving the last step… The service is slow to answer; carry on, everything is sent in order.
            </p>
          )}
          {change && <ChangeNoticeBox notice={change} onDismiss={dismissChange} />}
          <ErrorText error={navError} />
          {refusal && !shownInStep(refusal, state) && (
            <ErrorText error={{ message: `Not saved, so the call is back at the last saved step: ${refusal.error.message}` }} />
          )}
          {ending && <EndCallDialog send={send} onClose={() => setEnding(false)} />}
          <div className="step-host" ref={stepRef} key={stepKey} data-step-key={stepKey ?? ''} inert={ending || undefined}>
            <StepView state={state} send={send} bridge={bridge} onHome={onHome} refusal={refusal} />
          </div>
          {inProgress && (
            <div className="call-actions" inert={ending || undefined}>
              <button type="button" onClick={() => void back()} disabled={!state.canGoBack}>
                Back <kbd className="key">Alt+B</kbd>
              </button>
              <button type="button" className="danger-outline" onClick={() => setEnding(true)}>
                End call <kbd className="key">Alt+E</kbd>
              </button>
              <button type="button" className="link" onClick={onHome}>
                My calls (the call stays open)
              </button>
            </div>
          )}
        </div>
        <SidePanel state={state} />
      </div>
    </div>
  );
}
