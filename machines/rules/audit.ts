import { addDays, daysBetween } from './ukFormats';
import { londonDay } from './windows';

/**
 * Pure rules of the team-leader audit: which claims are JP-process errors and why, the clock comparison for
 * corrections (the window as it stands against the old "restart the clock" rule), the deterministic QA sample, and
 * the small statistics the reports show. No I/O: callers bring the facts (directory look-ups happen in main/).
 */

/** Every reason a claim appears on the JP process report. Order is the bit order in the stored mask: never reorder. */
export const REASONS = [
  'jobcentreMissing',
  'jobcentreContactCentre',
  'jobcentreNotAJobcentre',
  'officeOutsideArea',
  'benefitMarkerMismatch',
  'appointmentNotReached',
] as const;
export type ReasonCode = (typeof REASONS)[number];

export const reasonBit = (r: ReasonCode): number => 1 << REASONS.indexOf(r);
export const reasonsOf = (mask: number): ReasonCode[] => REASONS.filter((r) => (mask & reasonBit(r)) !== 0);

export const REASON_LABEL: Record<ReasonCode, string> = {
  jobcentreMissing: 'Jobcentre marker missing',
  jobcentreContactCentre: 'Jobcentre marker is the contact centre',
  jobcentreNotAJobcentre: 'Jobcentre marker is not a serving Jobcentre',
  officeOutsideArea: "Office outside the customer's area, no reason recorded",
  benefitMarkerMismatch: 'Benefit marker disagrees with the answers',
  appointmentNotReached: 'Appointment never reached a Jobcentre',
};

/** How the appointment step ended, in terms both sources can express. */
export type AppointmentFact =
  | { kind: 'booked'; officeCodes: string[] }
  /** IB-style due window: the Jobcentre books inside it (product) or the claim is on its schedule (legacy). */
  | { kind: 'dueWindow' }
  | { kind: 'deferred' }
  | { kind: 'noWfi' }
  /** The legacy system says the claim never reached a Jobcentre interview schedule. */
  | { kind: 'notReached' }
  | { kind: 'none' };

/** What the audit needs to know about one claim, whichever system took it. Office codes are canonical. */
export interface MarkerFacts {
  benefitName: string | null;
  /** The marker the answers establish: derived by the script's rules (product) or the benefit's policy marker (legacy). */
  expectedMarker: string | null;
  benefitMarker: string | null;
  /** A recorded justification for a marker other than the expected one (override reason or correction). */
  benefitMarkerReason: string | null;
  jobcentreMarker: string | null;
  jobcentreIsContactCentre: boolean;
  /** The marker is an office the directory knows as a serving Jobcentre. */
  jobcentreIsServing: boolean;
  /** The customer's area from the postcode: the suggested office (exact postcode) or the nearest candidates (outcode only). */
  area: { suggested: string | null; candidates: readonly string[] } | null;
  /** A recorded reason for an office other than the one covering the customer's area. */
  officeReason: string | null;
  /** The benefit needs a WFI at a Jobcentre (policy appointment mode is not "noWfi"). */
  wfiRequired: boolean;
  appointment: AppointmentFact;
}

export interface Finding {
  code: ReasonCode;
  text: string;
}

const same = (a: string | null, b: string | null) => a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
const blank = (s: string | null) => s === null || s.trim() === '';

/** The JP-process findings for one claim; an empty list means the markers and the hand-over are right. */
export function assessClaim(f: MarkerFacts): Finding[] {
  const out: Finding[] = [];
  const jc = blank(f.jobcentreMarker) ? null : f.jobcentreMarker!.trim();
  let jobcentreUsable = false;
  if (jc === null) out.push({ code: 'jobcentreMissing', text: 'No Jobcentre marker: the customer will not appear on any Jobcentre interview schedule.' });
  else if (f.jobcentreIsContactCentre)
    out.push({ code: 'jobcentreContactCentre', text: `Jobcentre marker is the contact centre (${jc}): the customer shows only on the contact centre's JP process report, never on a Jobcentre schedule.` });
  else if (!f.jobcentreIsServing) out.push({ code: 'jobcentreNotAJobcentre', text: `Jobcentre marker ${jc} is not a serving Jobcentre in the office directory.` });
  else jobcentreUsable = true;

  if (jobcentreUsable && f.area && (f.area.suggested !== null || f.area.candidates.length > 0)) {
    const inArea = f.area.suggested !== null ? f.area.suggested === jc : f.area.candidates.includes(jc!);
    if (!inArea && blank(f.officeReason))
      out.push({
        code: 'officeOutsideArea',
        text: `Office ${jc} does not cover the customer's postcode (${f.area.suggested !== null ? `it is served by ${f.area.suggested}` : `nearest: ${f.area.candidates.join(', ')}`}) and no reason is recorded.`,
      });
  }

  if (f.expectedMarker !== null && !same(f.benefitMarker, f.expectedMarker) && blank(f.benefitMarkerReason))
    out.push({
      code: 'benefitMarkerMismatch',
      text: blank(f.benefitMarker)
        ? `No benefit marker; the answers${f.benefitName ? ` (${f.benefitName})` : ''} call for "${f.expectedMarker}".`
        : `Benefit marker "${f.benefitMarker!.trim()}" disagrees with the answers${f.benefitName ? ` (${f.benefitName})` : ''}, which call for "${f.expectedMarker}"; no override reason recorded.`,
    });

  if (f.wfiRequired) {
    const a = f.appointment;
    if (a.kind === 'none') out.push({ code: 'appointmentNotReached', text: 'No appointment, due window or deferral was recorded: nothing reached a Jobcentre.' });
    else if (a.kind === 'notReached') out.push({ code: 'appointmentNotReached', text: "The appointment never reached a Jobcentre's interview schedule." });
    else if (a.kind === 'noWfi') out.push({ code: 'appointmentNotReached', text: `Recorded as "no WFI", but ${f.benefitName ?? 'this benefit'} needs a Work Focused Interview.` });
    else if (a.kind === 'booked' && jc !== null) {
      const elsewhere = [...new Set(a.officeCodes.filter((c) => c !== jc))];
      if (elsewhere.length) out.push({ code: 'appointmentNotReached', text: `Booked at ${elsewhere.join(', ')}, not at the customer's Jobcentre ${jc}: the appointment needs rebooking there.` });
    }
  }
  return out;
}

