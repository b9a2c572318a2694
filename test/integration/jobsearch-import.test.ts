import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../main/cli/io';
import { command as importSocCommand } from '../../main/cli/commands/import-soc-index';
import { command as importVacanciesCommand } from '../../main/cli/commands/import-vacancies';
import { command as searchJobsCommand } from '../../main/cli/commands/search-jobs';
import { CsvHeaderError, CsvSyntaxError } from '../../main/csv/parseCsv';
import { openDatabase, type Db } from '../../main/db/open';
import { demoVacancies, ensureDemoVacancies } from '../../main/jobsearch/demo';
import { importVacancies } from '../../main/jobsearch/importVacancies';
import { searchVacancies } from '../../main/jobsearch/search';
import { importSocIndex, loadSocTitles } from '../../main/jobsearch/socIndex';

const TODAY = '2025-06-01';
const io = { progress: () => {}, now: () => new Date('2025-06-01T09:00:00Z') };
const HEADER = 'reference,title,employer,description,soc2020,hours_per_week,pattern,pay_min,pay_max,pay_period,postcode,lat,long,closing_date';

const dir = mkdtempSync(join(tmpdir(), 'jobsearch-import-'));
let n = 0;
let db: Db;
beforeEach(() => {
  db = openDatabase(join(dir, `t${++n}.db`));
  loadSocTitles(
    db,
    [
      { soc2020: '9252', unitTitle: 'Warehouse operatives', titles: ['Warehouse operative', 'Order picker'] },
      { soc2020: '9223', unitTitle: 'Cleaners and domestics', titles: ['Cleaner'] },
      { soc2020: '8214', unitTitle: 'Delivery drivers and couriers', titles: ['Delivery driver', 'Courier'] },
      { soc2020: '6219', unitTitle: 'Leisure and travel service occupations n.e.c.', titles: ['Courier'] },
    ],
    'test',
  );
});
afterEach(() => db.close());
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const csv = (...lines: string[]) => Readable.from([`${[HEADER, ...lines].join('\n')}\n`]);
const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const titleHits = (word: string) =>
  (db.prepare('SELECT rowid FROM vacancies_fts WHERE vacancies_fts MATCH ?').pluck().all(`{title} : "${word}"`) as number[]).length;

