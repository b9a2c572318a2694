import { addDays, daysBetween } from './ukFormats';

/**
 * Window and calendar arithmetic for appointments. Pure: dates in, dates out. Claim days count from the claim date
 * as day 1 (IDT:226: "after the end of the eighth week of the claim and up to the end of the 13th week (days 57-91)"),
 * so day 57 is the claim date + 56 days. Jobcentres are closed at weekends and on the content's closed dates; a
 * window is never stretched past its edges to reach a working day: it shrinks inwards.
 */

/** 1 = Monday … 7 = Sunday (ISO weekday) of a YYYY-MM-DD date. */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const SHORT_DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** The claim day (1-based) a date falls on. The claim date itself is day 1. */
export function claimDayOf(claimDate: string, date: string): number {
  return daysBetween(claimDate, date) + 1;
}

/** The calendar date of claim day `day`. */
export function dateOfClaimDay(claimDate: string, day: number): string {
  return addDays(claimDate, day - 1);
}

export function isWorkingDay(date: string, closed: ReadonlySet<string> | readonly string[] = []): boolean {
  const wd = weekdayOf(date);
  if (wd > 5) return false;
  return Array.isArray(closed) ? !closed.includes(date) : !(closed as ReadonlySet<string>).has(date);
}

/** `date` if the Jobcentres are open that day, else the next day they are (a weekend or bank holiday moves on). */
export function onOrAfterWorkingDay(date: string, closed: ReadonlySet<string> | readonly string[] = []): string {
  let d = date;
  // A year of closed days in a row would be a broken calendar; stop rather than loop for ever.
  for (let i = 0; i < 366 && !isWorkingDay(d, closed); i++) d = addDays(d, 1);
  return d;
}

export interface ClaimWindow {
  /** The window's edges as calendar dates (day `fromDay` and day `toDay`). */
  from: string;
  to: string;
  fromDay: number;
  toDay: number;
  /** The first and last days an appointment can actually be held: working days inside the window. Null if none. */
  bookableFrom: string | null;
  bookableTo: string | null;
  /** True when an edge falls on a weekend or closed day and was moved inwards. */
  startMoved: boolean;
  endMoved: boolean;
}

/**
 * The window of claim days [fromDay, toDay]. The bookable range moves inwards to working days: a window that starts
 * on a Saturday opens on the Monday after (never earlier: "do not book any appointments before week eight"); one that
 * ends on a Sunday closes on the Friday before (never later: "they must be seen by 13 weeks").
 */
export function claimWindow(claimDate: string, [fromDay, toDay]: readonly [number, number], closed: readonly string[] = []): ClaimWindow {
  const from = dateOfClaimDay(claimDate, fromDay);
  const to = dateOfClaimDay(claimDate, toDay);
  const closedSet = new Set(closed);
  let start: string | null = from;
  while (start <= to && !isWorkingDay(start, closedSet)) start = addDays(start, 1);
  if (start > to) start = null;
  let end: string | null = to;
  while (end !== null && end >= from && !isWorkingDay(end, closedSet)) end = addDays(end, -1);
  if (end !== null && end < from) end = null;
  return { from, to, fromDay, toDay, bookableFrom: start, bookableTo: start === null ? null : end, startMoved: start !== from, endMoved: end !== to };
}

/**
 * The first and last days to give a person for a window: its open days when they are known, else its calendar edges
 * (a record stored before the open days were projected, or a window with no open day in it).
 */
export function openDaysOf(w: { from: string; to: string; bookableFrom?: string | null; bookableTo?: string | null }): { from: string; to: string } {
  return { from: w.bookableFrom ?? w.from, to: w.bookableTo ?? w.to };
}

export type WindowProblem = { kind: 'beforeWindow' | 'afterWindow' | 'closedDay'; message: string };

/** Why `date` cannot hold an appointment in `w`, or null if it can. */
export function checkDateInWindow(date: string, w: ClaimWindow, closed: readonly string[] = []): WindowProblem | null {
  if (date < w.from)
    return { kind: 'beforeWindow', message: `${formatDate(date)} is day ${claimDayOfWindow(w, date)} of the claim: the window opens on day ${w.fromDay} (${formatDate(w.bookableFrom ?? w.from)}). Never book before it.` };
  if (date > w.to)
    return { kind: 'afterWindow', message: `${formatDate(date)} is day ${claimDayOfWindow(w, date)} of the claim: the window closes on day ${w.toDay} (${formatDate(w.bookableTo ?? w.to)}).` };
  if (!isWorkingDay(date, closed)) return { kind: 'closedDay', message: `${formatDate(date)} is ${weekdayOf(date) > 5 ? 'a weekend' : 'a bank holiday'}: the Jobcentre is closed.` };
  return null;
}

