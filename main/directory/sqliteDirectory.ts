import type Database from 'better-sqlite3';
import { allocate, distanceKm, type DirectoryResult, type GeoPoint, type Office } from '../../machines/rules/allocation';
import { normalisePostcode, outcodeOf } from '../../machines/rules/ukFormats';
import type { Directory } from './directory';
import { officeCodeKey } from './importOffices';

const CANDIDATES = 5;
const rad = (deg: number) => (deg * Math.PI) / 180;

interface OfficeRowDb {
  code: string;
  name: string;
  address: string;
  postcode: string;
  lat: number;
  long: number;
  district: string | null;
  group_name: string | null;
}

/**
 * The office directory over the SQLite reference tables. Postcode points are read per call (a primary-key lookup);
 * the ~700 serving offices are cached in memory, ordered by latitude and with their cos(latitude), because every
 * allocation searches them and a query per call would cost more than the search.
 *
 * The cache is rebuilt by `reload()` (call it after an import on this connection) and also when another connection
 * has committed since the last look (`PRAGMA data_version`), so an import run from the CLI while the desk is open is
 * picked up without a restart.
 */
export class SqliteDirectory implements Directory {
  private readonly postcodeStmt: Database.Statement<[string], [number, number]>;
  private readonly outcodeStmt: Database.Statement<[string], [number, number]>;
  private readonly dataVersionStmt: Database.Statement<[], number>;
  private dataVersion = -1;
  private offices: readonly Office[] = [];
  private cosLat = new Float64Array(0);
  private byCode = new Map<string, Office>();
  private byKey = new Map<string, Office>();
  private keys: string[] = [];
  private searchText: string[] = [];
  /** Scratch space for the pre-filter, reused so an allocation allocates almost nothing. */
  private h = new Float64Array(0);
  /** Office indexes ordered by latitude, and those latitudes, for the outward scan. */
  private latOrder = new Int32Array(0);
  private sortedLat = new Float64Array(0);

  constructor(private readonly db: Database.Database) {
    this.postcodeStmt = db.prepare<[string], [number, number]>('SELECT lat, long FROM postcodes WHERE postcode = ?').raw(true);
    this.outcodeStmt = db.prepare<[string], [number, number]>('SELECT lat, long FROM outcodes WHERE outcode = ?').raw(true);
    this.dataVersionStmt = db.prepare<[], number>('PRAGMA data_version').pluck(true);
    this.reload();
  }

  /** Re-reads the serving offices. Imports on this connection must call it; other connections are noticed by themselves. */
  reload(): void {
    // Read before the rows: a commit landing in between then shows as a change at the next look, not as nothing.
    this.dataVersion = this.dataVersionStmt.get() ?? -1;
    const rows = this.db
      .prepare<[], OfficeRowDb>(
        `SELECT code, name, address, postcode, lat, long, district, group_name FROM offices
         WHERE status = 'serving' ORDER BY code`,
      )
      .all();
    const offices = rows.map(
      (r): Office =>
        Object.freeze({
          code: r.code,
          name: r.name,
          address: r.address,
          postcode: r.postcode,
          lat: r.lat,
          long: r.long,
          district: r.district,
          group: r.group_name,
        }),
    );
    this.offices = Object.freeze(offices);
    this.cosLat = Float64Array.from(offices, (o) => Math.cos(rad(o.lat)));
    this.h = new Float64Array(offices.length);
    this.latOrder = Int32Array.from(offices.keys()).sort((a, b) => offices[a]!.lat - offices[b]!.lat);
    this.sortedLat = Float64Array.from(this.latOrder, (i) => offices[i]!.lat);
    this.byCode = new Map(offices.map((o) => [o.code, o]));
    this.keys = offices.map((o) => officeCodeKey(o.code));
    this.byKey = new Map(offices.map((o, i) => [this.keys[i]!, o]));
    this.searchText = offices.map((o) => `${o.name}\n${o.address}\n${o.postcode}\n${o.postcode.replace(' ', '')}`.toLowerCase());
  }

  private fresh(): void {
    if (this.dataVersionStmt.get() !== this.dataVersion) this.reload();
  }

  locate(postcode: string): { point: GeoPoint; match: 'exact' | 'approximate' } | null {
    const pc = normalisePostcode(postcode);
    if (pc === null) return null;
    const exact = this.postcodeStmt.get(pc);
    if (exact) return { point: { lat: exact[0], long: exact[1] }, match: 'exact' };
    const centroid = this.outcodeStmt.get(outcodeOf(pc));
    return centroid ? { point: { lat: centroid[0], long: centroid[1] }, match: 'approximate' } : null;
  }

