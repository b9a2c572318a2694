import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { formatDateTime, isoToUk } from './format';

/**
 * The claim record in words: what the FCO reads back (the claim reference first, for the customer to note), and what a
 * team leader sees for a finished call.
 */
export function ClaimSummary({ record }: { record: ClaimRecord }) {
  const { customer: c, markers: m, appointment: a } = record;
  const row = (label: string, value: string | null | undefined) => (
    <div className="summary-row" key={label}>
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );
  return (
    <dl className="summary">
      {row('Claim reference', record.callId)}
      {row('Customer', c.name)}
      {row('Date of birth', isoToUk(c.dateOfBirth))}
      {row('National Insurance number', c.nino)}
      {row('Address', [c.address, c.postcode].filter(Boolean).join(', '))}
      {row('Phone', c.phone)}
      {row('Claim date', isoToUk(record.claimDate))}
      {row('Benefit', record.benefit?.name)}
      {row('Benefit marker', m.benefit.confirmed ? `${m.benefit.confirmed}${m.benefit.override ? ` (override: ${m.benefit.override.reason})` : ''}${m.benefit.valid ? '' : ' — not valid'}` : 'not confirmed')}
      {row('Jobcentre', m.jobcentre.confirmed ? `${m.jobcentre.confirmed.name} (${m.jobcentre.confirmed.code})${m.jobcentre.override ? ` — override: ${m.jobcentre.override.reason}` : ''}` : 'not confirmed')}
      {row('Evidence', record.evidence.readOut ? `Read out: ${record.evidence.items.map((i) => i.what).join('; ')}` : 'not read out')}
      {row(
        'Job search',
        record.jobSearch.skippedReason
          ? `Skipped: ${record.jobSearch.skippedReason}`
          : record.jobSearch.searches.length
            ? `${record.jobSearch.searches.length} search(es), ${record.jobSearch.submissions.length} submission(s)`
            : record.jobSearch.mode === 'none'
              ? 'Not applicable'
              : record.jobSearch.finished
                ? 'Finished'
                : 'not done',
      )}
      {row(
        'Appointment',
        !a
          ? 'none'
          : a.kind === 'booked'
            ? `FA ${formatDateTime(a.fa.start)} (${a.fa.minutes} min), WFI ${formatDateTime(a.wfi.start)} (${a.wfi.minutes} min) at ${a.wfi.officeCode}`
            : a.kind === 'dueWindow'
              ? `Due window ${isoToUk(a.from)} to ${isoToUk(a.to)}`
              : a.kind === 'deferred'
                ? `Deferred until ${isoToUk(a.deferral.untilDate)} (review ${isoToUk(a.deferral.reviewDate)}): ${a.deferral.reason}`
                : 'No WFI',
      )}
      {record.flags.length > 0 && row('Flagged for the team leader', `${record.flags.length} override(s)`)}
      {record.ended && row('Ended', `${record.ended.reason}${record.ended.note ? `: ${record.ended.note}` : ''}`)}
    </dl>
  );
}
