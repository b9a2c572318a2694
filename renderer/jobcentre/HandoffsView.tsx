import { useCallback, useEffect, useRef, useState } from 'react';
import type { IntakeBridge, ResponseOf } from '../../machines/contract/api';
import type { HandoffStatus } from '../../machines/contract/api/appointments';
import { ukDay, ukWhen } from '../fa/format';
import { Problem } from '../fa/Problem';
import { HANDOFF_STATUS_LABELS, HandoffRecordView } from './HandoffRecordView';
import './schedule.css';

type Row = ResponseOf<'appointments.handoff.list'>[number];
type Filter = Extract<HandoffStatus, 'sent' | 'acknowledged' | 'conducted'> | 'all';

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'sent', label: 'Sent (waiting for acknowledgement)' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'conducted', label: 'Interview conducted' },
];

/**
 * The Jobcentre's inbox of hand-off records from the contact centre: what each claim's Personal Adviser prepares
 * from, filtered by where it stands, with one record opened in place of the list.
 */
export function HandoffsView({ bridge, officeCode }: { bridge: IntakeBridge; officeCode: string }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<{ message: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const latest = useRef(0);

  const load = useCallback(async () => {
    const n = ++latest.current;
    const r = await bridge.invoke('appointments.handoff.list', filter === 'all' ? { officeCode } : { officeCode, status: filter });
    if (n !== latest.current) return; // the filter changed meanwhile: this answer is for the old one
    if (r.ok) {
      setRows(r.value);
      setError(null);
    } else setError(r.error);
  }, [bridge, officeCode, filter]);

  useEffect(() => {
    void load();
  }, [load]);
  // Sent from a desk, or moved here by a correction of the Jobcentre: listed without a reload.
  useEffect(() => bridge.subscribe((n) => (n.topic === 'handoff' || n.topic === 'appointments') && void load()), [bridge, load]);

  const shown = FILTERS.find((f) => f.value === filter)!;
  return (
    <section aria-labelledby="jc-handoffs-title" className="jc-handoffs">
      <h2 id="jc-handoffs-title" ref={heading} tabIndex={-1}>
        Hand-offs from the contact centre
      </h2>
      <Problem error={error} />
      {selected ? (
        <HandoffRecordView
          bridge={bridge}
          callId={selected}
          onClose={() => {
            setSelected(null);
            setTimeout(() => heading.current?.focus(), 0);
          }}
          onChanged={() => void load()}
        />
      ) : (
        <>
          <div className="jc-filter">
            <label htmlFor="jc-handoff-filter">Show</label>
            <select id="jc-handoff-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
              {FILTERS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          {rows === null && !error && <p>Loading the hand-offs…</p>}
          {rows !== null && rows.length === 0 && (
            <p>{filter === 'all' ? 'No hand-off records for this Jobcentre yet.' : `No hand-off records at this Jobcentre are “${shown.label}”.`}</p>
          )}
          {rows !== null && rows.length > 0 && (
            <table className="fa-queue jc-table">
              <caption className="visually-hidden">
                Hand-off records for {officeCode} ({shown.label.toLowerCase()}), most recently changed first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Benefit</th>
                  <th scope="col">Claim date</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last changed</th>
                  <th scope="col">
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.callId} data-call={r.callId}>
                    <td>
                      {r.customerName ?? 'Name not given'}
                      <span className="side-sub">Claim {r.callId}</span>
                    </td>
                    <td>{r.benefitName}</td>
                    <td>{ukDay(r.claimDate)}</td>
                    <td>
                      {r.status === 'sent' ? <strong>{HANDOFF_STATUS_LABELS.sent}</strong> : HANDOFF_STATUS_LABELS[r.status]}
                      {r.revision > 1 && <span className="side-sub">Revision {r.revision}</span>}
                      {r.changedSinceSent && r.sentRevision !== null && (
                        <span className="side-sub">
                          <span className="tag tag-review">Changed</span> since revision {r.sentRevision} was sent
                        </span>
                      )}
                    </td>
                    <td>{ukWhen(r.updatedAt)}</td>
                    <td>
                      <button type="button" aria-label={`Open the hand-off for ${r.customerName ?? r.callId}`} onClick={() => setSelected(r.callId)}>
                        Open
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
