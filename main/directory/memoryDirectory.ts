import { allocate, type DirectoryResult, type GeoPoint, type Office } from '../../machines/rules/allocation';
import { outcodeOf } from '../../machines/rules/ukFormats';
import type { Directory } from './directory';

/** A directory held in memory: for tests and for scenario runs that bring their own offices. */
export class MemoryDirectory implements Directory {
  private readonly outcodes = new Map<string, GeoPoint>();

  constructor(private readonly offices: readonly Office[], private readonly postcodes: ReadonlyMap<string, GeoPoint>) {
    const sums = new Map<string, { lat: number; long: number; n: number }>();
    for (const [pc, p] of postcodes) {
      const o = outcodeOf(pc);
      const s = sums.get(o) ?? { lat: 0, long: 0, n: 0 };
      sums.set(o, { lat: s.lat + p.lat, long: s.long + p.long, n: s.n + 1 });
    }
    for (const [o, s] of sums) this.outcodes.set(o, { lat: s.lat / s.n, long: s.long / s.n });
  }

  locate(postcode: string) {
    const exact = this.postcodes.get(postcode);
    if (exact) return { point: exact, match: 'exact' as const };
    const approx = this.outcodes.get(outcodeOf(postcode));
    return approx ? { point: approx, match: 'approximate' as const } : null;
  }
  servingOffices(): readonly Office[] {
    return this.offices;
  }
  officeByCode(code: string): Office | null {
    return this.offices.find((o) => o.code === code) ?? null;
  }
  searchOffices(text: string, limit: number): Office[] {
    const t = text.trim().toLowerCase();
    return this.offices.filter((o) => `${o.name} ${o.address} ${o.postcode}`.toLowerCase().includes(t)).slice(0, limit);
  }
  allocate(postcode: string, contactCentreCode: string): DirectoryResult {
    return allocate(postcode, this.locate(postcode), this.offices, contactCentreCode);
  }
}