  servingOffices(): readonly Office[] {
    this.fresh();
    return this.offices;
  }

  officeByCode(code: string): Office | null {
    this.fresh();
    const c = code.trim();
    return this.byCode.get(c) ?? this.byKey.get(officeCodeKey(c)) ?? null;
  }

  searchOffices(text: string, limit: number): Office[] {
    this.fresh();
    const t = text.trim().toLowerCase();
    if (!t || limit <= 0) return [];
    const hits: { o: Office; rank: number }[] = [];
    this.offices.forEach((o, i) => {
      if (!this.searchText[i]!.includes(t)) return;
      const name = o.name.toLowerCase();
      hits.push({ o, rank: name.startsWith(t) ? 0 : name.includes(t) ? 1 : 2 });
    });
    hits.sort((a, b) => a.rank - b.rank || a.o.name.localeCompare(b.o.name, 'en-GB') || a.o.code.localeCompare(b.o.code));
    return hits.slice(0, limit).map((x) => x.o);
  }

  allocate(postcode: string, contactCentreCode: string): DirectoryResult {
    this.fresh();
    const pc = normalisePostcode(postcode) ?? postcode.trim();
    const located = this.locate(pc);
    if (!located) return allocate(pc, null, [], contactCentreCode, CANDIDATES);
    return allocate(pc, located, this.nearestSuperset(located.point, contactCentreCode), contactCentreCode, CANDIDATES);
  }

  /**
   * A handful of offices that provably contains the CANDIDATES nearest, so the shared rule sorts a few offices instead
   * of seven hundred. It ranks by the haversine term h = sin²(Δlat/2) + cos·cos·sin²(Δlong/2), computed exactly as
   * `distanceKm` computes it (same operations, same order, so bit-identical); distance never decreases as h grows, so
   * no office ranked out can be nearer. Offices are visited outward from the point in latitude order, and a direction
   * stops once sin²(Δlat/2) alone exceeds the fifth-best h, since no office further that way can do better. Offices a
   * hair above the cut-off are checked for an exactly equal distance, because the rule breaks such ties by code.
   */
  private nearestSuperset(p: GeoPoint, contactCentreCode: string): Office[] {
    const { offices, keys, sortedLat, latOrder, h } = this;
    const n = offices.length;
    const cosP = Math.cos(rad(p.lat));
    const ccKey = officeCodeKey(contactCentreCode.trim());
    // The CANDIDATES smallest h so far, ascending; a tiny insertion sort beats sorting the visited offices.
    const best = [Infinity, Infinity, Infinity, Infinity, Infinity];
    const slack = () => best[CANDIDATES - 1]! * (1 + 1e-9);
    const visited: number[] = [];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedLat[mid]! < p.lat) lo = mid + 1;
      else hi = mid;
    }
    let up = lo;
    let down = lo - 1;
    while (up < n || down >= 0) {
      const goUp = down < 0 || (up < n && sortedLat[up]! - p.lat <= p.lat - sortedLat[down]!);
      const i = latOrder[goUp ? up++ : down--]!;
      const o = offices[i]!;
      const dLat = rad(o.lat - p.lat);
      const latTerm = Math.sin(dLat / 2) ** 2;
      if (latTerm > slack()) {
        if (goUp) up = n;
        else down = -1;
        continue;
      }
      if (keys[i] === ccKey) continue;
      const dLong = rad(o.long - p.long);
      const hv = latTerm + cosP * this.cosLat[i]! * Math.sin(dLong / 2) ** 2;
      h[i] = hv;
      visited.push(i);
      if (hv < best[CANDIDATES - 1]!) {
        let k = CANDIDATES - 1;
        while (k > 0 && best[k - 1]! > hv) {
          best[k] = best[k - 1]!;
          k--;
        }
        best[k] = hv;
      }
    }
    const cut = best[CANDIDATES - 1]!;
    if (cut === Infinity) return visited.map((i) => offices[i]!);
    let cutKm = NaN;
    const out: Office[] = [];
    for (const i of visited) {
      const hv = h[i]!;
      if (hv <= cut) out.push(offices[i]!);
      else if (hv <= cut * (1 + 1e-9)) {
        if (Number.isNaN(cutKm)) cutKm = distanceKm(p, offices[visited.find((j) => h[j] === cut)!]!);
        if (distanceKm(p, offices[i]!) <= cutKm) out.push(offices[i]!);
      }
    }
    return out;
  }
}
