import { END, type BenefitPolicy, type Question, type ScriptPackage, type Section } from '../scripts-content/schema';
import type { CallContext } from './contract/callTypes';
import { PHASES, type Phase } from './phases';
import { checkAnswer, type AnswerCheck, type AnswerValue } from './rules/answers';
import { deriveBenefit } from './rules/benefit';
import { holds, type Answers } from './rules/conditions';
import { buildChecklist, type Checklist } from './rules/evidence';
import { addDays } from './rules/ukFormats';

/**
 * Everything about a call that follows from its context: the benefit, the path through each section, which gates
 * hold, where the call is. Computed, never stored, so it cannot drift from the answers (CASA-style path recompute).
 */

export interface SectionWalk {
  readonly phase: Phase;
  readonly skipped: boolean;
  /** Questions on the current path, in order, up to and including the first one still to answer. */
  readonly path: readonly string[];
  /** The first question on the path without a valid answer, or null when the section is done. */
  readonly pending: string | null;
}

export interface Gates {
  identify: boolean;
  establishBenefit: boolean;
  benefitQuestions: boolean;
  benefitMarker: boolean;
  officeMarker: boolean;
  evidence: boolean;
  jobSearch: boolean;
  appointments: boolean;
  wrapUp: boolean;
}

export interface CallView {
  readonly benefit: BenefitPolicy | null;
  readonly derivedMarker: string | null;
  readonly walks: Readonly<Record<Phase, SectionWalk>>;
  /** Answers that are on the live path and valid. Answers left off the path by a change are kept but not used. */
  readonly liveAnswers: Answers;
  readonly checklist: Checklist;
  readonly gates: Gates;
  /** The first phase that is not complete, or 'complete'. */
  readonly firstIncomplete: Phase | 'complete';
  /** Where the desk is: the cursor's phase when the FCO went back, otherwise the first incomplete phase. */
  readonly phase: Phase | 'complete';
  readonly question: string | null;
  readonly dueWindow: { from: string; to: string } | null;
  /** What still stops the call from completing, in words an FCO can act on. */
  readonly missing: readonly string[];
}

export function questionIndex(pkg: ScriptPackage): Map<string, { question: Question; section: Section }> {
  const map = new Map<string, { question: Question; section: Section }>();
  for (const section of pkg.sections) for (const question of section.questions) map.set(question.id, { question, section });
  return map;
}

const indexCache = new WeakMap<ScriptPackage, Map<string, { question: Question; section: Section }>>();
export function lookupQuestion(pkg: ScriptPackage, id: string): { question: Question; section: Section } | undefined {
  let idx = indexCache.get(pkg);
  if (!idx) indexCache.set(pkg, (idx = questionIndex(pkg)));
  return idx.get(id);
}

/**
 * The last check of each question's answer. Every view re-checks every answer on the path (so a change upstream
 * re-validates everything downstream), and from one event to the next almost all of them are the very same values:
 * the check is a pure function of the question, the answer and the claim date, so the same three give the kept result.
 */
const lastCheck = new WeakMap<Question, { raw: unknown; claimDate: string; result: AnswerCheck }>();

function checkedAnswer(q: Question, raw: unknown, claimDate: string): AnswerCheck {
  const hit = lastCheck.get(q);
  if (hit && hit.raw === raw && hit.claimDate === claimDate) return hit.result;
  const result = checkAnswer(q, raw, claimDate);
  lastCheck.set(q, { raw, claimDate, result });
  return result;
}

