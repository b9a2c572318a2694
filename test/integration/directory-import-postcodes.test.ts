import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvSyntaxError } from '../../main/csv/parseCsv';
import { openDatabase, type Db } from '../../main/db/open';
import { importPostcodes, ImportRefusedError, rebuildOutcodes } from '../../main/directory/importPostcodes';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Line numbers in comments (header = line 1). */
const POSTCODES = [
  'postcode,lat,long',
  'LS1 4AP,53.79547,-1.55572', // 2
  'ls27eb,53.8,-1.53', // 3: normalised to LS2 7EB
  'LS3 1AA,,', // 4: no coordinates
  'NPT 0AD,51.5,-2.9', // 5: pre-1984 Newport format
  'LS4 1AA,12.0,-1.5', // 6: not in the UK
  'LS1 4AP,53.7,-1.5', // 7: duplicate of line 2
  '"LS1 2AB",53.80001,-1.54', // 8: quoted is fine
  'LS6 1AA,53.82,abc', // 9
  'LS6 2AA,53.82', // 10: short row
  'LS6 3AA,53.83,-1.57', // 11
].join('\n');

const EXPECTED_REJECTIONS = [
  { line: 4, reason: 'lat is blank; long is blank' },
  { line: 5, reason: 'postcode "NPT 0AD" is not a UK postcode' },
  { line: 6, reason: 'lat is outside the UK range 49.5 to 61' },
  { line: 7, reason: 'duplicate postcode LS1 4AP (an earlier row has it)' },
  { line: 9, reason: 'long is not a decimal number' },
  { line: 10, reason: 'expected 3 fields, found 2' },
];

