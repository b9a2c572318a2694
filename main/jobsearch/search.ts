import { z } from 'zod';
import type { GeoPoint } from '../../machines/rules/allocation';
import type { JobSearchQuery as RecordedQuerySchema, Submission } from '../../machines/contract/callTypes';
import { daysBetween } from '../../machines/rules/ukFormats';
import type { Db } from '../db/open';
import { boundingBox, cellsCovering, distanceMiles } from './geo';
import { describeCode, resolveGoal, suggestTitles, type OccupationMatch, type Suggestion } from './goal';
import { ftsAllOf } from './text';
import { WorkPattern, type PayPeriod } from './vacancy';

export type RecordedJobSearchQuery = z.infer<typeof RecordedQuerySchema>;

/**
 * What the FCO searches with. Field names follow the call record's JobSearchQuery (text, socCode, minHourlyPay,
 * maxDistanceMiles, hoursPerWeek), so every recorded query can be re-run; the hours band and patterns are additions.
 * `hoursPerWeek` alone means "up to this many hours" (how availability restrictions are stated).
 */
export const JobSearchInput = z.strictObject({
  text: z.string().max(200, 'at most 200 characters'),
  socCode: z
    .string()
    .trim()
    .regex(/^[1-9]\d{3}$/, 'a 4-digit SOC 2020 unit group such as 9252')
    .optional(),
  minHourlyPay: z.number().optional(),
  minHours: z.number().optional(),
  maxHours: z.number().optional(),
  hoursPerWeek: z.number().optional(),
  patterns: z.array(WorkPattern).optional(),
  maxDistanceMiles: z.number().optional(),
  limit: z.number().int().min(1).max(200).optional(),
});
export type JobSearchInput = z.input<typeof JobSearchInput>;

export interface SearchContext {
  /** YYYY-MM-DD. A vacancy is open up to and including its closing date. */
  today: string;
  /** The customer's home, located from their postcode by the directory; null when it could not be located. */
  homePoint: GeoPoint | null;
}

export type JobSearchErrorCode = 'invalid_filter' | 'no_home_location' | 'empty_goal' | 'unknown_goal';
export interface JobSearchError {
  code: JobSearchErrorCode;
  /** The input field at fault ("minHourlyPay", "text", …). */
  field: string;
  /** What went wrong and what to do, in words an FCO can act on mid-call. */
  message: string;
  /** Coding-index titles to offer instead (goal errors only). */
  suggestions: Suggestion[];
}

export type MatchedOn = 'title' | 'occupation' | 'description';

export interface JobMatch {
  vacancyId: string;
  title: string;
  employer: string;
  soc2020: string;
  occupation: string | null;
  hoursPerWeek: number;
  pattern: WorkPattern;
  pay: { min: number; max: number; period: PayPeriod; minHourly: number; maxHourly: number; minAnnual: number; maxAnnual: number };
  postcode: string;
  distanceMiles: number | null;
  closingDate: string;
  matchedOn: MatchedOn[];
  /** 0–1: fit to the goal less a distance penalty; the list is sorted on it. */
  score: number;
  /** Reasons in the FCO's words, one per criterion ("3.2 miles from home"). */
  why: string[];
}

export interface JobSearchResult {
  goal: {
    words: string[];
    ignoredWords: string[];
    occupations: OccupationMatch[];
    note: string | null;
  };
  /** Matches before the limit. */
  total: number;
  /** Whether description-only matches were looked for (only when title and occupation gave fewer than `limit`). */
  descriptionSearched: boolean;
  results: JobMatch[];
  /** The query as the call record stores it (`jobsearch.record`). */
  recorded: RecordedJobSearchQuery;
}

export type JobSearchOutcome = { ok: true; value: JobSearchResult } | { ok: false; error: JobSearchError };

