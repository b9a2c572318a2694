import { useEffect, useRef, useState } from 'react';
import type { IntakeBridge, SessionUser } from '../../machines/contract/api';
import type { AuditSource } from '../../machines/contract/api/audit';
import { ReferenceFinder } from '../app/ReferenceFinder';
import { AnalyticsPanel } from './AnalyticsPanel';
import { ChangesPanel } from './ChangesPanel';
import { ClaimDetail } from './ClaimDetail';
import { JpReportPanel } from './JpReportPanel';
import { QualityCheckPanel } from './QualityCheckPanel';
import { SettingsPanel } from './SettingsPanel';
import { addDaysIso, today } from './util';
import './audit.css';

export interface Filter {
  from?: string;
  to?: string;
  source: 'all' | AuditSource;
  fcoId?: string;
  team?: string;
}

export interface PanelProps {
  bridge: IntakeBridge;
  filter: Filter;
  /** Bumped when something changed elsewhere (a call completed, a correction, a check): panels reload. */
  version: number;
  openClaim: (c: { source: AuditSource; ref: string }) => void;
}

const TABS = [
  { id: 'jp', label: 'JP process report' },
  { id: 'analytics', label: 'Analytics' },
  { id: 'changes', label: 'Overrides and corrections' },
  { id: 'qa', label: 'Quality check' },
  { id: 'settings', label: 'Imports and settings' },
] as const;
type Tab = (typeof TABS)[number]['id'];

const PRESETS: { label: string; range: () => { from?: string; to?: string } }[] = [
  { label: 'Today', range: () => ({ from: today(), to: today() }) },
  { label: 'Last 7 days', range: () => ({ from: addDaysIso(today(), -6), to: today() }) },
  { label: 'Last 28 days', range: () => ({ from: addDaysIso(today(), -27), to: today() }) },
  { label: 'All', range: () => ({}) },
];

/** The team-leader audit: the JP process report, analytics, overrides and corrections, the sampled check, settings. */
export function AuditWorkspace({ bridge }: { bridge: IntakeBridge; user: SessionUser }) {
  const [tab, setTab] = useState<Tab>('jp');
  const [filter, setFilter] = useState<Filter>({ source: 'all' });
  const [draft, setDraft] = useState<Filter>({ source: 'all' });
  const [claim, setClaim] = useState<{ source: AuditSource; ref: string } | null>(null);
  const [version, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Live: a completed call or a correction anywhere updates the figures (a few seconds later, batched).
  useEffect(
    () =>
      bridge.subscribe((n) => {
        if (n.topic !== 'call' && n.topic !== 'audit') return;
        if (timer.current) return;
        timer.current = setTimeout(() => {
          timer.current = null;
          setVersion((v) => v + 1);
        }, 2000);
      }),
    [bridge],
  );
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const apply = (f: Filter) => {
    const clean: Filter = { source: f.source };
    if (f.from) clean.from = f.from;
    if (f.to) clean.to = f.to;
    if (f.fcoId?.trim()) clean.fcoId = f.fcoId.trim();
    if (f.team !== undefined && f.team.trim() !== '') clean.team = f.team.trim();
    setDraft(clean);
    setFilter(clean);
  };
  const props: PanelProps = { bridge, filter, version, openClaim: setClaim };
  // A reference someone quoted: a claim taken here (its call id, typed as heard), else a legacy record's own reference.
  const find = async (typed: string) => {
    const product = await bridge.invoke('audit.claim', { source: 'product', ref: typed });
    if (product.ok) return (setClaim({ source: 'product', ref: product.value.claim.ref }), null);
    const legacy = await bridge.invoke('audit.claim', { source: 'legacy', ref: typed });
    if (legacy.ok) return (setClaim({ source: 'legacy', ref: legacy.value.claim.ref }), null);
    return product.error;
  };
  const usesFilter = tab === 'jp' || tab === 'analytics' || tab === 'changes';

  return (
    <section aria-labelledby="audit-title" className="audit">
      <h1 id="audit-title">Team-leader audit</h1>
      <p className="audit-intro">
        Every claim is checked automatically the moment it completes, and every imported legacy record when it is imported. Figures update as calls
        complete.
      </p>
      <ReferenceFinder id="audit-find-reference" label="Find a claim by its reference" find={find} />
      <div role="tablist" aria-label="Audit views" className="audit-tabs">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {usesFilter && (
        <form
          className="audit-filter"
          aria-label="Which claims"
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
        >
          <fieldset>
            <legend>Claims</legend>
            <div className="audit-presets">
              {PRESETS.map((p) => (
                <button key={p.label} type="button" onClick={() => apply({ ...draft, ...{ from: undefined, to: undefined }, ...p.range() } as Filter)}>
                  {p.label}
                </button>
              ))}
            </div>
            <label>
              From <input type="date" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined } as Filter)} />
            </label>
            <label>
              To <input type="date" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined } as Filter)} />
            </label>
            <label>
              Taken in{' '}
              <select value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value as Filter['source'] })}>
                <option value="all">this product and legacy imports</option>
                <option value="product">this product</option>
                <option value="legacy">legacy imports</option>
              </select>
            </label>
            <label>
              FCO <input type="text" value={draft.fcoId ?? ''} onChange={(e) => setDraft({ ...draft, fcoId: e.target.value })} size={12} />
            </label>
            <label>
              Team <input type="text" value={draft.team ?? ''} onChange={(e) => setDraft({ ...draft, team: e.target.value })} size={12} />
            </label>
            <button type="submit" className="primary">
              Show
            </button>
          </fieldset>
        </form>
      )}
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'jp' && <JpReportPanel {...props} />}
        {tab === 'analytics' && <AnalyticsPanel {...props} />}
        {tab === 'changes' && <ChangesPanel {...props} />}
        {tab === 'qa' && <QualityCheckPanel {...props} />}
        {tab === 'settings' && <SettingsPanel {...props} />}
      </div>
      {claim && (
        <ClaimDetail
          bridge={bridge}
          claim={claim}
          version={version}
          onClose={() => setClaim(null)}
          onChanged={() => setVersion((v) => v + 1)}
        />
      )}
    </section>
  );
}
