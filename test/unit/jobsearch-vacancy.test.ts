import { describe, expect, it } from 'vitest';
import { crossReferenceTarget } from '../../main/jobsearch/socIndex';
import { derivedRef, describeIssues, normalisePay, VacancyCsvRow } from '../../main/jobsearch/vacancy';

const row = {
  reference: '',
  title: 'Warehouse operative',
  employer: 'Acme (test)',
  description: '',
  soc2020: '9252',
  hours_per_week: '37.5',
  pattern: 'full-time',
  pay_min: '12.5',
  pay_max: '',
  pay_period: 'hour',
  postcode: 'ls1 4ap',
  lat: '',
  long: '',
  closing_date: '2025-07-01',
};

function problems(overrides: Record<string, string>): string[] {
  const r = VacancyCsvRow.safeParse({ ...row, ...overrides });
  return r.success ? [] : describeIssues(r.error);
}

describe('vacancy CSV row', () => {
  it('accepts a good row and canonicalises it', () => {
    const r = VacancyCsvRow.parse({ ...row, pattern: 'Part time', pay_period: 'HOUR' });
    expect(r).toMatchObject({ postcode: 'LS1 4AP', pattern: 'part-time', payPeriod: 'hour', payMin: 12.5, payMax: 12.5, point: null, soc2020: '9252' });
    expect(VacancyCsvRow.parse({ ...row, soc2020: '' }).soc2020).toBeNull();
  });

  it('names the column in every problem', () => {
    expect(problems({ pay_min: '£12.50' })).toEqual(['pay_min: pay as a plain number (no £ or commas)']);
    expect(problems({ pay_min: '-1' })).toEqual(['pay_min: more than 0']);
    expect(problems({ pay_max: '10' })).toEqual(['pay_max: must not be below pay_min (12.5)']);
    expect(problems({ pattern: 'weekends' })).toEqual(['pattern: one of full-time, part-time, shifts']);
    expect(problems({ pay_period: 'fortnight' })).toEqual(['pay_period: one of hour, week, month, year']);
    expect(problems({ postcode: 'LS1' })).toEqual(['postcode: a UK postcode such as LS1 4AP']);
    expect(problems({ closing_date: '2025-02-30' })).toEqual(['closing_date: a real date as YYYY-MM-DD']);
    expect(problems({ soc2020: '925' })).toEqual(['soc2020: a 4-digit SOC 2020 unit group such as 9252, or blank']);
    expect(problems({ hours_per_week: '0' })).toEqual(['hours_per_week: more than 0']);
    expect(problems({ title: ' ' })).toEqual(['title: required']);
  });

  it('wants both coordinates or neither, inside the UK', () => {
    expect(problems({ lat: '53.8' })).toEqual(['long: give both lat and long, or neither']);
    expect(problems({ lat: '-1.54', long: '53.79' })[0]).toMatch(/^lat: .*outside the UK \(are lat and long swapped\?\)/);
    expect(problems({ lat: '53.79', long: '-1.54' })).toEqual([]);
  });

  it('refuses pay that only makes sense in another period', () => {
    expect(problems({ pay_min: '25000', pay_period: 'hour' })[0]).toMatch(/^pay_period: £25000 per hour .* looks wrong/);
    expect(problems({ pay_min: '12', pay_period: 'year' })[0]).toMatch(/^pay_period: /);
    expect(problems({ pay_min: '25000', pay_period: 'year' })).toEqual([]);
  });

  it('reports a missing column as missing', () => {
    const { closing_date: _omit, ...rest } = row;
    const r = VacancyCsvRow.safeParse(rest);
    expect(r.success ? [] : describeIssues(r.error)).toEqual(['closing_date: column missing']);
  });
});

describe('pay normalisation', () => {
  it('turns each period into pence per hour and per year at the advertised hours', () => {
    expect(normalisePay(12.5, 'hour', 40)).toEqual({ hourlyPence: 1250, annualPence: 2_600_000 });
    expect(normalisePay(500, 'week', 40)).toEqual({ hourlyPence: 1250, annualPence: 2_600_000 });
    expect(normalisePay(2000, 'month', 37.5)).toEqual({ hourlyPence: 1231, annualPence: 2_400_000 });
    expect(normalisePay(26_000, 'year', 40)).toEqual({ hourlyPence: 1250, annualPence: 2_600_000 });
    expect(normalisePay(10_000, 'year', 16)).toEqual({ hourlyPence: 1202, annualPence: 1_000_000 });
  });
});

describe('references and cross-references', () => {
  it('derives the same reference for the same advert whatever the case', () => {
    const v = { title: 'Cleaner', employer: 'Acme', postcode: 'LS1 4AP', closingDate: '2025-07-01' };
    expect(derivedRef(v)).toMatch(/^V-[0-9a-f]{12}$/);
    expect(derivedRef({ ...v, title: 'CLEANER' })).toBe(derivedRef(v));
    expect(derivedRef({ ...v, closingDate: '2025-07-02' })).not.toBe(derivedRef(v));
  });

  it('reads the coding index\'s "see" notes in natural word order', () => {
    expect(crossReferenceTarget('see Adviser')).toEqual({ target: 'Adviser', also: false });
    expect(crossReferenceTarget('see also Foreman ( )')).toEqual({ target: 'Foreman', also: true });
    expect(crossReferenceTarget('see Hand, datal')).toEqual({ target: 'Datal hand', also: false });
    expect(crossReferenceTarget('see Engineer, service ( )')).toEqual({ target: 'Service engineer', also: false });
    expect(crossReferenceTarget('see Engineer (professional)')).toEqual({ target: 'Engineer', also: false });
    expect(crossReferenceTarget('see also notes')).toBeNull();
    expect(crossReferenceTarget('see notes')).toBeNull();
    expect(crossReferenceTarget('')).toBeNull();
  });
});