function walkSection(
  pkg: ScriptPackage,
  section: Section | undefined,
  phase: Phase,
  answers: Record<string, unknown>,
  live: Record<string, AnswerValue>,
  benefitId: string | null,
  claimDate: string,
): SectionWalk {
  if (!section || (section.when && !holds(section.when, live, benefitId))) return { phase, skipped: true, path: [], pending: null };
  const path: string[] = [];
  let at: string = section.start;
  // The linter forbids loops; the bound is a guard against a package that slipped past it.
  for (let guard = 0; guard <= section.questions.length; guard++) {
    const q = lookupQuestion(pkg, at)?.question;
    if (!q) break;
    path.push(q.id);
    const raw = answers[q.id];
    const checked = raw === undefined ? null : checkedAnswer(q, raw, claimDate);
    if (!checked || !checked.ok) return { phase, skipped: false, path, pending: q.id };
    live[q.id] = checked.value;
    const route = q.next.find((r) => r.when === undefined || holds(r.when, live, benefitId));
    if (!route || route.goto === END) return { phase, skipped: false, path, pending: null };
    at = route.goto;
  }
  return { phase, skipped: false, path, pending: path[path.length - 1] ?? section.start };
}

/**
 * Contexts are immutable (XState `assign` makes a new object), so a view can be cached per context object: the
 * rejection check, the guards, the projection and the desk state of one event then share one computation.
 */
const viewCache = new WeakMap<CallContext, { pkg: ScriptPackage; view: CallView }>();

export function computeView(pkg: ScriptPackage, ctx: CallContext): CallView {
  const hit = viewCache.get(ctx);
  if (hit && hit.pkg === pkg) return hit.view;
  const view = computeViewUncached(pkg, ctx);
  viewCache.set(ctx, { pkg, view });
  return view;
}

