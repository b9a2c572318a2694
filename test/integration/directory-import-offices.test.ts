import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvHeaderError } from '../../main/csv/parseCsv';
import { openDatabase, type Db } from '../../main/db/open';
import { ensureDemoDirectory } from '../../main/directory/demoDirectory';
import { importOffices } from '../../main/directory/importOffices';
import { ImportRefusedError } from '../../main/directory/importPostcodes';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const HEADER = 'nomis_office_code,office_name,jobcentre_group,jobcentre_district,office_address,postcode,lat,long,register_status_2021,register_uprn';

/** Line numbers in comments: the header is line 1, and the quoted address on line 3 runs onto line 4. */
const OFFICES = [
  HEADER,
  '0101,Alpha,North,Leeds,"1 High St, Alpha",LS1 4AP,53.79547,-1.55572,live_in_register,1', // 2
  '0102,Bravo,North,Leeds,"Bravo House', // 3
  'Bravo Road",LS2 7RE,53.79938,-1.53582,closed_in_register,', // 4
  ',No Code,North,Leeds,Somewhere,LS3 1AA,,,live_in_register,', // 5: Loxley-House-like
  '0103,Bad Postcode,North,Leeds,Addr,NOTAPC,53.8,-1.5,live_in_register,', // 6
  '0104,Far Away,North,Leeds,Addr,LS4 1AA,40.0,-1.5,live_in_register,', // 7
  '101,Alpha Again,North,Leeds,Addr,LS5 1AA,53.8,-1.5,live_in_register,', // 8: same code as line 2 once zeros go
  '0105,Short Row,North', // 9
  '0106,Charlie,,,Addr,LS6 1AA,53.81,-1.56,not_in_register,', // 10
  '0107,Delta,North,Leeds,Addr,LS7 1AA,53.82,-1.54,bogus,', // 11
  '0108,Echo,North,Leeds,Addr,ls81aa,53.83,-1.52,,', // 12
  '0109,Foxtrot,North,Leeds,Addr,LS9 1AA,53.84,east,live_in_register,', // 13
].join('\n');

