import { z } from 'zod';
import { REASONS, type ClockComparison, type Coverage, type ReasonCode } from '../../rules/audit';
import { IsoDate } from '../callTypes';
import { readTypedCallId } from '../../rules/claimReference';
import { channel, type Role } from './define';

/**
 * Channels of the team-leader audit. Every one is for team leaders only: the router refuses any other role with a
 * typed `forbidden` error before a handler runs. Corrections are not here: they are the existing `claim.correct`
 * command sent through `call.send` (team leaders may send only that).
 */
const TL: readonly Role[] = ['teamLeader'];

export const AuditSource = z.enum(['product', 'legacy']);
export type AuditSource = z.infer<typeof AuditSource>;
export const Reason = z.enum(REASONS);

const Id = z.string().trim().min(1).max(80);

/** Filters every report shares. Dates are claim dates, inclusive; omitted means "from the start" / "to the end". */
const filterShape = {
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  source: z.enum(['all', 'product', 'legacy']).default('all'),
  fcoId: Id.optional(),
  team: z.string().trim().max(80).optional(),
};
const datesInOrder = (f: { from?: string | undefined; to?: string | undefined }) => !f.from || !f.to || f.from <= f.to;
const datesMessage = { message: '"from" must be on or before "to"', path: ['to'] };

export const ReportFilter = z.strictObject(filterShape).refine(datesInOrder, datesMessage);
export type ReportFilter = z.output<typeof ReportFilter>;

export const JpReportRequest = z
  .strictObject({ ...filterShape, reason: Reason.optional(), offset: z.number().int().min(0).max(10_000_000).default(0), limit: z.number().int().min(1).max(500).default(100) })
  .refine(datesInOrder, datesMessage);
export type JpReportRequest = z.output<typeof JpReportRequest>;

export const AnalyticsRequest = z.strictObject({ ...filterShape, by: z.enum(['fco', 'team', 'day']).default('fco') }).refine(datesInOrder, datesMessage);
export type AnalyticsRequest = z.output<typeof AnalyticsRequest>;

export const ChangeKind = z.enum(['officeOverride', 'benefitMarkerOverride', 'correction']);
export type ChangeKind = z.infer<typeof ChangeKind>;
export const ChangesRequest = z
  .strictObject({ ...filterShape, kind: ChangeKind.optional(), offset: z.number().int().min(0).max(10_000_000).default(0), limit: z.number().int().min(1).max(500).default(100) })
  .refine(datesInOrder, datesMessage);
export type ChangesRequest = z.output<typeof ChangesRequest>;

/**
 * A product claim's ref is its call id: a claim reference a team leader may type from what the customer quoted, so
 * it is read like any typed call id (`CallId`). Legacy refs are kept exactly as they were imported.
 */
function readProductRef<T extends { source: AuditSource; ref: string }>(c: T, ctx: z.RefinementCtx<T>): T {
  if (c.source !== 'product') return c;
  const typed = readTypedCallId(c.ref);
  if (typed.kind !== 'typingError') return { ...c, ref: typed.id };
  ctx.addIssue({ code: 'custom', message: typed.message, path: ['ref'], params: { forPerson: true } });
  return z.NEVER;
}

export const ClaimRef = z.strictObject({ source: AuditSource, ref: z.string().trim().min(1).max(80) }).transform(readProductRef);

export const SampleRequest = z.strictObject({ week: IsoDate.optional() });

const Note = z.string().trim().max(1000);
export const CheckRequest = z
  .strictObject({
    source: AuditSource,
    ref: z.string().trim().min(1).max(80),
    benefitMarkerOk: z.boolean(),
    jobcentreMarkerOk: z.boolean(),
    appointmentOk: z.boolean(),
    evidenceOk: z.boolean(),
    note: Note.default(''),
  })
  .refine((c) => (c.benefitMarkerOk && c.jobcentreMarkerOk && c.appointmentOk && c.evidenceOk) || c.note.length >= 3, {
    message: 'say what was wrong (a failed check needs a note)',
    path: ['note'],
  })
  .transform(readProductRef);
