import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobSearchQuery, Submission } from '../../machines/contract/callTypes';
import { addDays } from '../../machines/rules/ukFormats';
import { openDatabase, type Db } from '../../main/db/open';
import { pointAtDistance } from '../../main/jobsearch/geo';
import { resolveGoal } from '../../main/jobsearch/goal';
import { searchVacancies, toSubmission, type JobSearchInput, type JobSearchOutcome, type SearchContext } from '../../main/jobsearch/search';
import { loadSocTitles } from '../../main/jobsearch/socIndex';
import { vacancyWriter } from '../../main/jobsearch/store';
import type { VacancyRecord } from '../../main/jobsearch/vacancy';

/**
 * A hand-made set with known answers. Home is in Midvale; every vacancy is placed at an exact distance and bearing
 * from it, so the expected order can be worked out by hand from the ranking rule in main/jobsearch/search.ts:
 * score = fit − 0.25 × miles / radius.
 */
const TODAY = '2025-06-01';
const HOME = { lat: 52.4862, long: -1.8904 };
const ctx: SearchContext = { today: TODAY, homePoint: HOME };

const TITLES = [
  { soc2020: '9252', unitTitle: 'Warehouse operatives', titles: ['Warehouse operative', 'Warehouse worker', 'Order picker', 'Storeman'] },
  { soc2020: '1242', unitTitle: 'Managers in storage and warehousing', titles: ['Warehouse manager'] },
  { soc2020: '8222', unitTitle: 'Fork-lift truck drivers', titles: ['Fork lift truck driver', 'Forklift driver'] },
  { soc2020: '6135', unitTitle: 'Care workers and home carers', titles: ['Care assistant', 'Care worker', 'Home carer'] },
  { soc2020: '6131', unitTitle: 'Nursing auxiliaries and assistants', titles: ['Nursing assistant'] },
  { soc2020: '9223', unitTitle: 'Cleaners and domestics', titles: ['Cleaner', 'Domestic assistant'] },
  { soc2020: '4216', unitTitle: 'Receptionists', titles: ['Receptionist'] },
  { soc2020: '7111', unitTitle: 'Sales and retail assistants', titles: ['Retail assistant', 'Sales assistant'] },
];

type Spec = Partial<VacancyRecord> & { ref: string; title: string; soc2020: string; miles: number; bearing?: number; closesIn?: number };

function vacancy(s: Spec): VacancyRecord {
  return {
    employer: 'Acme (test)',
    description: '',
    hoursPerWeek: 37.5,
    pattern: 'full-time',
    payMin: 12.5,
    payMax: 12.5,
    payPeriod: 'hour',
    postcode: 'QQ5 7AA',
    closingDate: addDays(TODAY, s.closesIn ?? 10),
    point: pointAtDistance(HOME, s.miles, s.bearing ?? 90),
    ...s,
  };
}

