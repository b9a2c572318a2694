import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { ApiResult, IntakeBridge } from '../../machines/contract/api';
import type { CallCommand } from '../../machines/contract/callTypes';
import type { CallError } from '../../machines/contract/errors';
import type { DeskState } from '../../machines/deskState';
import type { Send } from './types';

/** What changed for the FCO after they corrected an earlier answer, so they can see what needs attention. */
export interface ChangeNotice {
  /** Answers the change took off the path (kept for audit, no longer used). */
  noLongerUsed: string[];
  /** Items that became "still to do" because of the change (e.g. confirm the marker again). */
  newlyMissing: string[];
}

const BUSY: ApiResult<DeskState> = { ok: false, error: { code: 'out_of_order', message: 'Still saving the previous step; try again in a moment.' } };

/**
 * The open call. The desk state is only ever replaced by a server response (call.get or call.send), never edited
 * locally, so the screen cannot show an answer the server did not accept. One command at a time: a second Enter
 * while the first is in flight is ignored rather than queued.
 */
export function useCall(bridge: IntakeBridge, callId: string, onUnauthorised: () => void) {
  const [state, setState] = useState<DeskState | null>(null);
  const [loadError, setLoadError] = useState<CallError | null>(null);
  const [change, setChange] = useState<ChangeNotice | null>(null);
  const inFlight = useRef(false);
  const current = useRef<DeskState | null>(null);

  useEffect(() => {
    let live = true;
    setState(null);
    setLoadError(null);
    void bridge.invoke('call.get', { callId }).then((r) => {
      if (!live) return;
      if (r.ok) setState((current.current = r.value));
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
    async (command: CallCommand) => {
      if (inFlight.current) return BUSY;
      inFlight.current = true;
      try {
        const before = current.current;
        const r = await bridge.invoke('call.send', { callId, command });
        if (r.ok) {
          current.current = r.value;
          // Commit the next step in this task rather than a scheduled one: the FCO is waiting on this key press.
          flushSync(() => {
            setState(r.value);
            setChange(before && before.reviewing && command.type === 'answer.submit' ? diff(before, r.value) : null);
          });
        } else if (r.error.code === 'unauthorised') onUnauthorised();
        return r;
      } finally {
        inFlight.current = false;
      }
    },
    [bridge, callId, onUnauthorised],
  );

  return { state, loadError, send, change, dismissChange: () => setChange(null) };
}

function diff(before: DeskState, after: DeskState): ChangeNotice | null {
  const noLongerUsed = after.staleAnswers.filter((id) => !before.staleAnswers.includes(id)).map((id) => after.staleAnswerText[id] ?? id);
  const newlyMissing = after.record.missing.filter((m) => !before.record.missing.includes(m));
  return noLongerUsed.length || newlyMissing.length ? { noLongerUsed, newlyMissing } : null;
}
