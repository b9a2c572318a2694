import { useState } from 'react';
import { ErrorText } from '../desk/ErrorText';

/**
 * A box for the claim reference a customer quotes (`7K4M-2QX9-HRC`), typed as heard or pasted. The text goes to the
 * server as it is: the API reads lower case, spaces, missing dashes, O for 0 and I or L for 1, and refuses a reference
 * whose check symbol does not match with words to say to the customer. `find` returns the refusal, or null when the
 * claim was opened.
 */
export function ReferenceFinder({ id, label, find }: { id: string; label: string; find: (typed: string) => Promise<{ message: string } | null> }) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<{ message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const hint = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <form
      className="reference-finder"
      role="search"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        if (busy) return;
        if (!typed.trim()) return setError({ message: 'Type the claim reference the customer gave you.' });
        setBusy(true);
        void find(typed).then((refused) => {
          setBusy(false);
          setError(refused);
          if (!refused) setTyped('');
        });
      }}
    >
      <label htmlFor={id}>Claim reference</label>
      <p className="hint" id={hint}>
        As the customer reads it, for example 7K4M-2QX9-HRC. Capitals, spaces and dashes do not matter.
      </p>
      <div className="inline">
        <input
          id={id}
          type="text"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          maxLength={80}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${hint} ${errorId}` : hint}
        />
        <button type="submit" disabled={busy}>
          Find
        </button>
      </div>
      <ErrorText error={error} id={errorId} />
    </form>
  );
}
