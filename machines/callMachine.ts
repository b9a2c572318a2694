import { assign, setup, type SnapshotFrom } from 'xstate';
import type { ScriptPackage } from '../scripts-content/schema';
import type { AuditFlag, CallContext, CallInput, MachineEvent } from './contract/callTypes';
import { computeView, lookupQuestion, type CallView } from './flow';
import { PHASES, type Phase } from './phases';
import { explainRejection } from './rules/acceptance';
import { checkAnswer } from './rules/answers';

type Ev<T extends MachineEvent['type']> = Extract<MachineEvent, { type: T }>;

/**
 * The claim call. Phases are states; which phase the call is in follows from the context through `route`, so a
 * changed answer sends the call back to the first step that needs attention, and `complete` is reachable only
 * through the `allGatesPass` guard. Every guard delegates to `explainRejection`, the same rule the service uses to
 * tell the FCO why an event was refused.
 */
export function createCallMachine(pkg: ScriptPackage) {
  const viewOf = (ctx: CallContext): CallView => computeView(pkg, ctx);
  const accepts = ({ context, event }: { context: CallContext; event: MachineEvent }) =>
    explainRejection(pkg, context, event, viewOf(context)) === null;
  const stamp = (event: MachineEvent) => ({ at: event.meta.at, by: event.meta.by });

  return setup({
    types: {
      context: {} as CallContext,
      events: {} as MachineEvent,
      input: {} as CallInput,
    },
    guards: {
      isAcceptableAnswer: accepts,
      canGoBack: accepts,
      isReviewingEarlierStep: accepts,
      isDerivedOrJustifiedBenefitMarker: accepts,
      isServingJobcentreForPostcode: accepts,
      isChecklistOnScreen: accepts,
      isJobSearchAllowedByPolicy: accepts,
      isAppointmentOutcomeAllowed: accepts,
      isValidCorrection: accepts,
      isCurrentPhase: ({ context }, params: { phase: Phase }) => viewOf(context).phase === params.phase,
      allGatesPass: ({ context }) => {
        const v = viewOf(context);
        return v.phase === 'complete' && v.gates.benefitMarker && v.gates.officeMarker && v.gates.evidence && v.gates.appointments;
      },
    },
    actions: {
      recordAnswer: assign(({ context, event }) => {
        const e = event as Ev<'answer.submit'>;
        const q = lookupQuestion(pkg, e.questionId)!.question;
        const checked = checkAnswer(q, e.value, context.claimDate);
        if (!checked.ok) return {};
        return { answers: { ...context.answers, [e.questionId]: checked.value }, cursor: null, lastEventAt: e.meta.at };
      }),
      stepBack: assign(({ context, event }) => {
        const v = viewOf(context);
        const current = v.phase === 'complete' ? PHASES.length : PHASES.indexOf(v.phase);
        const order = PHASES.slice(0, current + 1).flatMap((p) => v.walks[p].path as string[]);
        const at = v.question ? order.indexOf(v.question) : order.length;
        return { cursor: order[at - 1] ?? null, lastEventAt: event.meta.at };
      }),
      resume: assign(({ event }) => ({ cursor: null, lastEventAt: event.meta.at })),
      storeDirectoryResult: assign(({ event }) => ({ directory: (event as Ev<'directory.result'>).result, lastEventAt: event.meta.at })),
      confirmBenefitMarker: assign(({ context, event }) => {
        const e = event as Ev<'marker.benefit.confirm'>;
        const v = viewOf(context);
        const overridden = e.marker !== v.derivedMarker;
        const flags: AuditFlag[] = overridden
          ? [...context.flags, { kind: 'benefitMarkerOverride', ...stamp(e), derivedMarker: v.derivedMarker!, chosenMarker: e.marker, reason: e.override!.reason, note: e.override!.note }]
          : context.flags;
        return {
          benefitMarker: { marker: e.marker, derivedMarker: v.derivedMarker!, benefitId: v.benefit!.id, override: overridden ? e.override! : null, ...stamp(e) },
          flags,
          lastEventAt: e.meta.at,
        };
      }),
      confirmOffice: assign(({ context, event }) => {
        const e = event as Ev<'office.confirm'>;
        const dir = context.directory!;
        const postcode = viewOf(context).liveAnswers[pkg.bindings.postcode] as string;
        const chosenFreely = dir.suggestedCode === null && dir.candidates.some((c) => c.code === e.officeCode);
        const overridden = dir.suggestedCode !== e.officeCode && !chosenFreely;
        const flags: AuditFlag[] = overridden
          ? [...context.flags, { kind: 'officeOverride', ...stamp(e), suggestedCode: dir.suggestedCode, chosenCode: e.officeCode, reason: e.override!.reason, note: e.override!.note }]
          : context.flags;
        return {
          officeMarker: { office: e.office!, forPostcode: postcode, suggestedCode: dir.suggestedCode, override: overridden ? e.override! : null, ...stamp(e) },
          flags,
          lastEventAt: e.meta.at,
        };
      }),
      recordEvidenceReadOut: assign(({ event }) => ({
        evidenceReadOut: { key: (event as Ev<'evidence.readOut'>).checklistKey, ...stamp(event) },
        lastEventAt: event.meta.at,
      })),
      recordJobSearch: assign(({ context, event }) => {
        const e = event as Ev<'jobsearch.record'>;
        return {
          jobSearch: {
            ...context.jobSearch,
            searches: [...context.jobSearch.searches, { query: e.query, resultCount: e.resultCount, at: e.meta.at }],
            submissions: [...context.jobSearch.submissions, ...e.submissions.map((s) => ({ ...s, at: e.meta.at }))],
          },
          lastEventAt: e.meta.at,
        };
      }),
      finishJobSearch: assign(({ context, event }) => ({ jobSearch: { ...context.jobSearch, finishedAt: event.meta.at }, lastEventAt: event.meta.at })),
      skipJobSearch: assign(({ context, event }) => ({
        jobSearch: { ...context.jobSearch, skipped: { reason: (event as Ev<'jobsearch.skip'>).reason, at: event.meta.at } },
        lastEventAt: event.meta.at,
      })),
      recordAppointmentOutcome: assign(({ context, event }) => {
        const v = viewOf(context);
        const forBenefit = v.benefit!.id;
        const s = stamp(event);
        switch (event.type) {
          case 'appointment.book':
            return { appointment: { kind: 'booked' as const, fa: event.fa, wfi: event.wfi, forBenefit, forOffice: context.officeMarker!.office.code, ...s }, lastEventAt: s.at };
          case 'appointment.window.accept':
            return { appointment: { kind: 'dueWindow' as const, from: v.dueWindow!.from, to: v.dueWindow!.to, forBenefit, ...s }, lastEventAt: s.at };
          case 'deferral.record':
            return { appointment: { kind: 'deferred' as const, deferral: event.deferral, forBenefit, ...s }, lastEventAt: s.at };
          case 'appointment.noWfi':
            return { appointment: { kind: 'noWfi' as const, forBenefit, ...s }, lastEventAt: s.at };
          default:
            return {};
        }
      }),
      recordEnd: assign(({ event }) => {
        const e = event as Ev<'call.end'>;
        return { ended: { reason: e.reason, note: e.note, ...stamp(e) }, lastEventAt: e.meta.at };
      }),
      recordHangUpAfterCompletion: assign(({ event }) => ({ lastEventAt: event.meta.at })),
      markComplete: assign(({ context }) => ({ completedAt: context.completedAt ?? context.lastEventAt, cursor: null })),
      applyCorrection: assign(({ context, event }) => {
        const e = event as Ev<'claim.correct'>;
        const s = stamp(e);
        if (e.target === 'office') {
          const from = context.officeMarker?.office.code ?? null;
          return {
            officeMarker: { ...context.officeMarker!, office: e.office! },
            corrections: [...context.corrections, { target: e.target, from, to: e.value, reason: e.reason, ...s }],
            flags: [...context.flags, { kind: 'correction' as const, target: e.target, from, to: e.value, reason: e.reason, ...s }],
            lastEventAt: s.at,
          };
        }
        const from = context.benefitMarker?.marker ?? null;
        const bm = context.benefitMarker!;
        // A correction away from the derived marker is itself the justification: it carries who, when and why.
        const override = e.value === bm.derivedMarker ? null : { reason: 'correction', note: e.reason };
        return {
          benefitMarker: { ...bm, marker: e.value, override },
          corrections: [...context.corrections, { target: e.target, from, to: e.value, reason: e.reason, ...s }],
          flags: [...context.flags, { kind: 'correction' as const, target: e.target, from, to: e.value, reason: e.reason, ...s }],
          lastEventAt: s.at,
        };
      }),
    },
  }).createMachine({
    id: 'call',
    context: ({ input }) => ({
      callId: input.callId,
      fcoId: input.fcoId,
      claimDate: input.claimDate,
      startedAt: input.startedAt,
      answers: {},
      cursor: null,
      directory: null,
      benefitMarker: null,
      officeMarker: null,
      evidenceReadOut: null,
      jobSearch: { searches: [], submissions: [], finishedAt: null, skipped: null },
      appointment: null,
      flags: [],
      corrections: [],
      ended: null,
      completedAt: null,
      lastEventAt: input.startedAt,
      settings: input.settings ?? { jobSearchOnCall: true },
    }),
    initial: 'route',
    on: {
      'answer.submit': { guard: 'isAcceptableAnswer', actions: 'recordAnswer', target: '.route' },
      'nav.back': { guard: 'canGoBack', actions: 'stepBack', target: '.route' },
      'nav.resume': { guard: 'isReviewingEarlierStep', actions: 'resume', target: '.route' },
      'directory.result': { actions: 'storeDirectoryResult', target: '.route' },
      'call.end': { actions: 'recordEnd', target: '.ended' },
    },
    states: {
      route: {
        always: [
          { guard: { type: 'isCurrentPhase', params: { phase: 'identify' } }, target: 'identify' },
          { guard: { type: 'isCurrentPhase', params: { phase: 'establishBenefit' } }, target: 'establishBenefit' },
          { guard: { type: 'isCurrentPhase', params: { phase: 'benefitQuestions' } }, target: 'benefitQuestions' },
          { guard: { type: 'isCurrentPhase', params: { phase: 'markers' } }, target: 'markers' },
          { guard: { type: 'isCurrentPhase', params: { phase: 'evidence' } }, target: 'evidence' },
          { guard: { type: 'isCurrentPhase', params: { phase: 'jobSearch' } }, target: 'jobSearch' },
          { guard: { type: 'isCurrentPhase', params: { phase: 'appointments' } }, target: 'appointments' },
          { guard: { type: 'isCurrentPhase', params: { phase: 'wrapUp' } }, target: 'wrapUp' },
          { guard: 'allGatesPass', target: 'complete' },
        ],
      },
      identify: {},
      establishBenefit: {},
      benefitQuestions: {},
      markers: {
        on: {
          'marker.benefit.confirm': { guard: 'isDerivedOrJustifiedBenefitMarker', actions: 'confirmBenefitMarker', target: 'route' },
          'office.confirm': { guard: 'isServingJobcentreForPostcode', actions: 'confirmOffice', target: 'route' },
        },
      },
      evidence: {
        on: { 'evidence.readOut': { guard: 'isChecklistOnScreen', actions: 'recordEvidenceReadOut', target: 'route' } },
      },
      jobSearch: {
        on: {
          'jobsearch.record': { guard: 'isJobSearchAllowedByPolicy', actions: 'recordJobSearch', target: 'route' },
          'jobsearch.finish': { guard: 'isJobSearchAllowedByPolicy', actions: 'finishJobSearch', target: 'route' },
          'jobsearch.skip': { guard: 'isJobSearchAllowedByPolicy', actions: 'skipJobSearch', target: 'route' },
        },
      },
      appointments: {
        on: {
          'appointment.book': { guard: 'isAppointmentOutcomeAllowed', actions: 'recordAppointmentOutcome', target: 'route' },
          'appointment.window.accept': { guard: 'isAppointmentOutcomeAllowed', actions: 'recordAppointmentOutcome', target: 'route' },
          'deferral.record': { guard: 'isAppointmentOutcomeAllowed', actions: 'recordAppointmentOutcome', target: 'route' },
          'appointment.noWfi': { guard: 'isAppointmentOutcomeAllowed', actions: 'recordAppointmentOutcome', target: 'route' },
        },
      },
      wrapUp: {},
      complete: {
        entry: 'markComplete',
        on: {
          'claim.correct': { guard: 'isValidCorrection', actions: 'applyCorrection' },
          'call.end': { actions: 'recordHangUpAfterCompletion' },
          // A completed claim's answers are fixed; changes go through corrections.
          'answer.submit': {},
          'nav.back': {},
          'nav.resume': {},
          'directory.result': {},
        },
      },
      ended: { type: 'final' },
    },
  });
}

export type CallMachine = ReturnType<typeof createCallMachine>;
export type CallSnapshot = SnapshotFrom<CallMachine>;

/** The phase a snapshot is in, as the desk and the store name it. */
export function phaseOf(snapshot: CallSnapshot): Phase | 'complete' | 'ended' | 'route' {
  return snapshot.value as Phase | 'complete' | 'ended' | 'route';
}
