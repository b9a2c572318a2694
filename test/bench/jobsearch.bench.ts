import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../main/db/open';
import { KM_PER_MILE } from '../../main/jobsearch/geo';
import { resolveGoal } from '../../main/jobsearch/goal';
import { searchVacancies, type JobSearchInput } from '../../main/jobsearch/search';
import { ftsAllOf, goalWords } from '../../main/jobsearch/text';
import { hasRefdata, refdataSkipReason } from '../helpers/refdata';
import { generateVacancies, loadCorpusRefdata, prng, samplePlaces } from '../helpers/vacancyCorpus';
import { ms, row, summarise, TABLE_HEAD, timeEach, type BenchModule } from './stats';

const COUNT = 250_000;
const TODAY = '2025-06-01';
const MILES = 10;
const QUERIES = 1000;
const LIKE_QUERIES = 60;
const REPEATS = 5;

/** What customers most often ask for: single common words and short titles, the expensive end for full-text search. */
const COMMON_GOALS = [
  'warehouse', 'warehouse operative', 'cleaner', 'cleaning', 'care assistant', 'care work', 'support worker', 'driver',
  'delivery driver', 'hgv driver', 'assistant', 'retail assistant', 'sales assistant', 'shop work', 'customer service',
  'receptionist', 'admin', 'administrator', 'chef', 'kitchen porter', 'security', 'labourer', 'factory worker',
  'teaching assistant', 'bar staff', 'waiter', 'hairdresser', 'electrician', 'forklift driver', 'packer',
];

