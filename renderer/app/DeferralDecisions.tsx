import { useCallback, useEffect, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { AuthorisationView } from '../../machines/contract/api/appointments';
import type { CallError } from '../../machines/contract/errors';
import { ukWhen } from '../fa/format';
import { Problem } from '../fa/Problem';

/** How often the list is re-read when the host pushes no notifications (the FCO is waiting on the phone). */
const POLL_MS = 10_000;

/**
 * Deferrals an FCO asked a team leader to authorise (a local protocol, or longer than the policy allows without
 * one). The FCO is usually still on the phone with the customer, so the requests sit at the top of the team leader's
 * home, update live, and are decided in one step: approve, or refuse with a note the FCO reads out.
 */
export function DeferralDecisions({ bridge }: { bridge: IntakeBridge }) {
  const [rows, setRows] = useState<AuthorisationView[] | null>(null);
  const [loadError, setLoadError] = useState<CallError | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const load = useCallback(async () => {
    const r = await bridge.invoke('appointments.deferral.authorisations', { status: 'pending' });
    if (r.ok) {
      setRows(r.value); // pending requests come oldest first: whoever has waited longest is answered first
      setLoadError(null);
    } else setLoadError(r.error);
  }, [bridge]);

  useEffect(() => {
    void load();
    const off = bridge.subscribe((n) => {
      if (n.topic === 'deferralAuthorisation') void load();
    });
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [bridge, load]);

  // A decision made here, or one another team leader made first: say it, and take the request off the list.
  const done = (message: string) => {
    setAnnouncement(message);
    void load();
  };

  return (
    <section aria-labelledby="deferral-decisions-title" className="deferral-decisions">
      <h2 id="deferral-decisions-title">Deferrals waiting for your decision{rows && rows.length > 0 ? ` (${rows.length})` : ''}</h2>
      <p role="status" className="side-meta">
        {announcement}
      </p>
      <Problem error={loadError} />
      {rows === null && !loadError && <p>Loading…</p>}
      {rows?.length === 0 && <p>No deferral is waiting for a decision.</p>}
      {rows && rows.length > 0 && (
        <ul className="deferral-requests">
          {rows.map((r) => (
            <DecisionItem key={r.authorisationId} bridge={bridge} request={r} onDone={done} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DecisionItem(props: {
  bridge: IntakeBridge;
  request: AuthorisationView;
  onDone: (message: string) => void;
}) {
  const { bridge, request: r, onDone } = props;
  const who = r.customerName ?? r.callId;
  const [note, setNote] = useState('');
  const [error, setError] = useState<{ message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = r.authorisationId;

  const decide = async (approve: boolean) => {
    // The FCO has to tell the customer why: a refusal without a reason leaves them nothing to say.
    if (!approve && !note.trim()) return setError({ message: 'Say why you refuse, so the FCO can tell the customer.' });
    setBusy(true);
    const res = await bridge.invoke('appointments.deferral.decide', { authorisationId: id, approve, note: note.trim() });
    setBusy(false);
    if (!res.ok) return res.error.code === 'not_allowed_in_phase' ? onDone(`${who}: ${res.error.message}`) : setError(res.error);
    setError(null);
    const v = res.value;
    onDone(`${v.status === 'approved' ? 'Approved' : 'Refused'}: the deferral for ${who}. ${v.requestedByName} sees your decision at the desk.`);
  };

  return (
    <li className="deferral-request">
      <h3>
        {r.customerName ?? 'Customer not named yet'} <span className="side-meta">(claim {r.callId})</span>
      </h3>
      <dl className="deferral-facts">
        <dt>Reason</dt>
        <dd>{r.reasonLabel}</dd>
        <dt>Asked by</dt>
        <dd>
          {r.requestedByName}, {ukWhen(r.requestedAt)}
        </dd>
        <dt>Why, in the FCO’s words</dt>
        <dd>“{r.note}”</dd>
      </dl>
      <label htmlFor={`${id}-note`}>Your note to the FCO (needed to refuse)</label>
      <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} aria-describedby={error ? `${id}-error` : undefined} />
      <Problem error={error} id={`${id}-error`} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void decide(true)}>
          Approve the deferral
        </button>
        <button type="button" disabled={busy} onClick={() => void decide(false)}>
          Refuse
        </button>
      </div>
    </li>
  );
}
