import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { assessClaim, maskOf, type AppointmentFact, type MarkerFacts } from '../../machines/rules/audit';
import { releasedByCorrection } from '../../machines/rules/officeCorrection';
import type { ScriptPackage } from '../../scripts-content/schema';
import type { AuditChangeInput, AuditClaimInput } from './auditStore';

export interface OfficeJudge {
  isContactCentre(code: string): boolean;
  isServingJobcentre(code: string): boolean;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The audit's facts for a claim taken in this product, from its claim record (the projection stored with each event). */
export function productFacts(record: ClaimRecord, pkg: ScriptPackage, offices: OfficeJudge): MarkerFacts {
  const policy = record.benefit ? pkg.benefits.find((b) => b.id === record.benefit!.id) ?? null : null;
  const bm = record.markers.benefit;
  const jc = record.markers.jobcentre;
  const code = jc.confirmed?.code ?? null;
  // A reason for the office: the FCO's override, or a team leader's correction to this very office.
  const correction = [...record.corrections].reverse().find((c) => c.target === 'office' && c.to === code);
  const officeReason = correction ? `correction: ${correction.reason}` : jc.override ? `${jc.override.reason}${jc.override.note ? `: ${jc.override.note}` : ''}` : null;
  const markerCorrection = [...record.corrections].reverse().find((c) => c.target === 'benefitMarker' && c.to === bm.confirmed);
  const benefitMarkerReason = bm.override ? `${bm.override.reason}${bm.override.note ? `: ${bm.override.note}` : ''}` : markerCorrection ? `correction: ${markerCorrection.reason}` : null;
  const a = record.appointment;
  // Bookings a correction of the Jobcentre released are no longer the customer's: the appointments area put the
  // interview on the new Jobcentre's schedule instead (a due window from the claim date).
  const standing = a?.kind === 'booked' ? [a.fa, a.wfi].filter((s) => !releasedByCorrection(s, record.corrections)) : [];
  const appointment: AppointmentFact =
    a === null
      ? { kind: 'none' }
      : a.kind === 'booked'
        ? standing.length
          ? { kind: 'booked', officeCodes: standing.map((s) => s.officeCode) }
          : { kind: 'dueWindow' }
        : { kind: a.kind };
  return {
    benefitName: record.benefit?.name ?? null,
    expectedMarker: bm.derived ?? policy?.marker ?? null,
    benefitMarker: bm.confirmed,
    benefitMarkerReason,
    jobcentreMarker: code,
    jobcentreIsContactCentre: code !== null && (code === pkg.contactCentre.code || offices.isContactCentre(code)),
    jobcentreIsServing: code !== null && offices.isServingJobcentre(code),
    area: jc.lookup && jc.lookup !== 'unknown' ? { suggested: jc.suggested?.code ?? null, candidates: jc.candidates.map((c) => c.code) } : null,
    officeReason,
    wfiRequired: policy ? policy.appointment !== 'noWfi' : true,
    appointment,
  };
}

/** Overrides and corrections recorded on the claim, as audit change rows. */
export function productChanges(record: ClaimRecord): AuditChangeInput[] {
  const out: AuditChangeInput[] = [];
  for (const f of record.flags) {
    const at = str(f.at);
    const by = str(f.by);
    if (f.kind === 'officeOverride')
      out.push({ kind: 'officeOverride', target: 'office', from: (f.suggestedCode as string | null) ?? null, to: str(f.chosenCode), reason: str(f.reason), note: str(f.note), at, by });
    else if (f.kind === 'benefitMarkerOverride')
      out.push({ kind: 'benefitMarkerOverride', target: 'benefitMarker', from: str(f.derivedMarker) || null, to: str(f.chosenMarker), reason: str(f.reason), note: str(f.note), at, by });
    else if (f.kind === 'correction')
      out.push({ kind: 'correction', target: str(f.target), from: (f.from as string | null) ?? null, to: str(f.to), reason: str(f.reason), note: '', at, by });
  }
  return out;
}

const seconds = (from: string, to: string | null): number | null => {
  if (!to) return null;
  const d = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(d) && d >= 0 ? d : null;
};

/** A completed claim as an audit row. */
export function productClaimInput(record: ClaimRecord, pkg: ScriptPackage, offices: OfficeJudge, ctx: { team: string; seq: number; updatedAt: string }): AuditClaimInput {
  const facts = productFacts(record, pkg, offices);
  const findings = assessClaim(facts);
  const policy = record.benefit ? pkg.benefits.find((b) => b.id === record.benefit!.id) ?? null : null;
  return {
    source: 'product',
    ref: record.callId,
    claimDate: record.claimDate,
    fcoId: record.fcoId,
    team: ctx.team,
    benefit: record.benefit?.id ?? null,
    nino: record.customer.nino,
    postcode: record.customer.postcode,
    benefitMarker: record.markers.benefit.confirmed,
    expectedMarker: facts.expectedMarker,
    jobcentreMarker: facts.jobcentreMarker,
    areaOffice: facts.area?.suggested ?? null,
    appointment: record.appointment?.kind ?? 'none',
    deferralEligible: policy?.deferralAllowed ?? false,
    deferred: record.appointment?.kind === 'deferred',
    callSeconds: seconds(record.startedAt, record.completedAt),
    corrections: record.corrections.length,
    errors: maskOf(findings),
    findings: findings.length ? findings.map((f) => f.text).join('\n') : null,
    importId: null,
    seq: ctx.seq,
    updatedAt: ctx.updatedAt,
    changes: productChanges(record),
  };
}
