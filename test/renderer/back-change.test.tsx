// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { focused, harnessPerTest, renderCall, seriousAxeViolations, stepKey, waitForStep, waitForStepAway, } from './harness';
import { atPhase, atQuestion, JSA } from './steps';

const h = harnessPerTest();

describe('back and change', () => {
  it('Alt+B and Alt+← go back; the accepted answer is prefilled; Alt+→ returns to where the FCO was', async () => {
    const id = h.callUntil(JSA(), atQuestion('languageNeeds'));
    await renderCall(h, id);
    const user = userEvent.setup();
    await user.keyboard('{Alt>}b{/Alt}');
    await waitForStep('q:contactTimes:review');
    expect((screen.getByRole('radio', { name: /mornings/i }) as HTMLInputElement).checked).toBe(true);
    expect(focused()).toBe(screen.getByRole('radio', { name: /mornings/i }));
    expect(screen.getByText(/went back to check an earlier answer/)).toBeTruthy();
    expect(await seriousAxeViolations()).toEqual([]);

    await user.keyboard('{Alt>}{ArrowLeft}{/Alt}');
    await waitForStep('q:phone:review');
    expect((screen.getByRole('textbox', { name: /phone/i }) as HTMLInputElement).value).toBe(String(h.record(id).answers.phone));
    await user.keyboard('{Alt>}{ArrowLeft}{/Alt}');
    await waitForStep('q:postcode:review');
    expect((screen.getByRole('textbox', { name: /postcode/i }) as HTMLInputElement).value).toBe('QA1 2BB');

    await user.keyboard('{Alt>}{ArrowRight}{/Alt}');
    await waitForStep('q:languageNeeds');
    // Going back and returning appended events but changed no answer.
    expect(h.record(id).answers.postcode).toBe('QA1 2BB');
  });

  it('changing an earlier answer shows which later answers and confirmations now need attention, and keeps the rest', async () => {
    const id = h.callUntil(JSA(), atPhase('markers'));
    h.send(id, { type: 'marker.benefit.confirm', marker: 'jobseeker' });
    h.send(id, { type: 'office.confirm', officeCode: 'JC-NORTH' });
    expect(h.record(id).phase).toBe('evidence');
    await renderCall(h, id);
    const user = userEvent.setup();
    // Back through the jobseeker questions to the reason for the claim.
    for (let guard = 0; guard < 20 && stepKey() !== 'q:claimReason:review'; guard++) {
      const before = stepKey();
      await user.keyboard('{Alt>}b{/Alt}');
      await waitForStepAway(before);
    }
    expect(stepKey()).toBe('q:claimReason:review');
    expect((screen.getByRole('radio', { name: /looking for work/i }) as HTMLInputElement).checked).toBe(true);

    // Change it to illness: the jobseeker answers drop off the path and the benefit marker must be confirmed again.
    await user.keyboard('2{Enter}');
    await waitForStep('q:illnessPreventsWork');
    const notice = screen.getByRole('heading', { name: /your change affects later steps/i }).closest('section')!;
    expect(notice.textContent).toMatch(/Benefit marker: answers changed, confirm it again/);
    // Listed in the script's own words, as the FCO asked them.
    expect(notice.textContent).toMatch(/What kind of work are you looking for\?/);
    expect(await seriousAxeViolations()).toEqual([]);
    const side = screen.getByRole('complementary', { name: 'Claim so far' });
    expect(within(side).getByRole('heading', { name: /no longer used/i })).toBeTruthy();

    const rec = h.record(id);
    expect(rec.staleAnswers).toEqual(expect.arrayContaining(['jsaJobGoal', 'jsaHoursPerWeek']));
    expect(rec.answers).toMatchObject({ fullName: 'Alex Example', postcode: 'QA1 2BB', claimReason: 'illness' });
    expect(rec.markers.benefit.valid).toBe(false);
    // The office still holds: the postcode did not change.
    expect(rec.markers.jobcentre.valid).toBe(true);
  });

  it('a refused change keeps the typed draft and the accepted answer on the server', async () => {
    const id = h.callUntil(JSA(), atQuestion('addressLine'));
    await renderCall(h, id);
    const user = userEvent.setup();
    await user.keyboard('{Alt>}b{/Alt}');
    await waitForStep('q:nino:review');
    const input = screen.getByRole('textbox', { name: /National Insurance/ }) as HTMLInputElement;
    await user.clear(input);
    await user.keyboard('XX{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/National Insurance/);
    expect(input.value).toBe('XX');
    expect(h.record(id).customer.nino).toBe('AB123456C');
    expect(stepKey()).toBe('q:nino:review');
  });

  it('Back is disabled on the first question', async () => {
    const id = h.callUntil(JSA(), atQuestion('opening'));
    await renderCall(h, id);
    expect((screen.getByRole('button', { name: /back/i }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('ending a call', () => {
  it('Alt+E asks why (number keys pick), Enter ends it; answers already accepted are kept', async () => {
    const id = h.callUntil(JSA(), atQuestion('postcode'));
    await renderCall(h, id);
    const user = userEvent.setup();
    await user.keyboard('QA1');
    await user.keyboard('{Alt>}e{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: /end the call/i });
    expect(focused()).toBe(within(dialog).getByRole('radio', { name: /caller hung up/i }));
    expect(await seriousAxeViolations()).toEqual([]);
    // Escape cancels and puts the FCO back on the answer, draft intact.
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(focused()).toBe(screen.getByRole('textbox', { name: /postcode/i }));
    expect((focused() as HTMLInputElement).value).toBe('QA1');

    await user.keyboard('{Alt>}e{/Alt}');
    await screen.findByRole('dialog');
    await user.keyboard('3{Enter}');
    await waitForStep('ended');
    expect(h.record(id)).toMatchObject({ status: 'ended', ended: { reason: 'transferred' }, customer: { name: 'Alex Example' } });
    expect(screen.getByRole('heading', { name: /call ended: transferred/i })).toBeTruthy();
    expect(await seriousAxeViolations()).toEqual([]);
  });
});
