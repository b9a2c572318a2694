// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { appointmentsFor } from '../../main/appointments/service';
import { harnessPerTest, renderCall, seriousAxeViolations, waitForStepAway } from '../renderer/harness';
import { callAtAppointments } from './appointments-helpers';

/**
 * The desk's appointment step against the real service (the desk harness: real SQLite, real router, JSON bridge):
 * slots from the diary, lone-parent hours, the refused-slot offer, the deferral length and the team leader's
 * authorisation. The clock starts Monday 23 Nov 2026 09:00 and moves a second per reading.
 */
const h = harnessPerTest();

const at = (benefit: Parameters<typeof callAtAppointments>[1], extra: Record<string, unknown> = {}) => callAtAppointments(h.app, benefit, extra, h.fcoId).callId;
const radios = (name: RegExp) => within(screen.getByRole('group', { name })).getAllByRole('radio') as HTMLInputElement[];
const labelOf = (r: HTMLInputElement) => document.querySelector(`label[for="${r.id}"]`)!.textContent!;

describe('booking from the diary', () => {
  it('lists the free FA slots and the interviews after the chosen one; Enter on a slot books that pair; deferral disabled with the reason', async () => {
    const id = at('jsa');
    await renderCall(h, id);
    await waitFor(() => expect(radios(/free financial assessor slots/i).length).toBe(8));
    // The first free pair is chosen.
    await waitFor(() => expect(radios(/free financial assessor slots/i)[0]!.checked).toBe(true));
    const fa = radios(/free financial assessor slots/i);
    expect(labelOf(fa[0]!)).toMatch(/^Mon 23 Nov 2026 10:20 – .*Financial Assessor, 20 minutes/);
    // Jobseekers are never deferred: the control is there, disabled, with the reason.
    const defer = screen.getByRole('button', { name: /defer the interview/i }) as HTMLButtonElement;
    expect(defer.disabled).toBe(true);
    expect(document.getElementById(defer.getAttribute('aria-describedby')!)!.textContent).toMatch(/never deferred or waived/);
    expect(screen.getByText(/becomes the customer’s fortnightly signing day/)).toBeTruthy();
    expect(await seriousAxeViolations()).toEqual([]);

    const user = userEvent.setup();
    await user.click(fa[3]!);
    const chosenFa = labelOf(fa[3]!);
    const faInput = screen.getByLabelText(/Financial Assessor meeting \(20 minutes/) as HTMLInputElement;
    expect(faInput.value).toMatch(/^2026-11-23T/);
    const wfi = radios(/free interview slots after it/i);
    const faEnd = new Date(faInput.value).getTime() + 20 * 60_000;
    for (const r of wfi) expect(new Date(`2026-11-23T${labelOf(r).slice(16, 21)}:00`).getTime() >= faEnd || !labelOf(r).startsWith('Mon 23 Nov')).toBe(true);
    await user.click(wfi[1]!);
    const chosenWfi = labelOf(wfi[1]!);
    await user.keyboard('{Enter}');
    await waitForStepAway('appointments');
    const rec = h.record(id).appointment;
    if (rec?.kind !== 'booked') throw new Error('not booked');
    const bookings = appointmentsFor(h.app.calls)!.bookingsForCall(id);
    expect(bookings.map((b) => `${b.local} – ${b.adviser.name}`)).toEqual([chosenFa.split(',')[0], chosenWfi.split(',')[0]]);
  });

  it('lone parents: school hours by default; a time outside needs the customer’s reason', async () => {
    const id = at('lp');
    await renderCall(h, id);
    await waitFor(() => expect(radios(/free financial assessor slots \(09:30–15:00\)/i).length).toBeGreaterThan(0));
    const user = userEvent.setup();
    await user.click(screen.getAllByRole('button', { name: /later slots/i })[0]!);
    expect(radios(/free financial assessor slots/i).length).toBe(16);
    const times = () => [...radios(/free financial assessor slots/i), ...radios(/free interview slots/i)].map((r) => labelOf(r).slice(16, 21));
    for (const t of times()) expect(t >= '09:30' && t <= '14:40').toBe(true);
    await user.click(screen.getByRole('checkbox', { name: /asks for a time outside 09:30–15:00/i }));
    await user.type(screen.getByRole('textbox', { name: /other free slots from/i }), '24/11/2026');
    await waitFor(() => expect(labelOf(radios(/free financial assessor slots$/i)[0]!)).toMatch(/^Tue 24 Nov 2026 09:00/));
    expect(screen.getByRole('textbox', { name: /why this time/i })).toBeTruthy();
    // An early FA slot and no reason: refused at the reason field.
    const early = radios(/free financial assessor slots$/i).find((r) => labelOf(r).slice(16, 21) < '09:30')!;
    await user.click(early);
    await user.click(screen.getByRole('button', { name: /book both/i }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/outside 09:30–15:00/);
    expect(h.record(id).appointment).toBeNull();
    await user.type(screen.getByRole('textbox', { name: /why this time/i }), 'Drops the children at breakfast club');
    await user.click(screen.getByRole('button', { name: /book both/i }));
    await waitForStepAway('appointments');
    expect(h.record(id).appointment).toMatchObject({ kind: 'booked' });
  });

  it('a slot taken by another desk meanwhile: refused, the next free pair is put in the form, Enter books it', async () => {
    const id = at('jsa');
    await renderCall(h, id);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/First free/));
    const faInput = screen.getByLabelText(/Financial Assessor meeting \(20 minutes/) as HTMLInputElement;
    const offeredStart = new Date(faInput.value).toISOString();
    // Another FCO books the same pair first.
    const other = at('jsa');
    const free = await h.bridge.invoke('appointments.freeSlots', { callId: other });
    if (!free.ok || !free.value.suggestion) throw new Error('no slots');
    expect(free.value.suggestion.fa.slot.start).toBe(offeredStart);
    h.send(other, { type: 'appointment.book', fa: free.value.suggestion.fa.slot, wfi: free.value.suggestion.wfi.slot });

    const user = userEvent.setup();
    faInput.focus();
    await user.keyboard('{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/has just been booked by someone else/);
    // The next free pair: here the other financial assessor at the same time.
    const taken = free.value.suggestion.fa;
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Next free: Financial Assessor Mon 23 Nov 2026 10:20 \((?!Alex Archer)/));
    expect(screen.getByRole('status').textContent).not.toContain(taken.adviserName);
    expect(h.record(id).appointment).toBeNull();
    faInput.focus();
    await user.keyboard('{Enter}');
    await waitForStepAway('appointments');
    const mine = appointmentsFor(h.app.calls)!.bookingsForCall(id).find((b) => b.kind === 'fa')!;
    expect(mine).toMatchObject({ start: offeredStart, status: 'booked' });
    expect(mine.adviser.id).not.toBe(taken.slot.diaryId);
  });
});

describe('deferral', () => {
  it('employed with a medical certificate: the end date is worked out from the certificate on the claim; review date offered', async () => {
    const id = at('ib');
    await renderCall(h, id);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /defer the interview instead/i }));
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(4));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason' }), 'medCertEmployed');
    expect((screen.getByRole('textbox', { name: /medical certificate ends/i }) as HTMLInputElement).value).toBe('16/01/2027');
    const until = screen.getByRole('textbox', { name: /deferred until/i }) as HTMLInputElement;
    await waitFor(() => expect(until.value).toBe('30/01/2027'));
    expect(until.readOnly).toBe(true);
    expect(screen.getByRole('status').textContent).toMatch(/plus 14 days: Sat 30 Jan 2027\. \(68 days\)/);
    await user.click(screen.getByRole('button', { name: 'Review on 22/01/2027' }));
    expect((screen.getByRole('textbox', { name: /review date/i }) as HTMLInputElement).value).toBe('22/01/2027');
    await user.click(screen.getByRole('checkbox', { name: /claim pack sent/i }));
    await user.type(screen.getByRole('textbox', { name: /personal adviser allocated/i }), 'Pat Adviser');
    await user.click(screen.getByRole('checkbox', { name: /contact details given/i }));
    expect(await seriousAxeViolations()).toEqual([]);
    await user.click(screen.getByRole('button', { name: /record deferral/i }));
    await waitForStepAway('appointments');
    expect(h.record(id).appointment).toMatchObject({ kind: 'deferred', deferral: { reason: 'medCertEmployed', certificateTo: '2027-01-16', untilDate: '2027-01-30', reviewDate: '2027-01-22' } });
  });

  it('longer than 91 days: the FCO asks a team leader from the desk; once approved, the deferral records with the authorisation', async () => {
    const id = at('carer');
    await renderCall(h, id);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /defer the interview instead/i }));
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(4));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason' }), 'tooIll');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Which?' }), 'hospital');
    await user.type(screen.getByRole('textbox', { name: /^note/i }), 'Major surgery, long recovery');
    await user.type(screen.getByRole('textbox', { name: /deferred until/i }), '01/04/2027');
    await user.click(screen.getByRole('button', { name: /work out the dates/i }));
    await waitFor(() => expect((screen.getByRole('textbox', { name: /review date/i }) as HTMLInputElement).value).toBe('25/03/2027'));
    expect(screen.getByText(/needed before this deferral can be recorded/)).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: /claim pack sent/i }));
    await user.type(screen.getByRole('textbox', { name: /personal adviser allocated/i }), 'Pat Adviser');
    await user.click(screen.getByRole('checkbox', { name: /contact details given/i }));
    // Without the authorisation: refused at the authorisation.
    await user.click(screen.getByRole('button', { name: /record deferral/i }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/longer than 91 days and needs a team leader's authorisation/);

    await user.click(screen.getByRole('button', { name: /ask a team leader/i }));
    await waitFor(() => expect(screen.getByText(/waiting for the team leader/)).toBeTruthy());
    const svc = appointmentsFor(h.app.calls)!;
    const [pending] = svc.authorisations({ status: 'pending', callId: id });
    expect(pending).toMatchObject({ reason: 'tooIll', note: 'Major surgery, long recovery' });
    svc.decideAuthorisation(pending!.authorisationId, true, 'Agreed', 'tl-1');
    h.app.notify('deferralAuthorisation', pending!.authorisationId);
    await waitFor(() => expect(screen.getByText(/approved by tl-1/)).toBeTruthy());
    await user.click(screen.getByRole('button', { name: /record deferral/i }));
    await waitForStepAway('appointments');
    expect(h.record(id).appointment).toMatchObject({
      kind: 'deferred',
      deferral: { reason: 'tooIll', detail: 'hospital', untilDate: '2027-04-01', reviewDate: '2027-03-25', authorisationId: pending!.authorisationId, authorisedBy: 'tl-1' },
    });
  });
});
