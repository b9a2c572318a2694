import { z } from 'zod';
import { Office, DirectoryResult } from '../rules/allocation';

/** Everything the call machine holds, and the events it accepts. Shared by main (validation) and renderer (types). */

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
export const IsoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, 'a date-time in ISO 8601 with zone');

const Text = (max: number) => z.string().trim().max(max);

export const Override = z.strictObject({
  reason: z.string().min(1).max(60),
  note: Text(1000),
});
export type Override = z.infer<typeof Override>;

export const Slot = z.strictObject({
  start: IsoDateTime,
  minutes: z.number().int().min(5).max(240),
  officeCode: z.string().min(1).max(40),
  diaryId: z.string().max(80).optional(),
  kind: z.enum(['inPerson', 'telephone', 'homeVisit']).default('inPerson'),
});
export type Slot = z.infer<typeof Slot>;

export const JobSearchQuery = z.strictObject({
  text: Text(200),
  socCode: z.string().max(10).optional(),
  maxDistanceMiles: z.number().min(0).max(500).optional(),
  minHourlyPay: z.number().min(0).max(1000).optional(),
  hoursPerWeek: z.number().min(0).max(100).optional(),
  minHours: z.number().min(0).max(100).optional(),
  maxHours: z.number().min(0).max(100).optional(),
  patterns: z.array(z.enum(['full-time', 'part-time', 'shifts'])).max(3).optional(),
});
export const Submission = z.strictObject({
  vacancyId: z.string().min(1).max(80),
  title: Text(300),
  employer: Text(300),
});
export type Submission = z.infer<typeof Submission>;

export const DeferralDetails = z.strictObject({
  /** A reason code from the content (appointmentPolicy.deferral.reasons), e.g. "tooIll", "medCertEmployed". */
  reason: z.string().min(1).max(60),
  /** One of the reason's details, e.g. "bereavement" for "distressed". */
  detail: z.string().max(60).optional(),
  note: Text(1000),
  /** The end of the deferral. For reasons with a length rule it must equal the computed date (see appointments.deferralPreview). */
  untilDate: IsoDate,
  reviewDate: IsoDate,
  /** Inputs to the length rules: the medical certificate's end; a treatment programme's end. */
  certificateTo: IsoDate.optional(),
  programmeEndDate: IsoDate.optional(),
  claimPackSent: z.boolean(),
  paAllocated: z.string().max(120),
  paContactGiven: z.boolean(),
  letterSent: z.boolean().default(false),
  authorisedBy: z.string().max(80).optional(),
  /** A team leader's approval (appointments.deferral.decide), needed for local protocols and long deferrals. */
  authorisationId: z.string().min(1).max(80).optional(),
});
export type DeferralDetails = z.infer<typeof DeferralDetails>;

/** Commands the desk (or a scenario file) sends. Validated with zod before they reach the machine. */
export const CallCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('answer.submit'), questionId: z.string().min(1).max(80), value: z.unknown() }),
  z.strictObject({ type: z.literal('nav.back') }),
  z.strictObject({ type: z.literal('nav.resume') }),
  z.strictObject({ type: z.literal('marker.benefit.confirm'), marker: z.string().min(1).max(80), override: Override.optional() }),
  z.strictObject({ type: z.literal('office.confirm'), officeCode: z.string().min(1).max(40), override: Override.optional() }),
  z.strictObject({
    type: z.literal('evidence.readOut'),
    checklistKey: z.string().max(2000),
    /** Each item the FCO ticked as read out; all must be there (SSP1 is the one most often forgotten). */
    itemsRead: z.array(z.string().max(80)).max(100),
  }),
  z.strictObject({ type: z.literal('jobsearch.record'), query: JobSearchQuery, resultCount: z.number().int().min(0), submissions: z.array(Submission).max(50).default([]) }),
  z.strictObject({ type: z.literal('jobsearch.finish') }),
  z.strictObject({ type: z.literal('jobsearch.skip'), reason: Text(500).pipe(z.string().min(1)) }),
  z.strictObject({
    type: z.literal('appointment.book'),
    fa: Slot,
    wfi: Slot,
    /** The FCO saw the "interview under 30 minutes" warning and books it anyway. */
    acknowledgeShortWfi: z.boolean().optional(),
    /** Why a time outside the benefit's preferred hours (lone parents: school hours) was booked: the customer's request. */
    outsidePreferredHours: Text(300).pipe(z.string().min(3, 'say why the customer wants this time')).optional(),
  }),
  z.strictObject({ type: z.literal('appointment.window.accept') }),
  z.strictObject({ type: z.literal('deferral.record'), deferral: DeferralDetails }),
  z.strictObject({ type: z.literal('appointment.noWfi') }),
  z.strictObject({ type: z.literal('call.end'), reason: z.enum(['callerHungUp', 'customerDeclined', 'transferred', 'lineFault', 'other']), note: Text(500).default('') }),
  z.strictObject({ type: z.literal('claim.correct'), target: z.enum(['benefitMarker', 'office']), value: z.string().min(1).max(80), reason: Text(1000).pipe(z.string().min(3, 'say why the correction is needed')) }),
]);
export type CallCommand = z.infer<typeof CallCommand>;
export type CallCommandType = CallCommand['type'];

