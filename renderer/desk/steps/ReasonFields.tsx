import type { CallError } from '../../../machines/contract/errors';
import { ErrorText } from '../ErrorText';

interface Props {
  idPrefix: string;
  legend: string;
  reasons: { code: string; label: string }[];
  reason: string;
  note: string;
  onReason: (code: string) => void;
  onNote: (note: string) => void;
  /** A refusal about the reason or note (field "override…"), shown here rather than at the top of the form. */
  error: CallError | { message: string } | null;
}

/** An override needs a reason from the content's short list plus free text; it is flagged for the team leader. */
export function ReasonFields({ idPrefix, legend, reasons, reason, note, onReason, onNote, error }: Props) {
  const errorId = `${idPrefix}-reason-error`;
  return (
    <fieldset className="reason-fields">
      <legend>{legend}</legend>
      <p className="hint" id={`${idPrefix}-flag-hint`}>
        This will be flagged for your team leader to check.
      </p>
      <label htmlFor={`${idPrefix}-reason`}>Reason</label>
      <select
        id={`${idPrefix}-reason`}
        value={reason}
        onChange={(e) => onReason(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${idPrefix}-flag-hint`, ...(error ? [errorId] : [])].join(' ')}
      >
        <option value="">Choose a reason…</option>
        {reasons.map((r) => (
          <option key={r.code} value={r.code}>
            {r.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${idPrefix}-note`}>Note {reason === 'other' ? '(required for "Other")' : '(optional)'}</label>
      <textarea id={`${idPrefix}-note`} rows={2} maxLength={1000} value={note} onChange={(e) => onNote(e.target.value)} />
      <ErrorText error={error} id={errorId} />
    </fieldset>
  );
}
