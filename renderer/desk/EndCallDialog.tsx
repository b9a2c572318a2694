import { useState } from 'react';
import type { CallError } from '../../machines/contract/errors';
import { ErrorText } from './ErrorText';
import { END_REASONS, type EndReason } from './format';
import { focusOption, StepForm } from './steps/StepForm';
import type { Send } from './types';

/**
 * Ending a call early (Alt+E) asks why. Answers already accepted are kept either way. Escape cancels and returns
 * to the step.
 */
export function EndCallDialog({ send, onClose }: { send: Send; onClose: () => void }) {
  const [reason, setReason] = useState<EndReason>('callerHungUp');
  const [note, setNote] = useState('');
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (busy) return;
    setBusy(true);
    const r = await send({ type: 'call.end', reason, note: note.trim() });
    setBusy(false);
    if (r.ok) onClose();
    else setError(r.error);
  }

  return (
    <div
      className="dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby="end-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <StepForm
        labelledBy="end-title"
        busy={busy}
        onSubmit={() => void submit()}
        onDigit={(n, form) => {
          const r = END_REASONS[n - 1];
          if (!r) return false;
          setReason(r.code);
          focusOption(form, 'endReason', n);
        }}
      >
        <h2 id="end-title">End the call?</h2>
        <fieldset>
          <legend>Why is the call ending?</legend>
          <ul className="options">
            {END_REASONS.map((r, i) => (
              <li key={r.code}>
                <input
                  type="radio"
                  id={`end-${r.code}`}
                  name="endReason"
                  value={r.code}
                  checked={reason === r.code}
                  data-option-index={i + 1}
                  autoFocus={reason === r.code}
                  onChange={() => setReason(r.code)}
                />
                <label htmlFor={`end-${r.code}`}>
                  <kbd className="key" aria-hidden="true">
                    {i + 1}
                  </kbd>
                  {r.label}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <label htmlFor="end-note">Note (optional)</label>
        <input id="end-note" type="text" autoComplete="off" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        <ErrorText error={error} />
        <div className="actions">
          <button type="submit" className="danger">
            End the call <kbd className="key">Enter</kbd>
          </button>
          <button type="button" onClick={onClose}>
            Keep going (Esc)
          </button>
        </div>
      </StepForm>
    </div>
  );
}
