import { afterEach, describe, expect, it } from 'vitest';
import { offerOf } from '../../machines/contract/api/appointments';
import { DiaryFile, importDiaries } from '../../main/appointments/diaries';
import { apptTables, apptTestApp, callAtAppointments, completeCall, slot, type ApptTestApp } from './appointments-helpers';

/**
 * Booking on the call against real diaries in a real SQLite file: the suggestion, the reservation made in the same
 * transaction as the event, and every refusal leaving the database exactly as it was. The clock stands at Monday
 * 23 Nov 2026 09:00 (GMT, so local time = UTC), the claim date.
 */
let t: ApptTestApp;
afterEach(() => t?.close());

const N = 'JC-NORTH';
const activeFor = (t: ApptTestApp, callId: string) =>
  t.db.prepare("SELECT kind, adviser_id, start_at, minutes, seat FROM appt_bookings WHERE call_id = ? AND status = 'booked' ORDER BY kind").all(callId) as {
    kind: string;
    adviser_id: string;
    start_at: string;
    minutes: number;
    seat: number;
  }[];

describe('free slots', () => {
  it('suggests the first free FA slot and an interview after it the same day, at least an hour from now', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'jsa');
    const r = t.appts.freeSlots(callId);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value;
    expect(v.officeCode).toBe(N);
    expect(v.suggestion?.fa.slot).toEqual({ start: '2026-11-23T10:00:00.000Z', minutes: 20, officeCode: N, diaryId: `${N}-FA1`, kind: 'inPerson' });
    expect(v.suggestion?.wfi.slot).toEqual({ start: '2026-11-23T10:30:00.000Z', minutes: 40, officeCode: N, diaryId: `${N}-PA1`, kind: 'inPerson' });
    expect(v.suggestion?.fa.local).toBe('Mon 23 Nov 2026 10:00');
    // Jobseekers: the WFI with a Personal Adviser only, inside claim days 1–14.
    expect(new Set(v.wfi.map((s) => s.role))).toEqual(new Set(['personalAdviser']));
    expect(v.window).toMatchObject({ fromDay: 1, toDay: 14, from: '2026-11-23', to: '2026-12-06', bookableTo: '2026-12-04' });
    const all = t.appts.freeSlots(callId, { limit: 200 });
    if (!all.ok) throw new Error();
    expect(all.value.wfi.every((s) => s.localDate <= '2026-12-06' && s.localDate >= '2026-11-23')).toBe(true);
    expect(all.value.fa.every((s, i, a) => i === 0 || Date.parse(a[i - 1]!.slot.start) <= Date.parse(s.slot.start))).toBe(true);
    // Never a weekend.
    expect(all.value.fa.some((s) => ['2026-11-28', '2026-11-29'].includes(s.localDate))).toBe(false);
  });

  it('lone parents are offered school hours (09:30–15:00) only, unless the customer asks otherwise', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'lp');
    const r = t.appts.freeSlots(callId, { limit: 200 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.preferredHours).toMatchObject({ from: '09:30', to: '15:00', applied: true });
    expect(r.value.wfi.length).toBeGreaterThan(0);
    // The lone-parent adviser is preferred; every offered slot ends by 15:00 and starts at 09:30 or later.
    expect(r.value.suggestion?.wfi.role).toBe('loneParentAdviser');
    for (const s of [...r.value.fa, ...r.value.wfi]) {
      const [h, m] = s.localTime.split(':').map(Number);
      expect(h! * 60 + m!).toBeGreaterThanOrEqual(9 * 60 + 30);
      expect(h! * 60 + m! + s.slot.minutes).toBeLessThanOrEqual(15 * 60);
    }
    const wider = t.appts.freeSlots(callId, { limit: 200, ignorePreferredHours: true });
    if (!wider.ok) throw new Error();
    expect(wider.value.wfi.some((s) => s.localTime === '15:30' || s.localTime === '16:30')).toBe(true);
  });

  it('refuses to list slots for a due-window benefit (the Jobcentre books IB inside the window)', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'ib');
    const r = t.appts.freeSlots(callId);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('policy_forbids');
  });
});

