// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { appointmentsFor } from '../../main/appointments/service';
import type { DeskState } from '../../machines/deskState';
import { focused, harnessPerTest, renderCall, seriousAxeViolations, stepKey, waitForStepAway, } from './harness';
import { atPhase, callPastMarkers, jsaAtAppointments, readOutChecklist, IB, JSA } from './steps';

const h = harnessPerTest();

/** Plays the call to the markers step, confirms both, then plays on through `more` (each until its stop). */
const callAt = (answers: Record<string, unknown>, marker: string, stop: (s: DeskState) => boolean, prep?: (id: string) => void) =>
  callPastMarkers(h, answers, marker, stop, prep);
const readOut = (id: string) => readOutChecklist(h, id);

describe('evidence step', () => {
  it('lists often-forgotten items first and highlighted; every item must be ticked before the read-out is accepted', async () => {
    const id = callAt(IB(), 'incapacitated/disabled', atPhase('evidence'));
    await renderCall(h, id);
    expect(stepKey()).toBe('evidence');
    expect(await seriousAxeViolations()).toEqual([]);
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    const items = h.record(id).evidence.items;
    expect(boxes.map((b) => b.value)).toEqual(items.map((i) => i.id));
    expect(boxes[0]!.value).toBe('ssp1');
    expect(boxes[0]!.closest('li')!.className).toContain('often-forgotten');
    expect(within(boxes[0]!.closest('li')!).getByText('Often forgotten')).toBeTruthy();
    expect(focused()).toBe(boxes[0]);
    // IB books no FA meeting on the call: the FCO says where and by when, not "bring it to your meeting".
    const step = boxes[0]!.closest('fieldset')!;
    expect(step.textContent).not.toMatch(/meeting with the Financial Assessor/);
    for (const b of boxes) expect(b.closest('li')!.textContent).toMatch(/When: Send or take it to Northtown Jobcentre by Mon 21 Dec 2026/);

    const user = userEvent.setup();
    // Tick all but SSP1 (number keys 2…n), then try to continue: refused, naming what is still to read.
    for (let i = 2; i <= boxes.length; i++) await user.keyboard(String(i));
    await user.keyboard('{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/SSP1/);
    expect(h.record(id).evidence.readOut).toBe(false);
    expect(boxes.slice(1).every((b) => b.checked)).toBe(true);
    expect(await seriousAxeViolations()).toEqual([]);

    await user.keyboard('1{Enter}');
    await waitForStepAway('evidence');
    expect(h.record(id).evidence.readOut).toBe(true);
    const sent = h.bridge.calls.filter((c) => c.channel === 'call.send').map((c) => (c.request as { command: { type: string; itemsRead?: string[] } }).command);
    expect(sent.at(-1)).toMatchObject({ type: 'evidence.readOut', itemsRead: expect.arrayContaining(items.map((i) => i.id)) });
  });

  it('a jobseeker, whose FA meeting is booked on this call, is told to bring the items to it', async () => {
    const id = callAt(JSA(), 'jobseeker', atPhase('evidence'));
    await renderCall(h, id);
    expect(stepKey()).toBe('evidence');
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) expect(b.closest('li')!.textContent).toMatch(/When: Bring to your meeting with the Financial Assessor/);
  });
});

/**
 * The job-search area replaces the simple step, with its own tests; these hold for either version. Driving a real
 * search by keyboard needs the job-search reference data, so it is done in Chromium (test/e2e/desk.test.ts).
 */
