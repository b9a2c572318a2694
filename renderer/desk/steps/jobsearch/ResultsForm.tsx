import { useState } from 'react';
import type { JobsSearchResponse, VacancyResult } from '../../../../machines/contract/api/jobs';
import type { Submission } from '../../../../machines/contract/callTypes';
import type { CallError } from '../../../../machines/contract/errors';
import { ErrorText } from '../../ErrorText';
import type { Send } from '../../types';
import { focusOption, StepForm } from '../StepForm';
import { describeQuery, factsOf } from './draft';

type Results = Extract<JobsSearchResponse, { status: 'results' }>;

interface Props {
  response: Results;
  /** The search form changed since these results: recording saves the search shown, not the form. */
  stale: boolean;
  send: Send;
  alreadySubmitted: readonly string[];
}

/** Why a vacancy cannot be ticked, or null when it can. */
function blockedReason(r: VacancyResult, already: readonly string[]): string | null {
  if (already.includes(r.vacancyId)) return 'Already put forward for this vacancy on this call.';
  if (!r.submittable) return 'Matched on the description only, not the job title or occupation: not a real match, so the customer cannot be put forward for it.';
  return null;
}

/**
 * The results, best first, each with why it matched, and a tick box for "put forward" (Space or its number key).
 * Enter records the search as searched, with its result count and the ticked vacancies.
 */
export function ResultsForm({ response, stale, send, alreadySubmitted }: Props) {
  const { results, total, goal, home } = response;
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<CallError | { message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (r: VacancyResult) => {
    const blocked = blockedReason(r, alreadySubmitted);
    if (blocked) return setError({ message: `${r.title} at ${r.employer}: ${blocked}` });
    setError(null);
    setPicked((p) => (p.includes(r.vacancyId) ? p.filter((x) => x !== r.vacancyId) : [...p, r.vacancyId]));
  };

  async function record() {
    if (busy) return;
    const submissions: Submission[] = results
      .filter((r) => picked.includes(r.vacancyId))
      .map((r) => ({ vacancyId: r.vacancyId, title: r.title, employer: r.employer }));
    setBusy(true);
    const r = await send({ type: 'jobsearch.record', query: response.recorded, resultCount: total, submissions });
    // On success the step moves on (a new search count); on refusal it stays, ticks intact.
    setBusy(false);
    if (!r.ok) setError(r.error);
  }

  const shown = results.length;
  const heading =
    total === 0 ? 'No open vacancies match' : `${total} open vacanc${total === 1 ? 'y matches' : 'ies match'}${shown < total ? `: the best ${shown} are shown` : ''}`;
  return (
    <StepForm
      className="subform js-results"
      labelledBy="js-results-title"
      busy={busy}
      onSubmit={() => void record()}
      onDigit={(n, form) => {
        const r = results[n - 1];
        if (!r) return false;
        toggle(r);
        focusOption(form, 'js-pick', n);
      }}
    >
      <h3 id="js-results-title" tabIndex={-1}>
        {heading}
      </h3>
      <p className="hint">
        Searched for {describeQuery(response.recorded)}
        {home ? `, from ${home.postcode}` : ''}.
        {goal.occupations.length > 0 && ` Occupations: ${goal.occupations.map((o) => `${o.unitTitle} (SOC ${o.soc2020})`).join('; ')}.`}
      </p>
      {goal.note && <p className="hint">How the goal was read: {goal.note}.</p>}
      {goal.ignoredWords.length > 0 && <p className="hint">Left out, as no job title has them: {goal.ignoredWords.join(', ')}.</p>}
      {stale && (
        <p className="hint warning">The search details above have changed: press Search to see their results. Recording saves the search shown here.</p>
      )}
      {total === 0 ? (
        <p>Try other words for the job, or widen the distance, hours or pay with the customer. A search with no results can still be recorded.</p>
      ) : (
        <fieldset className="js-picks" aria-describedby={error ? 'js-record-error' : undefined}>
          <legend>Put the customer forward for the vacancies they agree to: {picked.length} ticked</legend>
          <ol className="js-result-list">
            {results.map((r, i) => {
              const n = i + 1;
              const blocked = blockedReason(r, alreadySubmitted);
              const ids = [`js-facts-${n}`, `js-why-${n}`, ...(blocked ? [`js-blocked-${n}`] : [])].join(' ');
              return (
                <li key={r.vacancyId} className={`js-result${blocked ? ' js-blocked' : ''}`} data-vacancy={r.vacancyId}>
                  <div className="js-pick-row">
                    <input
                      type="checkbox"
                      id={`js-pick-${n}`}
                      name="js-pick"
                      value={r.vacancyId}
                      data-option-index={n}
                      checked={picked.includes(r.vacancyId)}
                      disabled={blocked !== null}
                      aria-describedby={ids}
                      onChange={() => toggle(r)}
                    />
                    <label htmlFor={`js-pick-${n}`}>
                      {n <= 9 && (
                        <kbd className="key" aria-hidden="true">
                          {n}
                        </kbd>
                      )}
                      <span className="js-title">{r.title}</span>, <span className="js-employer">{r.employer}</span>
                    </label>
                  </div>
                  <p className="js-facts" id={`js-facts-${n}`}>
                    {factsOf(r).join(' · ')} · ref {r.vacancyId}
                  </p>
                  <div className="js-why" id={`js-why-${n}`}>
                    <span className="js-why-label">Why it matched: </span>
                    <ul>
                      {r.why.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  </div>
                  {blocked && (
                    <p className="hint warning" id={`js-blocked-${n}`}>
                      {blocked}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
        </fieldset>
      )}
      <ErrorText error={error} id="js-record-error" />
      <div className="actions">
        <button type="submit" className="primary">
          Record this search ({total} result{total === 1 ? '' : 's'}, {picked.length} put forward) <kbd className="key">Enter</kbd>
        </button>
      </div>
    </StepForm>
  );
}