/**
 * Ranking. Fit to the goal, 0–1:
 *   title is the goal's words and nothing else ("Cleaner" for "cleaner")   0.9
 *   title contains the goal's words ("Office cleaner")                      0.8
 *     either of those, and the goal's occupation: + 0.1 × the reading's weight (1 for the goal's own title's code)
 *   the goal's occupation only ("Stock room man" for "warehouse operative")  0.45 + 0.3 × weight
 *   the words only in the description                                       0.3
 * Distance takes off up to DISTANCE_PENALTY at the edge of the radius (or at FAR_MILES with no radius), so nearer wins
 * within a fit level and a clearly better fit still beats a nearer weak one. Ties: nearer, better paid, closing
 * sooner, then the store's order.
 */
const FIT = { exactTitle: 0.9, title: 0.8, occupationBonus: 0.1, occupationBase: 0.45, occupationSpan: 0.3, description: 0.3 } as const;
const DISTANCE_PENALTY = 0.25;
const FAR_MILES = 30;
const DEFAULT_LIMIT = 20;
/**
 * Full-text hits above this many nationwide are intersected with the search box's geo-cells inside FTS5; below it,
 * looking each hit up (~0.7 µs) is cheaper than merging ~20 cell doclists (~2 ms). Measured at 250k vacancies.
 */
const CELLS_FROM_HITS = 2000;
const ALL_PATTERNS: readonly WorkPattern[] = WorkPattern.options;
/** Hours and pay the filters accept; beyond these the input is a slip of the keyboard, not a wish. */
const MAX_HOURS = 100;
const MAX_HOURLY_PAY = 1000;
const MAX_MILES = 500;

/** The columns ranking needs, as a raw row: better-sqlite3 builds an array far faster than an object. */
type Hit = [id: number, soc2020: string, titleWords: number, lat: number, long: number, payMaxHourlyP: number, closingDate: string];
const HIT_COLUMNS = 'v.id, v.soc2020, v.title_words, v.lat, v.long, v.pay_max_hourly_p, v.closing_date';

interface Detail {
  id: number;
  ref: string;
  title: string;
  employer: string;
  postcode: string;
  hours_per_week: number;
  pattern: WorkPattern;
  pay_min: number;
  pay_max: number;
  pay_period: PayPeriod;
  pay_min_hourly_p: number;
  pay_max_hourly_p: number;
  pay_min_annual_p: number;
  pay_max_annual_p: number;
}

const FILTERS = `v.closing_date >= @today AND v.pay_max_hourly_p >= @minPay
  AND v.hours_per_week >= @minHours AND v.hours_per_week <= @maxHours
  AND v.lat BETWEEN @south AND @north AND v.long BETWEEN @west AND @east
  AND v.pattern IN (SELECT value FROM json_each(@patterns))`;

type FilterParams = {
  today: string;
  minPay: number;
  minHours: number;
  maxHours: number;
  south: number;
  north: number;
  west: number;
  east: number;
  patterns: string;
};

const cache = new WeakMap<Db, ReturnType<typeof statements>>();
function statements(db: Db) {
  return {
    // INDEXED BY: the covering index answers the whole filter without reading the table.
    byOccupation: db
      .prepare<[FilterParams & { socs: string }], Hit>(
        `SELECT ${HIT_COLUMNS} FROM vacancies v INDEXED BY vacancies_by_soc
         WHERE v.soc2020 IN (SELECT value FROM json_each(@socs)) AND ${FILTERS}`,
      )
      .raw(),
    textIds: db.prepare<[string, number], number>('SELECT rowid FROM vacancies_fts WHERE vacancies_fts MATCH ? LIMIT ?').pluck(),
    byIds: db
      .prepare<[FilterParams & { ids: string }], Hit>(
        `SELECT ${HIT_COLUMNS} FROM vacancies v WHERE v.id IN (SELECT value FROM json_each(@ids)) AND ${FILTERS}`,
      )
      .raw(),
    // CROSS JOIN keeps the full-text hits as the outer loop: the planner would otherwise walk the box and probe FTS.
    byMatch: db
      .prepare<[FilterParams & { match: string }], Hit>(
        `SELECT ${HIT_COLUMNS} FROM vacancies_fts f CROSS JOIN vacancies v ON v.id = f.rowid
         WHERE vacancies_fts MATCH @match AND ${FILTERS}`,
      )
      .raw(),
    details: db.prepare<[string], Detail>(
      `SELECT v.id, v.ref, t.title, t.employer, v.postcode, v.hours_per_week, v.pattern, v.pay_min, v.pay_max, v.pay_period,
              v.pay_min_hourly_p, v.pay_max_hourly_p, v.pay_min_annual_p, v.pay_max_annual_p
       FROM vacancies v JOIN vacancy_texts t ON t.id = v.id WHERE v.id IN (SELECT value FROM json_each(?))`,
    ),
    popular: db.prepare<[string, number], { soc2020: string; n: number }>(
      `SELECT soc2020, count(*) AS n FROM vacancies INDEXED BY vacancies_by_soc WHERE closing_date >= ?
       GROUP BY soc2020 ORDER BY n DESC, soc2020 LIMIT ?`,
    ),
  };
}
function stmts(db: Db) {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = statements(db)));
  return s;
}

