import { ClaimSummary } from '../ClaimSummary';
import { END_REASONS } from '../format';
import type { StepProps } from '../types';

/** The claim is complete: the record as it will be handed off. */
export function CompleteStep({ state, onHome }: Pick<StepProps, 'state'> & { onHome: () => void }) {
  return (
    <section className="step complete-step" aria-labelledby="complete-title">
      <h2 id="complete-title" className="say">
        Claim complete
      </h2>
      <p role="status">
        The claim is complete: both markers are confirmed and the record below is saved. {handoffSentence(state.record)}
      </p>
      <ClaimSummary record={state.record} />
      <div className="actions">
        <button type="button" className="primary" onClick={onHome} data-autofocus="">
          Back to my calls
        </button>
      </div>
    </section>
  );
}

/**
 * The hand-off is sent in the same transaction that completes the claim (main/appointments/service.ts), so a
 * completed claim on screen means the Jobcentre has it: say so, so the FCO never wonders whether to send it.
 */
function handoffSentence(record: StepProps['state']['record']): string {
  if (!record.appointment || record.appointment.kind === 'noWfi') return 'There is no interview for this claim, so nothing is handed off to a Jobcentre.';
  const office = record.markers.jobcentre.confirmed;
  return `The hand-off record has gone to ${office ? office.name : 'the Jobcentre'} with everything the customer told you.`;
}

/** The call ended early: what was kept, and why it ended. */
export function EndedStep({ state, onHome }: Pick<StepProps, 'state'> & { onHome: () => void }) {
  const reason = END_REASONS.find((r) => r.code === state.record.ended?.reason)?.label ?? state.record.ended?.reason;
  return (
    <section className="step ended-step" aria-labelledby="ended-title">
      <h2 id="ended-title" className="say">
        Call ended: {reason}
      </h2>
      <p>The answers accepted before the call ended are kept. Start a new call to take the claim again.</p>
      <ClaimSummary record={state.record} />
      <div className="actions">
        <button type="button" className="primary" onClick={onHome} data-autofocus="">
          Back to my calls
        </button>
      </div>
    </section>
  );
}
