import { useEffect, useRef, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { AuditSource } from '../../machines/contract/api/audit';
import type { CallError } from '../../machines/contract/errors';

const QUESTIONS = [
  { key: 'benefitMarkerOk', label: 'Is the benefit marker right for what the customer said?' },
  { key: 'jobcentreMarkerOk', label: "Is the Jobcentre marker the customer's Jobcentre (or is another office justified)?" },
  { key: 'appointmentOk', label: 'Was the appointment booked, the due window set, or the deferral recorded correctly?' },
  { key: 'evidenceOk', label: 'Was the evidence list read out in full?' },
] as const;
type Key = (typeof QUESTIONS)[number]['key'];

/** The sampled check of one claim: four yes/no questions and a note (required when anything is wrong). */
export function CheckForm({ bridge, claim, onDone, onCancel }: { bridge: IntakeBridge; claim: { source: AuditSource; ref: string }; onDone: () => void; onCancel: () => void }) {
  const [answers, setAnswers] = useState<Partial<Record<Key, boolean>>>({});
  const [note, setNote] = useState('');
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const complete = QUESTIONS.every((q) => answers[q.key] !== undefined);
  const anyNo = QUESTIONS.some((q) => answers[q.key] === false);
  return (
    <form
      className="audit-panel"
      aria-labelledby="check-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!complete) return setError({ code: 'invalid_payload', message: 'Answer all four questions.' });
        setBusy(true);
        const r = await bridge.invoke('audit.check.record', {
          source: claim.source,
          ref: claim.ref,
          benefitMarkerOk: answers.benefitMarkerOk!,
          jobcentreMarkerOk: answers.jobcentreMarkerOk!,
          appointmentOk: answers.appointmentOk!,
          evidenceOk: answers.evidenceOk!,
          note,
        });
        setBusy(false);
        if (!r.ok) return setError(r.error);
        onDone();
      }}
    >
      <h3 id="check-title" tabIndex={-1} ref={heading}>
        Check claim {claim.ref}
      </h3>
      {QUESTIONS.map((q) => (
        <fieldset key={q.key}>
          <legend>{q.label}</legend>
          <label>
            <input type="radio" name={q.key} checked={answers[q.key] === true} onChange={() => setAnswers({ ...answers, [q.key]: true })} /> Yes
          </label>
          <label>
            <input type="radio" name={q.key} checked={answers[q.key] === false} onChange={() => setAnswers({ ...answers, [q.key]: false })} /> No
          </label>
        </fieldset>
      ))}
      <label className="audit-block">
        Note{anyNo ? ' (say what was wrong; required)' : ' (optional)'}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={1000} aria-invalid={error?.field === 'note'} />
      </label>
      {error && (
        <p role="alert" className="audit-error">
          {error.message}
        </p>
      )}
      <div className="audit-actions">
        <button type="submit" className="primary" disabled={busy}>
          Record the check
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
