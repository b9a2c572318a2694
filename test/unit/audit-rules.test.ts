import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assessClaim,
  compareClock,
  coverage,
  deferralFlag,
  fnv1a,
  maskOf,
  percentileOfCounts,
  REASONS,
  reasonsOf,
  sampleForFco,
  weekStart,
  windowFrom,
  type MarkerFacts,
} from '../../machines/rules/audit';
import { monthEnd, periodSegments } from '../../main/audit/auditStore';
import { csvCell, toCsv } from '../../main/audit/csvOut';
import { addHists, clampSeconds, decodeHistInto, DenseHist, encodeHist } from '../../main/audit/hist';
import { scanCsvSyntax } from '../../main/audit/legacyImport';
import { CsvSyntaxError, parseCsv } from '../../main/csv/parseCsv';

/** A claim whose markers and hand-over are right: IB, Jobcentre covering the postcode, due window set. */
const clean = (over: Partial<MarkerFacts> = {}): MarkerFacts => ({
  benefitName: 'Incapacity Benefit',
  expectedMarker: 'incapacitated/disabled',
  benefitMarker: 'incapacitated/disabled',
  benefitMarkerReason: null,
  jobcentreMarker: 'JC-NORTH',
  jobcentreIsContactCentre: false,
  jobcentreIsServing: true,
  area: { suggested: 'JC-NORTH', candidates: ['JC-NORTH', 'JC-EAST'] },
  officeReason: null,
  wfiRequired: true,
  appointment: { kind: 'dueWindow' },
  ...over,
});
const codes = (f: MarkerFacts) => assessClaim(f).map((x) => x.code);

