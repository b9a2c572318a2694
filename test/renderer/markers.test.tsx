// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CONTACT_CENTRE, focused, harnessPerTest, renderCall, seriousAxeViolations, stepKey, waitForStep } from './harness';
import { atPhase, IB, JSA } from './steps';

const h = harnessPerTest();

async function markersFor(answers: Record<string, unknown>) {
  const callId = h.callUntil(answers, atPhase('markers'));
  await renderCall(h, callId);
  expect(stepKey()).toBe('markers:--');
  return { callId, user: userEvent.setup() };
}

const officeRadios = () => screen.queryAllByRole('radio').filter((r) => (r as HTMLInputElement).name === 'office') as HTMLInputElement[];
const benefitRadios = () => screen.getAllByRole('radio').filter((r) => (r as HTMLInputElement).name === 'benefitMarker') as HTMLInputElement[];
const noContactCentreAnywhere = () => {
  expect(document.body.textContent).not.toContain(CONTACT_CENTRE.name);
  expect(document.querySelector(`input[value="${CONTACT_CENTRE.code}"]`)).toBeNull();
};

describe('markers step', () => {
  it('preselects the derived marker and the suggested office, but confirms nothing until the FCO acts', async () => {
    const { callId, user } = await markersFor(JSA());
    expect(await seriousAxeViolations()).toEqual([]);
    expect(benefitRadios().find((r) => r.checked)?.value).toBe('jobseeker');
    expect(focused()).toBe(benefitRadios().find((r) => r.checked));
    expect(officeRadios().find((r) => r.checked)?.value).toBe('JC-NORTH');
    const rec = h.record(callId);
    expect(rec.markers.benefit.confirmed).toBeNull();
    expect(rec.markers.jobcentre.confirmed).toBeNull();
    // There is no generic Continue: the only ways forward are the two confirmations.
    expect(screen.queryByRole('button', { name: /^continue/i })).toBeNull();
    noContactCentreAnywhere();

    await user.keyboard('{Enter}');
    await waitForStep('markers:b-');
    expect(h.record(callId).markers.benefit).toMatchObject({ confirmed: 'jobseeker', valid: true, override: null });
    // Still on the markers step: the office is not confirmed, whatever was preselected.
    expect(h.record(callId).markers.jobcentre.confirmed).toBeNull();
    expect(h.record(callId).phase).toBe('markers');
    expect(focused()).toBe(officeRadios().find((r) => r.value === 'JC-NORTH'));
    expect(await seriousAxeViolations()).toEqual([]);

    await user.keyboard('{Enter}');
    await waitForStep('evidence');
    expect(h.record(callId).markers.jobcentre).toMatchObject({ valid: true, override: null, confirmed: expect.objectContaining({ code: 'JC-NORTH' }) });
  });

  it('a different benefit marker needs a reason from the list (and a note for "other"); it is flagged', async () => {
    const { callId, user } = await markersFor(JSA());
    await user.keyboard('2');
    const chosen = benefitRadios().find((r) => r.checked)!.value;
    expect(chosen).not.toBe('jobseeker');
    const reason = screen.getByRole('combobox', { name: 'Reason' });
    expect(within(reason).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['', 'answersIncomplete', 'teamLeaderInstruction', 'other']);

    const sent = h.bridge.calls.length;
    await user.click(screen.getByRole('button', { name: /confirm benefit marker/i }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/reason/);
    expect(h.bridge.calls.length).toBe(sent);

    // "other" without a note: the server refuses, the message sits with the reason fields.
    await user.selectOptions(reason, 'other');
    await user.click(screen.getByRole('button', { name: /confirm benefit marker/i }));
    const refusal = await screen.findByRole('alert');
    expect(refusal.textContent).toMatch(/Explain the "other" reason/);
    expect(reason.getAttribute('aria-describedby')).toContain(refusal.id);
    expect(h.record(callId).markers.benefit.confirmed).toBeNull();
    expect(await seriousAxeViolations()).toEqual([]);

    await user.type(screen.getByRole('textbox', { name: /note/i }), 'Customer is also caring full time');
    await user.click(screen.getByRole('button', { name: /confirm benefit marker/i }));
    await waitForStep('markers:b-');
    const rec = h.record(callId);
    expect(rec.markers.benefit).toMatchObject({ confirmed: chosen, derived: 'jobseeker', valid: true, override: { reason: 'other', note: 'Customer is also caring full time' } });
    expect(rec.flags).toEqual([expect.objectContaining({ kind: 'benefitMarkerOverride', chosenMarker: chosen })]);
  });

  it('choosing an office other than the suggestion asks for a reason and free text; the override is flagged', async () => {
    const { callId, user } = await markersFor(JSA());
    await user.keyboard('{Enter}');
    await waitForStep('markers:b-');
    const east = officeRadios().findIndex((r) => r.value === 'JC-EAST');
    expect(east).toBeGreaterThan(0);
    await user.keyboard(String(east + 1));
    expect(officeRadios()[east]!.checked).toBe(true);
    expect(screen.getByRole('group', { name: /Why not Northtown Jobcentre/ })).toBeTruthy();
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/reason/);
    expect(h.record(callId).markers.jobcentre.confirmed).toBeNull();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason' }), 'customerChoice');
    await user.type(screen.getByRole('textbox', { name: /note/i }), 'Works in Easttown');
    expect(await seriousAxeViolations()).toEqual([]);
    await user.click(screen.getByRole('button', { name: /confirm jobcentre/i }));
    await waitForStep('evidence');
    const rec = h.record(callId);
    expect(rec.markers.jobcentre).toMatchObject({ confirmed: expect.objectContaining({ code: 'JC-EAST' }), override: { reason: 'customerChoice', note: 'Works in Easttown' } });
    expect(rec.flags).toEqual([expect.objectContaining({ kind: 'officeOverride', suggestedCode: 'JC-NORTH', chosenCode: 'JC-EAST' })]);
  });

  it('never lists the contact centre, even when the directory search returns it', async () => {
    const { user } = await markersFor(JSA());
    // The harness directory deliberately contains the contact centre; its search matches "Centre".
    expect(h.app.directory.searchOffices('Centre', 20).map((o) => o.code)).toContain(CONTACT_CENTRE.code);
    await user.type(screen.getByRole('textbox', { name: /find another jobcentre/i }), 'Centre{Enter}');
    await screen.findByText(/offices? found|No offices found/);
    noContactCentreAnywhere();
    await user.clear(screen.getByRole('textbox', { name: /find another jobcentre/i }));
    await user.type(screen.getByRole('textbox', { name: /find another jobcentre/i }), 'town{Enter}');
    await waitFor(() => expect(officeRadios().length).toBeGreaterThanOrEqual(3));
    noContactCentreAnywhere();
  });

  it('approximate lookup: nothing preselected, the FCO must choose; a nearby candidate needs no reason', async () => {
    const { callId, user } = await markersFor(IB('QA1 9ZZ'));
    expect(h.record(callId).markers.jobcentre.lookup).toBe('approximate');
    await user.keyboard('{Enter}');
    await waitForStep('markers:b-');
    expect(officeRadios().some((r) => r.checked)).toBe(false);
    expect(screen.getByText(/Only the postcode area/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /confirm jobcentre/i }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Choose the Jobcentre/);
    expect(await seriousAxeViolations()).toEqual([]);
    officeRadios()[0]!.focus();
    await user.keyboard('1{Enter}');
    await waitForStep('evidence');
    expect(h.record(callId).markers.jobcentre).toMatchObject({ valid: true, override: null });
  });

  it('unknown postcode: the search has focus; the chosen office needs a reason', async () => {
    const { callId, user } = await markersFor(JSA('ZZ9 9ZZ'));
    await user.keyboard('{Enter}');
    await waitForStep('markers:b-');
    const search = screen.getByRole('textbox', { name: /find the jobcentre/i });
    expect(focused()).toBe(search);
    expect(officeRadios()).toHaveLength(0);
    await user.keyboard('South{Enter}');
    await waitFor(() => expect(officeRadios().map((r) => r.value)).toEqual(['JC-SOUTH']));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Reason' }), 'postcodeBoundary');
    expect(await seriousAxeViolations()).toEqual([]);
    await user.click(screen.getByRole('button', { name: /confirm jobcentre/i }));
    await waitForStep('evidence');
    expect(h.record(callId).markers.jobcentre).toMatchObject({ confirmed: expect.objectContaining({ code: 'JC-SOUTH' }), override: { reason: 'postcodeBoundary' } });
  });
});
