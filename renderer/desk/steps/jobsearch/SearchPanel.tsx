import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { IntakeBridge } from '../../../../machines/contract/api';
import { WORK_PATTERNS, type JobsDefaults, type JobsQuery, type JobsSearchResponse, type TitleSuggestion, type WorkPatternName } from '../../../../machines/contract/api/jobs';
import type { CallError } from '../../../../machines/contract/errors';
import { ErrorText } from '../../ErrorText';
import type { Send } from '../../types';
import { focusOption, StepForm } from '../StepForm';
import { FIELD_OF, fromQueryDraft, PATTERN_LABELS, toQueryDraft, type QueryDraft } from './draft';
import { ResultsForm } from './ResultsForm';
import { useTitleSuggestions } from './useJobSearch';

type Results = Extract<JobsSearchResponse, { status: 'results' }>;

interface Props {
  bridge: IntakeBridge;
  callId: string;
  send: Send;
  defaults: JobsDefaults | null;
  /** The goal field is the step's first control (focus lands there). */
  autofocus: boolean;
  /** Shown after the step appeared ("search after all"): take focus now. */
  focusOnMount?: boolean;
  /** Vacancies the customer was put forward for earlier in this call. */
  alreadySubmitted: readonly string[];
}

interface Problem {
  field: keyof QueryDraft | null;
  message: string;
  suggestions: TitleSuggestion[];
}

/** Where each form field's control is, for focus and for aria-describedby. */
const CONTROL_ID: Record<keyof QueryDraft, string> = {
  text: 'js-text',
  minPay: 'js-min-pay',
  minHours: 'js-min-hours',
  maxHours: 'js-max-hours',
  miles: 'js-miles',
  patterns: 'js-pattern-1',
};

/**
 * The search with the customer: the query prefilled from what they said (the FCO adjusts it with them), Enter
 * searches; the results with why each matched; the vacancies they agree to be put forward for; "record this search".
 * A refused query (unknown goal, negative pay, radius 0) is explained next to its field, with titles from the coding
 * index to pick from when the goal was not understood.
 */
