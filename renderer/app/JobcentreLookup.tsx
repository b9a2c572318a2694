import { useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { CallError } from '../../machines/contract/errors';
import type { Office } from '../../machines/rules/allocation';
import { Problem } from '../fa/Problem';
import { JOBCENTRE_TABS, JobcentreTab, type JobcentreTabId } from '../jobcentre/JobcentreTab';
import '../fa/fa.css';

/**
 * A team leader looks at any Jobcentre's side of appointments, as its own staff see it: find the office by name,
 * code or postcode, then its day list, IB interview schedule, hand-offs and re-contacts. The same screens and
 * channels as the FA workspace; the service lets team leaders reach every office.
 */
export function JobcentreLookup({ bridge }: { bridge: IntakeBridge }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<Office[] | null>(null);
  const [office, setOffice] = useState<Office | null>(null);
  const [tab, setTab] = useState<JobcentreTabId>('schedule');
  const [error, setError] = useState<CallError | null>(null);

  const search = async () => {
    const r = await bridge.invoke('directory.searchOffices', { text });
    if (!r.ok) return setError(r.error);
    setError(null);
    setFound(r.value);
  };

  return (
    <section aria-labelledby="tl-jobcentre-title" className="tl-jobcentre">
      <h2 id="tl-jobcentre-title">A Jobcentre’s appointments and hand-offs{office ? `: ${office.name}` : ''}</h2>
      <form
        className="inline"
        role="search"
        aria-label="Find a Jobcentre"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label htmlFor="tl-jobcentre-text">Jobcentre name, code or postcode</label>
        <input type="text" id="tl-jobcentre-text" value={text} onChange={(e) => setText(e.target.value)} aria-describedby={error ? 'tl-jobcentre-error' : undefined} />
        <button type="submit">Find the Jobcentre</button>
      </form>
      <Problem error={error} id="tl-jobcentre-error" />
      {found?.length === 0 && <p>No Jobcentre matches “{text}”.</p>}
      {found && found.length > 0 && (
        <ul className="tl-jobcentre-found">
          {found.map((o) => (
            <li key={o.code}>
              <button type="button" aria-pressed={office?.code === o.code} onClick={() => setOffice(o)}>
                {o.name} ({o.code})
              </button>{' '}
              <span className="side-meta">{o.postcode}</span>
            </li>
          ))}
        </ul>
      )}
      {office && (
        <>
          <nav aria-label={`${office.name}: appointments`} className="fa-tabs">
            {JOBCENTRE_TABS.map((t) => (
              <button key={t.id} type="button" aria-pressed={tab === t.id} onClick={() => setTab(t.id)}>
                {t.label}
              </button>
            ))}
          </nav>
          <JobcentreTab key={office.code} tab={tab} bridge={bridge} officeCode={office.code} />
        </>
      )}
    </section>
  );
}
