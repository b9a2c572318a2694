import { useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { digitOf, isContinueKey, isTextEntry } from '../keys';

interface Props {
  onSubmit: () => void;
  /** Number keys 1–9 (outside text fields). Return false when the number means nothing here. */
  onDigit?: (n: number, form: HTMLFormElement) => boolean | void;
  busy?: boolean;
  className?: string;
  label?: string;
  labelledBy?: string;
  stepKey?: string;
  children: ReactNode;
}

/**
 * A step's form with the desk's keys: Enter continues from any field (radios and checkboxes included, not left to
 * the engine), number keys pick options. Native validation is off: the server validates and its
 * message is shown next to the control.
 */
export function StepForm({ onSubmit, onDigit, busy, className, label, labelledBy, stepKey, children }: Props) {
  const ref = useRef<HTMLFormElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (isContinueKey(e)) {
      e.preventDefault();
      ref.current?.requestSubmit();
      return;
    }
    const n = digitOf(e);
    if (n !== null && onDigit && ref.current && !isTextEntry(e.target) && onDigit(n, ref.current) !== false) e.preventDefault();
  };
  return (
    <form
      ref={ref}
      className={className}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      aria-busy={busy || undefined}
      aria-label={label}
      aria-labelledby={labelledBy}
      data-form-key={stepKey}
      noValidate
    >
      {children}
    </form>
  );
}

/** Focuses the option a number key picked, so arrow keys carry on from there. */
export function focusOption(form: HTMLFormElement, name: string, n: number): void {
  form.querySelector<HTMLInputElement>(`input[name="${name}"][data-option-index="${n}"]`)?.focus();
}
