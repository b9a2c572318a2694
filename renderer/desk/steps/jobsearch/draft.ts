import { WORK_PATTERNS, type JobsQuery, type RecordedQuery, type VacancyResult, type WorkPatternName } from '../../../../machines/contract/api/jobs';

/** The search form as typed: strings for the fields (blank = no filter), the patterns ticked. */
export interface QueryDraft {
  text: string;
  minPay: string;
  minHours: string;
  maxHours: string;
  miles: string;
  patterns: WorkPatternName[];
}

/** Form field ↔ query field, so a refusal naming a query field is shown next to its control. */
export const FIELD_OF: Record<string, keyof QueryDraft> = {
  text: 'text',
  socCode: 'text',
  minHourlyPay: 'minPay',
  minHours: 'minHours',
  maxHours: 'maxHours',
  hoursPerWeek: 'maxHours',
  patterns: 'patterns',
  maxDistanceMiles: 'miles',
};

export const PATTERN_LABELS: Record<WorkPatternName, string> = { 'full-time': 'Full-time', 'part-time': 'Part-time', shifts: 'Shifts' };

const shown = (n: number | undefined) => (n === undefined ? '' : String(n));

export function toQueryDraft(q: JobsQuery): QueryDraft {
  return {
    text: q.text,
    minPay: q.minHourlyPay === undefined ? '' : q.minHourlyPay.toFixed(2).replace(/\.00$/, ''),
    minHours: shown(q.minHours),
    maxHours: shown(q.maxHours ?? q.hoursPerWeek),
    miles: shown(q.maxDistanceMiles),
    patterns: q.patterns && q.patterns.length > 0 ? [...q.patterns] : [...WORK_PATTERNS],
  };
}

export type DraftProblem = { field: keyof QueryDraft; message: string };

/**
 * The query to send. Only what cannot travel is caught here (text where a number belongs); whether a number makes
 * sense (negative pay, a radius of 0, a back-to-front band) is the search engine's call, shown at the field.
 * "£11.50", "11.50/h" and "1,000" are read as the numbers they mean.
 */
export function fromQueryDraft(d: QueryDraft): { ok: true; query: JobsQuery } | ({ ok: false } & DraftProblem) {
  const query: JobsQuery = { text: d.text.trim() };
  const numbers: [keyof QueryDraft, 'minHourlyPay' | 'minHours' | 'maxHours' | 'maxDistanceMiles', string][] = [
    ['minPay', 'minHourlyPay', 'Enter the least pay per hour as a number of pounds, for example 11.50, or leave it blank.'],
    ['minHours', 'minHours', 'Enter the fewest hours a week as a number, or leave it blank.'],
    ['maxHours', 'maxHours', 'Enter the most hours a week as a number, or leave it blank.'],
    ['miles', 'maxDistanceMiles', 'Enter how far the customer could travel as a number of miles, or leave it blank.'],
  ];
  for (const [field, key, message] of numbers) {
    const raw = (d[field] as string).trim().replace(/^£\s*/, '').replace(/,/g, '').replace(/\s*(\/\s*h(ou)?r?|an hour|per hour|miles?|h(ours)?)$/i, '');
    if (raw === '') continue;
    if (!/^-?\d+(\.\d+)?$/.test(raw)) return { ok: false, field, message };
    query[key] = Number(raw);
  }
  if (d.patterns.length < WORK_PATTERNS.length) query.patterns = WORK_PATTERNS.filter((p) => d.patterns.includes(p));
  return { ok: true, query };
}

const money = (n: number, dp = 2) => `£${n.toLocaleString('en-GB', { minimumFractionDigits: dp, maximumFractionDigits: dp })}`;
const range = (a: number, b: number, f: (n: number) => string) => (a === b ? f(a) : `${f(a)}–${f(b)}`);
const whole = (n: number) => money(n, Number.isInteger(n) ? 0 : 2);

/** "£12.40 an hour", "£25,400 a year (£12.52 an hour)". */
export function payText(p: VacancyResult['pay']): string {
  const hourly = range(p.minHourly, p.maxHourly, (n) => money(n));
  switch (p.period) {
    case 'hour':
      return `${hourly} an hour`;
    case 'week':
      return `${range(p.min, p.max, whole)} a week (${hourly} an hour)`;
    case 'month':
      return `${range(p.min, p.max, whole)} a month (${hourly} an hour)`;
    case 'year':
      return `${range(p.min, p.max, whole)} a year (${hourly} an hour)`;
  }
}

const hours = (h: number) => `${Number.isInteger(h) ? h : h.toFixed(1)} hours a week`;

/** One line per vacancy: pay, hours and pattern, distance. (The closing date is among the reasons.) */
export function factsOf(r: VacancyResult): string[] {
  return [
    payText(r.pay),
    `${hours(r.hoursPerWeek)}, ${PATTERN_LABELS[r.pattern].toLowerCase()}`,
    r.distanceMiles === null ? `${r.postcode} (distance not known)` : `${r.distanceMiles.toFixed(1)} miles from home (${r.postcode})`,
  ];
}

/** A recorded query in words: "“warehouse operative”, £11.50 an hour or more, up to 30 hours a week, within 10 miles". */
export function describeQuery(q: RecordedQuery): string {
  const parts = [`“${q.text || 'any work'}”`];
  if (q.minHourlyPay !== undefined) parts.push(`${money(q.minHourlyPay)} an hour or more`);
  const max = q.maxHours ?? q.hoursPerWeek;
  if (q.minHours !== undefined && max !== undefined) parts.push(`${q.minHours}–${max} hours a week`);
  else if (q.minHours !== undefined) parts.push(`at least ${q.minHours} hours a week`);
  else if (max !== undefined) parts.push(`up to ${max} hours a week`);
  if (q.patterns && q.patterns.length < WORK_PATTERNS.length) parts.push(q.patterns.map((p) => PATTERN_LABELS[p].toLowerCase()).join(' or '));
  if (q.maxDistanceMiles !== undefined) parts.push(`within ${q.maxDistanceMiles} miles`);
  return parts.join(', ');
}
