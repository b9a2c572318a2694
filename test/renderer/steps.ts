import type { DeskState } from '../../machines/deskState';

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

export const JSA = (postcode?: string): Record<string, unknown> => ({
  ...identity(postcode),
  claimReason: 'lookingForWork',
  partnerDeclared: false,
  jsaJobGoal: 'warehouse operative',
  jsaHoursPerWeek: 30,
  jsaMaxTravelMiles: 10,
  jsaMinHourlyPay: 11.5,
  jsaAspirations: 'Forklift licence one day',
});

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
