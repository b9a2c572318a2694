import type { JobsDefaults } from '../../../../machines/contract/api/jobs';
import type { ClaimRecord } from '../../../../machines/contract/claimRecord';
import { describeQuery } from './draft';

const money = (n: number) => `£${n.toFixed(2)}`;

/**
 * What the customer said about work earlier in the call, to read before searching: the goal, hours, travel and pay
 * the search is prefilled from, and their aspirations and barriers in their own words (field matching alone is
 * "formulaic", PF:384). For other benefits, their answer to "interest in work".
 */
export function Preferences({ defaults, optional }: { defaults: JobsDefaults; optional: boolean }) {
  const p = defaults.preferences;
  const rows: [string, string][] = [];
  if (optional) rows.push(['Interest in work', p.interestInWorkLabel ?? 'Not asked']);
  if (p.jobGoal) rows.push(['Type of work', p.jobGoal]);
  if (p.hoursPerWeek !== null) rows.push(['Hours a week', `up to ${p.hoursPerWeek}`]);
  if (p.maxTravelMiles !== null) rows.push(['Travel', `${p.maxTravelMiles} miles`]);
  if (p.minHourlyPay !== null) rows.push(['Least pay', `${money(p.minHourlyPay)} an hour`]);
  if (p.aspirations) rows.push(['Aspirations and barriers', p.aspirations]);
  return (
    <section className="js-said" aria-labelledby="js-said-title">
      <h3 id="js-said-title">What the customer told you</h3>
      {rows.length > 0 ? (
        <dl className="summary">
          {rows.map(([k, v]) => (
            <div className="summary-row" key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="hint">Nothing about work was asked earlier in this call.</p>
      )}
      {defaults.notes.length > 0 && (
        <ul className="js-notes">
          {defaults.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The searches recorded on this call, and who the customer was put forward to. */
export function RecordedSearches({ jobSearch }: { jobSearch: ClaimRecord['jobSearch'] }) {
  const { searches, submissions } = jobSearch;
  if (searches.length === 0) return null;
  return (
    <section className="js-recorded" aria-labelledby="js-recorded-title">
      <h3 id="js-recorded-title">Recorded on this call</h3>
      <ol>
        {searches.map((s, i) => (
          <li key={i}>
            {describeQuery(s.query)}: {s.resultCount} result{s.resultCount === 1 ? '' : 's'}
          </li>
        ))}
      </ol>
      {submissions.length > 0 ? (
        <>
          <p>Put forward for:</p>
          <ul className="js-submitted">
            {submissions.map((s) => (
              <li key={s.vacancyId}>
                {s.title}, {s.employer} (ref {s.vacancyId})
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Not put forward for any vacancy yet.</p>
      )}
    </section>
  );
}
