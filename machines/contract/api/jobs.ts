import { z } from 'zod';
import type { JobSearchQuery } from '../callTypes';
import { channel } from './define';
import { CallId } from './callId';

/**
 * Job search on the call (BRIEF §6): the FCO searches the vacancy index with the customer and puts them forward for
 * vacancies they agree to. The customer's home is never sent by the desk: the server locates the CALL's postcode.
 */

export const WORK_PATTERNS = ['full-time', 'part-time', 'shifts'] as const;
export type WorkPatternName = (typeof WORK_PATTERNS)[number];

/**
 * What the desk searches with. Only the shape is checked here: whether a value makes sense (negative pay, a radius
 * of 0, a back-to-front hours band) is the search engine's call, and its refusal names the field, so the desk can
 * show the message next to it. Strict: a home postcode or point from the desk is refused, never used.
 */
export const JobsQuery = z.strictObject({
  /** The customer's goal in their own words ("warehouse work"). */
  text: z.string().max(200),
  /** A SOC 2020 unit group chosen from a suggestion (optional; the text is matched through the coding index anyway). */
  socCode: z.string().max(10).optional(),
  /** Pounds per hour; a vacancy matches when the top of its advertised range reaches it. */
  minHourlyPay: z.number().optional(),
  /** The hours band per week, inclusive. */
  minHours: z.number().optional(),
  maxHours: z.number().optional(),
  /** "Up to this many hours" (how an availability restriction is stated); `maxHours` wins when both are given. */
  hoursPerWeek: z.number().optional(),
  /** Working patterns to include; absent means all. */
  patterns: z.array(z.enum(WORK_PATTERNS)).max(3).optional(),
  /** Miles from the customer's home (the call's postcode). */
  maxDistanceMiles: z.number().optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type JobsQuery = z.infer<typeof JobsQuery>;

/** The call record's query type (what `jobsearch.record` carries). */
export type RecordedQuery = z.infer<typeof JobSearchQuery>;

export type JobSearchRefusalCode = 'invalid_filter' | 'no_home_location' | 'empty_goal' | 'unknown_goal';

/** A coding-index job title to offer the FCO ("did you mean"). */
export interface TitleSuggestion {
  title: string;
  soc2020: string;
  unitTitle: string;
}

/** The search engine's refusal: which field, what to do, and (for goals) titles to try instead. */
export interface JobSearchRefusal {
  code: JobSearchRefusalCode;
  /** The query field at fault: "text", "minHourlyPay", "minHours", "maxHours", "hoursPerWeek", "patterns", "maxDistanceMiles". */
  field: string;
  message: string;
  suggestions: TitleSuggestion[];
}

export interface VacancyResult {
  /** The vacancy reference (what a submission names). */
  vacancyId: string;
  title: string;
  employer: string;
  soc2020: string;
  /** The goal's occupation this vacancy is in, when it is one. */
  occupation: string | null;
  hoursPerWeek: number;
  pattern: WorkPatternName;
  pay: { min: number; max: number; period: 'hour' | 'week' | 'month' | 'year'; minHourly: number; maxHourly: number; minAnnual: number; maxAnnual: number };
  postcode: string;
  /** From the customer's home; null when the home could not be located. */
  distanceMiles: number | null;
  closingDate: string;
  matchedOn: ('title' | 'occupation' | 'description')[];
  score: number;
  /** Why it matched, one reason per criterion, in the FCO's words. */
  why: string[];
  /**
   * Whether the customer may be put forward for it: only for a real match, on the title or the occupation. A vacancy
   * that only mentions the goal in its description is shown but cannot be submitted (BRIEF §6, JOT:501).
   */
  submittable: boolean;
}

/** Where the search measures distance from: the call's postcode as the directory located it. */
export interface HomeLocation {
  postcode: string;
  match: 'exact' | 'approximate';
}

export type JobsSearchResponse =
  | {
      status: 'results';
      home: HomeLocation | null;
      goal: {
        words: string[];
        ignoredWords: string[];
        occupations: { soc2020: string; unitTitle: string; matchedTitle: string; weight: number }[];
        note: string | null;
      };
      /** All matches; `results` holds the best `limit` of them. */
      total: number;
      results: VacancyResult[];
      /** The query as `jobsearch.record` takes it: send this, with `total` as the result count. */
      recorded: RecordedQuery;
    }
  | { status: 'refused'; home: HomeLocation | null; error: JobSearchRefusal };

/** What the customer said earlier in the call, for the FCO to read before searching. */
export interface JobPreferences {
  jobGoal: string | null;
  hoursPerWeek: number | null;
  maxTravelMiles: number | null;
  minHourlyPay: number | null;
  /** Aspirations and barriers, in the customer's words: field matching alone is "formulaic" (PF:384). */
  aspirations: string | null;
  /** Non-jobseekers: "yesNow" | "yesLater" | "notNow", or null when not asked. */
  interestInWork: string | null;
  interestInWorkLabel: string | null;
}

export interface JobsDefaults {
  /** The query to start from: the last recorded search, else the customer's answers. */
  query: JobsQuery;
  from: 'answers' | 'lastSearch';
  preferences: JobPreferences;
  home: HomeLocation | null;
  /** Anything the FCO should know about the prefill ("0 miles: no radius set, ask how far they could go"). */
  notes: string[];
  /** Non-jobseekers: the skip reason to offer, from their "interest in work" answer (empty when none fits). */
  skipReason: string;
}

/** Channels of the jobs area. Each entry: `'jobs.name': channel<Response>()(zodRequest, roles)`. */
export const jobsApi = {
  /** Searches open vacancies for a call's customer. Refusals of the query come back as `status: 'refused'`. */
  'jobs.search': channel<JobsSearchResponse>()(z.strictObject({ callId: CallId, query: JobsQuery }), ['fco']),
  /** Coding-index titles for what the FCO has typed (the most common open occupations when it is blank). */
  'jobs.suggest': channel<{ suggestions: TitleSuggestion[] }>()(z.strictObject({ text: z.string().max(200) }), ['fco']),
  /** The query prefilled from the call's answers (goal, hours, miles, pay), with the preferences to read out. */
  'jobs.defaults': channel<JobsDefaults>()(z.strictObject({ callId: CallId }), ['fco']),
};
