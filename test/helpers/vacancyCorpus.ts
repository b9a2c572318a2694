import type { GeoPoint } from '../../machines/rules/allocation';
import { addDays, normalisePostcode, outcodeOf } from '../../machines/rules/ukFormats';
import { columnIndexes, openCsvFile, parseCsv } from '../../main/csv/parseCsv';
import type { Db } from '../../main/db/open';
import { importSocIndex } from '../../main/jobsearch/socIndex';
import { vacancyWriter } from '../../main/jobsearch/store';
import type { PayPeriod, VacancyRecord, WorkPattern } from '../../main/jobsearch/vacancy';

import { join } from 'node:path';
import { REFDATA_DIR, refdataFiles } from './refdata';

/**
 * A realistic vacancy corpus for tests and benchmarks, generated on the fly from ../shared/refdata (never committed):
 * - titles and SOC codes: real ONS coding-index entries; occupations drawn with weights by SOC major group, because
 *   Jobcentre vacancies lean to elementary, sales, caring and process work (a uniform draw over index titles would
 *   make textile process operatives the commonest job in Britain, since the index lists 1,196 of them);
 * - locations: real postcodes with their real coordinates, every STRIDE-th row of the 2.7M-row file (it is sorted by
 *   postcode, so this follows postcode density, i.e. roughly where people and employers are);
 * - pay and hours: shaped on the real vacancy sample — the share advertising a range and the range widths are drawn
 *   from the sample itself, the spread within an occupation is half the sample's log-pay spread (the sample mixes
 *   grades), the full-/part-time mix is the sample's; levels per major group are round ASHE-like figures, floored at
 *   the 2025 National Living Wage;
 * - descriptions: the ONS task statements of the title's unit group, so full-text search has real words to find.
 * Deterministic: the same seed, count and refdata give the same rows.
 */

const STRIDE = 17;
/** Outcode → town name, for descriptions (the NSPL centroid file has no names). */
const GIBBS_OUTCODES = join(REFDATA_DIR, 'postcodes', 'uk_outcodes_gibbs_2017.csv');
const NATIONAL_LIVING_WAGE = 12.21;

/** Relative vacancy share per SOC major group (first digit), and the typical hourly pay of its adverts. */
const MAJOR_GROUPS: Record<string, { weight: number; hourly: number; annualShare: number; shiftShare: number }> = {
  '1': { weight: 0.6, hourly: 24, annualShare: 0.9, shiftShare: 0 },
  '2': { weight: 1, hourly: 23, annualShare: 0.9, shiftShare: 0.05 },
  '3': { weight: 1, hourly: 18, annualShare: 0.75, shiftShare: 0.05 },
  '4': { weight: 1.6, hourly: 13.5, annualShare: 0.5, shiftShare: 0 },
  '5': { weight: 1.2, hourly: 15, annualShare: 0.3, shiftShare: 0.1 },
  '6': { weight: 2.2, hourly: 12.6, annualShare: 0.15, shiftShare: 0.35 },
  '7': { weight: 2.2, hourly: 12.5, annualShare: 0.2, shiftShare: 0.15 },
  '8': { weight: 1.8, hourly: 14, annualShare: 0.25, shiftShare: 0.35 },
  '9': { weight: 2.6, hourly: 12.4, annualShare: 0.1, shiftShare: 0.35 },
};

export interface CorpusRefdata {
  titlesBySoc: Map<string, string[]>;
  socCodes: string[];
  socWeights: number[];
  tasksBySoc: Map<string, string[]>;
  places: { postcode: string; lat: number; long: number; town: string }[];
  payShape: { rangeRatios: number[]; logSpread: number; partTimeShare: number };
  /** Plain coding-index titles, weighted like the corpus: what customers ask for in the benchmark. */
  goalTitles: string[];
}

