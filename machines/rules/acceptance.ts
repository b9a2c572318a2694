import type { ScriptPackage } from '../../scripts-content/schema';
import type { CallContext, MachineEvent } from '../contract/callTypes';
import type { CallError } from '../contract/errors';
import { computeView, jobSearchOnCall, livePathOrder, lookupQuestion, type CallView } from '../flow';
import { PHASES } from '../phases';
import { checkAnswer } from './answers';
import { checkBooking } from './booking';
import { checkDeferral } from './deferral';

const err = (code: CallError['code'], message: string, field?: string): CallError =>
  field === undefined ? { code, message } : { code, message, field };

/**
 * Why the machine would refuse this event, or null if it accepts it. The machine's guards call the same
 * function, so the typed error the FCO sees and the transition that does not happen can never disagree.
 */
export function explainRejection(pkg: ScriptPackage, ctx: CallContext, event: MachineEvent, view?: CallView): CallError | null {
  // The engine asks first (to return the typed error), then the machine's guard asks again for the same event
  // object and context: answer the second time from memory.
  const hit = verdicts.get(event);
  if (hit && hit.ctx === ctx && hit.pkg === pkg) return hit.verdict;
  const verdict = judge(pkg, ctx, event, view ?? computeView(pkg, ctx));
  verdicts.set(event, { pkg, ctx, verdict });
  return verdict;
}

const verdicts = new WeakMap<MachineEvent, { pkg: ScriptPackage; ctx: CallContext; verdict: CallError | null }>();

