import type { ScriptPackage } from '../scripts-content/schema';
import type { CallSnapshot } from './callMachine';
import type { ClaimRecord } from './contract/claimRecord';
import { computeView, jobSearchOnCall } from './flow';
import type { CallContext } from './contract/callTypes';
import { interviewWindow } from './rules/booking';
import { evidenceDuePolicy, noMeetingEvidenceDue } from './rules/evidence';
import { formatDate } from './rules/windows';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

type ChecklistItem = ReturnType<typeof computeView>['checklist']['items'][number];
type Benefit = ReturnType<typeof computeView>['benefit'];

/**
 * When the FCO tells the customer an item is needed. The content's words ("Bring to your meeting with the Financial
 * Assessor") assume a meeting booked on the call; a benefit that never books one (IB's due window, no interview) is
 * told where and by when instead, the same date the letter gives.
 */
function whenNeededSaid(pkg: ScriptPackage, benefit: Benefit, ctx: CallContext, item: ChecklistItem): string {
  if (!benefit || benefit.appointment === 'bookOnCall' || (item.due?.by ?? 'faMeeting') !== 'faMeeting') return item.whenNeeded.en;
  // An item due at the meeting, with no meeting: the no-meeting due date (the same for every such item).
  const by = formatDate(noMeetingEvidenceDue(ctx.claimDate, evidenceDuePolicy(pkg)));
  return benefit.appointment === 'noWfi' ? `Send it with your claim form by ${by}` : `Send or take it to ${ctx.officeMarker?.office.name ?? 'your Jobcentre'} by ${by}`;
}

/** Where a call stands, from its context alone: ended (hung up or ended early), complete, or still in progress. */
export function statusOf(ctx: CallContext): ClaimRecord['status'] {
  return ctx.ended ? 'ended' : ctx.completedAt ? 'complete' : 'in_progress';
}

/**
 * The claim record for a snapshot. Pure: the same snapshot always gives the same record. Only the context counts, so a
 * stored (persisted) snapshot projects without being restored into the machine first.
 */
export function toClaimRecord(pkg: ScriptPackage, hash: string, snapshot: Pick<CallSnapshot, 'context'>): ClaimRecord {
  const ctx = snapshot.context;
  const view = computeView(pkg, ctx);
  const b = pkg.bindings;
  const live = view.liveAnswers;
  const status = statusOf(ctx);
  const dir = ctx.directory && ctx.directory.postcode === live[b.postcode] ? ctx.directory : null;
  const suggested = dir?.suggestedCode ? (dir.candidates.find((c) => c.code === dir.suggestedCode) ?? null) : null;
  const liveIds = new Set(Object.keys(live));
  const appt = ctx.appointment;

  return {
    callId: ctx.callId,
    script: { id: pkg.scriptId, version: pkg.version, hash },
    status,
    claimDate: ctx.claimDate,
    fcoId: ctx.fcoId,
    startedAt: ctx.startedAt,
    completedAt: ctx.completedAt,
    ended: ctx.ended,
    phase: status === 'in_progress' ? view.phase : status,
    currentQuestion: status === 'in_progress' ? view.question : null,
    customer: {
      name: str(live[b.customerName]),
      dateOfBirth: str(live[b.dateOfBirth]),
      nino: str(live[b.nino]),
      address: str(live[b.addressLine]),
      postcode: str(live[b.postcode]),
      phone: str(live[b.phone]),
      contactTimes: str(live[b.contactTimes]),
      partnerDeclared: b.partnerDeclared && typeof live[b.partnerDeclared] === 'boolean' ? (live[b.partnerDeclared] as boolean) : null,
    },
    benefit: view.benefit ? { id: view.benefit.id, name: view.benefit.name.en } : null,
    markers: {
      benefit: {
        derived: view.derivedMarker,
        confirmed: ctx.benefitMarker?.marker ?? null,
        valid: view.gates.benefitMarker,
        override: ctx.benefitMarker?.override ?? null,
        confirmedAt: ctx.benefitMarker?.at ?? null,
        confirmedBy: ctx.benefitMarker?.by ?? null,
      },
      jobcentre: {
        suggested,
        candidates: dir?.candidates ?? [],
        lookup: dir?.match ?? null,
        lookupNote: dir?.note ?? null,
        confirmed: ctx.officeMarker?.office ?? null,
        forPostcode: ctx.officeMarker?.forPostcode ?? null,
        valid: view.gates.officeMarker,
        override: ctx.officeMarker?.override ?? null,
        confirmedAt: ctx.officeMarker?.at ?? null,
        confirmedBy: ctx.officeMarker?.by ?? null,
      },
    },
    answers: { ...live },
    staleAnswers: Object.keys(ctx.answers).filter((k) => !liveIds.has(k)).sort(),
    evidence: {
      items: view.checklist.items.map((i) => ({
        id: i.id,
        what: i.what.en,
        why: i.why.en,
        whoProvides: i.whoProvides.en,
        whenNeeded: whenNeededSaid(pkg, view.benefit, ctx, i),
        oftenForgotten: i.oftenForgotten,
      })),
      checklistKey: view.checklist.key,
      readOut: view.gates.evidence,
      readOutAt: ctx.evidenceReadOut?.at ?? null,
    },
    jobSearch: {
      mode: view.benefit?.jobSearch ?? null,
      switchedOff: !jobSearchOnCall(ctx),
      interestInWork: b.interestInWork ? str(live[b.interestInWork]) : null,
      searches: ctx.jobSearch.searches,
      submissions: ctx.jobSearch.submissions,
      finished: ctx.jobSearch.finishedAt !== null,
      skippedReason: ctx.jobSearch.skipped?.reason ?? null,
    },
    appointment:
      appt === null
        ? null
        : appt.kind === 'booked'
          ? { kind: 'booked', fa: appt.fa, wfi: appt.wfi, at: appt.at, by: appt.by }
          : appt.kind === 'dueWindow'
            ? { kind: 'dueWindow', from: appt.from, to: appt.to, at: appt.at, by: appt.by }
            : appt.kind === 'deferred'
              ? { kind: 'deferred', deferral: appt.deferral, at: appt.at, by: appt.by }
              : { kind: 'noWfi', at: appt.at, by: appt.by },
    appointmentValid: view.gates.appointments,
    dueWindow: view.dueWindow && view.benefit ? dueWindowOf(pkg, view.benefit, ctx.claimDate, view.dueWindow) : null,
    flags: ctx.flags.map((f) => ({ ...f })),
    corrections: ctx.corrections,
    missing: status === 'complete' ? [] : [...view.missing],
  };
}

/**
 * The due window with the days it can really be held: the policy counts calendar days, so day 91 can be a Sunday,
 * and a customer told "by Sunday 21 February" expects a call-in the Jobcentre cannot make. Computed here, once per
 * event, rather than in the view the machine's guards read on every transition.
 */
function dueWindowOf(pkg: ScriptPackage, benefit: NonNullable<ReturnType<typeof computeView>['benefit']>, claimDate: string, w: { from: string; to: string }): ClaimRecord['dueWindow'] {
  const bookable = interviewWindow(pkg, benefit, claimDate);
  return { from: w.from, to: w.to, bookableFrom: bookable?.bookableFrom ?? null, bookableTo: bookable?.bookableTo ?? null };
}