const refuse = (code: JobSearchErrorCode, field: string, message: string, suggestions: Suggestion[] = []): JobSearchOutcome => ({
  ok: false,
  error: { code, field, message, suggestions },
});

/** Impossible or meaningless filters, in the order the FCO fills the form. Null when all are usable. */
function checkFilters(q: ParsedInput, ctx: SearchContext): JobSearchOutcome | null {
  if (q.minHourlyPay !== undefined) {
    if (q.minHourlyPay < 0) return refuse('invalid_filter', 'minHourlyPay', 'Minimum pay cannot be negative. Leave it blank to see any pay.');
    if (q.minHourlyPay > MAX_HOURLY_PAY) {
      return refuse(
        'invalid_filter',
        'minHourlyPay',
        `£${q.minHourlyPay} an hour is not a realistic minimum: minimum pay is per hour (for a yearly salary, divide by about 1,950).`,
      );
    }
  }
  for (const field of ['minHours', 'maxHours', 'hoursPerWeek'] as const) {
    const h = q[field];
    if (h !== undefined && (h < 0 || h > MAX_HOURS)) {
      return refuse('invalid_filter', field, `Hours per week must be between 0 and ${MAX_HOURS} (got ${h}).`);
    }
  }
  if (q.maxHours === 0) return refuse('invalid_filter', 'maxHours', 'A maximum of 0 hours a week finds nothing. Leave it blank for any hours.');
  if (q.hoursPerWeek === 0) return refuse('invalid_filter', 'hoursPerWeek', 'Up to 0 hours a week finds nothing. Leave it blank for any hours.');
  const band = hoursBand(q);
  if (band.min > band.max) {
    return refuse('invalid_filter', 'minHours', `The hours band ${band.min}–${band.max} is back to front: give the smaller number first.`);
  }
  if (q.patterns !== undefined && q.patterns.length === 0) {
    return refuse('invalid_filter', 'patterns', 'Choose at least one working pattern, or leave patterns out to see all.');
  }
  if (q.maxDistanceMiles !== undefined) {
    if (q.maxDistanceMiles <= 0) {
      return refuse(
        'invalid_filter',
        'maxDistanceMiles',
        `A radius of ${q.maxDistanceMiles} miles finds nothing. Give at least 1 mile, or leave it blank for any distance.`,
      );
    }
    if (q.maxDistanceMiles > MAX_MILES) {
      return refuse('invalid_filter', 'maxDistanceMiles', `${q.maxDistanceMiles} miles is beyond the UK. Leave the distance blank to search everywhere.`);
    }
    if (!ctx.homePoint) {
      return refuse(
        'no_home_location',
        'maxDistanceMiles',
        "The customer's home postcode could not be located, so distance cannot be measured. Check the postcode, or search without a distance.",
      );
    }
  }
  return null;
}

type ParsedInput = z.output<typeof JobSearchInput>;

function hoursBand(q: ParsedInput): { min: number; max: number } {
  return { min: q.minHours ?? 0, max: q.maxHours ?? q.hoursPerWeek ?? MAX_HOURS };
}

interface Ranked {
  hit: Hit;
  on: Set<MatchedOn>;
  miles: number | null;
  score: number;
}

