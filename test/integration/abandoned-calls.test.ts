import { afterEach, describe, expect, it } from 'vitest';
import { ABANDON_AFTER_MS, endAbandonedCalls } from '../../main/calls/abandonedCalls';
import { apptTestApp, callAtAppointments, slot, type ApptTestApp } from './appointments-helpers';

/**
 * A call left open (a desk closed mid-call, a PC restarted) must not hold a Jobcentre's diary seats for ever. The
 * hosts sweep calls untouched for four hours: they are ended by the system, the seats go back, the answers stay.
 */

let t: ApptTestApp;
afterEach(() => t?.close());

const N = 'JC-NORTH';
const sweep = () => endAbandonedCalls({ db: t.db, calls: t.calls, clock: () => t.clock.now });
const activeSeats = (callId: string) => t.db.prepare("SELECT COUNT(*) FROM appt_bookings WHERE call_id = ? AND status <> 'cancelled'").pluck().get(callId) as number;

describe('calls left open', () => {
  it('are ended by the system after four hours untouched; their seats go back; recent and finished calls are left alone', () => {
    t = apptTestApp();
    const left = callAtAppointments(t, 'jsa').callId;
    const booked = t.calls.send(left, { type: 'appointment.book', fa: slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-FA1`), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-PA1`) }, 'fco-1');
    expect(booked.ok).toBe(true);
    expect(activeSeats(left)).toBe(2);

    t.clock.advance(3 * 3600);
    const recent = callAtAppointments(t, 'ib').callId;
    // Three hours on: nothing is old enough yet.
    expect(sweep()).toEqual([]);

    t.clock.advance(3600 + 60);
    expect(sweep()).toEqual([left]);
    const rec = t.calls.record(left)!;
    expect(rec.status).toBe('ended');
    expect(rec.ended).toMatchObject({ reason: 'other', by: 'system' });
    expect(rec.ended?.note).toMatch(/No activity since 2026-11-23T09:/);
    expect(rec.answers.fullName).toBe('Alex Example');
    expect(activeSeats(left)).toBe(0);
    // The seats are free for the next customer.
    const again = callAtAppointments(t, 'jsa').callId;
    expect(t.calls.send(again, { type: 'appointment.book', fa: slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-FA1`), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-PA1`) }, 'fco-1').ok).toBe(true);

    // The call touched an hour ago is still open; a second sweep ends nothing more.
    expect(t.calls.record(recent)!.status).toBe('in_progress');
    expect(sweep()).toEqual([]);
    expect(ABANDON_AFTER_MS).toBe(4 * 3600 * 1000);
  });
});