describe('vacancy import', () => {
  it('rejects each malformed row with its line number and keeps every good row', async () => {
    const r = await importVacancies(
      db,
      csv(
        'A1,Warehouse operative,Acme (test),"Picking and packing.\nEvenings available.",9252,37.5,full-time,12.50,,hour,QQ5 7AA,52.49,-1.89,2025-07-01', // lines 2-3
        'A2,Cleaner,Acme (test),,9223,20,part-time,-3,,hour,QQ5 7AB,52.49,-1.89,2025-07-01', // line 4: negative pay
        'A3,Cleaner,Acme (test),,9223,20,sometimes,12,,hour,QQ5 7AB,52.49,-1.89,2025-13-01', // line 5: two problems
        'A4,Delivery driver,Acme (test),,8214,40,full-time,24000,26000,year,QQ5 7AC,52.49,-1.89,2025-07-01',
        'A5,Delivery driver,Acme (test),,8214,40,full-time,24000,26000,year,QQ5 7AC,-1.89,52.49,2025-07-01', // line 7: swapped
        'A1,Order picker,Acme (test),,9252,20,part-time,12.4,,hour,QQ5 7AD,52.49,-1.89,2025-07-01', // line 8: repeats A1
        ',Order picker,Acme (test),,,20,part-time,12.4,,hour,QQ5 7AD,52.49,-1.89,2025-07-01', // coded from title
        ',Courier,Acme (test),,,20,part-time,12.4,,hour,QQ5 7AE,52.49,-1.89,2025-07-01', // line 10: two codes
        'A9,Cleaner,Acme (test),,9999,20,part-time,12.4,,hour,QQ5 7AE,52.49,-1.89,2025-07-01', // line 11: unknown unit
      ),
      io,
      { source: 'test.csv' },
    );
    expect(r.rejected.first.map((x) => [x.line, x.reason])).toEqual([
      [4, 'pay_min: more than 0'],
      [5, 'pattern: one of full-time, part-time, shifts; closing_date: a real date as YYYY-MM-DD'],
      [7, expect.stringMatching(/^lat: -1.89, 52.49 is outside the UK/)],
      [8, 'reference A1 repeats line 2'],
      [10, expect.stringMatching(/^soc2020: blank, and the title "Courier" is not a coding-index title with a single code/)],
      [11, 'soc2020: 9999 is not a SOC 2020 unit group in the coding index'],
    ]);
    expect(r).toMatchObject({ rows: 9, inserted: 3, updated: 0, codedFromTitle: 1 });
    expect(r.rejected.count).toBe(6);
    const stored = db.prepare('SELECT v.ref, v.soc2020, t.title FROM vacancies v JOIN vacancy_texts t USING (id) ORDER BY v.id').all();
    expect(stored).toEqual([
      { ref: 'A1', soc2020: '9252', title: 'Warehouse operative' },
      { ref: 'A4', soc2020: '8214', title: 'Delivery driver' },
      { ref: expect.stringMatching(/^V-[0-9a-f]{12}$/), soc2020: '9252', title: 'Order picker' },
    ]);
    expect(db.prepare("SELECT description FROM vacancy_texts WHERE id = 1").pluck().get()).toBe('Picking and packing.\nEvenings available.');
  });

  it('normalises pay to hourly and annual pence', async () => {
    await importVacancies(db, csv('P1,Delivery driver,Acme (test),,8214,40,full-time,24000,26000,year,QQ5 7AC,52.49,-1.89,2025-07-01'), io);
    expect(db.prepare('SELECT pay_min_hourly_p, pay_max_hourly_p, pay_min_annual_p, pay_max_annual_p, pay_min, pay_max, pay_period FROM vacancies').get()).toEqual({
      pay_min_hourly_p: 1154,
      pay_max_hourly_p: 1250,
      pay_min_annual_p: 2_400_000,
      pay_max_annual_p: 2_600_000,
      pay_min: 24000,
      pay_max: 26000,
      pay_period: 'year',
    });
  });

  it('locates blank coordinates from the postcode table, else the outcode centre, else rejects the row', async () => {
    db.prepare('INSERT INTO postcodes (postcode, lat, long) VALUES (?, ?, ?)').run('LS1 4AP', 53.7965, -1.5478);
    db.prepare('INSERT INTO outcodes (outcode, lat, long, postcode_count) VALUES (?, ?, ?, ?)').run('LS2', 53.80, -1.54, 100);
    const r = await importVacancies(
      db,
      csv(
        'L1,Cleaner,Acme (test),,9223,20,part-time,12.4,,hour,ls14ap,,,2025-07-01',
        'L2,Cleaner,Acme (test),,9223,20,part-time,12.4,,hour,LS2 9ZZ,,,2025-07-01',
        'L3,Cleaner,Acme (test),,9223,20,part-time,12.4,,hour,ZE1 0AA,,,2025-07-01',
      ),
      io,
    );
    expect(r.approximateLocations).toBe(1);
    expect(r.rejected.first).toEqual([expect.objectContaining({ line: 4, reason: expect.stringMatching(/ZE1 0AA .* not in the postcode table/) })]);
    expect(db.prepare('SELECT ref, postcode, lat, long FROM vacancies ORDER BY id').all()).toEqual([
      { ref: 'L1', postcode: 'LS1 4AP', lat: 53.7965, long: -1.5478 },
      { ref: 'L2', postcode: 'LS2 9ZZ', lat: 53.8, long: -1.54 },
    ]);
  });

  it('replaces a vacancy with the same reference, and the text index follows', async () => {
    await importVacancies(db, csv('R1,Warehouse operative,Acme (test),,9252,37.5,full-time,12.5,,hour,QQ5 7AA,52.49,-1.89,2025-07-01'), io);
    const again = await importVacancies(db, csv('R1,Order picker,Acme (test),,9252,37.5,full-time,12.9,,hour,QQ5 7AA,52.49,-1.89,2025-07-08'), io);
    expect(again).toMatchObject({ inserted: 0, updated: 1 });
    expect(count('vacancies')).toBe(1);
    expect(titleHits('operative')).toBe(0);
    expect(titleHits('picker')).toBe(1);
    expect(db.prepare('SELECT closing_date, pay_min_hourly_p FROM vacancies').get()).toEqual({ closing_date: '2025-07-08', pay_min_hourly_p: 1290 });
  });

  it('with replace, drops what the file no longer has, in the same transaction', async () => {
    await importVacancies(db, csv('X1,Cleaner,Acme (test),,9223,20,part-time,12.4,,hour,QQ5 7AE,52.49,-1.89,2025-07-01', 'X2,Cleaner,Acme (test),,9223,20,part-time,12.4,,hour,QQ5 7AE,52.49,-1.89,2025-07-01'), io);
    await importVacancies(db, csv('X3,Courier,Acme (test),,8214,20,part-time,12.4,,hour,QQ5 7AE,52.49,-1.89,2025-07-01'), io, { source: 'feed', replace: true });
    expect(db.prepare('SELECT ref FROM vacancies').pluck().all()).toEqual(['X3']);
    expect(count('vacancy_texts')).toBe(1);
    expect(titleHits('cleaner')).toBe(0);
  });

  it('changes nothing when the header lacks a column or the CSV is broken', async () => {
    await importVacancies(db, csv('K1,Cleaner,Acme (test),,9223,20,part-time,12.4,,hour,QQ5 7AE,52.49,-1.89,2025-07-01'), io);
    const noPattern = Readable.from(['title,employer,description,soc2020,hours_per_week,pay_min,pay_max,pay_period,postcode,lat,long,closing_date\n']);
    await expect(importVacancies(db, noPattern, io)).rejects.toThrow(CsvHeaderError);
    await expect(
      importVacancies(db, csv('K2,Cleaner,Acme (test),"never closed,9223,20,part-time,12.4,,hour,QQ5 7AE,52.49,-1.89,2025-07-01'), io, { source: 'x', replace: true }),
    ).rejects.toThrow(CsvSyntaxError);
    expect(db.prepare('SELECT ref FROM vacancies').pluck().all()).toEqual(['K1']);
  });
});

