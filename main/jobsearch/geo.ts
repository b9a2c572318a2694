import { distanceKm, type GeoPoint } from '../../machines/rules/allocation';

export const KM_PER_MILE = 1.609344;
const EARTH_RADIUS_KM = 6371.0088;

export interface Box {
  south: number;
  north: number;
  west: number;
  east: number;
}

/**
 * A lat/long box that contains every point within `miles` of `centre` (the cheap, indexable pre-filter; the exact
 * great-circle distance decides). The longitude span is taken at the box's pole-ward edge, where meridians are
 * closest, and both spans get a 0.1% margin so float rounding can never cut off a point the exact test would keep.
 */
export function boundingBox(centre: GeoPoint, miles: number): Box {
  const angular = (miles * KM_PER_MILE) / EARTH_RADIUS_KM;
  const dLat = ((angular * 180) / Math.PI) * 1.001;
  const poleward = Math.min(89.9, Math.abs(centre.lat) + dLat);
  const dLong = Math.min(180, (dLat / Math.cos((poleward * Math.PI) / 180)) * 1.001);
  return { south: centre.lat - dLat, north: centre.lat + dLat, west: centre.long - dLong, east: centre.long + dLong };
}

export function distanceMiles(a: GeoPoint, b: GeoPoint): number {
  return distanceKm(a, b) / KM_PER_MILE;
}

/** The point `miles` away from `from` on a bearing (degrees from north): for building test sets at a known distance. */
export function pointAtDistance(from: GeoPoint, miles: number, bearingDeg: number): GeoPoint {
  const d = (miles * KM_PER_MILE) / EARTH_RADIUS_KM;
  const b = (bearingDeg * Math.PI) / 180;
  const lat1 = (from.lat * Math.PI) / 180;
  const long1 = (from.long * Math.PI) / 180;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const long2 = long1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: (lat2 * 180) / Math.PI, long: (long2 * 180) / Math.PI };
}

/**
 * Geo-cell tokens for the full-text index. Two grids: fine cells 0.1° × 0.15° (about 11 × 10 km in Britain) for radii
 * up to ~25 miles, coarse cells 0.5° × 0.75° for wider searches. Tokens are digits only, so the porter tokenizer leaves
 * them alone: level, then zero-padded row and column.
 */
const GRIDS = [
  { level: '1', latStep: 0.1, longStep: 0.15, width: 4 },
  { level: '2', latStep: 0.5, longStep: 0.75, width: 3 },
] as const;
/** Above this many cells an OR of cell tokens costs more than it saves; the search then filters by the box alone. */
const MAX_CELLS = 36;

const cellRow = (lat: number, step: number) => Math.floor((lat + 90) / step);
const cellCol = (long: number, step: number) => Math.floor((long + 180) / step);
const cellToken = (g: (typeof GRIDS)[number], row: number, col: number) =>
  `${g.level}${String(row).padStart(g.width, '0')}${String(col).padStart(g.width, '0')}`;

export function cellTokens(p: GeoPoint): string {
  return GRIDS.map((g) => cellToken(g, cellRow(p.lat, g.latStep), cellCol(p.long, g.longStep))).join(' ');
}

/** The cell tokens covering a box on the finest grid that needs at most MAX_CELLS of them; null if none does. */
export function cellsCovering(box: Box): string[] | null {
  for (const g of GRIDS) {
    const rows = [cellRow(box.south, g.latStep), cellRow(box.north, g.latStep)] as const;
    const cols = [cellCol(box.west, g.longStep), cellCol(box.east, g.longStep)] as const;
    if ((rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1) > MAX_CELLS) continue;
    const out: string[] = [];
    for (let r = rows[0]; r <= rows[1]; r++) for (let c = cols[0]; c <= cols[1]; c++) out.push(cellToken(g, r, c));
    return out;
  }
  return null;
}
