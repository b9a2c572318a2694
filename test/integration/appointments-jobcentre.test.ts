import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command as importDiariesCommand } from '../../main/cli/commands/import-diaries';
import { DiaryFile, importDiaries } from '../../main/appointments/diaries';
import { openDatabase } from '../../main/db/open';
import { apptTables, apptTestApp, callAtAppointments, completeCall, slot, testDiaries, type ApptTestApp } from './appointments-helpers';

/** The Jobcentre side: the IB interview schedule (days 57–91), the day-before pre-call list, attendance and re-books. */
let t: ApptTestApp;
afterEach(() => t?.close());
const N = 'JC-NORTH';
const pick = (start: string, minutes: number, diaryId: string) => ({ diaryId, start, minutes, kind: 'inPerson' as const });

function ibOnSchedule(t: ApptTestApp) {
  const { callId } = callAtAppointments(t, 'ib');
  expect(t.calls.send(callId, { type: 'appointment.window.accept' }, 'fco-1').ok).toBe(true);
  completeCall(t, callId);
  return callId;
}

describe('the IB interview schedule', () => {
  it('lists the claim with its window; offers IBPA slots only inside days 57–91 on working days', () => {
    t = apptTestApp();
    const callId = ibOnSchedule(t);
    expect(t.appts.schedule(N)).toMatchObject([
      { callId, status: 'due', window: { from: '2027-01-18', to: '2027-02-21', bookableFrom: '2027-01-18', bookableTo: '2027-02-19' }, workingDaysLeft: 25, atRisk: false, booking: null },
    ]);
    expect(t.appts.schedule('JC-SOUTH')).toEqual([]);
    const s = t.appts.scheduleSlots(callId, 'inPerson', 200);
    if (!s.ok) throw new Error(s.error.message);
    // One IBPA, six slots a day, 25 working days: the whole window and nothing outside it.
    expect(s.value.slots.length).toBe(150);
    expect(s.value.slots[0]!.slot.start).toBe('2027-01-18T09:30:00.000Z');
    expect(s.value.slots[149]!.slot.start).toBe('2027-02-19T15:30:00.000Z');
    expect(new Set(s.value.slots.map((x) => x.role))).toEqual(new Set(['ibPersonalAdviser']));
    expect(s.value.slots.every((x) => x.localDate >= '2027-01-18' && x.localDate <= '2027-02-19' && !['Sat', 'Sun'].includes(x.local.slice(0, 3)))).toBe(true);
  });

  it('never books before day 57 or after day 91; books day 57; a second booking is refused', () => {
    t = apptTestApp();
    const callId = ibOnSchedule(t);
    t.clock.set('2027-01-04T09:00:00.000Z');
    const before = apptTables(t.db);
    const early = t.appts.scheduleWfi(callId, pick('2027-01-15T09:30:00.000Z', 50, `${N}-IBPA1`), 'fa-1'); // Fri, day 54
    expect(early).toMatchObject({ ok: false, error: { code: 'invalid_booking', message: expect.stringMatching(/day 54 of the claim: never book before day 57 \(Mon 18 Jan 2027\)/) } });
    const late = t.appts.scheduleWfi(callId, pick('2027-02-22T09:30:00.000Z', 50, `${N}-IBPA1`), 'fa-1'); // Mon, day 92
    expect(late).toMatchObject({ ok: false, error: { message: expect.stringMatching(/after the window, which closes on day 91 \(Fri 19 Feb 2027\)/) } });
    const sunday = t.appts.scheduleWfi(callId, pick('2027-02-21T09:30:00.000Z', 50, `${N}-IBPA1`), 'fa-1'); // day 91, a Sunday
    expect(sunday).toMatchObject({ ok: false, error: { message: expect.stringMatching(/weekend/) } });
    const notIbpa = t.appts.scheduleWfi(callId, pick('2027-01-18T09:30:00.000Z', 40, `${N}-PA1`), 'fa-1');
    expect(notIbpa).toMatchObject({ ok: false, error: { message: expect.stringMatching(/must be with an Incapacity Benefit Personal Adviser/) } });
    expect(apptTables(t.db)).toEqual(before);

    expect(t.appts.acknowledgeHandoff(callId, 'fa-1')).toMatchObject({ ok: true, value: { status: 'acknowledged', revision: 1 } });
    const ok = t.appts.scheduleWfi(callId, pick('2027-01-18T09:30:00.000Z', 50, `${N}-IBPA1`), 'fa-1');
    expect(ok).toMatchObject({ ok: true, value: { kind: 'wfi', source: 'schedule', status: 'booked', local: 'Mon 18 Jan 2027 09:30' } });
    expect(t.appts.schedule(N)).toMatchObject([{ callId, status: 'booked', booking: { start: '2027-01-18T09:30:00.000Z' } }]);
    expect(t.appts.scheduleWfi(callId, pick('2027-01-19T09:30:00.000Z', 50, `${N}-IBPA1`), 'fa-1')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already booked/) } });
    // The hand-off gets the booking as a new revision, sent as it is made; the Jobcentre's own booking does not ask it
    // to acknowledge the record again.
    const h = t.appts.handoff(callId);
    expect(h).toMatchObject({ ok: true, value: { revision: 2, sentRevision: 2, changedSinceSent: false, status: 'acknowledged', record: { appointment: { kind: 'dueWindow', bookings: [{ start: '2027-01-18T09:30:00.000Z', adviser: { role: 'ibPersonalAdviser' } }] } } } });
  });

  it('flags a window at risk (few working days left) so a telephone interview can be offered', () => {
    t = apptTestApp();
    const callId = ibOnSchedule(t);
    t.clock.set('2027-02-08T09:00:00.000Z');
    expect(t.appts.schedule(N)).toMatchObject([{ callId, workingDaysLeft: 10, atRisk: true }]);
    const phone = t.appts.scheduleSlots(callId, 'telephone', 5);
    expect(phone.ok && phone.value.slots[0]!.slot.kind).toBe('telephone');
    const byPhone = t.appts.scheduleWfi(callId, { ...pick('2027-02-09T09:30:00.000Z', 50, `${N}-IBPA1`), kind: 'telephone' }, 'fa-1');
    expect(byPhone).toMatchObject({ ok: true, value: { mode: 'telephone' } });
  });
});

