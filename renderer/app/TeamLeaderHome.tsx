import { useEffect, useState } from 'react';
import type { IntakeBridge, SessionUser } from '../../machines/contract/api';
import type { CallError } from '../../machines/contract/errors';
import type { DeskState } from '../../machines/deskState';
import { AuditWorkspace } from '../audit/AuditWorkspace';
import { CallList } from '../desk/CallList';
import { ClaimSummary } from '../desk/ClaimSummary';
import { ErrorText } from '../desk/ErrorText';
import { useCallIdFromHash } from '../desk/hash';
import { DeferralDecisions } from './DeferralDecisions';
import { JobcentreLookup } from './JobcentreLookup';

/**
 * Team leaders: deferrals waiting for their decision first (an FCO is waiting), then the audit workspace, any
 * Jobcentre's appointments and hand-offs, then every call, read only (they record corrections in the audit area).
 */
export function TeamLeaderHome({ bridge, user, onUnauthorised }: { bridge: IntakeBridge; user: SessionUser; onUnauthorised: () => void }) {
  const [callId, open] = useCallIdFromHash();
  if (callId) return <CallView bridge={bridge} callId={callId} onBack={() => open(null)} />;
  return (
    <>
      <DeferralDecisions bridge={bridge} />
      <AuditWorkspace bridge={bridge} user={user} />
      <JobcentreLookup bridge={bridge} />
      <CallList bridge={bridge} mine={false} onOpen={open} onUnauthorised={onUnauthorised} title="All calls" />
    </>
  );
}

function CallView({ bridge, callId, onBack }: { bridge: IntakeBridge; callId: string; onBack: () => void }) {
  const [state, setState] = useState<DeskState | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  useEffect(() => {
    void bridge.invoke('call.get', { callId }).then((r) => (r.ok ? setState(r.value) : setError(r.error)));
  }, [bridge, callId]);
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title">Call {state?.record.customer.name ? `with ${state.record.customer.name}` : callId}</h1>
      <ErrorText error={error} />
      {state && (
        <>
          <p>
            Status: {state.record.status === 'in_progress' ? `in progress (${state.phase})` : state.record.status}. FCO: {state.record.fcoId}.
          </p>
          <ClaimSummary record={state.record} />
        </>
      )}
      <button type="button" onClick={onBack} autoFocus>
        Back to all calls
      </button>
    </section>
  );
}
