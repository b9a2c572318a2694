import { useCallback, useEffect, useRef, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { BookingView, PrecallRow } from '../../machines/contract/api/appointments';
import { ukDay } from '../fa/format';
import { Problem } from '../fa/Problem';
import { DayPicker } from './day/DayPicker';
import { DayRow } from './day/DayRow';
import { whoOf } from './day/labels';
import type { Err, RowEvents } from './day/types';
import { useMe } from './useMe';
import '../fa/fa.css';
import './day.css';

/**
 * The Jobcentre's appointments for one day: the day before, the pre-call list (ring, confirm, note the outcome); on
 * the day, whether each customer came, and after a failure to attend the follow-up and a re-book within the limit.
 * Every action is saved at once and the day is read again, so what is on screen is what the service holds.
 */
export function DayView({ bridge, officeCode }: { bridge: IntakeBridge; officeCode: string }) {
  const [asked, setAsked] = useState<{ date: string | null; n: number }>({ date: null, n: 0 });
  const [list, setList] = useState<{ date: string; rows: PrecallRow[] } | null>(null);
  const [error, setError] = useState<Err>(null);
  const [status, setStatus] = useState('');
  const me = useMe(bridge);
  const latest = useRef(0);

  const load = useCallback(
    async (date: string | null) => {
      const n = ++latest.current;
      const r = await bridge.invoke('appointments.precallList', date ? { officeCode, date } : { officeCode });
      if (n !== latest.current) return; // a later day was asked for meanwhile
      if (r.ok) {
        setList({ date: r.value.date, rows: r.value.rows });
        setError(null);
      } else setError(r.error);
    },
    [bridge, officeCode],
  );

  useEffect(() => {
    void load(asked.date);
  }, [load, asked]);
  const reload = useCallback(() => setAsked((a) => ({ date: list?.date ?? a.date, n: a.n + 1 })), [list]);
  // A booking or re-book made elsewhere (the desk, a colleague) shows up without a reload.
  useEffect(() => bridge.subscribe((n) => n.topic === 'appointments' && reload()), [bridge, reload]);

  const events: RowEvents = {
    changed: reload,
    rebooked(from: BookingView, to: BookingView) {
      const row = list?.rows.find((r) => r.booking.bookingId === from.bookingId);
      setStatus(`Re-booked ${row ? whoOf(row) : 'the customer'}: ${to.local} with ${to.adviser.name}. It is on the list for that day.`);
      reload();
    },
    announce: setStatus,
  };
  const rows = list?.rows ?? [];

  return (
    <section aria-labelledby="jc-day-title" className="jc-day">
      <h2 id="jc-day-title">The day's appointments</h2>
      <p className="hint">The day before, ring each customer to confirm and record the pre-call. On the day, record whether they came.</p>
      <DayPicker listed={list?.date ?? null} onPick={(date) => setAsked((a) => ({ date, n: a.n + 1 }))} onNextWorkingDay={() => setAsked((a) => ({ date: null, n: a.n + 1 }))} />
      <p role="status" className="fa-status">
        {status}
      </p>
      <Problem error={error} />
      {list &&
        (rows.length === 0 ? (
          <p>No appointments at this Jobcentre on {ukDay(list.date)}.</p>
        ) : (
          <table className="fa-queue jc-day-table">
            <caption>
              Appointments at {officeCode} on {ukDay(list.date)}, in pre-call order: IB customers first, then new claimants, then by time
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Customer</th>
                <th scope="col">Phone</th>
                <th scope="col">Contact times</th>
                <th scope="col">Benefit</th>
                <th scope="col">Appointment</th>
                <th scope="col">Adviser</th>
                <th scope="col">Mode</th>
                <th scope="col">New or re-book</th>
                <th scope="col">Status</th>
                <th scope="col">Pre-call</th>
                <th scope="col">
                  <span className="visually-hidden">Record</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <DayRow key={r.booking.bookingId} bridge={bridge} row={r} me={me} events={events} />
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
