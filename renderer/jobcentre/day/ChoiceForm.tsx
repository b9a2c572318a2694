import { useState, type FormEvent } from 'react';
import { Problem } from '../../fa/Problem';
import type { Err } from './types';

/**
 * One recorded choice with an optional note (a pre-call outcome, attendance, a follow-up, a re-contact attempt). The
 * service's refusal is shown under the button that caused it, and the choice stays so the user can correct it.
 */
export function ChoiceForm<T extends string>(props: {
  idBase: string;
  legend: string;
  options: readonly { value: T; label: string }[];
  noteLabel: string;
  submitLabel: string;
  noteMax?: number;
  onSubmit: (choice: T, note: string) => Promise<Err>;
}) {
  const { idBase, legend, options, noteLabel, submitLabel, noteMax = 500, onSubmit } = props;
  const [choice, setChoice] = useState<T | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<Err>(null);
  const [busy, setBusy] = useState(false);
  const errorId = `${idBase}-error`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!choice) {
      setError({ message: `Choose one: ${legend.toLowerCase()}.` });
      return;
    }
    setBusy(true);
    const problem = await onSubmit(choice, note.trim());
    setBusy(false);
    setError(problem);
    if (!problem) {
      setChoice(null);
      setNote('');
    }
  };

  return (
    <form className="jc-action" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset aria-describedby={error ? errorId : undefined}>
        <legend>{legend}</legend>
        <div className="fa-marks">
          {options.map((o) => (
            <label key={o.value}>
              <input type="radio" name={`${idBase}-choice`} value={o.value} checked={choice === o.value} onChange={() => setChoice(o.value)} /> {o.label}
            </label>
          ))}
        </div>
      </fieldset>
      <label htmlFor={`${idBase}-note`}>{noteLabel}</label>
      <div className="inline">
        <input id={`${idBase}-note`} type="text" className="fa-note" value={note} maxLength={noteMax} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
      <Problem error={error} id={errorId} />
    </form>
  );
}
