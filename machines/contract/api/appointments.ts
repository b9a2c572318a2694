import { z } from 'zod';
import { IsoDate, IsoDateTime, JobSearchQuery, Override, Slot } from '../callTypes';
import type { CallError } from '../errors';
import { channel, type Role } from './define';
import { CallId } from './callId';

/**
 * The appointments area: free diary slots for the call's Jobcentre, deferral options and their computed length,
 * team-leader authorisation of deferrals, the IB interview schedule, the day-before pre-call list, attendance and
 * re-booking, the hand-off record (drafted → sent → acknowledged → conducted), ICS export and the re-contact list.
 */

const BookingId = z.string().trim().min(1).max(80);
const OfficeCode = z.string().trim().min(1).max(40);
const Note = (max: number) => z.string().trim().max(max);
const ALL: Role[] = ['fco', 'fa', 'teamLeader'];
const DESK: Role[] = ['fco', 'teamLeader'];
/** Jobcentre-side work (diary admin, pre-calls, attendance). Financial assessors are the Jobcentre users of this product. */
const JOBCENTRE: Role[] = ['fa', 'teamLeader'];

export const AdviserRoleName = z.enum(['financialAssessor', 'personalAdviser', 'ibPersonalAdviser', 'loneParentAdviser', 'disabilityEmploymentAdviser']);
export type AdviserRoleName = z.infer<typeof AdviserRoleName>;
export const ADVISER_ROLE_LABELS: Record<AdviserRoleName, string> = {
  financialAssessor: 'Financial Assessor',
  personalAdviser: 'Personal Adviser',
  ibPersonalAdviser: 'Incapacity Benefit Personal Adviser',
  loneParentAdviser: 'Lone Parent Adviser',
  disabilityEmploymentAdviser: 'Disability Employment Adviser',
};

/* ---------- The hand-off record: what the PA and FA receive (BRIEF §7). Validated before it is stored or sent. ---------- */

const Answered = z.object({ questionId: z.string(), question: z.string(), answer: z.string() });
const SlotOut = z.object({
  bookingId: z.string(),
  kind: z.enum(['fa', 'wfi']),
  start: IsoDateTime,
  minutes: z.number().int(),
  local: z.string(),
  mode: z.enum(['inPerson', 'telephone', 'homeVisit']),
  adviser: z.object({ id: z.string(), name: z.string(), role: AdviserRoleName }),
  status: z.string(),
  /** The Jobcentre whose diary holds it (after a correction of the Jobcentre, what already happened stays at the old one). Null in records drafted before this was recorded. */
  officeCode: z.string().nullable().default(null),
});