export type CheckRequest = z.output<typeof CheckRequest>;

/** Team-leader settings. Policy-like numbers the reports are silent on are settings, not code constants. */
export const AuditSettings = z.strictObject({
  /** Sampled QA: claims per FCO per week. */
  samplePerFcoPerWeek: z.number().int().min(0).max(500),
  /** Seeds the sample; change it to draw a fresh, still deterministic, sample. */
  sampleSeed: z.string().trim().min(1).max(80),
  /** Call length reference (PF:572: up to 20 minutes reading the script word for word). */
  callReferenceMinutes: z.number().min(1).max(240),
  deferralHighPct: z.number().min(0).max(100),
  deferralLowPct: z.number().min(0).max(100),
  deferralMinEligible: z.number().int().min(0).max(100_000),
  /** Codes that identify contact centres in imported legacy records (the current script's centre is always included). */
  contactCentreCodes: z.array(z.string().trim().min(1).max(40)).max(100),
});
export type AuditSettings = z.infer<typeof AuditSettings>;
export const AuditSettingsPatch = AuditSettings.partial().refine((s) => s.deferralHighPct === undefined || s.deferralLowPct === undefined || s.deferralLowPct <= s.deferralHighPct, {
  message: 'the low deferral threshold must not be above the high one',
  path: ['deferralLowPct'],
});

export const ExportRequest = z.discriminatedUnion('report', [
  z.strictObject({ report: z.literal('jp'), ...filterShape, reason: Reason.optional() }),
  z.strictObject({ report: z.literal('analytics'), ...filterShape, by: z.enum(['fco', 'team', 'day']).default('fco') }),
  z.strictObject({ report: z.literal('changes'), ...filterShape, kind: ChangeKind.optional() }),
  z.strictObject({ report: z.literal('sample'), week: IsoDate.optional() }),
  z.strictObject({ report: z.literal('checks'), ...filterShape }),
]);
export type ExportRequest = z.output<typeof ExportRequest>;

// ---------------------------------------------------------------------------------------------------------------
// Responses (typed, not parsed: they come from our own code).

/** Every figure carries this: when it was computed and how fresh the data under it is. */
export interface Freshness {
  /** When the figures were computed. */
  asOf: string;
  /** The latest accepted call event included (product claims are updated in the event's own transaction). */
  productThrough: string | null;
  /** When the last legacy export was imported (legacy figures are only as fresh as that export). */
  legacyImportedAt: string | null;
  /** When a legacy import still running started: until it ends, legacy figures are those before it. */
  legacyImportRunningSince: string | null;
}

export interface AuditClaimRow {
  source: AuditSource;
  ref: string;
  claimDate: string;
  fcoId: string;
  team: string;
  benefit: string | null;
  nino: string | null;
  postcode: string | null;
  benefitMarker: string | null;
  expectedMarker: string | null;
  jobcentreMarker: string | null;
  areaOffice: string | null;
  appointment: string;
  reasons: ReasonCode[];
  findings: string[];
  corrections: number;
}

export interface JpReport {
  rows: AuditClaimRow[];
  /** Rows matching the filter (the page is `rows`). */
  total: number;
  countsByReason: Record<ReasonCode, number>;
  /** The automatic check covers every claim: how many were checked in the range, and how many have an error. */
  checked: { claims: number; withError: number };
  freshness: Freshness;
}

export interface AnalyticsRow {
  key: string;
  claims: number;
  withError: number;
  errorRatePct: number | null;
  reasons: Record<ReasonCode, number>;
  officeOverrides: number;
  benefitMarkerOverrides: number;
  corrections: number;
  deferralEligible: number;
  deferred: number;
  deferralRatePct: number | null;
  deferralFlag: 'high' | 'low' | null;
  timedCalls: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  overReferencePct: number | null;
  /** FA feedback arrives from the evidence area's channel; null until it is connected. */
  faFeedback: number | null;
}

