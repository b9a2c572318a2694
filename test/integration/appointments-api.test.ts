import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentOptions, BookingView, FreeSlotsResponse, HandoffView, PrecallRow } from '../../machines/contract/api/appointments';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import demo from '../../scripts-content/demo/directory.json';
import { callAtAppointments, completeCall } from './appointments-helpers';

/**
 * The appointments channels through the router both hosts use, on the real app with the demo directory and demo
 * diaries: roles, ownership, payload validation, and a booked claim from the desk to the Jobcentre.
 */
let dir: string;
let app: App;
let router: Router;
const clock = { now: new Date('2026-11-23T09:00:00.000Z') };
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const PW = 'correct horse battery';

type Res<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; field?: string } };
const as = async <T>(who: string, channel: string, payload: unknown) => (await router.dispatch(channel, payload, tokens[who] ?? null)) as Res<T>;
async function ok<T>(who: string, channel: string, payload: unknown): Promise<T> {
  const r = await as<T>(who, channel, payload);
  if (!r.ok) throw new Error(`${who} ${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-appt-api-'));
  app = openApp({ dbFile: join(dir, 'api.db'), clock: () => clock.now });
  router = createRouter(app);
  for (const u of [
    { username: 'ann', displayName: 'Ann FCO', role: 'fco' as const },
    { username: 'ben', displayName: 'Ben FCO', role: 'fco' as const },
    { username: 'fa', displayName: 'Nora FA', role: 'fa' as const, officeCode: 'DEMO05' },
    { username: 'tl', displayName: 'Tess TL', role: 'teamLeader' as const },
  ]) {
    ids[u.username] = (await app.auth.addUser({ ...u, password: PW })).userId;
    tokens[u.username] = (await ok<{ token: string }>('', 'session.signIn', { username: u.username, password: PW })).token;
  }
});
afterAll(() => {
  app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('appointments over the API', () => {
  it('a demo Jobcentre has a diary on first start; the FCO books the offered visit; the FA sees it the day before', async () => {
    const { callId } = callAtAppointments(app, 'jsa', { postcode: demo.examples.exact }, ids.ann);
    const options = await ok<AppointmentOptions>('ann', 'appointments.options', { callId });
    expect(options).toMatchObject({ mode: 'bookOnCall', hasDiary: true, faMinutes: 20, wfiDefaultMinutes: 40, wfiWarnUnderMinutes: 30, deferral: { allowed: false } });
    const free = await ok<FreeSlotsResponse>('ann', 'appointments.freeSlots', { callId });
    expect(free.officeCode).toMatch(/^DEMO/);
    const s = free.suggestion!;
    expect(s.fa.role).toBe('financialAssessor');
    const booked = await as('ann', 'call.send', { callId, command: { type: 'appointment.book', fa: s.fa.slot, wfi: s.wfi.slot } });
    expect(booked.ok).toBe(true);
    completeCall(app, callId);
    const bookings = await ok<BookingView[]>('ann', 'appointments.bookings', { callId });
    expect(bookings.map((b) => [b.kind, b.start])).toEqual([
      ['fa', s.fa.slot.start],
      ['wfi', s.wfi.slot.start],
    ]);
    const ics = await ok<{ ics: string }>('ann', 'appointments.ics', { bookingId: bookings[0]!.bookingId });
    expect(ics.ics).toMatch(/^BEGIN:VCALENDAR\r\n/);

    // Ben is another FCO: not his call.
    expect(await as('ben', 'appointments.freeSlots', { callId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await as('ben', 'appointments.ics', { bookingId: bookings[0]!.bookingId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Completing the claim sent the hand-off: sending again is allowed and adds nothing.
    const sent = await ok<HandoffView & { alreadySent: boolean }>('ann', 'appointments.handoff.send', { callId });
    expect(sent).toMatchObject({ status: 'sent', alreadySent: true });
    expect(await as('ann', 'appointments.handoff.acknowledge', { callId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ok('fa', 'appointments.handoff.acknowledge', { callId })).toMatchObject({ status: 'acknowledged' });
    expect(await ok('fa', 'appointments.handoff.list', { officeCode: free.officeCode })).toMatchObject([{ callId, status: 'acknowledged' }]);

    const day = bookings[0]!.local;
    const pre = await ok<{ date: string; rows: PrecallRow[] }>('fa', 'appointments.precallList', { officeCode: free.officeCode, date: bookings[0]!.start.slice(0, 10) });
    expect(pre.rows.map((r) => r.booking.bookingId)).toEqual(bookings.map((b) => b.bookingId));
    expect(day).toMatch(/^(Mon|Tue|Wed|Thu|Fri) /);
    expect(await as('ann', 'appointments.precallList', { officeCode: free.officeCode })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // An FA works for one Jobcentre: another office's lists and appointments are refused; a team leader sees any.
    await app.auth.addUser({ username: 'otherFa', displayName: 'Omar FA', role: 'fa', officeCode: 'DEMO01', password: PW });
    tokens.otherFa = (await ok<{ token: string }>('', 'session.signIn', { username: 'otherFa', password: PW })).token;
    const notHis = { ok: false, error: { code: 'forbidden', message: `That is for ${free.officeCode}; your account works at DEMO01.` } };
    expect(await as('otherFa', 'appointments.precallList', { officeCode: free.officeCode })).toMatchObject(notHis);
    expect(await as('otherFa', 'appointments.handoff.list', { officeCode: free.officeCode })).toMatchObject(notHis);
    expect(await as('otherFa', 'appointments.handoff.get', { callId })).toMatchObject(notHis);
    expect(await as('otherFa', 'appointments.attendance.record', { bookingId: bookings[1]!.bookingId, outcome: 'fta' })).toMatchObject(notHis);
    expect(await as('otherFa', 'appointments.schedule', { officeCode: free.officeCode })).toMatchObject(notHis);
    expect(await ok('otherFa', 'appointments.recontactList', {})).toEqual([]);
    expect(await ok('tl', 'appointments.handoff.list', { officeCode: free.officeCode })).toMatchObject([{ callId }]);
  });

  it('bad payloads are refused with the field named, before any handler runs', async () => {
    const { callId } = callAtAppointments(app, 'lp', { postcode: demo.examples.exact }, ids.ann);
    expect(await as('ann', 'appointments.freeSlots', { callId, days: 99 })).toMatchObject({ ok: false, error: { code: 'invalid_payload', field: 'days' } });
    expect(await as('ann', 'appointments.freeSlots', { callId, extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await as('fa', 'appointments.scheduleWfi', { callId, slot: { diaryId: 'x', start: 'tomorrow', minutes: 50 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', field: 'slot.start' },
    });
    expect(
      await as('ann', 'call.send', {
        callId,
        command: { type: 'deferral.record', deferral: { reason: 'tooIll', note: '', untilDate: '2026-12-21', claimPackSent: true, paAllocated: 'PA', paContactGiven: true } },
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('deferral authorisation: the FCO asks, only a team leader decides', async () => {
    const { callId } = callAtAppointments(app, 'carer', { postcode: demo.examples.exact }, ids.ann);
    const req = await ok<{ authorisationId: string; status: string }>('ann', 'appointments.deferral.requestAuthorisation', { callId, reason: 'tooIll', note: 'Six months in hospital' });
    expect(req.status).toBe('pending');
    expect(await as('ann', 'appointments.deferral.decide', { authorisationId: req.authorisationId, approve: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await as('ann', 'appointments.deferral.authorisations', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // People read names, not user ids.
    expect(await ok('tl', 'appointments.deferral.authorisations', { status: 'pending' })).toMatchObject([
      { authorisationId: req.authorisationId, customerName: 'Alex Example', requestedBy: ids.ann, requestedByName: 'Ann FCO' },
    ]);
    expect(await ok('tl', 'appointments.deferral.decide', { authorisationId: req.authorisationId, approve: true, note: 'OK' })).toMatchObject({ status: 'approved', decidedBy: ids.tl, decidedByName: 'Tess TL' });
    expect(await ok('ann', 'appointments.deferral.authorisations', { callId })).toMatchObject([{ status: 'approved', decidedByName: 'Tess TL' }]);
    expect(await as('tl', 'appointments.deferral.decide', { authorisationId: req.authorisationId, approve: false })).toMatchObject({
      ok: false,
      error: { message: 'This request was already approved by Tess TL.' },
    });
    expect(await as('ben', 'appointments.deferral.requestAuthorisation', { callId, reason: 'tooIll', note: 'Not mine' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
