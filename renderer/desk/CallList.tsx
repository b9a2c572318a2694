import { useCallback, useEffect, useState } from 'react';
import type { CallSummary, IntakeBridge } from '../../machines/contract/api';
import type { CallError } from '../../machines/contract/errors';
import { PHASE_TITLES, type CallPhase } from '../../machines/phases';
import { ErrorText } from './ErrorText';
import { formatDateTime } from './format';


interface Props {
  bridge: IntakeBridge;
  /** FCOs see their own calls; team leaders everyone's (read only). */
  mine: boolean;
  onOpen: (callId: string) => void;
  onUnauthorised: () => void;
  title: string;
}

/** Calls for the signed-in person, newest first; refreshed when the host says a call changed. */
export function CallList({ bridge, mine, onOpen, onUnauthorised, title }: Props) {
  const [calls, setCalls] = useState<CallSummary[] | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const load = useCallback(async () => {
    const r = await bridge.invoke('call.list', { mine });
    if (r.ok) (setCalls(r.value), setError(null));
    else {
      if (r.error.code === 'unauthorised') onUnauthorised();
      setError(r.error);
    }
  }, [bridge, mine, onUnauthorised]);
  useEffect(() => {
    void load();
    return bridge.subscribe((n) => {
      if (n.topic === 'call') void load();
    });
  }, [bridge, load]);

  return (
    <section aria-labelledby="calls-title" className="call-list">
      <h2 id="calls-title">{title}</h2>
      <ErrorText error={error} />
      {calls === null ? (
        <p role="status">Loading calls…</p>
      ) : calls.length === 0 ? (
        <p>No calls yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col">Step</th>
              <th scope="col">Started</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <tr key={c.callId}>
                <td>{c.customerName ?? 'Not named yet'}</td>
                <td>{c.status === 'in_progress' ? 'In progress' : c.status === 'complete' ? 'Complete' : 'Ended'}</td>
                <td>{PHASE_TITLES[c.phase as CallPhase] ?? c.phase}</td>
                <td>{formatDateTime(c.startedAt)}</td>
                <td>
                  <button type="button" onClick={() => onOpen(c.callId)} aria-label={`${c.status === 'in_progress' && mine ? 'Resume' : 'View'} call with ${c.customerName ?? 'unnamed customer'} started ${formatDateTime(c.startedAt)}`}>
                    {c.status === 'in_progress' && mine ? 'Resume' : 'View'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