function judge(pkg: ScriptPackage, ctx: CallContext, event: MachineEvent, view: CallView): CallError | null {
  if (ctx.ended) return err('call_ended', `This call ended at ${ctx.ended.at} (${ctx.ended.reason}); nothing more can be recorded on it. Start a new call.`);
  const complete = ctx.completedAt !== null;
  if (complete && event.type !== 'claim.correct' && event.type !== 'call.end')
    return err('call_complete', 'This claim is complete. To change a marker, record a correction with a reason.');
  const phaseIdx = view.phase === 'complete' ? PHASES.length : PHASES.indexOf(view.phase);
  const atOrPast = (p: (typeof PHASES)[number]) => view.firstIncomplete === 'complete' || PHASES.indexOf(view.firstIncomplete) >= PHASES.indexOf(p);

  switch (event.type) {
    case 'answer.submit': {
      const found = lookupQuestion(pkg, event.questionId);
      if (!found) return err('unknown_question', `There is no question "${event.questionId}" in script ${pkg.scriptId} ${pkg.version}.`, event.questionId);
      const onPath = livePathOrder(view);
      const isCurrent = view.question === event.questionId;
      const answeredEarlier = onPath.includes(event.questionId) && ctx.answers[event.questionId] !== undefined &&
        PHASES.indexOf(found.section.phase) <= Math.min(phaseIdx, PHASES.indexOf(view.firstIncomplete === 'complete' ? 'wrapUp' : view.firstIncomplete));
      if (!isCurrent && !answeredEarlier)
        return err('out_of_order', `Question "${event.questionId}" is not the current step${view.question ? ` ("${view.question}")` : ''} and has not been answered on this path, so it cannot be answered yet.`, event.questionId);
      const checked = checkAnswer(found.question, event.value, ctx.claimDate);
      return checked.ok ? null : err('invalid_answer', checked.message, event.questionId);
    }
    case 'nav.back': {
      const order = livePathOrder(view);
      const at = view.question ? order.indexOf(view.question) : order.length;
      return at > 0 ? null : err('out_of_order', 'Already at the first question: there is nothing to go back to.');
    }
    case 'nav.resume':
      return ctx.cursor ? null : err('out_of_order', 'Already at the current step.');
    case 'directory.result':
      return null;
    case 'marker.benefit.confirm': {
      if (!atOrPast('markers')) return err('not_allowed_in_phase', 'Finish the questions before confirming the benefit marker.');
      if (!view.derivedMarker) return err('not_allowed_in_phase', 'The benefit is not established yet.');
      if (!pkg.benefits.some((b) => b.marker === event.marker)) return err('marker_mismatch', `"${event.marker}" is not a benefit marker in this script.`, 'marker');
      if (event.marker !== view.derivedMarker) {
        if (!event.override) return err('override_reason_required', `The answers give the marker "${view.derivedMarker}". To set "${event.marker}" instead, give a reason; it will be flagged for the team leader.`, 'override');
        if (!pkg.benefitOverrideReasons.some((r) => r.code === event.override!.reason)) return err('override_reason_required', `Unknown reason "${event.override.reason}".`, 'override.reason');
        if (event.override.reason === 'other' && event.override.note.length < 3) return err('override_reason_required', 'Explain the "other" reason in a few words.', 'override.note');
      }
      return null;
    }
    case 'office.confirm': {
      if (!atOrPast('markers')) return err('not_allowed_in_phase', 'Finish the questions before confirming the Jobcentre.');
      const postcode = view.liveAnswers[pkg.bindings.postcode];
      if (typeof postcode !== 'string') return err('not_allowed_in_phase', 'The customer\'s postcode is needed before a Jobcentre can be confirmed.', pkg.bindings.postcode);
      if (event.officeCode === pkg.contactCentre.code)
        return err('office_not_allowed', `${pkg.contactCentre.name} is the contact centre, not a Jobcentre: the marker must be the Jobcentre that covers the customer's postcode.`, 'officeCode');
      if (!event.office || event.office.code !== event.officeCode)
        return err('office_not_allowed', `No serving Jobcentre with code "${event.officeCode}" is in the office directory.`, 'officeCode');
      const dir = ctx.directory && ctx.directory.postcode === postcode ? ctx.directory : null;
      if (!dir) return err('not_allowed_in_phase', 'The office lookup for this postcode has not finished; try again in a moment.');
      const isSuggested = dir.suggestedCode === event.officeCode;
      const isCandidateWithoutSuggestion = dir.suggestedCode === null && dir.candidates.some((c) => c.code === event.officeCode);
      if (!isSuggested && !isCandidateWithoutSuggestion) {
        if (!event.override) return err('override_reason_required', 'This is not the Jobcentre that covers the customer\'s postcode. Choose a reason for sending the claim elsewhere; it will be flagged for the team leader.', 'override');
        if (!pkg.officeOverrideReasons.some((r) => r.code === event.override!.reason)) return err('override_reason_required', `Unknown reason "${event.override.reason}".`, 'override.reason');
        if (event.override.reason === 'other' && event.override.note.length < 3) return err('override_reason_required', 'Explain the "other" reason in a few words.', 'override.note');
      }
      return null;
    }
    case 'evidence.readOut':
      if (!atOrPast('evidence')) return err('not_allowed_in_phase', 'Confirm both markers before reading out the evidence list.');
      if (event.checklistKey !== view.checklist.key) return err('checklist_changed', 'The evidence list changed since it was shown (an answer changed). Read out the list on screen now.', 'checklistKey');
      {
        const unread = view.checklist.items.filter((i) => !event.itemsRead.includes(i.id));
        if (unread.length) return err('checklist_changed', `Read out and tick every item first; still to read: ${unread.map((i) => i.what.en).join('; ')}.`, 'itemsRead');
      }
      return null;
    case 'jobsearch.record':
    case 'jobsearch.finish':
    case 'jobsearch.skip': {
      if (!atOrPast('jobSearch')) return err('not_allowed_in_phase', 'Read out the evidence list before the job search.');
      const mode = view.benefit?.jobSearch ?? 'none';
      if (!jobSearchOnCall(ctx)) return err('policy_forbids', 'Job search on the call is switched off at this site; the Jobcentre will do it at the interview.');
      if (mode === 'none') return err('policy_forbids', `No job search is done for ${view.benefit?.name.en ?? 'this claim'}.`);
      if (event.type === 'jobsearch.skip' && mode === 'required') return err('policy_forbids', 'A job search is required for Jobseeker\'s Allowance and cannot be skipped.');
      if (event.type === 'jobsearch.finish' && mode === 'required' && ctx.jobSearch.searches.length === 0) return err('policy_forbids', 'Run at least one job search with the customer before finishing.');
      return null;
    }
    case 'appointment.book':
    case 'appointment.window.accept':
    case 'deferral.record':
    case 'appointment.noWfi': {
      if (!atOrPast('appointments') || view.walks.appointments.pending !== null) return err('not_allowed_in_phase', 'Finish the earlier steps (and explain the interview) before the appointment.');
      const b = view.benefit;
      if (!b) return err('not_allowed_in_phase', 'The benefit is not established yet.');
      if (event.type === 'appointment.book') {
        if (b.appointment !== 'bookOnCall') return err('policy_forbids', b.appointment === 'dueWindow' ? `Do not book: for ${b.name.en} the Jobcentre books the interview inside the due window.` : `${b.name.en} has no Work Focused Interview.`);
        return checkBooking(pkg, event, ctx, view);
      }
      if (event.type === 'appointment.window.accept')
        return b.appointment === 'dueWindow' ? null : err('policy_forbids', `${b.name.en} is booked on the call, not given a due window.`);
      if (event.type === 'deferral.record')
        return b.deferralAllowed ? checkDeferral(pkg, event.deferral, ctx, view) : err('policy_forbids', `${b.name.en} interviews are never deferred or waived.`);
      return b.appointment === 'noWfi' ? null : err('policy_forbids', `${b.name.en} needs a Work Focused Interview; "no WFI" is only for Housing/Council Tax Benefit-only claims.`);
    }
    case 'call.end':
      return null;
    case 'claim.correct': {
      if (!complete) return err('not_allowed_in_phase', 'Corrections are for completed claims; during the call, go back and change the answer or marker.');
      if (event.target === 'office') {
        if (event.value === pkg.contactCentre.code) return err('office_not_allowed', 'The contact centre can never be the Jobcentre marker.', 'value');
        if (!event.office || event.office.code !== event.value) return err('office_not_allowed', `No serving Jobcentre with code "${event.value}" is in the office directory.`, 'value');
      } else if (!pkg.benefits.some((b) => b.marker === event.value)) {
        return err('marker_mismatch', `"${event.value}" is not a benefit marker in this script.`, 'value');
      }
      return null;
    }
  }
}
