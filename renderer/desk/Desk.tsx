import { useEffect, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { CallError } from '../../machines/contract/errors';
import type { DeskState } from '../../machines/deskState';
import { CallList } from './CallList';
import { CallScreen } from './CallScreen';
import { ErrorText } from './ErrorText';
import { FeedbackFromAssessors } from './FeedbackFromAssessors';
import { useCallIdFromHash } from './hash';

/**
 * The FCO's desk: their calls and "start a new call", and the feedback assessors returned on their claims; or the
 * open call (its id in the URL hash).
 */
export function Desk({ bridge, onUnauthorised }: { bridge: IntakeBridge; onUnauthorised: () => void }) {
  const [callId, open] = useCallIdFromHash();
  const [error, setError] = useState<CallError | null>(null);
  const [starting, setStarting] = useState(false);
  const [started, setStarted] = useState<DeskState | null>(null);
  // The start's state is for opening that call once; coming back to it later loads it fresh.
  useEffect(() => {
    if (callId === null) setStarted(null);
  }, [callId]);

  async function start() {
    if (starting) return;
    setStarting(true);
    const r = await bridge.invoke('call.start', {});
    setStarting(false);
    if (r.ok) {
      setStarted(r.value);
      open(r.value.record.callId);
    }
    else {
      if (r.error.code === 'unauthorised') onUnauthorised();
      setError(r.error);
    }
  }

  if (callId)
    return (
      <CallScreen
        key={callId}
        bridge={bridge}
        callId={callId}
        onHome={() => open(null)}
        onUnauthorised={onUnauthorised}
        initial={started?.record.callId === callId ? started : undefined}
      />
    );
  return (
    <div className="home">
      <h1>Your calls</h1>
      <p>
        <button type="button" className="primary big" onClick={() => void start()} autoFocus aria-busy={starting || undefined}>
          Start a new call
        </button>
      </p>
      <ErrorText error={error} />
      <CallList bridge={bridge} mine onOpen={open} onUnauthorised={onUnauthorised} title="Recent calls" />
      <FeedbackFromAssessors bridge={bridge} />
    </div>
  );
}
