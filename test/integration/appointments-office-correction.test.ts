import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/db/open';
import { ClaimSummary } from '../../renderer/desk/ClaimSummary';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import { describeAppointment } from '../../main/evidence/handOff';
import { productFacts } from '../../main/audit/productClaim';
import { assessClaim } from '../../machines/rules/audit';
import { queueEntryFor } from '../../main/evidence/faStore';
import { buildLetterModel } from '../../main/letters/letterModel';
import { renderLetterArticle } from '../../main/letters/letterHtml';
import { testDirectory } from '../helpers/fixtures';
import { apptTables, apptTestApp, callAtAppointments, carerDeferral, completeCall, slot, type ApptTestApp } from './appointments-helpers';

/**
 * A team leader corrects the Jobcentre of a completed claim: what is still to come at the old office moves to the new
 * one (seats freed there, the interview on the new Jobcentre's schedule from the original claim date), what already
 * happened stays where it happened, and all of it is part of the correction's transaction.
 * The clock starts Monday 23 Nov 2026 09:00 (the claim date); a jobseeker's interview window is days 1–14.
 */
let t: ApptTestApp;
afterEach(() => t?.close());

const N = 'JC-NORTH';
const S = 'JC-SOUTH';
const pick = (start: string, minutes: number, diaryId: string) => ({ diaryId, start, minutes, kind: 'inPerson' as const });

function bookedJsa(t: ApptTestApp, fa = '2026-11-26T10:00:00.000Z', wfi = '2026-11-26T10:30:00.000Z') {
  const { callId } = callAtAppointments(t, 'jsa');
  const r = t.calls.send(callId, { type: 'appointment.book', fa: slot(N, fa, 20, `${N}-FA1`), wfi: slot(N, wfi, 40, `${N}-PA1`) }, 'fco-1');
  if (!r.ok) throw new Error(r.error.message);
  completeCall(t, callId);
  return callId;
}

const correctOffice = (t: ApptTestApp, callId: string, value = S) =>
  t.calls.send(callId, { type: 'claim.correct', target: 'office', value, reason: 'The customer lives in the Southtown area' }, 'tl-1');

/** Everything the diaries hold about a call, row by row. */
function diaryRows(db: Db, callId: string) {
  return {
    bookings: db.prepare('SELECT * FROM appt_bookings WHERE call_id = ? ORDER BY booking_id').all(callId),
    windows: db.prepare('SELECT * FROM appt_due_windows WHERE call_id = ?').all(callId),
    deferrals: db.prepare('SELECT * FROM appt_deferrals WHERE call_id = ?').all(callId),
    handoffs: db.prepare('SELECT * FROM appt_handoffs WHERE call_id = ?').all(callId),
  };
}

const handoffOf = (t: ApptTestApp, callId: string) => {
  const h = t.appts.handoff(callId);
  if (!h.ok) throw new Error(h.error.message);
  return h.value;
};

const summaryText = (t: ApptTestApp, callId: string) => renderToStaticMarkup(createElement(ClaimSummary, { record: t.calls.record(callId)! }))
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');

