import { useCallback, useEffect, useRef, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { BookingView, ScheduleRow, SlotView } from '../../machines/contract/api/appointments';
import { humaniseId } from '../desk/format';
import { Problem } from '../fa/Problem';
import { ukDay } from '../fa/format';
import './schedule.css';
import { phoneForReading } from '../../machines/rules/ukFormats';
import { openDaysOf } from '../../machines/rules/windows';
import type { Err } from './day/types';

type Mode = BookingView['mode'];

const MODES: { value: Mode; label: string; said: string }[] = [
  { value: 'inPerson', label: 'In person at the Jobcentre', said: 'in person' },
  { value: 'telephone', label: 'Telephone', said: 'by telephone' },
  { value: 'homeVisit', label: 'Home visit', said: 'as a home visit' },
];
const modeSaid = (m: Mode) => MODES.find((x) => x.value === m)!.said;
const IB = 'incapacityBenefit';
const nameOf = (r: ScheduleRow) => r.customerName ?? `claim ${r.callId}`;

/** The days a person would book: the first and last open days, not the calendar days the policy counts. */
function openDays(w: ScheduleRow['window']): string {
  const days = openDaysOf(w);
  return `${ukDay(days.from)} to ${ukDay(days.to)}`;
}

/** Due first, the least time left first (those are the ones to ring today); booked after, soonest first. */
function ordered(rows: ScheduleRow[]): ScheduleRow[] {
  const rank = (r: ScheduleRow) => (r.status === 'due' ? 0 : 1);
  return [...rows].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.status === 'due' ? a.workingDaysLeft - b.workingDaysLeft : (a.booking?.start ?? '').localeCompare(b.booking?.start ?? '')) ||
      a.window.to.localeCompare(b.window.to),
  );
}

const slotKey = (s: SlotView) => `${s.slot.diaryId ?? ''}|${s.slot.start}`;

