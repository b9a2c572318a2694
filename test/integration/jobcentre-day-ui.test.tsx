// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { appointmentsFor, type AppointmentService } from '../../main/appointments/service';
import { DayView } from '../../renderer/jobcentre/DayView';
import { RecontactView } from '../../renderer/jobcentre/RecontactView';
import { seriousAxeViolations } from '../helpers/axe';
import { jobcentreAppPerTest, type Person } from '../helpers/jobcentreApp';
import { callAtAppointments, carerDeferral, completeCall, slot, type BenefitKey } from './appointments-helpers';

/**
 * The Jobcentre's day (pre-calls, attendance, failure to attend, re-books) and the re-contact list, as an FA uses
 * them: the real app on SQLite, the real router through a JSON round trip, a clock the test sets. The clock starts on
 * Monday 23 Nov 2026 09:00 (UK time is UTC in winter).
 */
const j = jobcentreAppPerTest();

const N = 'JC-NORTH';
const S = 'JC-SOUTH';
const svc = (): AppointmentService => appointmentsFor(j.app.calls)!;

/** A claim taken by Ann and booked on the call: the FA meeting and the interview 30 minutes later. */
function booked(benefit: BenefitKey, name: string, phone: string, faStart: string, opts: { office?: string; postcode?: string; wfiMinutes?: number } = {}) {
  const office = opts.office ?? N;
  const fco = j.users.ann.userId;
  const extra = { fullName: name, phone, ...(opts.postcode ? { postcode: opts.postcode } : {}) };
  const { callId } = callAtAppointments(j.app, benefit, extra, fco);
  const wfiStart = new Date(Date.parse(faStart) + 30 * 60_000).toISOString();
  const r = j.app.calls.send(callId, { type: 'appointment.book', fa: slot(office, faStart, 20), wfi: slot(office, wfiStart, opts.wfiMinutes ?? 40) }, fco);
  if (!r.ok) throw new Error(r.error.message);
  completeCall(j.app, callId);
  return callId;
}

function deferred(name: string, postcode = 'QA1 2BB') {
  const fco = j.users.ann.userId;
  const { callId } = callAtAppointments(j.app, 'carer', { fullName: name, postcode }, fco);
  const r = j.app.calls.send(callId, { type: 'deferral.record', deferral: carerDeferral }, fco);
  if (!r.ok) throw new Error(r.error.message);
  completeCall(j.app, callId);
  return callId;
}

const showDay = (who: Person, officeCode = N) => render(createElement(DayView, { bridge: j.bridgeFor(who), officeCode }));
const showRecontact = (who: Person, officeCode = N) => render(createElement(RecontactView, { bridge: j.bridgeFor(who), officeCode }));

const dayTable = (day: RegExp) => screen.findByRole('table', { name: new RegExp(`^Appointments at JC-\\w+ on ${day.source}`) });
/** The appointment rows (not the opened "record" rows under them), as the user reads them. */
function rowsOf(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .filter((r) => within(r).queryByRole('rowheader'))
    .map((r) => {
      const cells = within(r).getAllByRole('cell').map((c) => c.textContent ?? '');
      return { el: r, name: within(r).getByRole('rowheader').textContent, time: cells[0], phone: cells[1], cells };
    });
}
const rowAt = async (day: RegExp, name: string, time: string) => {
  const row = rowsOf(await dayTable(day)).find((r) => r.name === name && r.time === time);
  if (!row) throw new Error(`no row ${name} ${time}`);
  return row.el;
};
/** Opens the row's controls and returns them. */
async function open(name: string, time: string, kind: 'FA meeting' | 'Interview') {
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: `Record for ${name}, ${time} ${kind}` }));
  return screen.getByRole('group', { name: `Record for ${name}, ${time} ${kind}` });
}
const statusOf = (bookingId: string) => svc().booking(bookingId)!.status;