export function SearchPanel({ bridge, callId, send, defaults, autofocus, focusOnMount, alreadySubmitted }: Props) {
  const [draft, setDraft] = useState<QueryDraft>(() => toQueryDraft({ text: '' }));
  const touched = useRef(false);
  const [typed, setTyped] = useState(false);
  const [searching, setSearching] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<{ n: number; query: JobsQuery; response: Results } | null>(null);
  const [status, setStatus] = useState('');
  const focusNext = useRef<string | null>(null);
  const textRef = useRef<HTMLInputElement>(null);
  const titles = useTitleSuggestions(bridge, draft.text, typed);

  // The prefill arrives just after the step: use it unless the FCO has already started typing.
  useEffect(() => {
    if (defaults && !touched.current) setDraft(toQueryDraft(defaults.query));
  }, [defaults]);
  useLayoutEffect(() => {
    if (focusOnMount) textRef.current?.focus();
  }, [focusOnMount]);
  // Focus follows the outcome of a search: the results heading, or the field at fault.
  useEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    focusNext.current = null;
    document.getElementById(id)?.focus();
  });

  const edit = (patch: Partial<QueryDraft>) => {
    touched.current = true;
    if ('text' in patch) setTyped(true);
    setDraft((d) => ({ ...d, ...patch }));
    if (problem && problem.field !== null && problem.field in patch) setProblem(null);
  };
  const togglePattern = (p: WorkPatternName) =>
    edit({ patterns: draft.patterns.includes(p) ? draft.patterns.filter((x) => x !== p) : [...draft.patterns, p] });

  async function search(override?: Partial<QueryDraft>) {
    if (searching) return;
    const d = override ? { ...draft, ...override } : draft;
    if (override) {
      touched.current = true;
      setDraft(d);
    }
    const prepared = fromQueryDraft(d);
    if (!prepared.ok) {
      setProblem({ field: prepared.field, message: prepared.message, suggestions: [] });
      focusNext.current = CONTROL_ID[prepared.field];
      return;
    }
    setSearching(true);
    setStatus('Searching…');
    const r = await bridge.invoke('jobs.search', { callId, query: prepared.query });
    setSearching(false);
    if (!r.ok || r.value.status === 'refused') {
      const e: CallError | { field: string; message: string; suggestions: TitleSuggestion[] } = r.ok ? (r.value as Extract<JobsSearchResponse, { status: 'refused' }>).error : r.error;
      const field = e.field ? (FIELD_OF[e.field.replace(/^query\./, '')] ?? null) : null;
      setProblem({ field, message: e.message, suggestions: 'suggestions' in e ? e.suggestions : [] });
      setResult(null);
      setStatus('');
      focusNext.current = field ? CONTROL_ID[field] : 'js-text';
      return;
    }
    const response: Results = r.value;
    setProblem(null);
    setResult((before) => ({ n: (before?.n ?? 0) + 1, query: prepared.query, response }));
    const n = response.total;
    setStatus(`${n === 0 ? 'No' : n} open vacanc${n === 1 ? 'y matches' : 'ies match'}.`);
    focusNext.current = 'js-results-title';
  }

  const errorAt = (f: keyof QueryDraft) => (problem && problem.field === f ? problem : null);
  const invalid = (f: keyof QueryDraft) => (errorAt(f) ? true : undefined);
  const describe = (f: keyof QueryDraft, ...more: string[]) => [...more, ...(errorAt(f) ? [`js-error-${f}`] : [])].join(' ') || undefined;
  const fieldError = (f: keyof QueryDraft) => <ErrorText error={errorAt(f)} id={`js-error-${f}`} />;
  const prepared = fromQueryDraft(draft);
  const stale = result !== null && (!prepared.ok || JSON.stringify(prepared.query) !== JSON.stringify(result.query));
  const home = result?.response.home ?? defaults?.home ?? null;

  return (
    <>
      <StepForm
        className="subform js-search"
        labelledBy="js-search-title"
        busy={searching}
        onSubmit={() => void search()}
        onDigit={(n, form) => {
          const p = WORK_PATTERNS[n - 1];
          if (!p) return false;
          togglePattern(p);
          focusOption(form, 'js-pattern', n);
        }}
      >
        <h3 id="js-search-title">Search</h3>
        <label htmlFor="js-text">Type of work</label>
        <input
          id="js-text"
          ref={textRef}
          type="text"
          autoComplete="off"
          spellCheck
          list="js-titles"
          value={draft.text}
          data-autofocus={autofocus ? '' : undefined}
          aria-invalid={invalid('text')}
          aria-describedby={describe('text', 'js-text-hint')}
          onChange={(e) => edit({ text: e.target.value })}
        />
        <datalist id="js-titles">
          {titles.map((t) => (
            <option key={`${t.title}|${t.soc2020}`} value={t.title} />
          ))}
        </datalist>
        <p className="hint" id="js-text-hint">
          In the customer's words: matched through the SOC coding index, so other titles for the same occupation are found too.
        </p>
        {fieldError('text')}
        {problem && problem.suggestions.length > 0 && (
          <div className="js-suggestions" aria-labelledby="js-suggestions-title" role="group">
            <p id="js-suggestions-title" className="hint">
              Job titles in the coding index (choose one to search for it):
            </p>
            <ul>
              {problem.suggestions.map((s) => (
                <li key={`${s.title}|${s.soc2020}`}>
                  <button type="button" className="js-suggestion" onClick={() => void search({ text: s.title })}>
                    {s.title}
                  </button>{' '}
                  <span className="hint">
                    {s.unitTitle} (SOC {s.soc2020})
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}

        <div className="js-filters">
          <div className="js-field">
            <label htmlFor="js-min-pay">Least pay (£ an hour)</label>
            <input
              id="js-min-pay"
              className="js-num"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={draft.minPay}
              aria-invalid={invalid('minPay')}
              aria-describedby={describe('minPay')}
              onChange={(e) => edit({ minPay: e.target.value })}
            />
            {fieldError('minPay')}
          </div>
          <fieldset className="js-field js-hours" aria-describedby={describe('minHours', 'js-hours-hint')}>
            <legend>Hours a week</legend>
            <span className="js-band">
              <label htmlFor="js-min-hours">At least</label>
              <input
                id="js-min-hours"
                className="js-num"
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={draft.minHours}
                aria-invalid={invalid('minHours')}
                aria-describedby={describe('minHours')}
                onChange={(e) => edit({ minHours: e.target.value })}
              />
              <label htmlFor="js-max-hours">At most</label>
              <input
                id="js-max-hours"
                className="js-num"
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={draft.maxHours}
                aria-invalid={invalid('maxHours')}
                aria-describedby={describe('maxHours')}
                onChange={(e) => edit({ maxHours: e.target.value })}
              />
            </span>
            <p className="hint" id="js-hours-hint">
              Leave either blank for no limit.
            </p>
            {fieldError('minHours')}
            {fieldError('maxHours')}
          </fieldset>
          <div className="js-field">
            <label htmlFor="js-miles">Distance from home (miles)</label>
            <input
              id="js-miles"
              className="js-num"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={draft.miles}
              aria-invalid={invalid('miles')}
              aria-describedby={describe('miles', 'js-home-hint')}
              onChange={(e) => edit({ miles: e.target.value })}
            />
            <p className="hint" id="js-home-hint">
              {home ? `From ${home.postcode}${home.match === 'approximate' ? ' (postcode district only: approximate)' : ''}` : 'Home postcode not located: leave blank'}
            </p>
            {fieldError('miles')}
          </div>
        </div>

        <fieldset className="js-patterns" aria-invalid={invalid('patterns')} aria-describedby={describe('patterns')}>
          <legend>Working pattern</legend>
          <ul className="options js-pattern-options">
            {WORK_PATTERNS.map((p, i) => (
              <li key={p}>
                <input
                  type="checkbox"
                  id={`js-pattern-${i + 1}`}
                  name="js-pattern"
                  value={p}
                  data-option-index={i + 1}
                  checked={draft.patterns.includes(p)}
                  onChange={() => togglePattern(p)}
                />
                <label htmlFor={`js-pattern-${i + 1}`}>
                  <kbd className="key" aria-hidden="true">
                    {i + 1}
                  </kbd>
                  {PATTERN_LABELS[p]}
                </label>
              </li>
            ))}
          </ul>
          {fieldError('patterns')}
        </fieldset>

        {problem && problem.field === null && <ErrorText error={problem} id="js-error-query" />}
        <div className="actions">
          <button type="submit" className="primary">
            Search <kbd className="key">Enter</kbd>
          </button>
          <span className="hint" role="status">
            {status}
          </span>
        </div>
      </StepForm>

      {result && (
        <ResultsForm
          key={result.n}
          response={result.response}
          stale={stale}
          send={send}
          alreadySubmitted={alreadySubmitted}
        />
      )}
    </>
  );
}
