import type {
  HomeLocation,
  JobPreferences,
  JobsDefaults,
  JobsQuery,
  JobsSearchResponse,
  RecordedQuery,
  VacancyResult,
} from '../../machines/contract/api/jobs';
import type { MachineEvent, Submission } from '../../machines/contract/callTypes';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { fail, type CallError } from '../../machines/contract/errors';
import { lookupQuestion } from '../../machines/flow';
import { appointmentPolicyOf } from '../../machines/rules/booking';
import type { GeoPoint } from '../../machines/rules/allocation';
import { londonDay } from '../../machines/rules/windows';
import type { ScriptPackage } from '../../scripts-content/schema';
import type { AppendHook, CallService } from '../calls/callService';
import type { Db } from '../db/open';
import type { Directory } from '../directory/directory';
import { ensureDemoVacancies } from './demo';
import { resolveGoal } from './goal';
import { searchVacancies, toSubmission } from './search';
import { ftsAllOf, titleWords } from './text';

/**
 * Job search in the call: the glue between a call (its answers, its postcode, its record) and the search engine.
 * - the query the desk starts from, prefilled from the customer's answers (goal, hours, travel, pay);
 * - the customer's home, always from the call's postcode through the directory, never from the desk;
 * - the query as the call record stores it, with the hours band and patterns the engine searched with;
 * - a check, run atomically with every `jobsearch.record`, that each submission is a real match for the recorded goal
 *   (title or occupation; BRIEF §6, JOT:501) and, for a vacancy in the index, still open and named as the index has it.
 */

/** How many results the desk shows; `total` still counts them all. */
export const RESULT_LIMIT = 25;
const ALL_PATTERNS = 3;

/** The date searches count "open" on: the UK (Europe/London) day, as the claim date is. */
export const isoDay = (d: Date): string => londonDay(d);

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The customer's home for distances: the call's postcode as the directory locates it, or null. */
export function homeOf(directory: Directory, record: ClaimRecord): { home: HomeLocation; point: GeoPoint } | null {
  const postcode = record.customer.postcode;
  if (!postcode) return null;
  const found = directory.locate(postcode);
  return found ? { home: { postcode, match: found.match }, point: found.point } : null;
}

/** The questions that hold the job preferences, by meaning (the hand-off uses the same map), else the bindings. */
function preferenceIds(pkg: ScriptPackage) {
  const f = appointmentPolicyOf(pkg).handoffFields;
  return {
    jobGoal: f.jobGoal ?? pkg.bindings.jobGoal,
    hoursPerWeek: f.hoursPerWeek,
    maxTravelMiles: f.maxTravelMiles,
    minHourlyPay: f.minHourlyPay,
    aspirations: f.aspirations,
    interestInWork: pkg.bindings.interestInWork,
  };
}

export function preferencesOf(pkg: ScriptPackage, record: ClaimRecord): JobPreferences {
  const ids = preferenceIds(pkg);
  const a = record.answers;
  const get = (id: string | undefined) => (id ? a[id] : undefined);
  const interest = str(get(ids.interestInWork));
  let interestLabel: string | null = null;
  if (interest && ids.interestInWork) {
    const q = lookupQuestion(pkg, ids.interestInWork)?.question;
    interestLabel = q && q.answer.type === 'choice' ? (q.answer.options.find((o) => o.value === interest)?.label.en ?? interest) : interest;
  }
  return {
    jobGoal: str(get(ids.jobGoal)),
    hoursPerWeek: num(get(ids.hoursPerWeek)),
    maxTravelMiles: num(get(ids.maxTravelMiles)),
    minHourlyPay: num(get(ids.minHourlyPay)),
    aspirations: str(get(ids.aspirations)),
    interestInWork: interest,
    interestInWorkLabel: interestLabel,
  };
}

/** The skip reason to offer a non-jobseeker, in words the adviser can read; empty when they want help now. */
export function skipReasonFor(p: JobPreferences): string {
  switch (p.interestInWork) {
    case 'yesLater':
      return 'Customer would like help finding work later on, not now.';
    case 'notNow':
      return 'Customer is not interested in help finding work at the moment.';
    default:
      return '';
  }
}

/**
 * The query the desk starts from. After a recorded search, that search (the FCO usually refines it); before, the
 * customer's answers: goal; hours as "up to"; travel as the radius (from 1 mile: the engine refuses 0, which a
 * customer who cannot travel may well have said); minimum pay (0 means "any", so it is left out).
 */
