import { z } from 'zod';
import { IsoDate } from '../callTypes';
import { channel, type Role } from './define';
import { CallId } from './callId';

/**
 * The evidence area: the financial assessor's queue and claim check, the feedback proforma back to the contact
 * centre (PF:688), the figures team leaders watch (PF:641: 47% asked for more evidence), and the customer letter.
 */

const ItemId = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'an evidence item id from the catalogue').max(80);
const Note = (max: number) => z.string().trim().max(max);

export const EvidenceMarkStatus = z.enum(['seen', 'missing', 'requested']);
export type EvidenceMarkStatus = z.infer<typeof EvidenceMarkStatus>;

/** `ready`: everything needed was seen; `evidenceRequested`: the customer must supply more; `didNotAttend`: no meeting took place. */
export const CheckOutcome = z.enum(['ready', 'evidenceRequested', 'didNotAttend']);
export type CheckOutcome = z.infer<typeof CheckOutcome>;

export const ClaimFormProblem = z.enum(['none', 'missing', 'incorrect']);
export type ClaimFormProblem = z.infer<typeof ClaimFormProblem>;

/** Where a claim stands in the FA queue. `awaiting`: no check recorded yet. */
export type FaClaimState = 'awaiting' | CheckOutcome;

export interface FaQueueRow {
  callId: string;
  reference: string;
  customerName: string | null;
  benefitId: string;
  benefitName: string;
  fcoId: string;
  fcoName: string | null;
  claimDate: string;
  appointmentKind: 'booked' | 'dueWindow' | 'deferred' | 'noWfi';
  /** ISO start of the booked FA meeting, or null. */
  faStart: string | null;
  /** Evidence due date when no FA meeting is booked, or null. */
  evidenceDue: string | null;
  /** The queue's order: the FA meeting time, else the evidence due date. */
  sortAt: string;
  state: FaClaimState;
  items: number;
  seen: number;
  missing: number;
  requested: number;
  feedbackGiven: boolean;
}

export interface FaQueue {
  officeCode: string;
  officeName: string | null;
  /** Claims of this Jobcentre in the queue (all states) and still open (not `ready`). */
  total: number;
  open: number;
  rows: FaQueueRow[];
  /** Pass back as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface SummaryLine {
  label: string;
  value: string;
  /** Health details: shown to the FA for the check, never exported or counted. */
  sensitive: boolean;
}

/** What the FA sees of the call before the meeting (the lost information of PF:590, PF:813). */
export interface HandOffSummary {
  callId: string;
  reference: string;
  claimDate: string;
  completedAt: string | null;
  benefit: { id: string; name: string };
  fco: { id: string; name: string | null };
  markers: {
    benefit: { confirmed: string | null; derived: string | null; overridden: boolean; overrideReason: string | null };
    jobcentre: { code: string; name: string; overridden: boolean; overrideReason: string | null };
  };
  customer: { name: string | null; dateOfBirth: string | null; nino: string | null; address: string | null; postcode: string | null; phone: string | null; contactTimes: string | null; partnerDeclared: boolean | null };
  appointment: string;
  /** The customer's answers about their circumstances, question by question. */
  circumstances: SummaryLine[];
  corrections: { target: string; from: string | null; to: string; reason: string; at: string; by: string }[];
  evidenceReadOutAt: string | null;
  /** What the FCO searched for on the call and which vacancies the customer agreed to be put forward for. */
  jobSearch: {
    switchedOff: boolean;
    searches: { text: string; resultCount: number; at: string }[];
    submissions: { vacancyId: string; title: string; employer: string }[];
    skippedReason: string | null;
  };
}

export interface FaEvidenceItem {
  id: string;
  what: string;
  acceptedForms: string[];
  whoProvides: string;
  oftenForgotten: boolean;
  /** False for an item the FA asked for that the checklist did not contain: a gap in the rules. */
  onChecklist: boolean;
  /** Due date the customer was given (letter); null for items added by the FA. */
  due: string | null;
  status: EvidenceMarkStatus | null;
  note: string;
  markedAt: string | null;
  markedBy: string | null;
}

export interface FaCheckEntry {
  outcome: CheckOutcome;
  evidenceRequested: boolean;
  extraRequested: string;
  note: string;
  at: string;
  by: string;
}

export interface FeedbackProforma {
  claimForm: ClaimFormProblem;
  claimFormNote: string;
  evidenceMissing: string[];
  evidenceNote: string;
  wrongBenefit: boolean;
  wrongOffice: boolean;
  wishedKnown: string;
}

export interface FeedbackEntry extends FeedbackProforma {
  id: number;
  callId: string;
  fcoId: string;
  officeCode: string;
  at: string;
  by: string;
  byName: string | null;
}

