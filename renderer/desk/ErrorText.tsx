import type { CallError } from '../../machines/contract/errors';

/**
 * A refusal, announced at once (role="alert") and shown where the FCO is looking. `id` lets the control point at
 * it with aria-describedby so a screen reader repeats it on focus.
 */
export function ErrorText({ error, id }: { error: CallError | { message: string } | null; id?: string }) {
  if (!error) return null;
  return (
    <p className="error-text" role="alert" id={id}>
      <span className="visually-hidden">Error: </span>
      {error.message}
    </p>
  );
}
