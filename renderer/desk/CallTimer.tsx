import { useEffect, useState } from 'react';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { formatDuration } from './format';

/**
 * How long the call has run. The only place the desk reads the wall clock (Date.now): everything the claim records
 * uses the server's injected clock. A finished call shows its fixed length instead.
 */
export function CallTimer({ record }: { record: ClaimRecord }) {
  const end = record.completedAt ?? record.ended?.at ?? null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (end) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [end]);
  const started = Date.parse(record.startedAt);
  const seconds = ((end ? Date.parse(end) : now) - started) / 1000;
  return (
    <p className="timer">
      <span className="timer-label">{end ? 'Call length' : 'Call time'}</span> <span className="timer-value">{formatDuration(seconds)}</span>
    </p>
  );
}
