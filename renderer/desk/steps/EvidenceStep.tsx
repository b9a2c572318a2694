import { useState } from 'react';
import type { CallError } from '../../../machines/contract/errors';
import { ErrorText } from '../ErrorText';
import type { StepProps } from '../types';
import { focusOption, StepForm } from './StepForm';

/**
 * The evidence checklist, read out item by item. Often-forgotten items (SSP1 for IB) come first and stand out.
 * The FCO ticks each item as they read it; the server accepts the read-out only with every item ticked, for the
 * exact list on screen (checklistKey), so a list changed by an answer must be read again.
 */
export function EvidenceStep({ state, send }: StepProps) {
  const { items, checklistKey } = state.record.evidence;
  // Stable sort: the server already orders often-forgotten first; keep that even if a future list does not.
  const ordered = [...items].sort((a, b) => Number(b.oftenForgotten) - Number(a.oftenForgotten));
  const [ticked, setTicked] = useState<string[]>([]);
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = (id: string) => (setTicked((t) => (t.includes(id) ? t.filter((x) => x !== id) : [...t, id])), setError(null));

  async function submit() {
    if (busy) return;
    setBusy(true);
    const r = await send({ type: 'evidence.readOut', checklistKey, itemsRead: ordered.filter((i) => ticked.includes(i.id)).map((i) => i.id) });
    setBusy(false);
    if (!r.ok) setError(r.error);
  }

  return (
    <StepForm
      className="step evidence-step"
      labelledBy="evidence-title"
      busy={busy}
      onSubmit={() => void submit()}
      onDigit={(n, form) => {
        const item = ordered[n - 1];
        if (!item) return false;
        toggle(item.id);
        focusOption(form, 'evidence', n);
      }}
    >
      <h2 id="evidence-title" className="say">
        Tell the customer what to bring to the Jobcentre
      </h2>
      <p className="help">Read each item out and tick it as you go (Space, or its number key). Items people often forget come first.</p>
      <fieldset aria-describedby={error ? 'evidence-error' : undefined}>
        <legend>
          Evidence checklist: {ticked.length} of {ordered.length} read out
        </legend>
        <ul className="options evidence-items">
          {ordered.map((item, i) => (
            <li key={item.id} className={item.oftenForgotten ? 'often-forgotten' : undefined}>
              <input
                type="checkbox"
                id={`evidence-${item.id}`}
                name="evidence"
                value={item.id}
                checked={ticked.includes(item.id)}
                data-option-index={i + 1}
                data-autofocus={i === 0 ? '' : undefined}
                aria-describedby={`evidence-${item.id}-detail`}
                onChange={() => toggle(item.id)}
              />
              <label htmlFor={`evidence-${item.id}`}>
                {i < 9 && (
                  <kbd className="key" aria-hidden="true">
                    {i + 1}
                  </kbd>
                )}
                {item.oftenForgotten && <span className="tag tag-warning">Often forgotten</span>}
                <span className="evidence-what">{item.what}</span>
              </label>
              <p className="evidence-detail" id={`evidence-${item.id}-detail`}>
                Why: {item.why} · From: {item.whoProvides} · When: {item.whenNeeded}
              </p>
            </li>
          ))}
        </ul>
      </fieldset>
      <ErrorText error={error} id="evidence-error" />
      <div className="actions">
        <button type="submit" className="primary">
          All read out, continue <kbd className="key">Enter</kbd>
        </button>
      </div>
    </StepForm>
  );
}
