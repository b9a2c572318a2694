import type { DeferralReason, ScriptPackage } from '../../scripts-content/schema';
import type { CallContext, DeferralDetails } from '../contract/callTypes';
import type { CallError } from '../contract/errors';
import type { CallView } from '../flow';
import type { Office } from './allocation';
import { appointmentPolicyOf } from './booking';
import { addDays, daysBetween } from './ukFormats';
import { formatDate, isWorkingDay } from './windows';

/**
 * Deferral of the WFI (never for jobseekers: the benefit policy says so). National guidance (PF:956): no automatic
 * deferral by group; reasons distressed / too ill / life-changing event; the only national length rule is "employed on
 * sick leave with a medical certificate → the certificate plus two weeks". Local protocols (PF:989-997) are content,
 * switched on per Jobcentre or district, and need a team leader's authorisation. Every deferral carries claim pack
 * sent, Personal Adviser allocated, their contact details given and a review date (PF:958, PF:992).
 */

/** Is this reason in use for a customer of `office`? National reasons always; local ones only where switched on. */
export function reasonEnabled(reason: DeferralReason, office: Pick<Office, 'code' | 'district'> | null): boolean {
  if (reason.scope === 'national') return true;
  if (!office || !reason.enabledFor) return false;
  return reason.enabledFor.offices.includes(office.code) || (office.district !== null && reason.enabledFor.districts.includes(office.district));
}

export function deferralReasonsFor(pkg: ScriptPackage, office: Pick<Office, 'code' | 'district'> | null): DeferralReason[] {
  return appointmentPolicyOf(pkg).deferral.reasons.filter((r) => reasonEnabled(r, office));
}

export interface DeferralInput {
  reason: string;
  certificateTo?: string | undefined;
  programmeEndDate?: string | undefined;
  /** Only for reasons whose length the FCO sets. */
  untilDate?: string | undefined;
}

export interface DeferralComputation {
  reason: DeferralReason;
  untilDate: string;
  lengthDays: number;
  /** The review date may be any working day after the claim date up to this one. */
  latestReviewDate: string;
  requiresAuthorisation: boolean;
  /** How the length was worked out, for the FCO to read back. */
  explanation: string;
}

const bad = (message: string, field: string): CallError => ({ code: 'invalid_booking', message, field });

/** Works out a deferral's end date, latest review date and whether a team leader must authorise it. */
export function computeDeferral(
  pkg: ScriptPackage,
  claimDate: string,
  office: Pick<Office, 'code' | 'district'> | null,
  input: DeferralInput,
): { ok: true; value: DeferralComputation } | { ok: false; error: CallError } {
  const policy = appointmentPolicyOf(pkg).deferral;
  const closed = appointmentPolicyOf(pkg).closedDates;
  const reason = policy.reasons.find((r) => r.code === input.reason);
  if (!reason) return { ok: false, error: bad(`"${input.reason}" is not a deferral reason in this script.`, 'deferral.reason') };
  if (!reasonEnabled(reason, office))
    return { ok: false, error: bad(`"${reason.label.en}" is a local protocol that is not in use for ${office?.code ?? 'this Jobcentre'}.`, 'deferral.reason') };

  let untilDate: string;
  let explanation: string;
  const rule = reason.length;
  if (rule.rule === 'fcoSets') {
    if (!input.untilDate) return { ok: false, error: bad('Set the date the deferral ends.', 'deferral.untilDate') };
    untilDate = input.untilDate;
    if (daysBetween(claimDate, untilDate) > rule.maxDays)
      return { ok: false, error: bad(`A "${reason.label.en}" deferral can be at most ${rule.maxDays} days (to ${formatDate(addDays(claimDate, rule.maxDays))}).`, 'deferral.untilDate') };
    explanation = `End date set by the FCO: ${formatDate(untilDate)}.`;
  } else if (rule.rule === 'datePlusDays') {
    const from = input[rule.from];
    const label = rule.from === 'certificateTo' ? 'the end date of the medical certificate' : 'the end date of the programme';
    if (!from) return { ok: false, error: bad(`Record ${label}: the deferral is worked out from it.`, `deferral.${rule.from}`) };
    if (from < claimDate) return { ok: false, error: bad(`${formatDate(from)} is before the claim date: ${label} must still be to come.`, `deferral.${rule.from}`) };
    untilDate = addDays(from, rule.plusDays);
    explanation = `${label[0]!.toUpperCase()}${label.slice(1)} (${formatDate(from)}) plus ${rule.plusDays} days: ${formatDate(untilDate)}.`;
  } else {
    untilDate = addDays(claimDate, rule.days);
    explanation = `${rule.days} days from the claim date: ${formatDate(untilDate)}.`;
  }
  if (untilDate <= claimDate) return { ok: false, error: bad('The deferral must end after the claim date.', 'deferral.untilDate') };
  if (rule.rule !== 'fcoSets' && input.untilDate !== undefined && input.untilDate !== untilDate)
    return { ok: false, error: bad(`The length is set by the rule: ${explanation} Use that end date.`, 'deferral.untilDate') };

  const lengthDays = daysBetween(claimDate, untilDate);
  let latest = addDays(untilDate, -policy.reviewLeadDays);
  while (latest > claimDate && !isWorkingDay(latest, closed)) latest = addDays(latest, -1);
  if (latest <= claimDate) {
    // A very short deferral: the first working day after the claim date.
    latest = addDays(claimDate, 1);
    while (!isWorkingDay(latest, closed)) latest = addDays(latest, 1);
  }
  return {
    ok: true,
    value: {
      reason,
      untilDate,
      lengthDays,
      latestReviewDate: latest,
      requiresAuthorisation: reason.requiresAuthorisation || lengthDays > policy.maxDaysWithoutAuthorisation,
      explanation,
    },
  };
}