/**
 * Searches open vacancies for a customer's goal, in two tiers. First: vacancies whose title has the goal's words or
 * whose SOC occupation is one the goal stands for (through the coding index). Only if that leaves fewer than `limit`:
 * vacancies with the words in the description (a fallback, because for common words the description matches are
 * mostly noise: "care" in "customer care"). Then the filters — pay: the top of the advertised range reaches the
 * minimum (the why says when only the top does); hours: the advertised hours lie in the band, inclusive; radius:
 * great-circle distance from home, inclusive; open: closing date today or later — and the ranking above. Never throws for bad input: refusals come back as `{ ok: false, error }` with a message and, for goals,
 * suggestions.
 */
export function searchVacancies(db: Db, input: unknown, ctx: SearchContext): JobSearchOutcome {
  const parsed = JobSearchInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'query');
    return refuse('invalid_filter', field, `${field}: ${issue.message}`);
  }
  const q = parsed.data;
  const bad = checkFilters(q, ctx);
  if (bad) return bad;
  const s = stmts(db);

  const goal = resolveGoal(db, q.text);
  const chosen: OccupationMatch[] = [];
  if (q.socCode) {
    const d = describeCode(db, q.socCode);
    chosen.push({ soc2020: q.socCode, unitTitle: d.unitTitle, matchedTitle: d.plainTitle ?? d.unitTitle, weight: 1 });
  }
  if (goal.status === 'empty' && chosen.length === 0) {
    return refuse(
      'empty_goal',
      'text',
      'Ask what kind of work the customer wants, in their words (for example "warehouse work" or "care assistant"). These have the most open vacancies:',
      popularTitles(db, ctx.today),
    );
  }
  if (goal.status === 'unknown' && chosen.length === 0) {
    const list = goal.suggestions.map((x) => x.title).slice(0, 3).join('", "');
    return refuse(
      'unknown_goal',
      'text',
      `No job title in the SOC coding index has the words "${goal.words.join(' ')}".${list ? ` Did the customer mean "${list}"?` : ''} ` +
        'Try other words for the same job, or pick one of these.',
      goal.suggestions,
    );
  }
  const words = goal.status === 'matched' ? goal.words : [];
  const occupations = mergeOccupations(chosen, goal.status === 'matched' ? goal.occupations : []);
  const bySoc = new Map(occupations.map((o) => [o.soc2020, o]));
  const limit = q.limit ?? DEFAULT_LIMIT;

  const band = hoursBand(q);
  const radius = q.maxDistanceMiles ?? null;
  const home = ctx.homePoint;
  const box = radius !== null && home ? boundingBox(home, radius) : { south: -90, north: 90, west: -180, east: 180 };
  const params: FilterParams = {
    today: ctx.today,
    minPay: Math.round((q.minHourlyPay ?? 0) * 100),
    minHours: band.min,
    maxHours: band.max,
    ...box,
    patterns: JSON.stringify(q.patterns ?? ALL_PATTERNS),
  };
  const cells = radius !== null ? cellsCovering(box) : null;

  /**
   * Full-text hits that pass the filters. Up to CELLS_FROM_HITS hits nationwide are looked up by id (one FTS pass);
   * more, with a radius, and FTS5 intersects them with the box's geo-cells first. Cell tokens are 9-digit numbers
   * found only in `places`, so they need no column filter; the SQL box and the exact distance stay the authority.
   */
  const textHits = (match: string): Hit[] => {
    if (!cells) return s.byMatch.all({ ...params, match });
    const ids = s.textIds.all(match, CELLS_FROM_HITS);
    if (ids.length < CELLS_FROM_HITS) return s.byIds.all({ ...params, ids: JSON.stringify(ids) });
    return s.byMatch.all({ ...params, match: `(${match}) AND (${cells.map((c) => `"${c}"`).join(' OR ')})` });
  };

  const found = new Map<number, Ranked>();
  const consider = (hits: Hit[], on: MatchedOn) => {
    for (const hit of hits) {
      const known = found.get(hit[0]);
      if (known) {
        known.on.add(on);
        continue;
      }
      const miles = home ? distanceMiles(home, { lat: hit[3], long: hit[4] }) : null;
      if (radius !== null && miles !== null && miles > radius) continue;
      found.set(hit[0], { hit, on: new Set([on]), miles, score: 0 });
    }
  };
  if (occupations.length > 0) consider(s.byOccupation.all({ ...params, socs: JSON.stringify(occupations.map((o) => o.soc2020)) }), 'occupation');
  const inTitle = words.length > 0 ? ftsAllOf(words, 'title') : null;
  if (inTitle) consider(textHits(inTitle), 'title');
  const descriptionSearched = inTitle !== null && found.size < limit;
  if (descriptionSearched) consider(textHits(`(${ftsAllOf(words, 'description')}) NOT (${inTitle})`), 'description');

  const ranked = [...found.values()];
  for (const r of ranked) {
    const occ = bySoc.get(r.hit[1]);
    // A title or description hit of one of the goal's occupations is also an occupation match.
    if (occ) r.on.add('occupation');
    const fit = fitOf(r.on, r.hit[2] === words.length, occ);
    const penalty = r.miles === null ? 0 : DISTANCE_PENALTY * Math.min(1, r.miles / (radius ?? FAR_MILES));
    r.score = Math.round((fit - penalty) * 10_000) / 10_000;
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      (a.miles ?? 0) - (b.miles ?? 0) ||
      b.hit[5] - a.hit[5] ||
      a.hit[6].localeCompare(b.hit[6]) ||
      a.hit[0] - b.hit[0],
  );
  const top = ranked.slice(0, limit);
  const details = new Map(s.details.all(JSON.stringify(top.map((r) => r.hit[0]))).map((d) => [d.id, d]));
  const goalText = words.map((g) => g[0]).join(' ');

  const results: JobMatch[] = top.map(({ hit, on, miles, score }) => {
    const d = details.get(hit[0])!;
    const occ = bySoc.get(hit[1]);
    return {
      vacancyId: d.ref,
      title: d.title,
      employer: d.employer,
      soc2020: hit[1],
      occupation: occ?.unitTitle ?? null,
      hoursPerWeek: d.hours_per_week,
      pattern: d.pattern,
      pay: {
        min: d.pay_min,
        max: d.pay_max,
        period: d.pay_period,
        minHourly: d.pay_min_hourly_p / 100,
        maxHourly: d.pay_max_hourly_p / 100,
        minAnnual: d.pay_min_annual_p / 100,
        maxAnnual: d.pay_max_annual_p / 100,
      },
      postcode: d.postcode,
      distanceMiles: miles === null ? null : Math.round(miles * 10) / 10,
      closingDate: hit[6],
      matchedOn: (['title', 'occupation', 'description'] as const).filter((m) => on.has(m)),
      score,
      why: explain({ d, closingDate: hit[6], on, occ, miles, radius, goalText, q, band, today: ctx.today }),
    };
  });

  return {
    ok: true,
    value: {
      goal: {
        words: words.map((g) => g[0]!),
        ignoredWords: goal.status === 'matched' ? goal.ignoredWords : [],
        occupations,
        note: goal.status === 'matched' ? goal.note : null,
      },
      total: ranked.length,
      descriptionSearched,
      results,
      recorded: toRecordedQuery(q),
    },
  };
}