describe('job search step', () => {
  it('jobseekers: focus lands in the step, no skip is offered and the server refuses one', async () => {
    const id = callAt(JSA(), 'jobseeker', atPhase('jobSearch'), readOut);
    await renderCall(h, id);
    expect(stepKey()).toMatch(/^jobSearch/);
    expect(document.activeElement?.closest('[data-step-key]')).not.toBeNull();
    expect(await seriousAxeViolations()).toEqual([]);
    expect(screen.queryByRole('button', { name: /skip/i })).toBeNull();
    const skip = await h.bridge.invoke('call.send', { callId: id, command: { type: 'jobsearch.skip', reason: 'not today' } });
    expect(skip.ok || skip.error.code).toBe('policy_forbids');
    expect(h.record(id).jobSearch).toMatchObject({ finished: false, skippedReason: null });
  });

  it('optional: skipping needs a reason; the reason is recorded', async () => {
    const id = callAt({ ...IB(), interestInWork: 'notNow' }, 'incapacitated/disabled', atPhase('jobSearch'), readOut);
    await renderCall(h, id);
    const user = userEvent.setup();
    const reason = screen.getByRole('textbox', { name: /reason for skipping/i }) as HTMLInputElement;
    expect(focused()).toBe(reason);
    // The reason is prefilled from the customer's answer; wait for it, then clear it to check an empty one is refused.
    await waitFor(() => expect(reason.value).not.toBe(''));
    await user.clear(reason);
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/why/i);
    expect(await seriousAxeViolations()).toEqual([]);
    await user.keyboard('Not ready to look for work{Enter}');
    await waitForStepAway(/^jobSearch/);
    expect(h.record(id).jobSearch.skippedReason).toBe('Not ready to look for work');
  });
});

