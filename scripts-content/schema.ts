import { z } from 'zod';

/**
 * The script package: everything an administrator may change without a code change — the words, the question
 * routing, validation, help text, benefit policies, evidence rules. Validated at load; the linter adds graph checks.
 */

const id = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'ids are camelCase letters, digits and underscores');

/** Text keyed by locale. English is required because it is the fallback for every other locale. */
export const LocalisedText = z
  .object({ en: z.string().min(1, 'English text is required') })
  .catchall(z.string().min(1));
export type LocalisedText = z.infer<typeof LocalisedText>;

export const ChoiceOption = z.object({
  value: id,
  label: LocalisedText,
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

export const AnswerSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('acknowledge') }),
  z.object({
    type: z.literal('text'),
    minLength: z.number().int().min(0).default(1),
    maxLength: z.number().int().min(1).max(4000).default(200),
  }),
  z.object({
    type: z.literal('date'),
    /** Relative to the claim date: a date of birth cannot be in the future, a certificate end can be. */
    notAfterClaimDate: z.boolean().default(false),
    notBeforeClaimDate: z.boolean().default(false),
    /** For a date of birth: the person's age in whole years on the claim date (a typo like 1858 or this year is refused). */
    ageOnClaimDate: z.strictObject({ min: z.number().int().min(0), max: z.number().int().min(0).max(150) }).optional(),
    /** At most this many days before the claim date (a start date years back is a typo or the wrong document). */
    maxDaysBeforeClaimDate: z.number().int().min(0).optional(),
  }),
  z.object({ type: z.literal('nino') }),
  z.object({ type: z.literal('postcode') }),
  z.object({ type: z.literal('phone') }),
  z.object({ type: z.literal('yesNo') }),
  z.object({ type: z.literal('choice'), options: z.array(ChoiceOption).min(2) }),
  z.object({ type: z.literal('multiChoice'), options: z.array(ChoiceOption).min(2), minSelected: z.number().int().min(0).default(1) }),
  z.object({
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
  }),
]);
export type AnswerSpec = z.infer<typeof AnswerSpec>;
export type AnswerType = AnswerSpec['type'];

export type Condition =
  | { answer: string; equals: string | number | boolean }
  | { answer: string; in: (string | number)[] }
  | { answer: string; includes: string }
  | { answer: string; isTrue: true }
  | { answer: string; isFalse: true }
  | { benefitIs: string[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ answer: id, equals: z.union([z.string(), z.number(), z.boolean()]) }),
    z.strictObject({ answer: id, in: z.array(z.union([z.string(), z.number()])).min(1) }),
    z.strictObject({ answer: id, includes: z.string() }),
    z.strictObject({ answer: id, isTrue: z.literal(true) }),
    z.strictObject({ answer: id, isFalse: z.literal(true) }),
    z.strictObject({ benefitIs: z.array(id).min(1) }),
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
  ]),
);

/** `@end` ends the section; the machine then moves to the phase's structural step or the next phase. */
export const END = '@end';
export const Route = z.strictObject({ when: Condition.optional(), goto: z.string().min(1) });
export type Route = z.infer<typeof Route>;

export const Question = z.strictObject({
  id,
  say: LocalisedText,
  help: LocalisedText.optional(),
  answer: AnswerSpec,
  /** Sensitive answers (health) are shown only to roles that need them and kept out of exports. */
  sensitive: z.boolean().default(false),
  next: z.array(Route).min(1, 'every question needs at least one route (use "@end" to finish the section)'),
});
export type Question = z.infer<typeof Question>;

export const SectionPhase = z.enum(['identify', 'establishBenefit', 'benefitQuestions', 'appointments', 'wrapUp']);
export type SectionPhase = z.infer<typeof SectionPhase>;

export const Section = z.strictObject({
  phase: SectionPhase,
  title: LocalisedText,
  /** A section whose condition is false is skipped entirely (no WFI explanation for HB/CTB-only claims). */
  when: Condition.optional(),
  start: id,
  questions: z.array(Question).min(1),
});
export type Section = z.infer<typeof Section>;

export const AppointmentMode = z.enum(['bookOnCall', 'dueWindow', 'noWfi']);
export const JobSearchMode = z.enum(['required', 'optional', 'none']);

export const BenefitPolicy = z.strictObject({
  id,
  name: LocalisedText,
  /** The primary benefit marker value this benefit sets on the customer record. */
  marker: z.string().min(1),
  appointment: AppointmentMode,
  /** For dueWindow: the window in days counted from the claim date (day 1 = claim date). */
  dueWindowDays: z.tuple([z.number().int().min(1), z.number().int().min(1)]).optional(),
  deferralAllowed: z.boolean(),
  jobSearch: JobSearchMode,
});
export type BenefitPolicy = z.infer<typeof BenefitPolicy>;

