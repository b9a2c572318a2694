import type { ClaimRecord } from '../../machines/contract/claimRecord';
import type { Office } from '../../machines/rules/allocation';
import { interviewWindow } from '../../machines/rules/booking';
import { evidenceDuePolicy, itemDue } from '../../machines/rules/evidence';
import { releasedByCorrection, standingFaMeeting } from '../../machines/rules/officeCorrection';
import { openDaysOf } from '../../machines/rules/windows';
import type { ScriptPackage } from '../../scripts-content/schema';
import { ukDate, ukDateTime, ukIsoDate } from './ukDates';

/**
 * The customer letter as data: what the HTML (print CSS, Electron printToPDF) and the pdf-lib PDF both render, so
 * the two cannot say different things. Everything comes from the completed claim record and the script package
 * the call was pinned to; nothing is typed again.
 */
export interface LetterItem {
  id: string;
  what: string;
  why: string;
  whoProvides: string;
  acceptedForms: string[];
  /** "Bring it to your meeting on Tuesday 1 December 2026 at 10:00am" / "Send it by Sunday 20 December 2026". */
  due: string;
  dueDate: string;
  oftenForgotten: boolean;
}

export interface LetterSection {
  heading: string;
  paragraphs: string[];
}

export interface LetterModel {
  callId: string;
  reference: string;
  /** The date printed on the letter: the day the claim was completed (UK date). */
  letterDate: string;
  senderName: string;
  signOff: string;
  recipient: { name: string; addressLines: string[] };
  benefitName: string;
  claimDate: string;
  appointments: LetterSection[];
  items: LetterItem[];
  cannotGetItem: string;
  contact: { phone: string | null; textphone: string | null; openingHours: string | null };
}

export class LetterNotReady extends Error {}

/**
 * The claim reference the customer quotes: the call id, unique and what every screen and log shows. A new call's id
 * is a short claim reference made to be read out (`7K4M-2QX9-HRC`, see machines/rules/claimReference.ts); calls
 * stored before that keep their UUID, shown as it is.
 */
export const claimReference = (callId: string): string => callId;

const officeLine = (o: Office | null, fallbackCode: string) => (o ? [o.name, o.address, o.postcode].filter(Boolean).join(', ') : `Jobcentre ${fallbackCode}`);

/**
 * The days the interview can be held, counted from the claim date (the clock never restarts when the Jobcentre is
 * corrected): the window's first and last working days, since the customer cannot be seen on a weekend or bank holiday.
 */
function wfiWindow(pkg: ScriptPackage, record: ClaimRecord): { from: string; to: string } | null {
  const benefit = record.benefit ? pkg.benefits.find((b) => b.id === record.benefit!.id) : undefined;
  const w = benefit ? interviewWindow(pkg, benefit, record.claimDate) : null;
  return w ? openDaysOf(w) : null;
}

