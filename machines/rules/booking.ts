import { AppointmentPolicy, type BenefitAppointmentPolicy, type BenefitPolicy, type ScriptPackage } from '../../scripts-content/schema';
import type { CallContext, MachineEvent, Slot } from '../contract/callTypes';
import type { CallError } from '../contract/errors';
import type { CallView } from '../flow';
import { claimWindow, formatDate, openDaysOf, formatHhmm, formatLocal, isWorkingDay, parseHhmm, toLocal, type ClaimWindow } from './windows';

/**
 * Book-on-call rules that need no diary: where, when and in which order. Whether the adviser works then and the
 * slot is free is the diary's business (main/appointments), checked in the same transaction as the event.
 */

/** The built-in policy for a package without an `appointmentPolicy` part (FA 20 minutes PF:692; WFI 40, warn under 30). */
const DEFAULT_POLICY: AppointmentPolicy = AppointmentPolicy.parse({
  benefits: [],
  deferral: {
    reasons: [
      { code: 'distressed', label: { en: 'Too distressed to take part' }, scope: 'national', length: { rule: 'fcoSets', maxDays: 182 } },
      { code: 'tooIll', label: { en: 'Too ill to take part' }, scope: 'national', length: { rule: 'fcoSets', maxDays: 182 } },
      { code: 'lifeChangingEvent', label: { en: 'Life-changing event' }, scope: 'national', length: { rule: 'fcoSets', maxDays: 182 } },
      { code: 'medCertEmployed', label: { en: 'Employed, on sick leave with a medical certificate' }, scope: 'national', length: { rule: 'datePlusDays', from: 'certificateTo', plusDays: 14 } },
    ],
  },
});

export function appointmentPolicyOf(pkg: ScriptPackage): AppointmentPolicy {
  return pkg.appointmentPolicy ?? DEFAULT_POLICY;
}

/** Book-on-call benefits without their own window: the WFI within four weeks of the claim. */
export const DEFAULT_BOOK_WITHIN_DAYS: readonly [number, number] = [1, 28];

export function benefitAppointmentPolicy(pkg: ScriptPackage, benefitId: string): BenefitAppointmentPolicy {
  return (
    appointmentPolicyOf(pkg).benefits.find((b) => b.benefitId === benefitId) ?? {
      benefitId,
      wfiRoles: ['personalAdviser'],
      alignWithSigningDay: false,
      reviewWeeks: [],
      rebookLimit: 1,
      precallPriority: 5,
    }
  );
}

/**
 * The window the WFI must fall in: the due window for IB-like benefits (days 57–91), the content's booking window for
 * book-on-call benefits. Null when the benefit has no interview.
 */
export function interviewWindow(pkg: ScriptPackage, benefit: BenefitPolicy, claimDate: string): ClaimWindow | null {
  const policy = appointmentPolicyOf(pkg);
  if (benefit.appointment === 'noWfi') return null;
  const days = benefit.appointment === 'dueWindow' ? benefit.dueWindowDays : (benefitAppointmentPolicy(pkg, benefit.id).bookWithinDays ?? DEFAULT_BOOK_WITHIN_DAYS);
  return days ? claimWindow(claimDate, days, policy.closedDates) : null;
}

const endMs = (s: Slot) => Date.parse(s.start) + s.minutes * 60_000;
const name = (which: 'fa' | 'wfi') => (which === 'fa' ? 'Financial Assessor meeting' : 'interview');

/** Is a slot inside the benefit's preferred hours (local time)? True when the benefit has none. */
export function withinPreferredHours(pkg: ScriptPackage, benefitId: string, slot: { start: string; minutes: number }): boolean {
  const hours = benefitAppointmentPolicy(pkg, benefitId).preferredHours;
  if (!hours) return true;
  const local = toLocal(slot.start, appointmentPolicyOf(pkg).timeZone);
  return local.minute >= parseHhmm(hours.from) && local.minute + slot.minutes <= parseHhmm(hours.to);
}

