import { londonDay, UK_TIME_ZONE } from '../../machines/rules/windows';

/** Dates and times as a UK customer reads them, always in UK time whatever the machine's zone. */
const TZ = UK_TIME_ZONE;

const dateFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: 'numeric', minute: '2-digit', hour12: true });

/** "Tuesday 1 December 2026" for a calendar date (YYYY-MM-DD). */
export function ukDate(isoDate: string): string {
  return dateFmt.format(new Date(`${isoDate}T12:00:00Z`)).replace(',', '');
}

/** "10:00am" for an instant. */
export function ukTime(isoDateTime: string): string {
  return timeFmt.format(new Date(isoDateTime)).replace(/\s/g, '').toLowerCase();
}

/** The UK calendar date (YYYY-MM-DD) of an instant (the one rule for this: `londonDay`). */
export function ukIsoDate(isoDateTime: string): string {
  return londonDay(isoDateTime);
}

/** "Tuesday 1 December 2026 at 10:00am". */
export function ukDateTime(isoDateTime: string): string {
  return `${ukDate(ukIsoDate(isoDateTime))} at ${ukTime(isoDateTime)}`;
}
