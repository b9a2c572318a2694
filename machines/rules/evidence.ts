import type { EvidenceItem, EvidenceRule, ScriptPackage } from '../../scripts-content/schema';
import { holds, type Answers } from './conditions';
import { addDays, daysBetween, parseIsoDate } from './ukFormats';
import { onOrAfterWorkingDay } from './windows';

export interface Checklist {
  /** Identifies this exact list: a read-out is valid only for the list the customer actually heard. */
  readonly key: string;
  readonly items: readonly EvidenceItem[];
}

/**
 * Whether a rule's date test holds: the date answered lies within `days` before the claim date (day 0 = the claim
 * date itself). Without a claim date the test cannot be decided, and it then holds whenever the date was answered:
 * asking for one document too many costs the customer less than a claim held up for a missing SSP1 (IDT:728).
 */
function dateTestHolds(rule: EvidenceRule, answers: Answers, claimDate: string | null): boolean {
  const t = rule.answeredDateWithin;
  if (!t) return true;
  const raw = answers[t.answer];
  const date = typeof raw === 'string' ? parseIsoDate(raw) : null;
  if (!date) return false;
  if (!claimDate) return true;
  const before = daysBetween(date, claimDate);
  return before >= 0 && before <= t.days;
}

/** Whether one content rule applies to the claim (exported for the table tests and the FA view's "why is this here"). */
export function ruleApplies(rule: EvidenceRule, answers: Answers, benefitId: string | null, claimDate: string | null = null): boolean {
  return holds(rule.when, answers, benefitId) && dateTestHolds(rule, answers, claimDate);
}

/**
 * Evidence the customer must bring, from the content rules; often-forgotten items first so they are read out first.
 * `claimDate` lets date rules ("last worked in the 8 weeks before the claim") decide; see `dateTestHolds`.
 */
export function buildChecklist(pkg: ScriptPackage, answers: Answers, benefitId: string | null, claimDate: string | null = null): Checklist {
  // No benefit, no checklist: the list follows from the benefit, never from a default.
  if (benefitId === null) return { key: '', items: [] };
  const ids: string[] = [];
  for (const rule of pkg.evidenceRules)
    if (ruleApplies(rule, answers, benefitId, claimDate)) for (const id of rule.items) if (!ids.includes(id)) ids.push(id);
  const items = ids
    .map((id) => pkg.evidenceCatalogue.find((i) => i.id === id))
    .filter((i): i is EvidenceItem => i !== undefined)
    .sort((a, b) => Number(b.oftenForgotten) - Number(a.oftenForgotten));
  return { key: items.map((i) => i.id).join('+'), items };
}

/** When an item is due for one claim: a date, and the FA meeting when it is to be brought there. */
export interface ItemDue {
  /** The last day (YYYY-MM-DD, UK date of the meeting when there is one). */
  readonly date: string;
  /** ISO start of the FA meeting when the item is to be brought to it; null when it is sent by a date. */
  readonly meetingStart: string | null;
}

/** Days used when the package has no letter policy (so a package without one still produces a sensible letter). */
export const DEFAULT_NO_MEETING_DUE_DAYS = 28;

/**
 * Due date of an item. `faMeeting` items are due at the booked FA meeting; with none booked (due window, deferral,
 * HB/CTB) they are due `noMeetingDueDays` from the claim date. `withinDays` counts day 1 = the claim date.
 */
export function itemDue(
  item: Pick<EvidenceItem, 'due'>,
  claimDate: string,
  faMeeting: { start: string; localDate: string } | null,
  policy: EvidenceDuePolicy = DEFAULT_EVIDENCE_DUE,
): ItemDue {
  const due = item.due ?? { by: 'faMeeting' as const };
  // A counted due date never falls on a weekend or bank holiday: the customer cannot take documents in that day, and
  // the FA would not see them until the next working day anyway.
  if (due.by === 'withinDays') return { date: onOrAfterWorkingDay(addDays(claimDate, due.days - 1), policy.closed), meetingStart: null };
  if (faMeeting) return { date: faMeeting.localDate, meetingStart: faMeeting.start };
  return { date: noMeetingEvidenceDue(claimDate, policy), meetingStart: null };
}

/** When the evidence is due for a claim with no FA meeting booked: the policy's days from the claim date (day 1), on a working day. */
export function noMeetingEvidenceDue(claimDate: string, policy: EvidenceDuePolicy = DEFAULT_EVIDENCE_DUE): string {
  return onOrAfterWorkingDay(addDays(claimDate, policy.noMeetingDueDays - 1), policy.closed);
}

/** What due dates are counted with: days to the due date when no FA meeting is booked, and the days Jobcentres are closed besides weekends. */
export interface EvidenceDuePolicy {
  noMeetingDueDays: number;
  closed: readonly string[];
}
export const DEFAULT_EVIDENCE_DUE: EvidenceDuePolicy = { noMeetingDueDays: DEFAULT_NO_MEETING_DUE_DAYS, closed: [] };

export function evidenceDuePolicy(pkg: ScriptPackage): EvidenceDuePolicy {
  return { noMeetingDueDays: pkg.customerLetter?.noMeetingDueDays ?? DEFAULT_NO_MEETING_DUE_DAYS, closed: pkg.appointmentPolicy?.closedDates ?? [] };
}

export interface EvidenceContentProblem {
  where: string;
  message: string;
}

/**
 * Checks the evidence content beyond the schema (the main linter covers conditions and item ids): a date rule must
 * point at a date question, every locale has the letter's words, no item is listed twice in one rule, every
 * catalogue item is used by some rule (an unused item is usually a typo in a rule).
 */
export function evidenceContentProblems(pkg: ScriptPackage): EvidenceContentProblem[] {
  const problems: EvidenceContentProblem[] = [];
  const questions = new Map(pkg.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
  pkg.evidenceRules.forEach((r, i) => {
    const t = r.answeredDateWithin;
    if (t) {
      const q = questions.get(t.answer);
      if (!q) problems.push({ where: `evidenceRules[${i}].answeredDateWithin`, message: `unknown question "${t.answer}"` });
      else if (q.answer.type !== 'date') problems.push({ where: `evidenceRules[${i}].answeredDateWithin`, message: `"${t.answer}" is not a date question` });
    }
    if (new Set(r.items).size !== r.items.length) problems.push({ where: `evidenceRules[${i}].items`, message: 'an item is listed twice' });
  });
  const used = new Set(pkg.evidenceRules.flatMap((r) => r.items));
  const seen = new Set<string>();
  for (const item of pkg.evidenceCatalogue) {
    if (seen.has(item.id)) problems.push({ where: `evidenceCatalogue[${item.id}]`, message: 'duplicate item id' });
    seen.add(item.id);
    if (!used.has(item.id)) problems.push({ where: `evidenceCatalogue[${item.id}]`, message: 'no rule uses this item' });
    for (const loc of pkg.locales) {
      for (const field of ['what', 'why', 'whoProvides', 'whenNeeded'] as const)
        if (!(loc in item[field])) problems.push({ where: `evidenceCatalogue[${item.id}].${field}`, message: `missing text for locale "${loc}"` });
      item.acceptedForms?.forEach((f, j) => {
        if (!(loc in f)) problems.push({ where: `evidenceCatalogue[${item.id}].acceptedForms[${j}]`, message: `missing text for locale "${loc}"` });
      });
    }
  }
  return problems;
}
