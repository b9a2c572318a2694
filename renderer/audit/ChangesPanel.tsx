import { useEffect, useState } from 'react';
import type { ChangeKind } from '../../machines/contract/api/audit';
import type { PanelProps } from './AuditWorkspace';
import { ExportButton } from './ExportButton';
import { day, freshnessText, num, useChannel, useRefreshOn, when } from './util';
import { Pager } from './Pager';

const KIND_LABEL: Record<ChangeKind, string> = {
  officeOverride: 'Office override (FCO)',
  benefitMarkerOverride: 'Benefit marker override (FCO)',
  correction: 'Correction (team leader)',
};
const PAGE = 50;

/** Overrides with their reasons, and corrections: how often, why, by whom. */
export function ChangesPanel({ bridge, filter, version, openClaim }: PanelProps) {
  const [kind, setKind] = useState<ChangeKind | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(0), [filter, kind]);
  const [loaded, refresh] = useChannel(bridge, 'audit.changes', { ...filter, ...(kind ? { kind } : {}), offset, limit: PAGE });
  useRefreshOn(version, refresh);
  if (loaded.state === 'loading') return <p role="status">Loading overrides and corrections…</p>;
  if (loaded.state === 'error') return <p role="alert" className="audit-error">{loaded.error.message}</p>;
  const r = loaded.value;
  return (
    <section aria-labelledby="ch-title" aria-busy={loaded.refreshing}>
      <h2 id="ch-title">Overrides and corrections</h2>
      <p className="audit-asof">{freshnessText(r.freshness)}</p>
      <label className="audit-inline">
        Show{' '}
        <select value={kind ?? ''} onChange={(e) => setKind((e.target.value || undefined) as ChangeKind | undefined)}>
          <option value="">all kinds</option>
          {(Object.keys(KIND_LABEL) as ChangeKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      {r.total === 0 && <p>No overrides or corrections in this range.</p>}
      {r.total > 0 && (
        <table className="audit-table">
          <caption>By reason ({num(r.total)} in all)</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Reason</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {r.byReason.map((b) => (
              <tr key={`${b.kind}:${b.reason}`}>
                <td>{KIND_LABEL[b.kind]}</td>
                <td>{b.label ? `${b.label} (${b.reason})` : b.reason}</td>
                <td>{num(b.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="audit-actions">
        <ExportButton bridge={bridge} request={{ report: 'changes', ...filter, ...(kind ? { kind } : {}) }} label="Export all of them (CSV)" />
      </div>
      {r.rows.length > 0 && (
        <table className="audit-table">
          <caption>
            Latest first: {offset + 1}–{offset + r.rows.length} of {num(r.total)}
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Claim</th>
              <th scope="col">Kind</th>
              <th scope="col">From → to</th>
              <th scope="col">Reason</th>
              <th scope="col">By</th>
              <th scope="col">FCO (team)</th>
            </tr>
          </thead>
          <tbody>
            {r.rows.map((c, i) => (
              <tr key={`${c.ref}:${c.at}:${i}`}>
                <td>{when(c.at)}</td>
                <td>
                  <button type="button" className="link" onClick={() => openClaim({ source: c.source, ref: c.ref })}>
                    {c.ref}
                  </button>{' '}
                  <span className="audit-source">claimed {day(c.claimDate)}</span>
                </td>
                <td>{KIND_LABEL[c.kind]}</td>
                <td>
                  {c.from ?? 'none'} → {c.to ?? 'none'}
                </td>
                <td>
                  {c.reason}
                  {c.note && <span className="audit-note"> — {c.note}</span>}
                </td>
                <td>{c.by}</td>
                <td>
                  {c.fcoId}
                  {c.team ? ` (${c.team})` : ''}
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