export function defaultsFor(pkg: ScriptPackage, record: ClaimRecord, directory: Directory): JobsDefaults {
  const preferences = preferencesOf(pkg, record);
  const located = homeOf(directory, record);
  const notes: string[] = [];
  const last = record.jobSearch.searches.at(-1);
  let query: JobsQuery;
  let from: JobsDefaults['from'];
  if (last) {
    from = 'lastSearch';
    const q = last.query;
    query = {
      text: q.text,
      ...(q.socCode ? { socCode: q.socCode } : {}),
      ...(q.minHourlyPay !== undefined ? { minHourlyPay: q.minHourlyPay } : {}),
      ...(q.minHours !== undefined ? { minHours: q.minHours } : {}),
      ...(q.maxHours !== undefined ? { maxHours: q.maxHours } : q.hoursPerWeek !== undefined ? { maxHours: q.hoursPerWeek } : {}),
      ...(q.patterns && q.patterns.length < ALL_PATTERNS ? { patterns: q.patterns } : {}),
      ...(q.maxDistanceMiles !== undefined && located ? { maxDistanceMiles: q.maxDistanceMiles } : {}),
    };
    notes.push('Filled in from the last recorded search.');
  } else {
    from = 'answers';
    const p = preferences;
    query = { text: p.jobGoal ?? '' };
    if (p.hoursPerWeek !== null && p.hoursPerWeek > 0) query.maxHours = p.hoursPerWeek;
    if (p.minHourlyPay !== null && p.minHourlyPay > 0) query.minHourlyPay = p.minHourlyPay;
    if (p.maxTravelMiles !== null) {
      if (p.maxTravelMiles < 1) notes.push(`The customer said they could travel ${p.maxTravelMiles} miles. A search needs at least 1 mile, so no distance is set: ask how far they could go.`);
      else if (located) query.maxDistanceMiles = p.maxTravelMiles;
    }
    if (!p.jobGoal && record.jobSearch.mode === 'optional') notes.push('Ask the customer what kind of work they would like, in their own words.');
  }
  if (!located) {
    notes.push(
      record.customer.postcode
        ? `The postcode ${record.customer.postcode} could not be located, so distance cannot be measured: search without a distance, or check the postcode.`
        : 'There is no postcode on the call yet, so distance cannot be measured.',
    );
  } else if (located.home.match === 'approximate') {
    notes.push(`Only the postcode district of ${located.home.postcode} is known: distances are approximate.`);
  }
  return { query, from, preferences, home: located?.home ?? null, notes, skipReason: skipReasonFor(preferences) };
}

/** The query as `jobsearch.record` stores it: the engine's recorded form plus the hours band and patterns. */
export function recordedQueryOf(recorded: RecordedQuery, q: JobsQuery): RecordedQuery {
  return {
    ...recorded,
    ...(q.minHours !== undefined ? { minHours: q.minHours } : {}),
    ...(q.maxHours !== undefined ? { maxHours: q.maxHours } : {}),
    ...(q.patterns && q.patterns.length < ALL_PATTERNS ? { patterns: [...new Set(q.patterns)] } : {}),
  };
}

const isRealMatch = (matchedOn: readonly string[]) => matchedOn.includes('title') || matchedOn.includes('occupation');

/** Searches for the call's customer. The home point is the call's; the desk cannot supply one. */
export function searchForCall(db: Db, directory: Directory, record: ClaimRecord, query: JobsQuery, today: string): JobsSearchResponse {
  const located = homeOf(directory, record);
  const home = located?.home ?? null;
  const outcome = searchVacancies(db, { ...query, limit: query.limit ?? RESULT_LIMIT }, { today, homePoint: located?.point ?? null });
  if (!outcome.ok) return { status: 'refused', home, error: outcome.error };
  const v = outcome.value;
  const results: VacancyResult[] = v.results.map((m) => ({ ...m, submittable: isRealMatch(m.matchedOn) }));
  return {
    status: 'results',
    home,
    goal: v.goal,
    total: v.total,
    results,
    recorded: recordedQueryOf(v.recorded, query),
  };
}

/* ---- The submission check, run inside the transaction of every `jobsearch.record` ---- */

interface StoredVacancy {
  id: number;
  soc2020: string;
  closing_date: string;
  title: string;
  employer: string;
}

const checkStatements = new WeakMap<Db, ReturnType<typeof prepareCheck>>();
function prepareCheck(db: Db) {
  return {
    vacancy: db.prepare<[string], StoredVacancy>(
      `SELECT v.id, v.soc2020, v.closing_date, t.title, t.employer FROM vacancies v JOIN vacancy_texts t ON t.id = v.id WHERE v.ref = ?`,
    ),
    // `+rowid`: with a plain `rowid = ?` beside MATCH, FTS5 (SQLite 3.53) returns the row whether or not it matches.
    titleMatch: db.prepare<[string, number], { one: number }>('SELECT 1 AS one FROM vacancies_fts WHERE vacancies_fts MATCH ? AND +rowid = ?'),
  };
}
function checks(db: Db) {
  let s = checkStatements.get(db);
  if (!s) checkStatements.set(db, (s = prepareCheck(db)));
  return s;
}