describe('appointment step', () => {
  const toAppointments = (answers: Record<string, unknown>, marker: string, jobSearch: (id: string) => void) =>
    callAt(answers, marker, atPhase('appointments'), (id) => (readOut(id), jobSearch(id)));

  it('book on call: offers the first free diary pair at the confirmed office; a short WFI must be acknowledged; nothing lost on refusal', async () => {
    const id = jsaAtAppointments(h);
    const free = await h.bridge.invoke('appointments.freeSlots', { callId: id });
    if (!free.ok || !free.value.suggestion) throw new Error('the test diary offers no slots');
    const suggestion = free.value.suggestion;
    await renderCall(h, id);
    expect(stepKey()).toBe('appointments');
    const form = screen.getByRole('form', { name: /book the appointments/i });
    expect(within(form).getByText('Northtown Jobcentre')).toBeTruthy();
    const fa = screen.getByLabelText(/Financial Assessor meeting \(20 minutes/) as HTMLInputElement;
    expect(focused()).toBe(fa);
    await waitFor(() => expect(new Date(fa.value).toISOString()).toBe(suggestion.fa.slot.start));
    expect(screen.getByRole('status').textContent).toContain(suggestion.fa.adviserName);
    expect(await seriousAxeViolations()).toEqual([]);

    const user = userEvent.setup();
    const minutes = screen.getByRole('textbox', { name: /interview length/i }) as HTMLInputElement;
    await user.clear(minutes);
    await user.type(minutes, '20');
    expect(screen.getByText(/leaves no time for the job search/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /book both/i }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/under 30 minutes/);
    expect(minutes.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('checkbox', { name: /short interview anyway/i })).toBeTruthy();
    expect(h.record(id).appointment).toBeNull();
    expect(minutes.value).toBe('20');
    expect(h.record(id).markers.benefit.valid).toBe(true);
    expect(await seriousAxeViolations()).toEqual([]);

    await user.clear(minutes);
    await user.type(minutes, String(suggestion.wfi.slot.minutes));
    await user.keyboard('{Enter}');
    await waitForStepAway('appointments');
    const appt = h.record(id).appointment;
    expect(appt).toMatchObject({ kind: 'booked', fa: { minutes: 20, officeCode: 'JC-NORTH', start: suggestion.fa.slot.start }, wfi: { officeCode: 'JC-NORTH', start: suggestion.wfi.slot.start } });
  });

  it('due window (IB): shows the window from the claim date and accepts it; no booking form', async () => {
    const id = toAppointments(IB(), 'incapacitated/disabled', (i) => h.send(i, { type: 'jobsearch.skip', reason: 'Not now' }));
    await renderCall(h, id);
    expect(screen.queryByLabelText(/Financial Assessor meeting \(20 minutes/)).toBeNull();
    // Day 91 (21/02/2027) is a Sunday: the FCO tells the customer the Friday before, as the letter does.
    expect(screen.getByText(/between/).textContent).toMatch(/18\/01\/2027 and 19\/02\/2027/);
    expect(screen.getByText(/first and last days the Jobcentre is open/).textContent).toMatch(/runs from 18\/01\/2027 to 21\/02\/2027/);
    expect(await seriousAxeViolations()).toEqual([]);
    const user = userEvent.setup();
    expect(focused()).toBe(screen.getByRole('button', { name: /window explained/i }));
    await user.keyboard('{Enter}');
    await waitForStepAway('appointments');
    expect(h.record(id).appointment).toMatchObject({ kind: 'dueWindow', from: '2027-01-18', to: '2027-02-21' });
  });

  it('deferral (where policy allows): every required part is checked by the server and shown at its field', async () => {
    const id = toAppointments(IB(), 'incapacitated/disabled', (i) => h.send(i, { type: 'jobsearch.skip', reason: 'Not now' }));
    await renderCall(h, id);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /defer the interview instead/i }));
    expect(focused()).toBe(screen.getByRole('combobox', { name: 'Reason' }));
    expect(await seriousAxeViolations()).toEqual([]);
    await waitFor(() => expect(screen.getAllByRole('option').length).toBeGreaterThan(2));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason' }), 'tooIll');
    await user.type(screen.getByRole('textbox', { name: /deferred until/i }), '01/02/2027');
    await user.type(screen.getByRole('textbox', { name: /review date/i }), '20/01/2027');
    await user.type(screen.getByRole('textbox', { name: /personal adviser allocated/i }), 'Pat Adviser');
    await user.click(screen.getByRole('button', { name: /record deferral/i }));
    // Claim pack not ticked: refused, message at that tick box.
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/claim pack/);
    expect(screen.getByRole('checkbox', { name: /claim pack sent/i }).getAttribute('aria-invalid')).toBe('true');
    await user.click(screen.getByRole('checkbox', { name: /claim pack sent/i }));
    await user.click(screen.getByRole('checkbox', { name: /contact details given/i }));
    await user.click(screen.getByRole('button', { name: /record deferral/i }));
    await waitForStepAway('appointments');
    expect(h.record(id).appointment).toMatchObject({ kind: 'deferred', deferral: { reason: 'tooIll', untilDate: '2027-02-01', reviewDate: '2027-01-20', paAllocated: 'Pat Adviser' } });
  });

  it('no WFI (Housing/Council Tax Benefit only): records "no WFI"; job search is shown as not needed', async () => {
    const answers = { ...JSA(), claimReason: 'housingCostsOnly', housingOnlyConfirm: true, hbTenure: 'council' };
    const id = callAt(answers, 'hb/ctb only', atPhase('appointments'), readOut);
    await renderCall(h, id);
    expect(stepKey()).toBe('appointments');
    expect(screen.getByRole('navigation', { name: 'Call progress' }).textContent).toContain('Job search (not needed)');
    expect(screen.queryByRole('button', { name: /defer/i })).toBeNull();
    expect(await seriousAxeViolations()).toEqual([]);
    const user = userEvent.setup();
    expect(focused()).toBe(screen.getByRole('button', { name: /record “no WFI”/i }));
    await user.keyboard('{Enter}');
    await waitForStepAway('appointments');
    expect(h.record(id).appointment).toMatchObject({ kind: 'noWfi' });
  });

  it('wrap-up questions lead to the complete step with the claim summary', async () => {
    const id = toAppointments(IB(), 'incapacitated/disabled', (i) => h.send(i, { type: 'jobsearch.skip', reason: 'Not now' }));
    h.send(id, { type: 'appointment.window.accept' });
    await renderCall(h, id);
    const user = userEvent.setup();
    while (stepKey()?.startsWith('q:')) {
      const before = stepKey();
      await user.keyboard('{Enter}');
      await waitForStepAway(before);
    }
    expect(stepKey()).toBe('complete');
    expect(h.record(id).status).toBe('complete');
    const summary = screen.getByRole('heading', { name: 'Claim complete' }).closest('section')!;
    expect(summary.textContent).toContain('incapacitated/disabled');
    expect(summary.textContent).toContain('Northtown Jobcentre (JC-NORTH)');
    expect(summary.textContent).toContain('The Jobcentre calls the customer in between 18/01/2027 and 19/02/2027');
    // The hand-off went with the completing event: the screen says so, and the store agrees.
    expect(screen.getByRole('status').textContent).toMatch(/The hand-off record has gone to Northtown Jobcentre/);
    expect(appointmentsFor(h.app.calls)!.handoff(id)).toMatchObject({ ok: true, value: { status: 'sent', sentRevision: 1 } });
    expect(screen.queryByRole('button', { name: /end call/i })).toBeNull();
    expect(await seriousAxeViolations()).toEqual([]);
  });
});