describe('the day before: the pre-call list', () => {
  it('lists tomorrow in the service’s priority order with time, customer and phone; another office’s rows are not there', async () => {
    const jim = booked('jsa', 'Jim Seeker', '0113 496 0001', '2026-11-24T10:00:00.000Z');
    booked('lp', 'Lou Parent', '0113 496 0002', '2026-11-24T11:00:00.000Z');
    booked('jsa', 'Sue South', '0113 496 0003', '2026-11-24T10:00:00.000Z', { office: S, postcode: 'QA9 2BB' });

    const { container } = showDay('fay');
    const table = await dayTable(/Tue 24 Nov 2026/);
    // Lone parents (priority 2) before jobseekers (3), even at a later time.
    expect(rowsOf(table).map((r) => [r.time, r.name, r.phone])).toEqual([
      ['11:00', 'Lou Parent', '0113 496 0002'],
      ['11:30', 'Lou Parent', '0113 496 0002'],
      ['10:00', 'Jim Seeker', '0113 496 0001'],
      ['10:30', 'Jim Seeker', '0113 496 0001'],
    ]);
    const first = rowsOf(table)[0]!.cells;
    expect(first.slice(2, 10)).toEqual(['Mornings (9am–12pm)', 'Income Support (lone parent)', 'FA meeting', `Fay Assessor ${N}Financial Assessor`, 'In person', 'New claimant', 'Booked', 'Not yet']);
    expect(rowsOf(table)[1]!.cells[4]).toBe('Interview');
    expect((screen.getByRole('textbox', { name: /^Day/ }) as HTMLInputElement).value).toBe('24/11/2026');
    expect(screen.getByRole('button', { name: 'Next day: Wed 25 Nov 2026' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Previous day: Mon 23 Nov 2026' })).toBeTruthy();
    expect(screen.queryByText('Sue South')).toBeNull();
    expect(await seriousAxeViolations(container)).toEqual([]);

    // Recording the pre-call: the outcome, who and when, on the row.
    const user = userEvent.setup();
    const controls = await open('Jim Seeker', '10:00', 'FA meeting');
    await user.click(within(controls).getByRole('radio', { name: 'No answer' }));
    await user.type(within(controls).getByRole('textbox', { name: /pre-call note/i }), 'Rang twice');
    expect(await seriousAxeViolations(container)).toEqual([]);
    await user.click(within(controls).getByRole('button', { name: 'Record pre-call' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Pre-call for Jim Seeker, 10:00 FA meeting: No answer.'));
    const row = await rowAt(/Tue 24 Nov 2026/, 'Jim Seeker', '10:00');
    // Saved, then the day is read again from the service.
    await waitFor(() => expect(within(row).getAllByRole('cell')[9]!.textContent).toBe('No answerby Fay Assessor (you), 23/11/2026 09:00“Rang twice”'));
    // The interview of the same customer has its own pre-call.
    expect(within(await rowAt(/Tue 24 Nov 2026/, 'Jim Seeker', '10:30')).getAllByRole('cell')[9]!.textContent).toBe('Not yet');

    // It is stored: a fresh view, and the service, say the same.
    cleanup();
    showDay('fay');
    expect(within(await rowAt(/Tue 24 Nov 2026/, 'Jim Seeker', '10:00')).getAllByRole('cell')[9]!.textContent).toMatch(/^No answerby Fay Assessor \(you\)/);
    expect(svc().bookingsForCall(jim).find((b) => b.kind === 'fa')!.precall).toMatchObject({ outcome: 'noAnswer', by: j.users.fay.userId, note: 'Rang twice' });

    // Sam, the FA at Southtown, sees his own office's day and none of Northtown's.
    cleanup();
    showDay('sam', S);
    const south = await dayTable(/Tue 24 Nov 2026/);
    expect(rowsOf(south).map((r) => r.name)).toEqual(['Sue South', 'Sue South']);
  });

  it('a day with nothing booked says so; the day is chosen by typing it or stepping from the listed day', async () => {
    booked('jsa', 'Jim Seeker', '0113 496 0001', '2026-11-30T10:00:00.000Z');
    showDay('fay');
    expect(await screen.findByText('No appointments at this Jobcentre on Tue 24 Nov 2026.')).toBeTruthy();
    const user = userEvent.setup();
    const day = screen.getByRole('textbox', { name: /^Day/ });
    await user.clear(day);
    await user.type(day, '27/11/2026');
    await user.click(screen.getByRole('button', { name: 'Show day' }));
    expect(await screen.findByText('No appointments at this Jobcentre on Fri 27 Nov 2026.')).toBeTruthy();
    // From Friday the next day is Monday: Jobcentres are shut at weekends.
    await user.click(screen.getByRole('button', { name: 'Next day: Mon 30 Nov 2026' }));
    expect(rowsOf(await dayTable(/Mon 30 Nov 2026/)).map((r) => r.name)).toEqual(['Jim Seeker', 'Jim Seeker']);
    await user.clear(day);
    await user.type(day, 'next week');
    await user.click(screen.getByRole('button', { name: 'Show day' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Enter the day as DD\/MM\/YYYY/);
    expect(day.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('on the day: attendance, failure to attend and re-books', () => {
  it('refuses attendance before the time with the service’s message; a failure to attend offers the follow-ups and a re-book, which lands on that day’s list', async () => {
    const lou = booked('lp', 'Lou Parent', '0113 496 0002', '2026-11-24T10:00:00.000Z');
    const [fa, wfi] = svc().bookingsForCall(lou);
    j.clock.set('2026-11-24T10:10:00.000Z'); // after the FA meeting, before the interview
    const { container } = showDay('fay');
    const user = userEvent.setup();
    // The default list is the next working day; today is one step back from it.
    await user.click(await screen.findByRole('button', { name: 'Previous day: Tue 24 Nov 2026' }));
    await dayTable(/Tue 24 Nov 2026/);

    // Too early for the interview: the service's reason next to the row, and nothing recorded.
    const interview = await open('Lou Parent', '10:30', 'Interview');
    await user.click(within(interview).getByRole('radio', { name: 'Failed to attend' }));
    await user.click(within(interview).getByRole('button', { name: 'Record attendance' }));
    expect((await within(interview).findByRole('alert')).textContent).toBe('Error: The appointment has not happened yet (Tue 24 Nov 2026 10:30).');
    expect(statusOf(wfi!.bookingId)).toBe('booked');
    expect(within(await rowAt(/Tue 24 Nov 2026/, 'Lou Parent', '10:30')).getAllByRole('cell')[8]!.textContent).toBe('Booked');
    expect(screen.getByRole('status').textContent).toBe('');

    // The FA meeting was missed.
    const meeting = await open('Lou Parent', '10:00', 'FA meeting');
    await user.click(within(meeting).getByRole('radio', { name: 'Failed to attend' }));
    await user.type(within(meeting).getByRole('textbox', { name: /attendance note/i }), 'No show');
    await user.click(within(meeting).getByRole('button', { name: 'Record attendance' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Lou Parent, 10:00 FA meeting: failed to attend.'));
    expect(statusOf(fa!.bookingId)).toBe('fta');
    // The missed meeting stays on the day's list, with who recorded it and their note, and what may happen next.
    await waitFor(async () =>
      expect(within(await rowAt(/Tue 24 Nov 2026/, 'Lou Parent', '10:00')).getAllByRole('cell')[8]!.textContent).toBe('Failed to attendby Fay Assessor (you), 24/11/2026 10:10 · “No show”'),
    );
    const after = screen.getByRole('region', { name: 'After the failure to attend' });
    expect(after.textContent).toMatch(/Re-books used: 0 of 1\. A re-book is allowed\./);
    expect(within(within(after).getByRole('group', { name: 'Follow-up' })).getAllByRole('radio').map((r) => r.parentElement!.textContent!.trim())).toEqual([
      'Home visit',
      'Telephone interview',
      'Sanction referral',
      'No action',
    ]);
    expect(await seriousAxeViolations(container)).toEqual([]);

    await user.click(within(after).getByRole('radio', { name: 'Telephone interview' }));
    await user.click(within(after).getByRole('button', { name: 'Record follow-up' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Follow-up for Lou Parent: Telephone interview.'));
    expect(svc().booking(fa!.bookingId)!.followUp).toBe('telephoneInterview');
    await waitFor(() => expect(after.textContent).toMatch(/Follow-up recorded: Telephone interview\./));

    // Re-book into an offered slot.
    await user.click(within(after).getByRole('button', { name: 'Re-book: find free slots' }));
    const offered = await within(after).findByRole('combobox', { name: /Free slot/ });
    const thursday = within(offered)
      .getAllByRole('option')
      .find((o) => o.textContent!.startsWith('Thu 26 Nov 2026 10:00 – '))!;
    expect(thursday.textContent).toBe(`Thu 26 Nov 2026 10:00 – Fay Assessor ${N}, Financial Assessor, 20 minutes`);
    await user.selectOptions(offered, thursday);
    await user.click(within(after).getByRole('button', { name: 'Re-book into this slot' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`Re-booked Lou Parent: Thu 26 Nov 2026 10:00 with Fay Assessor ${N}. It is on the list for that day.`));
    await waitFor(() => expect(after.textContent).toMatch(/Re-booked: Thu 26 Nov 2026 10:00\. It is on the list for that day\./));
    expect(within(after).queryByRole('button', { name: /Re-book/ })).toBeNull();

    const day = screen.getByRole('textbox', { name: /^Day/ });
    await user.clear(day);
    await user.type(day, '26/11/2026');
    await user.click(screen.getByRole('button', { name: 'Show day' }));
    const thu = rowsOf(await dayTable(/Thu 26 Nov 2026/));
    expect(thu.map((r) => [r.time, r.name, r.cells[4], r.cells[7], r.cells[8]])).toEqual([['10:00', 'Lou Parent', 'FA meeting', 'Re-book (1)', 'Booked']]);
    expect(svc().bookingsForCall(lou).filter((b) => b.status === 'booked').map((b) => b.local)).toEqual(['Tue 24 Nov 2026 10:30', 'Thu 26 Nov 2026 10:00']);

    // Back on the 24th, read afresh from the service: the missed meeting with its outcome, follow-up and re-book.
    const dayField = screen.getByRole('textbox', { name: /^Day/ });
    await user.clear(dayField);
    await user.type(dayField, '24/11/2026');
    await user.click(screen.getByRole('button', { name: 'Show day' }));
    const tue = rowsOf(await dayTable(/Tue 24 Nov 2026/));
    expect(tue.map((r) => [r.time, r.name, r.cells[8]])).toEqual([
      ['10:00', 'Lou Parent', 'Failed to attendby Fay Assessor (you), 24/11/2026 10:10 · “No show”Follow-up: Telephone interview, by Fay Assessor (you)Re-booked for Thu 26 Nov 2026 10:00'],
      ['10:30', 'Lou Parent', 'Booked'],
    ]);
  });

  it('with the re-book limit used up, the re-book is disabled and says why; follow-ups are still offered', async () => {
    const lou = booked('lp', 'Lou Parent', '0113 496 0002', '2026-11-24T10:00:00.000Z');
    const fa = svc().bookingsForCall(lou).find((b) => b.kind === 'fa')!;
    j.clock.set('2026-11-24T12:00:00.000Z');
    expect(svc().recordAttendance(fa.bookingId, 'fta', '', j.users.fay.userId).ok).toBe(true);
    const again = svc().rebook(fa.bookingId, { diaryId: `${N}-FA1`, start: '2026-11-26T10:00:00.000Z', minutes: 20, kind: 'inPerson' }, j.users.fay.userId);
    if (!again.ok) throw new Error(again.error.message);
    j.clock.set('2026-11-26T12:00:00.000Z');

    showDay('fay');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Previous day: Thu 26 Nov 2026' }));
    expect(rowsOf(await dayTable(/Thu 26 Nov 2026/)).map((r) => [r.time, r.name, r.cells[7]])).toEqual([['10:00', 'Lou Parent', 'Re-book (1)']]);
    const controls = await open('Lou Parent', '10:00', 'FA meeting');
    await user.click(within(controls).getByRole('radio', { name: 'Failed to attend' }));
    await user.click(within(controls).getByRole('button', { name: 'Record attendance' }));
    const after = await screen.findByRole('region', { name: 'After the failure to attend' });
    expect(after.textContent).toMatch(/Re-books used: 1 of 1\. No re-book is allowed\./);
    const rebook = within(after).getByRole('button', { name: 'Re-book: find free slots' }) as HTMLButtonElement;
    expect(rebook.disabled).toBe(true);
    expect(document.getElementById(rebook.getAttribute('aria-describedby')!)!.textContent).toBe(
      'No re-book left: 1 of 1 used for this benefit. Record a follow-up instead (home visit, telephone interview or sanction referral).',
    );
    expect(within(after).getByRole('radio', { name: 'Home visit' })).toBeTruthy();
    expect(svc().rebookSlots(again.value.bookingId).ok).toBe(true); // the limit is the rule, not an empty diary
  });
});

describe('deferred customers to re-contact', () => {
  it('lists the deferral once its review date has come; no contact counts an attempt; reached takes it off', async () => {
    deferred('Cara Carer');
    deferred('Dee Deferred');
    deferred('Sid South', 'QA9 2BB');

    // Before the review date (21 Dec): nobody is due.
    showRecontact('fay');
    expect(await screen.findByText('No deferred customers at this Jobcentre are due for re-contact.')).toBeTruthy();
    cleanup();

    j.clock.set('2026-12-23T09:00:00.000Z');
    const { container } = showRecontact('fay');
    const table = await screen.findByRole('table', { name: /Deferred customers at JC-NORTH to re-contact/ });
    const rows = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => [within(r).getByRole('rowheader').textContent, ...within(r).getAllByRole('cell').slice(0, 9).map((c) => c.textContent)]);
    expect(rows()).toEqual([
      ['Cara Carer', '0113 496 0000', 'Mornings (9am–12pm)', expect.stringMatching(/life-changing event/i), 'Mon 4 Jan 2027', 'Mon 21 Dec 2026', '2 days', 'Priya Shah', '0', 'None yet'],
      ['Dee Deferred', '0113 496 0000', 'Mornings (9am–12pm)', expect.stringMatching(/life-changing event/i), 'Mon 4 Jan 2027', 'Mon 21 Dec 2026', '2 days', 'Priya Shah', '0', 'None yet'],
    ]);
    expect(screen.queryByText('Sid South')).toBeNull();
    expect(await seriousAxeViolations(container)).toEqual([]);

    const user = userEvent.setup();
    const cara = screen.getByRole('group', { name: 'Re-contact attempt for Cara Carer' });
    await user.click(within(cara).getByRole('radio', { name: 'No contact' }));
    await user.type(within(cara).getByRole('textbox', { name: 'Note' }), 'Voicemail, left a message');
    await user.click(within(cara).getByRole('button', { name: 'Record attempt' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No contact with Cara Carer: attempt 1 recorded. They stay on the list.'));
    // Who rang and what they noted are on the row for whoever rings next.
    expect(rows()[0]).toEqual(['Cara Carer', '0113 496 0000', 'Mornings (9am–12pm)', expect.any(String), 'Mon 4 Jan 2027', 'Mon 21 Dec 2026', '2 days', 'Priya Shah', '1', '23/12/2026 09:00, by Fay Assessor: No contact · “Voicemail, left a message”']);

    const dee = screen.getByRole('group', { name: 'Re-contact attempt for Dee Deferred' });
    await user.click(within(dee).getByRole('radio', { name: 'Reached' }));
    await user.type(within(dee).getByRole('textbox', { name: 'Note' }), 'Interview arranged');
    await user.click(within(dee).getByRole('button', { name: 'Record attempt' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Dee Deferred reached: taken off the re-contact list.'));
    expect(rows().map((r) => r[0])).toEqual(['Cara Carer']);

    // Stored: a fresh view shows the same, and Southtown's FA sees only his own customer.
    cleanup();
    showRecontact('fay');
    const again = await screen.findByRole('table', { name: /Deferred customers at JC-NORTH/ });
    expect(within(again).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['Cara Carer']);
    expect(within(again).getAllByRole('row')[1]!.textContent).toMatch(/Priya Shah123\/12\/2026 09:00/);
    cleanup();
    showRecontact('sam', S);
    const south = await screen.findByRole('table', { name: /Deferred customers at JC-SOUTH/ });
    expect(within(south).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['Sid South']);
  });

  it('a later attempt by someone else keeps the earlier one, with its note, under the last', async () => {
    deferred('Cara Carer');
    j.clock.set('2026-12-23T09:00:00.000Z');
    const first = await j.bridgeFor('fay').invoke('appointments.recontact.record', { callId: (await listed())[0]!, outcome: 'noContact', note: 'Voicemail, left a message' });
    expect(first.ok).toBe(true);
    j.clock.set('2026-12-24T14:30:00.000Z');
    const { container } = showRecontact('tess');
    const table = await screen.findByRole('table', { name: /Deferred customers at JC-NORTH/ });
    const user = userEvent.setup();
    const cara = within(table).getByRole('group', { name: 'Re-contact attempt for Cara Carer' });
    await user.click(within(cara).getByRole('radio', { name: 'No contact' }));
    await user.type(within(cara).getByRole('textbox', { name: 'Note' }), 'Her son answered: ring after 3pm');
    await user.click(within(cara).getByRole('button', { name: 'Record attempt' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No contact with Cara Carer: attempt 2 recorded. They stay on the list.'));
    const lastCell = within(within(table).getAllByRole('row')[1]!).getAllByRole('cell')[8]!;
    expect(lastCell.textContent).toMatch(/^24\/12\/2026 14:30, by Tess Leader: No contact · “Her son answered: ring after 3pm”/);
    const earlier = within(lastCell).getByText('Earlier attempts (1)');
    await user.click(earlier);
    expect(within(lastCell).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['23/12/2026 09:00, by Fay Assessor: No contact · “Voicemail, left a message”']);
    expect(await seriousAxeViolations(container)).toEqual([]);
  });
});

/** The call ids on JC-NORTH's re-contact list today, as Fay's screen would ask for them. */
async function listed(): Promise<string[]> {
  const r = await j.bridgeFor('fay').invoke('appointments.recontactList', { officeCode: N });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.map((x) => x.callId);
}