describe('a correction of the Jobcentre after booking on the call', () => {
  it('frees the old office’s seats, puts the interview on the new office’s schedule from the claim date, and the hand-off says so', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    // Another customer at the old office cannot have those seats while they are held.
    const other = callAtAppointments(t, 'jsa').callId;
    const sameSlots = { type: 'appointment.book' as const, fa: slot(N, '2026-11-26T10:00:00.000Z', 20, `${N}-FA1`), wfi: slot(N, '2026-11-26T10:30:00.000Z', 40, `${N}-PA1`) };
    expect(t.calls.send(other, sameSlots, 'fco-2')).toMatchObject({ ok: false, error: { code: 'invalid_booking' } });

    // Two days later (before the appointments), a team leader corrects the Jobcentre.
    t.clock.set('2026-11-25T12:00:00.000Z');
    const r = correctOffice(t, callId);
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);

    // 1. Released at the old office, with a reason a person can read; the seats are free for someone else.
    expect(t.appts.bookingsForCall(callId).map((b) => [b.kind, b.officeCode, b.status])).toEqual([
      ['fa', N, 'cancelled'],
      ['wfi', N, 'cancelled'],
    ]);
    expect(t.db.prepare('SELECT DISTINCT cancel_reason FROM appt_bookings WHERE call_id = ?').pluck().all(callId)).toEqual([
      'the Jobcentre was corrected to Southtown Jobcentre (JC-SOUTH)',
    ]);
    expect(t.calls.send(other, sameSlots, 'fco-2').ok).toBe(true);

    // 2. On the new office's schedule, the window counted from the original claim date (not from the correction).
    expect(t.calls.record(callId)!.claimDate).toBe('2026-11-23');
    expect(t.appts.schedule(S)).toMatchObject([
      { callId, claimDate: '2026-11-23', status: 'due', window: { from: '2026-11-23', to: '2026-12-06', bookableFrom: '2026-11-23', bookableTo: '2026-12-04' }, booking: null },
    ]);
    // Not in the old office's lists: schedule, tomorrow's pre-calls, hand-offs.
    expect(t.appts.schedule(N)).toEqual([]);
    expect(t.appts.precallList(N, '2026-11-26').rows.map((x) => x.booking.callId)).not.toContain(callId);
    expect(t.appts.handoffs.list(N).map((x) => x.callId)).not.toContain(callId);
    expect(t.appts.handoffs.list(S).map((x) => x.callId)).toContain(callId);

    // 3. The hand-off names the new office and that the interview needs booking there; no released times.
    const h = handoffOf(t, callId);
    expect(h).toMatchObject({ officeCode: S, revision: 2, record: { markers: { jobcentre: { code: S } } } });
    expect(h.record.appointment).toMatchObject({
      kind: 'dueWindow',
      from: '2026-11-23',
      to: '2026-12-06',
      bookableFrom: '2026-11-23',
      bookableTo: '2026-12-04',
      adviserRoles: ['personalAdviser'],
      bookings: [],
      moved: { fromOfficeCode: N, correctedBy: 'tl-1', released: ['fa', 'wfi'] },
    });
    const text = h.record.appointment.kind === 'dueWindow' ? h.record.appointment.moved!.text : '';
    expect(text).toMatch(/released when the Jobcentre was corrected to JC-SOUTH on Wed 25 Nov 2026/);
    expect(text).toMatch(/Contact the customer to book the interview here at Southtown Jobcentre, between Mon 23 Nov 2026 and Fri 4 Dec 2026/);
    expect(text).toMatch(/No Financial Assessor meeting is booked here/);
    const json = JSON.stringify(h.record);
    for (const stale of ['2026-11-26T10:00', '2026-11-26T10:30', 'Thu 26 Nov 2026 10:']) expect(json).not.toContain(stale);

    // The desk shows the booking as released, not as if it still held.
    const desk = summaryText(t, callId);
    expect(desk).toMatch(/Booked on the call at JC-NORTH: the FA meeting and the WFI were released when the Jobcentre was corrected to JC-SOUTH on 25\/11\/2026; the interview went on JC-SOUTH's interview schedule/);
    expect(desk).not.toMatch(/FA 26\/11\/2026/);

    // The new office books it from its schedule, in its own diary.
    const slots = t.appts.scheduleSlots(callId);
    if (!slots.ok) throw new Error(slots.error.message);
    expect(slots.value.slots.length).toBeGreaterThan(0);
    expect(new Set(slots.value.slots.map((x) => x.slot.officeCode))).toEqual(new Set([S]));
    const first = slots.value.slots[0]!;
    const booked = t.appts.scheduleWfi(callId, pick(first.slot.start, first.slot.minutes, first.slot.diaryId!), 'fa-south');
    expect(booked).toMatchObject({ ok: true, value: { officeCode: S, kind: 'wfi', status: 'booked' } });
    expect(t.appts.schedule(S)).toMatchObject([{ callId, status: 'booked' }]);
    const after = handoffOf(t, callId).record.appointment;
    expect(after).toMatchObject({ kind: 'dueWindow', bookings: [{ kind: 'wfi', officeCode: S, status: 'booked' }] });
    expect(after.kind === 'dueWindow' && after.moved!.text).toMatch(/The interview is booked at JC-SOUTH \(below\)/);
  });

  it('a correction of another field, or to the same office, changes nothing in the diaries', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    const before = diaryRows(t.db, callId);
    expect(t.calls.send(callId, { type: 'claim.correct', target: 'benefitMarker', value: 'jobseeker', reason: 'Checked the marker with the customer' }, 'tl-1').ok).toBe(true);
    expect(correctOffice(t, callId, N).ok).toBe(true);
    const now = diaryRows(t.db, callId);
    expect(now.bookings).toEqual(before.bookings);
    expect(now.windows).toEqual([]);
    expect(now.deferrals).toEqual([]);
    expect(t.appts.schedule(N)).toEqual([]);
    expect(t.appts.schedule(S)).toEqual([]);
    expect(handoffOf(t, callId).record.appointment).toMatchObject({ kind: 'booked', bookings: [{ kind: 'fa', officeCode: N, status: 'booked' }, { kind: 'wfi', officeCode: N, status: 'booked' }] });
    expect(summaryText(t, callId)).toMatch(/FA 26\/11\/2026 \d\d:\d\d \(20 min\), WFI 26\/11\/2026 \d\d:\d\d \(40 min\) at JC-NORTH/);
  });

  it('refused by another area in the same transaction: the bookings, the schedule and the hand-off stay as they were', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    t.calls.addAppendHook(({ event }) => (event.type === 'claim.correct' ? { code: 'policy_forbids', message: 'Refused by another area for this test.' } : null));
    const before = { rows: diaryRows(t.db, callId), tables: apptTables(t.db) };
    t.clock.set('2026-11-24T09:00:00.000Z');
    expect(correctOffice(t, callId)).toMatchObject({ ok: false, error: { code: 'policy_forbids' } });
    expect({ rows: diaryRows(t.db, callId), tables: apptTables(t.db) }).toEqual(before);
    expect(t.appts.schedule(S)).toEqual([]);
    expect(t.calls.record(callId)!.markers.jobcentre.confirmed!.code).toBe(N);
  });

  it('if moving the appointments fails, the correction is refused with the reason and nothing changes', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    t.db.exec("CREATE TRIGGER schedule_down BEFORE INSERT ON appt_due_windows BEGIN SELECT RAISE(ABORT, 'the schedule is unavailable'); END;");
    const before = { rows: diaryRows(t.db, callId), tables: apptTables(t.db) };
    t.clock.set('2026-11-24T09:00:00.000Z');
    const r = correctOffice(t, callId);
    expect(r).toMatchObject({ ok: false, error: { code: 'storage_failed', message: expect.stringMatching(/could not be moved to Southtown Jobcentre \(the schedule is unavailable\)\. The correction was not recorded/) } });
    expect({ rows: diaryRows(t.db, callId), tables: apptTables(t.db) }).toEqual(before);
    expect(t.calls.record(callId)!.markers.jobcentre.confirmed!.code).toBe(N);
    // Once the schedule is back, the same correction goes through.
    t.db.exec('DROP TRIGGER schedule_down');
    expect(correctOffice(t, callId).ok).toBe(true);
    expect(t.appts.schedule(S)).toMatchObject([{ callId, status: 'due' }]);
  });
});

