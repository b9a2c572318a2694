import type { HandOffSummary, SummaryLine } from '../../machines/contract/api/evidence';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { releasedByCorrection } from '../../machines/rules/officeCorrection';
import { openDaysOf } from '../../machines/rules/windows';
import type { AnswerSpec, ScriptPackage } from '../../scripts-content/schema';
import { ukDate, ukDateTime } from '../letters/ukDates';
import { claimReference } from '../letters/letterModel';

/** An answer as a person reads it: Yes/No, option labels, UK dates. */
export function displayAnswer(spec: AnswerSpec, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (spec.type) {
    case 'yesNo':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    case 'acknowledge':
      return 'Done';
    case 'choice':
      return spec.options.find((o) => o.value === value)?.label.en ?? String(value);
    case 'multiChoice':
      return Array.isArray(value) ? value.map((v) => spec.options.find((o) => o.value === v)?.label.en ?? String(v)).join('; ') : String(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? ukDate(value) : String(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** What was arranged, in words for Jobcentre staff. */
export function describeAppointment(record: ClaimRecord): string {
  const a = record.appointment;
  if (!a) return 'None recorded';
  switch (a.kind) {
    case 'booked': {
      // A correction of the Jobcentre released what was still to come at the old office: say so, never the old time.
      const part = (label: string, s: typeof a.fa) => {
        const gone = releasedByCorrection(s, record.corrections);
        return gone
          ? `${label} of ${ukDateTime(s.start)} at ${s.officeCode} released: the Jobcentre was corrected to ${gone.to} on ${ukDateTime(gone.at)}; ${gone.to} arranges a new one`
          : `${label} ${ukDateTime(s.start)} (${s.minutes} min, ${s.kind}, ${s.officeCode})`;
      };
      return `${part('FA meeting', a.fa)}; ${part('WFI', a.wfi)}`;
    }
    case 'dueWindow':
      // The days it can be held (as the customer was told), not the policy's calendar edges; a record stored before
      // the bookable days were projected falls back to the edges.
      const days = openDaysOf(record.dueWindow ?? a);
      return `No FA meeting booked on the call. WFI due between ${ukDate(days.from)} and ${ukDate(days.to)} (the Jobcentre books it)`;
    case 'deferred':
      return `WFI deferred until ${ukDate(a.deferral.untilDate)} (${a.deferral.reason}${a.deferral.note ? `: ${a.deferral.note}` : ''}); review by ${ukDate(a.deferral.reviewDate)}; PA ${a.deferral.paAllocated || 'not named'}; claim pack ${a.deferral.claimPackSent ? 'sent' : 'NOT sent'}`;
    case 'noWfi':
      return 'No WFI (Housing Benefit / Council Tax Benefit only)';
  }
}

/**
 * The hand-off summary the FA reads before the meeting, straight from the claim record: markers and how they were
 * set, the customer's answers about their circumstances question by question (health answers flagged sensitive),
 * corrections, and what was arranged.
 */
export function buildHandOffSummary(record: ClaimRecord, pkg: ScriptPackage, fcoName: string | null): HandOffSummary {
  const circumstances: SummaryLine[] = [];
  for (const section of pkg.sections) {
    if (section.phase !== 'establishBenefit' && section.phase !== 'benefitQuestions') continue;
    for (const q of section.questions) {
      if (!(q.id in record.answers)) continue;
      circumstances.push({
        label: q.say.en,
        value: displayAnswer(q.answer, record.answers[q.id]),
        sensitive: q.sensitive || q.id === pkg.bindings.healthCondition,
      });
    }
  }
  const bm = record.markers.benefit;
  const jm = record.markers.jobcentre;
  const reason = (o: { reason: string; note: string } | null) => (o ? `${o.reason}${o.note ? `: ${o.note}` : ''}` : null);
  return {
    callId: record.callId,
    reference: claimReference(record.callId),
    claimDate: record.claimDate,
    completedAt: record.completedAt,
    benefit: record.benefit ?? { id: 'unknown', name: 'Unknown' },
    fco: { id: record.fcoId, name: fcoName },
    markers: {
      benefit: { confirmed: bm.confirmed, derived: bm.derived, overridden: bm.override !== null, overrideReason: reason(bm.override) },
      jobcentre: {
        code: jm.confirmed?.code ?? '',
        name: jm.confirmed?.name ?? '',
        overridden: jm.override !== null,
        overrideReason: reason(jm.override),
      },
    },
    customer: { ...record.customer },
    appointment: describeAppointment(record),
    circumstances,
    corrections: record.corrections.map((c) => ({ ...c })),
    evidenceReadOutAt: record.evidence.readOutAt,
    jobSearch: {
      switchedOff: record.jobSearch.switchedOff,
      searches: record.jobSearch.searches.map((x) => ({ text: x.query.text, resultCount: x.resultCount, at: x.at })),
      submissions: record.jobSearch.submissions.map((x) => ({ vacancyId: x.vacancyId, title: x.title, employer: x.employer })),
      skippedReason: record.jobSearch.skippedReason,
    },
  };
}
