import type { AttendanceResult, BookingView, PrecallRow } from '../../../machines/contract/api/appointments';
import { addDaysIso } from '../../desk/format';

/** The words Jobcentre staff read for the service's codes. */

export type PrecallOutcome = 'confirmed' | 'noAnswer' | 'wrongNumber' | 'cannotAttend';
export type FollowUp = NonNullable<AttendanceResult['afterFta']>['followUps'][number];
export type Mode = BookingView['mode'];

export const PRECALL_LABELS: Record<PrecallOutcome, string> = {
  confirmed: 'Confirmed',
  noAnswer: 'No answer',
  wrongNumber: 'Wrong number',
  cannotAttend: 'Cannot attend',
};

export const STATUS_LABELS: Record<BookingView['status'], string> = {
  booked: 'Booked',
  attended: 'Attended',
  fta: 'Failed to attend',
  cancelled: 'Cancelled',
};

export const KIND_LABELS: Record<BookingView['kind'], string> = { fa: 'FA meeting', wfi: 'Interview' };

export const MODE_LABELS: Record<Mode, string> = { inPerson: 'In person', telephone: 'By telephone', homeVisit: 'Home visit' };

export const FOLLOW_UP_LABELS: Record<FollowUp, string> = {
  homeVisit: 'Home visit',
  telephoneInterview: 'Telephone interview',
  sanctionReferral: 'Sanction referral',
  noAction: 'No action',
};

/** A stored outcome code in words; a code this screen does not know yet is shown as stored. */
export const precallLabel = (code: string) => PRECALL_LABELS[code as PrecallOutcome] ?? code;
export const followUpLabel = (code: string) => FOLLOW_UP_LABELS[code as FollowUp] ?? code;

/** "Thu 26 Nov 2026 10:00" (the Jobcentre's wall clock, from the service) → "10:00". */
export const timeOf = (local: string) => local.slice(-5);

/** Who a row is about, for button names and messages: the name, or the time and kind when the name is missing. */
export const whoOf = (r: PrecallRow) => r.customerName ?? `the customer at ${timeOf(r.booking.local)}`;

/**
 * The next or previous weekday from a listed ISO date. Jobcentres are shut at weekends, so a step never lands on
 * one; bank holidays are the server's business (it lists them as empty days).
 */
export function stepWeekday(iso: string, direction: 1 | -1): string {
  let d = addDaysIso(iso, direction);
  while ([0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) d = addDaysIso(d, direction);
  return d;
}
