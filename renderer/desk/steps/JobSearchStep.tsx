import { useState } from 'react';
import type { Submission } from '../../../machines/contract/callTypes';
import type { CallError } from '../../../machines/contract/errors';
import { ErrorText } from '../ErrorText';
import type { StepProps } from '../types';

/**
 * Job search, simple version: the FCO runs the search in the job search system and records it here (goal, how many
 * results, which vacancies the customer was submitted to), then finishes. Optional for non-jobseekers: skip with a
 * reason. The job-search area replaces this component with a real search; keep the props `{state, send, bridge}`.
 */
export function JobSearchStep({ state, send }: StepProps) {
  const js = state.record.jobSearch;
  const required = js.mode === 'required';
  const searched = js.searches.length > 0;
  return (
    <section className="step jobsearch-step" aria-labelledby="jobsearch-title">
      <h2 id="jobsearch-title" className="say">
        {required ? 'Run a job search with the customer' : 'Would the customer like help looking for work?'}
      </h2>
      <p className="help">
        {required
          ? 'Required for jobseekers: search for vacancies that match their goal, hours, pay and travel, and record any submissions.'
          : 'Optional for this benefit. Record a search if the customer is interested; otherwise skip with a reason.'}
      </p>
      {searched && (
        <section aria-labelledby="searches-title">
          <h3 id="searches-title">Recorded searches</h3>
          <ul>
            {js.searches.map((s, i) => (
              <li key={i}>
                “{s.query.text}”: {s.resultCount} result{s.resultCount === 1 ? '' : 's'}
              </li>
            ))}
          </ul>
          {js.submissions.length > 0 && (
            <p>
              Submitted to: {js.submissions.map((s) => `${s.title} (${s.employer})`).join('; ')}
            </p>
          )}
        </section>
      )}
      {!required && !searched && <SkipForm send={send} />}
      <RecordSearchForm send={send} autofocus={required && !searched} />
      {(searched || !required) && <FinishForm send={send} autofocus={searched} required={required} />}
    </section>
  );
}

function useSubmit() {
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<{ ok: boolean; error?: CallError }>) => {
    if (busy) return;
    setBusy(true);
    const r = await fn();
    setBusy(false);
    setError(r.ok ? null : (r.error ?? null));
  };
  return { error, setError, busy, run };
}

function RecordSearchForm({ send, autofocus }: { send: StepProps['send']; autofocus: boolean }) {
  const [text, setText] = useState('');
  const [count, setCount] = useState('');
  const [subs, setSubs] = useState<Submission[]>([]);
  const { error, setError, busy, run } = useSubmit();
  const submit = () => {
    const resultCount = Number(count);
    if (count.trim() === '' || !Number.isInteger(resultCount) || resultCount < 0) return setError({ code: 'invalid_payload', message: 'Enter how many vacancies the search found (a whole number, 0 or more).', field: 'resultCount' });
    const submissions = subs.filter((s) => s.vacancyId.trim() || s.title.trim());
    return void run(() => send({ type: 'jobsearch.record', query: { text: text.trim() }, resultCount, submissions }));
  };
  return (
    <form
      className="subform"
      aria-labelledby="record-search-title"
      aria-busy={busy || undefined}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 id="record-search-title">Record the search</h3>
      <label htmlFor="js-text">What was searched for (type of work)</label>
      <input id="js-text" type="text" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} data-autofocus={autofocus ? '' : undefined} />
      <label htmlFor="js-count">How many vacancies were found</label>
      <input id="js-count" type="text" inputMode="numeric" autoComplete="off" value={count} onChange={(e) => setCount(e.target.value)} />
      {subs.map((s, i) => (
        <fieldset key={i} className="submission">
          <legend>Submission {i + 1}</legend>
          {(['vacancyId', 'title', 'employer'] as const).map((f) => (
            <span key={f} className="field">
              <label htmlFor={`js-sub-${i}-${f}`}>{f === 'vacancyId' ? 'Vacancy reference' : f === 'title' ? 'Job title' : 'Employer'}</label>
              <input id={`js-sub-${i}-${f}`} type="text" autoComplete="off" value={s[f]} onChange={(e) => setSubs(subs.map((x, j) => (j === i ? { ...x, [f]: e.target.value } : x)))} />
            </span>
          ))}
        </fieldset>
      ))}
      <ErrorText error={error} />
      <div className="actions">
        <button type="submit" className="primary">
          Record search <kbd className="key">Enter</kbd>
        </button>
        <button type="button" onClick={() => setSubs([...subs, { vacancyId: '', title: '', employer: '' }])}>
          Add a submission
        </button>
      </div>
    </form>
  );
}

function FinishForm({ send, autofocus, required }: { send: StepProps['send']; autofocus: boolean; required: boolean }) {
  const { error, busy, run } = useSubmit();
  return (
    <form
      className="subform"
      aria-label="Finish the job search"
      aria-busy={busy || undefined}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => send({ type: 'jobsearch.finish' }));
      }}
    >
      <ErrorText error={error} />
      <button type="submit" className={required ? 'primary' : undefined} data-autofocus={autofocus ? '' : undefined}>
        Finish job search
      </button>
    </form>
  );
}

function SkipForm({ send }: { send: StepProps['send'] }) {
  const [reason, setReason] = useState('');
  const { error, setError, busy, run } = useSubmit();
  return (
    <form
      className="subform"
      aria-labelledby="skip-title"
      aria-busy={busy || undefined}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason.trim()) return setError({ code: 'invalid_payload', message: 'Say why the job search is skipped (for example: not ready to look for work).', field: 'reason' });
        void run(() => send({ type: 'jobsearch.skip', reason: reason.trim() }));
      }}
    >
      <h3 id="skip-title">Skip the job search</h3>
      <label htmlFor="js-skip-reason">Reason for skipping</label>
      <input id="js-skip-reason" type="text" autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} data-autofocus="" />
      <ErrorText error={error} />
      <div className="actions">
        <button type="submit" className="primary">
          Skip job search <kbd className="key">Enter</kbd>
        </button>
      </div>
    </form>
  );
}
