import { z } from 'zod';
import { OfficeCandidate, Office } from '../rules/allocation';
import { DeferralDetails, IsoDate, Override, Slot, Submission, JobSearchQuery } from './callTypes';

/**
 * The claim as it stands: what `play` prints, what the desk's side panel shows, what the hand-off is built from.
 * A projection of the call's context; recomputed on every accepted event and stored beside the snapshot.
 */
const Stamp = { at: z.string(), by: z.string() };

export const ClaimRecord = z.object({
  callId: z.string(),
  script: z.object({ id: z.string(), version: z.string(), hash: z.string() }),
  status: z.enum(['in_progress', 'complete', 'ended']),
  /** Fixed when the call started; corrections never move it. */
  claimDate: IsoDate,
  fcoId: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  ended: z.object({ reason: z.string(), note: z.string(), ...Stamp }).nullable(),
  phase: z.string(),
  currentQuestion: z.string().nullable(),
  customer: z.object({
    name: z.string().nullable(),
    dateOfBirth: z.string().nullable(),
    nino: z.string().nullable(),
    address: z.string().nullable(),
    postcode: z.string().nullable(),
    phone: z.string().nullable(),
    contactTimes: z.string().nullable(),
    partnerDeclared: z.boolean().nullable(),
  }),
  benefit: z.object({ id: z.string(), name: z.string() }).nullable(),
  markers: z.object({
    benefit: z.object({
      derived: z.string().nullable(),
      confirmed: z.string().nullable(),
      valid: z.boolean(),
      override: Override.nullable(),
      confirmedAt: z.string().nullable(),
      confirmedBy: z.string().nullable(),
    }),
    jobcentre: z.object({
      suggested: OfficeCandidate.nullable(),
      candidates: z.array(OfficeCandidate),
      lookup: z.enum(['exact', 'approximate', 'unknown']).nullable(),
      lookupNote: z.string().nullable(),
      confirmed: Office.nullable(),
      forPostcode: z.string().nullable(),
      valid: z.boolean(),
      override: Override.nullable(),
      confirmedAt: z.string().nullable(),
      confirmedBy: z.string().nullable(),
    }),
  }),
  answers: z.record(z.string(), z.unknown()),
  /** Answers given on the call but left off the path by a later change: kept for the audit trail, not used. */
  staleAnswers: z.array(z.string()),
  evidence: z.object({
    items: z.array(z.object({ id: z.string(), what: z.string(), why: z.string(), whoProvides: z.string(), whenNeeded: z.string(), oftenForgotten: z.boolean() })),
    checklistKey: z.string(),
    readOut: z.boolean(),
    readOutAt: z.string().nullable(),
  }),
  jobSearch: z.object({
    mode: z.enum(['required', 'optional', 'none']).nullable(),
    /** The site had job search on the call switched off when this call started. */
    switchedOff: z.boolean(),
    interestInWork: z.string().nullable(),
    searches: z.array(z.object({ query: JobSearchQuery, resultCount: z.number(), at: z.string() })),
    submissions: z.array(Submission.extend({ at: z.string() })),
    finished: z.boolean(),
    skippedReason: z.string().nullable(),
  }),
  appointment: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('booked'), fa: Slot, wfi: Slot, ...Stamp }),
      z.object({ kind: z.literal('dueWindow'), from: IsoDate, to: IsoDate, ...Stamp }),
      z.object({ kind: z.literal('deferred'), deferral: DeferralDetails, ...Stamp }),
      z.object({ kind: z.literal('noWfi'), ...Stamp }),
    ])
    .nullable(),
  appointmentValid: z.boolean(),
  /**
   * The interview window counted from the claim date (calendar days, as the policy counts them) and, inside it, the
   * first and last days the Jobcentre is open: what the FCO tells the customer and the letter prints. The bookable days
   * are null when no working day falls in the window.
   */
  dueWindow: z.object({ from: IsoDate, to: IsoDate, bookableFrom: IsoDate.nullable(), bookableTo: IsoDate.nullable() }).nullable(),
  flags: z.array(z.record(z.string(), z.unknown())),
  corrections: z.array(z.object({ target: z.string(), from: z.string().nullable(), to: z.string(), reason: z.string(), ...Stamp })),
  missing: z.array(z.string()),
});
export type ClaimRecord = z.infer<typeof ClaimRecord>;
