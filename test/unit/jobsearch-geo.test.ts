import { describe, expect, it } from 'vitest';
import { boundingBox, cellsCovering, cellTokens, distanceMiles, pointAtDistance } from '../../main/jobsearch/geo';

const places = [
  { lat: 50.1, long: -5.5 }, // Penzance
  { lat: 51.5074, long: -0.1278 }, // London
  { lat: 53.7997, long: -1.5492 }, // Leeds
  { lat: 57.4778, long: -4.2247 }, // Inverness
  { lat: 60.15, long: -1.15 }, // Lerwick
];

describe('search box', () => {
  it('contains every point at the radius, on every bearing, at every UK latitude', () => {
    for (const home of places) {
      for (const miles of [0.5, 1, 10, 25, 100]) {
        const box = boundingBox(home, miles);
        for (let bearing = 0; bearing < 360; bearing += 5) {
          const p = pointAtDistance(home, miles, bearing);
          expect(p.lat).toBeGreaterThanOrEqual(box.south);
          expect(p.lat).toBeLessThanOrEqual(box.north);
          expect(p.long).toBeGreaterThanOrEqual(box.west);
          expect(p.long).toBeLessThanOrEqual(box.east);
        }
      }
    }
  });

  it('is not much bigger than it needs to be', () => {
    const box = boundingBox(places[2]!, 10);
    expect(distanceMiles({ lat: box.north, long: places[2]!.long }, places[2]!)).toBeLessThan(10.02);
    expect(distanceMiles({ lat: places[2]!.lat, long: box.east }, places[2]!)).toBeLessThan(10.3);
  });

  it('places test points at the distance asked for', () => {
    for (const home of places) for (const miles of [0.1, 9.99, 10.01, 50]) expect(distanceMiles(home, pointAtDistance(home, miles, 37))).toBeCloseTo(miles, 6);
  });
});

describe('geo-cells', () => {
  it('cover every point within the radius (a cell filter can only prune, never lose)', () => {
    for (const home of places) {
      for (const miles of [1, 10, 20, 40]) {
        const cells = cellsCovering(boundingBox(home, miles));
        expect(cells).not.toBeNull();
        const set = new Set(cells);
        for (let bearing = 0; bearing < 360; bearing += 10) {
          for (const f of [0.3, 0.7, 1]) {
            const tokens = cellTokens(pointAtDistance(home, miles * f, bearing)).split(' ');
            expect(tokens.some((t) => set.has(t))).toBe(true);
          }
        }
      }
    }
  });

  it('use the fine grid for a 10-mile search and give up for a huge one', () => {
    const cells = cellsCovering(boundingBox(places[1]!, 10))!;
    expect(cells.length).toBeLessThanOrEqual(36);
    expect(cells.every((c) => c.startsWith('1') && c.length === 9)).toBe(true);
    expect(cellsCovering(boundingBox(places[1]!, 400))).toBeNull();
  });

  it('are digits only, so the porter tokenizer leaves them as they are', () => {
    expect(cellTokens(places[2]!)).toMatch(/^1\d{8} 2\d{6}$/);
  });
});
