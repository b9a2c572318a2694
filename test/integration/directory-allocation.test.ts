import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allocate, distanceKm, type Office } from '../../machines/rules/allocation';
import { openDatabase, type Db } from '../../main/db/open';
import { SqliteDirectory } from '../../main/directory/sqliteDirectory';
import { rebuildOutcodes } from '../../main/directory/importPostcodes';

const CC = 'CC-DEMO-01';

let dir: string;
let db: Db;

function addOffice(code: string, name: string, lat: number, long: number, status: 'serving' | 'closed' = 'serving', postcode = 'LS1 1AA') {
  db.prepare(
    `INSERT INTO offices (code, name, address, postcode, lat, long, district, group_name, status, source, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, 'District', 'Group', ?, 'test', '2026-11-23T09:00:00.000Z')`,
  ).run(code, name, `1 ${name} Street, Testtown`, postcode, lat, long, status);
}
function addPostcode(pc: string, lat: number, long: number) {
  db.prepare('INSERT INTO postcodes (postcode, lat, long) VALUES (?, ?, ?)').run(pc, lat, long);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'intake-alloc-'));
  db = openDatabase(join(dir, 'intake.db'));
  // A column of offices along one meridian, 0.1° (about 11 km) apart, plus traps.
  addOffice('0100', 'Alpha', 53.8, -1.55, 'serving', 'LS1 4AP');
  addOffice('0200', 'Bravo', 53.9, -1.55, 'serving', 'LS2 7RE');
  addOffice('0300', 'Charlie', 54.0, -1.55);
  addOffice('0400', 'Delta', 54.1, -1.55);
  addOffice('0500', 'Echo', 54.2, -1.55);
  addOffice('0600', 'Foxtrot', 54.3, -1.55);
  addOffice('0700', 'Golf', 54.4, -1.55);
  addOffice('0999', 'Closed Nearby', 53.801, -1.55, 'closed');
  // The contact centre must never be a candidate even if a bad import put it in the table, right beside the customer.
  addOffice(CC, 'Contact Centre', 53.8, -1.5501);
  addPostcode('LS1 4AP', 53.8005, -1.55);
  addPostcode('LS1 9XX', 53.81, -1.55);
  addPostcode('LS2 1AA', 53.89, -1.55);
  rebuildOutcodes(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteDirectory', () => {
  it('locates an exact postcode, else its outcode centroid, else nothing', () => {
    const d = new SqliteDirectory(db);
    expect(d.locate('LS1 4AP')).toEqual({ point: { lat: 53.8005, long: -1.55 }, match: 'exact' });
    expect(d.locate('ls14ap')).toEqual({ point: { lat: 53.8005, long: -1.55 }, match: 'exact' });
    const approx = d.locate('LS1 7ZZ');
    expect(approx?.match).toBe('approximate');
    expect(approx?.point.lat).toBeCloseTo((53.8005 + 53.81) / 2, 10);
    expect(d.locate('LS9 9ZZ')).toBeNull();
    expect(d.locate('not a postcode')).toBeNull();
  });

  it('exact postcode: suggests the nearest serving office, with the nearest five as candidates', () => {
    const r = new SqliteDirectory(db).allocate('LS1 4AP', CC);
    expect(r.match).toBe('exact');
    expect(r.suggestedCode).toBe('0100');
    expect(r.candidates.map((c) => c.code)).toEqual(['0100', '0200', '0300', '0400', '0500']);
    expect(r.candidates[0]).toMatchObject({ name: 'Alpha', postcode: 'LS1 4AP', district: 'District', group: 'Group', distanceKm: 0.06 });
  });

  it('outcode only: candidates around the centroid and no suggestion', () => {
    const r = new SqliteDirectory(db).allocate('LS2 9ZZ', CC);
    expect(r.match).toBe('approximate');
    expect(r.point).toEqual({ lat: 53.89, long: -1.55 });
    expect(r.suggestedCode).toBeNull();
    expect(r.candidates.map((c) => c.code)).toEqual(['0200', '0100', '0300', '0400', '0500']);
  });

  it('unknown postcode or junk: no candidates, no suggestion', () => {
    const d = new SqliteDirectory(db);
    expect(d.allocate('ZZ9 9ZZ', CC)).toEqual({ postcode: 'ZZ9 9ZZ', match: 'unknown', point: null, candidates: [], suggestedCode: null });
    expect(d.allocate(' sw1a1aa ', CC)).toMatchObject({ postcode: 'SW1A 1AA', match: 'unknown', candidates: [] });
    expect(d.allocate('hello', CC)).toMatchObject({ match: 'unknown', candidates: [] });
  });

  it('never offers a closed office or the contact centre', () => {
    const d = new SqliteDirectory(db);
    for (const pc of ['LS1 4AP', 'LS1 9XX', 'LS1 5ZZ', 'LS2 1AA']) {
      const codes = d.allocate(pc, CC).candidates.map((c) => c.code);
      expect(codes).not.toContain('0999');
      expect(codes).not.toContain(CC);
    }
    expect(d.servingOffices().map((o) => o.code)).not.toContain('0999');
    expect(d.officeByCode('0999')).toBeNull();
    // With another contact centre's code the CC row is a (bad) serving office, and the exclusion is by the caller's code.
    expect(d.allocate('LS1 4AP', 'CC-OTHER').candidates.map((c) => c.code)).toContain(CC);
  });

  it('finds offices by code, with or without leading zeros, and only serving ones', () => {
    const d = new SqliteDirectory(db);
    expect(d.officeByCode('0100')?.name).toBe('Alpha');
    expect(d.officeByCode('100')?.name).toBe('Alpha');
    expect(d.officeByCode('nope')).toBeNull();
  });

  it('searches serving offices by name, town or postcode, names starting with the text first', () => {
    const d = new SqliteDirectory(db);
    addOffice('0800', 'North Alpha', 55, -1.5);
    d.reload();
    expect(d.searchOffices('alpha', 10).map((o) => o.name)).toEqual(['Alpha', 'North Alpha']);
    expect(d.searchOffices('ls27re', 10).map((o) => o.code)).toEqual(['0200']);
    expect(d.searchOffices('LS2 7RE', 10).map((o) => o.code)).toEqual(['0200']);
    expect(d.searchOffices('testtown', 3)).toHaveLength(3);
    expect(d.searchOffices('closed nearby', 10)).toEqual([]);
    expect(d.searchOffices('  ', 10)).toEqual([]);
  });

  it('sees new offices after reload() on the same connection, and by itself after a commit on another connection', () => {
    const d = new SqliteDirectory(db);
    addOffice('0050', 'Zulu', 53.8004, -1.55);
    expect(d.allocate('LS1 4AP', CC).suggestedCode).toBe('0100'); // stale until told
    d.reload();
    expect(d.allocate('LS1 4AP', CC).suggestedCode).toBe('0050');

    const other = openDatabase(db.name);
    try {
      other.prepare("UPDATE offices SET status = 'closed' WHERE code = '0050'").run();
    } finally {
      other.close();
    }
    expect(d.allocate('LS1 4AP', CC).suggestedCode).toBe('0100');
  });

  it('gives the same answer as the shared rule over every serving office (ties included), for many random points', () => {
    // 300 random offices over Great Britain, some sharing a location so distance ties are broken by code.
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    db.exec('DELETE FROM offices; DELETE FROM postcodes;');
    for (let i = 0; i < 300; i++) {
      const lat = 50 + rand() * 8.5;
      const long = -5.5 + rand() * 7;
      addOffice(`R${String(i).padStart(3, '0')}`, `Random ${i}`, lat, long, rand() < 0.1 && i % 30 !== 0 ? 'closed' : 'serving');
      if (i % 30 === 0) addOffice(`T${String(i).padStart(3, '0')}`, `Twin ${i}`, lat, long);
    }
    for (let i = 0; i < 1500; i++) addPostcode(`AB${i % 99} ${i % 10}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26) % 26)}`, 50 + rand() * 8.5, -5.5 + rand() * 7);
    const d = new SqliteDirectory(db);
    const serving: readonly Office[] = d.servingOffices();
    const pcs = db.prepare('SELECT postcode FROM postcodes').pluck().all() as string[];
    for (const pc of pcs) {
      const expected = allocate(pc, d.locate(pc), serving, CC);
      expect(d.allocate(pc, CC)).toEqual(expected);
    }
    // Twins: a point exactly on a shared location lists both, the lower code first.
    const twin = serving.find((o) => o.code === 'T000')!;
    addPostcode('ZZ1 1ZZ', twin.lat, twin.long);
    const r = d.allocate('ZZ1 1ZZ', CC);
    expect(r.candidates.slice(0, 2).map((c) => c.code)).toEqual(['R000', 'T000']);
    expect(distanceKm(r.point!, twin)).toBe(0);
  });
});