describe('vacancy import on a fresh install', () => {
  it('accepts any well-formed SOC code while only the demo title list is loaded', async () => {
    const fresh = openDatabase(join(dir, 'fresh.db'));
    try {
      ensureDemoVacancies(fresh, TODAY);
      const r = await importVacancies(fresh, csv('F1,Dental nurse,Smile (test),,3235,30,part-time,13,,hour,QQ5 7AE,52.49,-1.89,2025-07-01'), io);
      expect(r).toMatchObject({ inserted: 1 });
      expect(r.rejected.count).toBe(0);
    } finally {
      fresh.close();
    }
  });
});

describe('SOC coding index import', () => {
  const INDEX_HEADER = 'unique_id,recno,default_flag,soc2020,soc2020_title,add_qualifier,industry_qualifier,see_note,job_title';
  const index = (...lines: string[]) => Readable.from([`${[INDEX_HEADER, ...lines].join('\n')}\n`]);

  it('stores codable titles, turns "}}}}" rows into cross-references, and rejects bad codes by line', async () => {
    const r = await importSocIndex(
      db,
      index(
        'a,1,,9252,Warehouse operatives,,,,Warehouse operative',
        'b,2,M,9223,Cleaners and domestics,,,,Cleaner',
        'c,3,,9221,Window cleaners,windows,,,Cleaner',
        'd,4,,9131,Industrial cleaning process occupations,,coal mine,,Cleaner',
        'e,5,,}}}},}}}},,,see Cleaner,Cleanser',
        'f,6,,}}}},}}}},,,see also notes,Director',
        'g,7,,}}}},}}}},,,"see Hand, datal",Dayman',
        'h,8,,92X2,Bad,,,,Broken title',
        'i,9,,9252,Warehouse operatives,,,,Warehouse operative',
      ),
      io,
    );
    expect(r).toMatchObject({ rows: 9, titles: 4, units: 4, crossReferences: 2, crossReferencesWithoutTarget: 1 });
    expect(r.rejected.first).toEqual([expect.objectContaining({ line: 9, reason: 'soc2020 "92X2" is not a 4-digit SOC 2020 unit group' })]);
    expect(db.prepare('SELECT job_title, soc2020, qualifier, industry, is_default, normalised FROM soc_titles ORDER BY id').all()).toEqual([
      { job_title: 'Warehouse operative', soc2020: '9252', qualifier: '', industry: '', is_default: 0, normalised: 'warehouse operative' },
      { job_title: 'Cleaner', soc2020: '9223', qualifier: '', industry: '', is_default: 1, normalised: 'cleaner' },
      { job_title: 'Cleaner', soc2020: '9221', qualifier: 'windows', industry: '', is_default: 0, normalised: 'cleaner' },
      { job_title: 'Cleaner', soc2020: '9131', qualifier: '', industry: 'coal mine', is_default: 0, normalised: 'cleaner' },
    ]);
    expect(db.prepare('SELECT from_title, to_title, also FROM soc_xrefs ORDER BY id').all()).toEqual([
      { from_title: 'Cleanser', to_title: 'Cleaner', also: 0 },
      { from_title: 'Dayman', to_title: 'Datal hand', also: 0 },
    ]);
    // The previous (demo-style) list is gone: the index is replaced as a whole.
    expect(db.prepare("SELECT count(*) FROM soc_titles WHERE job_title = 'Order picker'").pluck().get()).toBe(0);

    // A cross-reference reads the customer's word as the index's; qualified readings join at half weight; the
    // industry-only one (a coal mine's cleaner) does not.
    const r2 = searchVacancies(db, { text: 'cleanser' }, { today: TODAY, homePoint: null });
    expect(r2.ok && r2.value.goal).toMatchObject({
      note: 'the coding index reads "cleanser" as "cleaner"',
      occupations: [
        { soc2020: '9223', matchedTitle: 'Cleaner', weight: 1 },
        { soc2020: '9221', matchedTitle: 'Cleaner (windows)', weight: 0.5 },
      ],
    });
  });

  it('refuses a file without the needed columns and keeps the old index', async () => {
    await expect(importSocIndex(db, Readable.from(['job_title,soc2020\nCleaner,9223\n']), io)).rejects.toThrow(CsvHeaderError);
    expect(db.prepare('SELECT count(*) FROM soc_titles').pluck().get()).toBe(6);
  });
});