export const maskOf = (findings: readonly Finding[]): number => findings.reduce((m, f) => m | reasonBit(f.code), 0);

// ---------------------------------------------------------------------------------------------------------------
// The clock: windows from the claim date (the rule), and what the old "restart the clock" rule would have made them.

export interface DateWindow {
  from: string;
  to: string;
}

/** Day 1 is the start date: days [57, 91] from 2026-11-23 are 2027-01-18 .. 2027-02-21. */
export function windowFrom(start: string, days: readonly [number, number]): DateWindow {
  return { from: addDays(start, days[0] - 1), to: addDays(start, days[1] - 1) };
}

export interface ClockView {
  clockStart: string;
  window: DateWindow | null;
  /** Which day of the measured period the booked WFI falls on (day 1 = clock start), when a WFI was booked. */
  wfiDay: number | null;
}

export interface ClockComparison {
  /** The rule: everything counts from the claim date, whatever was corrected since. */
  asItStands: ClockView;
  /** The old system: a marker reset restarted the clock from the (last) correction date. Null when nothing was corrected. */
  oldRule: ClockView | null;
  /** How many days later the old rule would have started the clock. */
  shiftDays: number;
}

/**
 * The window as it stands (from the claim date) and the counterfactual "restart the clock" window computed from the
 * last marker correction's date instead. `dueWindowDays` is the benefit's policy window (null: booked on the call).
 * `correctionDates` are the corrections' instants: each counts on its UK (Europe/London) day.
 */
export function compareClock(claimDate: string, dueWindowDays: readonly [number, number] | null, correctionDates: readonly string[], wfiDate: string | null = null): ClockComparison {
  const view = (start: string): ClockView => ({
    clockStart: start,
    window: dueWindowDays ? windowFrom(start, dueWindowDays) : null,
    wfiDay: wfiDate ? daysBetween(start, wfiDate) + 1 : null,
  });
  const last = [...correctionDates].map((d) => londonDay(d)).sort().at(-1) ?? null;
  const asItStands = view(claimDate);
  if (last === null) return { asItStands, oldRule: null, shiftDays: 0 };
  return { asItStands, oldRule: view(last), shiftDays: daysBetween(claimDate, last) };
}

// ---------------------------------------------------------------------------------------------------------------
// Weeks and the QA sample.

/** The Monday of the ISO week holding `isoDate`. */
export function weekStart(isoDate: string): string {
  const dow = (new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(isoDate, -dow);
}

/** FNV-1a, 32-bit: a stable, platform-independent hash for sampling (not for security). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The week's QA sample for one FCO: the `n` claims with the lowest hash of (seed, week, FCO, claim). Deterministic for
 * a given seed; nobody can predict or steer which claims are picked without the seed; the same claim set always gives
 * the same sample.
 */
export function sampleForFco<T extends { key: string }>(claims: readonly T[], n: number, seed: string, week: string, fcoId: string): T[] {
  if (n <= 0) return [];
  return claims
    .map((c) => ({ c, h: fnv1a(`${seed}\u0000${week}\u0000${fcoId}\u0000${c.key}`) }))
    .sort((a, b) => a.h - b.h || (a.c.key < b.c.key ? -1 : a.c.key > b.c.key ? 1 : 0))
    .slice(0, n)
    .map((x) => x.c);
}

export interface Coverage {
  target: number;
  achieved: number;
  /** achieved / target as a whole percentage; null when there was nothing to check. */
  pct: number | null;
}

/** Coverage of the sampled check: per FCO, checks count up to that FCO's target (min(sample size, claims)). */
export function coverage(perFco: readonly { claims: number; checked: number }[], samplePerFco: number): Coverage {
  let target = 0;
  let achieved = 0;
  for (const f of perFco) {
    const t = Math.min(samplePerFco, f.claims);
    target += t;
    achieved += Math.min(t, f.checked);
  }
  return { target, achieved, pct: target === 0 ? null : Math.floor((achieved * 100) / target) };
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics.

/**
 * Nearest-rank percentile over a histogram given as ascending values with their counts (the same definition the
 * benchmarks use). Null when there are no values.
 */
export function percentileOfCounts(values: readonly number[], counts: readonly number[], p: number): number | null {
  let total = 0;
  for (const c of counts) total += c;
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return values[i]!;
  }
  return values[values.length - 1] ?? null;
}

export interface DeferralThresholds {
  /** Above this share of deferrable claims deferred: check for over-deferral (PF:962). */
  highPct: number;
  /** Below this share: check that deferral is offered where it should be (IDT:798, IDT:804). */
  lowPct: number;
  /** Do not flag a rate on fewer deferrable claims than this. */
  minEligible: number;
}

export function deferralFlag(eligible: number, deferred: number, t: DeferralThresholds): 'high' | 'low' | null {
  if (eligible < t.minEligible || eligible === 0) return null;
  const pct = (deferred * 100) / eligible;
  if (pct > t.highPct) return 'high';
  if (pct < t.lowPct) return 'low';
  return null;
}

export const pctOf = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10);
