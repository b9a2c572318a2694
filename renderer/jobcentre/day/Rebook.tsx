import { useState } from 'react';
import type { IntakeBridge } from '../../../machines/contract/api';
import { ADVISER_ROLE_LABELS, type BookingView, type SlotView } from '../../../machines/contract/api/appointments';
import { Problem } from '../../fa/Problem';
import { MODE_LABELS, type Mode } from './labels';
import type { Err } from './types';

const MODES = Object.keys(MODE_LABELS) as Mode[];

/**
 * Re-booking a missed appointment: how (in person, by telephone, a home visit), the free slots the service offers for
 * it, and the chosen one booked. Disabled, with the reason next to it, when the benefit's re-book limit is used up.
 */
export function Rebook({ bridge, booking, idBase, blockedReason, onRebooked }: {
  bridge: IntakeBridge;
  booking: BookingView;
  idBase: string;
  blockedReason: string | null;
  onRebooked: (to: BookingView) => void;
}) {
  const [mode, setMode] = useState<Mode>(booking.mode);
  const [slots, setSlots] = useState<SlotView[] | null>(null);
  const [picked, setPicked] = useState(0);
  const [error, setError] = useState<Err>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = `${idBase}-blocked`;
  const errorId = `${idBase}-error`;

  const find = async () => {
    setBusy(true);
    const r = await bridge.invoke('appointments.rebookSlots', { bookingId: booking.bookingId, mode });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setSlots(r.value);
    setPicked(0);
  };

  const book = async () => {
    const s = slots?.[picked]?.slot;
    if (!s) return;
    // An offered slot always names its diary; the check keeps a malformed offer from being sent as a hand-typed time.
    if (!s.diaryId) return setError({ message: 'This slot has no diary: find the free slots again.' });
    setBusy(true);
    const r = await bridge.invoke('appointments.rebook', { bookingId: booking.bookingId, slot: { diaryId: s.diaryId, start: s.start, minutes: s.minutes, kind: s.kind } });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    onRebooked(r.value);
  };

  return (
    <div className="jc-action" role="group" aria-labelledby={`${idBase}-title`}>
      <p id={`${idBase}-title`} className="jc-action-title">
        Re-book
      </p>
      <label htmlFor={`${idBase}-mode`}>How</label>
      <div className="inline">
        <select
          id={`${idBase}-mode`}
          value={mode}
          disabled={!!blockedReason}
          onChange={(e) => {
            setMode(e.target.value as Mode);
            setSlots(null);
          }}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {MODE_LABELS[m]}
            </option>
          ))}
        </select>
        <button type="button" disabled={!!blockedReason || busy} aria-describedby={blockedReason ? reasonId : undefined} onClick={() => void find()}>
          Re-book: find free slots
        </button>
      </div>
      {blockedReason && (
        <p className="hint warning" id={reasonId}>
          {blockedReason}
        </p>
      )}
      {slots && slots.length === 0 && <p>No free slots for a re-book {MODE_LABELS[mode].toLowerCase()}: try another way, or record a follow-up.</p>}
      {slots && slots.length > 0 && (
        <>
          <label htmlFor={`${idBase}-slot`}>Free slot ({slots.length} offered)</label>
          <div className="inline">
            <select id={`${idBase}-slot`} value={picked} onChange={(e) => setPicked(Number(e.target.value))} aria-describedby={error ? errorId : undefined}>
              {slots.map((s, i) => (
                <option key={`${s.slot.diaryId}-${s.slot.start}`} value={i}>
                  {s.local} – {s.adviserName}, {ADVISER_ROLE_LABELS[s.role]}, {s.slot.minutes} minutes
                </option>
              ))}
            </select>
            <button type="button" className="primary" disabled={busy} onClick={() => void book()}>
              Re-book into this slot
            </button>
          </div>
        </>
      )}
      <Problem error={error} id={errorId} />
    </div>
  );
}