describe('demo set', () => {
  it('loads into an empty database once, with closing dates relative to today', () => {
    const first = ensureDemoVacancies(db, TODAY);
    expect(first.titles).toBe(0); // this test database already has a title list
    expect(first.vacancies).toBeGreaterThanOrEqual(35);
    expect(ensureDemoVacancies(db, TODAY)).toEqual({ titles: 0, vacancies: 0 });
    const v1 = db.prepare("SELECT closing_date FROM vacancies WHERE ref = 'DEMO-V01'").pluck().get();
    expect(v1).toBe('2025-06-22');
  });

  it('fills an empty title table too, and finds demo jobs near a demo Jobcentre', () => {
    const empty = openDatabase(join(dir, 'demo.db'));
    try {
      const loaded = ensureDemoVacancies(empty, TODAY);
      expect(loaded.titles).toBeGreaterThanOrEqual(60);
      const midvale = { lat: 52.4962, long: -1.8804 };
      const r = searchVacancies(empty, { text: 'warehouse work', maxDistanceMiles: 10, minHourlyPay: 12 }, { today: TODAY, homePoint: midvale });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.results.map((m) => m.vacancyId)).toEqual(['DEMO-V01', 'DEMO-V04', 'DEMO-V02', 'DEMO-V03']);
      const all = searchVacancies(empty, { text: 'kitchen porter' }, { today: TODAY, homePoint: null });
      expect(all.ok && all.value.results.map((m) => m.vacancyId)).not.toContain('DEMO-V09'); // closed 3 days ago
    } finally {
      empty.close();
    }
  });

  it('is fictional: every employer says "(demo)" and every postcode is in area QQ', () => {
    for (const v of demoVacancies(TODAY)) {
      expect(v.employer).toContain('(demo)');
      expect(v.postcode).toMatch(/^QQ\d /);
    }
  });
});