function claimDayOfWindow(w: ClaimWindow, date: string): number {
  // w.from is day w.fromDay.
  return daysBetween(w.from, date) + w.fromDay;
}

/** Working days left in the window from `today` (inclusive), for the "window at risk" warning (IDT:848). */
export function workingDaysLeft(today: string, w: ClaimWindow, closed: readonly string[] = []): number {
  if (!w.bookableTo || today > w.bookableTo) return 0;
  let n = 0;
  const closedSet = new Set(closed);
  for (let d = today < w.from ? w.from : today; d <= w.bookableTo; d = addDays(d, 1)) if (isWorkingDay(d, closedSet)) n++;
  return n;
}

/** The first date on or after `date` that falls on ISO weekday `weekday`. */
export function nextWeekday(date: string, weekday: number): string {
  const diff = (weekday - weekdayOf(date) + 7) % 7;
  return addDays(date, diff);
}

/**
 * Review due dates `weeks` after the claim, moved to the signing weekday: the nearest signing day on or after the due
 * date, so a review is never held before it is due (JSA 13- and 26-week interviews, IDT:148, IDT:772).
 */
export function signingDayReviews(claimDate: string, signingWeekday: number, weeks: readonly number[], closed: readonly string[] = []): string[] {
  return weeks.map((w) => {
    let d = nextWeekday(addDays(claimDate, w * 7), signingWeekday);
    // A closed signing day: the next working day (the customer signs the next day the office opens).
    while (!isWorkingDay(d, closed)) d = addDays(d, 1);
    return d;
  });
}

/* ---- Wall-clock time in the Jobcentre's time zone. Intl only (no Node APIs), so this stays pure. ---- */

const offsetCache = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

/** Minutes the zone is ahead of UTC at instant `utcMs` (Europe/London: 0 in winter, 60 in summer). */
export function zoneOffsetMinutes(utcMs: number, tz: string): number {
  const parts = formatterFor(tz).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant of local wall-clock `minuteOfDay` on `date` in `tz`. Jobcentre hours never cross the 01:00–02:00
 * clock change (which falls on a Sunday), so the offset at local noon is the offset for the whole working day.
 */
export function localToUtcMs(date: string, minuteOfDay: number, tz: string): number {
  const key = `${tz}|${date}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    off = zoneOffsetMinutes(Date.parse(`${date}T12:00:00Z`), tz);
    offsetCache.set(key, off);
  }
  return Date.parse(`${date}T00:00:00Z`) + (minuteOfDay - off) * 60_000;
}

export interface LocalTime {
  date: string;
  /** Minutes since local midnight. */
  minute: number;
  weekday: number;
}

/** Local date, minute of day and weekday of a UTC instant (ISO string or ms). */
export function toLocal(instant: string | number, tz: string): LocalTime {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  const shifted = new Date(ms + zoneOffsetMinutes(ms, tz) * 60_000);
  const date = shifted.toISOString().slice(0, 10);
  return { date, minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(), weekday: weekdayOf(date) };
}

/* ---- The UK calendar day. The product is used in UK contact centres: every "day" taken from an instant (a claim
 * date, "today", the day a meeting or a correction fell on) is the Europe/London day, never the UTC day, which is an
 * hour behind all summer (a call at 00:30 BST on 1 June is still 31 May in UTC). Date-only arithmetic (addDays,
 * weekdayOf) stays UTC on purpose: it has no time of day, so no clock change can move it. ---- */

export const UK_TIME_ZONE = 'Europe/London';

/** The Europe/London calendar day (YYYY-MM-DD) of an instant (ISO string with a zone, ms or Date). A bare date is kept. */
export function londonDay(instant: string | number | Date): string {
  if (typeof instant === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(instant)) return instant;
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`londonDay: not an instant: "${String(instant)}"`);
  return toLocal(ms, UK_TIME_ZONE).date;
}

/**
 * The UTC instant (ms) at which London day `date` (YYYY-MM-DD) begins: local midnight, right on the clock-change
 * Sundays too (the clocks change at 01:00 UTC, never across midnight). For "from day A to day B" filters over
 * instants: `at >= londonDayStartMs(A) && at < londonDayStartMs(addDays(B, 1))`.
 */
export function londonDayStartMs(date: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const guess = utcMidnight - zoneOffsetMinutes(utcMidnight, UK_TIME_ZONE) * 60_000;
  return utcMidnight - zoneOffsetMinutes(guess, UK_TIME_ZONE) * 60_000;
}

export function parseHhmm(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function formatHhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** "Thu 26 Nov 2026". */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${SHORT_DAYS[weekdayOf(date)]} ${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/** "Thu 26 Nov 2026 10:00" in the Jobcentre's zone. */
export function formatLocal(instant: string | number, tz: string): string {
  const l = toLocal(instant, tz);
  return `${formatDate(l.date)} ${formatHhmm(l.minute)}`;
}
