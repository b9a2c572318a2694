import type { DeskState } from '../../../machines/deskState';
import type { StepProps } from '../types';
import type { Refusal } from '../useCall';
import { AppointmentStep } from './AppointmentStep';
import { EvidenceStep } from './EvidenceStep';
import { JobSearchStep } from './JobSearchStep';
import { MarkersStep } from './MarkersStep';
import { CompleteStep, EndedStep } from './OutcomeSteps';
import { QuestionStep } from './QuestionStep';

/**
 * Identifies what is on screen. A new key remounts the step (fresh draft, focus on its control); the same key keeps
 * it (a refusal never clears what was typed). Markers and job search have sub-steps that move focus on.
 */
export function stepKeyOf(s: DeskState): string {
  if (s.question) return `q:${s.question.id}${s.reviewing ? ':review' : ''}`;
  if (s.phase === 'markers') return `markers:${s.record.markers.benefit.valid ? 'b' : '-'}${s.record.markers.jobcentre.valid ? 'o' : '-'}`;
  if (s.phase === 'jobSearch') return `jobSearch:${s.record.jobSearch.searches.length}`;
  return s.phase;
}

/** The step for the current phase: a scripted question, or a structural step (markers, evidence, …). */
export function StepView({ state, send, bridge, onHome, refusal }: StepProps & { onHome: () => void; refusal?: Refusal | null }) {
  if (state.question) {
    const q = state.question;
    // An answer the desk had moved past but the server refused comes back into its field, with the reason.
    const refused = refusal?.command.type === 'answer.submit' && refusal.command.questionId === q.id ? { value: refusal.command.value, error: refusal.error } : undefined;
    return <QuestionStep question={q} send={send} reviewing={state.reviewing} refused={refused} />;
  }
  switch (state.phase) {
    case 'markers':
      return <MarkersStep state={state} send={send} bridge={bridge} />;
    case 'evidence':
      return <EvidenceStep state={state} send={send} bridge={bridge} />;
    case 'jobSearch':
      return <JobSearchStep state={state} send={send} bridge={bridge} />;
    case 'appointments':
      return <AppointmentStep state={state} send={send} bridge={bridge} refused={refusal?.command.type === 'appointment.book' ? refusal.error : undefined} />;
    case 'complete':
      return <CompleteStep state={state} onHome={onHome} />;
    case 'ended':
      return <EndedStep state={state} onHome={onHome} />;
    default:
      // A scripted phase always has a question; reaching here means the script and the desk disagree.
      return (
        <p role="alert">
          There is nothing to answer at this step ({state.phase}). Go back (Alt+B) or end the call and tell support.
        </p>
      );
  }
}