describe('the pre-call list for the day before', () => {
  it('tomorrow, lone parents (priority 2) before jobseekers (3), new claimants before re-books, then by time', () => {
    t = apptTestApp();
    const jsaLate = callAtAppointments(t, 'jsa');
    expect(t.calls.send(jsaLate.callId, { type: 'appointment.book', fa: slot(N, '2026-11-24T10:00:00.000Z', 20), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40) }, 'fco-1').ok).toBe(true);
    completeCall(t, jsaLate.callId);
    const jsa = callAtAppointments(t, 'jsa');
    expect(t.calls.send(jsa.callId, { type: 'appointment.book', fa: slot(N, '2026-11-25T10:00:00.000Z', 20), wfi: slot(N, '2026-11-25T10:30:00.000Z', 40) }, 'fco-1').ok).toBe(true);
    completeCall(t, jsa.callId);
    const lp = callAtAppointments(t, 'lp');
    expect(t.calls.send(lp.callId, { type: 'appointment.book', fa: slot(N, '2026-11-25T11:00:00.000Z', 20), wfi: slot(N, '2026-11-25T11:30:00.000Z', 40) }, 'fco-1').ok).toBe(true);
    completeCall(t, lp.callId);
    // The first jobseeker misses the FA meeting on the 24th and is re-booked for the 25th at 09:00.
    t.clock.set('2026-11-24T12:00:00.000Z');
    const missed = t.appts.bookingsForCall(jsaLate.callId).find((b) => b.kind === 'fa')!;
    expect(t.appts.recordAttendance(missed.bookingId, 'fta', '', 'fa-1').ok).toBe(true);
    expect(t.appts.rebook(missed.bookingId, pick('2026-11-25T09:00:00.000Z', 20, `${N}-FA1`), 'fa-1').ok).toBe(true);

    const list = t.appts.precallList(N);
    expect(list.date).toBe('2026-11-25');
    expect(list.rows.map((r) => [r.booking.callId, r.booking.kind, r.priority, r.newClaimant])).toEqual([
      [lp.callId, 'fa', 2, true],
      [lp.callId, 'wfi', 2, true],
      [jsa.callId, 'fa', 3, true],
      [jsa.callId, 'wfi', 3, true],
      [jsaLate.callId, 'fa', 3, false],
    ]);
    expect(list.rows[0]).toMatchObject({ customerName: 'Alex Example', phone: '01134960000', contactTimes: 'Mornings (9am–12pm)', benefitName: 'Income Support (lone parent)' });
    expect(t.appts.recordPrecall(list.rows[0]!.booking.bookingId, 'wrongNumber', 'Number not recognised', 'fa-1')).toMatchObject({ ok: true, value: { precall: { outcome: 'wrongNumber' } } });
  });

  it('IB customers first; a Friday list looks ahead to Monday', () => {
    t = apptTestApp();
    const ib = ibOnSchedule(t);
    t.clock.set('2027-01-15T09:00:00.000Z'); // Friday
    expect(t.appts.scheduleWfi(ib, pick('2027-01-18T14:30:00.000Z', 50, `${N}-IBPA1`), 'fa-1').ok).toBe(true);
    const jsa = callAtAppointments(t, 'jsa');
    expect(t.calls.send(jsa.callId, { type: 'appointment.book', fa: slot(N, '2027-01-18T09:00:00.000Z', 20), wfi: slot(N, '2027-01-18T09:30:00.000Z', 40) }, 'fco-1').ok).toBe(true);
    completeCall(t, jsa.callId);
    const list = t.appts.precallList(N);
    expect(list.date).toBe('2027-01-18');
    expect(list.rows.map((r) => [r.booking.callId, r.priority])).toEqual([
      [ib, 1],
      [jsa.callId, 3],
      [jsa.callId, 3],
    ]);
  });
});

