import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsvFile, parseCsv } from '../../main/csv/parseCsv';
import { openDatabase, type Db } from '../../main/db/open';
import { DEMO_AREA } from '../../main/directory/demoDirectory';
import { importOffices, type OfficeImportReport } from '../../main/directory/importOffices';
import { importPostcodes, type PostcodeImportReport } from '../../main/directory/importPostcodes';
import { SqliteDirectory } from '../../main/directory/sqliteDirectory';
import { hasRefdata, refdataFiles, refdataSkipReason } from '../helpers/refdata';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const CC = 'CC-DEMO-01';

/** An independent great-circle distance (spherical law of cosines), so the check does not share code with the rule. */
function km(aLat: number, aLong: number, bLat: number, bLong: number): number {
  const r = Math.PI / 180;
  const c = Math.sin(aLat * r) * Math.sin(bLat * r) + Math.cos(aLat * r) * Math.cos(bLat * r) * Math.cos((bLong - aLong) * r);
  return 6371.0088 * Math.acos(Math.min(1, Math.max(-1, c)));
}

describe.skipIf(!hasRefdata)('directory over the real reference data' + refdataSkipReason, () => {
  let dir: string;
  let db: Db;
  let offices: OfficeImportReport;
  let postcodes: PostcodeImportReport;
  let directory: SqliteDirectory;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'intake-refdata-'));
    db = openDatabase(join(dir, 'intake.db'));
    offices = await importOffices(db, { file: refdataFiles.offices, registerFile: refdataFiles.register, now: NOW });
    postcodes = await importPostcodes(db, { file: refdataFiles.postcodes });
    directory = new SqliteDirectory(db);
  });
  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rejects Loxley House (no code, no coordinates) and the later rows of the duplicated codes 1683 and 9618', () => {
    expect(offices.rowsRead).toBe(699);
    expect(offices.rejections.map(({ line, reason }) => ({ line, reason }))).toEqual([
      { line: 89, reason: 'nomis_office_code 1683 is already used on line 18' }, // Bordon (Alton keeps the code)
      { line: 469, reason: 'nomis_office_code is blank; lat is blank; long is blank' }, // Nottingham Loxley House
      { line: 495, reason: 'nomis_office_code 1683 is already used on line 18' }, // Petersfield
      { line: 507, reason: 'nomis_office_code 9618 is already used on line 205' }, // Porthmadog (Dolgellau keeps it)
    ]);
    expect(offices.rejections[1]!.excerpt).toContain('Nottingham Loxley House');
    expect(offices.imported).toBe(695);
  });

  it('maps statuses: 59 closed in the 2017 file, plus the two the 2021 register closed (Birmingham City, Derby Normanton Road)', () => {
    expect(offices.register).toMatchObject({ rowsRead: 697, rejected: 0, matched: 695, closedByRegister: 2 });
    expect(offices.closed).toBe(61);
    expect(offices.serving).toBe(634);
    const closedByRegister = db
      .prepare("SELECT name FROM offices WHERE status = 'closed' AND code IN ('04615', '5769') ORDER BY name")
      .pluck()
      .all();
    expect(closedByRegister).toEqual(['Birmingham City', 'Derby Normanton Road']);
    // Renamed since 2017 but still open in the register: kept serving.
    expect(directory.officeByCode('7629')?.name).toBe('Blackpool South');
  });

  it('imports 2.7M postcodes, rejecting the rows without coordinates and the non-standard GIR/NPT codes', () => {
    expect(postcodes.rowsRead).toBe(2_714_964);
    expect(postcodes.imported + postcodes.rejected).toBe(postcodes.rowsRead);
    // README: 24,087 rows have no coordinates; one of them, GIR 0AA, also fails the postcode format.
    expect(postcodes.rejectedByKind).toEqual({
      'lat+long': 24_086,
      'postcode+lat+long': 1, // GIR 0AA
      postcode: 2_417, // the pre-1984 "NPT 0AD" Newport codes
    });
    expect(postcodes.rejections).toHaveLength(20);
    expect(postcodes.rejections[0]).toMatchObject({ line: 3557, reason: 'lat is blank; long is blank', excerpt: 'AB113AG,,' });
    expect(db.prepare('SELECT COUNT(*) FROM postcodes').pluck().get()).toBe(postcodes.imported);
  });

  it('computes the same outcode centroids as the independently derived centroid file', async () => {
    const ours = new Map(
      (db.prepare('SELECT outcode, lat, long, postcode_count FROM outcodes').all() as { outcode: string; lat: number; long: number; postcode_count: number }[]).map((o) => [o.outcode, o]),
    );
    let header: string[] | null = null;
    let compared = 0;
    for await (const { record } of parseCsv(openCsvFile(refdataFiles.outcodes))) {
      if (!header) {
        header = record;
        continue;
      }
      const [outcode, lat, long, withCoords] = [0, 1, 2, 3].map((i) => record[header!.indexOf(['outcode', 'lat', 'long', 'postcodes_with_coords'][i]!)]!);
      const o = ours.get(outcode!);
      if (!o) {
        expect(outcode!.startsWith('NPT') || Number(withCoords) === 0, `outcode ${outcode} missing`).toBe(true);
        continue;
      }
      compared++;
      expect(o.postcode_count, outcode).toBe(Number(withCoords));
      expect(Math.abs(o.lat - Number(lat)), outcode).toBeLessThan(1e-4);
      expect(Math.abs(o.long - Number(long)), outcode).toBeLessThan(1e-4);
    }
    expect(compared).toBe(ours.size);
    // The demo area cannot collide with a real one.
    expect([...ours.keys()].some((o) => o.startsWith(DEMO_AREA))).toBe(false);
  });

  it('suggests the nearest serving office for 200 random real postcodes, checked by brute force', () => {
    const serving = db.prepare("SELECT code, lat, long FROM offices WHERE status = 'serving'").all() as { code: string; lat: number; long: number }[];
    expect(serving).toHaveLength(634);
    // A seeded sample of row positions, collected in one pass over the table.
    let seed = 20261123;
    const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const total = postcodes.imported;
    const wanted = new Set<number>();
    while (wanted.size < 200) wanted.add(Math.floor(rand() * total));
    const sample: { postcode: string; lat: number; long: number }[] = [];
    let i = 0;
    for (const row of db.prepare('SELECT postcode, lat, long FROM postcodes').iterate() as IterableIterator<{ postcode: string; lat: number; long: number }>) {
      if (wanted.has(i++)) sample.push(row);
    }
    expect(sample).toHaveLength(200);

    for (const p of sample) {
      const r = directory.allocate(p.postcode, CC);
      expect(r.match, p.postcode).toBe('exact');
      let best = { code: '', d: Infinity };
      for (const o of serving) {
        const d = km(p.lat, p.long, o.lat, o.long);
        if (d < best.d) best = { code: o.code, d };
      }
      const suggested = serving.find((o) => o.code === r.suggestedCode)!;
      expect(suggested, p.postcode).toBeDefined();
      // Equal, or a tie to within float noise between two formulas.
      if (suggested.code !== best.code) expect(km(p.lat, p.long, suggested.lat, suggested.long) - best.d, p.postcode).toBeLessThan(1e-6);
      expect(r.candidates[0]!.distanceKm, p.postcode).toBeCloseTo(best.d, 1);
      expect(r.candidates).toHaveLength(5);
    }
  });

  it('gets known places right', () => {
    const suggested = (pc: string) => directory.officeByCode(directory.allocate(pc, CC).suggestedCode ?? '')?.name;
    expect(suggested('LS1 4AP')).toMatch(/^Leeds /); // central Leeds
    expect(suggested('CF10 1EP')).toMatch(/^Cardiff /);
    expect(suggested('EH1 1YZ')).toMatch(/Edinburgh/);
    expect(suggested('B1 1BB')).toMatch(/Birmingham/);
    // Bordon's own office was a duplicate code; its customers go to Alton, the office that holds code 1683.
    expect(suggested('GU35 0TQ')).toBe('Alton');
  });

  it('falls back to the outcode centroid for a postcode the file lacks, and knows nothing of the Isle of Man', () => {
    const loxley = directory.allocate('NG2 3QD', CC); // Loxley House's postcode has no NSPL coordinates
    expect(loxley.match).toBe('approximate');
    expect(loxley.suggestedCode).toBeNull();
    expect(loxley.candidates[0]?.name).toBe('Nottingham Central');
    expect(directory.allocate('IM1 1AA', CC)).toMatchObject({ match: 'unknown', candidates: [], suggestedCode: null });
  });
});