describe('migration 5', () => {
  it('enforces the vacancy columns and keeps the text index in step with deletes', async () => {
    await importVacancies(db, csv('M1,Cleaner,Acme (test),,9223,20,part-time,12.4,,hour,QQ5 7AE,52.49,-1.89,2025-07-01'), io);
    const bad = (set: string) => () => db.prepare(`UPDATE vacancies SET ${set} WHERE ref = 'M1'`).run();
    expect(bad("pattern = 'weekends'")).toThrow(/CHECK/);
    expect(bad("soc2020 = '925'")).toThrow(/CHECK/);
    expect(bad('pay_max_hourly_p = 1')).toThrow(/CHECK/);
    expect(bad("closing_date = 'soon'")).toThrow(/CHECK/);
    expect(bad("hours_per_week = 'many'")).toThrow(/cannot store TEXT value in REAL column/);
    expect(titleHits('cleaner')).toBe(1);
    db.prepare("DELETE FROM vacancies WHERE ref = 'M1'").run();
    expect(count('vacancy_texts')).toBe(0);
    expect(titleHits('cleaner')).toBe(0);
  });
});

describe('CLI', () => {
  function captureIo(): CliIo & { lines: string[]; errors: string[] } {
    const lines: string[] = [];
    const errors: string[] = [];
    return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progress: () => {}, now: () => new Date('2025-06-01T09:00:00Z') };
  }

  it('imports a vacancy file, reports rejected lines, and searches it', async () => {
    const file = join(dir, 'cli.db');
    const socFile = join(dir, 'soc.csv');
    writeFileSync(socFile, 'job_title,soc2020,soc2020_title,add_qualifier,industry_qualifier,see_note,default_flag\nCleaner,9223,Cleaners and domestics,,,,M\n');
    const csvFile = join(dir, 'v.csv');
    writeFileSync(
      csvFile,
      [HEADER, 'C1,Cleaner,Acme (test),,9223,20,part-time,12.4,,hour,QQ5 7AE,52.49,-1.89,2025-07-01', 'C2,Cleaner,Acme (test),,9223,20,part-time,abc,,hour,QQ5 7AE,52.49,-1.89,2025-07-01'].join('\n'),
    );
    const a = captureIo();
    expect(await importSocCommand.run([socFile, '--db', file], a)).toBe(0);
    const b = captureIo();
    expect(await importVacanciesCommand.run([csvFile, '--db', file], b)).toBe(3);
    expect(b.lines).toContain('Stored 1 (1 new, 0 replaced); rejected 1.');
    expect(b.lines).toContain('  line 3: pay_min: pay as a plain number (no £ or commas)\n      C2,Cleaner,Acme (test),,9223,20,part-time,abc,,hour,QQ5 7AE,52.49,-1.89,2025-07-01');
    const c = captureIo();
    expect(await searchJobsCommand.run(['--db', file, '--goal', 'cleaning', '--today', TODAY, '--hours', '16-30', '--json'], c)).toBe(0);
    const out = JSON.parse(c.lines.join('\n')) as { ok: boolean; value: { results: { vacancyId: string; why: string[] }[] } };
    expect(out.value.results.map((m) => m.vacancyId)).toEqual(['C1']);
    expect(out.value.results[0]!.why).toContain('20 h/week in your 16–30 band');
    const d = captureIo();
    expect(await searchJobsCommand.run(['--db', file, '--goal', 'cleaner', '--miles', '0', '--today', TODAY], d)).toBe(1);
  });
});