describe('failure to attend and re-book limits (content: lone parents one re-book)', () => {
  it('a lone parent gets one re-book; the second failure offers follow-ups instead', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'lp');
    expect(t.calls.send(callId, { type: 'appointment.book', fa: slot(N, '2026-11-24T10:00:00.000Z', 20), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40) }, 'fco-1').ok).toBe(true);
    completeCall(t, callId);
    const wfi = t.appts.bookingsForCall(callId).find((b) => b.kind === 'wfi')!;
    expect(t.appts.rebook(wfi.bookingId, pick('2026-11-26T10:30:00.000Z', 40, `${N}-LPA1`), 'fa-1')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Only a missed appointment/) } });
    t.clock.set('2026-11-24T12:00:00.000Z');
    const fta = t.appts.recordAttendance(wfi.bookingId, 'fta', 'No show', 'fa-1');
    expect(fta).toMatchObject({ ok: true, value: { booking: { status: 'fta' }, afterFta: { rebooksUsed: 0, rebookLimit: 1, canRebook: true } } });
    const slots = t.appts.rebookSlots(wfi.bookingId);
    expect(slots.ok && slots.value.every((s) => ['loneParentAdviser', 'personalAdviser'].includes(s.role))).toBe(true);
    const again = t.appts.rebook(wfi.bookingId, pick('2026-11-26T10:30:00.000Z', 40, `${N}-LPA1`), 'fa-1');
    expect(again).toMatchObject({ ok: true, value: { source: 'rebook', rebookOf: wfi.bookingId, rebookCount: 1 } });
    if (!again.ok) return;
    expect(t.appts.rebook(wfi.bookingId, pick('2026-11-27T10:30:00.000Z', 40, `${N}-LPA1`), 'fa-1')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already re-booked/) } });
    // The missed one stays on its day's list, saying it is re-booked (no second re-book offered).
    expect(t.appts.precallList(N, '2026-11-24').rows.find((r) => r.booking.bookingId === wfi.bookingId)).toMatchObject({
      booking: { status: 'fta', attendance: { by: 'fa-1', note: 'No show' } },
      afterFta: { canRebook: false, rebookedAs: 'Thu 26 Nov 2026 10:30' },
    });

    t.clock.set('2026-11-26T12:00:00.000Z');
    expect(t.appts.recordAttendance(again.value.bookingId, 'fta', '', 'fa-1')).toMatchObject({ ok: true, value: { afterFta: { rebooksUsed: 1, rebookLimit: 1, canRebook: false } } });
    const before = apptTables(t.db);
    expect(t.appts.rebook(again.value.bookingId, pick('2026-11-30T10:30:00.000Z', 40, `${N}-LPA1`), 'fa-1')).toMatchObject({
      ok: false,
      error: { code: 'policy_forbids', message: expect.stringMatching(/at most 1 re-book after a failure to attend, and 1 has been used/) },
    });
    expect(apptTables(t.db)).toEqual(before);
    t.appts.recordAttendance(wfi.bookingId, 'fta', '', 'fa-1'); // repeating the same outcome changes nothing
    t.clock.set('2026-11-26T12:05:00.000Z');
    expect(t.appts.ftaFollowUp(wfi.bookingId, 'telephoneInterview', 'Rang: childcare fell through', 'fa-2')).toMatchObject({
      ok: true,
      // The follow-up has its own who, when and note; the note taken at the failure to attend is kept.
      value: {
        followUp: 'telephoneInterview',
        followUpRecorded: { by: 'fa-2', at: '2026-11-26T12:05:00.000Z', note: 'Rang: childcare fell through' },
        attendance: { by: 'fa-1', at: '2026-11-24T12:00:00.000Z', note: 'No show' },
      },
    });
    expect(t.appts.ftaFollowUp(again.value.bookingId, 'homeVisit', 'Visit to find out why', 'fa-1')).toMatchObject({ ok: true, value: { followUp: 'homeVisit' } });
  });

  it('jobseekers get two re-books (content), and a re-book must be a free slot of the right role', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'jsa');
    expect(t.calls.send(callId, { type: 'appointment.book', fa: slot(N, '2026-11-24T10:00:00.000Z', 20), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40) }, 'fco-1').ok).toBe(true);
    completeCall(t, callId);
    let current = t.appts.bookingsForCall(callId).find((b) => b.kind === 'fa')!.bookingId;
    for (const [day, ok] of [['2026-11-25', true], ['2026-11-26', true], ['2026-11-27', false]] as const) {
      t.clock.set(`${day}T08:00:00.000Z`);
      expect(t.appts.recordAttendance(current, 'fta', '', 'fa-1').ok).toBe(true);
      const wrongRole = t.appts.rebook(current, pick(`${day}T10:30:00.000Z`, 40, `${N}-PA1`), 'fa-1');
      expect(wrongRole.ok).toBe(false);
      const r = t.appts.rebook(current, pick(`${day}T10:00:00.000Z`, 20, `${N}-FA1`), 'fa-1');
      expect(r.ok).toBe(ok);
      if (r.ok) current = r.value.bookingId;
    }
  });
});