function mergeOccupations(chosen: OccupationMatch[], resolved: OccupationMatch[]): OccupationMatch[] {
  const out = new Map<string, OccupationMatch>();
  for (const o of [...chosen, ...resolved]) if (!out.has(o.soc2020)) out.set(o.soc2020, o);
  return [...out.values()];
}

function fitOf(on: ReadonlySet<MatchedOn>, titleIsGoal: boolean, occ: OccupationMatch | undefined): number {
  const bonus = occ ? FIT.occupationBonus * occ.weight : 0;
  if (on.has('title')) return (titleIsGoal ? FIT.exactTitle : FIT.title) + bonus;
  if (occ) return FIT.occupationBase + FIT.occupationSpan * occ.weight;
  return FIT.description;
}

const money = (pounds: number) => `£${pounds.toFixed(2)}`;
const hoursText = (h: number) => `${Number.isInteger(h) ? h : h.toFixed(1)} h/week`;

function explain(a: {
  d: Detail;
  closingDate: string;
  on: ReadonlySet<MatchedOn>;
  occ: OccupationMatch | undefined;
  miles: number | null;
  radius: number | null;
  goalText: string;
  q: ParsedInput;
  band: { min: number; max: number };
  today: string;
}): string[] {
  const why: string[] = [];
  if (a.on.has('title')) why.push(`title has "${a.goalText}"`);
  if (a.occ) why.push(`same occupation as '${a.occ.matchedTitle}' (SOC ${a.occ.soc2020} ${a.occ.unitTitle})`);
  if (a.on.has('description') && !a.on.has('title')) why.push(`description mentions "${a.goalText}"`);
  if (a.q.minHourlyPay !== undefined) {
    const lo = a.d.pay_min_hourly_p / 100;
    const hi = a.d.pay_max_hourly_p / 100;
    why.push(
      lo >= a.q.minHourlyPay
        ? `${money(lo)}/h ≥ your ${money(a.q.minHourlyPay)}`
        : `${money(lo)}–${money(hi)}/h: the top of the range reaches your ${money(a.q.minHourlyPay)}`,
    );
  }
  if (a.miles !== null) {
    const m = a.miles < 0.1 ? 'under 0.1' : (Math.round(a.miles * 10) / 10).toFixed(1);
    why.push(a.radius !== null ? `${m} miles from home (within ${a.radius})` : `${m} miles from home`);
  }
  if (a.q.minHours !== undefined || a.q.maxHours !== undefined || a.q.hoursPerWeek !== undefined) {
    why.push(
      a.q.minHours === undefined
        ? `${hoursText(a.d.hours_per_week)}, within your ${a.band.max} maximum`
        : `${hoursText(a.d.hours_per_week)} in your ${a.band.min}–${a.band.max} band`,
    );
  }
  if (a.q.patterns !== undefined && a.q.patterns.length < ALL_PATTERNS.length) why.push(`${a.d.pattern}, as asked`);
  const days = daysBetween(a.today, a.closingDate);
  why.push(days === 0 ? 'closes today' : `closes ${a.closingDate} (in ${days} day${days === 1 ? '' : 's'})`);
  return why;
}

