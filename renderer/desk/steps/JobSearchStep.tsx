import { useState } from 'react';
import { ErrorText } from '../ErrorText';
import type { StepProps } from '../types';
import { Preferences, RecordedSearches } from './jobsearch/CallSoFar';
import { FinishForm, SkipForm } from './jobsearch/OutcomeForms';
import { SearchPanel } from './jobsearch/SearchPanel';
import { useJobDefaults } from './jobsearch/useJobSearch';
import './jobsearch/jobsearch.css';

/**
 * Job search on the call (BRIEF §6). Jobseekers: a search with the customer is required, prefilled from the job
 * preferences they gave; the FCO adjusts it with them, ticks the vacancies they agree to be put forward for (real
 * matches only), records the search, and finishes. Other benefits: optional; their "interest in work" answer decides
 * what comes first: the search ("yes, now") or skipping with a reason prefilled from the answer.
 *
 * Keys: Enter searches (in the search form), records (in the results), skips or finishes; 1–3 tick working patterns,
 * 1–9 tick results, when the focus is not in a text field.
 */
export function JobSearchStep({ state, send, bridge }: StepProps) {
  const js = state.record.jobSearch;
  const callId = state.record.callId;
  const { defaults, error } = useJobDefaults(bridge, callId);
  const [searchAnyway, setSearchAnyway] = useState(false);
  const required = js.mode === 'required';
  const searched = js.searches.length > 0;
  const wantsHelpNow = js.interestInWork === 'yesNow';
  const benefit = state.policy?.benefitName ?? 'this benefit';

  if (js.switchedOff) {
    return (
      <section className="step jobsearch-step" aria-labelledby="jobsearch-title">
        <h2 id="jobsearch-title" className="say">
          Job search is done at the Jobcentre
        </h2>
        <p>Job search on the call is switched off at this site; the Personal Adviser will do it at the interview.</p>
      </section>
    );
  }

  const searchFirst = required || wantsHelpNow || searchAnyway || searched;
  const skipPrefill = defaults ? defaults.skipReason : null;
  return (
    <section className="step jobsearch-step" aria-labelledby="jobsearch-title">
      <h2 id="jobsearch-title" className="say">
        {searchFirst ? 'Search for jobs with the customer' : 'Would the customer like help looking for work?'}
      </h2>
      <p className="help">
        {required
          ? 'Required for jobseekers. Check the search with the customer, put them forward only for vacancies they agree to and that really match, record the search, then finish.'
          : wantsHelpNow
            ? `Optional for ${benefit}. The customer would like help finding work now: search with them, or skip with a reason if they have changed their mind.`
            : `Optional for ${benefit}. ${js.interestInWork ? 'The customer does not want help finding work now' : 'The customer was not asked about work'}: skip with the reason below, or search if they would like one after all.`}
      </p>
      <ErrorText error={error} />
      {defaults && <Preferences defaults={defaults} optional={!required} />}
      <RecordedSearches jobSearch={js} />

      {!searchFirst && (
        <>
          <SkipForm send={send} prefill={skipPrefill} autofocus title="Skip the job search" />
          <p>
            <button type="button" onClick={() => setSearchAnyway(true)}>
              The customer would like a search after all
            </button>
          </p>
        </>
      )}

      {searchFirst && (
        <SearchPanel
          bridge={bridge}
          callId={callId}
          send={send}
          defaults={defaults}
          autofocus={!searched}
          focusOnMount={searchAnyway}
          alreadySubmitted={js.submissions.map((s) => s.vacancyId)}
        />
      )}

      {searched ? (
        <FinishForm send={send} autofocus />
      ) : required ? (
        <p className="hint">Record at least one search with the customer before finishing.</p>
      ) : (
        searchFirst && <SkipForm send={send} prefill={skipPrefill} autofocus={false} title="Or skip the job search" />
      )}
    </section>
  );
}
