import type { DeskState } from '../../machines/deskState';
import type { Harness } from './harness';
import { jobseekerAnswers } from '../helpers/calls';

/**
 * Answers for the paths the tests walk. Questions not listed get a valid sample answer for their type, so the tests
 * keep working when the script content gains a question (content changes weekly; the desk must not care).
 */
export const identity = (postcode = 'QA1 2BB'): Record<string, unknown> => ({
  opening: true,
  dataProtection: true,
  fullName: 'Alex Example',
  dateOfBirth: '1984-03-02',
  nino: 'AB 12 34 56 C',
  addressLine: '12 Mill Lane',
  postcode,
  phone: '0113 496 0000',
  contactTimes: 'mornings',
});

export const JSA = (postcode?: string): Record<string, unknown> => ({ ...identity(postcode), ...jobseekerAnswers });

export const IB = (postcode?: string): Record<string, unknown> => ({
  ...identity(postcode),
  claimReason: 'illness',
  illnessPreventsWork: true,
  partnerDeclared: false,
  ibEmployed: true,
  ibEmployerName: 'Acme Foods Ltd',
  ibSickPay: true,
  ibSsp1: false,
  ibCertificateFrom: '2026-11-16',
  ibCertificateTo: '2027-01-16',
  ibHealthCondition: 'Back injury',
  ibComplexity: ['none'],
  interestInWork: 'notNow',
});

export const atQuestion = (id: string) => (s: DeskState) => s.question?.id === id;
export const atPhase = (phase: DeskState['phase']) => (s: DeskState) => s.phase === phase && s.question === null;

type CallDriver = Pick<Harness, 'callUntil' | 'send' | 'get' | 'record'>;

/** A call with both markers confirmed (office JC-NORTH), then `prep`, then questions answered until `stop`. */
export function callPastMarkers(h: CallDriver, answers: Record<string, unknown>, marker: string, stop: (s: DeskState) => boolean, prep?: (id: string) => void): string {
  const id = h.callUntil(answers, atPhase('markers'));
  h.send(id, { type: 'marker.benefit.confirm', marker });
  h.send(id, { type: 'office.confirm', officeCode: 'JC-NORTH' });
  prep?.(id);
  // Answer any further questions (e.g. the WFI explanation) until `stop`.
  for (let s = h.get(id); !stop(s); s = h.get(id)) {
    if (!s.question) throw new Error(`stuck at ${s.phase}`);
    h.send(id, { type: 'answer.submit', questionId: s.question.id, value: answers[s.question.id] ?? true });
  }
  return id;
}

/** Reads out the whole evidence checklist, as the FCO would. */
export function readOutChecklist(h: CallDriver, id: string): void {
  const ev = h.record(id).evidence;
  h.send(id, { type: 'evidence.readOut', checklistKey: ev.checklistKey, itemsRead: ev.items.map((i) => i.id) });
}

/** A jobseeker call at the appointment step: checklist read out, one search recorded, job search finished. */
export function jsaAtAppointments(h: CallDriver): string {
  return callPastMarkers(h, JSA(), 'jobseeker', atPhase('appointments'), (id) => {
    readOutChecklist(h, id);
    h.send(id, { type: 'jobsearch.record', query: { text: 'warehouse' }, resultCount: 3, submissions: [] });
    h.send(id, { type: 'jobsearch.finish' });
  });
}