/** Stamped by the service on every event: who and when. Never supplied by the UI. */
export const EventMeta = z.strictObject({ at: IsoDateTime, by: z.string().min(1) });
export type EventMeta = z.infer<typeof EventMeta>;

/** Events produced by the Node side (directory lookups) or enriched by it (office details). */

export type MachineEvent =
  | (Exclude<CallCommand, { type: 'office.confirm' } | { type: 'claim.correct' }> & { meta: EventMeta })
  | (Extract<CallCommand, { type: 'office.confirm' }> & { meta: EventMeta; office: Office | null })
  | (Extract<CallCommand, { type: 'claim.correct' }> & { meta: EventMeta; office: Office | null })
  | ({ type: 'directory.result'; result: DirectoryResult } & { meta: EventMeta });

export const DIRECTORY_RESULT = 'directory.result';

export type AuditFlag =
  | { kind: 'officeOverride'; at: string; by: string; suggestedCode: string | null; chosenCode: string; reason: string; note: string }
  | { kind: 'benefitMarkerOverride'; at: string; by: string; derivedMarker: string; chosenMarker: string; reason: string; note: string }
  | { kind: 'correction'; at: string; by: string; target: 'benefitMarker' | 'office'; from: string | null; to: string; reason: string };

export interface BenefitMarkerConfirmation {
  marker: string;
  derivedMarker: string;
  benefitId: string;
  override: Override | null;
  at: string;
  by: string;
}
export interface OfficeMarkerConfirmation {
  office: Office;
  forPostcode: string;
  suggestedCode: string | null;
  override: Override | null;
  at: string;
  by: string;
}
export type AppointmentOutcome =
  | { kind: 'booked'; fa: Slot; wfi: Slot; forBenefit: string; forOffice: string; at: string; by: string }
  | { kind: 'dueWindow'; from: string; to: string; forBenefit: string; at: string; by: string }
  | { kind: 'deferred'; deferral: DeferralDetails; forBenefit: string; at: string; by: string }
  | { kind: 'noWfi'; forBenefit: string; at: string; by: string };

export interface Correction {
  target: 'benefitMarker' | 'office';
  from: string | null;
  to: string;
  reason: string;
  at: string;
  by: string;
}

export interface CallContext {
  callId: string;
  fcoId: string;
  /** Fixed at intake. Nothing in the machine ever assigns it again. */
  claimDate: string;
  startedAt: string;
  answers: Record<string, unknown>;
  cursor: string | null;
  directory: DirectoryResult | null;
  benefitMarker: BenefitMarkerConfirmation | null;
  officeMarker: OfficeMarkerConfirmation | null;
  evidenceReadOut: { key: string; at: string; by: string } | null;
  jobSearch: {
    searches: { query: z.infer<typeof JobSearchQuery>; resultCount: number; at: string }[];
    submissions: (Submission & { at: string })[];
    finishedAt: string | null;
    skipped: { reason: string; at: string } | null;
  };
  appointment: AppointmentOutcome | null;
  flags: AuditFlag[];
  corrections: Correction[];
  ended: { reason: string; note: string; at: string; by: string } | null;
  completedAt: string | null;
  lastEventAt: string;
  settings: CallSettings;
}

/** Site settings in force when the call started; fixed for the call so a change mid-call cannot strand it. */
export interface CallSettings {
  /** Off while new FCOs bed in: the Jobcentre does the job search instead (PF:586). */
  jobSearchOnCall: boolean;
}

export interface CallInput {
  callId: string;
  fcoId: string;
  claimDate: string;
  startedAt: string;
  settings?: CallSettings;
}