let dir: string;
let db: Db;
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const postcodes = () => db.prepare('SELECT postcode, lat, long FROM postcodes ORDER BY postcode').all();
const outcodes = () => db.prepare('SELECT outcode, lat, long, postcode_count FROM outcodes ORDER BY outcode').all();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'intake-postcodes-'));
  db = openDatabase(join(dir, 'intake.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importPostcodes', () => {
  for (const [label, name, content] of [
    ['csv', 'postcodes.csv', POSTCODES],
    ['csv.gz', 'postcodes.csv.gz', gzipSync(POSTCODES)],
  ] as const) {
    it(`imports a ${label} file, rejecting bad rows with their line numbers, and builds outcode centroids`, async () => {
      const r = await importPostcodes(db, { file: file(name, content) });
      expect(r).toMatchObject({ rowsRead: 10, imported: 4, rejected: 6, outcodes: 3 });
      expect(r.rejections.map(({ line, reason }) => ({ line, reason }))).toEqual(EXPECTED_REJECTIONS);
      expect(r.rejectedByKind).toEqual({ 'lat+long': 1, postcode: 1, lat: 1, duplicate: 1, long: 1, width: 1 });
      expect(postcodes()).toEqual([
        { postcode: 'LS1 2AB', lat: 53.80001, long: -1.54 },
        { postcode: 'LS1 4AP', lat: 53.79547, long: -1.55572 },
        { postcode: 'LS2 7EB', lat: 53.8, long: -1.53 },
        { postcode: 'LS6 3AA', lat: 53.83, long: -1.57 },
      ]);
      const oc = outcodes() as { outcode: string; lat: number; long: number; postcode_count: number }[];
      expect(oc.map((o) => [o.outcode, o.postcode_count])).toEqual([['LS1', 2], ['LS2', 1], ['LS6', 1]]);
      expect(oc[0]!.lat).toBeCloseTo((53.80001 + 53.79547) / 2, 10);
      expect(oc[0]!.long).toBeCloseTo((-1.54 + -1.55572) / 2, 10);
      expect(db.prepare("SELECT COUNT(*) FROM temp.sqlite_master WHERE name = 'postcode_import'").pluck().get()).toBe(0);
    });
  }

  it('keeps only the first 20 rejections in full but counts them all', async () => {
    const rows = ['postcode,lat,long', ...Array.from({ length: 30 }, (_, i) => `LS${i + 1} 1AA,,`), 'LS99 9ZZ,53.8,-1.5'];
    const r = await importPostcodes(db, { file: file('many.csv', rows.join('\n')) });
    expect(r.rejected).toBe(30);
    expect(r.rejections).toHaveLength(20);
    expect(r.rejections[19]!.line).toBe(21);
  });

  it('replaces the whole table on a second import, outcodes included', async () => {
    await importPostcodes(db, { file: file('first.csv', POSTCODES) });
    const r = await importPostcodes(db, { file: file('second.csv', 'postcode,lat,long\nM1 1AE,53.48,-2.23\nM1 2AB,53.47,-2.24\n') });
    expect(r.imported).toBe(2);
    expect(postcodes()).toEqual([
      { postcode: 'M1 1AE', lat: 53.48, long: -2.23 },
      { postcode: 'M1 2AB', lat: 53.47, long: -2.24 },
    ]);
    expect((outcodes() as { outcode: string }[]).map((o) => o.outcode)).toEqual(['M1']);
  });

  it('refuses a second import on the same connection while one is running', async () => {
    const first = importPostcodes(db, { file: file('a.csv', POSTCODES) });
    await expect(importPostcodes(db, { file: file('b.csv', POSTCODES) })).rejects.toThrow(/already running/);
    expect((await first).imported).toBe(4);
  });

  describe('nothing half-written', () => {
    const big = ['postcode,lat,long', ...Array.from({ length: 5000 }, (_, i) => `M${1 + (i % 40)} ${i % 10}${String.fromCharCode(65 + ((i / 10) % 26))}${String.fromCharCode(65 + ((i / 260) % 26))},53.${i},-2.2`)].join('\n');

    async function expectUnchangedAfter(run: () => Promise<unknown>, match: RegExp | (new (...a: never[]) => Error)) {
      await importPostcodes(db, { file: file('first.csv', POSTCODES) });
      const before = { p: postcodes(), o: outcodes() };
      await expect(run()).rejects.toThrow(match as RegExp);
      expect({ p: postcodes(), o: outcodes() }).toEqual(before);
      expect(db.inTransaction).toBe(false);
      expect(db.prepare("SELECT COUNT(*) FROM temp.sqlite_master WHERE name = 'postcode_import'").pluck().get()).toBe(0);
    }

    it('a failure while reading leaves the previous data', async () => {
      await expectUnchangedAfter(
        () =>
          importPostcodes(db, {
            file: file('big.csv', big),
            progressEvery: 1000,
            onProgress: (p) => {
              if (p.rows >= 3000) throw new Error('injected failure while reading');
            },
          }),
        /injected failure while reading/,
      );
    });

    it('a failure inside the swap transaction, after the old rows were deleted, leaves the previous data', async () => {
      await expectUnchangedAfter(
        () =>
          importPostcodes(db, {
            file: file('big.csv', big),
            onProgress: (p) => {
              if (p.phase === 'outcodes') {
                // By now the table holds the new rows inside the open transaction.
                expect(db.prepare('SELECT COUNT(*) FROM postcodes').pluck().get()).toBe(5000);
                throw new Error('injected failure in the swap');
              }
            },
          }),
        /injected failure in the swap/,
      );
    });

    it('a syntax error near the end of the file leaves the previous data', async () => {
      await expectUnchangedAfter(() => importPostcodes(db, { file: file('broken.csv', `${big}\n"M1 9ZZ,53.1,-2.2\n`) }), CsvSyntaxError);
    });

    it('a file with no usable row is refused', async () => {
      await expectUnchangedAfter(() => importPostcodes(db, { file: file('blank.csv', 'postcode,lat,long\nLS1 1AA,,\n') }), ImportRefusedError);
      await expectUnchangedAfter(() => importPostcodes(db, { file: file('missing.csv', 'pc,lat,long\nLS1 1AA,53,-1\n') }), /missing column\(s\) postcode/);
      await expectUnchangedAfter(() => importPostcodes(db, { file: join(dir, 'no-such-file.csv') }), /ENOENT/);
    });

    it('a process killed inside the swap transaction leaves the previous data', async () => {
      await importPostcodes(db, { file: file('first.csv', POSTCODES) });
      const before = { p: postcodes(), o: outcodes() };
      const dbFile = db.name;
      db.close();
      const script = file(
        'crash.mts',
        `import { openDatabase } from ${JSON.stringify(join(repo, 'main/db/open.ts'))};
         import { importPostcodes } from ${JSON.stringify(join(repo, 'main/directory/importPostcodes.ts'))};
         const db = openDatabase(${JSON.stringify(dbFile)});
         await importPostcodes(db, { file: ${JSON.stringify(file('big.csv', big))}, onProgress: (p) => {
           if (p.phase === 'outcodes') { process.stdout.write('killing\\n'); process.kill(process.pid, 'SIGKILL'); }
         } });
         process.stdout.write('not killed\\n');`,
      );
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
      expect(child.stdout, child.stderr).toContain('killing');
      expect(child.signal).toBe('SIGKILL');
      db = openDatabase(dbFile);
      expect({ p: postcodes(), o: outcodes() }).toEqual(before);
    });
  });
});

describe('rebuildOutcodes', () => {
  it('can rebuild one postcode area without touching the others', () => {
    const ins = db.prepare('INSERT INTO postcodes VALUES (?, ?, ?)');
    ins.run('QQ1 1AA', 54, -1.5);
    ins.run('QQ1 2AA', 55, -1.5);
    ins.run('Q1 1AA', 50, -1);
    db.prepare('INSERT INTO outcodes VALUES (?, ?, ?, ?)').run('QQ9', 1, 1, 1);
    db.prepare('INSERT INTO outcodes VALUES (?, ?, ?, ?)').run('LS1', 53.8, -1.55, 7);
    expect(rebuildOutcodes(db, 'QQ')).toBe(1);
    expect(outcodes()).toEqual([
      { outcode: 'LS1', lat: 53.8, long: -1.55, postcode_count: 7 },
      { outcode: 'QQ1', lat: 54.5, long: -1.5, postcode_count: 2 },
    ]);
  });
});