describe('what already happened stays where it happened', () => {
  it('a conducted interview: nothing is released or moved; the hand-off stays conducted with the history at the old office', () => {
    t = apptTestApp();
    const callId = bookedJsa(t, '2026-11-24T10:00:00.000Z', '2026-11-24T10:30:00.000Z');
    t.clock.set('2026-11-24T12:00:00.000Z');
    const [fa, wfi] = t.appts.bookingsForCall(callId);
    expect(t.appts.recordAttendance(fa!.bookingId, 'attended', '', 'fa-north').ok).toBe(true);
    expect(t.appts.recordAttendance(wfi!.bookingId, 'attended', '', 'fa-north')).toMatchObject({ ok: true, value: { handoffStatus: 'conducted' } });
    const before = diaryRows(t.db, callId).bookings;
    t.clock.set('2026-11-25T09:00:00.000Z');
    expect(correctOffice(t, callId).ok).toBe(true);
    expect(diaryRows(t.db, callId).bookings).toEqual(before);
    expect(t.appts.schedule(S)).toEqual([]);
    const h = handoffOf(t, callId);
    expect(h).toMatchObject({ status: 'conducted', officeCode: S });
    expect(h.record.appointment).toMatchObject({ kind: 'booked', bookings: [{ kind: 'fa', officeCode: N, status: 'attended' }, { kind: 'wfi', officeCode: N, status: 'attended' }] });
    expect(summaryText(t, callId)).not.toMatch(/released/);
  });

  it('an FA meeting already past stays at the old office (attendance recorded there); the interview still to come moves', () => {
    t = apptTestApp();
    const callId = bookedJsa(t, '2026-11-24T10:00:00.000Z', '2026-11-26T10:30:00.000Z');
    t.clock.set('2026-11-25T09:00:00.000Z');
    expect(correctOffice(t, callId).ok).toBe(true);
    expect(t.appts.bookingsForCall(callId).map((b) => [b.kind, b.officeCode, b.status])).toEqual([
      ['fa', N, 'booked'],
      ['wfi', N, 'cancelled'],
    ]);
    expect(t.appts.schedule(S)).toMatchObject([{ callId, status: 'due', window: { from: '2026-11-23', to: '2026-12-06' } }]);
    const appt = handoffOf(t, callId).record.appointment;
    expect(appt).toMatchObject({ kind: 'dueWindow', bookings: [{ kind: 'fa', officeCode: N, status: 'booked' }], moved: { released: ['wfi'] } });
    expect(appt.kind === 'dueWindow' && appt.moved!.text).not.toMatch(/Financial Assessor/);
    expect(summaryText(t, callId)).toMatch(/FA 24\/11\/2026 \d\d:\d\d \(20 min\) stays at JC-NORTH \(it was before the correction\); the WFI was released/);
    // The old office still records whether the customer came to the meeting it held.
    const fa = t.appts.bookingsForCall(callId)[0]!;
    expect(t.appts.recordAttendance(fa.bookingId, 'attended', '', 'fa-north')).toMatchObject({ ok: true, value: { booking: { status: 'attended' } } });
  });

  it('a missed interview at the old office is re-booked in the new office’s diary', () => {
    t = apptTestApp();
    const callId = bookedJsa(t, '2026-11-24T10:00:00.000Z', '2026-11-24T10:30:00.000Z');
    t.clock.set('2026-11-24T12:00:00.000Z');
    const wfi = t.appts.bookingsForCall(callId).find((b) => b.kind === 'wfi')!;
    expect(t.appts.recordAttendance(wfi.bookingId, 'fta', 'No show', 'fa-north').ok).toBe(true);
    expect(correctOffice(t, callId).ok).toBe(true);
    // Past appointments are history: not released, not moved.
    expect(t.appts.bookingsForCall(callId).map((b) => b.status)).toEqual(['booked', 'fta']);
    expect(t.appts.schedule(S)).toEqual([]);
    const slots = t.appts.rebookSlots(wfi.bookingId);
    if (!slots.ok) throw new Error(slots.error.message);
    expect(slots.value.length).toBeGreaterThan(0);
    expect(new Set(slots.value.map((x) => x.slot.officeCode))).toEqual(new Set([S]));
    const r = t.appts.rebook(wfi.bookingId, pick('2026-11-26T10:30:00.000Z', 40, `${S}-PA1`), 'fa-south');
    expect(r).toMatchObject({ ok: true, value: { officeCode: S, source: 'rebook', rebookOf: wfi.bookingId } });
    expect(t.appts.rebook(wfi.bookingId, pick('2026-11-27T10:30:00.000Z', 40, `${N}-PA1`), 'fa-north').ok).toBe(false);
  });
});

