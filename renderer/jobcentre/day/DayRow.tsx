import { useState } from 'react';
import type { IntakeBridge, SessionUser } from '../../../machines/contract/api';
import { ADVISER_ROLE_LABELS, type PrecallRow } from '../../../machines/contract/api/appointments';
import { formatDateTime } from '../../desk/format';
import { CalendarFile } from '../CalendarFile';
import { AfterFta } from './AfterFta';
import { ChoiceForm } from './ChoiceForm';
import { followUpLabel, KIND_LABELS, MODE_LABELS, PRECALL_LABELS, precallLabel, STATUS_LABELS, timeOf, whoOf, type PrecallOutcome } from './labels';
import type { Err, RowEvents } from './types';
import { byWhom } from '../useMe';
import { phoneForReading } from '../../../machines/rules/ukFormats';

const PRECALL_OPTIONS = (Object.keys(PRECALL_LABELS) as PrecallOutcome[]).map((value) => ({ value, label: PRECALL_LABELS[value] }));
const ATTENDANCE_OPTIONS = [
  { value: 'attended', label: 'Attended' },
  { value: 'fta', label: 'Failed to attend' },
] as const;
export const DAY_COLUMNS = 12;

/** One appointment of the day, and (opened) what can be recorded for it: the pre-call, attendance, then the follow-up. */
export function DayRow({ bridge, row, me, events }: { bridge: IntakeBridge; row: PrecallRow; me: SessionUser | null; events: RowEvents }) {
  const b = row.booking;
  // Stays open across the reload after an action, so its outcome and the next steps stay in view.
  const [open, setOpen] = useState(false);
  const idBase = `jc-day-${b.bookingId}`;
  const who = whoOf(row);
  const what = `${who}, ${timeOf(b.local)} ${KIND_LABELS[b.kind]}`;

  const precall = async (outcome: PrecallOutcome, note: string): Promise<Err> => {
    const r = await bridge.invoke('appointments.precall.record', { bookingId: b.bookingId, outcome, note });
    if (!r.ok) return r.error;
    events.changed();
    events.announce(`Pre-call for ${what}: ${PRECALL_LABELS[outcome]}.`);
    return null;
  };
  const attendance = async (outcome: 'attended' | 'fta', note: string): Promise<Err> => {
    const r = await bridge.invoke('appointments.attendance.record', { bookingId: b.bookingId, outcome, note });
    if (!r.ok) return r.error;
    events.changed();
    events.announce(`${what}: ${STATUS_LABELS[r.value.booking.status].toLowerCase()}.`);
    return null;
  };

  return (
    <>
      <tr data-booking={b.bookingId}>
        <td>{timeOf(b.local)}</td>
        <th scope="row">{row.customerName ?? '(no name)'}</th>
        <td>{row.phone ? phoneForReading(row.phone) : 'No phone'}</td>
        <td>{row.contactTimes ?? '—'}</td>
        <td>{row.benefitName}</td>
        <td>{KIND_LABELS[b.kind]}</td>
        <td>
          {b.adviser.name}
          <span className="side-sub">{ADVISER_ROLE_LABELS[b.adviser.role]}</span>
        </td>
        <td>{MODE_LABELS[b.mode]}</td>
        <td>{row.newClaimant ? 'New claimant' : `Re-book (${b.rebookCount})`}</td>
        <td>
          <span className={`jc-status jc-status-${b.status}`}>{STATUS_LABELS[b.status]}</span>
          {b.attendance && (
            <span className="side-sub">
              by {byWhom(b.attendance, me)}, {formatDateTime(b.attendance.at)}
              {b.attendance.note && <> · “{b.attendance.note}”</>}
            </span>
          )}
          {b.followUp && (
            <span className="side-sub">
              Follow-up: {followUpLabel(b.followUp)}
              {b.followUpRecorded && <>, by {byWhom(b.followUpRecorded, me)}</>}
              {b.followUpRecorded?.note && <> · “{b.followUpRecorded.note}”</>}
            </span>
          )}
          {row.afterFta?.rebookedAs && <span className="side-sub">Re-booked for {row.afterFta.rebookedAs}</span>}
        </td>
        <td>
          {b.precall ? (
            <>
              {precallLabel(b.precall.outcome)}
              <span className="side-sub">
                by {byWhom(b.precall, me)}, {formatDateTime(b.precall.at)}
              </span>
              {b.precall.note && <span className="side-sub">“{b.precall.note}”</span>}
            </>
          ) : (
            'Not yet'
          )}
        </td>
        <td>
          <button type="button" aria-expanded={open} aria-controls={`${idBase}-detail`} aria-label={`Record for ${what}`} onClick={() => setOpen((o) => !o)}>
            Record
          </button>
        </td>
      </tr>
      {open && (
        <tr id={`${idBase}-detail`} className="jc-detail">
          <td colSpan={DAY_COLUMNS}>
            <div role="group" aria-label={`Record for ${what}`} className="jc-detail-body">
              {b.status === 'booked' && (
                <>
                  <ChoiceForm idBase={`${idBase}-pre`} legend="Pre-call outcome" options={PRECALL_OPTIONS} noteLabel="Pre-call note (optional)" submitLabel="Record pre-call" onSubmit={precall} />
                  <ChoiceForm idBase={`${idBase}-att`} legend="Attendance" options={ATTENDANCE_OPTIONS} noteLabel="Attendance note (optional)" submitLabel="Record attendance" onSubmit={attendance} />
                  <CalendarFile bridge={bridge} bookingId={b.bookingId} what={what} />
                </>
              )}
              {b.status === 'attended' && <p>Attendance recorded: attended.</p>}
              {b.status === 'cancelled' && <p>This appointment was cancelled: nothing to record.</p>}
              {b.status === 'fta' && (
                <AfterFta
                  bridge={bridge}
                  booking={b}
                  afterFta={row.afterFta}
                  idBase={`${idBase}-fta`}
                  who={who}
                  onChanged={(message) => {
                    events.changed();
                    events.announce(message);
                  }}
                  onRebooked={(to) => events.rebooked(b, to)}
                />
              )}
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