export const HandoffRecord = z.object({
  schema: z.literal('handoff/1'),
  callId: z.string(),
  revision: z.number().int().min(1),
  generatedAt: IsoDateTime,
  script: z.object({ id: z.string(), version: z.string(), hash: z.string() }),
  claimDate: IsoDate,
  benefit: z.object({ id: z.string(), name: z.string() }),
  markers: z.object({
    benefit: z.object({
      value: z.string(),
      derived: z.string().nullable(),
      how: z.enum(['derivedFromAnswers', 'override']),
      override: Override.nullable(),
      confirmedBy: z.string().nullable(),
      confirmedAt: z.string().nullable(),
    }),
    jobcentre: z.object({
      code: z.string(),
      name: z.string(),
      how: z.enum(['postcodeLookup', 'chosenFromNearest', 'override']),
      forPostcode: z.string().nullable(),
      suggestedCode: z.string().nullable(),
      lookup: z.enum(['exact', 'approximate', 'unknown']).nullable(),
      override: Override.nullable(),
      confirmedBy: z.string().nullable(),
      confirmedAt: z.string().nullable(),
    }),
  }),
  contact: z.object({
    name: z.string().nullable(),
    dateOfBirth: z.string().nullable(),
    nino: z.string().nullable(),
    address: z.string().nullable(),
    postcode: z.string().nullable(),
    phone: z.string().nullable(),
    preferredTimes: z.string().nullable(),
    /** Phones and addresses go stale (IDT:784, IDT:838): when they were last confirmed with the customer. */
    confirmedOnCallAt: z.string(),
  }),
  circumstances: z.array(Answered),
  /** Sensitive: shown only to the FA and PA, never put in calendar entries or exports. */
  health: z.object({ sensitive: z.literal(true), condition: z.string().nullable(), answers: z.array(Answered) }),
  jobToReturnTo: z
    .object({
      employed: z.boolean().nullable(),
      employer: z.string().nullable(),
      sickPay: z.boolean().nullable(),
      ssp1Provided: z.boolean().nullable(),
      lastWorked: z.string().nullable(),
      certificateFrom: z.string().nullable(),
      certificateTo: z.string().nullable(),
    })
    .nullable(),
  work: z.object({
    jobGoal: z.string().nullable(),
    hoursPerWeek: z.number().nullable(),
    maxTravelMiles: z.number().nullable(),
    minHourlyPay: z.number().nullable(),
    aspirations: z.string().nullable(),
  }),
  jobSearch: z.object({
    /** required | optional | none for the benefit; switchedOff when the site had the step off for this call. */
    mode: z.enum(['required', 'optional', 'none']).nullable(),
    switchedOff: z.boolean(),
    interestInWork: z.string().nullable(),
    /** Each search with the filters used, so the adviser can re-run it. */
    searches: z.array(z.object({ query: JobSearchQuery, resultCount: z.number(), at: z.string() })),
    submissions: z.array(z.object({ vacancyId: z.string(), title: z.string(), employer: z.string(), at: z.string() })),
    skippedReason: z.string().nullable(),
  }),
  appointment: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('booked'),
      bookings: z.array(SlotOut),
      /** Jobseekers: the WFI weekday becomes the fortnightly signing day; reviews fall on it. */
      signingDay: z.string().nullable(),
      reviewsDue: z.array(IsoDate),
    }),
    z.object({
      kind: z.literal('dueWindow'),
      from: IsoDate,
      to: IsoDate,
      bookableFrom: IsoDate.nullable(),
      bookableTo: IsoDate.nullable(),
      adviserRoles: z.array(AdviserRoleName),
      bookings: z.array(SlotOut),
      /**
       * Set when the interview was booked on the call at another Jobcentre and a correction of the Jobcentre released
       * it: what was released (never its times) and what this Jobcentre has to do. Null for the usual due window (IB).
       */
      moved: z
        .object({
          fromOfficeCode: z.string(),
          correctedAt: z.string(),
          correctedBy: z.string(),
          released: z.array(z.enum(['fa', 'wfi'])),
          text: z.string(),
        })
        .nullable()
        .default(null),
    }),
    z.object({
      kind: z.literal('deferred'),
      reason: z.string(),
      reasonLabel: z.string(),
      detail: z.string().nullable(),
      untilDate: IsoDate,
      reviewDate: IsoDate,
      paAllocated: z.string(),
      paContactGiven: z.boolean(),
      claimPackSent: z.boolean(),
      letterSent: z.boolean(),
      authorisedBy: z.string().nullable(),
      note: z.string(),
    }),
  ]),
  evidence: z.object({
    issued: z.array(z.object({ id: z.string(), what: z.string(), whoProvides: z.string(), oftenForgotten: z.boolean() })),
    readOutAt: z.string().nullable(),
    /** Still to be brought to the FA meeting (all of it, at intake; the FA records what was seen). */
    outstanding: z.array(z.string()),
  }),
  needs: z.object({ accessibility: z.string().nullable(), language: z.string().nullable(), captured: z.boolean() }),
  partnerDeclared: z.boolean().nullable(),
  complexityFlags: z.array(z.string()),
  auditFlags: z.array(z.object({ kind: z.string(), reason: z.string().nullable(), at: z.string(), by: z.string() })),
  corrections: z.array(z.object({ target: z.string(), from: z.string().nullable(), to: z.string(), reason: z.string(), at: z.string(), by: z.string() })),
});
export type HandoffRecord = z.infer<typeof HandoffRecord>;

export const HandoffStatus = z.enum(['drafted', 'sent', 'acknowledged', 'conducted']);
export type HandoffStatus = z.infer<typeof HandoffStatus>;

export interface HandoffView {
  callId: string;
  officeCode: string;
  status: HandoffStatus;
  revision: number;
  sentRevision: number | null;
  /** True when a correction changed the record after it was sent: send it again. */
  changedSinceSent: boolean;
  record: HandoffRecord;
  history: { from: HandoffStatus | null; to: HandoffStatus; revision: number; at: string; by: string }[];
  /** Display names of the people the record and its history name by user id (who confirmed, corrected, sent…). */
  names: Record<string, string>;
}