const SET: Spec[] = [
  // "warehouse operative", min £12, 16–40 h, 10 miles: expected W1, W6, W4, W2, W3, then W8 from the description tier.
  { ref: 'W1', title: 'Warehouse operative', soc2020: '9252', miles: 2 }, // 1.0 − 0.05 = 0.95
  { ref: 'W2', title: 'Warehouse operative', soc2020: '9252', miles: 8 }, // 1.0 − 0.2 = 0.8
  { ref: 'W3', title: 'Order picker', soc2020: '9252', miles: 1 }, // occupation only: 0.75 − 0.025 = 0.725
  { ref: 'W4', title: 'Senior warehouse operative', soc2020: '9252', miles: 3 }, // contains + occupation: 0.9 − 0.075 = 0.825
  { ref: 'W5', title: 'Warehouse operative', soc2020: '9252', miles: 1, closesIn: -1 }, // closed yesterday
  { ref: 'W6', title: 'Warehouse operative', soc2020: '9252', miles: 5, closesIn: 0 }, // closes today: 1.0 − 0.125 = 0.875
  { ref: 'W7', title: 'Warehouse manager', soc2020: '1242', miles: 1 }, // lacks "operative", other occupation
  {
    ref: 'W8',
    title: 'Forklift driver',
    soc2020: '8222',
    miles: 2,
    description: 'Experienced warehouse operative wanted to drive counterbalance trucks.',
  }, // description only: 0.3 − 0.05 = 0.25
  { ref: 'W9', title: 'Warehouse operative', soc2020: '9252', miles: 10.2 }, // outside the radius
  { ref: 'W10', title: 'Warehouse operative', soc2020: '9252', miles: 1.5, payMin: 11, payMax: 11.5 }, // below £12
  { ref: 'W11', title: 'Warehouse operative', soc2020: '9252', miles: 1.5, hoursPerWeek: 45, pattern: 'shifts' }, // over 40 h
  { ref: 'W12', title: 'Warehouse operative', soc2020: '9252', miles: 4, payMin: 11.5, payMax: 13 }, // range reaches £12: 0.9

  // Radius edge for "cleaner", 10 miles: in at 9.99 on four bearings, out at 10.01, and one in the box's corner
  // (13 miles on the diagonal: inside the lat/long box, outside the circle).
  ...[0, 90, 180, 270].flatMap((b) => [
    { ref: `C-in-${b}`, title: 'Cleaner', soc2020: '9223', miles: 9.99, bearing: b },
    { ref: `C-out-${b}`, title: 'Cleaner', soc2020: '9223', miles: 10.01, bearing: b },
  ]),
  { ref: 'C-corner', title: 'Cleaner', soc2020: '9223', miles: 13, bearing: 45 },
  { ref: 'C-closed', title: 'Cleaner', soc2020: '9223', miles: 0.5, closesIn: -30 },

  // Ranking across fit levels for "care assistant".
  { ref: 'K1', title: 'Care assistant', soc2020: '6135', miles: 6 }, // 1.0 − 0.15 = 0.85
  { ref: 'K2', title: 'Home carer', soc2020: '6135', miles: 0.2 }, // 0.75 − 0.005 = 0.745
  { ref: 'K3', title: 'Night care assistant', soc2020: '6135', miles: 9 }, // 0.9 − 0.225 = 0.675
  { ref: 'K4', title: 'Care assistant', soc2020: '6131', miles: 1 }, // exact title, other occupation: 0.9 − 0.025 = 0.875
  { ref: 'K5', title: 'Nursing assistant', soc2020: '6131', miles: 0.1 }, // not the goal's occupation: never
  { ref: 'K6', title: 'Care assistant', soc2020: '6135', miles: 3, pattern: 'part-time', hoursPerWeek: 20 },
];

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jobsearch-search-'));
  db = openDatabase(join(dir, 'intake.db'));
  loadSocTitles(db, TITLES, 'test');
  const w = vacancyWriter(db, 'test', `${TODAY}T09:00:00Z`);
  db.transaction(() => SET.forEach((s) => w.put(vacancy(s))))();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function ok(r: JobSearchOutcome) {
  if (!r.ok) throw new Error(`expected results, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
const refs = (input: JobSearchInput, c: SearchContext = ctx) => ok(searchVacancies(db, input, c)).results.map((m) => m.vacancyId);

describe('matching and ranking (hand-made set)', () => {
  const query: JobSearchInput = { text: 'warehouse operative', minHourlyPay: 12, minHours: 16, maxHours: 40, maxDistanceMiles: 10 };

  it('returns exactly the expected vacancies in the expected order', () => {
    expect(refs(query)).toEqual(['W1', 'W12', 'W6', 'W4', 'W2', 'W3', 'W8']);
  });

  it('scores by fit less distance, as documented', () => {
    const r = ok(searchVacancies(db, query, ctx));
    const score = Object.fromEntries(r.results.map((m) => [m.vacancyId, m.score]));
    expect(score).toEqual({ W1: 0.95, W12: 0.9, W6: 0.875, W4: 0.825, W2: 0.8, W3: 0.725, W8: 0.25 });
    expect(r.total).toBe(7);
    expect(r.descriptionSearched).toBe(true);
  });

  it('finds other titles of the same occupation through the coding index', () => {
    const r = ok(searchVacancies(db, query, ctx));
    expect(r.goal.occupations).toEqual([
      { soc2020: '9252', unitTitle: 'Warehouse operatives', matchedTitle: 'Warehouse operative', weight: 1 },
    ]);
    const picker = r.results.find((m) => m.vacancyId === 'W3')!;
    expect(picker.title).toBe('Order picker');
    expect(picker.matchedOn).toEqual(['occupation']);
    expect(picker.why[0]).toBe("same occupation as 'Warehouse operative' (SOC 9252 Warehouse operatives)");
  });

  it('says why each result matched', () => {
    const r = ok(searchVacancies(db, query, ctx));
    const by = Object.fromEntries(r.results.map((m) => [m.vacancyId, m.why]));
    expect(by.W1).toEqual([
      'title has "warehouse operative"',
      "same occupation as 'Warehouse operative' (SOC 9252 Warehouse operatives)",
      '£12.50/h ≥ your £12.00',
      '2.0 miles from home (within 10)',
      '37.5 h/week in your 16–40 band',
      'closes 2025-06-11 (in 10 days)',
    ]);
    expect(by.W12).toContain('£11.50–£13.00/h: the top of the range reaches your £12.00');
    expect(by.W6).toContain('closes today');
    expect(by.W8!.slice(0, 2)).toEqual(['description mentions "warehouse operative"', '£12.50/h ≥ your £12.00']);
  });

  it('ranks exact titles, then titles with the words, then the occupation, nearer first within a level', () => {
    // K6 1.0 − 0.075, K4 (exact title, another occupation) 0.9 − 0.025, K1 1.0 − 0.15, K2 (occupation) 0.75 − 0.005,
    // K3 (title contains the words) 0.9 − 0.225; K5 is neither the words nor the occupation.
    expect(refs({ text: 'care assistant', maxDistanceMiles: 10 })).toEqual(['K6', 'K4', 'K1', 'K2', 'K3']);
    expect(refs({ text: 'care assistant', maxDistanceMiles: 10, patterns: ['part-time'] })).toEqual(['K6']);
    expect(refs({ text: 'care assistant', maxDistanceMiles: 10, maxHours: 30 })).toEqual(['K6']);
  });

  it('searches descriptions only when title and occupation give fewer than the limit', () => {
    const r = ok(searchVacancies(db, { ...query, limit: 3 }, ctx));
    expect(r.descriptionSearched).toBe(false);
    expect(r.results.map((m) => m.vacancyId)).toEqual(['W1', 'W12', 'W6']);
    expect(r.total).toBe(6);
  });

  it('without a home ranks by fit, then pay, then closing soonest', () => {
    const noHome = refs({ text: 'warehouse operative', minHourlyPay: 12, maxHours: 40 }, { today: TODAY, homePoint: null });
    expect(noHome).toEqual(['W12', 'W6', 'W1', 'W2', 'W9', 'W4', 'W3', 'W8']);
  });

  it('without a radius still prefers nearer vacancies', () => {
    const anyDistance = refs({ text: 'warehouse operative', minHourlyPay: 12, maxHours: 40 });
    // 0.25 × miles / 30 off: W1 (2 mi), W12 (4), W6 (5), W2 (8), W9 (10.2).
    expect(anyDistance.slice(0, 5)).toEqual(['W1', 'W12', 'W6', 'W2', 'W9']);
  });

  it('takes an explicitly chosen SOC code as the occupation', () => {
    const r = ok(searchVacancies(db, { text: '', socCode: '9252', maxDistanceMiles: 10 }, ctx));
    expect(r.results.map((m) => m.vacancyId)).toContain('W3');
    expect(r.results.every((m) => m.soc2020 === '9252')).toBe(true);
  });
});

describe('distance at the edge of the radius', () => {
  it('keeps 9.99 miles and drops 10.01 miles on every bearing, and the box corners', () => {
    const got = refs({ text: 'cleaner', maxDistanceMiles: 10, limit: 50 });
    expect(got.sort()).toEqual(['C-in-0', 'C-in-180', 'C-in-270', 'C-in-90']);
  });

  it('reports the distance it filtered on', () => {
    const r = ok(searchVacancies(db, { text: 'cleaner', maxDistanceMiles: 10 }, ctx));
    for (const m of r.results) expect(m.distanceMiles).toBe(10);
    expect(r.results[0]!.why).toContain('10.0 miles from home (within 10)');
  });

  it('widens to include them at 10.02 and 14 miles', () => {
    expect(refs({ text: 'cleaner', maxDistanceMiles: 10.02, limit: 50 })).toHaveLength(8);
    expect(refs({ text: 'cleaner', maxDistanceMiles: 14, limit: 50 })).toHaveLength(9);
  });
});

describe('closed vacancies', () => {
  it('are never returned, whatever the query', () => {
    const closed = new Set(SET.filter((s) => (s.closesIn ?? 10) < 0).map((s) => s.ref));
    const queries: JobSearchInput[] = [
      { text: 'warehouse operative' },
      { text: 'warehouse' },
      { text: 'cleaner', limit: 200 },
      { text: 'cleaner', maxDistanceMiles: 1 },
      { text: '', socCode: '9252', limit: 200 },
      { text: '', socCode: '9223', limit: 200 },
      { text: 'storeman', limit: 200 },
    ];
    for (const q of queries) {
      for (const c of [ctx, { today: TODAY, homePoint: null }]) {
        if (q.maxDistanceMiles !== undefined && c.homePoint === null) continue;
        const r = ok(searchVacancies(db, q, c));
        expect(r.results.filter((m) => closed.has(m.vacancyId))).toEqual([]);
        for (const m of r.results) expect(m.closingDate >= TODAY).toBe(true);
      }
    }
  });

  it('include the closing day itself, and drop out the day after', () => {
    expect(refs({ text: 'warehouse operative', maxDistanceMiles: 10 })).toContain('W6');
    expect(refs({ text: 'warehouse operative', maxDistanceMiles: 10 }, { ...ctx, today: addDays(TODAY, 1) })).not.toContain('W6');
  });
});

describe('bad input', () => {
  const refused = (input: unknown, c: SearchContext = ctx) => {
    const r = searchVacancies(db, input, c);
    if (r.ok) throw new Error('expected a refusal');
    return r.error;
  };

  it('refuses impossible filters with a message naming the field', () => {
    expect(refused({ text: 'cleaner', minHourlyPay: -1 })).toMatchObject({ code: 'invalid_filter', field: 'minHourlyPay', message: expect.stringMatching(/cannot be negative/) });
    expect(refused({ text: 'cleaner', maxDistanceMiles: 0 })).toMatchObject({ code: 'invalid_filter', field: 'maxDistanceMiles', message: expect.stringMatching(/radius of 0 miles/) });
    expect(refused({ text: 'cleaner', maxDistanceMiles: -5 })).toMatchObject({ field: 'maxDistanceMiles' });
    expect(refused({ text: 'cleaner', maxDistanceMiles: 900 })).toMatchObject({ field: 'maxDistanceMiles' });
    expect(refused({ text: 'cleaner', minHours: 30, maxHours: 16 })).toMatchObject({ field: 'minHours', message: expect.stringMatching(/back to front/) });
    expect(refused({ text: 'cleaner', maxHours: 0 })).toMatchObject({ field: 'maxHours' });
    expect(refused({ text: 'cleaner', hoursPerWeek: 120 })).toMatchObject({ field: 'hoursPerWeek' });
    expect(refused({ text: 'cleaner', patterns: [] })).toMatchObject({ field: 'patterns' });
    expect(refused({ text: 'cleaner', minHourlyPay: 25000 })).toMatchObject({ field: 'minHourlyPay', message: expect.stringMatching(/per hour/) });
  });

  it('refuses malformed input without throwing', () => {
    expect(refused({ text: 'cleaner', minHourlyPay: '12' })).toMatchObject({ code: 'invalid_filter', field: 'minHourlyPay' });
    expect(refused({ text: 'cleaner', minHourlyPay: Number.NaN })).toMatchObject({ field: 'minHourlyPay' });
    expect(refused({ text: 'cleaner', radius: 5 })).toMatchObject({ code: 'invalid_filter' });
    expect(refused({ text: 'cleaner', socCode: '92' })).toMatchObject({ field: 'socCode' });
    expect(refused(null)).toMatchObject({ code: 'invalid_filter' });
  });

  it('refuses a radius when the home could not be located', () => {
    expect(refused({ text: 'cleaner', maxDistanceMiles: 5 }, { today: TODAY, homePoint: null })).toMatchObject({ code: 'no_home_location', field: 'maxDistanceMiles' });
  });

  it('answers an empty goal with what to ask and the occupations with most open vacancies', () => {
    for (const text of ['', '   ', 'any job please', 'something full-time near me']) {
      const e = refused({ text });
      expect(e.code).toBe('empty_goal');
      expect(e.message).toMatch(/Ask what kind of work/);
      // 9 open each; ties go by code.
      expect(e.suggestions.slice(0, 2)).toEqual([
        { title: 'Cleaner', soc2020: '9223', unitTitle: 'Cleaners and domestics' },
        { title: 'Storeman', soc2020: '9252', unitTitle: 'Warehouse operatives' },
      ]);
    }
  });

  it('answers an unknown goal with the nearest index titles', () => {
    const e = refused({ text: 'recepshonist' });
    expect(e.code).toBe('unknown_goal');
    expect(e.suggestions[0]).toEqual({ title: 'Receptionist', soc2020: '4216', unitTitle: 'Receptionists' });
    expect(e.message).toMatch(/Did the customer mean "Receptionist"/);
    expect(refused({ text: 'wareh' }).suggestions.map((s) => s.title)).toEqual(
      expect.arrayContaining(['Warehouse operative', 'Warehouse worker', 'Warehouse manager']),
    );
    expect(refused({ text: 'xyzzy' })).toMatchObject({ code: 'unknown_goal', suggestions: [] });
  });

  it('sets aside words no title has, and says so', () => {
    const r = ok(searchVacancies(db, { text: 'warehouse operative in Leeds', minHourlyPay: 12, maxHours: 40, maxDistanceMiles: 10 }, ctx));
    expect(r.goal.ignoredWords).toEqual(['leeds']);
    expect(r.results[0]!.vacancyId).toBe('W1');
  });
});

describe('goal resolution on the hand-made list', () => {
  it('reads a general word as the occupation most of its titles belong to', () => {
    const g = resolveGoal(db, 'warehouse');
    expect(g.status).toBe('matched');
    if (g.status === 'matched') expect(g.occupations.map((o) => o.soc2020)).toEqual(['9252', '1242']);
  });

  it('falls back to the titles covering most words when none has all', () => {
    const g = resolveGoal(db, 'warehouse receptionist');
    expect(g.status === 'matched' && g.note).toMatch(/no index title has all of/);
  });
});

describe('the call record', () => {
  it('records a query the call machine accepts, and submissions in its shape', () => {
    const r = ok(searchVacancies(db, { text: ' warehouse operative ', minHourlyPay: 12, minHours: 16, maxHours: 40, maxDistanceMiles: 10 }, ctx));
    expect(JobSearchQuery.parse(r.recorded)).toEqual({ text: 'warehouse operative', minHourlyPay: 12, maxDistanceMiles: 10, hoursPerWeek: 40 });
    expect(Submission.parse(toSubmission(r.results[0]!))).toEqual({ vacancyId: 'W1', title: 'Warehouse operative', employer: 'Acme (test)' });
  });

  it('re-runs a recorded query', () => {
    const recorded = ok(searchVacancies(db, { text: 'care assistant', maxDistanceMiles: 10, maxHours: 30 }, ctx)).recorded;
    expect(refs(recorded)).toEqual(['K6']);
  });
});
