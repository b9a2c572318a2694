import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CallError } from '../../../../machines/contract/errors';
import { ErrorText } from '../../ErrorText';
import type { Send } from '../../types';
import { StepForm } from '../StepForm';

/**
 * Skip the search (benefits where it is optional), with a reason for the adviser. The reason is prefilled from the
 * customer's "interest in work" answer and selected, so Enter accepts it and typing replaces it.
 */
export function SkipForm({ send, prefill, autofocus, title }: { send: Send; prefill: string | null; autofocus: boolean; title: string }) {
  const [reason, setReason] = useState('');
  const touched = useRef(false);
  const ref = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<CallError | { message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const selectPrefill = useRef(false);
  useEffect(() => {
    if (prefill === null || touched.current) return;
    selectPrefill.current = true;
    setReason(prefill);
  }, [prefill]);
  // In the same commit as the prefilled value: select it when the FCO is on the field, so typing replaces it.
  useLayoutEffect(() => {
    if (!selectPrefill.current) return;
    selectPrefill.current = false;
    const el = ref.current;
    if (el && document.activeElement === el) el.select();
  }, [reason]);

  async function submit() {
    if (busy) return;
    if (!reason.trim()) return setError({ message: 'Say why the job search is skipped (for example: not ready to look for work yet).' });
    setBusy(true);
    const r = await send({ type: 'jobsearch.skip', reason: reason.trim() });
    setBusy(false);
    if (!r.ok) setError(r.error);
  }

  return (
    <StepForm className="subform js-skip" labelledBy="js-skip-title" busy={busy} onSubmit={() => void submit()}>
      <h3 id="js-skip-title">{title}</h3>
      <label htmlFor="js-skip-reason">Reason for skipping the job search</label>
      <input
        id="js-skip-reason"
        ref={ref}
        type="text"
        autoComplete="off"
        maxLength={500}
        value={reason}
        data-autofocus={autofocus ? '' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={['js-skip-hint', ...(error ? ['js-skip-error'] : [])].join(' ')}
        onChange={(e) => {
          touched.current = true;
          setReason(e.target.value);
          setError(null);
        }}
      />
      <p className="hint" id="js-skip-hint">
        The reason goes to the Personal Adviser with the claim.
      </p>
      <ErrorText error={error} id="js-skip-error" />
      <div className="actions">
        <button type="submit" className={autofocus ? 'primary' : undefined}>
          Skip the job search <kbd className="key">Enter</kbd>
        </button>
      </div>
    </StepForm>
  );
}

/** Finish the job search and move on (jobseekers: after at least one recorded search). */
export function FinishForm({ send, autofocus }: { send: Send; autofocus: boolean }) {
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="subform js-finish"
      aria-label="Finish the job search"
      aria-busy={busy || undefined}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        setBusy(true);
        void send({ type: 'jobsearch.finish' }).then((r) => {
          setBusy(false);
          if (!r.ok) setError(r.error);
        });
      }}
    >
      <ErrorText error={error} id="js-finish-error" />
      <button type="submit" className="primary" data-autofocus={autofocus ? '' : undefined}>
        Finish job search
      </button>
    </form>
  );
}