/** Seeded PRNG (sfc32): fast, good enough for sampling, identical on every platform. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = 1;
  const next = () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const normal = (rnd: () => number) => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());

function weightedPicker<T>(items: readonly T[], weights: readonly number[]): (rnd: () => number) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return (rnd) => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

type FileRefdata = Omit<CorpusRefdata, 'titlesBySoc' | 'socCodes' | 'socWeights' | 'goalTitles'>;
let refdataOnce: Promise<FileRefdata> | null = null;

/**
 * Reads what the generator needs from refdata, loading the SOC index into `db` on the way (search needs it there).
 * The postcode sample and pay shape are read once per process.
 */
export async function loadCorpusRefdata(db: Db, log: (line: string) => void = () => {}): Promise<CorpusRefdata> {
  const quiet = { progress: () => {}, now: () => new Date('2025-01-01T00:00:00Z') };
  await importSocIndex(db, openCsvFile(refdataFiles.socIndex), quiet);
  refdataOnce ??= readRefdata(log);
  const base = await refdataOnce;
  return { ...base, ...titlesFrom(db) };
}

function titlesFrom(db: Db): Pick<CorpusRefdata, 'titlesBySoc' | 'socCodes' | 'socWeights' | 'goalTitles'> {
  const titlesBySoc = new Map<string, string[]>();
  for (const r of db.prepare('SELECT job_title, soc2020 FROM soc_titles ORDER BY id').all() as { job_title: string; soc2020: string }[]) {
    const list = titlesBySoc.get(r.soc2020) ?? [];
    list.push(r.job_title);
    titlesBySoc.set(r.soc2020, list);
  }
  const socCodes = [...titlesBySoc.keys()].sort();
  // Each unit group gets its major group's share, split evenly between the unit groups of that major group.
  const perMajor = new Map<string, number>();
  for (const c of socCodes) perMajor.set(c[0]!, (perMajor.get(c[0]!) ?? 0) + 1);
  const socWeights = socCodes.map((c) => (MAJOR_GROUPS[c[0]!]?.weight ?? 1) / perMajor.get(c[0]!)!);
  const plain = db
    .prepare("SELECT job_title, soc2020 FROM soc_titles WHERE qualifier = '' AND industry = '' AND word_count <= 3 ORDER BY id")
    .all() as { job_title: string; soc2020: string }[];
  const rnd = prng(7);
  const pickSoc = weightedPicker(socCodes, socWeights);
  const plainBySoc = new Map<string, string[]>();
  for (const p of plain) plainBySoc.set(p.soc2020, [...(plainBySoc.get(p.soc2020) ?? []), p.job_title]);
  const goalTitles: string[] = [];
  while (goalTitles.length < 500) {
    const list = plainBySoc.get(pickSoc(rnd));
    if (list) goalTitles.push(pick(rnd, list).toLowerCase());
  }
  return { titlesBySoc, socCodes, socWeights, goalTitles };
}