function computeViewUncached(pkg: ScriptPackage, ctx: CallContext): CallView {
  const sectionOf = (phase: Phase) => pkg.sections.find((s) => s.phase === phase);
  const live: Record<string, AnswerValue> = {};
  const walks = {} as Record<Phase, SectionWalk>;
  const empty = (phase: Phase): SectionWalk => ({ phase, skipped: true, path: [], pending: null });

  walks.identify = walkSection(pkg, sectionOf('identify'), 'identify', ctx.answers, live, null, ctx.claimDate);
  walks.establishBenefit = walkSection(pkg, sectionOf('establishBenefit'), 'establishBenefit', ctx.answers, live, null, ctx.claimDate);
  const benefit = walks.establishBenefit.pending === null ? deriveBenefit(pkg, live) : null;
  const benefitId = benefit?.id ?? null;
  walks.benefitQuestions = benefit
    ? walkSection(pkg, sectionOf('benefitQuestions'), 'benefitQuestions', ctx.answers, live, benefitId, ctx.claimDate)
    : { phase: 'benefitQuestions', skipped: false, path: [], pending: null };
  walks.markers = empty('markers');
  walks.evidence = empty('evidence');
  walks.jobSearch = empty('jobSearch');
  walks.appointments = benefit
    ? walkSection(pkg, sectionOf('appointments'), 'appointments', ctx.answers, live, benefitId, ctx.claimDate)
    : empty('appointments');
  walks.wrapUp = walkSection(pkg, sectionOf('wrapUp'), 'wrapUp', ctx.answers, live, benefitId, ctx.claimDate);

  const postcode = live[pkg.bindings.postcode];
  const checklist = buildChecklist(pkg, live, benefitId, ctx.claimDate);
  const derivedMarker = benefit?.marker ?? null;
  const dueWindow =
    benefit?.appointment === 'dueWindow' && benefit.dueWindowDays
      ? { from: addDays(ctx.claimDate, benefit.dueWindowDays[0] - 1), to: addDays(ctx.claimDate, benefit.dueWindowDays[1] - 1) }
      : null;

  const bm = ctx.benefitMarker;
  const om = ctx.officeMarker;
  const appt = ctx.appointment;
  const gates: Gates = {
    identify: walks.identify.pending === null,
    establishBenefit: benefit !== null,
    benefitQuestions: benefit !== null && walks.benefitQuestions.pending === null,
    // Valid only for the marker the answers derive now; a changed answer makes the FCO confirm again.
    benefitMarker: bm !== null && benefit !== null && bm.benefitId === benefit.id && bm.derivedMarker === derivedMarker &&
      (bm.marker === derivedMarker || bm.override !== null),
    // Valid only for the postcode the customer gave last, and never the contact centre.
    officeMarker: om !== null && typeof postcode === 'string' && om.forPostcode === postcode && om.office.code !== pkg.contactCentre.code,
    evidence: ctx.evidenceReadOut !== null && ctx.evidenceReadOut.key === checklist.key && checklist.items.length > 0,
    jobSearch:
      benefit !== null &&
      (benefit.jobSearch === 'none' ||
        !jobSearchOnCall(ctx) ||
        (ctx.jobSearch.finishedAt !== null && (benefit.jobSearch === 'optional' || ctx.jobSearch.searches.length > 0)) ||
        (benefit.jobSearch === 'optional' && ctx.jobSearch.skipped !== null)),
    appointments:
      benefit !== null &&
      walks.appointments.pending === null &&
      appt !== null &&
      appt.forBenefit === benefit.id &&
      ((appt.kind === 'booked' && benefit.appointment === 'bookOnCall' && om !== null && appt.forOffice === om.office.code) ||
        (appt.kind === 'dueWindow' && benefit.appointment === 'dueWindow') ||
        (appt.kind === 'deferred' && benefit.deferralAllowed) ||
        (appt.kind === 'noWfi' && benefit.appointment === 'noWfi')),
    wrapUp: walks.wrapUp.pending === null,
  };

  const phaseDone: Record<Phase, boolean> = {
    identify: gates.identify,
    establishBenefit: gates.establishBenefit,
    benefitQuestions: gates.benefitQuestions,
    markers: gates.benefitMarker && gates.officeMarker,
    evidence: gates.evidence,
    jobSearch: gates.jobSearch,
    appointments: gates.appointments,
    wrapUp: gates.wrapUp,
  };
  const firstIncomplete = PHASES.find((p) => !phaseDone[p]) ?? 'complete';

  let phase: Phase | 'complete' = firstIncomplete;
  let question: string | null = firstIncomplete === 'complete' ? null : walks[firstIncomplete].pending;
  if (ctx.cursor) {
    const hit = PHASES.find((p) => walks[p].path.includes(ctx.cursor!));
    if (hit && (firstIncomplete === 'complete' || PHASES.indexOf(hit) <= PHASES.indexOf(firstIncomplete))) {
      phase = hit;
      question = ctx.cursor;
    }
  }

  const missing: string[] = [];
  if (!gates.identify) missing.push('Customer identity and contact details');
  if (!gates.establishBenefit) missing.push('The benefit (answer the reason-for-claim questions)');
  else if (!gates.benefitQuestions) missing.push('Questions about the customer\'s circumstances');
  if (!gates.benefitMarker) missing.push(bm ? 'Benefit marker: answers changed, confirm it again' : 'Benefit marker not confirmed');
  if (!gates.officeMarker) missing.push(om ? 'Jobcentre marker: postcode changed, confirm the office again' : 'Jobcentre marker not confirmed');
  if (!gates.evidence) missing.push(ctx.evidenceReadOut ? 'Evidence list changed: read it out again' : 'Evidence checklist not read out');
  if (benefit && !gates.jobSearch && jobSearchOnCall(ctx)) missing.push(benefit.jobSearch === 'required' ? 'Job search (required for jobseekers)' : 'Job search or a reason to skip it');
  if (benefit && !gates.appointments) missing.push('Appointment booked, due window set, deferral recorded or "no WFI" recorded');
  if (!gates.wrapUp) missing.push('Read-back and closing');

  return { benefit, derivedMarker, walks, liveAnswers: live, checklist, gates, firstIncomplete, phase, question, dueWindow, missing };
}

/** Contexts persisted before the setting existed have no `settings`: the job search was on then. */
export function jobSearchOnCall(ctx: CallContext): boolean {
  return ctx.settings?.jobSearchOnCall ?? true;
}

const pathOrderCache = new WeakMap<CallView, readonly string[]>();

/** Every question on the live path, across sections in phase order (cached per view: views are immutable). */
export function livePathOrder(view: CallView): readonly string[] {
  let order = pathOrderCache.get(view);
  if (!order) pathOrderCache.set(view, (order = PHASES.flatMap((p) => view.walks[p].path as string[])));
  return order;
}
