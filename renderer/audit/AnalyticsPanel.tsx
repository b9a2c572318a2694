import { useState } from 'react';
import type { AnalyticsRow } from '../../machines/contract/api/audit';
import { REASON_LABEL, REASONS } from '../../machines/rules/audit';
import type { PanelProps } from './AuditWorkspace';
import { ExportButton } from './ExportButton';
import { TrendChart } from './TrendChart';
import { day, freshnessText, minutes, num, pct, useChannel, useRefreshOn } from './util';

const BY = [
  { id: 'fco', label: 'FCO' },
  { id: 'team', label: 'Team' },
  { id: 'day', label: 'Day' },
] as const;

const flagText = (r: AnalyticsRow, high: number, low: number) =>
  r.deferralFlag === 'high' ? `above ${high}%: check for over-deferral` : r.deferralFlag === 'low' ? `below ${low}%: check deferral is offered where it should be` : '';

/** Marker errors, overrides, corrections, deferral rates and call length per FCO, team or day, with trends. */
export function AnalyticsPanel({ bridge, filter, version }: PanelProps) {
  const [by, setBy] = useState<'fco' | 'team' | 'day'>('fco');
  const [table, refreshTable] = useChannel(bridge, 'audit.analytics', { ...filter, by });
  const [trend, refreshTrend] = useChannel(bridge, 'audit.analytics', { ...filter, by: 'day' });
  useRefreshOn(version, refreshTable);
  useRefreshOn(version, refreshTrend);

  return (
    <section aria-labelledby="an-title">
      <h2 id="an-title">Analytics</h2>
      <fieldset className="audit-by">
        <legend>One row per</legend>
        {BY.map((b) => (
          <label key={b.id}>
            <input type="radio" name="audit-by" checked={by === b.id} onChange={() => setBy(b.id)} /> {b.label}
          </label>
        ))}
      </fieldset>
      {table.state === 'loading' && <p role="status">Loading…</p>}
      {table.state === 'error' && (
        <p role="alert" className="audit-error">
          {table.error.message}
        </p>
      )}
      {table.state === 'ready' && (
        <>
          <p className="audit-asof">{freshnessText(table.value.freshness)}</p>
          <div className="audit-actions">
            <ExportButton bridge={bridge} request={{ report: 'analytics', ...filter, by }} label="Export this table (CSV)" />
          </div>
          <div className="audit-scroll">
            <table className="audit-table" aria-busy={table.refreshing}>
              <caption>
                Per {BY.find((b) => b.id === by)!.label.toLowerCase()}: call length against the {table.value.reference.callMinutes}-minute reference
              </caption>
              <thead>
                <tr>
                  <th scope="col">{BY.find((b) => b.id === by)!.label}</th>
                  <th scope="col">Claims</th>
                  <th scope="col">With errors</th>
                  {REASONS.map((c) => (
                    <th scope="col" key={c}>
                      {REASON_LABEL[c]}
                    </th>
                  ))}
                  <th scope="col">Office overrides</th>
                  <th scope="col">Benefit marker overrides</th>
                  <th scope="col">Corrections</th>
                  <th scope="col">Deferred (of deferrable)</th>
                  <th scope="col">Median call</th>
                  <th scope="col">90th percentile</th>
                  <th scope="col">Over {table.value.reference.callMinutes} min</th>
                  <th scope="col">FA feedback</th>
                </tr>
              </thead>
              <tbody>
                {[...table.value.rows, table.value.totals].map((r) => {
                  const ref = table.value.reference;
                  const flag = flagText(r, ref.deferralHighPct, ref.deferralLowPct);
                  return (
                    <tr key={r === table.value.totals ? '\u0000total' : r.key} className={r === table.value.totals ? 'audit-total' : undefined}>
                      <th scope="row">{r === table.value.totals ? 'All' : by === 'day' ? day(r.key) : r.key || '(no team)'}</th>
                      <td>{num(r.claims)}</td>
                      <td>
                        {num(r.withError)} ({pct(r.errorRatePct)})
                      </td>
                      {REASONS.map((c) => (
                        <td key={c}>{num(r.reasons[c])}</td>
                      ))}
                      <td>{num(r.officeOverrides)}</td>
                      <td>{num(r.benefitMarkerOverrides)}</td>
                      <td>{num(r.corrections)}</td>
                      <td className={r.deferralFlag ? 'audit-flag' : undefined}>
                        {num(r.deferred)} of {num(r.deferralEligible)} ({pct(r.deferralRatePct)}){flag && <span className="audit-flag-text"> — {flag}</span>}
                      </td>
                      <td className={r.medianSeconds !== null && r.medianSeconds > ref.callMinutes * 60 ? 'audit-flag' : undefined}>{minutes(r.medianSeconds)}</td>
                      <td>{minutes(r.p90Seconds)}</td>
                      <td>{pct(r.overReferencePct)}</td>
                      <td>{r.faFeedback === null ? '—' : num(r.faFeedback)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {!table.value.faFeedbackConnected && <p className="audit-note">FA feedback figures will appear here once the evidence area sends them.</p>}
        </>
      )}
      {trend.state === 'ready' && trend.value.rows.length > 0 && <Trends rows={trend.value.rows} reference={trend.value.reference.callMinutes} asOf={freshnessText(trend.value.freshness)} />}
    </section>
  );
}

function Trends({ rows, reference, asOf }: { rows: AnalyticsRow[]; reference: number; asOf: string }) {
  const labels = rows.map((r) => day(r.key));
  const range = `${labels[0]} to ${labels[labels.length - 1]}`;
  return (
    <div className="audit-trends">
      <h3>Trends by day</h3>
      <TrendChart
        title="Claims with a JP-process error (%)"
        description={`Share of each day's claims with at least one JP-process error, ${range}.`}
        labels={labels}
        series={[{ name: 'With errors (%)', values: rows.map((r) => r.errorRatePct) }]}
        format={(v) => `${Math.round(v)}%`}
        asOf={asOf}
      />
      <TrendChart
        title="Overrides and corrections"
        description={`Office and benefit marker overrides, and team-leader corrections, per day, ${range}.`}
        labels={labels}
        series={[
          { name: 'Overrides', values: rows.map((r) => r.officeOverrides + r.benefitMarkerOverrides) },
          { name: 'Corrections', values: rows.map((r) => r.corrections) },
        ]}
        format={(v) => String(Math.round(v))}
        asOf={asOf}
      />
      <TrendChart
        title="Deferral rate (% of deferrable claims)"
        description={`Share of claims that could be deferred which were deferred, per day, ${range}.`}
        labels={labels}
        series={[{ name: 'Deferred (%)', values: rows.map((r) => r.deferralRatePct) }]}
        format={(v) => `${Math.round(v)}%`}
        asOf={asOf}
      />
      <TrendChart
        title={`Call length (minutes) against the ${reference}-minute reference`}
        description={`Median and 90th percentile call length per day, ${range}, with the ${reference}-minute reference line.`}
        labels={labels}
        series={[
          { name: 'Median', values: rows.map((r) => (r.medianSeconds === null ? null : r.medianSeconds / 60)) },
          { name: '90th percentile', values: rows.map((r) => (r.p90Seconds === null ? null : r.p90Seconds / 60)) },
        ]}
        reference={{ value: reference, label: `${reference} min` }}
        format={(v) => minutes(v * 60)}
        asOf={asOf}
      />
    </div>
  );
}