/** One row of a Jobcentre's hand-off inbox: enough to tell the claims apart without opening each. */
export type HandoffListRow = Omit<HandoffView, 'record' | 'history' | 'names'> & {
  customerName: string | null;
  benefitName: string;
  claimDate: string;
  /** When the record last changed (a new revision, or a status). */
  updatedAt: string;
};

/* ---------- Slots ---------- */

export interface SlotView {
  /** Ready to put in `appointment.book` as `fa` or `wfi`. */
  slot: Slot;
  adviserName: string;
  role: AdviserRoleName;
  /** "Thu 26 Nov 2026 10:00" in the Jobcentre's time zone. */
  local: string;
  localDate: string;
  localTime: string;
  seatsLeft: number;
  /** A WFI shorter than the warning threshold (30 minutes). */
  short: boolean;
}

export interface FreeSlotsResponse {
  officeCode: string;
  benefitId: string;
  benefitName: string;
  window: { from: string; to: string; fromDay: number; toDay: number; bookableFrom: string | null; bookableTo: string | null };
  preferredHours: { from: string; to: string; label: string; applied: boolean } | null;
  signingDayAlignment: boolean;
  suggestion: { fa: SlotView; wfi: SlotView } | null;
  fa: SlotView[];
  wfi: SlotView[];
  wfiWarnUnderMinutes: number;
  warnings: string[];
}

/** What a refused booking carries besides its message when another slot can be offered (two desks, one slot). */
export interface SlotOffer {
  fa: Slot;
  wfi: Slot;
  text: string;
}
/** `CallError` with the next free pair, when the refusal was a taken or unavailable slot. */
export type BookingRefusal = CallError & { offer?: SlotOffer };
export function offerOf(error: CallError): SlotOffer | null {
  const o = (error as BookingRefusal).offer;
  return o && typeof o === 'object' ? o : null;
}

/* ---------- Deferral ---------- */

export interface DeferralReasonView {
  code: string;
  label: string;
  help: string | null;
  scope: 'national' | 'local';
  details: { value: string; label: string }[];
  /** What the FCO must record for the length: nothing, the end date, the certificate's end, the programme's end. */
  lengthInput: 'none' | 'untilDate' | 'certificateTo' | 'programmeEndDate';
  lengthText: string;
  requiresAuthorisation: boolean;
  maxDays: number | null;
}

export interface AppointmentOptions {
  callId: string;
  benefitId: string | null;
  benefitName: string | null;
  mode: 'bookOnCall' | 'dueWindow' | 'noWfi' | null;
  officeCode: string | null;
  hasDiary: boolean;
  window: FreeSlotsResponse['window'] | null;
  faMinutes: number;
  wfiDefaultMinutes: number;
  wfiWarnUnderMinutes: number;
  deferral: {
    allowed: boolean;
    /** Why the control is disabled (jobseekers: never deferred or waived, PF:230). */
    disabledReason: string | null;
    reasons: DeferralReasonView[];
    reviewLeadDays: number;
    maxDaysWithoutAuthorisation: number;
    /** From the answers: the medical certificate end already on the claim. */
    prefill: { certificateTo: string | null };
  };
}

export interface DeferralPreview {
  ok: boolean;
  /** When not ok: why, in words, and the field. */
  problem: { message: string; field: string | null } | null;
  untilDate: string | null;
  lengthDays: number | null;
  latestReviewDate: string | null;
  suggestedReviewDate: string | null;
  requiresAuthorisation: boolean;
  explanation: string | null;
}