describe('importing diaries', () => {
  it('refuses a bad file with the field named, and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-diaries-'));
    try {
      const file = join(dir, 'diaries.json');
      const bad = structuredClone(testDiaries(['JC-NORTH'])) as unknown as { offices: { advisers: { hours: Record<string, string[][]> }[] }[] };
      bad.offices[0]!.advisers[0]!.hours.mon = [['09:00', '25:00']];
      writeFileSync(file, JSON.stringify(bad));
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), progress: () => undefined, now: () => new Date('2026-11-23T09:00:00Z') };
      const dbFile = join(dir, 'intake.db');
      expect(await importDiariesCommand.run([file, '--db', dbFile], io)).toBe(1);
      expect(err.join('\n')).toMatch(/offices\.0\.advisers\.0\.hours\.mon\.0\.1: a time as HH:MM/);
      const db = openDatabase(dbFile);
      expect(db.prepare('SELECT COUNT(*) FROM appt_advisers').pluck().get()).toBe(0);
      db.close();
      writeFileSync(file, JSON.stringify(testDiaries(['JC-NORTH'])));
      expect(await importDiariesCommand.run([file, '--db', dbFile], io)).toBe(0);
      expect(out.join('\n')).toMatch(/Imported 4 adviser diaries for 1 office/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a new diary that no longer covers a future booking reports it for re-booking; advisers left out are deactivated', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'jsa');
    expect(t.calls.send(callId, { type: 'appointment.book', fa: slot(N, '2026-11-24T10:00:00.000Z', 20), wfi: slot(N, '2026-11-24T10:30:00.000Z', 40) }, 'fco-1').ok).toBe(true);
    const next = testDiaries(['JC-NORTH']);
    next.offices[0]!.advisers = next.offices[0]!.advisers.filter((a) => a.role !== 'personalAdviser');
    next.offices[0]!.advisers[0]!.hours = { mon: [['13:00', '16:00']] } as DiaryFile['offices'][number]['advisers'][number]['hours'];
    const r = importDiaries(t.db, next, t.clock.now, 'test');
    expect(r).toMatchObject({ offices: 1, advisers: 3, deactivated: 1 });
    expect(r.orphanedBookings.map((b) => b.adviserId).sort()).toEqual([`${N}-FA1`, `${N}-PA1`]);
    // The bookings are kept (the adviser row too), but nothing new is offered from the removed diary.
    expect(t.db.prepare("SELECT COUNT(*) FROM appt_bookings WHERE status = 'booked'").pluck().get()).toBe(2);
    expect(t.appts.diaries.advisers(N).map((a) => a.id)).not.toContain(`${N}-PA1`);
  });

  it('an adviser id cannot move between offices', () => {
    t = apptTestApp();
    const moved = testDiaries(['JC-SOUTH']);
    moved.offices[0]!.advisers[0]!.id = `${N}-FA1`;
    expect(() => importDiaries(t.db, moved, t.clock.now, 'test')).toThrow(/already belongs to JC-NORTH/);
    expect(t.appts.diaries.advisers('JC-SOUTH').map((a) => a.id)).toContain('JC-SOUTH-FA1');
  });
});