describe('JP process rules: which claims are errors and why', () => {
  it('finds nothing wrong with a correct claim', () => {
    expect(assessClaim(clean())).toEqual([]);
  });

  it('finds a missing Jobcentre marker, and one left at the contact centre (the old default)', () => {
    expect(codes(clean({ jobcentreMarker: null }))).toEqual(['jobcentreMissing']);
    expect(codes(clean({ jobcentreMarker: '  ' }))).toEqual(['jobcentreMissing']);
    const cc = assessClaim(clean({ jobcentreMarker: 'CC-DEMO-01', jobcentreIsContactCentre: true, jobcentreIsServing: false }));
    expect(cc.map((f) => f.code)).toEqual(['jobcentreContactCentre']);
    expect(cc[0]!.text).toMatch(/contact centre \(CC-DEMO-01\).*never on a Jobcentre schedule/);
  });

  it('finds a marker that is not a serving Jobcentre', () => {
    expect(codes(clean({ jobcentreMarker: 'JC-GONE', jobcentreIsServing: false }))).toEqual(['jobcentreNotAJobcentre']);
  });

  it('finds an office outside the customer area only when no reason was recorded', () => {
    expect(codes(clean({ jobcentreMarker: 'JC-SOUTH' }))).toEqual(['officeOutsideArea']);
    expect(codes(clean({ jobcentreMarker: 'JC-SOUTH', officeReason: 'customerChoice: near work' }))).toEqual([]);
    // Outcode only (no suggestion): any of the nearest candidates is in the area.
    const approx = { suggested: null, candidates: ['JC-NORTH', 'JC-EAST'] };
    expect(codes(clean({ area: approx, jobcentreMarker: 'JC-EAST' }))).toEqual([]);
    expect(codes(clean({ area: approx, jobcentreMarker: 'JC-SOUTH' }))).toEqual(['officeOutsideArea']);
    // Unknown location: the area cannot be judged, so it is not an error.
    expect(codes(clean({ area: null, jobcentreMarker: 'JC-SOUTH' }))).toEqual([]);
  });

  it('finds a benefit marker that disagrees with the answers (case-insensitive), unless justified', () => {
    expect(codes(clean({ benefitMarker: 'jobseeker' }))).toEqual(['benefitMarkerMismatch']);
    expect(codes(clean({ benefitMarker: 'Incapacitated/Disabled' }))).toEqual([]);
    expect(codes(clean({ benefitMarker: null }))).toEqual(['benefitMarkerMismatch']);
    expect(assessClaim(clean({ benefitMarker: '' }))[0]!.text).toMatch(/No benefit marker/);
    expect(codes(clean({ benefitMarker: 'jobseeker', benefitMarkerReason: 'correction: customer is fit for work' }))).toEqual([]);
  });

  it('finds appointments that never reached a Jobcentre', () => {
    expect(codes(clean({ appointment: { kind: 'none' } }))).toEqual(['appointmentNotReached']);
    expect(codes(clean({ appointment: { kind: 'notReached' } }))).toEqual(['appointmentNotReached']);
    expect(codes(clean({ appointment: { kind: 'noWfi' } }))).toEqual(['appointmentNotReached']);
    expect(codes(clean({ appointment: { kind: 'booked', officeCodes: ['JC-NORTH', 'JC-NORTH'] } }))).toEqual([]);
    const elsewhere = assessClaim(clean({ appointment: { kind: 'booked', officeCodes: ['JC-SOUTH', 'JC-NORTH'] } }));
    expect(elsewhere.map((f) => f.code)).toEqual(['appointmentNotReached']);
    expect(elsewhere[0]!.text).toMatch(/Booked at JC-SOUTH, not at the customer's Jobcentre JC-NORTH/);
    expect(codes(clean({ appointment: { kind: 'deferred' } }))).toEqual([]);
    // HB/CTB only: no WFI needed, so nothing to reach.
    expect(codes(clean({ wfiRequired: false, appointment: { kind: 'none' } }))).toEqual([]);
  });

  it('reports every reason a claim has, and round-trips them through the stored mask', () => {
    const f = clean({ jobcentreMarker: 'CC-DEMO-01', jobcentreIsContactCentre: true, benefitMarker: 'carer', appointment: { kind: 'notReached' } });
    const found = codes(f);
    expect(found).toEqual(['jobcentreContactCentre', 'benefitMarkerMismatch', 'appointmentNotReached']);
    expect(reasonsOf(maskOf(assessClaim(f)))).toEqual(found);
    expect(reasonsOf(0)).toEqual([]);
    expect(REASONS).toHaveLength(6);
  });
});

describe('the clock: corrections never move the window, the old rule would have', () => {
  it('computes the IB window (days 57-91) from the claim date', () => {
    expect(windowFrom('2026-11-23', [57, 91])).toEqual({ from: '2027-01-18', to: '2027-02-21' });
  });

  it('shows the window as it stands and the restart-the-clock counterfactual from the last correction', () => {
    const none = compareClock('2026-11-23', [57, 91], []);
    expect(none).toEqual({ asItStands: { clockStart: '2026-11-23', window: { from: '2027-01-18', to: '2027-02-21' }, wfiDay: null }, oldRule: null, shiftDays: 0 });
    const c = compareClock('2026-11-23', [57, 91], ['2026-11-26T10:00:00.000Z', '2026-11-24T09:00:00.000Z']);
    expect(c.asItStands.window).toEqual({ from: '2027-01-18', to: '2027-02-21' });
    expect(c.oldRule).toEqual({ clockStart: '2026-11-26', window: { from: '2027-01-21', to: '2027-02-24' }, wfiDay: null });
    expect(c.shiftDays).toBe(3);
  });

  it('for a booked interview, shows which day of the measured period it falls on under each rule', () => {
    const c = compareClock('2026-11-23', null, ['2026-11-30T10:00:00Z'], '2026-12-07');
    expect(c.asItStands).toEqual({ clockStart: '2026-11-23', window: null, wfiDay: 15 });
    expect(c.oldRule).toEqual({ clockStart: '2026-11-30', window: null, wfiDay: 8 });
  });
});

describe('the sampled QA check', () => {
  const claims = Array.from({ length: 40 }, (_, i) => ({ key: `product:call-${i}` }));

  it('weeks start on Monday', () => {
    expect(weekStart('2024-01-01')).toBe('2024-01-01');
    expect(weekStart('2024-01-07')).toBe('2024-01-01');
    expect(weekStart('2024-01-08')).toBe('2024-01-08');
    expect(weekStart('2026-11-25')).toBe('2026-11-23');
  });

  it('samples deterministically for a seed, whatever the order the claims come in', () => {
    const a = sampleForFco(claims, 5, 'seed-1', '2026-11-23', 'fco-ann');
    const b = sampleForFco([...claims].reverse(), 5, 'seed-1', '2026-11-23', 'fco-ann');
    expect(a).toHaveLength(5);
    expect(b).toEqual(a);
    expect(sampleForFco(claims, 5, 'seed-2', '2026-11-23', 'fco-ann')).not.toEqual(a);
    expect(sampleForFco(claims, 5, 'seed-1', '2026-11-30', 'fco-ann')).not.toEqual(a);
    expect(sampleForFco(claims.slice(0, 3), 5, 'seed-1', '2026-11-23', 'fco-ann')).toHaveLength(3);
    expect(sampleForFco(claims, 0, 'seed-1', '2026-11-23', 'fco-ann')).toEqual([]);
    expect(fnv1a('a')).toBe(0xe40c292c);
  });

  it('counts coverage against the target plainly, checks capped at each FCO target', () => {
    expect(coverage([{ claims: 12, checked: 2 }, { claims: 3, checked: 3 }, { claims: 0, checked: 0 }], 5)).toEqual({ target: 8, achieved: 5, pct: 62 });
    expect(coverage([{ claims: 12, checked: 9 }], 5)).toEqual({ target: 5, achieved: 5, pct: 100 });
    expect(coverage([], 5)).toEqual({ target: 0, achieved: 0, pct: null });
  });
});

describe('statistics and flags', () => {
  it('takes nearest-rank percentiles over a histogram', () => {
    // 1..10 once each: median 5, p90 9.
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentileOfCounts(v, v.map(() => 1), 50)).toBe(5);
    expect(percentileOfCounts(v, v.map(() => 1), 90)).toBe(9);
    expect(percentileOfCounts([600, 1500], [9, 1], 90)).toBe(600);
    expect(percentileOfCounts([600, 1500], [8, 2], 90)).toBe(1500);
    expect(percentileOfCounts([], [], 50)).toBeNull();
  });

  it('flags deferral rates too high and too low, only with enough deferrable claims', () => {
    const t = { highPct: 30, lowPct: 5, minEligible: 20 };
    expect(deferralFlag(40, 20, t)).toBe('high');
    expect(deferralFlag(40, 1, t)).toBe('low');
    expect(deferralFlag(40, 6, t)).toBeNull();
    expect(deferralFlag(10, 9, t)).toBeNull();
  });

  it('keeps call lengths on a 15-second grid, rounded up, and sums histogram blobs exactly', () => {
    expect([0, 1, 15, 16, 1199, 1200, 1201, 10 ** 9].map(clampSeconds)).toEqual([0, 15, 15, 30, 1200, 1200, 1215, 65_520]);
    const a = encodeHist(new Map([[600, 2], [1200, 1]]));
    const b = encodeHist(new Map([[600, -1], [900, 3]]));
    const sum = new Map<number, number>();
    decodeHistInto(addHists(a, b), sum);
    expect([...sum]).toEqual([[600, 1], [900, 3], [1200, 1]]);
    const d = new DenseHist();
    d.addBlob(a);
    d.addEntries([900], [3]);
    expect(d.entries()).toEqual({ values: [600, 900, 1200], counts: [2, 3, 1] });
    expect(d.countAbove(900)).toBe(1);
    d.reset();
    expect(d.entries()).toEqual({ values: [], counts: [] });
  });

  it('splits a date range into whole months and ragged days', () => {
    expect(monthEnd('2024-02-01')).toBe('2024-02-29');
    expect(periodSegments('2026-01-01', '2026-03-31')).toEqual([{ grain: 'month', from: '2026-01-01', to: '2026-03-01' }]);
    expect(periodSegments('2026-01-15', '2026-04-10')).toEqual([
      { grain: 'day', from: '2026-01-15', to: '2026-01-31' },
      { grain: 'month', from: '2026-02-01', to: '2026-03-01' },
      { grain: 'day', from: '2026-04-01', to: '2026-04-10' },
    ]);
    expect(periodSegments('2026-01-15', '2026-02-10')).toEqual([{ grain: 'day', from: '2026-01-15', to: '2026-02-10' }]);
    expect(periodSegments('2026-02-01', '2026-02-27')).toEqual([{ grain: 'day', from: '2026-02-01', to: '2026-02-27' }]);
    expect(periodSegments('2026-03-02', '2026-03-01')).toEqual([]);
  });
});