describe('booking on the call', () => {
  it('reserves both diary seats in the same transaction as the event', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'jsa');
    const fa = slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-FA1`);
    const wfi = slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-PA1`);
    const r = t.calls.send(callId, { type: 'appointment.book', fa, wfi }, 'fco-1');
    expect(r.ok).toBe(true);
    const seq = t.db.prepare('SELECT last_seq FROM calls WHERE call_id = ?').pluck().get(callId);
    expect(t.db.prepare("SELECT DISTINCT event_seq FROM appt_bookings WHERE call_id = ?").pluck().all(callId)).toEqual([seq]);
    expect(activeFor(t, callId)).toEqual([
      { kind: 'fa', adviser_id: `${N}-FA1`, start_at: '2026-11-24T10:00:00.000Z', minutes: 20, seat: 1 },
      { kind: 'wfi', adviser_id: `${N}-PA1`, start_at: '2026-11-24T10:30:00.000Z', minutes: 40, seat: 1 },
    ]);
    // The slot is no longer offered.
    const free = t.appts.freeSlots(callId, { from: '2026-11-24', days: 1, limit: 200 });
    if (!free.ok) throw new Error();
    expect(free.value.fa.some((s) => s.slot.start === fa.start)).toBe(false);
  });

  it('a time typed by hand (no diary id) is matched to the adviser whose slot it is', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'carer');
    const r = t.calls.send(callId, { type: 'appointment.book', fa: slot(N, '2026-11-25T14:00:00.000Z', 20), wfi: slot(N, '2026-11-25T14:30:00.000Z', 40) }, 'fco-1');
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    expect(activeFor(t, callId).map((b) => b.adviser_id)).toEqual([`${N}-FA1`, `${N}-PA1`]);
  });

  it('a double booking is refused with the reason and the next free visit offered; nothing is half-saved', () => {
    t = apptTestApp();
    const a = callAtAppointments(t, 'jsa');
    const b = callAtAppointments(t, 'jsa');
    const fa = slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-FA1`);
    const wfi = slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-PA1`);
    expect(t.calls.send(a.callId, { type: 'appointment.book', fa, wfi }, 'fco-1').ok).toBe(true);

    const before = apptTables(t.db);
    const r = t.calls.send(b.callId, { type: 'appointment.book', fa, wfi }, 'fco-1');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_booking');
    expect(r.error.message).toMatch(/has just been booked by someone else/);
    expect(r.error.message).toMatch(/Next free: Financial Assessor Tue 24 Nov 2026 10:20/);
    const offer = offerOf(r.error)!;
    expect(offer.fa).toEqual(slot(N, '2026-11-24T10:20:00.000Z', 20, `${N}-FA1`));
    expect(offer.wfi).toEqual(slot(N, '2026-11-24T11:30:00.000Z', 40, `${N}-PA1`));
    expect(apptTables(t.db)).toEqual(before);
    expect(t.calls.get(b.callId).ok && (t.calls.get(b.callId) as { value: { record: { appointment: unknown } } }).value.record.appointment).toBeNull();

    // The FA is free but the interview is taken: still refused as a whole (the FA seat is not kept).
    const r2 = t.calls.send(b.callId, { type: 'appointment.book', fa: offer.fa, wfi }, 'fco-1');
    expect(r2.ok).toBe(false);
    expect(apptTables(t.db)).toEqual(before);

    // The offer books.
    expect(t.calls.send(b.callId, { type: 'appointment.book', fa: offer.fa, wfi: offer.wfi }, 'fco-1').ok).toBe(true);
  });

  it('outside the adviser\'s hours, off the slot grid, or a wrong length: refused with the reason; nothing saved', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'jsa');
    const before = apptTables(t.db);
    const cases: [ReturnType<typeof slot>, ReturnType<typeof slot>, RegExp][] = [
      [slot(N, '2026-11-24T12:40:00.000Z', 20, `${N}-FA1`), slot(N, '2026-11-24T13:30:00.000Z', 40, `${N}-PA1`), /outside Fay Assessor JC-NORTH's hours on Tuesday \(09:00–12:40, 13:20–16:40\)/],
      [slot(N, '2026-11-24T10:10:00.000Z', 20, `${N}-FA1`), slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-PA1`), /slots start every 20 minutes from 09:00; 10:10 is not a slot start/],
      [slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-FA1`), slot(N, '2026-11-24T10:30:00.000Z', 50, `${N}-PA1`), /slots are 40 minutes, not 50/],
      [slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-FA1`), slot(N, '2026-11-24T16:30:00.000Z', 40), /No Personal Adviser at JC-NORTH has a 40-minute slot at Tue 24 Nov 2026 16:30/],
      [slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-PA1`), slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-PA1`), /Pat Adviser JC-NORTH is a Personal Adviser; the Financial Assessor meeting must be with a Financial Assessor/],
      [slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-FA1`), slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-IBPA1`), /the interview must be with a Personal Adviser/],
      [slot(N, '2026-11-24T10:00:00.000Z', 20, 'NO-SUCH'), slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-PA1`), /There is no diary "NO-SUCH" at JC-NORTH/],
    ];
    for (const [fa, wfi, why] of cases) {
      const r = t.calls.send(callId, { type: 'appointment.book', fa, wfi }, 'fco-1');
      expect(r.ok, `${fa.start} ${wfi.start}`).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('invalid_booking');
      expect(r.error.message).toMatch(why);
      expect(apptTables(t.db)).toEqual(before);
    }
  });

  it('outside the window, at the weekend, PA before FA, too soon, at another office: refused by the rules; nothing saved', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'jsa');
    const before = apptTables(t.db);
    const cases: [ReturnType<typeof slot>, ReturnType<typeof slot>, string, RegExp][] = [
      // Day 15 of the claim (Mon 7 Dec): jobseekers are booked in days 1–14.
      [slot(N, '2026-12-07T10:00:00.000Z', 20), slot(N, '2026-12-07T10:30:00.000Z', 40), 'wfi.start', /between day 1 and day 14 of the claim \(Mon 23 Nov 2026 to Fri 4 Dec 2026\); Mon 7 Dec 2026 is outside it/],
      [slot(N, '2026-11-28T10:00:00.000Z', 20), slot(N, '2026-11-28T10:30:00.000Z', 40), 'fa.start', /Sat 28 Nov 2026 is a weekend/],
      [slot(N, '2026-11-24T10:30:00.000Z', 40), slot(N, '2026-11-24T10:00:00.000Z', 40), 'wfi.start', /must come before the interview/],
      [slot(N, '2026-11-24T10:00:00.000Z', 20), slot(N, '2026-11-24T10:00:00.000Z', 40), 'wfi.start', /must come before the interview/],
      [slot(N, '2026-11-23T09:40:00.000Z', 20), slot(N, '2026-11-23T10:30:00.000Z', 40), 'fa.start', /at least 60 minutes from now/],
      [slot('JC-SOUTH', '2026-11-24T10:00:00.000Z', 20), slot(N, '2026-11-24T10:30:00.000Z', 40), 'fa.officeCode', /diary of the customer's Jobcentre \(JC-NORTH\)/],
      [slot(N, '2026-12-25T10:00:00.000Z', 20), slot(N, '2026-12-25T10:30:00.000Z', 40), 'fa.start', /bank holiday/],
    ];
    for (const [fa, wfi, field, why] of cases) {
      const r = t.calls.send(callId, { type: 'appointment.book', fa, wfi }, 'fco-1');
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error).toMatchObject({ code: 'invalid_booking', field });
      expect(r.error.message).toMatch(why);
    }
    expect(apptTables(t.db)).toEqual(before);
  });

  it('lone parents: a time outside school hours needs the customer\'s reason', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'lp');
    const fa = slot(N, '2026-11-24T14:40:00.000Z', 20, `${N}-FA1`);
    const wfi = slot(N, '2026-11-24T15:30:00.000Z', 40, `${N}-LPA1`);
    const before = apptTables(t.db);
    const r = t.calls.send(callId, { type: 'appointment.book', fa, wfi }, 'fco-1');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('outsidePreferredHours');
      expect(r.error.message).toMatch(/15:30–16:10 is outside 09:30–15:00/);
    }
    expect(apptTables(t.db)).toEqual(before);
    const ok = t.calls.send(callId, { type: 'appointment.book', fa, wfi, outsidePreferredHours: 'Works school hours; grandmother collects the children' }, 'fco-1');
    expect(ok.ok, ok.ok ? '' : ok.error.message).toBe(true);
    // Inside school hours needs no reason.
    const other = callAtAppointments(t, 'lp');
    expect(t.calls.send(other.callId, { type: 'appointment.book', fa: slot(N, '2026-11-24T10:00:00.000Z', 20), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40) }, 'fco-1').ok).toBe(true);
    expect(activeFor(t, other.callId)[1]!.adviser_id).toBe(`${N}-LPA1`);
  });

  it('an interview under 30 minutes is flagged and needs the FCO to confirm it', () => {
    t = apptTestApp();
    importDiaries(
      t.db,
      DiaryFile.parse({
        version: 1,
        offices: [
          {
            officeCode: N,
            advisers: [
              { id: `${N}-FA1`, name: 'Fay', role: 'financialAssessor', slotMinutes: 20, hours: { tue: [['09:00', '12:00']] } },
              { id: `${N}-PA9`, name: 'Quick Pat', role: 'personalAdviser', slotMinutes: 25, stepMinutes: 30, hours: { tue: [['10:00', '12:00']] } },
            ],
          },
        ],
      }),
      t.clock.now,
      'test',
    );
    const { callId } = callAtAppointments(t, 'jsa');
    const free = t.appts.freeSlots(callId);
    if (!free.ok) throw new Error(free.error.message);
    expect(free.value.suggestion?.wfi).toMatchObject({ short: true, slot: { minutes: 25 } });
    expect(free.value.warnings.join(' ')).toMatch(/under 30 minutes/);
    const fa = slot(N, '2026-11-24T09:00:00.000Z', 20, `${N}-FA1`);
    const wfi = slot(N, '2026-11-24T10:00:00.000Z', 25, `${N}-PA9`);
    const r = t.calls.send(callId, { type: 'appointment.book', fa, wfi }, 'fco-1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid_booking', field: 'acknowledgeShortWfi' });
    expect(t.calls.send(callId, { type: 'appointment.book', fa, wfi, acknowledgeShortWfi: true }, 'fco-1').ok).toBe(true);
  });

  it('booking again on the same call releases the first pair; a call ended before completion releases its seats', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'jsa');
    const first = { fa: slot(N, '2026-11-24T10:00:00.000Z', 20, `${N}-FA1`), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40, `${N}-PA1`) };
    expect(t.calls.send(callId, { type: 'appointment.book', ...first }, 'fco-1').ok).toBe(true);
    expect(t.calls.send(callId, { type: 'nav.back' }, 'fco-1').ok).toBe(true);
    const second = { fa: slot(N, '2026-11-25T10:00:00.000Z', 20, `${N}-FA1`), wfi: slot(N, '2026-11-25T10:30:00.000Z', 40, `${N}-PA1`) };
    const r = t.calls.send(callId, { type: 'appointment.book', ...second }, 'fco-1');
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    expect(activeFor(t, callId).map((b) => b.start_at)).toEqual([second.fa.start, second.wfi.start]);
    expect(t.db.prepare("SELECT COUNT(*) FROM appt_bookings WHERE call_id = ? AND status = 'cancelled'").pluck().get(callId)).toBe(2);
    // Another call can have the released slot.
    const other = callAtAppointments(t, 'jsa');
    expect(t.calls.send(other.callId, { type: 'appointment.book', ...first }, 'fco-1').ok).toBe(true);
    // The other call hangs up before completing: its seats come free again.
    expect(t.calls.send(other.callId, { type: 'call.end', reason: 'callerHungUp', note: '' }, 'fco-1').ok).toBe(true);
    expect(activeFor(t, other.callId)).toEqual([]);
  });

  it('policy: no booking for IB (due window), no deferral for jobseekers, no booking where the Jobcentre has no diary', () => {
    t = apptTestApp();
    const ib = callAtAppointments(t, 'ib');
    const r1 = t.calls.send(ib.callId, { type: 'appointment.book', fa: slot(N, '2026-11-24T10:00:00.000Z', 20), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40) }, 'fco-1');
    expect(r1.ok || r1.error.code).toBe('policy_forbids');
    const jsa = callAtAppointments(t, 'jsa');
    const deferral = { reason: 'tooIll', note: '', untilDate: '2026-12-21', reviewDate: '2026-12-14', claimPackSent: true, paAllocated: 'PA Smith', paContactGiven: true };
    const r2 = t.calls.send(jsa.callId, { type: 'deferral.record', deferral }, 'fco-1');
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error).toMatchObject({ code: 'policy_forbids', message: "Jobseeker's Allowance interviews are never deferred or waived." });
    expect(t.appts.options(jsa.callId)).toMatchObject({ ok: true, value: { deferral: { allowed: false, disabledReason: expect.stringMatching(/never deferred or waived/) } } });

    t.close();
    t = apptTestApp({ diaries: false });
    const c = callAtAppointments(t, 'jsa');
    const before = apptTables(t.db);
    const r3 = t.calls.send(c.callId, { type: 'appointment.book', fa: slot(N, '2026-11-24T10:00:00.000Z', 20), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40) }, 'fco-1');
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.error.message).toMatch(/JC-NORTH has no diary in this installation/);
    expect(apptTables(t.db)).toEqual(before);
  });

  it('the booked visit is in the completed claim and its hand-off', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'jsa');
    expect(t.calls.send(callId, { type: 'appointment.book', fa: slot(N, '2026-11-26T10:00:00.000Z', 20), wfi: slot(N, '2026-11-26T10:30:00.000Z', 40) }, 'fco-1').ok).toBe(true);
    completeCall(t, callId);
    const h = t.appts.handoff(callId);
    if (!h.ok) throw new Error(h.error.message);
    // Sent to the Jobcentre by the event that completed the claim.
    expect(h.value.status).toBe('sent');
    expect(h.value.record.appointment).toMatchObject({
      kind: 'booked',
      signingDay: 'Thursday',
      // 13 and 26 weeks from Mon 23 Nov, moved to the signing day (Thursday).
      reviewsDue: ['2027-02-25', '2027-05-27'],
    });
  });
});
