import type { FaQueue } from '../../machines/contract/api/evidence';
import { STATE_LABELS, ukDay, ukWhen } from './format';

/** The Jobcentre's queue, in appointment order (the order comes from the service). */
export function QueueTable({ queue, selected, onOpen }: { queue: FaQueue; selected: string | null; onOpen: (callId: string) => void }) {
  if (queue.rows.length === 0) return <p>No claims waiting for a check.</p>;
  return (
    <table className="fa-queue">
      <caption className="visually-hidden">Claims for {queue.officeName ?? queue.officeCode}, earliest appointment first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Customer</th>
          <th scope="col">Benefit</th>
          <th scope="col">FCO</th>
          <th scope="col">Evidence</th>
          <th scope="col">State</th>
          <th scope="col">
            <span className="visually-hidden">Open</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {queue.rows.map((r) => (
          <tr key={r.callId} aria-current={r.callId === selected ? 'true' : undefined} data-call={r.callId}>
            <td>{r.faStart ? `FA meeting ${ukWhen(r.faStart)}` : `Evidence due ${ukDay(r.evidenceDue!)}`}</td>
            <td>{r.customerName ?? '(no name)'}</td>
            <td>{r.benefitName}</td>
            <td>{r.fcoName ?? r.fcoId}</td>
            <td>
              {r.seen}/{r.items} seen{r.missing ? `, ${r.missing} missing` : ''}
              {r.requested ? `, ${r.requested} requested` : ''}
            </td>
            <td>
              {STATE_LABELS[r.state]}
              {r.feedbackGiven ? ' · feedback sent' : ''}
            </td>
            <td>
              <button type="button" onClick={() => onOpen(r.callId)} aria-label={`Open claim of ${r.customerName ?? r.reference}`}>
                Open
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