async function readRefdata(log: (line: string) => void): Promise<FileRefdata> {
  const started = Date.now();
  const towns = new Map<string, string>();
  {
    let col: Record<'postcode' | 'town', number> | null = null;
    for await (const { record } of parseCsv(openCsvFile(GIBBS_OUTCODES))) {
      if (!col) col = columnIndexes(record, ['postcode', 'town']);
      else towns.set(record[col.postcode]!, record[col.town]!);
    }
  }
  const places: CorpusRefdata['places'] = [];
  {
    let col: Record<'postcode' | 'lat' | 'long', number> | null = null;
    let n = 0;
    for await (const { record } of parseCsv(openCsvFile(refdataFiles.postcodes))) {
      if (!col) {
        col = columnIndexes(record, ['postcode', 'lat', 'long']);
        continue;
      }
      if (n++ % STRIDE !== 0) continue;
      const lat = record[col.lat]!;
      const long = record[col.long]!;
      if (lat === '' || long === '') continue;
      // The file writes 4-character outcodes without the space ("AB101AA"): canonicalise before taking the outcode.
      const postcode = normalisePostcode(record[col.postcode]!);
      if (!postcode) continue;
      const outcode = outcodeOf(postcode);
      const town = towns.get(outcode);
      // Not in the 2017 outcode list: retired or non-geographic (AB1, BS98, W1A); such places do not advertise jobs.
      if (town === undefined) continue;
      places.push({ postcode, lat: Number(lat), long: Number(long), town: town || `the ${outcode} area` });
    }
  }
  const tasksBySoc = new Map<string, string[]>();
  {
    let col: Record<'soc2020_code' | 'level' | 'tasks', number> | null = null;
    for await (const { record } of parseCsv(openCsvFile(refdataFiles.socStructure))) {
      if (!col) col = columnIndexes(record, ['soc2020_code', 'level', 'tasks']);
      else if (record[col.level] === 'unit_group') {
        tasksBySoc.set(record[col.soc2020_code]!, record[col.tasks]!.split(' | ').map((t) => t.trim()).filter((t) => t !== ''));
      }
    }
  }
  const rangeRatios: number[] = [];
  const logs: number[] = [];
  let ptOnly = 0;
  let ftOnly = 0;
  let both = 0;
  {
    let col: Record<'salary_min_gbp' | 'salary_max_gbp' | 'working_pattern', number> | null = null;
    for await (const { record } of parseCsv(openCsvFile(refdataFiles.vacancies))) {
      if (!col) {
        col = columnIndexes(record, ['salary_min_gbp', 'salary_max_gbp', 'working_pattern']);
        continue;
      }
      const lo = Number(record[col.salary_min_gbp]);
      const hi = Number(record[col.salary_max_gbp] || lo);
      if (lo > 0) {
        logs.push(Math.log(lo));
        rangeRatios.push(hi >= lo ? hi / lo : 1);
      }
      const p = record[col.working_pattern]!;
      const ft = p.includes('Full-time');
      const pt = p.includes('Part-time');
      if (ft && pt) both++;
      else if (ft) ftOnly++;
      else if (pt) ptOnly++;
    }
  }
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
  const withPattern = ptOnly + ftOnly + both;
  const payShape = {
    rangeRatios,
    logSpread: sd / 2,
    // An advert open to both is counted half to each: a real advert names one pattern per post.
    partTimeShare: withPattern ? (ptOnly + both / 2) / withPattern : 0.35,
  };
  log(`refdata for the corpus read in ${((Date.now() - started) / 1000).toFixed(1)} s: ${places.length.toLocaleString('en-GB')} postcodes (every ${STRIDE}th), ${tasksBySoc.size} unit-group task lists, ${rangeRatios.length} sample salaries`);
  return { places, tasksBySoc, payShape };
}

const EMPLOYER_WORDS = {
  first: ['Northgate', 'Riverside', 'Castle', 'Meadow', 'Oak', 'Beacon', 'Harbour', 'Summit', 'Kingsway', 'Greenfield', 'Ashdown', 'Brook', 'Crown', 'Highfield', 'Lakeside', 'Millbrook', 'Parkside', 'Redwood', 'Stonebridge', 'Westfield'],
  trade: ['Logistics', 'Care', 'Foods', 'Retail', 'Engineering', 'Services', 'Healthcare', 'Hospitality', 'Construction', 'Distribution', 'Facilities', 'Manufacturing', 'Solutions', 'Transport', 'Homes'],
  suffix: ['Ltd', 'Ltd', 'Ltd', 'plc', 'Group', 'LLP', '& Co', 'Partnership', 'CIC', 'Trust'],
};
const FULL_TIME_HOURS = [37.5, 37.5, 37.5, 40, 40, 40, 35, 35, 37, 39];
const PART_TIME_HOURS = [16, 16, 20, 20, 20, 24, 25, 25, 30, 30, 18, 21, 22, 27, 28];
const SHIFT_HOURS = [36, 36, 40, 42, 45, 48, 30, 32];

export interface CorpusOptions {
  count: number;
  /** Closing dates are spread from 20 days before to 60 after, so about a quarter are already closed. */
  today: string;
  seed?: number;
  /** Reference prefix; lets a test add a hand-made set beside a corpus without clashes. */
  refPrefix?: string;
  onProgress?: (line: string) => void;
}