/** Feedback as the FCO who took the claim reads it: whose claim, and the evidence named, not coded. */
export interface FcoFeedback extends FeedbackEntry {
  customerName: string | null;
  benefitName: string;
  officeName: string;
  evidenceMissingText: string[];
}

export interface FaClaimView {
  callId: string;
  officeCode: string;
  state: FaClaimState;
  summary: HandOffSummary;
  items: FaEvidenceItem[];
  /** Catalogue items not on the checklist, which the FA may add when the customer needs them. */
  otherCatalogueItems: { id: string; what: string }[];
  checks: FaCheckEntry[];
  feedback: FeedbackEntry | null;
}

export interface ShareRow {
  key: string;
  label: string;
  meetings: number;
  evidenceRequested: number;
  /** evidenceRequested / meetings, or null with no meetings. */
  share: number | null;
}

export interface FeedbackCounts {
  total: number;
  claimFormMissing: number;
  claimFormIncorrect: number;
  evidenceMissing: number;
  wrongBenefit: number;
  wrongOffice: number;
  wishedKnown: number;
  noProblem: number;
}

export interface EvidenceFigures {
  from: string | null;
  to: string | null;
  officeCode: string | null;
  /** FA meetings (first attended check per claim) and how many asked for more evidence. */
  overall: ShareRow;
  byBenefit: ShareRow[];
  byFco: ShareRow[];
  feedback: FeedbackCounts;
  feedbackByFco: (FeedbackCounts & { fcoId: string; fcoName: string | null })[];
  /** Evidence items FAs marked missing or requested most often (where the checklist or the read-out falls short). */
  topShortfalls: { itemId: string; what: string; count: number }[];
  /** The Pathfinder baseline this product should beat (PF:641). */
  baseline: { share: number; source: string };
}

export interface LetterDocument {
  callId: string;
  reference: string;
  filename: string;
  /** A complete HTML document with print CSS (what Electron's printToPDF and a browser print). */
  html: string;
  /** The letter's <article> alone, for showing inside the desk (the desk's own CSS file styles it). */
  bodyHtml: string;
  /** Present when `format` was 'pdf'. */
  pdfBase64?: string;
  mimeType: 'text/html' | 'application/pdf';
}

const FA: Role[] = ['fa'];

export const evidenceApi = {
  /** The FA's Jobcentre queue (the office comes from the session, never from the request). */
  'evidence.queue': channel<FaQueue>()(
    z.strictObject({
      scope: z.enum(['open', 'all']).default('open'),
      limit: z.number().int().min(1).max(500).default(100),
      after: z.string().max(200).optional(),
    }),
    FA,
  ),
  'evidence.claim': channel<FaClaimView>()(z.strictObject({ callId: CallId }), FA),
  'evidence.markItem': channel<FaClaimView>()(
    z.strictObject({ callId: CallId, itemId: ItemId, status: EvidenceMarkStatus, note: Note(500).default('') }),
    FA,
  ),
  'evidence.recordCheck': channel<FaClaimView>()(
    z.strictObject({
      callId: CallId,
      outcome: CheckOutcome,
      /** Evidence asked for that is not in the catalogue, in the FA's words. */
      extraRequested: Note(500).default(''),
      note: Note(1000).default(''),
    }),
    FA,
  ),
  'evidence.submitFeedback': channel<FaClaimView>()(
    z.strictObject({
      callId: CallId,
      claimForm: ClaimFormProblem,
      claimFormNote: Note(500).default(''),
      evidenceMissing: z.array(ItemId).max(50).default([]),
      evidenceNote: Note(500).default(''),
      wrongBenefit: z.boolean().default(false),
      wrongOffice: z.boolean().default(false),
      wishedKnown: Note(2000).default(''),
    }),
    FA,
  ),
  /** Figures for team leaders (all offices, or one) and FAs (their own office only). */
  'evidence.figures': channel<EvidenceFigures>()(
    z.strictObject({ from: IsoDate.optional(), to: IsoDate.optional(), officeCode: z.string().trim().min(1).max(40).optional() }),
    ['fa', 'teamLeader'],
  ),
  /** Feedback FAs returned on an FCO's claims: an FCO sees their own, a team leader anyone's. */
  'evidence.feedbackForFco': channel<FcoFeedback[]>()(
    z.strictObject({ fcoId: z.string().trim().min(1).max(80).optional(), limit: z.number().int().min(1).max(200).default(50) }),
    ['fco', 'teamLeader'],
  ),
  /** The customer letter of a completed claim: HTML always, the PDF when asked. */
  'evidence.letter': channel<LetterDocument>()(
    z.strictObject({ callId: CallId, format: z.enum(['html', 'pdf']).default('html') }),
    ['fco', 'fa', 'teamLeader'],
  ),
} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