describe('a due window or a deferral moves with the Jobcentre, dates unchanged', () => {
  it('IB: the window moves to the new office’s schedule, the same days 57–91 from the claim date', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'ib');
    expect(t.calls.send(callId, { type: 'appointment.window.accept' }, 'fco-1').ok).toBe(true);
    completeCall(t, callId);
    const window = { from: '2027-01-18', to: '2027-02-21', bookableFrom: '2027-01-18', bookableTo: '2027-02-19' };
    expect(t.appts.schedule(N)).toMatchObject([{ callId, window }]);
    t.clock.set('2026-12-01T09:00:00.000Z');
    expect(correctOffice(t, callId).ok).toBe(true);
    expect(t.appts.schedule(N)).toEqual([]);
    expect(t.appts.schedule(S)).toMatchObject([{ callId, claimDate: '2026-11-23', status: 'due', window }]);
    expect(handoffOf(t, callId).record.appointment).toMatchObject({ kind: 'dueWindow', ...window, bookings: [], moved: null });
  });

  it('IB: an interview the old office booked from its schedule, still to come, is released and the claim is due again at the new office', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'ib');
    expect(t.calls.send(callId, { type: 'appointment.window.accept' }, 'fco-1').ok).toBe(true);
    completeCall(t, callId);
    t.clock.set('2027-01-04T09:00:00.000Z');
    expect(t.appts.scheduleWfi(callId, pick('2027-01-18T09:30:00.000Z', 50, `${N}-IBPA1`), 'fa-north').ok).toBe(true);
    t.clock.set('2027-01-05T09:00:00.000Z');
    expect(correctOffice(t, callId).ok).toBe(true);
    expect(t.appts.bookingsForCall(callId).map((b) => [b.officeCode, b.status])).toEqual([[N, 'cancelled']]);
    expect(t.appts.schedule(N)).toEqual([]);
    expect(t.appts.precallList(N, '2027-01-18').rows).toEqual([]);
    expect(t.appts.schedule(S)).toMatchObject([{ callId, status: 'due', booking: null, window: { from: '2027-01-18', to: '2027-02-21' } }]);
    expect(t.appts.scheduleWfi(callId, pick('2027-01-18T09:30:00.000Z', 50, `${S}-IBPA1`), 'fa-south')).toMatchObject({ ok: true, value: { officeCode: S } });
  });

  it('a deferral: the new office’s re-contact list has it on the same review date; the old office’s does not', () => {
    t = apptTestApp();
    const deferral = carerDeferral;
    const { callId } = callAtAppointments(t, 'carer');
    expect(t.calls.send(callId, { type: 'deferral.record', deferral }, 'fco-1').ok).toBe(true);
    completeCall(t, callId);
    expect(t.appts.recontactList(N, '2026-12-21').map((x) => x.callId)).toEqual([callId]);
    t.clock.set('2026-12-01T09:00:00.000Z');
    expect(correctOffice(t, callId).ok).toBe(true);
    expect(t.appts.recontactList(N, '2026-12-21')).toEqual([]);
    expect(t.appts.recontactList(S, '2026-12-21')).toMatchObject([{ callId, officeCode: S, reviewDate: '2026-12-21', untilDate: '2027-01-04', daysOverdue: 0 }]);
    expect(t.appts.schedule(S)).toEqual([]);
    // The adviser named on the call works at the old office: the new one is told to allocate its own.
    const pa = `Priya Shah (named at ${N} before the Jobcentre was corrected: allocate a Personal Adviser at ${S})`;
    expect(t.appts.recontactList(S, '2026-12-21')[0]!.paAllocated).toBe(pa);
    expect(handoffOf(t, callId).record.appointment).toMatchObject({ kind: 'deferred', paAllocated: pa });
  });
});

