import { useEffect, useRef, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { AuditSource, ClaimAudit } from '../../machines/contract/api/audit';
import type { CallError } from '../../machines/contract/errors';
import type { Office } from '../../machines/rules/allocation';
import { REASON_LABEL } from '../../machines/rules/audit';
import { CheckForm } from './CheckForm';
import { day, freshnessText, useChannel, useRefreshOn, when } from './util';

/** One claim: what is wrong, its overrides and corrections, the clock as it stands against the old rule, checks. */
export function ClaimDetail(props: { bridge: IntakeBridge; claim: { source: AuditSource; ref: string }; version: number; onClose: () => void; onChanged: () => void }) {
  const { bridge, claim } = props;
  const [loaded, refresh] = useChannel(bridge, 'audit.claim', claim);
  const [checking, setChecking] = useState(false);
  useRefreshOn(props.version, refresh);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [claim.ref]);
  return (
    <section className="audit-detail" aria-labelledby="detail-title">
      <h2 id="detail-title" tabIndex={-1} ref={heading}>
        Claim {claim.ref} <span className="audit-source">({claim.source === 'legacy' ? 'legacy import' : 'taken in this product'})</span>
      </h2>
      <button type="button" onClick={props.onClose}>
        Close
      </button>
      {loaded.state === 'loading' && <p role="status">Loading…</p>}
      {loaded.state === 'error' && (
        <p role="alert" className="audit-error">
          {loaded.error.message}
        </p>
      )}
      {loaded.state === 'ready' && (
        <Detail
          a={loaded.value}
          bridge={bridge}
          onChanged={() => {
            refresh();
            props.onChanged();
          }}
          onCheck={() => setChecking(true)}
        />
      )}
      {checking && (
        <CheckForm
          bridge={bridge}
          claim={claim}
          onDone={() => {
            setChecking(false);
            refresh();
            props.onChanged();
          }}
          onCancel={() => setChecking(false)}
        />
      )}
    </section>
  );
}

