import type { DeskState } from '../../machines/deskState';
import { CallTimer } from './CallTimer';
import { formatDistance, humaniseId, isoToUk } from './format';

function Status({ ok, confirmed, label }: { ok: boolean; confirmed: boolean; label?: string }) {
  const text = ok ? 'Confirmed' : confirmed ? 'Confirm again' : 'Not confirmed';
  return <span className={`status-badge ${ok ? 'status-ok' : confirmed ? 'status-warn' : 'status-todo'}`}>{label ?? text}</span>;
}

/** The claim as it forms: markers with their confirmation state, what is still missing, the timer. */
export function SidePanel({ state }: { state: DeskState }) {
  const { record } = state;
  const { benefit, jobcentre } = record.markers;
  const office = jobcentre.confirmed ?? jobcentre.suggested;
  // Distance is known for offices the lookup returned (the suggestion and nearby candidates), not for searched ones.
  const distanceKm = office ? [jobcentre.suggested, ...jobcentre.candidates].find((c) => c?.code === office.code)?.distanceKm : undefined;
  return (
    <aside className="side-panel" aria-labelledby="side-title">
      <h2 id="side-title">Claim so far</h2>
      <CallTimer record={record} />
      <p className="side-meta">
        {record.customer.name ?? 'Customer not named yet'} · claim date {isoToUk(record.claimDate)}
      </p>

      <section aria-labelledby="side-benefit" className="side-block">
        <h3 id="side-benefit">Benefit marker</h3>
        <p>
          <strong>{benefit.confirmed ?? benefit.derived ?? 'Not derived yet'}</strong>
          {state.policy ? <span className="side-sub"> {state.policy.benefitName}</span> : null}
        </p>
        {benefit.derived && <Status ok={benefit.valid} confirmed={benefit.confirmed !== null} />}
        {benefit.override && <p className="flag">Override ({benefit.override.reason}): flagged for the team leader</p>}
      </section>

      <section aria-labelledby="side-office" className="side-block">
        <h3 id="side-office">Jobcentre</h3>
        {office ? (
          <>
            <p>
              <strong>{office.name}</strong>
              <span className="side-sub"> {office.address}</span>
              {distanceKm !== undefined && (
                <span className="side-sub">
                  {formatDistance(distanceKm)} from {record.customer.postcode}
                </span>
              )}
            </p>
            <Status ok={jobcentre.valid} confirmed={jobcentre.confirmed !== null} label={!jobcentre.confirmed ? 'Suggested, not confirmed' : undefined} />
            {jobcentre.override && <p className="flag">Not the suggested office ({jobcentre.override.reason}): flagged for the team leader</p>}
          </>
        ) : (
          <p>
            {jobcentre.lookup === 'approximate'
              ? 'Postcode area known only: choose with the customer'
              : jobcentre.lookup === 'unknown'
                ? 'Postcode not found: search for the office'
                : 'Found from the postcode'}
          </p>
        )}
      </section>

      {record.missing.length > 0 && (
        <section aria-labelledby="side-missing" className="side-block">
          <h3 id="side-missing">Still to do</h3>
          <ul className="missing">
            {record.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </section>
      )}

      {state.staleAnswers.length > 0 && (
        <section aria-labelledby="side-stale" className="side-block">
          <h3 id="side-stale">No longer used after a change</h3>
          <p className="side-sub">Kept for the record, not part of the claim.</p>
          <ul>
            {state.staleAnswers.map((id) => (
              <li key={id}>{state.staleAnswerText[id] ?? humaniseId(id)}</li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
