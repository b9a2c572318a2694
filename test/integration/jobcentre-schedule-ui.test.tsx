// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { HandoffsView } from '../../renderer/jobcentre/HandoffsView';
import { ScheduleView } from '../../renderer/jobcentre/ScheduleView';
import { seriousAxeViolations } from '../helpers/axe';
import { openJobcentreApp, type JobcentreApp, type Person } from '../helpers/jobcentreApp';
import { callAtAppointments, completeCall, slot } from './appointments-helpers';

/**
 * The Jobcentre's IB interview schedule and hand-off inbox against the real app (SQLite file, router, roles, zod, a
 * JSON round trip). Claims are taken by Ann (FCO); Fay is the FA at JC-NORTH, Sam at JC-SOUTH; Tess is a team
 * leader. An IB claim made on Mon 23 Nov 2026 is due its interview between Mon 18 Jan and Fri 19 Feb 2027 (days
 * 57–91, moved in to open days).
 */
let j: JobcentreApp | null = null;
afterEach(() => {
  cleanup();
  j?.close();
  j = null;
});

const N = 'JC-NORTH';
const IBPA = 'Ian Ibpa JC-NORTH';

async function open(start?: string): Promise<JobcentreApp> {
  j = await openJobcentreApp(start);
  return j;
}

/** An IB claim taken by Ann now, the due window accepted and the call completed: it goes on the schedule. */
function ibClaim(app: JobcentreApp, fullName: string): string {
  const ann = app.users.ann.userId;
  const { callId } = callAtAppointments(app.app, 'ib', { fullName }, ann);
  const r = app.app.calls.send(callId, { type: 'appointment.window.accept' }, ann);
  if (!r.ok) throw new Error(r.error.message);
  completeCall(app.app, callId);
  return callId;
}

/** A jobseeker's claim with the FA meeting and interview booked on the call at JC-NORTH on Thu 26 Nov 2026. */
function jsaClaim(app: JobcentreApp): string {
  const ann = app.users.ann.userId;
  const { callId } = callAtAppointments(app.app, 'jsa', {}, ann);
  const r = app.app.calls.send(callId, { type: 'appointment.book', fa: slot(N, '2026-11-26T10:00:00.000Z', 20), wfi: slot(N, '2026-11-26T10:30:00.000Z', 40) }, ann);
  if (!r.ok) throw new Error(r.error.message);
  completeCall(app.app, callId);
  return callId;
}

async function api<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const schedule = (app: JobcentreApp, who: Person, officeCode: string) => render(createElement(ScheduleView, { bridge: app.bridgeFor(who), officeCode }));
const handoffs = (app: JobcentreApp, who: Person, officeCode: string) => render(createElement(HandoffsView, { bridge: app.bridgeFor(who), officeCode }));
const bodyRows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);
const cellsOf = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent);
const slotRadios = () => within(screen.getByRole('group', { name: /free times/i })).getAllByRole('radio') as HTMLInputElement[];
const labelOf = (r: HTMLInputElement) => r.labels![0]!.textContent!;

