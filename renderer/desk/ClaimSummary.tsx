import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { releasedByCorrection } from '../../machines/rules/officeCorrection';
import { londonDay, openDaysOf } from '../../machines/rules/windows';
import { formatDateTime, isoToUk } from './format';
import { phoneForReading } from '../../machines/rules/ukFormats';

/**
 * The appointment booked on the call, as it stands: a later correction of the Jobcentre released what was still to
 * come at the old office (the appointments area does it in the correction's transaction, by the same rule), so the
 * released times are not shown as if they still held.
 */
function bookedText(record: ClaimRecord, a: Extract<NonNullable<ClaimRecord['appointment']>, { kind: 'booked' }>): string {
  const fa = `FA ${formatDateTime(a.fa.start)} (${a.fa.minutes} min)`;
  const wfi = `WFI ${formatDateTime(a.wfi.start)} (${a.wfi.minutes} min)`;
  const faGone = releasedByCorrection(a.fa, record.corrections);
  const wfiGone = releasedByCorrection(a.wfi, record.corrections);
  const gone = wfiGone ?? faGone;
  if (!gone) return `${fa}, ${wfi} at ${a.wfi.officeCode}`;
  const released = faGone && wfiGone ? 'the FA meeting and the WFI were' : wfiGone ? 'the WFI was' : 'the FA meeting was';
  const kept = !faGone ? ` ${fa} stays at ${a.fa.officeCode} (it was before the correction);` : !wfiGone ? ` ${wfi} stays at ${a.wfi.officeCode} (it was before the correction);` : '';
  return `Booked on the call at ${a.wfi.officeCode}:${kept} ${released} released when the Jobcentre was corrected to ${gone.to} on ${isoToUk(londonDay(gone.at))}${wfiGone ? `; the interview went on ${gone.to}'s interview schedule` : ''}`;
}

/** The days the Jobcentre can hold the interview (as told to the customer and printed on the letter), not the calendar edges. */
function dueWindowText(record: ClaimRecord, a: Extract<NonNullable<ClaimRecord['appointment']>, { kind: 'dueWindow' }>): string {
  const { from, to } = openDaysOf(record.dueWindow ?? a);
  return `The Jobcentre calls the customer in between ${isoToUk(from)} and ${isoToUk(to)}`;
}

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
      {row('Phone', c.phone ? phoneForReading(c.phone) : null)}
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
            ? bookedText(record, a)
            : a.kind === 'dueWindow'
              ? dueWindowText(record, a)
              : a.kind === 'deferred'
                ? `Deferred until ${isoToUk(a.deferral.untilDate)} (review ${isoToUk(a.deferral.reviewDate)}): ${a.deferral.reason}`
                : 'No WFI',
      )}
      {record.flags.length > 0 && row('Flagged for the team leader', `${record.flags.length} override(s)`)}
      {record.ended && row('Ended', `${record.ended.reason}${record.ended.note ? `: ${record.ended.note}` : ''}`)}
    </dl>
  );
}