function Detail({ a, bridge, onChanged, onCheck }: { a: ClaimAudit; bridge: IntakeBridge; onChanged: () => void; onCheck: () => void }) {
  const c = a.claim;
  return (
    <>
      <p className="audit-asof">{freshnessText(a.freshness)}</p>
      <dl className="audit-facts">
        <dt>Claim date</dt>
        <dd>{day(c.claimDate)}</dd>
        <dt>FCO</dt>
        <dd>
          {c.fcoId}
          {c.team ? ` (${c.team})` : ''}
        </dd>
        <dt>Benefit</dt>
        <dd>{c.benefit ?? '—'}</dd>
        <dt>Customer</dt>
        <dd>
          {c.nino ?? '—'}, {c.postcode ?? 'no postcode'}
        </dd>
        <dt>Benefit marker</dt>
        <dd>
          {c.benefitMarker ?? 'none'}
          {c.expectedMarker && c.expectedMarker !== c.benefitMarker ? ` (the answers call for ${c.expectedMarker})` : ''}
        </dd>
        <dt>Jobcentre marker</dt>
        <dd>
          {c.jobcentreMarker ?? 'none'}
          {c.areaOffice && c.areaOffice !== c.jobcentreMarker ? ` (the postcode is served by ${c.areaOffice})` : ''}
        </dd>
        <dt>Appointment</dt>
        <dd>{c.appointment}</dd>
      </dl>
      <h3>JP-process check</h3>
      {c.reasons.length === 0 ? (
        <p className="audit-ok">No JP-process error.</p>
      ) : (
        <ul className="audit-findings">
          {c.reasons.map((r, i) => (
            <li key={r}>
              <strong>{REASON_LABEL[r]}.</strong> {c.findings[i]}
            </li>
          ))}
        </ul>
      )}
      {a.clock && <ClockTable clock={a.clock} />}
      <h3>Overrides and corrections</h3>
      {a.changes.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {a.changes.map((ch, i) => (
            <li key={i}>
              {when(ch.at)}: {ch.kind === 'correction' ? 'correction' : 'override'} of the {ch.target === 'office' ? 'Jobcentre' : 'benefit'} marker,{' '}
              {ch.from ?? 'none'} → {ch.to ?? 'none'}, by {ch.by}. Reason: {ch.reason}
              {ch.note ? ` (${ch.note})` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>Quality checks</h3>
      {a.checks.length === 0 ? (
        <p>Not checked yet.</p>
      ) : (
        <ul>
          {a.checks.map((k) => (
            <li key={k.id}>
              {when(k.checkedAt)} by {k.checkedBy}: <strong>{k.outcome === 'pass' ? 'passed' : 'failed'}</strong>
              {k.note ? ` — ${k.note}` : ''}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onCheck}>
        Record a quality check
      </button>
      {a.correctable ? (
        <CorrectionForm bridge={bridge} a={a} onDone={onChanged} />
      ) : (
        <p className="audit-note">Legacy records are corrected in the legacy system; import the corrected export to update this report.</p>
      )}
    </>
  );
}

function ClockTable({ clock }: { clock: NonNullable<ClaimAudit['clock']> }) {
  const w = (x: { from: string; to: string } | null) => (x ? `${day(x.from)} to ${day(x.to)}` : '—');
  return (
    <>
      <h3>The interview clock</h3>
      <table className="audit-table">
        <caption>Corrections never move the claim date or the window. This is what the old “restart the clock” rule would have made them.</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">As it stands</th>
            <th scope="col">Old rule (clock restarted at the last correction)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Clock starts</th>
            <td>{day(clock.asItStands.clockStart)} (claim date)</td>
            <td>{clock.oldRule ? `${day(clock.oldRule.clockStart)} (${clock.shiftDays} day${clock.shiftDays === 1 ? '' : 's'} later)` : 'no correction: same'}</td>
          </tr>
          {clock.benefitDueWindowDays && (
            <tr>
              <th scope="row">
                Interview window (days {clock.benefitDueWindowDays[0]}–{clock.benefitDueWindowDays[1]})
              </th>
              <td>{w(clock.asItStands.window)}</td>
              <td>{clock.oldRule ? w(clock.oldRule.window) : 'same'}</td>
            </tr>
          )}
          {clock.wfiDate && (
            <tr>
              <th scope="row">Interview on {day(clock.wfiDate)} falls on</th>
              <td>day {clock.asItStands.wfiDay}</td>
              <td>{clock.oldRule ? `day ${clock.oldRule.wfiDay}` : 'same'}</td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

/** A correction is the existing `claim.correct` command, sent by the team leader with a reason. */
function CorrectionForm({ bridge, a, onDone }: { bridge: IntakeBridge; a: ClaimAudit; onDone: () => void }) {
  const [target, setTarget] = useState<'office' | 'benefitMarker'>('office');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [search, setSearch] = useState('');
  const [offices, setOffices] = useState<Office[]>([]);
  const [error, setError] = useState<CallError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (target !== 'office' || search.trim().length < 2) return setOffices([]);
    let live = true;
    void bridge.invoke('directory.searchOffices', { text: search }).then((r) => live && setOffices(r.ok ? r.value : []));
    return () => {
      live = false;
    };
  }, [bridge, search, target]);
  return (
    <form
      className="audit-panel"
      aria-labelledby="correct-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setDone(null);
        if (!value) return setError({ code: 'invalid_payload', message: target === 'office' ? 'Choose the Jobcentre.' : 'Choose the benefit marker.', field: 'value' });
        if (reason.trim().length < 3) return setError({ code: 'invalid_payload', message: 'Say why the correction is needed.', field: 'reason' });
        setBusy(true);
        const r = await bridge.invoke('call.send', { callId: a.claim.ref, command: { type: 'claim.correct', target, value, reason } });
        setBusy(false);
        if (!r.ok) return setError(r.error);
        setDone(`Corrected. The claim date and interview window stay as they were.`);
        setReason('');
        onDone();
      }}
    >
      <h3 id="correct-title">Correct a marker</h3>
      <fieldset>
        <legend>Which marker</legend>
        <label>
          <input type="radio" name="target" checked={target === 'office'} onChange={() => (setTarget('office'), setValue(''))} /> Jobcentre
        </label>
        <label>
          <input type="radio" name="target" checked={target === 'benefitMarker'} onChange={() => (setTarget('benefitMarker'), setValue(''))} /> Benefit marker
        </label>
      </fieldset>
      {target === 'office' ? (
        <>
          <label className="audit-block">
            Find the Jobcentre (name, town or postcode)
            <input value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <label className="audit-block">
            Jobcentre
            <select value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error?.field === 'value'}>
              <option value="">Choose…</option>
              {offices.map((o) => (
                <option key={o.code} value={o.code}>
                  {o.name} ({o.code}, {o.postcode})
                </option>
              ))}
            </select>
          </label>
        </>
      ) : (
        <label className="audit-block">
          Benefit marker
          <select value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error?.field === 'value'}>
            <option value="">Choose…</option>
            {a.markerChoices.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="audit-block">
        Reason (required; it is recorded with your name and the time)
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={1000} aria-invalid={error?.field === 'reason'} />
      </label>
      {error && (
        <p role="alert" className="audit-error">
          {error.message}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      <button type="submit" className="primary" disabled={busy}>
        Record the correction
      </button>
    </form>
  );
}