describe('the Incapacity Benefit interview schedule', () => {
  it('lists a due claim with the open days of its window and the working days left; another Jobcentre does not see it', async () => {
    const app = await open();
    const callId = ibClaim(app, 'Alex Example');
    const { container, unmount } = schedule(app, 'fay', N);
    await screen.findByRole('heading', { level: 2, name: 'Incapacity Benefit interviews' });
    const rows = await waitFor(() => {
      const r = bodyRows();
      expect(r.length).toBe(1);
      return r;
    });
    const [customer, claimDate, window, left, status] = cellsOf(rows[0]!);
    expect(customer).toMatch(/Alex Example/);
    expect(customer).toMatch(/0113 496 0000/);
    expect(customer).toContain(callId);
    expect(claimDate).toBe('Mon 23 Nov 2026');
    // The open days, not the calendar window (which ends on Sunday 21 Feb).
    expect(window).toBe('Mon 18 Jan 2027 to Fri 19 Feb 2027');
    expect(left).toBe('25');
    expect(status).toBe('Due: not booked yet');
    expect(within(rows[0]!).queryByText(/telephone/)).toBeNull();
    expect(within(rows[0]!).getByRole('button', { name: 'Find a time for Alex Example' })).toBeTruthy();
    expect(await seriousAxeViolations(container)).toEqual([]);
    unmount();

    schedule(app, 'sam', 'JC-SOUTH');
    expect(await screen.findByText('No Incapacity Benefit interviews are due at this Jobcentre.')).toBeTruthy();
    expect(screen.queryByText(/Alex Example/)).toBeNull();
  });

  it('few working days left: says to offer a telephone interview; booking one by phone shows it booked and puts it in the hand-off', async () => {
    const app = await open();
    const alex = ibClaim(app, 'Alex Example');
    app.clock.set('2026-11-30T09:00:00.000Z');
    const bea = ibClaim(app, 'Bea Second'); // window Mon 25 Jan – Fri 26 Feb 2027
    app.clock.set('2027-02-08T09:00:00.000Z');
    const user = userEvent.setup();
    const { container } = schedule(app, 'fay', N);

    await waitFor(() => expect(bodyRows().length).toBe(2));
    // Fewest working days left first.
    expect(bodyRows().map((r) => cellsOf(r)[0])).toEqual([expect.stringMatching(/^Alex Example/), expect.stringMatching(/^Bea Second/)]);
    expect(cellsOf(bodyRows()[0]!)[3]).toBe('10 At risk Only 10 working days left: offer a telephone interview.');
    expect(cellsOf(bodyRows()[1]!)[3]).toBe('15');
    expect(screen.getByText(/2 to book, 1 at risk; 0 booked/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Find a time for Alex Example' }));
    const form = screen.getByRole('region', { name: 'Find a time for Alex Example' });
    // At risk: the telephone is already chosen.
    expect((within(form).getByRole('radio', { name: 'Telephone' }) as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(slotRadios().length).toBeGreaterThan(0));
    expect(screen.getByRole('group', { name: 'Free times (by telephone)' })).toBeTruthy();
    // An hour's notice from 09:00: the first free telephone time is 10:30.
    expect(labelOf(slotRadios()[0]!)).toBe(`Mon 8 Feb 2027 10:30 – ${IBPA}, 50 minutes`);
    expect(await seriousAxeViolations(container)).toEqual([]);

    await user.click(slotRadios()[0]!);
    await user.click(within(form).getByRole('button', { name: 'Book this interview' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`Interview booked for Alex Example: Mon 8 Feb 2027 10:30, by telephone, with ${IBPA}.`));
    expect(screen.queryByRole('region', { name: /Find a time/ })).toBeNull();
    // The list is reloaded: the booked claim goes below the one still due, with its booking.
    await waitFor(() => expect(cellsOf(bodyRows()[1]!)[4]).toBe(`Booked Mon 8 Feb 2027 10:30, by telephone, with ${IBPA}`));
    expect(cellsOf(bodyRows()[0]!)[0]).toMatch(/^Bea Second/);
    expect(screen.queryByRole('button', { name: 'Find a time for Alex Example' })).toBeNull();

    const fay = app.bridgeFor('fay');
    expect(await api(fay.invoke('appointments.bookings', { callId: alex }))).toMatchObject([
      { kind: 'wfi', start: '2027-02-08T10:30:00.000Z', mode: 'telephone', source: 'schedule', status: 'booked', adviser: { name: IBPA } },
    ]);
    const h = await api(fay.invoke('appointments.handoff.get', { callId: alex }));
    expect(h.record.appointment).toMatchObject({ kind: 'dueWindow', bookings: [{ start: '2027-02-08T10:30:00.000Z', mode: 'telephone', adviser: { name: IBPA } }] });
    // The revision with the Jobcentre's own booking is sent as it is made, without asking the Jobcentre to acknowledge it again.
    expect(h).toMatchObject({ revision: 2, sentRevision: 2, changedSinceSent: false, status: 'sent' });
    expect(await api(fay.invoke('appointments.bookings', { callId: bea }))).toEqual([]);
  });

  it('a refused booking (the time was taken meanwhile) shows the server’s reason, books nothing and keeps the form', async () => {
    const app = await open();
    const alex = ibClaim(app, 'Alex Example');
    const cara = ibClaim(app, 'Cara Third');
    app.clock.set('2027-01-04T09:00:00.000Z');
    const user = userEvent.setup();
    schedule(app, 'fay', N);
    await user.click(await screen.findByRole('button', { name: 'Find a time for Alex Example' }));
    const form = screen.getByRole('region', { name: 'Find a time for Alex Example' });
    expect((within(form).getByRole('radio', { name: 'In person at the Jobcentre' }) as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(labelOf(slotRadios()[0]!)).toBe(`Mon 18 Jan 2027 09:30 – ${IBPA}, 50 minutes`));
    await user.click(slotRadios()[0]!);

    // A colleague books another customer into the same adviser's 09:30 first.
    const tess = app.bridgeFor('tess');
    await api(tess.invoke('appointments.scheduleWfi', { callId: cara, slot: { diaryId: `${N}-IBPA1`, start: '2027-01-18T09:30:00.000Z', minutes: 50, kind: 'inPerson' } }));

    await user.click(within(form).getByRole('button', { name: 'Book this interview' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toMatch(/Mon 18 Jan 2027 09:30.*has just been booked by someone else/);
    expect(screen.getByRole('region', { name: 'Find a time for Alex Example' })).toBe(form);
    expect(await api(tess.invoke('appointments.bookings', { callId: alex }))).toEqual([]);
    expect(await api(tess.invoke('appointments.schedule', { officeCode: N, status: 'due' }))).toMatchObject([{ callId: alex }]);
    // The taken time is no longer offered; the next one books.
    await waitFor(() => expect(labelOf(slotRadios()[0]!)).toBe(`Mon 18 Jan 2027 10:30 – ${IBPA}, 50 minutes`));
    await user.click(slotRadios()[0]!);
    await user.click(within(form).getByRole('button', { name: 'Book this interview' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`Interview booked for Alex Example: Mon 18 Jan 2027 10:30, in person, with ${IBPA}.`));
  });
});

describe('the hand-off inbox', () => {
  it('lists the completed claim; the record shows circumstances, the sensitive health condition and the markers; Acknowledge records who and when', async () => {
    const app = await open();
    const callId = ibClaim(app, 'Alex Example');
    const user = userEvent.setup();
    const { container, unmount } = handoffs(app, 'fay', N);
    await screen.findByRole('heading', { level: 2, name: 'Hand-offs from the contact centre' });
    // Sent by the event that completed the claim: nobody at the desk had to press anything.
    await waitFor(() =>
      expect(bodyRows().map(cellsOf)).toEqual([[`Alex ExampleClaim ${callId}`, 'Incapacity Benefit', 'Mon 23 Nov 2026', 'Sent: waiting for acknowledgement', 'Mon 23 Nov 2026 09:00', 'Open']]),
    );
    expect(await seriousAxeViolations(container)).toEqual([]);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'acknowledged');
    expect(await screen.findByText('No hand-off records at this Jobcentre are “Acknowledged”.')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'sent');
    await user.click(await screen.findByRole('button', { name: /^Open the hand-off for / }));

    const record = await screen.findByRole('region', { name: 'Hand-off: Alex Example · Incapacity Benefit' });
    expect(document.activeElement).toBe(within(record).getByRole('heading', { level: 3 }));
    const markers = within(record).getByRole('region', { name: 'Claim and markers' });
    expect(markers.textContent).toMatch(/Benefit marker“incapacitated\/disabled” Derived from the answers/);
    expect(markers.textContent).toMatch(/Northtown Jobcentre \(JC-NORTH\) From the postcode QA1 2BB \(exact match\)/);
    const circs = within(within(record).getByRole('region', { name: 'Circumstances' })).getByRole('table');
    const employed = within(circs).getByRole('row', { name: /Are you still employed/ });
    expect(cellsOf(employed)).toEqual(['Are you still employed, even if you are off sick at the moment?', 'Yes']);
    expect(cellsOf(within(circs).getByRole('row', { name: /until what date/ }))[1]).toBe('16/01/2027');
    const health = within(record).getByRole('region', { name: /Health condition/ });
    expect(within(health).getByText('Sensitive')).toBeTruthy();
    expect(within(health).getByText('Back injury', { selector: 'p' })).toBeTruthy();
    expect(within(record).getByRole('region', { name: 'Appointment' }).textContent).toMatch(
      /Interview due between Mon 18 Jan 2027 and Fri 19 Feb 2027, with Incapacity Benefit Personal Adviser\.Not booked yet/,
    );
    expect(within(record).getByRole('region', { name: 'Contact details' }).textContent).toMatch(/Best times to callMornings \(9am–12pm\)/);
    expect(within(record).getByRole('region', { name: 'Complexity and audit flags' }).textContent).toMatch(/Came from abroad/);
    expect(within(record).getByRole('region', { name: 'Evidence' }).textContent).toMatch(/Still outstanding.*Form SSP1 from your employer/);
    expect(await seriousAxeViolations(container)).toEqual([]);

    await user.click(within(record).getByRole('button', { name: 'Acknowledge revision 1' }));
    await waitFor(() => expect(within(record).getByRole('status').textContent).toBe('Hand-off acknowledged (revision 1).'));
    expect(within(record).queryByRole('button', { name: /Acknowledge/ })).toBeNull();
    const history = within(within(record).getByRole('region', { name: 'Status history' })).getByRole('table');
    expect(within(history).getAllByRole('row').slice(-1).map(cellsOf)).toEqual([['Mon 23 Nov 2026 09:00', 'Sent → Acknowledged', '1', 'Fay Assessor (you)']]);
    expect(await api(app.bridgeFor('fay').invoke('appointments.handoff.get', { callId }))).toMatchObject({ status: 'acknowledged' });

    await user.click(within(record).getByRole('button', { name: 'Back to the hand-offs' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Show' }), 'acknowledged');
    await waitFor(() => expect(bodyRows().map((r) => cellsOf(r)[3])).toEqual(['Acknowledged']));
    unmount();

    handoffs(app, 'sam', 'JC-SOUTH');
    expect(await screen.findByText('No hand-off records for this Jobcentre yet.')).toBeTruthy();
  });

  it('a corrected revision newer than the acknowledged one is called out, back at “sent” for the new Jobcentre', async () => {
    const app = await open();
    const callId = jsaClaim(app);
    await api(app.bridgeFor('fay').invoke('appointments.handoff.acknowledge', { callId }));
    const tess = app.bridgeFor('tess');
    await api(tess.invoke('call.send', { callId, command: { type: 'claim.correct', target: 'office', value: 'JC-SOUTH', reason: 'Customer moved before the claim was made' } }));

    const user = userEvent.setup();
    const { container } = handoffs(app, 'sam', 'JC-SOUTH');
    await waitFor(() => expect(bodyRows().map((r) => cellsOf(r)[3])).toEqual(['Sent: waiting for acknowledgementRevision 2']));
    await user.click(screen.getByRole('button', { name: /^Open the hand-off for / }));
    const record = await screen.findByRole('region', { name: /^Hand-off: Alex Example/ });
    const note = within(record).getByRole('note', { name: 'Newer revision' });
    expect(note.textContent).toContain(`Revision 2 is newer than revision 1, which Fay Assessor acknowledged on Mon 23 Nov 2026 09:00. Check the corrections and the appointment, then acknowledge it again.`);
    const appointment = within(record).getByRole('region', { name: 'Appointment' });
    expect(appointment.textContent).toMatch(/Booked on the call at JC-NORTH\..*released when the Jobcentre was corrected to JC-SOUTH/);
    expect(appointment.textContent).not.toMatch(/26 Nov 2026 10:30/);
    expect(within(record).getByRole('region', { name: 'Corrections after the call' }).textContent).toMatch(/Jobcentre: JC-NORTH → JC-SOUTH\. Customer moved before the claim was made/);
    expect(within(record).getByRole('button', { name: 'Acknowledge revision 2' })).toBeTruthy();
    expect(await seriousAxeViolations(container)).toEqual([]);
  });

  it('an acknowledgement the server refuses shows its reason (the interview was recorded as conducted meanwhile)', async () => {
    const app = await open();
    const callId = jsaClaim(app);
    const user = userEvent.setup();
    handoffs(app, 'fay', N);
    await user.click(await screen.findByRole('button', { name: /^Open the hand-off for / }));
    const record = await screen.findByRole('region', { name: /^Hand-off: Alex Example/ });
    const ack = within(record).getByRole('button', { name: 'Acknowledge revision 1' });

    // A colleague records the interview as attended after it happened: the hand-off is conducted.
    app.clock.set('2026-11-26T12:00:00.000Z');
    const tess = app.bridgeFor('tess');
    const wfi = (await api(tess.invoke('appointments.bookings', { callId }))).find((b) => b.kind === 'wfi')!;
    await api(tess.invoke('appointments.attendance.record', { bookingId: wfi.bookingId, outcome: 'attended' }));

    await user.click(ack);
    const alert = await within(record).findByRole('alert');
    expect(alert.textContent).toMatch(/The hand-off is "conducted"; it can only move conducted →/);
    await waitFor(() => expect(within(record).getByText('Interview conducted', { selector: '.status-badge' })).toBeTruthy());
    expect(await api(tess.invoke('appointments.handoff.get', { callId }))).toMatchObject({ status: 'conducted' });
  });
});
