import { useEffect, useState } from 'react';
import type { AuditSettings } from '../../machines/contract/api/audit';
import type { CallError } from '../../machines/contract/errors';
import type { PanelProps } from './AuditWorkspace';
import { num, useChannel, useRefreshOn, when } from './util';

type Draft = Omit<AuditSettings, 'contactCentreCodes'> & { contactCentreCodes: string };

/** Legacy imports done so far, and the team leader's settings (sample size and seed, references and thresholds). */
export function SettingsPanel({ bridge, version }: PanelProps) {
  const [imports, refreshImports] = useChannel(bridge, 'audit.imports', {});
  const [settings, refreshSettings] = useChannel(bridge, 'audit.settings.get', {});
  useRefreshOn(version, refreshImports);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (settings.state === 'ready') setDraft({ ...settings.value, contactCentreCodes: settings.value.contactCentreCodes.join(', ') });
  }, [settings]);

  const numberField = (key: keyof Draft, label: string, step = 1) => (
    <label className="audit-block">
      {label}
      <input
        type="number"
        step={step}
        value={String(draft![key])}
        aria-invalid={error?.field === key}
        onChange={(e) => setDraft({ ...draft!, [key]: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
      />
    </label>
  );

  return (
    <section aria-labelledby="set-title">
      <h2 id="set-title">Legacy imports</h2>
      <p>
        Import a legacy marker export from the command line: <code>npm run intake -- import-legacy-markers &lt;export.csv&gt;</code>. Malformed rows are listed
        with their line numbers; re-importing a claim reference replaces the earlier record.
      </p>
      {imports.state === 'ready' &&
        (imports.value.length === 0 ? (
          <p>No legacy export has been imported.</p>
        ) : (
          <table className="audit-table">
            <caption>Imports, latest first</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Finished</th>
                <th scope="col">Status</th>
                <th scope="col">Rows</th>
                <th scope="col">Imported</th>
                <th scope="col">Rejected</th>
                <th scope="col">With errors</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {imports.value.map((i) => (
                <tr key={i.id}>
                  <td>{i.file}</td>
                  <td>{when(i.finishedAt)}</td>
                  <td>{i.status}</td>
                  <td>{num(i.rowsRead)}</td>
                  <td>
                    {num(i.imported)}
                    {i.replaced ? ` (${num(i.replaced)} replaced)` : ''}
                  </td>
                  <td>{num(i.rejected)}</td>
                  <td>{num(i.errorsFound)}</td>
                  <td>{i.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <h2>Settings</h2>
      {settings.state === 'error' && (
        <p role="alert" className="audit-error">
          {settings.error.message}
        </p>
      )}
      {draft && settings.state === 'ready' && (
        <form
          className="audit-panel"
          aria-label="Audit settings"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            setSaved(null);
            const codes = draft.contactCentreCodes
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
            const r = await bridge.invoke('audit.settings.set', {
              samplePerFcoPerWeek: draft.samplePerFcoPerWeek,
              sampleSeed: draft.sampleSeed,
              callReferenceMinutes: draft.callReferenceMinutes,
              deferralHighPct: draft.deferralHighPct,
              deferralLowPct: draft.deferralLowPct,
              deferralMinEligible: draft.deferralMinEligible,
              contactCentreCodes: codes,
            });
            if (!r.ok) return setError(r.error);
            setSaved(`Saved ${when(r.value.updatedAt)}.`);
            refreshSettings();
          }}
        >
          <p className="audit-note">
            Last changed {when(settings.value.updatedAt)} by{' '}
            {settings.value.updatedByName ?? (settings.value.updatedBy === 'system' ? 'nobody yet (the defaults)' : settings.value.updatedBy)}.
          </p>
          {numberField('samplePerFcoPerWeek', 'Sampled checks per FCO per week')}
          <label className="audit-block">
            Sample seed (change it to draw a fresh sample)
            <input value={draft.sampleSeed} onChange={(e) => setDraft({ ...draft, sampleSeed: e.target.value })} aria-invalid={error?.field === 'sampleSeed'} />
          </label>
          {numberField('callReferenceMinutes', 'Call length reference (minutes)', 0.5)}
          {numberField('deferralHighPct', 'Flag deferral rates above (%)', 0.5)}
          {numberField('deferralLowPct', 'Flag deferral rates below (%)', 0.5)}
          {numberField('deferralMinEligible', 'Only flag with at least this many deferrable claims')}
          <label className="audit-block">
            Codes that mean “a contact centre” in legacy exports (comma-separated; this product's own centre always counts)
            <input value={draft.contactCentreCodes} onChange={(e) => setDraft({ ...draft, contactCentreCodes: e.target.value })} />
          </label>
          {error && (
            <p role="alert" className="audit-error">
              {error.message}
            </p>
          )}
          {saved && <p role="status">{saved}</p>}
          <button type="submit" className="primary">
            Save settings
          </button>
        </form>
      )}
      <JobSearchSwitch bridge={bridge} />
    </section>
  );
}

/**
 * The site switch for job search on the call (jobseekers): off while new staff bed in, say. A call copies the switch
 * when it starts, so turning it off never changes a call already under way.
 */
function JobSearchSwitch({ bridge }: Pick<PanelProps, 'bridge'>) {
  const [current, setCurrent] = useState<boolean | null>(null);
  const [draft, setDraft] = useState(true);
  const [error, setError] = useState<CallError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    void bridge.invoke('settings.get', {}).then((r) => {
      if (!r.ok) return setError(r.error);
      setCurrent(r.value.jobSearchOnCall);
      setDraft(r.value.jobSearchOnCall);
    });
  }, [bridge]);
  if (current === null) return error ? <p role="alert" className="audit-error">{error.message}</p> : null;
  return (
    <form
      className="audit-panel"
      aria-labelledby="job-search-switch-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const r = await bridge.invoke('settings.set', { jobSearchOnCall: draft });
        if (!r.ok) return setError(r.error);
        setCurrent(r.value.jobSearchOnCall);
        setSaved(r.value.jobSearchOnCall ? 'Saved: new calls search for jobs with jobseekers.' : 'Saved: new calls skip the job search; the adviser searches at the interview.');
      }}
    >
      <h2 id="job-search-switch-title">Job search on the call</h2>
      <label className="checkbox-row">
        <input type="checkbox" checked={draft} onChange={(e) => setDraft(e.target.checked)} /> Search for jobs with jobseekers during the call
      </label>
      <p className="audit-note">
        Now {current ? 'on' : 'off'}. A change applies to calls started after it; calls under way keep the setting they started with.
      </p>
      {error && (
        <p role="alert" className="audit-error">
          {error.message}
        </p>
      )}
      {saved && <p role="status">{saved}</p>}
      <button type="submit" className="primary" disabled={draft === current}>
        Save the switch
      </button>
    </form>
  );
}
