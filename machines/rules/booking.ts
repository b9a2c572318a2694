import type { CallContext, Slot } from '../contract/callTypes';
import type { CallError } from '../contract/errors';
import type { CallView } from '../flow';

/** Minimum slot lengths from the research: FA meeting 20 minutes (PF:692); a WFI cut to 20 minutes lost the job search (IDT:882). */
export const FA_MINUTES = 20;
export const WFI_MIN_MINUTES = 30;

const endOf = (s: Slot) => Date.parse(s.start) + s.minutes * 60_000;

/** Checks a book-on-call pair: both at the confirmed Jobcentre, FA first, after the call, long enough. */
export function checkBooking(fa: Slot, wfi: Slot, ctx: CallContext, _view: CallView): CallError | null {
  const office = ctx.officeMarker?.office.code;
  if (!office) return { code: 'invalid_booking', message: 'Confirm the Jobcentre before booking.' };
  for (const [name, slot] of [['fa', fa], ['wfi', wfi]] as const) {
    if (slot.kind === 'inPerson' && slot.officeCode !== office)
      return { code: 'invalid_booking', message: `The ${name === 'fa' ? 'Financial Assessor meeting' : 'interview'} must be at the customer's Jobcentre (${office}), not ${slot.officeCode}.`, field: `${name}.officeCode` };
    if (Date.parse(slot.start) <= Date.parse(ctx.lastEventAt))
      return { code: 'invalid_booking', message: `The ${name === 'fa' ? 'FA meeting' : 'interview'} must be in the future.`, field: `${name}.start` };
  }
  if (fa.minutes < FA_MINUTES) return { code: 'invalid_booking', message: `The Financial Assessor meeting needs at least ${FA_MINUTES} minutes.`, field: 'fa.minutes' };
  if (wfi.minutes < WFI_MIN_MINUTES)
    return { code: 'invalid_booking', message: `A Work Focused Interview under ${WFI_MIN_MINUTES} minutes leaves no time for the job search; book a longer slot.`, field: 'wfi.minutes' };
  if (endOf(fa) > Date.parse(wfi.start))
    return { code: 'invalid_booking', message: 'The Financial Assessor meeting must come before the interview.', field: 'wfi.start' };
  return null;
}
