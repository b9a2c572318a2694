import { useEffect, useRef, useState } from 'react';
import type { IntakeBridge } from '../../../../machines/contract/api';
import type { JobsDefaults, TitleSuggestion } from '../../../../machines/contract/api/jobs';
import type { CallError } from '../../../../machines/contract/errors';

/** The query prefilled from the call's answers (or the last recorded search), with the customer's preferences. */
export function useJobDefaults(bridge: IntakeBridge, callId: string): { defaults: JobsDefaults | null; error: CallError | null } {
  const [defaults, setDefaults] = useState<JobsDefaults | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  useEffect(() => {
    let live = true;
    void bridge.invoke('jobs.defaults', { callId }).then((r) => {
      if (!live) return;
      if (r.ok) setDefaults(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [bridge, callId]);
  return { defaults, error };
}

const SUGGEST_AFTER_MS = 250;
const SUGGEST_FROM_CHARS = 3;

/**
 * Coding-index titles for what the FCO is typing as the goal, for the field's list of suggestions. Asked only for
 * text the FCO typed (not the prefill), a moment after they stop; a late answer for older text is dropped.
 */
export function useTitleSuggestions(bridge: IntakeBridge, text: string, typed: boolean): TitleSuggestion[] {
  const [list, setList] = useState<TitleSuggestion[]>([]);
  const asked = useRef(0);
  useEffect(() => {
    const t = text.trim();
    if (!typed || t.length < SUGGEST_FROM_CHARS) return;
    const n = ++asked.current;
    const timer = setTimeout(() => {
      void bridge.invoke('jobs.suggest', { text: t }).then((r) => {
        if (n === asked.current && r.ok) setList(r.value.suggestions);
      });
    }, SUGGEST_AFTER_MS);
    return () => clearTimeout(timer);
  }, [bridge, text, typed]);
  return list;
}