/** One due claim: how the interview is held, the advisers' free times inside its window, and the booking. */
function FindTime({ bridge, row, onBooked, onCancel }: { bridge: IntakeBridge; row: ScheduleRow; onBooked: (b: BookingView) => void; onCancel: () => void }) {
  // Few working days left is when a telephone interview is the way to keep the claim inside its window (IDT:848).
  const [mode, setMode] = useState<Mode>(row.atRisk ? 'telephone' : 'inPerson');
  const [limit, setLimit] = useState(40);
  const [slots, setSlots] = useState<SlotView[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<Err>(null);
  const [error, setError] = useState<Err>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = `jc-find-${row.callId}`;

  useEffect(() => heading.current?.focus(), []);

  const asked = useRef(0);
  const loadSlots = useCallback(async () => {
    // Only the answer to the latest question counts (switching mode quickly must not show the other mode's times).
    const n = ++asked.current;
    const r = await bridge.invoke('appointments.scheduleSlots', { callId: row.callId, mode, limit });
    if (n !== asked.current) return;
    if (r.ok) {
      setSlots(r.value.slots);
      setLoadError(null);
      // A time that has gone (taken, or now too soon) is no longer offered, so it cannot stay chosen.
      setChosen((c) => (c && r.value.slots.some((s) => slotKey(s) === c) ? c : null));
    } else setLoadError(r.error);
  }, [bridge, row.callId, mode, limit]);

  useEffect(() => {
    void loadSlots();
  }, [loadSlots]);

  const book = async () => {
    const s = slots?.find((x) => slotKey(x) === chosen);
    if (!s) return setError({ message: 'Choose a time for the interview first.' });
    if (!s.slot.diaryId) return setError({ message: 'That time is not in an adviser’s diary. Choose another time.' });
    setBusy(true);
    const r = await bridge.invoke('appointments.scheduleWfi', {
      callId: row.callId,
      slot: { diaryId: s.slot.diaryId, start: s.slot.start, minutes: s.slot.minutes, kind: s.slot.kind },
    });
    setBusy(false);
    if (r.ok) return onBooked(r.value);
    // The service says why (taken meanwhile, outside the window…); the form stays, with what is free now.
    setError(r.error);
    void loadSlots();
  };

  const modeName = `${id}-mode`;
  return (
    <section aria-labelledby={`${id}-title`} className="jc-find" id={id}>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Find a time for {nameOf(row)}
      </h3>
      <p className="hint">
        Book the interview between {openDays(row.window)} ({row.workingDaysLeft} working day{row.workingDaysLeft === 1 ? '' : 's'} left).
        The service offers only the advisers and days the claim allows.
      </p>
      <fieldset>
        <legend>How will the interview be held?</legend>
        <ul className="options">
          {MODES.map((m) => (
            <li key={m.value}>
              <input
                type="radio"
                id={`${modeName}-${m.value}`}
                name={modeName}
                value={m.value}
                checked={mode === m.value}
                onChange={() => {
                  setMode(m.value);
                  setLimit(40);
                  setSlots(null);
                  setChosen(null);
                  setError(null);
                }}
              />
              <label htmlFor={`${modeName}-${m.value}`}>{m.label}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <Problem error={loadError} />
      {slots === null && !loadError && <p role="status">Looking for free times…</p>}
      {slots !== null &&
        (slots.length === 0 ? (
          <p>No free times {modeSaid(mode)} inside the window. Try another way of holding the interview.</p>
        ) : (
          <fieldset className="jc-slots">
            <legend>Free times ({modeSaid(mode)})</legend>
            <ul className="options">
              {slots.map((s) => {
                const k = slotKey(s);
                const rid = `${id}-slot-${s.slot.diaryId ?? ''}-${s.slot.start}`;
                return (
                  <li key={k}>
                    <input type="radio" id={rid} name={`${id}-slot`} checked={chosen === k} onChange={() => (setChosen(k), setError(null))} />
                    <label htmlFor={rid}>
                      {s.local} – {s.adviserName}, {s.slot.minutes} minutes
                    </label>
                  </li>
                );
              })}
            </ul>
            {slots.length >= limit && limit < 200 && (
              <button type="button" className="link" onClick={() => setLimit(200)}>
                Show later times
              </button>
            )}
          </fieldset>
        ))}
      <Problem error={error} id={`${id}-error`} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} aria-describedby={error ? `${id}-error` : undefined} onClick={() => void book()}>
          Book this interview
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/**
 * The Incapacity Benefit interview schedule of one Jobcentre (days 57–91 of the claim): the claims due an interview,
 * the ones running out of time first, and booking one into an IBPA's diary. The service keeps the booking inside the
 * window and says why when it refuses.
 */
export function ScheduleView({ bridge, officeCode }: { bridge: IntakeBridge; officeCode: string }) {
  const [rows, setRows] = useState<ScheduleRow[] | null>(null);
  const [error, setError] = useState<Err>(null);
  const [open, setOpen] = useState<ScheduleRow | null>(null);
  const [said, setSaid] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    const r = await bridge.invoke('appointments.schedule', { officeCode });
    if (r.ok) {
      setRows(ordered(r.value));
      setError(null);
    } else setError(r.error);
  }, [bridge, officeCode]);

  useEffect(() => {
    void load();
  }, [load]);
  // A claim completed at the desk, or booked by a colleague, shows up without a reload.
  useEffect(() => bridge.subscribe((n) => n.topic === 'appointments' && void load()), [bridge, load]);

  const close = () => {
    setOpen(null);
    setTimeout(() => heading.current?.focus(), 0);
  };

  const due = rows?.filter((r) => r.status === 'due') ?? [];
  return (
    <section aria-labelledby="jc-schedule-title" className="jc-schedule">
      <h2 id="jc-schedule-title" ref={heading} tabIndex={-1}>
        Incapacity Benefit interviews
      </h2>
      <p role="status" className="fa-status">
        {said}
      </p>
      <Problem error={error} />
      {rows === null && !error && <p>Loading the interview schedule…</p>}
      {rows !== null && rows.length === 0 && <p>No Incapacity Benefit interviews are due at this Jobcentre.</p>}
      {rows !== null && rows.length > 0 && (
        <>
          <p className="side-meta">
            {due.length} to book{due.some((r) => r.atRisk) ? `, ${due.filter((r) => r.atRisk).length} at risk` : ''}; {rows.length - due.length} booked.
          </p>
          <table className="fa-queue jc-table">
            <caption className="visually-hidden">Incapacity Benefit interviews at {officeCode}: due first, fewest working days left first</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Claim date</th>
                <th scope="col">Interview between</th>
                <th scope="col">Working days left</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Book</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.callId} data-call={r.callId} aria-current={open?.callId === r.callId ? 'true' : undefined} className={r.atRisk ? 'jc-at-risk' : undefined}>
                  <td>
                    {r.customerName ?? '(no name)'}
                    <span className="side-sub">{r.phone ? phoneForReading(r.phone) : 'No phone number'}</span>
                    <span className="side-sub">Ref {r.callId}</span>
                    {/* A correction of the Jobcentre can put another benefit's interview on this schedule. */}
                    {r.benefitId !== IB && <span className="side-sub">{humaniseId(r.benefitId)}</span>}
                  </td>
                  <td>{ukDay(r.claimDate)}</td>
                  <td>{openDays(r.window)}</td>
                  <td>
                    {r.workingDaysLeft}
                    {r.atRisk && ' '}
                    {r.atRisk && (
                      <span className="jc-risk">
                        <span className="tag tag-warning">At risk</span>{' '}
                        {r.workingDaysLeft === 0
                          ? 'The window has no working days left.'
                          : `Only ${r.workingDaysLeft} working day${r.workingDaysLeft === 1 ? '' : 's'} left: offer a telephone interview.`}
                      </span>
                    )}
                  </td>
                  <td>
                    {r.status === 'due' ? (
                      'Due: not booked yet'
                    ) : r.booking ? (
                      <>
                        Booked {r.booking.local}, {modeSaid(r.booking.mode)}, with {r.booking.adviser.name}
                        {r.booking.status !== 'booked' && <span className="side-sub">{BOOKING_STATUS[r.booking.status]}</span>}
                      </>
                    ) : (
                      'Booked'
                    )}
                  </td>
                  <td>
                    {r.status === 'due' && (
                      <button
                        type="button"
                        aria-label={`Find a time for ${nameOf(r)}`}
                        aria-expanded={open?.callId === r.callId}
                        aria-controls={open?.callId === r.callId ? `jc-find-${r.callId}` : undefined}
                        onClick={() => (open?.callId === r.callId ? close() : (setOpen(r), setSaid('')))}
                      >
                        Find a time
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {open && (
        <FindTime
          key={open.callId}
          bridge={bridge}
          row={open}
          onCancel={close}
          onBooked={(b) => {
            setSaid(`Interview booked for ${nameOf(open)}: ${b.local}, ${modeSaid(b.mode)}, with ${b.adviser.name}.`);
            close();
            void load();
          }}
        />
      )}
    </section>
  );
}

const BOOKING_STATUS: Record<BookingView['status'], string> = {
  booked: 'Booked',
  attended: 'Attended',
  fta: 'Did not attend',
  cancelled: 'Cancelled',
};
