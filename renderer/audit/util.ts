import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, IntakeBridge, RequestOf, ResponseOf } from '../../machines/contract/api';
import type { Freshness } from '../../machines/contract/api/audit';
import type { CallError } from '../../machines/contract/errors';
import { londonDay, UK_TIME_ZONE } from '../../machines/rules/windows';
import { saveFile } from '../app/saveFile';

/** "12:05" for 725 seconds; "—" when there is no figure. */
export function minutes(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${x}%`);
export const num = (x: number): string => x.toLocaleString('en-GB');

/** "23 Nov 2026, 09:05" in UK time, whatever zone the machine is set to. */
export function when(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: UK_TIME_ZONE });
}

/**
 * "23 Nov 2026". A date (YYYY-MM-DD) is shown as it is (formatted at UTC midnight, so no zone can move it); an
 * instant is shown on its UK (Europe/London) day.
 */
export function day(iso: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const d = new Date(dateOnly ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: dateOnly ? 'UTC' : UK_TIME_ZONE });
}

/** The "as of" line every figure carries. */
export function freshnessText(f: Freshness): string {
  const parts = [`As of ${when(f.asOf)}`, f.productThrough ? `claims taken here up to ${when(f.productThrough)}` : 'no claim taken here has completed yet'];
  if (f.legacyImportedAt) parts.push(`legacy export imported ${when(f.legacyImportedAt)}`);
  if (f.legacyImportRunningSince) parts.push(`a legacy import running since ${when(f.legacyImportRunningSince)} is not in these figures yet`);
  return `${parts.join('; ')}.`;
}

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: CallError } | { state: 'ready'; value: T; refreshing: boolean };

/**
 * Calls one channel whenever `request` changes (compared as JSON) and when `refresh` is called. Keeps showing the
 * last answer while a newer one loads, so figures do not flicker on live updates.
 */
export function useChannel<C extends Channel>(bridge: IntakeBridge, channel: C, request: RequestOf<C> | null): [Loaded<ResponseOf<C>>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<ResponseOf<C>>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const key = request === null ? null : JSON.stringify(request);
  const latest = useRef(0);
  useEffect(() => {
    if (key === null) return;
    const id = ++latest.current;
    setLoaded((l) => (l.state === 'ready' ? { ...l, refreshing: true } : { state: 'loading' }));
    void bridge.invoke(channel, JSON.parse(key) as RequestOf<C>).then((r) => {
      if (id !== latest.current) return;
      setLoaded(r.ok ? { state: 'ready', value: r.value, refreshing: false } : { state: 'error', error: r.error });
    });
  }, [bridge, channel, key, tick]);
  return [loaded, useCallback(() => setTick((t) => t + 1), [])];
}

/** Saves a CSV report as a file. */
export function download(filename: string, text: string): void {
  saveFile(filename, text, 'text/csv;charset=utf-8');
}

/** Today's UK (Europe/London) date as YYYY-MM-DD: the day the claim dates in the figures are counted in. */
export function today(): string {
  return londonDay(Date.now());
}

export function addDaysIso(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Calls `refresh` whenever `version` changes after the first render (the first load happens anyway). */
export function useRefreshOn(version: number, refresh: () => void): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    refresh();
  }, [version, refresh]);
}