let dir: string;
let db: Db;
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const dump = () => db.prepare('SELECT * FROM offices ORDER BY code').all();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'intake-offices-'));
  db = openDatabase(join(dir, 'intake.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importOffices', () => {
  it('imports the good rows and rejects each bad one with its line number and reason', async () => {
    const r = await importOffices(db, { file: file('offices.csv', OFFICES), now: NOW });
    expect(r.rowsRead).toBe(11);
    expect(r.imported).toBe(4);
    expect(r.rejected).toBe(7);
    expect(r.rejections.map((x) => x.line)).toEqual([5, 6, 7, 8, 9, 11, 13]);
    const reason = (line: number) => r.rejections.find((x) => x.line === line)?.reason;
    expect(reason(5)).toBe('nomis_office_code is blank; lat is blank; long is blank');
    expect(reason(6)).toBe('postcode "NOTAPC" is not a UK postcode');
    expect(reason(7)).toMatch(/^lat is outside the UK range/);
    expect(reason(8)).toBe('nomis_office_code 101 is already used on line 2');
    expect(reason(9)).toBe('expected 10 fields, found 3');
    expect(reason(11)).toMatch(/^register_status_2021 must be/);
    expect(reason(13)).toBe('long is not a decimal number');
    expect(r.rejections.find((x) => x.line === 5)?.excerpt).toContain('No Code');

    const rows = db.prepare('SELECT code, name, address, postcode, district, group_name, status, source, imported_at FROM offices ORDER BY code').all();
    expect(rows).toEqual([
      { code: '0101', name: 'Alpha', address: '1 High St, Alpha', postcode: 'LS1 4AP', district: 'Leeds', group_name: 'North', status: 'serving', source: 'offices.csv', imported_at: NOW.toISOString() },
      { code: '0102', name: 'Bravo', address: 'Bravo House\nBravo Road', postcode: 'LS2 7RE', district: 'Leeds', group_name: 'North', status: 'closed', source: 'offices.csv', imported_at: NOW.toISOString() },
      { code: '0106', name: 'Charlie', address: 'Addr', postcode: 'LS6 1AA', district: null, group_name: null, status: 'serving', source: 'offices.csv', imported_at: NOW.toISOString() },
      { code: '0108', name: 'Echo', address: 'Addr', postcode: 'LS8 1AA', district: 'Leeds', group_name: 'North', status: 'serving', source: 'offices.csv', imported_at: NOW.toISOString() },
    ]);
    expect(r.serving).toBe(3);
    expect(r.closed).toBe(1);
  });

  it('lets the register decide open or closed for the codes it lists, by end date against today', async () => {
    const register = file(
      'register.csv',
      [
        'jobcentre,name,jobcentre_district,district_name,jobcentre_group,group_name,uprn,start_date,end_date,entry_timestamp',
        '101,Alpha,1,Leeds,1,North,1,,,2018-02-19T13:57:55Z', // open
        '102,Bravo,1,Leeds,1,North,2,,,2018-02-19T13:57:55Z', // open again although the office file says closed
        '106,Charlie Renamed,1,Leeds,1,North,3,,2018-02-23,2018-03-21T11:29:21Z', // closed since 2018
        '108,Echo,1,Leeds,1,North,4,,2030-01-31,2018-03-21T11:29:21Z', // closing, but not yet
        '110,Golf,1,Leeds,1,North,5,,31/01/2018,2018-03-21T11:29:21Z', // line 6: bad date
      ].join('\n'),
    );
    const r = await importOffices(db, { file: file('offices.csv', OFFICES), registerFile: register, now: NOW });
    const status = Object.fromEntries(
      db.prepare<[], [string, string]>('SELECT code, status FROM offices').raw(true).all(),
    );
    expect(status).toEqual({ '0101': 'serving', '0102': 'serving', '0106': 'closed', '0108': 'serving' });
    expect(r.register).toMatchObject({ rowsRead: 5, rejected: 1, matched: 4, closedByRegister: 1 });
    expect(r.register?.rejections[0]).toMatchObject({ line: 6, reason: 'end_date is not a date (YYYY-MM-DD)' });
    expect(db.prepare('SELECT DISTINCT source FROM offices').pluck().all()).toEqual(['offices.csv + register.csv']);
  });

  it('updates on a second import, closes offices the new file no longer lists, and removes the demo offices', async () => {
    expect(ensureDemoDirectory(db, NOW).loaded).toBe(true);
    await importOffices(db, { file: file('offices.csv', OFFICES), now: NOW });
    expect(db.prepare("SELECT COUNT(*) FROM offices WHERE source = 'demo'").pluck().get()).toBe(0);

    const later = new Date('2026-12-01T09:00:00.000Z');
    const second = [HEADER, '0101,Alpha Renamed,North,Leeds,"1 High St, Alpha",LS1 4AP,53.79547,-1.55572,live_in_register,1', '0201,New,North,Leeds,Addr,LS2 1AA,53.8,-1.54,,'].join('\n');
    const r = await importOffices(db, { file: file('offices2.csv', second), now: later });
    expect(r.imported).toBe(2);
    expect(r.retired).toBe(2); // Charlie and Echo; Bravo was closed already
    const rows = db.prepare('SELECT code, name, status, imported_at FROM offices ORDER BY code').all();
    expect(rows).toEqual([
      { code: '0101', name: 'Alpha Renamed', status: 'serving', imported_at: later.toISOString() },
      { code: '0102', name: 'Bravo', status: 'closed', imported_at: NOW.toISOString() },
      { code: '0106', name: 'Charlie', status: 'closed', imported_at: later.toISOString() },
      { code: '0108', name: 'Echo', status: 'closed', imported_at: later.toISOString() },
      { code: '0201', name: 'New', status: 'serving', imported_at: later.toISOString() },
    ]);
    // The demo never comes back once real offices exist.
    expect(ensureDemoDirectory(db, later).loaded).toBe(false);
  });

  it('changes nothing when the import fails midway through writing', async () => {
    await importOffices(db, { file: file('offices.csv', OFFICES), now: NOW });
    const before = dump();
    const replacement = [HEADER, ...Array.from({ length: 10 }, (_, i) => `9${i},Office ${i},G,D,Addr,LS1 ${i}AA,53.8,-1.5,,`)].join('\n');
    let written = 0;
    const failing = importOffices(db, {
      file: file('replacement.csv', replacement),
      now: new Date('2027-01-01T00:00:00Z'),
      progressEvery: 1,
      onProgress: (p) => {
        if (p.phase === 'writing' && p.rows === 5) {
          written = p.rows;
          throw new Error('injected failure');
        }
      },
    });
    await expect(failing).rejects.toThrow('injected failure');
    expect(written).toBe(5);
    expect(dump()).toEqual(before);
    expect(db.inTransaction).toBe(false);
  });

  it('refuses a file without the required columns, or without one usable row, changing nothing', async () => {
    await importOffices(db, { file: file('offices.csv', OFFICES), now: NOW });
    const before = dump();
    await expect(importOffices(db, { file: file('wrong.csv', 'postcode,lat,long\nLS1 4AP,53.7,-1.5\n'), now: NOW })).rejects.toThrow(CsvHeaderError);
    await expect(importOffices(db, { file: file('wrong.csv', 'postcode,lat,long\nLS1 4AP,53.7,-1.5\n'), now: NOW })).rejects.toThrow(
      /nomis_office_code, office_name, office_address/,
    );
    const allBad = [HEADER, ',No Code,G,D,Addr,LS1 1AA,,,,'].join('\n');
    const err = await importOffices(db, { file: file('bad.csv', allBad), now: NOW }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRefusedError);
    expect((err as ImportRefusedError).rejections[0]?.line).toBe(2);
    await expect(importOffices(db, { file: file('empty.csv', ''), now: NOW })).rejects.toThrow(ImportRefusedError);
    expect(dump()).toEqual(before);
  });
});
