import type { CallCommand } from '../../machines/contract/callTypes';

type Cmd = CallCommand;
const a = (questionId: string, value: unknown): Cmd => ({ type: 'answer.submit', questionId, value });

export const identityAnswers = (postcode = 'QA1 2BB'): Cmd[] => [
  a('opening', true),
  a('dataProtection', true),
  a('fullName', 'Alex Example'),
  a('dateOfBirth', '1984-03-02'),
  a('nino', 'AB 12 34 56 C'),
  a('addressLine', '12 Mill Lane'),
  a('postcode', postcode),
  a('phone', '0113 496 0000'),
  a('contactTimes', 'mornings'),
  a('languageNeeds', 'english'),
  a('accessibilityNeeds', ''),
];

/** A jobseeker's triage and benefit answers, by question id, in the order the script asks them. */
export const jobseekerAnswers: Readonly<Record<string, unknown>> = {
  claimReason: 'lookingForWork',
  partnerDeclared: false,
  jsaJobGoal: 'warehouse operative',
  jsaHoursPerWeek: 30,
  jsaMaxTravelMiles: 10,
  jsaMinHourlyPay: 11.5,
  jsaAspirations: 'Forklift licence one day',
};

export const jobseekerTriage: Cmd[] = Object.entries(jobseekerAnswers).map(([id, value]) => a(id, value));

export const ibTriage: Cmd[] = [
  a('claimReason', 'illness'),
  a('illnessPreventsWork', true),
  a('partnerDeclared', false),
  a('ibEmployed', true),
  a('ibEmployerName', 'Acme Foods Ltd'),
  a('ibSickPay', true),
  a('ibSsp1', false),
  a('ibCertificateFrom', '2026-11-16'),
  a('ibCertificateTo', '2027-01-16'),
  a('ibHealthCondition', 'Back injury'),
  a('ibComplexity', ['none']),
  a('interestInWork', 'yesLater'),
];

export const markers = (marker: string, officeCode = 'JC-NORTH'): Cmd[] => [
  { type: 'marker.benefit.confirm', marker },
  { type: 'office.confirm', officeCode },
];

/** A complete Incapacity Benefit call through the real service, 20 seconds per event, due window accepted. */
export function completeIbCall(app: { service: import('../../main/calls/callService').CallService; clock: { advance(seconds: number): void } }, fcoId = 'fco-ann') {
  const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const id = ok(app.service.startCall(fcoId)).record.callId;
  for (const c of [...identityAnswers(), ...ibTriage, ...markers('incapacitated/disabled')]) (app.clock.advance(20), ok(app.service.send(id, c, fcoId)));
  const evidence = ok(app.service.get(id)).record.evidence;
  const rest: Cmd[] = [
    { type: 'evidence.readOut', checklistKey: evidence.checklistKey, itemsRead: evidence.items.map((i) => i.id) },
    { type: 'jobsearch.skip', reason: 'Not ready' },
    { type: 'answer.submit', questionId: 'explainWfi', value: true },
    { type: 'appointment.window.accept' },
    { type: 'answer.submit', questionId: 'readBack', value: true },
    { type: 'answer.submit', questionId: 'closing', value: true },
  ];
  for (const c of rest) (app.clock.advance(20), ok(app.service.send(id, c, fcoId)));
  return ok(app.service.get(id)).record;
}