export interface Analytics {
  by: 'fco' | 'team' | 'day';
  rows: AnalyticsRow[];
  totals: AnalyticsRow;
  reference: { callMinutes: number; deferralHighPct: number; deferralLowPct: number; deferralMinEligible: number };
  faFeedbackConnected: boolean;
  freshness: Freshness;
}

export interface ChangeRow {
  kind: ChangeKind;
  source: AuditSource;
  ref: string;
  claimDate: string;
  fcoId: string;
  team: string;
  target: string | null;
  from: string | null;
  to: string | null;
  reason: string;
  note: string;
  at: string;
  by: string;
}

export interface ChangesReport {
  /** Counts per kind and reason; `label` is the script content's wording for a reason code, when it has one. */
  byReason: { kind: ChangeKind; reason: string; label: string | null; count: number }[];
  rows: ChangeRow[];
  total: number;
  freshness: Freshness;
}

export interface CheckRow {
  id: number;
  source: AuditSource;
  ref: string;
  fcoId: string;
  week: string;
  benefitMarkerOk: boolean;
  jobcentreMarkerOk: boolean;
  appointmentOk: boolean;
  evidenceOk: boolean;
  outcome: 'pass' | 'fail';
  note: string;
  checkedBy: string;
  checkedAt: string;
}

export interface ClaimAudit {
  claim: AuditClaimRow;
  changes: ChangeRow[];
  /** The window as it stands and what the old restart-the-clock rule would have made it (product claims). */
  clock: (ClockComparison & { benefitDueWindowDays: [number, number] | null; wfiDate: string | null }) | null;
  checks: CheckRow[];
  /** Only claims taken in this product can be corrected here (legacy records are corrected in the legacy system). */
  correctable: boolean;
  /** Benefit marker values a correction may choose from (the script content's markers). */
  markerChoices: string[];
  freshness: Freshness;
}

export interface SampleFco {
  fcoId: string;
  team: string;
  claims: number;
  target: number;
  checked: number;
  sample: { source: AuditSource; ref: string; claimDate: string; checked: boolean }[];
}

export interface SampleReport {
  week: string;
  weekEnd: string;
  samplePerFco: number;
  fcos: SampleFco[];
  coverage: Coverage;
  /** The automatic check runs on every claim: this is always all of them. */
  automatic: { claims: number; withError: number };
  freshness: Freshness;
}

export interface LegacyImportSummary {
  id: number;
  file: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'complete' | 'failed';
  rowsRead: number;
  imported: number;
  replaced: number;
  rejected: number;
  errorsFound: number;
  by: string;
}

/** The settings with who last changed them (`updatedByName`: the display name, null for the first-start defaults). */
export type AuditSettingsView = AuditSettings & { updatedAt: string | null; updatedBy: string | null; updatedByName: string | null };

export const auditApi = {
  'audit.jpReport': channel<JpReport>()(JpReportRequest, TL),
  'audit.analytics': channel<Analytics>()(AnalyticsRequest, TL),
  'audit.changes': channel<ChangesReport>()(ChangesRequest, TL),
  'audit.claim': channel<ClaimAudit>()(ClaimRef, TL),
  'audit.sample': channel<SampleReport>()(SampleRequest, TL),
  'audit.check.record': channel<CheckRow>()(CheckRequest, TL),
  'audit.settings.get': channel<AuditSettingsView>()(z.strictObject({}), TL),
  'audit.settings.set': channel<AuditSettingsView>()(AuditSettingsPatch, TL),
  'audit.imports': channel<LegacyImportSummary[]>()(z.strictObject({}), TL),
  'audit.export': channel<{ filename: string; csv: string; rows: number }>()(ExportRequest, TL),
} satisfies Record<string, ReturnType<ReturnType<typeof channel>>>;