/** Checks a deferral as the FCO records it. The team leader's authorisation itself is verified against the store. */
export function checkDeferral(pkg: ScriptPackage, d: DeferralDetails, ctx: CallContext, view: CallView): CallError | null {
  const closed = appointmentPolicyOf(pkg).closedDates;
  const office = ctx.officeMarker?.office ?? null;
  const computed = computeDeferral(pkg, ctx.claimDate, office, d);
  if (!computed.ok) return computed.error;
  const c = computed.value;
  if (d.detail !== undefined && c.reason.details.length && !c.reason.details.some((x) => x.value === d.detail))
    return bad(`"${d.detail}" is not one of: ${c.reason.details.map((x) => x.label.en).join(', ')}.`, 'deferral.detail');

  // The answers already hold the certificate on an IB claim: the deferral must use the same one.
  const fields = appointmentPolicyOf(pkg).handoffFields;
  if (c.reason.length.rule === 'datePlusDays' && c.reason.length.from === 'certificateTo') {
    const employed = fields.employed ? view.liveAnswers[fields.employed] : undefined;
    if (employed === false) return bad('The customer said they are not employed: the medical certificate rule is for employed people on sick leave.', 'deferral.reason');
    const onFile = fields.certificateTo ? view.liveAnswers[fields.certificateTo] : undefined;
    if (typeof onFile === 'string' && onFile !== d.certificateTo)
      return bad(`The medical certificate on this claim ends ${formatDate(onFile)}; use that date (or correct the answer first).`, 'deferral.certificateTo');
  }

  if (!d.claimPackSent) return bad('A deferral needs the claim pack sent to the customer.', 'deferral.claimPackSent');
  if (d.paAllocated.trim().length < 2) return bad('Name the Personal Adviser allocated to the customer.', 'deferral.paAllocated');
  if (!d.paContactGiven) return bad("Give the customer the Personal Adviser's contact details before deferring.", 'deferral.paContactGiven');
  if (d.reviewDate <= ctx.claimDate || d.reviewDate > c.latestReviewDate)
    return bad(
      `Set a review date after the claim date and no later than ${formatDate(c.latestReviewDate)} (${appointmentPolicyOf(pkg).deferral.reviewLeadDays} days before the deferral ends), so the customer is re-contacted in time.`,
      'deferral.reviewDate',
    );
  if (!isWorkingDay(d.reviewDate, closed)) return bad(`${formatDate(d.reviewDate)} is not a working day; choose a weekday for the review.`, 'deferral.reviewDate');
  if (c.requiresAuthorisation && !d.authorisationId)
    return bad(
      c.reason.requiresAuthorisation
        ? `"${c.reason.label.en}" needs a team leader's authorisation. Ask for it, then record the deferral with the authorisation.`
        : `A deferral of ${c.lengthDays} days is longer than ${appointmentPolicyOf(pkg).deferral.maxDaysWithoutAuthorisation} days and needs a team leader's authorisation.`,
      'deferral.authorisationId',
    );
  return null;
}
