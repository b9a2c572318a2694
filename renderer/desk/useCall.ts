import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ApiResult, IntakeBridge } from '../../machines/contract/api';
import type { CallCommand } from '../../machines/contract/callTypes';
import type { CallError } from '../../machines/contract/errors';
import type { DeskState } from '../../machines/deskState';
import type { Send } from './types';
import { usePredictor } from './usePredictor';

/** What changed for the FCO after they corrected an earlier answer, so they can see what needs attention. */
export interface ChangeNotice {
  /** Answers the change took off the path (kept for audit, no longer used). */
  noLongerUsed: string[];
  /** Items that became "still to do" because of the change (e.g. confirm the marker again). */
  newlyMissing: string[];
}

/** A step the desk had already moved past that the server then refused: the screen went back, and says why. */
export interface Refusal {
  command: CallCommand;
  error: CallError;
}

const NOT_SENT: ApiResult<DeskState> = {
  ok: false,
  error: { code: 'out_of_order', message: 'Not sent: the step before it was not saved. Nothing else was recorded.' },
};

/**
 * The open call.
 *
 * The FCO is waiting on each key press, so when the same pure engine the server runs can tell what the server
 * will answer, the desk shows that next step at once (a prediction) and sends the command. The server stays the
 * authority: its answer replaces the prediction, and if it refuses, the screen goes back to the last state the
 * server accepted and says what was not saved (`refusal`), keeping what was typed. Commands the snapshot cannot
 * decide (a booking needs free seats) simply wait for the server, as every command did before.
 *
 * Commands are sent one after another in the order given; `saving` is true until the server has answered them all.
 */
export function useCall(bridge: IntakeBridge, callId: string, onUnauthorised: () => void, initial?: DeskState) {
  const [state, setState] = useState<DeskState | null>(null);
  const [loadError, setLoadError] = useState<CallError | null>(null);
  const [change, setChange] = useState<ChangeNotice | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [saving, setSaving] = useState(false);
  /** The last state the server returned. */
  const confirmed = useRef<DeskState | null>(null);
  /** What is on screen: the confirmed state or a prediction ahead of it. */
  const shown = useRef<DeskState | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);
  /** Set when a predicted step was refused: the commands queued behind it were based on it, so they are dropped. */
  const abandoned = useRef(false);
  /** Predicted steps on screen that the server has not answered yet. */
  const predictedAhead = useRef(0);
  const predictor = usePredictor(bridge, state?.record.script.hash);
  const predictorRef = useRef(predictor);
  predictorRef.current = predictor;

  const initialRef = useRef(initial);
  useEffect(() => {
    let live = true;
    setLoadError(null);
    // A call just started comes with its first state: no second round trip before the first question.
    const given = initialRef.current;
    if (given && given.record.callId === callId) {
      setState((confirmed.current = shown.current = given));
      return;
    }
    setState(null);
    void bridge.invoke('call.get', { callId }).then((r) => {
      if (!live) return;
      if (r.ok) setState((confirmed.current = shown.current = r.value));
      else {
        if (r.error.code === 'unauthorised') onUnauthorised();
        setLoadError(r.error);
      }
    });
    return () => {
      live = false;
    };
    // onUnauthorised is deliberately not a dependency: a new callback must not reload the call.
  }, [bridge, callId]);

  const send: Send = useCallback(
    (command: CallCommand) => {
      const before = shown.current;
      const predicted = before && predictorRef.current ? predictorRef.current.next(before, command, new Date()) : null;
      pending.current++;
      // Commit in this task, not a scheduled one: the next step is on screen before the browser's next frame.
      flushSync(() => {
        setSaving(true);
        if (predicted) {
          predictedAhead.current++;
          shown.current = predicted;
          setState(predicted);
          setRefusal(null);
          setChange(changeNotice(before, predicted, command));
        }
      });

      // Paint the predicted step before doing the I/O (the request, and the host's work on a shared CPU), so neither
      // can hold up the frame the FCO is waiting for. The command is sent a frame later, still in order.
      const ready = predicted ? afterNextPaint() : Promise.resolve();
      const run = Promise.all([queue.current, ready]).then(async (): Promise<ApiResult<DeskState>> => {
        if (abandoned.current) {
          if (predicted) predictedAhead.current--;
          return NOT_SENT;
        }
        const r = await bridge.invoke('call.send', { callId, command });
        if (predicted) predictedAhead.current--;
        if (r.ok) confirmed.current = r.value;
        else if (r.error.code === 'unauthorised') onUnauthorised();
        if (!r.ok && (predicted || predictedAhead.current > 0)) {
          // The screen had moved on on the strength of this step (or of later ones built on it): go back to what
          // the server holds and say what was not saved.
          abandoned.current = true;
          shown.current = confirmed.current;
          flushSync(() => {
            setState(confirmed.current);
            setChange(null);
            setRefusal({ command, error: r.error });
          });
        } else if ((pending.current === 1 || (r.ok && !predicted)) && shown.current !== confirmed.current && confirmed.current) {
          // The server's state replaces the prediction (it may add what only it knows, such as the office lookup);
          // while later predicted commands are on their way, the screen stays on the furthest prediction.
          const prev = shown.current;
          const next = confirmed.current;
          shown.current = next;
          if (predicted) {
            // Same step, details filled in: wait until the predicted step has been painted, so this render can
            // never hold up the frame the FCO is waiting for.
            await afterNextPaint();
            if (shown.current === next) setState(next);
          } else
            flushSync(() => {
              setState(next);
              setChange(changeNotice(prev, next, command));
            });
        }
        return r;
      });
      const settle = () => {
        pending.current--;
        if (pending.current === 0) {
          abandoned.current = false;
          setSaving(false);
        }
      };
      queue.current = run.then(settle, settle);
      return run;
    },
    [bridge, callId, onUnauthorised],
  );

  return { state, loadError, send, change, dismissChange: () => setChange(null), refusal, saving };
}

/**
 * Resolves just after the browser's next frame (or at once where there are no frames, as in tests), or as soon as
 * the page is being left: a command waiting for the frame is then sent at once (the bridge sends it with keepalive).
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') return resolve();
    const leave = () => resolve();
    addEventListener('pagehide', leave, { once: true });
    requestAnimationFrame(() =>
      setTimeout(() => {
        removeEventListener('pagehide', leave);
        resolve();
      }, 0),
    );
  });
}

function changeNotice(before: DeskState | null, after: DeskState, command: CallCommand): ChangeNotice | null {
  if (!before || !before.reviewing || command.type !== 'answer.submit') return null;
  const noLongerUsed = after.staleAnswers.filter((id) => !before.staleAnswers.includes(id)).map((id) => after.staleAnswerText[id] ?? id);
  const newlyMissing = after.record.missing.filter((m) => !before.record.missing.includes(m));
  return noLongerUsed.length || newlyMissing.length ? { noLongerUsed, newlyMissing } : null;
}
