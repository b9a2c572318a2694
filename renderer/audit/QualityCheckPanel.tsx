import { useState } from 'react';
import type { AuditSource } from '../../machines/contract/api/audit';
import type { PanelProps } from './AuditWorkspace';
import { CheckForm } from './CheckForm';
import { ExportButton } from './ExportButton';
import { addDaysIso, day, freshnessText, num, today, useChannel, useRefreshOn } from './util';

/** The sampled manual check on top of the automatic one: this week's sample per FCO and coverage against target. */
export function QualityCheckPanel({ bridge, version, openClaim }: PanelProps) {
  const [week, setWeek] = useState(today());
  const [checking, setChecking] = useState<{ source: AuditSource; ref: string } | null>(null);
  const [loaded, refresh] = useChannel(bridge, 'audit.sample', { week });
  useRefreshOn(version, refresh);
  if (loaded.state === 'loading') return <p role="status">Drawing the sample…</p>;
  if (loaded.state === 'error') return <p role="alert" className="audit-error">{loaded.error.message}</p>;
  const s = loaded.value;
  const c = s.coverage;
  return (
    <section aria-labelledby="qa-title" aria-busy={loaded.refreshing}>
      <h2 id="qa-title">
        Quality check: week of {day(s.week)} to {day(s.weekEnd)}
      </h2>
      <div className="audit-actions">
        <button type="button" onClick={() => setWeek(addDaysIso(s.week, -7))}>
          Previous week
        </button>
        <button type="button" onClick={() => setWeek(addDaysIso(s.week, 7))}>
          Next week
        </button>
      </div>
      <p className="audit-headline" role="status">
        {c.target === 0 ? (
          <>No claims taken this week, so nothing to sample.</>
        ) : (
          <>
            <strong>
              {num(c.achieved)} of {num(c.target)}
            </strong>{' '}
            sample checks done ({c.pct}%). Target: {s.samplePerFco} per FCO per week, or all of an FCO's claims if fewer.
          </>
        )}
      </p>
      {s.automatic.claims > 0 && (
        <p>
          The automatic check covered all {num(s.automatic.claims)} claim{s.automatic.claims === 1 ? '' : 's'} taken this week ({num(s.automatic.withError)}{' '}
          with a JP-process error); the sample is a person looking at the call as well.
        </p>
      )}
      <p className="audit-asof">{freshnessText(s.freshness)}</p>
      <div className="audit-actions">
        <ExportButton bridge={bridge} request={{ report: 'sample', week: s.week }} label="Export the sample (CSV)" />
        <ExportButton bridge={bridge} request={{ report: 'checks', from: s.week, to: s.weekEnd }} label="Export this week's checks (CSV)" />
      </div>
      {s.fcos.length > 0 && (
        <table className="audit-table">
          <caption>Sample per FCO</caption>
          <thead>
            <tr>
              <th scope="col">FCO</th>
              <th scope="col">Team</th>
              <th scope="col">Claims</th>
              <th scope="col">Checked / target</th>
              <th scope="col">Sampled claims</th>
            </tr>
          </thead>
          <tbody>
            {s.fcos.map((f) => (
              <tr key={f.fcoId} className={Math.min(f.checked, f.target) < f.target ? undefined : 'audit-done'}>
                <th scope="row">{f.fcoId}</th>
                <td>{f.team || '—'}</td>
                <td>{num(f.claims)}</td>
                <td>
                  {Math.min(f.checked, f.target)} / {f.target}
                </td>
                <td>
                  <ul className="audit-sample">
                    {f.sample.map((x) => (
                      <li key={x.ref}>
                        <button type="button" className="link" onClick={() => openClaim({ source: x.source, ref: x.ref })}>
                          {x.ref}
                        </button>{' '}
                        {x.checked ? (
                          <span className="audit-ok">checked</span>
                        ) : (
                          <button type="button" onClick={() => setChecking({ source: x.source, ref: x.ref })}>
                            Check<span className="visually-hidden"> claim {x.ref}</span>
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {checking && (
        <CheckForm
          bridge={bridge}
          claim={checking}
          onDone={() => {
            setChecking(null);
            refresh();
          }}
          onCancel={() => setChecking(null)}
        />
      )}
    </section>
  );
}