type BookEvent = Extract<MachineEvent, { type: 'appointment.book' }>;
const refuse = (message: string, field: string): CallError => ({ code: 'invalid_booking', message, field });

/** Checks a book-on-call pair: both in the confirmed Jobcentre's diary, FA first, in the window, on open days, long enough. */
export function checkBooking(pkg: ScriptPackage, event: BookEvent, ctx: CallContext, view: CallView): CallError | null {
  const { fa, wfi } = event;
  const policy = appointmentPolicyOf(pkg);
  const tz = policy.timeZone;
  const office = ctx.officeMarker?.office.code;
  const benefit = view.benefit;
  if (!office || !benefit) return { code: 'invalid_booking', message: 'Confirm the benefit and the Jobcentre before booking.' };
  const now = Date.parse(ctx.lastEventAt);

  for (const [which, slot] of [['fa', fa], ['wfi', wfi]] as const) {
    // Telephone interviews and home visits are still held by an adviser of the customer's Jobcentre, from its diary.
    if (slot.officeCode !== office)
      return refuse(`The ${name(which)} must be in the diary of the customer's Jobcentre (${office}), not ${slot.officeCode}.`, `${which}.officeCode`);
    if (Date.parse(slot.start) < now + policy.minNoticeMinutes * 60_000)
      return refuse(`The ${name(which)} must be at least ${policy.minNoticeMinutes} minutes from now (${formatLocal(now, tz)}); choose a later slot.`, `${which}.start`);
    const local = toLocal(slot.start, tz);
    if (!isWorkingDay(local.date, policy.closedDates))
      return refuse(`${formatDate(local.date)} is ${local.weekday > 5 ? 'a weekend' : 'a bank holiday'}: the Jobcentre is closed.`, `${which}.start`);
  }
  if (fa.minutes < policy.faMinutes) return refuse(`The Financial Assessor meeting needs at least ${policy.faMinutes} minutes.`, 'fa.minutes');
  if (wfi.minutes < policy.wfiWarnUnderMinutes && !event.acknowledgeShortWfi)
    return refuse(
      `An interview under ${policy.wfiWarnUnderMinutes} minutes (this one: ${wfi.minutes}) usually loses the job search. Book a longer slot, or confirm the short one.`,
      'acknowledgeShortWfi',
    );
  // FA first, then the Personal Adviser (PF:628).
  if (endMs(fa) > Date.parse(wfi.start))
    return refuse(`The Financial Assessor meeting (ends ${formatLocal(endMs(fa), tz)}) must come before the interview (${formatLocal(wfi.start, tz)}).`, 'wfi.start');

  const window = interviewWindow(pkg, benefit, ctx.claimDate);
  if (window) {
    const d = toLocal(wfi.start, tz).date;
    if (d < window.from || d > window.to) {
      const days = openDaysOf(window);
      return refuse(
        `For ${benefit.name.en} the interview must be between day ${window.fromDay} and day ${window.toDay} of the claim (${formatDate(days.from)} to ${formatDate(days.to)}); ${formatDate(d)} is outside it.`,
        'wfi.start',
      );
    }
  }

  const hours = benefitAppointmentPolicy(pkg, benefit.id).preferredHours;
  if (hours && !event.outsidePreferredHours) {
    for (const [which, slot] of [['fa', fa], ['wfi', wfi]] as const) {
      if (!withinPreferredHours(pkg, benefit.id, slot)) {
        const l = toLocal(slot.start, tz);
        return refuse(
          `${hours.label.en}: the ${name(which)} at ${formatHhmm(l.minute)}–${formatHhmm(l.minute + slot.minutes)} is outside ${hours.from}–${hours.to}. Offer a time inside, or record why the customer wants this one.`,
          'outsidePreferredHours',
        );
      }
    }
  }
  return null;
}