describe('CSV export', () => {
  it('quotes what needs quoting and disarms spreadsheet formulas in text', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nthen')).toBe('"say ""hi""\nthen"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+44 113')).toBe("'+44 113");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('yes');
    expect(csvCell(['a', 'b'])).toBe('a; b');
    expect(toCsv(['x', 'y'], [[1, 'a'], [2, null]])).toEqual({ csv: 'x,y\r\n1,a\r\n2,\r\n', rows: 2 });
  });
});

describe('the legacy import pre-scan agrees with the CSV parser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-scan-'));
  const cases: [string, string][] = [
    ['plain', 'h1,h2\na,b\nc,d\n'],
    ['crlf, no final newline', 'h1,h2\r\na,b\r\nc,d'],
    ['quoted comma and newline', 'h1,h2\n"a,1","multi\nline"\nc,d\n'],
    ['escaped quotes, empty lines', 'h1,h2\n\n"say ""hi""",x\n\nc,d\n'],
    ['bare quote in unquoted field', 'h1,h2\n5\'10",x\n'],
    ['unclosed quote', 'h1,h2\na,b\n"never closed,x\nc,d\n'],
    ['text after closing quote', 'h1,h2\na,b\n"ab"c,d\n'],
    ['CR after closing quote not before LF', 'h1,h2\n"ab"\rc\n'],
    ['quoted CRLF endings', 'h1,h2\r\n"a","b"\r\n"c",d\r\n'],
  ];
  for (const [name, text] of cases) {
    it(name, async () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.csv`);
      writeFileSync(file, text);
      let parsed: number | CsvSyntaxError;
      try {
        let n = 0;
        for await (const _ of parseCsv(Readable.from([text]))) n++;
        parsed = n - 1;
      } catch (e) {
        parsed = e as CsvSyntaxError;
      }
      let scanned: number | CsvSyntaxError;
      try {
        scanned = (await scanCsvSyntax(file)).records;
      } catch (e) {
        scanned = e as CsvSyntaxError;
      }
      if (parsed instanceof CsvSyntaxError) {
        expect(scanned).toBeInstanceOf(CsvSyntaxError);
        expect((scanned as CsvSyntaxError).line).toBe(parsed.line);
      } else expect(scanned).toBe(parsed);
    });
  }
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
});