export function buildLetterModel(record: ClaimRecord, pkg: ScriptPackage, officeByCode: (code: string) => Office | null): LetterModel {
  if (record.status !== 'complete') throw new LetterNotReady('The letter is produced once the claim is complete (markers confirmed, checklist read out, appointment step done).');
  if (!record.benefit) throw new LetterNotReady('The claim has no benefit.');
  const letterPolicy = pkg.customerLetter;
  const duePolicy = evidenceDuePolicy(pkg);
  const jobcentre = record.markers.jobcentre.confirmed;
  const appt = record.appointment;
  // A correction of the Jobcentre released what was still to come at the old office (main/appointments): the letter
  // must not send the customer to a meeting that no longer exists.
  const faGone = appt?.kind === 'booked' ? releasedByCorrection(appt.fa, record.corrections) : null;
  const wfiGone = appt?.kind === 'booked' ? releasedByCorrection(appt.wfi, record.corrections) : null;
  const standing = standingFaMeeting(record);
  const faMeeting = standing ? { start: standing.start, localDate: ukIsoDate(standing.start) } : null;

  const appointments: LetterSection[] = [];
  const officeName = jobcentre?.name ?? 'your Jobcentre';
  if (appt?.kind === 'booked') {
    const faOffice = officeByCode(appt.fa.officeCode) ?? (jobcentre?.code === appt.fa.officeCode ? jobcentre : null);
    const wfiOffice = officeByCode(appt.wfi.officeCode) ?? (jobcentre?.code === appt.wfi.officeCode ? jobcentre : null);
    const where = (slot: typeof appt.fa, office: Office | null) =>
      slot.kind === 'telephone'
        ? `by telephone: we will call you${record.customer.phone ? ` on ${record.customer.phone}` : ''}`
        : slot.kind === 'homeVisit'
          ? 'at your home'
          : `at ${officeLine(office, slot.officeCode)}`;
    const moved = faGone || wfiGone ? `Your claim is now dealt with by ${officeLine(jobcentre, '')}. ` : '';
    appointments.push({
      heading: 'Meeting with a Financial Assessor',
      paragraphs: [
        faGone
          ? `${moved}The meeting booked on the call has been cancelled: ${officeName} will contact you to arrange a new one.`
          : `${ukDateTime(appt.fa.start)}, ${where(appt.fa, faOffice)}.`,
        `It takes about ${appt.fa.minutes} minutes. The Financial Assessor checks your claim form and the documents listed below, so please bring them.`,
      ],
    });
    const window = wfiGone ? wfiWindow(pkg, record) : null;
    appointments.push({
      heading: 'Work Focused Interview with a Personal Adviser',
      paragraphs: [
        wfiGone
          ? `${faGone ? '' : moved}The interview booked on the call has been cancelled: ${officeName} will contact you to arrange a new one${window ? `, between ${ukDate(window.from)} and ${ukDate(window.to)}` : ''}.`
          : `${ukDateTime(appt.wfi.start)}, ${where(appt.wfi, wfiOffice)}.`,
        `It takes about ${appt.wfi.minutes} minutes. The adviser talks with you about work and the help you can get. Going to this interview is part of your claim.`,
      ],
    });
  } else if (appt?.kind === 'dueWindow') {
    const dueDays = wfiWindow(pkg, record);
    appointments.push({
      heading: 'Work Focused Interview with a Personal Adviser',
      paragraphs: [
        `You do not need to book anything now. ${officeName} will contact you to arrange your interview. It will be between ${ukDate(dueDays?.from ?? appt.from)} and ${ukDate(dueDays?.to ?? appt.to)}.`,
        `Please send or take the documents listed below to ${officeLine(jobcentre, '')} by the dates shown.`,
      ],
    });
  } else if (appt?.kind === 'deferred') {
    const d = appt.deferral;
    appointments.push({
      heading: 'Work Focused Interview with a Personal Adviser',
      paragraphs: [
        `We have put off your interview until ${ukDate(d.untilDate)}.`,
        `${d.paAllocated ? `Your Personal Adviser, ${d.paAllocated},` : 'A Personal Adviser'} will contact you by ${ukDate(d.reviewDate)} to arrange it.`,
        `Your claim still goes ahead now: please send or take the documents listed below to ${officeLine(jobcentre, '')} by the dates shown.`,
      ],
    });
  } else if (appt?.kind === 'noWfi') {
    appointments.push({
      heading: 'Appointments',
      paragraphs: ['You do not need an interview for this claim. Please send the documents listed below by the dates shown.'],
    });
  }

  const catalogue = new Map(pkg.evidenceCatalogue.map((i) => [i.id, i]));
  const items: LetterItem[] = record.evidence.items.map((i) => {
    const content = catalogue.get(i.id);
    const due = itemDue(content ?? {}, record.claimDate, faMeeting, duePolicy);
    const byDate = (content?.due?.by ?? 'faMeeting') === 'withinDays';
    const text = due.meetingStart
      ? `Bring it to your meeting on ${ukDateTime(due.meetingStart)}.`
      : byDate
        ? `Needed by ${ukDate(due.date)}. ${i.whenNeeded.replace(/\.$/, '')}.`
        : appt?.kind === 'noWfi' || !jobcentre
          ? `Send it with your claim form by ${ukDate(due.date)}.`
          : `Send or take it to ${jobcentre.name} by ${ukDate(due.date)}.`;
    return {
      id: i.id,
      what: i.what,
      why: i.why,
      whoProvides: i.whoProvides,
      acceptedForms: (content?.acceptedForms ?? []).map((f) => f.en),
      due: text,
      dueDate: due.date,
      oftenForgotten: i.oftenForgotten,
    };
  });

  const c = record.customer;
  return {
    callId: record.callId,
    reference: claimReference(record.callId),
    letterDate: ukIsoDate(record.completedAt ?? `${record.claimDate}T12:00:00Z`),
    senderName: pkg.contactCentre.name,
    signOff: letterPolicy?.signOff.en ?? pkg.contactCentre.name,
    recipient: { name: c.name ?? 'The claimant', addressLines: [c.address, c.postcode].filter((x): x is string => !!x) },
    benefitName: record.benefit.name,
    claimDate: record.claimDate,
    appointments,
    items,
    cannotGetItem:
      letterPolicy?.cannotGetItem.en ?? 'If you cannot get something on this list in time, call us, and still come to your appointment.',
    contact: {
      phone: letterPolicy?.phone ?? null,
      textphone: letterPolicy?.textphone ?? null,
      openingHours: letterPolicy?.openingHours.en ?? null,
    },
  };
}
