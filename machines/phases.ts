/** The call structure. Order matters: a call is always in the first phase that is not yet complete. */
export const PHASES = [
  'identify',
  'establishBenefit',
  'benefitQuestions',
  'markers',
  'evidence',
  'jobSearch',
  'appointments',
  'wrapUp',
] as const;
export type Phase = (typeof PHASES)[number];
export type CallPhase = Phase | 'complete' | 'ended';

export const PHASE_TITLES: Record<CallPhase, string> = {
  identify: 'Identity',
  establishBenefit: 'Benefit',
  benefitQuestions: 'Circumstances',
  markers: 'Markers',
  evidence: 'Evidence',
  jobSearch: 'Job search',
  appointments: 'Appointments',
  wrapUp: 'Wrap-up',
  complete: 'Complete',
  ended: 'Ended',
};
