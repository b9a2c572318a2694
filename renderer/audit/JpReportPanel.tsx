import { useEffect, useState } from 'react';
import type { ReasonCode } from '../../machines/rules/audit';
import { REASON_LABEL, REASONS } from '../../machines/rules/audit';
import type { PanelProps } from './AuditWorkspace';
import { ExportButton } from './ExportButton';
import { day, freshnessText, num, useChannel, useRefreshOn } from './util';
import { Pager } from './Pager';

const PAGE = 50;

/** Every claim with a JP-process error, newest first: who, what and why, with counts per reason. */
export function JpReportPanel({ bridge, filter, version, openClaim }: PanelProps) {
  const [reason, setReason] = useState<ReasonCode | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(0), [filter, reason]);
  const request = { ...filter, ...(reason ? { reason } : {}), offset, limit: PAGE };
  const [loaded, refresh] = useChannel(bridge, 'audit.jpReport', request);
  useRefreshOn(version, refresh);

  if (loaded.state === 'loading') return <p role="status">Loading the JP process report…</p>;
  if (loaded.state === 'error') return <p role="alert" className="audit-error">{loaded.error.message}</p>;
  const r = loaded.value;
  const rate = r.checked.claims ? Math.round((r.checked.withError * 1000) / r.checked.claims) / 10 : null;
  return (
    <section aria-labelledby="jp-title" aria-busy={loaded.refreshing}>
      <h2 id="jp-title">JP process report</h2>
      <p className="audit-headline">
        <strong>{num(r.checked.claims)}</strong> claim{r.checked.claims === 1 ? '' : 's'} checked automatically (all of them);{' '}
        <strong>{num(r.checked.withError)}</strong> with a JP-process error{rate === null ? '' : ` (${rate}%)`}.
      </p>
      <p className="audit-asof">{freshnessText(r.freshness)}</p>
      <table className="audit-table audit-reasons">
        <caption>Claims by reason (a claim can have more than one)</caption>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col">Claims</th>
            <th scope="col">
              <span className="visually-hidden">Filter</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {REASONS.map((code) => (
            <tr key={code} className={reason === code ? 'selected' : undefined}>
              <th scope="row">{REASON_LABEL[code]}</th>
              <td>{num(r.countsByReason[code])}</td>
              <td>
                <button
                  type="button"
                  aria-pressed={reason === code}
                  aria-label={reason === code ? 'Show all reasons' : `Show only these: ${REASON_LABEL[code]}`}
                  onClick={() => setReason(reason === code ? undefined : code)}
                >
                  {reason === code ? 'Show all reasons' : 'Show only these'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="audit-actions">
        <ExportButton bridge={bridge} request={{ report: 'jp', ...filter, ...(reason ? { reason } : {}) }} label="Export the whole report (CSV)" />
      </div>
      {r.rows.length === 0 ? (
        <p>No claims with a JP-process error{reason ? ` for “${REASON_LABEL[reason]}”` : ''} in this range.</p>
      ) : (
        <table className="audit-table">
          <caption>
            Claims with errors {offset + 1}–{offset + r.rows.length} of {num(r.total)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Claim date</th>
              <th scope="col">Claim</th>
              <th scope="col">FCO</th>
              <th scope="col">Team</th>
              <th scope="col">Jobcentre marker</th>
              <th scope="col">Benefit marker</th>
              <th scope="col">What is wrong</th>
            </tr>
          </thead>
          <tbody>
            {r.rows.map((row) => (
              <tr key={`${row.source}:${row.ref}`}>
                <td>{day(row.claimDate)}</td>
                <td>
                  <button type="button" className="link" onClick={() => openClaim({ source: row.source, ref: row.ref })}>
                    {row.ref}
                  </button>
                  <span className="audit-source">{row.source === 'legacy' ? 'legacy' : 'this product'}</span>
                </td>
                <td>{row.fcoId}</td>
                <td>{row.team || '—'}</td>
                <td>{row.jobcentreMarker ?? 'none'}</td>
                <td>{row.benefitMarker ?? 'none'}</td>
                <td>
                  <ul className="audit-findings">
                    {row.findings.map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager offset={offset} pageSize={PAGE} total={r.total} onOffset={setOffset} />
    </section>
  );
}
