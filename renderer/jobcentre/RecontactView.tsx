import { useCallback, useEffect, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { RecontactAttempt, RecontactRow } from '../../machines/contract/api/appointments';
import { formatDateTime } from '../desk/format';
import { ukDay } from '../fa/format';
import { Problem } from '../fa/Problem';
import { ChoiceForm } from './day/ChoiceForm';
import type { Err } from './day/types';
import '../fa/fa.css';
import './day.css';
import { phoneForReading } from '../../machines/rules/ukFormats';

const OUTCOMES = [
  { value: 'reached', label: 'Reached' },
  { value: 'noContact', label: 'No contact' },
] as const;

const OUTCOME_WORDS: Record<RecontactAttempt['outcome'], string> = { reached: 'Reached', noContact: 'No contact' };

/** One attempt in words: when, who rang (when it was recorded), what happened and what they noted. */
function AttemptLine({ a }: { a: RecontactAttempt }) {
  return (
    <>
      {formatDateTime(a.at)}, {a.byName ? `by ${a.byName}` : 'caller not recorded'}: {OUTCOME_WORDS[a.outcome]}
      {a.note && <> · “{a.note}”</>}
    </>
  );
}

/**
 * The last attempt, and the earlier ones on request: the adviser ringing next sees who tried, when, and what they
 * learned (a note from the last attempt no longer hides the ones before it).
 */
function AttemptsCell({ row }: { row: RecontactRow }) {
  const log = row.attemptLog;
  const last = log[log.length - 1];
  if (!last) return <>{row.lastAttemptAt ? formatDateTime(row.lastAttemptAt) : 'None yet'}</>;
  const earlier = log.slice(0, -1).reverse();
  return (
    <>
      <AttemptLine a={last} />
      {earlier.length > 0 && (
        <details className="jc-attempts-earlier">
          <summary>
            Earlier attempts ({earlier.length})
          </summary>
          <ol reversed>
            {earlier.map((a, i) => (
              <li key={`${a.at}-${i}`}>
                <AttemptLine a={a} />
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  );
}

const overdue = (days: number) => (days <= 0 ? 'Due today' : `${days} day${days === 1 ? '' : 's'}`);

/**
 * Deferred customers whose review date has come: ring them about the interview. Reaching one closes the deferral
 * (the row goes); no contact counts an attempt and keeps them on the list (PF:1007: those left un-contacted were the
 * known failure).
 */
export function RecontactView({ bridge, officeCode }: { bridge: IntakeBridge; officeCode: string }) {
  const [rows, setRows] = useState<RecontactRow[] | null>(null);
  const [error, setError] = useState<Err>(null);
  const [status, setStatus] = useState('');

  const load = useCallback(async () => {
    const r = await bridge.invoke('appointments.recontactList', { officeCode });
    if (r.ok) {
      setRows(r.value);
      setError(null);
    } else setError(r.error);
  }, [bridge, officeCode]);
  useEffect(() => {
    void load();
  }, [load]);

  const record = async (row: RecontactRow, outcome: 'reached' | 'noContact', note: string): Promise<Err> => {
    const r = await bridge.invoke('appointments.recontact.record', { callId: row.callId, outcome, note });
    if (!r.ok) return r.error;
    const who = row.customerName ?? row.callId;
    // The service answers with the row as it now stands, or null once the deferral is closed (reached).
    const now = r.value;
    setRows((rs) => rs && (now ? rs.map((x) => (x.callId === row.callId ? now : x)) : rs.filter((x) => x.callId !== row.callId)));
    setStatus(now ? `No contact with ${who}: attempt ${now.attempts} recorded. They stay on the list.` : `${who} reached: taken off the re-contact list.`);
    return null;
  };

  return (
    <section aria-labelledby="jc-recontact-title" className="jc-recontact">
      <h2 id="jc-recontact-title">Deferred customers to re-contact</h2>
      <p className="hint">Customers whose interview was deferred and whose review date has come. Ring them to arrange the interview.</p>
      <p role="status" className="fa-status">
        {status}
      </p>
      <Problem error={error} />
      {rows &&
        (rows.length === 0 ? (
          <p>No deferred customers at this Jobcentre are due for re-contact.</p>
        ) : (
          <table className="fa-queue jc-recontact-table">
            <caption>
              Deferred customers at {officeCode} to re-contact, earliest review date first ({rows.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Phone</th>
                <th scope="col">Contact times</th>
                <th scope="col">Deferral reason</th>
                <th scope="col">Deferred until</th>
                <th scope="col">Review date</th>
                <th scope="col">Overdue</th>
                <th scope="col">Personal Adviser</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Record an attempt</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.callId} data-call={r.callId}>
                  <th scope="row">{r.customerName ?? '(no name)'}</th>
                  <td>{r.phone ? phoneForReading(r.phone) : 'No phone'}</td>
                  <td>{r.contactTimes ?? '—'}</td>
                  <td>{r.reasonLabel}</td>
                  <td>{ukDay(r.untilDate)}</td>
                  <td>{ukDay(r.reviewDate)}</td>
                  <td>{overdue(r.daysOverdue)}</td>
                  <td>{r.paAllocated}</td>
                  <td>{r.attempts}</td>
                  <td>
                    <AttemptsCell row={r} />
                  </td>
                  <td>
                    <div role="group" aria-label={`Re-contact attempt for ${r.customerName ?? r.callId}`}>
                      <ChoiceForm
                        idBase={`jc-recontact-${r.callId}`}
                        legend="Outcome"
                        options={OUTCOMES}
                        noteLabel="Note"
                        noteMax={1000}
                        submitLabel="Record attempt"
                        onSubmit={(outcome, note) => record(r, outcome, note)}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
