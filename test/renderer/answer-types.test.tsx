// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { atQuestion, IB, JSA } from './steps';
import { focused, harnessPerTest, renderCall, seriousAxeViolations, stepKey, waitForStep, waitForStepAway, } from './harness';

const h = harnessPerTest();

/** Opens the call at question `id`, checks focus and axe, returns the user-event instance. */
async function at(id: string, answers = JSA()) {
  const callId = h.callUntil(answers, atQuestion(id));
  await renderCall(h, callId);
  expect(stepKey()).toBe(`q:${id}`);
  expect(await seriousAxeViolations()).toEqual([]);
  return { user: userEvent.setup(), callId };
}

describe('answer controls, one per answer type, against the real call service', () => {
  it('acknowledge: focus is on Continue and Enter moves on', async () => {
    const { user, callId } = await at('opening');
    expect(focused()).toBe(screen.getByRole('button', { name: /done, continue/i }));
    await user.keyboard('{Enter}');
    await waitForStep('q:dataProtection');
    expect(h.record(callId).answers.opening).toBe(true);
  });

  it('text: the say text is the label, focus lands in the field, Enter submits the trimmed answer', async () => {
    const { user, callId } = await at('fullName');
    const input = screen.getByRole('textbox', { name: 'Can I take your full name, please?' });
    expect(focused()).toBe(input);
    await user.keyboard('  Alex Example {Enter}');
    await waitForStep('q:dateOfBirth');
    expect(h.record(callId).customer.name).toBe('Alex Example');
  });

  it('text: an empty answer is refused by the server, announced as an alert next to the field', async () => {
    const { user } = await at('fullName');
    await user.keyboard('{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/full name/);
    const input = screen.getByRole('textbox', { name: /full name/i });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toContain(alert.id);
    expect(stepKey()).toBe('q:fullName');
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('date: typed as DD/MM/YYYY, stored as ISO; an impossible date is refused and the draft is kept', async () => {
    const { user, callId } = await at('dateOfBirth');
    await user.keyboard('31/02/1984{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/not a real date/);
    const input = screen.getByRole('textbox', { name: /date of birth/i }) as HTMLInputElement;
    expect(input.value).toBe('31/02/1984');
    expect(h.record(callId).customer.dateOfBirth).toBeNull();
    await user.clear(input);
    await user.keyboard('2/3/1984{Enter}');
    await waitForStep('q:nino');
    expect(h.record(callId).customer.dateOfBirth).toBe('1984-03-02');
  });

  it('date: text that is not a date at all is caught before sending', async () => {
    const { user } = await at('dateOfBirth');
    const before = h.bridge.calls.length;
    await user.keyboard('last spring{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/DD\/MM\/YYYY/);
    expect(h.bridge.calls.length).toBe(before);
  });

  it('nino: a refusal keeps what was typed and names the problem; the corrected answer is stored normalised', async () => {
    const { user, callId } = await at('nino');
    await user.keyboard('ab 12 34 56 x{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/National Insurance/);
    const input = screen.getByRole('textbox', { name: /National Insurance/ }) as HTMLInputElement;
    expect(input.value).toBe('ab 12 34 56 x');
    expect(focused()).toBe(input);
    await user.keyboard('{Backspace}c{Enter}');
    await waitForStep('q:addressLine');
    expect(h.record(callId).customer.nino).toBe('AB123456C');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('postcode: accepted, normalised, and the suggested Jobcentre appears in the side panel (not confirmed)', async () => {
    const { user, callId } = await at('postcode');
    await user.keyboard('qa12bb{Enter}');
    await waitForStep('q:phone');
    expect(h.record(callId).customer.postcode).toBe('QA1 2BB');
    const side = screen.getByRole('complementary', { name: 'Claim so far' });
    expect(side.textContent).toContain('Northtown Jobcentre');
    expect(side.textContent).toContain('1 North St');
    expect(side.textContent).toMatch(/5\.6 km/);
    expect(side.textContent).toContain('Suggested, not confirmed');
  });

  it('phone: an invalid number is refused, a valid one stored', async () => {
    const { user, callId } = await at('phone');
    await user.keyboard('12345{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/phone number/);
    await user.clear(screen.getByRole('textbox', { name: /phone number/ }));
    await user.keyboard('0113 496 0000{Enter}');
    await waitForStep('q:contactTimes');
    expect(h.record(callId).customer.phone).not.toBeNull();
  });

  it('when the service cannot be reached, says so next to the field and keeps the draft; the retry goes through', async () => {
    const { user, callId } = await at('addressLine');
    const real = h.bridge.invoke.bind(h.bridge);
    let down = true;
    h.bridge.invoke = (async (channel: string, request: unknown) =>
      down && channel === 'call.send'
        ? { ok: false, error: { code: 'storage_failed', message: 'The desk cannot reach the intake service. Check it is running; answers already accepted are kept.' } }
        : real(channel as never, request as never)) as typeof h.bridge.invoke;
    await user.keyboard('12 Mill Lane{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/cannot reach the intake service/);
    const input = screen.getByRole('textbox', { name: /address/i }) as HTMLInputElement;
    expect(input.value).toBe('12 Mill Lane');
    expect(h.record(callId).answers.fullName).toBe('Alex Example');
    down = false;
    await user.keyboard('{Enter}');
    await waitForStep('q:postcode');
    expect(h.record(callId).customer.address).toBe('12 Mill Lane');
  });

  it('choice: number keys pick the option (and move focus to it), Enter continues', async () => {
    const { user, callId } = await at('contactTimes');
    const radios = screen.getAllByRole('radio');
    expect(focused()).toBe(radios[0]);
    await user.keyboard('2');
    expect((radios[1] as HTMLInputElement).checked).toBe(true);
    expect(focused()).toBe(radios[1]);
    await user.keyboard('{Enter}');
    await waitForStep('q:languageNeeds');
    expect(h.record(callId).customer.contactTimes).toBe('afternoons');
  });

  it('choice: Enter with nothing picked says which keys to press and sends nothing', async () => {
    const { user } = await at('contactTimes');
    const before = h.bridge.calls.length;
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/press 1–4/);
    expect(h.bridge.calls.length).toBe(before);
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('yesNo: 1 is yes and 2 is no', async () => {
    const { user, callId } = await at('partnerDeclared');
    expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual(['yes', 'no']);
    await user.keyboard('1');
    expect((screen.getByRole('radio', { name: /yes/i }) as HTMLInputElement).checked).toBe(true);
    await user.keyboard('2{Enter}');
    await waitForStep('q:jsaJobGoal');
    expect(h.record(callId).customer.partnerDeclared).toBe(false);
  });

  it('number: sent as a number; a non-number is refused by the server with the field named', async () => {
    const { user, callId } = await at('jsaHoursPerWeek');
    await user.keyboard('lots{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/number/);
    await user.clear(screen.getByRole('textbox'));
    await user.keyboard('30{Enter}');
    await waitForStep('q:jsaMaxTravelMiles');
    expect(h.record(callId).answers.jsaHoursPerWeek).toBe(30);
  });

  it('multiChoice: number keys tick and untick, Enter sends the ticked values', async () => {
    const { user, callId } = await at('ibComplexity', IB());
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    await user.keyboard('1');
    await user.keyboard('2');
    await user.keyboard('1');
    expect(boxes.map((b) => b.checked)).toEqual([false, true, false]);
    await user.keyboard('{Enter}');
    await waitForStepAway('q:ibComplexity');
    expect(h.record(callId).answers.ibComplexity).toEqual(['niAccountProblem']);
  });
});