export interface AuthorisationView {
  authorisationId: string;
  callId: string;
  customerName: string | null;
  reason: string;
  reasonLabel: string;
  requestedBy: string;
  /** Display names, for people to read (ids stay for the record). */
  requestedByName: string;
  requestedAt: string;
  note: string;
  status: 'pending' | 'approved' | 'refused';
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

/* ---------- Jobcentre side ---------- */

export interface BookingView {
  bookingId: string;
  callId: string;
  kind: 'fa' | 'wfi';
  officeCode: string;
  adviser: { id: string; name: string; role: AdviserRoleName };
  start: string;
  minutes: number;
  local: string;
  mode: 'inPerson' | 'telephone' | 'homeVisit';
  benefitId: string;
  source: 'call' | 'schedule' | 'rebook';
  status: 'booked' | 'attended' | 'fta' | 'cancelled';
  rebookOf: string | null;
  rebookCount: number;
  followUp: string | null;
  /** Who recorded the follow-up after a failure to attend, when, and their note. */
  followUpRecorded: { at: string; by: string; byName: string; note: string | null } | null;
  /** Who recorded attended / failed to attend, when, and their note. */
  attendance: { at: string; by: string; byName: string; note: string | null } | null;
  precall: { outcome: string; at: string; by: string; byName: string; note: string | null } | null;
}

export interface ScheduleRow {
  callId: string;
  customerName: string | null;
  phone: string | null;
  benefitId: string;
  claimDate: string;
  window: { from: string; to: string; bookableFrom: string | null; bookableTo: string | null };
  status: 'due' | 'booked';
  workingDaysLeft: number;
  /** Few working days left: offer a telephone interview (IDT:848). */
  atRisk: boolean;
  booking: BookingView | null;
}

export interface PrecallRow {
  booking: BookingView;
  customerName: string | null;
  phone: string | null;
  contactTimes: string | null;
  benefitName: string;
  priority: number;
  newClaimant: boolean;
  /** For a missed appointment (status fta): what may happen next. Null otherwise. */
  afterFta: AttendanceResult['afterFta'];
}

export interface AttendanceResult {
  booking: BookingView;
  /** After a failure to attend: what may happen next under the benefit's policy. */
  afterFta: {
    rebooksUsed: number;
    rebookLimit: number;
    /** False when the limit is used up, or this missed appointment is already re-booked (see `rebookedAs`). */
    canRebook: boolean;
    /** When the re-book of this missed appointment is ("Thu 26 Nov 2026 10:00"), or null. */
    rebookedAs: string | null;
    followUps: ('homeVisit' | 'telephoneInterview' | 'sanctionReferral' | 'noAction')[];
  } | null;
  handoffStatus: HandoffStatus | null;
}

export interface RecontactRow {
  callId: string;
  officeCode: string;
  customerName: string | null;
  phone: string | null;
  contactTimes: string | null;
  reason: string;
  reasonLabel: string;
  untilDate: string;
  reviewDate: string;
  daysOverdue: number;
  paAllocated: string;
  attempts: number;
  lastAttemptAt: string | null;
  /** Every recorded attempt, oldest first: who rang, when, what happened and what they noted. */
  attemptLog: RecontactAttempt[];
}

export interface RecontactAttempt {
  at: string;
  /** Staff id of who rang; null for an attempt recorded before attempts were logged one by one. */
  by: string | null;
  /** Their display name when known, else their id (null as for `by`). */
  byName: string | null;
  outcome: 'reached' | 'noContact';
  note: string;
}

const SlotPick = z.strictObject({
  diaryId: z.string().min(1).max(80),
  /** Carried by an offered `SlotView.slot`, so it can be sent back as it came; the diary decides the office. */
  officeCode: z.string().max(40).optional(),
  start: IsoDateTime,
  minutes: z.number().int().min(5).max(240),
  kind: z.enum(['inPerson', 'telephone', 'homeVisit']).default('inPerson'),
});

export const appointmentsApi = {
  'appointments.options': channel<AppointmentOptions>()(z.strictObject({ callId: CallId }), ALL),
  'appointments.freeSlots': channel<FreeSlotsResponse>()(
    z.strictObject({
      callId: CallId,
      from: IsoDate.optional(),
      days: z.number().int().min(1).max(28).default(28),
      /** Lone parents: show slots outside school hours too (the customer asked). */
      ignorePreferredHours: z.boolean().default(false),
      /** Only this ISO weekday (1 = Monday), e.g. a jobseeker's existing signing day. */
      weekday: z.number().int().min(1).max(5).optional(),
      mode: z.enum(['inPerson', 'telephone', 'homeVisit']).default('inPerson'),
      limit: z.number().int().min(1).max(200).default(40),
    }),
    ALL,
  ),
  'appointments.deferralPreview': channel<DeferralPreview>()(
    z.strictObject({ callId: CallId, reason: z.string().min(1).max(60), certificateTo: IsoDate.optional(), programmeEndDate: IsoDate.optional(), untilDate: IsoDate.optional() }),
    DESK,
  ),
  'appointments.deferral.requestAuthorisation': channel<AuthorisationView>()(
    z.strictObject({ callId: CallId, reason: z.string().min(1).max(60), note: Note(1000).pipe(z.string().min(3, 'say why the deferral is needed')) }),
    ['fco'],
  ),
  'appointments.deferral.authorisations': channel<AuthorisationView[]>()(
    z.strictObject({ status: z.enum(['pending', 'approved', 'refused']).optional(), callId: CallId.optional() }),
    DESK,
  ),
  'appointments.deferral.decide': channel<AuthorisationView>()(
    z.strictObject({ authorisationId: z.string().min(1).max(80), approve: z.boolean(), note: Note(1000).default('') }),
    ['teamLeader'],
  ),
  'appointments.bookings': channel<BookingView[]>()(z.strictObject({ callId: CallId }), ALL),
  'appointments.schedule': channel<ScheduleRow[]>()(z.strictObject({ officeCode: OfficeCode, status: z.enum(['due', 'booked']).optional() }), JOBCENTRE),
  'appointments.scheduleSlots': channel<{ window: ScheduleRow['window']; slots: SlotView[] }>()(
    z.strictObject({ callId: CallId, mode: z.enum(['inPerson', 'telephone', 'homeVisit']).default('inPerson'), limit: z.number().int().min(1).max(200).default(40) }),
    JOBCENTRE,
  ),
  'appointments.scheduleWfi': channel<BookingView>()(z.strictObject({ callId: CallId, slot: SlotPick }), JOBCENTRE),
  'appointments.precallList': channel<{ officeCode: string; date: string; rows: PrecallRow[] }>()(
    z.strictObject({ officeCode: OfficeCode, date: IsoDate.optional() }),
    JOBCENTRE,
  ),
  'appointments.precall.record': channel<BookingView>()(
    z.strictObject({ bookingId: BookingId, outcome: z.enum(['confirmed', 'noAnswer', 'wrongNumber', 'cannotAttend']), note: Note(500).default('') }),
    JOBCENTRE,
  ),
  'appointments.attendance.record': channel<AttendanceResult>()(
    z.strictObject({ bookingId: BookingId, outcome: z.enum(['attended', 'fta']), note: Note(500).default('') }),
    JOBCENTRE,
  ),
  'appointments.fta.followUp': channel<BookingView>()(
    z.strictObject({ bookingId: BookingId, action: z.enum(['homeVisit', 'telephoneInterview', 'sanctionReferral', 'noAction']), note: Note(500).default('') }),
    JOBCENTRE,
  ),
  'appointments.rebook': channel<BookingView>()(z.strictObject({ bookingId: BookingId, slot: SlotPick }), JOBCENTRE),
  'appointments.rebookSlots': channel<SlotView[]>()(
    z.strictObject({ bookingId: BookingId, mode: z.enum(['inPerson', 'telephone', 'homeVisit']).default('inPerson'), limit: z.number().int().min(1).max(200).default(40) }),
    JOBCENTRE,
  ),
  'appointments.handoff.get': channel<HandoffView>()(z.strictObject({ callId: CallId }), ALL),
  'appointments.handoff.list': channel<HandoffListRow[]>()(
    z.strictObject({ officeCode: OfficeCode, status: HandoffStatus.optional() }),
    JOBCENTRE,
  ),
  'appointments.handoff.send': channel<HandoffView & { alreadySent: boolean }>()(z.strictObject({ callId: CallId }), DESK),
  'appointments.handoff.acknowledge': channel<HandoffView>()(z.strictObject({ callId: CallId }), JOBCENTRE),
  'appointments.ics': channel<{ filename: string; contentType: 'text/calendar'; ics: string }>()(z.strictObject({ bookingId: BookingId }), ALL),
  'appointments.recontactList': channel<RecontactRow[]>()(z.strictObject({ officeCode: OfficeCode.optional(), asOf: IsoDate.optional() }), ALL),
  'appointments.recontact.record': channel<RecontactRow | null>()(
    z.strictObject({ callId: CallId, outcome: z.enum(['reached', 'noContact']), note: Note(1000).default('') }),
    ALL,
  ),
} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