/**
 * Null when every submission may stand; otherwise why not, in words for the FCO. Every submission must be a real
 * match for the recorded goal (BRIEF §6, JOT:501): its occupation is one the goal stands for in the coding index (or
 * the chosen SOC code), or its title has the goal's words — the engine's `occupation` and `title` tiers; a vacancy
 * that only mentions the goal in its description is not a match. It must not repeat one already made on this call.
 *
 * A vacancy in the index must also be open on `today` and be named as the index names it; its stored occupation and
 * title decide the match. A reference the index does not hold (a vacancy from another job-search system, as in the
 * scenario files) cannot be looked up, so its submitted title decides: it must have the goal's words or be a coding-
 * index title of one of the goal's occupations.
 *
 * The recorded filters (pay, hours, distance) are the customer's wishes and are not re-checked: the vacancy came
 * from a search with them.
 */
export function checkSubmissions(db: Db, query: RecordedQuery, submissions: readonly Submission[], earlier: readonly Submission[], today: string): CallError | null {
  if (submissions.length === 0) return null;
  const s = checks(db);
  const seen = new Set(earlier.map((e) => e.vacancyId));
  const goal = resolveGoal(db, query.text);
  const occupations = new Set(goal.status === 'matched' ? goal.occupations.map((o) => o.soc2020) : []);
  if (query.socCode) occupations.add(query.socCode);
  const goalWords = goal.status === 'matched' ? goal.words : [];
  const titleQuery = goalWords.length > 0 ? ftsAllOf(goalWords, 'title') : null;
  const refuse = (message: string): CallError => fail('policy_forbids', message, 'submissions').error;
  const notAMatch = (title: string, employer: string, ref: string) =>
    refuse(`${title} at ${employer} (${ref}) is not a match for "${query.text}" by job title or occupation. Put the customer forward only where there is a real match.`);
  for (const sub of submissions) {
    if (seen.has(sub.vacancyId)) return refuse(`The customer is already put forward for ${sub.title} at ${sub.employer} (${sub.vacancyId}) on this call.`);
    seen.add(sub.vacancyId);
    const v = s.vacancy.get(sub.vacancyId);
    if (!v) {
      // Not in the index: the submitted title is all there is to judge the match by.
      const words = new Set(titleWords(sub.title));
      const byTitle = goalWords.length > 0 && goalWords.every((g) => g.some((w) => words.has(w)));
      const read = byTitle ? null : resolveGoal(db, sub.title);
      const byOccupation = read?.status === 'matched' && read.occupations.some((o) => o.weight === 1 && occupations.has(o.soc2020));
      if (!byTitle && !byOccupation) return notAMatch(sub.title, sub.employer, sub.vacancyId);
      continue;
    }
    if (v.closing_date < today) return refuse(`${v.title} at ${v.employer} (${sub.vacancyId}) closed on ${v.closing_date}: search again for open vacancies.`);
    const stored = toSubmission({ vacancyId: sub.vacancyId, title: v.title, employer: v.employer });
    if (stored.title.trim() !== sub.title || stored.employer.trim() !== sub.employer) {
      return refuse(`The details sent for ${sub.vacancyId} are not the vacancy's ("${v.title}" at ${v.employer}). Search again and tick it from the results.`);
    }
    const byOccupation = occupations.has(v.soc2020);
    const byTitle = !byOccupation && titleQuery !== null && s.titleMatch.get(titleQuery, v.id) !== undefined;
    if (!byOccupation && !byTitle) return notAMatch(v.title, v.employer, sub.vacancyId);
  }
  return null;
}

type RecordEvent = Extract<MachineEvent, { type: 'jobsearch.record' }>;

export const submissionCheckHook: AppendHook = ({ event, previous, db }) => {
  if (event.type !== 'jobsearch.record') return null;
  const e = event as RecordEvent;
  return checkSubmissions(db, e.query, e.submissions, previous.jobSearch.submissions, londonDay(e.meta.at));
};

/**
 * Wires job search into an app at open: the demo vacancies and coding-index titles when the tables are empty (a
 * quick no-op once loaded), and the submission check on the call service.
 */
export function installJobSearch(deps: { db: Db; calls: CallService; clock: () => Date }, opts: { demoVacancies: boolean }): void {
  if (opts.demoVacancies) ensureDemoVacancies(deps.db, isoDay(deps.clock()));
  deps.calls.addAppendHook(submissionCheckHook);
}
