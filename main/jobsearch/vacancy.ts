import { createHash } from 'node:crypto';
import { z } from 'zod';
import { normalisePostcode, parseIsoDate } from '../../machines/rules/ukFormats';

/**
 * The vacancy CSV format (`npm run intake -- import-vacancies <csv>`). UTF-8, a header row, columns in any order:
 *
 *   reference       optional; the employer's or source's id. Blank → a stable id from title, employer, postcode, closing date
 *   title           required, the job title as advertised
 *   employer        required
 *   description     optional free text
 *   soc2020         4-digit SOC 2020 unit group; blank → coded from the title through the coding index (exact title only)
 *   hours_per_week  required, > 0 and ≤ 100 (decimals allowed: 37.5)
 *   pattern         full-time | part-time | shifts
 *   pay_min         required, > 0, in pounds per pay_period
 *   pay_max         optional, ≥ pay_min; blank → pay_min
 *   pay_period      hour | week | month | year
 *   postcode        required, a UK postcode
 *   lat, long       optional, both or neither, inside the UK; blank → looked up from the postcode table
 *   closing_date    required, YYYY-MM-DD; the last day applications are taken
 */
export const VACANCY_CSV_COLUMNS = [
  'reference',
  'title',
  'employer',
  'description',
  'soc2020',
  'hours_per_week',
  'pattern',
  'pay_min',
  'pay_max',
  'pay_period',
  'postcode',
  'lat',
  'long',
  'closing_date',
] as const;
export const VACANCY_CSV_REQUIRED = VACANCY_CSV_COLUMNS.filter((c) => c !== 'reference');

export const WorkPattern = z.enum(['full-time', 'part-time', 'shifts']);
export type WorkPattern = z.infer<typeof WorkPattern>;
export const PayPeriod = z.enum(['hour', 'week', 'month', 'year']);
export type PayPeriod = z.infer<typeof PayPeriod>;

/** Rough UK extent (Scilly to Shetland, Fermanagh to Lowestoft): catches swapped or mistyped coordinates. */
export const UK_BOUNDS = { minLat: 49.8, maxLat: 60.95, minLong: -8.7, maxLong: 1.8 } as const;

const WEEKS_PER_YEAR = 52;
/** Normalised pay outside this hourly range is almost always a wrong pay_period, so the row is refused. */
const MIN_HOURLY = 1;
const MAX_HOURLY = 1000;

const trimmed = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const required = (max: number) => trimmed(max).min(1, 'required');
const number = (what: string) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .regex(/^-?\d+(\.\d+)?$/, `${what} as a plain number (no £ or commas)`)
    .transform(Number);
const optionalNumber = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^(-?\d+(\.\d+)?)?$/, `${what} as a plain number, or blank`)
    .transform((s) => (s === '' ? null : Number(s)));

