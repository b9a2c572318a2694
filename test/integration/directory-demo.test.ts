import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/db/open';
import { DEMO_AREA, ensureDemoDirectory, loadDemoDirectory } from '../../main/directory/demoDirectory';
import { SqliteDirectory } from '../../main/directory/sqliteDirectory';
import demoJson from '../../scripts-content/demo/directory.json';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const CC = 'CC-DEMO-01';
let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'intake-demo-'));
  db = openDatabase(join(dir, 'intake.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo directory', () => {
  it('loads into an empty database once, and the desk can allocate from it at once', () => {
    const demo = loadDemoDirectory();
    expect(ensureDemoDirectory(db, NOW)).toEqual({ loaded: true, offices: demo.offices.length, postcodes: demo.postcodes.length });
    expect(ensureDemoDirectory(db, NOW).loaded).toBe(false);
    expect(db.prepare('SELECT COUNT(*) FROM offices').pluck().get()).toBe(demo.offices.length);
    expect(db.prepare("SELECT DISTINCT source FROM offices").pluck().all()).toEqual(['demo']);

    const d = new SqliteDirectory(db);
    expect(d.servingOffices().length).toBeGreaterThanOrEqual(8);
    expect(d.servingOffices().every((o) => o.name.includes('(demo)'))).toBe(true);

    const exact = d.allocate(demo.examples.exact, CC);
    expect(exact.match).toBe('exact');
    expect(exact.suggestedCode).toBe('DEMO05');

    // The closed demo office is the nearest building, but the serving one is suggested.
    const nearClosed = d.allocate(demo.examples.nearClosedOffice, CC);
    expect(nearClosed.suggestedCode).toBe('DEMO01');
    expect(nearClosed.candidates.map((c) => c.code)).not.toContain('DEMO10');

    const approx = d.allocate(demo.examples.approximate, CC);
    expect(approx.match).toBe('approximate');
    expect(approx.suggestedCode).toBeNull();
    expect(approx.candidates[0]?.code).toBe('DEMO01');

    expect(d.allocate(demo.examples.unknown, CC)).toMatchObject({ match: 'unknown', candidates: [] });
  });

  it('does not load beside existing offices', () => {
    db.prepare(
      `INSERT INTO offices (code, name, address, postcode, lat, long, district, group_name, status, source, imported_at)
       VALUES ('6718', 'Leeds', 'Park Place', 'LS1 2SL', 53.8, -1.55, NULL, NULL, 'serving', 'x.csv', ?)`,
    ).run(NOW.toISOString());
    expect(ensureDemoDirectory(db, NOW).loaded).toBe(false);
    expect(db.prepare('SELECT COUNT(*) FROM postcodes').pluck().get()).toBe(0);
  });

  it('uses only the demo postcode area, with centroids for each demo outcode', () => {
    ensureDemoDirectory(db, NOW);
    const pcs = db.prepare('SELECT postcode FROM postcodes').pluck().all() as string[];
    expect(pcs.length).toBeGreaterThanOrEqual(40);
    expect(pcs.every((p) => p.startsWith(DEMO_AREA))).toBe(true);
    expect(db.prepare('SELECT outcode FROM outcodes ORDER BY outcode').pluck().all()).toEqual(
      ['QQ1', 'QQ2', 'QQ3', 'QQ4', 'QQ5', 'QQ6', 'QQ7', 'QQ8', 'QQ9'],
    );
  });

  it('refuses a demo file that would smuggle in a real postcode or an unmarked office, naming the field', () => {
    const withReal = structuredClone(demoJson) as { postcodes: { postcode: string }[]; offices: { name: string }[] };
    withReal.postcodes[0]!.postcode = 'LS1 4AP';
    expect(() => loadDemoDirectory(withReal)).toThrow(/postcodes\.0\.postcode: must be a canonical postcode in the demo area QQ/);
    const unmarked = structuredClone(demoJson) as { offices: { name: string }[] };
    unmarked.offices[1]!.name = 'Leeds Park Place';
    expect(() => loadDemoDirectory(unmarked)).toThrow(/offices\.1\.name/);
  });
});