/**
 * The query as the call record's JobSearchQuery holds it. Lossy until that schema grows: the hours band is recorded
 * as its upper limit and working patterns are not recorded.
 */
export function toRecordedQuery(q: ParsedInput): RecordedJobSearchQuery {
  const band = q.maxHours ?? q.hoursPerWeek;
  return {
    text: q.text.trim().slice(0, 200),
    ...(q.socCode ? { socCode: q.socCode } : {}),
    ...(q.maxDistanceMiles !== undefined ? { maxDistanceMiles: q.maxDistanceMiles } : {}),
    ...(q.minHourlyPay !== undefined ? { minHourlyPay: q.minHourlyPay } : {}),
    ...(band !== undefined ? { hoursPerWeek: band } : {}),
  };
}

/** What the FCO submits the customer to: the call record's Submission. */
export function toSubmission(m: Pick<JobMatch, 'vacancyId' | 'title' | 'employer'>): Submission {
  return { vacancyId: m.vacancyId, title: m.title.slice(0, 300), employer: m.employer.slice(0, 300) };
}

/** Plain index titles of the occupations with the most open vacancies: what to offer when no goal was given. */
export function popularTitles(db: Db, today: string, limit = 8): Suggestion[] {
  return stmts(db)
    .popular.all(today, limit)
    .map(({ soc2020 }) => {
      const d = describeCode(db, soc2020);
      return { title: d.plainTitle ?? d.unitTitle, soc2020, unitTitle: d.unitTitle };
    });
}

/** For callers that want suggestions without a search (the desk's "did you mean" as the FCO types). */
export { suggestTitles };
