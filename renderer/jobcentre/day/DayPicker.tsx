import { useState, type FormEvent } from 'react';
import { isoToUk, ukToIso } from '../../desk/format';
import { ukDay } from '../../fa/format';
import { Problem } from '../../fa/Problem';
import { stepWeekday } from './labels';
import type { Err } from './types';

/**
 * Which day to list: typed as DD/MM/YYYY, or a step from the day listed. Steps come from the date the server listed,
 * never this machine's clock, so a desk left on the wrong zone or date still moves from the list on screen.
 */
export function DayPicker({ listed, onPick, onNextWorkingDay }: { listed: string | null; onPick: (iso: string) => void; onNextWorkingDay: () => void }) {
  const [typed, setTyped] = useState(listed ? isoToUk(listed) : '');
  const [error, setError] = useState<Err>(null);
  // A new list puts its day in the field, in the same render (not an effect, which could land after the user typed);
  // the field stays mounted so focus stays where the user left it.
  const [shownFor, setShownFor] = useState(listed);
  if (listed !== shownFor) {
    setShownFor(listed);
    setTyped(listed ? isoToUk(listed) : '');
    setError(null);
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const iso = ukToIso(typed);
    if (!iso) return setError({ message: 'Enter the day as DD/MM/YYYY, for example 24/11/2026.' });
    setError(null);
    onPick(iso);
  };

  const prev = listed ? stepWeekday(listed, -1) : null;
  const next = listed ? stepWeekday(listed, 1) : null;
  return (
    <div className="jc-day-picker">
      <form onSubmit={submit} noValidate>
        <label htmlFor="jc-day-date">Day (DD/MM/YYYY)</label>
        <div className="inline">
          <input
            id="jc-day-date"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={typed}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'jc-day-date-error' : undefined}
            onChange={(e) => setTyped(e.target.value)}
          />
          <button type="submit">Show day</button>
        </div>
        <Problem error={error} id="jc-day-date-error" />
      </form>
      <div className="actions">
        {prev && (
          <button type="button" onClick={() => onPick(prev)}>
            Previous day: {ukDay(prev)}
          </button>
        )}
        {next && (
          <button type="button" onClick={() => onPick(next)}>
            Next day: {ukDay(next)}
          </button>
        )}
        <button type="button" className="link" onClick={onNextWorkingDay}>
          Pre-call list (next working day)
        </button>
      </div>
    </div>
  );
}