export const BenefitRule = z.strictObject({ when: Condition, benefit: id });

/**
 * When an evidence item is due. `faMeeting`: bring it to the Financial Assessor meeting (with no meeting booked,
 * within `customerLetter.noMeetingDueDays` of the claim date); `withinDays`: day N counted from the claim date (day 1).
 */
export const EvidenceDue = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('faMeeting') }),
  z.strictObject({ by: z.literal('withinDays'), days: z.number().int().min(1).max(365) }),
]);
export type EvidenceDue = z.infer<typeof EvidenceDue>;

// The fields added after 1.0 are optional without defaults: a stored package re-parses to the same hash.
export const EvidenceItem = z.strictObject({
  id,
  what: LocalisedText,
  why: LocalisedText,
  whoProvides: LocalisedText,
  whenNeeded: LocalisedText,
  /** Items most often forgotten are read out first and highlighted (SSP1 for IB). */
  oftenForgotten: z.boolean().default(false),
  /** Documents that satisfy the item, in plain words for the customer letter. */
  acceptedForms: z.array(LocalisedText).optional(),
  /** Absent: at the FA meeting. */
  due: EvidenceDue.optional(),
  /** Where the requirement comes from: a report reference (e.g. "IDT:726") or "policy" for content an administrator authored. */
  source: z.string().min(1).max(200).optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const EvidenceRule = z.strictObject({
  when: Condition,
  items: z.array(id).min(1),
  /** Also requires the date answered to `answer` to lie within `days` before the claim date ("recently employed"). */
  answeredDateWithin: z.strictObject({ answer: id, days: z.number().int().min(1).max(3650) }).optional(),
  /** Why the rule exists (report reference or "policy"); not shown to customers. */
  note: z.string().max(500).optional(),
});
export type EvidenceRule = z.infer<typeof EvidenceRule>;

/** Fixed words and numbers of the customer letter (checklist and appointments come from the claim). */
export const CustomerLetter = z.strictObject({
  phone: z.string().min(5).max(40),
  textphone: z.string().min(5).max(40).optional(),
  openingHours: LocalisedText,
  /** With no FA meeting booked (due window, deferral, no WFI), "bring to the meeting" items are due this many days from the claim date. */
  noMeetingDueDays: z.number().int().min(1).max(180),
  cannotGetItem: LocalisedText,
  signOff: LocalisedText,
});
export type CustomerLetter = z.infer<typeof CustomerLetter>;

/** Which questions hold the facts the engine needs by meaning (postcode for allocation, and so on). */
export const Bindings = z.strictObject({
  customerName: id,
  dateOfBirth: id,
  nino: id,
  addressLine: id,
  postcode: id,
  phone: id,
  contactTimes: id,
  partnerDeclared: id.optional(),
  jobGoal: id.optional(),
  healthCondition: id.optional(),
  youngestChildDob: id.optional(),
  interestInWork: id.optional(),
});

export const OfficeOverrideReason = z.strictObject({ code: id, label: LocalisedText });

export const AllocationPolicySchema = z.strictObject({
  notServedPostcodeAreas: z.array(z.string().regex(/^[A-Z]{1,2}$/)),
  maxSuggestedDistanceKm: z.number().positive(),
});

/* ---- Appointments policy (part appointments.json). Optional: a package without it gets the built-in defaults. ---- */

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour)');
const ContentDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** Who holds a diary slot. The FA meeting is with a financial assessor; the WFI with the roles the benefit lists. */
export const AdviserRole = z.enum(['financialAssessor', 'personalAdviser', 'ibPersonalAdviser', 'loneParentAdviser', 'disabilityEmploymentAdviser']);
export type AdviserRole = z.infer<typeof AdviserRole>;

export const BenefitAppointmentPolicy = z.strictObject({
  benefitId: id,
  /** Roles that may hold this benefit's WFI, in order of preference (IB: an IBPA). */
  wfiRoles: z.array(AdviserRole).min(1),
  /** Book-on-call benefits: the WFI must fall in these claim days (day 1 = claim date). */
  bookWithinDays: z.tuple([z.number().int().min(1), z.number().int().min(1)]).optional(),
  /** Offered by default; a time outside needs the customer's reason (lone parents 09:30–15:00, IDT:836). */
  preferredHours: z.strictObject({ from: HHMM, to: HHMM, label: LocalisedText }).optional(),
  /** Jobseekers: the WFI weekday becomes the fortnightly signing day; later reviews fall on it (IDT:772). */
  alignWithSigningDay: z.boolean().default(false),
  /** Review interviews after the first, in weeks from the claim date (JSA 13 and 26), snapped to the signing day. */
  reviewWeeks: z.array(z.number().int().min(1)).default([]),
  /** Re-books allowed after a failure to attend (one office: one for lone parents, IDT:790). */
  rebookLimit: z.number().int().min(0),
  /** Pre-call order the day before: 1 first (IB customers, IDT:784). */
  precallPriority: z.number().int().min(1).max(9),
});
export type BenefitAppointmentPolicy = z.infer<typeof BenefitAppointmentPolicy>;

export const DeferralLengthRule = z.discriminatedUnion('rule', [
  /** No national length: the FCO sets the end date, up to maxDays. */
  z.strictObject({ rule: z.literal('fcoSets'), maxDays: z.number().int().min(1) }),
  /** A date the FCO records plus some days (medical certificate end + 14; programme end + 14). */
  z.strictObject({ rule: z.literal('datePlusDays'), from: z.enum(['certificateTo', 'programmeEndDate']), plusDays: z.number().int().min(0) }),
  /** A fixed length from the claim date (women's refuge: 28 days). */
  z.strictObject({ rule: z.literal('fixedDays'), days: z.number().int().min(1) }),
]);
export type DeferralLengthRule = z.infer<typeof DeferralLengthRule>;

export const DeferralReason = z.strictObject({
  code: id,
  label: LocalisedText,
  help: LocalisedText.optional(),
  /** national: PF:956; local: an area protocol (PF:989-997), off unless `enabledFor` names the area. */
  scope: z.enum(['national', 'local']),
  details: z.array(ChoiceOption).default([]),
  length: DeferralLengthRule,
  requiresAuthorisation: z.boolean().default(false),
  enabledFor: z.strictObject({ offices: z.array(z.string().min(1)).default([]), districts: z.array(z.string().min(1)).default([]) }).optional(),
});
export type DeferralReason = z.infer<typeof DeferralReason>;

export const AppointmentPolicy = z.strictObject({
  timeZone: z.string().min(1).default('Europe/London'),
  faMinutes: z.number().int().min(5).default(20),
  wfiDefaultMinutes: z.number().int().min(5).default(40),
  /** A WFI shorter than this is warned about and needs the FCO's acknowledgement (IDT:862, IDT:882). */
  wfiWarnUnderMinutes: z.number().int().min(5).default(30),
  /** Earliest FA meeting after the call. */
  minNoticeMinutes: z.number().int().min(0).default(60),
  /** Jobcentres closed (bank holidays); weekends are always closed. */
  closedDates: z.array(ContentDate).default([]),
  benefits: z.array(BenefitAppointmentPolicy),
  deferral: z.strictObject({
    reasons: z.array(DeferralReason).min(1),
    /** The review date is at the latest this many days before the deferral ends, so the WFI can be booked in time. */
    reviewLeadDays: z.number().int().min(0).default(7),
    /** Longer deferrals need a team leader's authorisation. */
    maxDaysWithoutAuthorisation: z.number().int().min(1).default(91),
  }),
  /** Which questions feed the hand-off record's sections, by meaning. */
  handoffFields: z
    .strictObject({
      employed: id, employerName: id, sickPay: id, ssp1: id, lastWorked: id, certificateFrom: id, certificateTo: id,
      complexity: id, jobGoal: id, hoursPerWeek: id, maxTravelMiles: id, minHourlyPay: id, aspirations: id,
      accessibilityNeeds: id, language: id,
    })
    .partial()
    .default({}),
});
export type AppointmentPolicy = z.infer<typeof AppointmentPolicy>;

export const ScriptPackage = z.strictObject({
  $schema: z.string().optional(),
  /** In the manifest: the other files of the package, merged key by key at load. */
  parts: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.json$/)).optional(),
  scriptId: id,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version is semver, e.g. 1.0.0'),
  title: LocalisedText,
  locales: z.array(z.string().min(2)).min(1),
  /** The contact centre that runs this script. It is never a Jobcentre marker candidate. */
  contactCentre: z.strictObject({ code: z.string().min(1), name: z.string().min(1) }),
  sections: z.array(Section).min(1),
  bindings: Bindings,
  benefits: z.array(BenefitPolicy).min(1),
  benefitRules: z.array(BenefitRule).min(1),
  evidenceCatalogue: z.array(EvidenceItem).min(1),
  evidenceRules: z.array(EvidenceRule),
  customerLetter: CustomerLetter.optional(),
  officeOverrideReasons: z.array(OfficeOverrideReason).min(1),
  allocationPolicy: AllocationPolicySchema.default({ notServedPostcodeAreas: ['BT', 'IM', 'JE', 'GY'], maxSuggestedDistanceKm: 60 }),
  benefitOverrideReasons: z.array(OfficeOverrideReason).min(1),
  appointmentPolicy: AppointmentPolicy.optional(),
});
export type ScriptPackage = z.infer<typeof ScriptPackage>;
export type ScriptPackageInput = z.input<typeof ScriptPackage>;
