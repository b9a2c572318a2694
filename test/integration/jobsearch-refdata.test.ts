import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/db/open';
import { distanceMiles } from '../../main/jobsearch/geo';
import { resolveGoal } from '../../main/jobsearch/goal';
import { searchVacancies, type JobSearchInput, type JobSearchResult } from '../../main/jobsearch/search';
import { titleWords } from '../../main/jobsearch/text';
import { hasRefdata, refdataSkipReason } from '../helpers/refdata';
import { generateVacancies, loadCorpusRefdata, prng, samplePlaces, type CorpusRefdata } from '../helpers/vacancyCorpus';

const TODAY = '2025-06-01';
const CORPUS = 20_000;

describe.skipIf(!hasRefdata)('job search over the real SOC 2020 coding index and a generated corpus' + refdataSkipReason, () => {
  let dir: string;
  let db: Db;
  let refdata: CorpusRefdata;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jobsearch-refdata-'));
    db = openDatabase(join(dir, 'intake.db'));
    refdata = await loadCorpusRefdata(db);
    generateVacancies(db, refdata, { count: CORPUS, today: TODAY, seed: 11 });
  });
  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ok = (input: JobSearchInput, homePoint: { lat: number; long: number } | null): JobSearchResult => {
    const r = searchVacancies(db, input, { today: TODAY, homePoint });
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };

  it('imports the whole index: codable titles, 412 unit groups, cross-references', () => {
    const n = (sql: string) => db.prepare(sql).pluck().get() as number;
    expect(n('SELECT count(*) FROM soc_titles')).toBeGreaterThan(31_000);
    expect(n('SELECT count(*) FROM soc_units')).toBe(412);
    expect(n('SELECT count(*) FROM soc_xrefs')).toBeGreaterThan(150);
    expect(n("SELECT count(*) FROM soc_titles WHERE soc2020 = '}}}}'")).toBe(0);
  });

  it('reads a goal through the index: the title\'s code, its qualified readings at half weight, no industry-only ones', () => {
    const g = resolveGoal(db, 'cleaner');
    if (g.status !== 'matched') throw new Error(g.status);
    expect(g.occupations[0]).toEqual({ soc2020: '9223', unitTitle: 'Cleaners and domestics', matchedTitle: 'Cleaner', weight: 1 });
    expect(g.occupations.map((o) => o.soc2020)).toContain('9221');
    expect(g.occupations.slice(1).every((o) => o.weight === 0.5)).toBe(true);
    expect(g.occupations.map((o) => o.soc2020)).not.toContain('8132'); // "Cleaner" in a coal mine
  });

  it('finds other titles of the same occupation for "warehouse operative"', () => {
    const r = ok({ text: 'warehouse operative', limit: 200 }, null);
    expect(r.goal.occupations.map((o) => o.soc2020)).toEqual(['9252']);
    const titles = new Set(r.results.filter((m) => m.soc2020 === '9252').map((m) => m.title.toLowerCase()));
    expect([...titles].filter((t) => !t.includes('warehouse')).length).toBeGreaterThan(10);
  });

  it('follows the index\'s cross-references ("Advisor, see Adviser")', () => {
    const g = resolveGoal(db, 'careers advisor');
    expect(g.status === 'matched' && g.note).toBe('the coding index reads "advisor" as "adviser"');
    expect(g.status === 'matched' && g.occupations.map((o) => o.soc2020)).toEqual(['3572']); // Careers advisers and vocational guidance specialists
  });

  it('suggests index titles for a misspelt or unknown goal, and popular ones for an empty goal', () => {
    const r = searchVacancies(db, { text: 'recepshonist' }, { today: TODAY, homePoint: null });
    expect(!r.ok && r.error.suggestions[0]).toMatchObject({ title: 'Receptionist', soc2020: '4216' });
    const e = searchVacancies(db, { text: '' }, { today: TODAY, homePoint: null });
    expect(!e.ok && e.error.code).toBe('empty_goal');
    expect(!e.ok && e.error.suggestions.length).toBe(8);
  });

  it('over many goals and places: every result passes every filter, closed never, scores in order', () => {
    const rnd = prng(3);
    const homes = samplePlaces(refdata, 120, 5);
    let nonEmpty = 0;
    homes.forEach((home, i) => {
      const goal = refdata.goalTitles[Math.floor(rnd() * refdata.goalTitles.length)]!;
      const q: JobSearchInput = { text: goal, minHourlyPay: 12 + Math.round(rnd() * 4), minHours: 16, maxHours: 40, maxDistanceMiles: [5, 10, 25][i % 3]!, limit: 200 };
      const r = ok(q, home.point);
      if (r.results.length) nonEmpty++;
      let last = Infinity;
      for (const m of r.results) {
        expect(m.closingDate >= TODAY).toBe(true);
        expect(m.distanceMiles!).toBeLessThanOrEqual(q.maxDistanceMiles! + 0.05);
        expect(m.pay.maxHourly).toBeGreaterThanOrEqual(q.minHourlyPay!);
        expect(m.hoursPerWeek).toBeGreaterThanOrEqual(16);
        expect(m.hoursPerWeek).toBeLessThanOrEqual(40);
        expect(m.score).toBeLessThanOrEqual(last);
        expect(m.why.length).toBeGreaterThanOrEqual(5);
        last = m.score;
      }
    });
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('misses nothing a brute-force scan finds: same-occupation and same-title vacancies that pass the filters', () => {
    const all = db
      .prepare(
        `SELECT v.id, v.ref, v.soc2020, v.lat, v.long, v.closing_date, v.pay_max_hourly_p, v.hours_per_week, t.title
         FROM vacancies v JOIN vacancy_texts t USING (id)`,
      )
      .all() as { ref: string; soc2020: string; lat: number; long: number; closing_date: string; pay_max_hourly_p: number; hours_per_week: number; title: string }[];
    const rnd = prng(8);
    let checked = 0;
    for (const home of samplePlaces(refdata, 60, 17)) {
      const goal = refdata.goalTitles[Math.floor(rnd() * refdata.goalTitles.length)]!;
      const q = { text: goal, minHourlyPay: 12.5, minHours: 16, maxHours: 40, maxDistanceMiles: 15, limit: 200 };
      const r = ok(q, home.point);
      if (r.total > 200) continue;
      const socs = new Set(r.goal.occupations.map((o) => o.soc2020));
      const words = r.goal.words;
      const expected = all.filter((v) => {
        if (v.closing_date < TODAY || v.pay_max_hourly_p < 1250 || v.hours_per_week < 16 || v.hours_per_week > 40) return false;
        if (distanceMiles(home.point, v) > 15) return false;
        const tw = titleWords(v.title);
        return socs.has(v.soc2020) || (words.length > 0 && words.every((w) => tw.includes(w)));
      });
      const got = new Set(r.results.map((m) => m.vacancyId));
      expect(expected.filter((v) => !got.has(v.ref)).map((v) => `${v.ref} ${v.title}`)).toEqual([]);
      checked += expected.length;
    }
    expect(checked).toBeGreaterThan(50);
  });
});
