import { useState } from 'react';
import type { CallError } from '../../../machines/contract/errors';
import type { DeskState } from '../../../machines/deskState';
import { ErrorText } from '../ErrorText';
import type { Send } from '../types';
import { ReasonFields } from './ReasonFields';
import { focusOption, StepForm } from './StepForm';

/**
 * The primary benefit marker: derived from the answers, confirmed by the FCO pressing Confirm. Another marker is
 * possible only with a reason (the server refuses otherwise and the refusal is shown here).
 */
export function BenefitMarkerForm({ state, send }: { state: DeskState; send: Send }) {
  const { benefit } = state.record.markers;
  const derived = benefit.derived;
  const [marker, setMarker] = useState(benefit.valid && benefit.confirmed ? benefit.confirmed : (derived ?? ''));
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<CallError | { message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const overriding = marker !== '' && marker !== derived;
  const markers = [...(derived ? [derived] : []), ...state.benefitMarkers.filter((m) => m !== derived)];

  async function submit() {
    if (busy) return;
    if (!marker) return setError({ message: 'Choose the benefit marker.' });
    if (overriding && !reason) return setError({ code: 'override_reason_required', message: 'Choose a reason for using a marker the answers do not give.', field: 'override.reason' });
    setBusy(true);
    const r = await send({ type: 'marker.benefit.confirm', marker, ...(overriding ? { override: { reason, note: note.trim() } } : {}) });
    setBusy(false);
    if (!r.ok) setError(r.error);
  }

  const reasonError = error && 'field' in error && error.field?.startsWith('override') ? error : null;
  return (
    <StepForm
      className="marker-form"
      labelledBy="benefit-marker-title"
      busy={busy}
      onSubmit={() => void submit()}
      onDigit={(n, form) => {
        const m = markers[n - 1];
        if (!m) return false;
        setMarker(m);
        setError(null);
        focusOption(form, 'benefitMarker', n);
      }}
    >
      <h3 id="benefit-marker-title">1. Benefit marker</h3>
      <p>
        The answers give <strong className="marker-value">{derived ?? 'no marker yet'}</strong>
        {state.policy ? ` (${state.policy.benefitName})` : ''}. Confirm it, or choose another marker with a reason.
      </p>
      <fieldset>
        <legend>Benefit marker</legend>
        <ul className="options">
          {markers.map((m, i) => (
            <li key={m}>
              <input
                type="radio"
                id={`benefit-marker-${i}`}
                name="benefitMarker"
                value={m}
                checked={marker === m}
                data-option-index={i + 1}
                data-autofocus={marker === m ? '' : undefined}
                onChange={() => (setMarker(m), setError(null))}
              />
              <label htmlFor={`benefit-marker-${i}`}>
                {i < 9 && (
                  <kbd className="key" aria-hidden="true">
                    {i + 1}
                  </kbd>
                )}
                {m}
                {m === derived && <span className="tag tag-derived">from the answers</span>}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {overriding && (
        <ReasonFields
          idPrefix="benefit-override"
          legend={`Why "${marker}" and not "${derived ?? '—'}"?`}
          reasons={state.benefitOverrideReasons}
          reason={reason}
          note={note}
          onReason={(r) => (setReason(r), setError(null))}
          onNote={setNote}
          error={reasonError}
        />
      )}
      {!reasonError && <ErrorText error={error} />}
      <div className="actions">
        <button type="submit" className="primary">
          Confirm benefit marker <kbd className="key">Enter</kbd>
        </button>
      </div>
    </StepForm>
  );
}
