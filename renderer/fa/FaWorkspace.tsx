import { useCallback, useEffect, useRef, useState } from 'react';
import type { IntakeBridge, SessionUser } from '../../machines/contract/api';
import type { FaQueue } from '../../machines/contract/api/evidence';
import { ReferenceFinder } from '../app/ReferenceFinder';
import { isJobcentreTab, JOBCENTRE_TABS, JobcentreTab } from '../jobcentre/JobcentreTab';
import { ClaimPanel } from './ClaimPanel';
import { FiguresView } from './FiguresView';
import { Problem } from './Problem';
import { QueueTable } from './QueueTable';
import './letter.css';
import './fa.css';

/** The Jobcentre's work, one tab each. The Jobcentre side of appointments sits beside the FA's own queue. */
const TABS = [{ id: 'queue', label: 'Queue' }, ...JOBCENTRE_TABS, { id: 'figures', label: 'Figures' }] as const;
type Tab = (typeof TABS)[number]['id'];

/**
 * The financial assessor's workspace, for the assessor's Jobcentre: the queue of claims ordered by appointment time,
 * one claim's check and feedback (from the queue, or found by the reference the customer quotes); the day's
 * appointments (pre-calls the day before, attendance, follow-ups and re-books); the IB interview schedule; the hand-off
 * records from the contact centre; deferred customers to re-contact; and the office's evidence figures. The Jobcentre
 * comes from the session; the service refuses any other office's work.
 */
export function FaWorkspace({ bridge, user }: { bridge: IntakeBridge; user: SessionUser }) {
  const [tab, setTab] = useState<Tab>('queue');
  const [scope, setScope] = useState<'open' | 'all'>('open');
  const [queue, setQueue] = useState<FaQueue | null>(null);
  const [pages, setPages] = useState<FaQueue['rows']>([]);
  const [error, setError] = useState<{ message: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    const r = await bridge.invoke('evidence.queue', { scope, limit: 100 });
    if (r.ok) {
      setQueue(r.value);
      setPages(r.value.rows);
      setError(null);
    } else setError(r.error);
  }, [bridge, scope]);

  const more = async () => {
    if (!queue?.nextCursor) return;
    const r = await bridge.invoke('evidence.queue', { scope, limit: 100, after: queue.nextCursor });
    if (r.ok) {
      setQueue(r.value);
      setPages((p) => [...p, ...r.value.rows]);
    } else setError(r.error);
  };

  // A customer or colleague quotes the claim reference: open it as typed (the service reads the typed forms).
  const find = async (typed: string) => {
    const r = await bridge.invoke('evidence.claim', { callId: typed });
    if (!r.ok) return r.error;
    setSelected(r.value.callId);
    return null;
  };

  useEffect(() => {
    void load();
  }, [load]);
  // A claim completed at the desk, or checked by a colleague, shows up without a reload.
  useEffect(() => bridge.subscribe((n) => (n.topic === 'call' || n.topic === 'fa') && void load()), [bridge, load]);

  if (!user.officeCode)
    return (
      <section aria-labelledby="fa-title">
        <h1 id="fa-title">Financial assessor</h1>
        <Problem error={{ message: 'Your account is not linked to a Jobcentre, so it has no queue. Ask your team leader to set your office.' }} />
      </section>
    );

  return (
    <section aria-labelledby="fa-title" className="fa-workspace">
      <h1 id="fa-title" ref={heading} tabIndex={-1}>
        Financial assessor: claims for {queue?.officeName ?? user.officeCode}
      </h1>
      <nav aria-label="Financial assessor" className="fa-tabs">
        {TABS.map((t) => (
          <button key={t.id} type="button" aria-pressed={tab === t.id} onClick={() => setTab(t.id)}>
            {t.label}
            {t.id === 'queue' && queue ? ` (${queue.open} open)` : ''}
          </button>
        ))}
      </nav>
      <Problem error={error} />
      {tab === 'figures' ? (
        <FiguresView bridge={bridge} />
      ) : isJobcentreTab(tab) ? (
        <JobcentreTab tab={tab} bridge={bridge} officeCode={user.officeCode} />
      ) : selected ? (
        <ClaimPanel
          bridge={bridge}
          callId={selected}
          onClose={() => {
            setSelected(null);
            setTimeout(() => heading.current?.focus(), 0);
          }}
          onChanged={() => void load()}
        />
      ) : (
        <>
          <ReferenceFinder id="fa-find-reference" label="Find a claim by its reference" find={find} />
          <div className="inline fa-scope">
            <label className="checkbox-row">
              <input type="checkbox" checked={scope === 'all'} onChange={(e) => setScope(e.target.checked ? 'all' : 'open')} /> Include claims already ready to process
            </label>
            <span className="side-meta">
              {queue ? `${queue.open} open of ${queue.total}` : ''}
            </span>
          </div>
          {queue && <QueueTable queue={{ ...queue, rows: pages }} selected={selected} onOpen={setSelected} />}
          {queue?.nextCursor && (
            <button type="button" onClick={() => void more()}>
              Show more
            </button>
          )}
        </>
      )}
    </section>
  );
}
