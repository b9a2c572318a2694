import type { AnswerControlProps } from './AnswerControl';

interface Props extends AnswerControlProps {
  options: { value: string; label: string }[];
  multiple: boolean;
}

/**
 * Yes/no, one-of and several-of: a fieldset of radios or checkboxes. Each option shows its number key (1–9);
 * the step's form turns the key into a pick, so the FCO never needs the mouse.
 */
export function ChoiceAnswer({ questionId, say, draft, onDraft, describedBy, invalid, options, multiple }: Props) {
  const picked = Array.isArray(draft) ? draft : draft ? [draft] : [];
  // Focus the picked option (when changing an answer) or the first one.
  const focusIndex = Math.max(0, options.findIndex((o) => picked.includes(o.value)));
  const toggle = (value: string) => onDraft(multiple ? (picked.includes(value) ? picked.filter((v) => v !== value) : [...picked, value]) : value);
  return (
    <fieldset className="choice" aria-describedby={describedBy.join(' ') || undefined} aria-invalid={invalid || undefined}>
      <legend className="say" id={`say-${questionId}`}>
        {say}
      </legend>
      {multiple && <p className="hint">Choose all that apply (number keys tick and untick).</p>}
      <ul className="options">
        {options.map((o, i) => {
          const id = `answer-${questionId}-${o.value}`;
          return (
            <li key={o.value}>
              <input
                type={multiple ? 'checkbox' : 'radio'}
                id={id}
                name={questionId}
                value={o.value}
                checked={picked.includes(o.value)}
                data-autofocus={i === focusIndex ? '' : undefined}
                data-option-index={i + 1}
                onChange={() => toggle(o.value)}
              />
              <label htmlFor={id}>
                {i < 9 && (
                  <kbd className="key" aria-hidden="true">
                    {i + 1}
                  </kbd>
                )}
                {o.label}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
