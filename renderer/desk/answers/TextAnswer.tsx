import type { AnswerSpec } from '../../../scripts-content/schema';
import type { AnswerControlProps } from './AnswerControl';

/** How each typed answer should look, shown under the field and read as part of its description. */
function hintFor(spec: AnswerSpec): string | null {
  switch (spec.type) {
    case 'date':
      return 'Day, month, year: DD/MM/YYYY, for example 23/04/1980.';
    case 'nino':
      return 'Two letters, six digits, then A, B, C or D, for example AB 12 34 56 C.';
    case 'postcode':
      return 'A full UK postcode, for example SW1A 1AA.';
    case 'phone':
      return 'A UK number, for example 0161 496 0000 or 07700 900123.';
    case 'number': {
      const range = spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}` : spec.min !== undefined ? ` of at least ${spec.min}` : spec.max !== undefined ? ` up to ${spec.max}` : '';
      return `${spec.integer ? 'A whole number' : 'A number'}${range}.`;
    }
    case 'text':
      return spec.maxLength > 200 ? `Up to ${spec.maxLength} characters. Shift+Enter starts a new line.` : null;
    default:
      return null;
  }
}

const inputMode = (spec: AnswerSpec) => (spec.type === 'number' ? 'decimal' : spec.type === 'phone' ? 'tel' : spec.type === 'date' ? 'numeric' : 'text');

/** Free text and every formatted field (date, NINO, postcode, phone, number): one text box, validated by the server. */
export function TextAnswer({ spec, questionId, say, draft, onDraft, describedBy, invalid }: AnswerControlProps) {
  const id = `answer-${questionId}`;
  const hint = hintFor(spec);
  const hintId = `hint-${questionId}`;
  const described = [...(hint ? [hintId] : []), ...describedBy].join(' ') || undefined;
  const value = typeof draft === 'string' ? draft : '';
  const common = {
    id,
    name: questionId,
    value,
    'data-autofocus': '',
    'aria-describedby': described,
    'aria-invalid': invalid || undefined,
    autoComplete: 'off',
    spellCheck: spec.type === 'text',
    className: `answer-input answer-${spec.type}`,
  } as const;
  const long = spec.type === 'text' && spec.maxLength > 200;
  return (
    <>
      <label htmlFor={id} className="say" id={`say-${questionId}`}>
        {say}
      </label>
      {long ? (
        <textarea {...common} rows={3} maxLength={spec.type === 'text' ? spec.maxLength + 50 : undefined} onChange={(e) => onDraft(e.target.value)} />
      ) : (
        <input {...common} type="text" inputMode={inputMode(spec)} onChange={(e) => onDraft(e.target.value)} />
      )}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
    </>
  );
}