const bench: BenchModule = {
  title: 'Job search (vacancies)',
  async run(log) {
    if (!hasRefdata) return `Not run${refdataSkipReason}.`;
    const dir = mkdtempSync(join(tmpdir(), 'jobsearch-bench-'));
    const file = join(dir, 'bench.db');
    const db = openDatabase(file);
    try {
      const t0 = Date.now();
      const refdata = await loadCorpusRefdata(db, log);
      const refdataMs = Date.now() - t0;
      const built = generateVacancies(db, refdata, { count: COUNT, today: TODAY, onProgress: log });
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('optimize');
      const sizeMb = statSync(file).size / 1e6;
      const open = db.prepare('SELECT count(*) FROM vacancies WHERE closing_date >= ?').pluck().get(TODAY) as number;
      log(`corpus: ${COUNT.toLocaleString('en-GB')} vacancies in ${(built.ms / 1000).toFixed(1)} s, ${sizeMb.toFixed(0)} MB`);

      // The same queries for every measure: goal + minimum pay + hours band + 10-mile radius around a real postcode.
      const rnd = prng(2025);
      const homes = samplePlaces(refdata, QUERIES, 31);
      const queries = homes.map((home, i): { input: JobSearchInput; home: typeof home; common: boolean } => {
        const common = i % 2 === 1;
        const goal = common ? COMMON_GOALS[i % COMMON_GOALS.length]! : refdata.goalTitles[Math.floor(rnd() * refdata.goalTitles.length)]!;
        const band = [[16, 30], [16, 40], [0, 40], [30, 48]][i % 4]!;
        return {
          common,
          home,
          input: { text: goal, minHourlyPay: 12 + Math.round(rnd() * 6 * 4) / 4, minHours: band[0], maxHours: band[1], maxDistanceMiles: MILES },
        };
      });
      const run = (i: number) => {
        const q = queries[i % queries.length]!;
        const r = searchVacancies(db, q.input, { today: TODAY, homePoint: q.home.point });
        if (!r.ok) throw new Error(`${q.input.text}: ${r.error.message}`);
        return r.value;
      };
      const resultCounts = queries.map((_, i) => run(i).total);
      const loadBefore = loadavg()[0]!;
      const search = timeEach(QUERIES, (i) => void run(i));
      // Scheduler noise on a shared machine lands on single samples; the median of a few runs of each query does not
      // hide anything the search itself does (same work each run), so both figures are reported.
      const perQueryMedian = queries.map((_, i) => {
        const xs = timeEach(REPEATS, () => void run(i), 0).sort((a, b) => a - b);
        return xs[Math.floor(REPEATS / 2)]!;
      });
      const searchIndexTitles = search.filter((_, i) => !queries[i]!.common);
      const searchCommon = search.filter((_, i) => queries[i]!.common);
      const resolve = timeEach(QUERIES, (i) => void resolveGoal(db, queries[i]!.input.text));

      // Baseline 1: the goal's words as a plain FTS5 title query, ranked by bm25: what a raw full-text search costs,
      // without occupations, filters, distance or reasons.
      const ranked = db.prepare('SELECT rowid, rank FROM vacancies_fts WHERE vacancies_fts MATCH ? ORDER BY rank LIMIT 20');
      const unranked = db.prepare('SELECT rowid FROM vacancies_fts WHERE vacancies_fts MATCH ? LIMIT 20');
      const rawMatch = queries.map((q) => ftsAllOf(goalWords(q.input.text).map((w) => [w]), 'title'));
      const rawFts = timeEach(QUERIES, (i) => void ranked.all(rawMatch[i]!));
      const rawFtsFirst = timeEach(QUERIES, (i) => void unranked.all(rawMatch[i]!));

      // Baseline 2: a naive scan with LIKE on the title and the filters and exact distance in SQL.
      const like = db.prepare(`
        SELECT v.ref, t.title,
          2 * 6371.0088 * asin(sqrt(pow(sin(radians(v.lat - @lat) / 2), 2)
            + cos(radians(@lat)) * cos(radians(v.lat)) * pow(sin(radians(v.long - @long) / 2), 2))) / ${KM_PER_MILE} AS miles
        FROM vacancies v JOIN vacancy_texts t ON t.id = v.id
        WHERE t.title LIKE @pattern AND v.closing_date >= @today AND v.pay_max_hourly_p >= @minPay
          AND v.hours_per_week BETWEEN @minHours AND @maxHours AND miles <= @miles
        ORDER BY miles LIMIT 20`);
      const likeScan = timeEach(
        LIKE_QUERIES,
        (i) => {
          const q = queries[i]!;
          like.all({
            pattern: `%${goalWords(q.input.text).join('%')}%`,
            today: TODAY,
            minPay: Math.round(q.input.minHourlyPay! * 100),
            minHours: q.input.minHours!,
            maxHours: q.input.maxHours!,
            miles: MILES,
            lat: q.home.point.lat,
            long: q.home.point.long,
          });
        },
        5,
      );

      const s = summarise(search);
      const sRaw = summarise(rawFts);
      const sRawFirst = summarise(rawFtsFirst);
      const sLike = summarise(likeScan);
      // The LIKE baseline ran on the first LIKE_QUERIES queries; compare it with the search on those same queries.
      const sSameAsLike = summarise(search.slice(0, LIKE_QUERIES));
      const counts = summarise(resultCounts);
      return [
        `Corpus: ${COUNT.toLocaleString('en-GB')} generated vacancies (${open.toLocaleString('en-GB')} open on ${TODAY}), real ONS SOC 2020 titles and real postcode coordinates; built into a fresh SQLite file in ${(built.ms / 1000).toFixed(1)} s (plus ${(refdataMs / 1000).toFixed(1)} s reading refdata and importing the 32k-row coding index); ${sizeMb.toFixed(0)} MB on disk.`,
        '',
        `Queries: ${QUERIES} searches, each a goal + minimum pay (£12–£18/h) + hours band + ${MILES}-mile radius around a real postcode (drawn with population density). Half the goals are coding-index titles drawn like the corpus, half are ${COMMON_GOALS.length} common words and titles ("assistant", "warehouse", "care work"…). Matches per query: median ${counts.median}, p95 ${counts.p95}, max ${counts.max}.`,
        '',
        TABLE_HEAD,
        row(`search (goal + pay + hours + ${MILES} miles), all`, s, 'p95 ≤ 20 ms'),
        row(`  same queries, median of ${REPEATS} runs each`, summarise(perQueryMedian), 'p95 ≤ 20 ms'),
        row('  of which index titles', summarise(searchIndexTitles)),
        row('  of which common words', summarise(searchCommon)),
        row('  goal → SOC resolution alone', summarise(resolve)),
        row('raw FTS5 title MATCH, bm25 top 20 (no filters)', sRaw),
        row('raw FTS5 title MATCH, first 20 unranked (no filters)', sRawFirst),
        row(`naive LIKE scan with filters and distance in SQL (first ${LIKE_QUERIES} queries)`, sLike),
        row(`search on those same ${LIKE_QUERIES} queries`, sSameAsLike),
        '',
        `Ratios (same run, same queries): search ÷ raw FTS5 ranked by bm25 = ${(s.median / sRaw.median).toFixed(2)}× at the median, ${(s.p95 / sRaw.p95).toFixed(2)}× at p95; ` +
          `search ÷ raw FTS5 first 20 unranked = ${(s.median / sRawFirst.median).toFixed(1)}× at the median, ${(s.p95 / sRawFirst.p95).toFixed(1)}× at p95. ` +
          'The search does that FTS work plus occupation matching, filters, exact distance, ranking and reasons; it beats bm25 ranking on common words because the geo-cells keep it from scoring every hit in the country. ' +
          `Naive LIKE scan ÷ search = ${(sLike.median / sSameAsLike.median).toFixed(0)}× at the median, ${(sLike.p95 / sSameAsLike.p95).toFixed(0)}× at p95 (the scan reads all ${COUNT.toLocaleString('en-GB')} rows every time, ${ms(sLike.median)} median).`,
        '',
        `Default connection settings (openDatabase: WAL, default page cache); one connection, 200 untimed searches first. Load average when the timing started: ${loadBefore.toFixed(1)} on ${cpus().length} CPUs (other work on the machine shows up in the single-run tails).`,
      ].join('\n');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