/** One CSV record as parsed text → a checked vacancy. Every message names its column. */
export const VacancyCsvRow = z
  .object({
    reference: trimmed(80).default(''),
    title: required(200),
    employer: required(200),
    description: trimmed(5000).default(''),
    soc2020: z
      .string()
      .trim()
      .regex(/^([1-9]\d{3})?$/, 'a 4-digit SOC 2020 unit group such as 9252, or blank'),
    hours_per_week: number('hours').pipe(z.number().gt(0, 'more than 0').max(100, 'at most 100')),
    pattern: z
      .string()
      .trim()
      .transform((s) => s.toLowerCase().replace(/[\s_]+/g, '-'))
      .refine((p) => WorkPattern.safeParse(p).success, 'one of full-time, part-time, shifts'),
    pay_min: number('pay').pipe(z.number().gt(0, 'more than 0')),
    pay_max: optionalNumber('pay'),
    pay_period: z
      .string()
      .trim()
      .toLowerCase()
      .refine((p) => PayPeriod.safeParse(p).success, 'one of hour, week, month, year'),
    postcode: z
      .string()
      .trim()
      .refine((p) => normalisePostcode(p) !== null, 'a UK postcode such as LS1 4AP'),
    lat: optionalNumber('latitude'),
    long: optionalNumber('longitude'),
    closing_date: z
      .string()
      .trim()
      .refine((d) => parseIsoDate(d) !== null, 'a real date as YYYY-MM-DD'),
  })
  .superRefine((r, ctx) => {
    // zod runs this even when a column failed, with that column's raw input: check types before comparing.
    const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
    if (num(r.pay_max) && num(r.pay_min) && r.pay_max < r.pay_min) {
      ctx.addIssue({ code: 'custom', path: ['pay_max'], message: `must not be below pay_min (${r.pay_min})` });
    }
    if ((r.lat === null) !== (r.long === null)) {
      ctx.addIssue({ code: 'custom', path: [r.lat === null ? 'lat' : 'long'], message: 'give both lat and long, or neither' });
    } else if (num(r.lat) && num(r.long) && !insideUk(r.lat, r.long)) {
      ctx.addIssue({
        code: 'custom',
        path: ['lat'],
        message: `${r.lat}, ${r.long} is outside the UK (are lat and long swapped?)`,
      });
    }
    const period = PayPeriod.safeParse(r.pay_period);
    if (period.success && num(r.hours_per_week) && r.hours_per_week > 0 && num(r.pay_min) && r.pay_min > 0) {
      const hourly = (x: number) => normalisePay(x, period.data, r.hours_per_week).hourlyPence / 100;
      const bottom = hourly(r.pay_min);
      const top = hourly(num(r.pay_max) ? r.pay_max : r.pay_min);
      if (bottom < MIN_HOURLY || top > MAX_HOURLY) {
        const shown = bottom === top ? `£${bottom.toFixed(2)}` : `£${bottom.toFixed(2)}–£${top.toFixed(2)}`;
        ctx.addIssue({
          code: 'custom',
          path: ['pay_period'],
          message: `£${r.pay_min} per ${period.data} at ${r.hours_per_week} h/week is ${shown} an hour, which looks wrong: check pay_period`,
        });
      }
    }
  })
  .transform(
    (r): VacancyInput => ({
      ref: r.reference,
      title: r.title,
      employer: r.employer,
      description: r.description,
      soc2020: r.soc2020 === '' ? null : r.soc2020,
      hoursPerWeek: r.hours_per_week,
      pattern: r.pattern as WorkPattern,
      payMin: r.pay_min,
      payMax: r.pay_max ?? r.pay_min,
      payPeriod: r.pay_period as PayPeriod,
      postcode: normalisePostcode(r.postcode)!,
      point: r.lat !== null && r.long !== null ? { lat: r.lat, long: r.long } : null,
      closingDate: r.closing_date,
    }),
  );

/** A checked vacancy before the store fills the gaps (reference, SOC code, coordinates). */
export interface VacancyInput {
  ref: string;
  title: string;
  employer: string;
  description: string;
  soc2020: string | null;
  hoursPerWeek: number;
  pattern: WorkPattern;
  payMin: number;
  payMax: number;
  payPeriod: PayPeriod;
  postcode: string;
  point: { lat: number; long: number } | null;
  closingDate: string;
}

/** What the store holds: every gap filled. */
export interface VacancyRecord extends VacancyInput {
  soc2020: string;
  point: { lat: number; long: number };
}

export function insideUk(lat: number, long: number): boolean {
  return lat >= UK_BOUNDS.minLat && lat <= UK_BOUNDS.maxLat && long >= UK_BOUNDS.minLong && long <= UK_BOUNDS.maxLong;
}

/**
 * Pay per period → pence per hour and per year, using the advertised hours and 52 paid weeks. A month is a twelfth of
 * a year (not 4 weeks), as payslips count it.
 */
export function normalisePay(amount: number, period: PayPeriod, hoursPerWeek: number): { hourlyPence: number; annualPence: number } {
  let annual: number;
  switch (period) {
    case 'hour':
      annual = amount * hoursPerWeek * WEEKS_PER_YEAR;
      break;
    case 'week':
      annual = amount * WEEKS_PER_YEAR;
      break;
    case 'month':
      annual = amount * 12;
      break;
    case 'year':
      annual = amount;
      break;
  }
  const hourly = period === 'hour' ? amount : annual / (hoursPerWeek * WEEKS_PER_YEAR);
  return { hourlyPence: Math.round(hourly * 100), annualPence: Math.round(annual * 100) };
}

/** A reference that survives re-imports of the same advert, for files that carry none of their own. */
export function derivedRef(v: Pick<VacancyInput, 'title' | 'employer' | 'postcode' | 'closingDate'>): string {
  const h = createHash('sha1').update([v.title, v.employer, v.postcode, v.closingDate].join('\u0000').toLowerCase()).digest('hex');
  return `V-${h.slice(0, 12)}`;
}

/** "line 12: pay_max: must not be below pay_min (11)" — the first problem per column, in column order. */
export function describeIssues(error: z.ZodError): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'row');
    if (seen.has(field)) continue;
    seen.add(field);
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'column missing' : issue.message;
    out.push(`${field}: ${message}`);
  }
  return out;
}