/** Generates `count` vacancies into `db` in one transaction (the SOC index must be loaded: see loadCorpusRefdata). */
export function generateVacancies(db: Db, refdata: CorpusRefdata, options: CorpusOptions): { ms: number } {
  const started = Date.now();
  const rnd = prng(options.seed ?? 20250601);
  const pickSoc = weightedPicker(refdata.socCodes, refdata.socWeights);
  const writer = vacancyWriter(db, 'test-corpus', `${options.today}T00:00:00.000Z`);
  const { rangeRatios, logSpread, partTimeShare } = refdata.payShape;
  const prefix = options.refPrefix ?? 'C';

  db.transaction(() => {
    for (let i = 0; i < options.count; i++) {
      const soc = pickSoc(rnd);
      const group = MAJOR_GROUPS[soc[0]!] ?? MAJOR_GROUPS['9']!;
      const title = pick(rnd, refdata.titlesBySoc.get(soc)!);
      const place = pick(rnd, refdata.places);

      let pattern: WorkPattern = rnd() < partTimeShare ? 'part-time' : 'full-time';
      if (pattern === 'full-time' && rnd() < group.shiftShare) pattern = 'shifts';
      const hoursPerWeek = pick(rnd, pattern === 'part-time' ? PART_TIME_HOURS : pattern === 'shifts' ? SHIFT_HOURS : FULL_TIME_HOURS);

      const hourlyMin = Math.max(NATIONAL_LIVING_WAGE, group.hourly * Math.exp(normal(rnd) * logSpread));
      const hourlyMax = hourlyMin * pick(rnd, rangeRatios);
      const x = rnd();
      const payPeriod: PayPeriod = x < group.annualShare ? 'year' : x < group.annualShare + 0.05 ? 'month' : x < group.annualShare + 0.12 ? 'week' : 'hour';
      const toPeriod = (h: number) => {
        switch (payPeriod) {
          case 'hour':
            return Math.round(h * 100) / 100;
          case 'week':
            return Math.round(h * hoursPerWeek);
          case 'month':
            return Math.round((h * hoursPerWeek * 52) / 12 / 10) * 10;
          case 'year':
            return Math.round((h * hoursPerWeek * 52) / 100) * 100;
        }
      };
      const payMin = toPeriod(hourlyMin);
      const payMax = Math.max(payMin, toPeriod(hourlyMax));

      const employer = `${pick(rnd, EMPLOYER_WORDS.first)} ${pick(rnd, EMPLOYER_WORDS.trade)} ${pick(rnd, EMPLOYER_WORDS.suffix)}`;
      const tasks = refdata.tasksBySoc.get(soc) ?? [];
      const duties = tasks.length ? [pick(rnd, tasks), pick(rnd, tasks)].filter((t, k, a) => a.indexOf(t) === k) : [];
      const description =
        `${title} wanted by ${employer} in ${place.town}. ${pattern === 'part-time' ? 'Part-time' : pattern === 'shifts' ? 'Shift work' : 'Full-time'}, ${hoursPerWeek} hours a week.` +
        (duties.length ? ` The job: ${duties.join('; ')}.` : '');

      const v: VacancyRecord = {
        ref: `${prefix}-${String(i + 1).padStart(7, '0')}`,
        title,
        employer,
        description,
        soc2020: soc,
        hoursPerWeek,
        pattern,
        payMin,
        payMax,
        payPeriod,
        postcode: place.postcode,
        point: { lat: place.lat, long: place.long },
        closingDate: addDays(options.today, Math.floor(rnd() * 81) - 20),
      };
      writer.put(v);
      if ((i + 1) % 25_000 === 0) options.onProgress?.(`corpus: ${(i + 1).toLocaleString('en-GB')} of ${options.count.toLocaleString('en-GB')} vacancies`);
    }
  })();
  return { ms: Date.now() - started };
}

/** Home points for queries: real postcodes from the same sample, drawn with the same density as the vacancies. */
export function samplePlaces(refdata: CorpusRefdata, n: number, seed = 99): { postcode: string; point: GeoPoint; town: string }[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, () => {
    const p = pick(rnd, refdata.places);
    return { postcode: p.postcode, point: { lat: p.lat, long: p.long }, town: p.town };
  });
}
