import { useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import { Problem } from '../fa/Problem';
import type { Err } from './day/types';
import './calendar-file.css';

/**
 * Saves one appointment as a calendar file (.ics) for the customer's or the adviser's calendar. The file holds where,
 * when, with whom (role), what to bring and the claim reference; never the health condition or the NINO (see
 * main/appointments/ics.ts). A data URL rather than a blob URL, so there is nothing to revoke afterwards.
 */
export function CalendarFile({ bridge, bookingId, what }: { bridge: IntakeBridge; bookingId: string; what: string }) {
  const [error, setError] = useState<Err>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    const r = await bridge.invoke('appointments.ics', { bookingId });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    const a = document.createElement('a');
    a.href = `data:${r.value.contentType};charset=utf-8,${encodeURIComponent(r.value.ics)}`;
    a.download = r.value.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <div className="jc-calendar-file">
      <button type="button" onClick={() => void save()} disabled={busy} aria-label={`Calendar file for ${what}`}>
        Calendar file (.ics)
      </button>
      <Problem error={error} />
    </div>
  );
}
