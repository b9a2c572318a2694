import { useState } from 'react';
import type { CallError } from '../../../machines/contract/errors';
import type { DeskQuestion } from '../../../machines/deskState';
import { AnswerControl } from '../answers/AnswerControl';
import { fromDraft, toDraft, type Draft } from '../answers/draft';
import { ErrorText } from '../ErrorText';
import type { Send } from '../types';
import { focusOption, StepForm } from './StepForm';

interface Props {
  question: DeskQuestion;
  send: Send;
  /** The FCO went back: the accepted answer is prefilled and Continue re-submits it. */
  reviewing: boolean;
  /** What the FCO sent for this question and the server refused after the desk had moved on (see useCall). */
  refused?: { value: unknown; error: CallError };
}

const optionValues = (q: DeskQuestion): string[] =>
  q.answer.type === 'yesNo' ? ['yes', 'no'] : q.answer.type === 'choice' || q.answer.type === 'multiChoice' ? q.answer.options.map((o) => o.value) : [];

/**
 * One scripted question. The draft lives here and survives a refusal (the step only remounts when the server moves
 * to another step), so nothing the FCO typed is lost when the server says no.
 */
export function QuestionStep({ question, send, reviewing, refused }: Props) {
  const { answer: spec, id } = question;
  const [draft, setDraft] = useState<Draft>(() => toDraft(spec, refused ? refused.value : question.currentValue));
  const [error, setError] = useState<CallError | { message: string } | null>(refused?.error ?? null);
  const [busy, setBusy] = useState(false);
  const helpId = `help-${id}`;
  const errorId = `error-${id}`;

  async function submit() {
    if (busy) return;
    const prepared = fromDraft(spec, draft);
    if (!prepared.ok) return setError({ message: prepared.message });
    setBusy(true);
    const r = await send({ type: 'answer.submit', questionId: id, value: prepared.value });
    // On success this component is replaced by the next step; on refusal it stays, draft intact.
    setBusy(false);
    if (!r.ok) setError(r.error);
  }

  function pick(n: number, form: HTMLFormElement): boolean {
    const value = optionValues(question)[n - 1];
    if (value === undefined) return false;
    if (spec.type === 'multiChoice') {
      const list = Array.isArray(draft) ? draft : [];
      setDraft(list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
    } else setDraft(value);
    setError(null);
    focusOption(form, id, n);
    return true;
  }

  const describedBy = [...(question.help ? [helpId] : []), ...(error ? [errorId] : [])];
  return (
    <StepForm className="step question-step" onSubmit={() => void submit()} onDigit={pick} busy={busy} labelledBy={`say-${id}`}>
      <p className="section-title">
        {question.sectionTitle}
        {question.sensitive && <span className="tag tag-sensitive">Sensitive: health details</span>}
        {reviewing && <span className="tag tag-review">Changing an earlier answer</span>}
      </p>
      <AnswerControl
        spec={spec}
        questionId={id}
        say={question.say}
        draft={draft}
        onDraft={(d) => (setDraft(d), setError(null))}
        describedBy={describedBy}
        invalid={error !== null}
      />
      {question.help && (
        <p className="help" id={helpId}>
          <span className="help-label">Help: </span>
          {question.help}
        </p>
      )}
      <ErrorText error={error} id={errorId} />
      <div className="actions">
        <button
          type="submit"
          className="primary"
          data-autofocus={spec.type === 'acknowledge' ? '' : undefined}
          aria-describedby={spec.type === 'acknowledge' ? describedBy.join(' ') || undefined : undefined}
        >
          {spec.type === 'acknowledge' ? 'Done, continue' : reviewing ? 'Save change' : 'Continue'} <kbd className="key">Enter</kbd>
        </button>
      </div>
    </StepForm>
  );
}