describe('what the customer and the financial assessor read after a correction of the Jobcentre', () => {
  const directory = testDirectory();
  const letterText = (t: ApptTestApp, callId: string) => {
    const record = t.calls.record(callId)!;
    const pkg = new ScriptRegistry(t.db, () => t.clock.now).byHashOrThrow(record.script.hash).pkg;
    return renderLetterArticle(buildLetterModel(record, pkg, (c) => directory.officeByCode(c)))
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;|&#x27;/g, "'")
      .replace(/\s+/g, ' ');
  };

  it('the letter no longer sends the customer to the released times: the new Jobcentre will arrange them, inside the window from the claim date', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    expect(letterText(t, callId)).toContain('Thursday 26 November 2026');
    t.clock.set('2026-11-25T12:00:00.000Z');
    expect(correctOffice(t, callId).ok).toBe(true);

    const text = letterText(t, callId);
    expect(text).not.toMatch(/26 November 2026 (at )?10/);
    expect(text).toContain('Your claim is now dealt with by Southtown Jobcentre');
    expect(text).toContain('Southtown Jobcentre will contact you to arrange a new one');
    // The interview window counts from the claim date (Mon 23 Nov), not from the correction.
    // The last day it can be held: day 14 is Sun 6 Dec, so Fri 4 Dec.
    expect(text).toMatch(/between [^.]*23 November 2026 and Friday 4 December 2026/);
    // No meeting stands, so the documents are due by a date, not "bring it to your meeting".
    expect(text).not.toContain('Bring it to your meeting');
  });

  it('the FA summary says the meeting was released and who arranges it; the FA queue orders the claim by its evidence due date', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    expect(queueEntryFor(t.calls.record(callId)!)).toMatchObject({ officeCode: N, faStart: '2026-11-26T10:00:00.000Z' });
    t.clock.set('2026-11-25T12:00:00.000Z');
    expect(correctOffice(t, callId).ok).toBe(true);

    const record = t.calls.record(callId)!;
    const summary = describeAppointment(record);
    expect(summary).toContain(`FA meeting of`);
    expect(summary).toContain(`released: the Jobcentre was corrected to ${S}`);
    expect(summary).toContain(`${S} arranges a new one`);
    expect(queueEntryFor(record)).toMatchObject({ officeCode: S, faStart: null, evidenceDue: expect.any(String) });
  });

  it('the marker audit no longer says the moved claim needs rebooking at the old office: it is on the new office’s schedule', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    const record = () => t.calls.record(callId)!;
    const pkg = new ScriptRegistry(t.db, () => t.clock.now).byHashOrThrow(record().script.hash).pkg;
    const offices = { isContactCentre: () => false, isServingJobcentre: (code: string) => directory.officeByCode(code) !== null };
    t.clock.set('2026-11-25T12:00:00.000Z');
    expect(correctOffice(t, callId).ok).toBe(true);
    const facts = productFacts(record(), pkg, offices);
    expect(facts.appointment).toEqual({ kind: 'dueWindow' });
    expect(assessClaim(facts).map((f) => f.code)).not.toContain('appointmentNotReached');
  });

  it('appointments that had already started stay in the letter and the summary as they were', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    // Corrected after both appointments took place.
    t.clock.set('2026-11-27T12:00:00.000Z');
    expect(correctOffice(t, callId).ok).toBe(true);
    expect(letterText(t, callId)).toContain('Thursday 26 November 2026');
    expect(describeAppointment(t.calls.record(callId)!)).not.toContain('released');
  });
});
