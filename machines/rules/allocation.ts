import { z } from 'zod';

/** A Jobcentre that can hold the Jobcentre marker. Contact centres are not offices in this sense and never appear here. */
export const Office = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  address: z.string(),
  postcode: z.string(),
  lat: z.number().min(-90).max(90),
  long: z.number().min(-180).max(180),
  district: z.string().nullable(),
  group: z.string().nullable(),
});
export type Office = z.infer<typeof Office>;

export const OfficeCandidate = Office.extend({ distanceKm: z.number().min(0) });
export type OfficeCandidate = z.infer<typeof OfficeCandidate>;

export const GeoPoint = z.object({ lat: z.number(), long: z.number() });
export type GeoPoint = z.infer<typeof GeoPoint>;

/**
 * exact: the postcode is in the directory; the nearest serving office is suggested.
 * approximate: only the outcode (e.g. "LS1") is known; the FCO must choose from the nearest offices.
 * unknown: nothing is known about the location; the FCO must find the office by name.
 */
export const DirectoryResult = z.object({
  postcode: z.string(),
  match: z.enum(['exact', 'approximate', 'unknown']),
  point: GeoPoint.nullable(),
  candidates: z.array(OfficeCandidate),
  suggestedCode: z.string().nullable(),
  /** Why there is no suggestion, in words for the FCO (area not served, nearest office unusually far). */
  note: z.string().nullable().optional(),
});
export type DirectoryResult = z.infer<typeof DirectoryResult>;

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLong = rad(b.long - a.long);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLong / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The n nearest serving offices, nearest first; ties broken by office code so the answer is deterministic. */
export function nearestOffices(point: GeoPoint, offices: readonly Office[], n: number): OfficeCandidate[] {
  const best: OfficeCandidate[] = [];
  for (const o of offices) {
    const d = distanceKm(point, o);
    if (best.length === n && d > best[best.length - 1]!.distanceKm) continue;
    const c = { ...o, distanceKm: d };
    let i = best.length;
    while (i > 0 && (best[i - 1]!.distanceKm > d || (best[i - 1]!.distanceKm === d && best[i - 1]!.code > o.code))) i--;
    best.splice(i, 0, c);
    if (best.length > n) best.pop();
  }
  return best.map((c) => ({ ...c, distanceKm: Math.round(c.distanceKm * 100) / 100 }));
}

/**
 * Allocation: exact postcode → suggest the nearest office; outcode only → candidates without a suggestion.
 * The contact centre code is excluded defensively even though a directory should never contain it.
 */
export function allocate(
  postcode: string,
  located: { point: GeoPoint; match: 'exact' | 'approximate' } | null,
  offices: readonly Office[],
  contactCentreCode: string,
  candidateCount = 5,
): DirectoryResult {
  const serving = offices.filter((o) => o.code !== contactCentreCode);
  if (!located) return { postcode, match: 'unknown', point: null, candidates: [], suggestedCode: null };
  const candidates = nearestOffices(located.point, serving, candidateCount);
  return {
    postcode,
    match: located.match,
    point: located.point,
    candidates,
    suggestedCode: located.match === 'exact' ? (candidates[0]?.code ?? null) : null,
  };
}

export interface AllocationPolicy {
  /** Postcode areas GB Jobcentre Plus does not serve (Northern Ireland, Isle of Man, Channel Islands). */
  notServedPostcodeAreas: readonly string[];
  /** Beyond this distance the nearest office is offered but not suggested: the FCO checks with the customer. */
  maxSuggestedDistanceKm: number;
}

/**
 * Applies the content's allocation policy to a directory result: a postcode outside the area GB Jobcentres serve
 * gets no candidates (the FCO transfers the call), and an unusually distant nearest office is not suggested.
 */
export function applyAllocationPolicy(result: DirectoryResult, policy: AllocationPolicy): DirectoryResult {
  const area = /^[A-Z]+/.exec(result.postcode)?.[0] ?? '';
  if (policy.notServedPostcodeAreas.includes(area))
    return {
      ...result,
      match: 'unknown',
      candidates: [],
      suggestedCode: null,
      note: `Postcodes in ${area} are not served by Jobcentre Plus in Great Britain. Check the postcode; if it is right, transfer the customer to their local service.`,
    };
  const nearest = result.candidates[0];
  if (result.suggestedCode && nearest && nearest.distanceKm > policy.maxSuggestedDistanceKm)
    return {
      ...result,
      suggestedCode: null,
      note: `The nearest Jobcentre is ${nearest.distanceKm.toFixed(0)} km away, further than usual: check the postcode and choose the office with the customer.`,
    };
  return result;
}
