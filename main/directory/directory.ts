import type { DirectoryResult, GeoPoint, Office } from '../../machines/rules/allocation';

/**
 * The office directory as the call service sees it. Kept behind an interface so a central store can replace
 * SQLite for multi-seat deployments without touching the machines.
 */
export interface Directory {
  /** Exact postcode point, else the outcode centroid ('approximate'), else null. `postcode` is canonical ("LS1 4AP"). */
  locate(postcode: string): { point: GeoPoint; match: 'exact' | 'approximate' } | null;
  /** Offices that can hold the Jobcentre marker (serving, with coordinates). */
  servingOffices(): readonly Office[];
  /** A serving office by its code, or null (closed, unknown, or a contact centre). */
  officeByCode(code: string): Office | null;
  /** Serving offices whose name, town or postcode contains the text; for the FCO's "choose another office". */
  searchOffices(text: string, limit: number): Office[];
  /** Nearest serving offices for the postcode; suggests one only for an exact match. Never the contact centre. */
  allocate(postcode: string, contactCentreCode: string): DirectoryResult;
}
