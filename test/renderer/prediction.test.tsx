// @vitest-environment jsdom
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiResult, Channel, IntakeBridge, RequestOf, ResponseOf } from '../../machines/contract/api';
import { CallScreen } from '../../renderer/desk/CallScreen';
import { focused, harnessPerTest, saved, stepKey, waitForStep } from './harness';
import { atQuestion, jsaAtAppointments, JSA } from './steps';

/**
 * The desk shows the next step the moment Enter is pressed (predicted with the server's own engine) and the server
 * stays the authority. A bridge that holds `call.send` answers until the test releases them shows both halves.
 */

const h = harnessPerTest();

type Held = { release: () => void; refuse: (code: 'storage_failed', message: string) => void };

function holdingBridge(inner: IntakeBridge) {
  const held: Held[] = [];
  let scriptLoaded = false;
  const bridge: IntakeBridge = {
    subscribe: inner.subscribe,
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
      if (channel !== 'call.send') {
        const r = await inner.invoke(channel, request);
        if (channel === 'script.get') scriptLoaded = true;
        return r;
      }
      return new Promise((resolve) => {
        held.push({
          release: () => void inner.invoke(channel, request).then(resolve),
          // What the service says when the disk is full: nothing was recorded.
          refuse: (code, message) => resolve({ ok: false, error: { code, message } }),
        });
      });
    },
  };
  return { bridge, held, scriptLoaded: () => scriptLoaded };
}

async function openAt(question: string) {
  const callId = h.callUntil(JSA(), atQuestion(question));
  const b = holdingBridge(h.bridge);
  render(<CallScreen bridge={b.bridge} callId={callId} onHome={() => undefined} onUnauthorised={() => undefined} />);
  await waitFor(() => expect(stepKey()).toBe(`q:${question}`));
  await waitFor(() => expect(b.scriptLoaded()).toBe(true));
  await new Promise((r) => setTimeout(r, 0));
  return { callId, ...b, user: userEvent.setup() };
}

describe('the next step appears before the server answers', () => {
  it('Enter shows the next question at once, focused, marked unsaved until the server accepts it', async () => {
    const { callId, held, user } = await openAt('fullName');
    await user.keyboard('Alex Example{Enter}');
    // The server has not answered yet (the command goes out a frame later), and the next step is already on
    // screen with focus in its field.
    expect(stepKey()).toBe('q:dateOfBirth');
    expect(focused()).toBe(screen.getByRole('textbox', { name: /date of birth/i }));
    expect(saved()).toBe(false);
    expect(h.record(callId).answers.fullName).toBeUndefined();

    await waitFor(() => expect(held).toHaveLength(1));
    // A save that takes long is said on screen, and the notice goes the moment it is saved.
    expect((await screen.findByRole('status', {}, { timeout: 2000 })).textContent).toMatch(/Saving the last step/);
    held[0]!.release();
    await waitForStep('q:dateOfBirth');
    expect(screen.queryByText(/Saving the last step/)).toBeNull();
    expect(h.record(callId).answers.fullName).toBe('Alex Example');
  });

  it('keeps typing ahead in order: a second answer sent before the first is saved follows it', async () => {
    const { callId, held, user } = await openAt('fullName');
    await user.keyboard('Alex Example{Enter}');
    await user.keyboard('02/03/1984{Enter}');
    expect(stepKey()).toBe('q:nino');
    // Only the first is on the wire; the second waits for it.
    await waitFor(() => expect(held).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(held).toHaveLength(1);
    held[0]!.release();
    await waitFor(() => expect(held).toHaveLength(2));
    held[1]!.release();
    await waitForStep('q:nino');
    expect(h.record(callId).answers).toMatchObject({ fullName: 'Alex Example', dateOfBirth: '1984-03-02' });
  });

  it('an answer the engine refuses is not predicted: the step stays and the server’s reason is shown by the field', async () => {
    const { held, user } = await openAt('nino');
    await user.keyboard('not a nino{Enter}');
    expect(stepKey()).toBe('q:nino');
    await waitFor(() => expect(held).toHaveLength(1));
    held[0]!.release();
    expect((await screen.findByRole('alert')).textContent).toMatch(/National Insurance number/);
    expect(stepKey()).toBe('q:nino');
  });

  it('when the server refuses a step the desk had moved past, the screen goes back, says so, and keeps what was typed', async () => {
    const { callId, held, user } = await openAt('fullName');
    await user.keyboard('Alex Example{Enter}');
    await user.keyboard('02/03/1984{Enter}');
    expect(stepKey()).toBe('q:nino');
    await waitFor(() => expect(held).toHaveLength(1));
    held[0]!.refuse('storage_failed', 'The answer could not be saved (disk full). Nothing was recorded; try again.');
    await waitForStep('q:fullName');
    const input = screen.getByRole('textbox', { name: /full name/i }) as HTMLInputElement;
    expect(input.value).toBe('Alex Example');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toMatch(/could not be saved/);
    // The answer queued behind the refused one was never sent.
    expect(held).toHaveLength(1);
    expect(h.record(callId).answers.fullName).toBeUndefined();
    expect(h.record(callId).answers.dateOfBirth).toBeUndefined();

    // Enter again sends it for real.
    await user.click(input);
    await user.keyboard('{Enter}');
    expect(stepKey()).toBe('q:dateOfBirth');
    await waitFor(() => expect(held).toHaveLength(2));
    held[1]!.release();
    await waitForStep('q:dateOfBirth');
    expect(h.record(callId).answers.fullName).toBe('Alex Example');
  });

  it('a booking someone else took a moment earlier: the desk had moved on, comes back to the booking with the next free pair, and Enter books it', async () => {
    const mine = jsaAtAppointments(h);
    const theirs = jsaAtAppointments(h);
    const free = await h.bridge.invoke('appointments.freeSlots', { callId: mine });
    if (!free.ok || !free.value.suggestion) throw new Error('the test diary offers no slots');
    const { fa, wfi } = free.value.suggestion;
    const b = holdingBridge(h.bridge);
    render(<CallScreen bridge={b.bridge} callId={mine} onHome={() => undefined} onUnauthorised={() => undefined} />);
    await waitFor(() => expect(b.scriptLoaded()).toBe(true));
    const faField = (await screen.findByLabelText(/Financial Assessor meeting \(20 minutes/)) as HTMLInputElement;
    await waitFor(() => expect(new Date(faField.value).toISOString()).toBe(fa.slot.start));

    // Another FCO books the same pair while this one talks to the customer.
    h.send(theirs, { type: 'appointment.book', fa: fa.slot, wfi: wfi.slot });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /book both/i }));
    expect(stepKey()).toBe('q:readBack');
    expect(saved()).toBe(false);
    // The server refuses it: the seats went to the other call first.
    await waitFor(() => expect(b.held).toHaveLength(1));
    b.held[0]!.release();
    await waitForStep('appointments');
    expect(screen.getByRole('alert').textContent).toMatch(/has just been booked by someone else/);
    expect(h.record(mine).appointment).toBeNull();
    // The server's next free pair is in the form, said in words; Enter books it.
    expect(screen.getByRole('status').textContent).toMatch(/Next free/);
    await user.click(screen.getByRole('button', { name: /book both/i }));
    await waitFor(() => expect(b.held).toHaveLength(2));
    b.held[1]!.release();
    await waitForStep('q:readBack');
    const booked = h.record(mine).appointment;
    const taken = h.record(theirs).appointment;
    expect(booked).toMatchObject({ kind: 'booked' });
    // Not the seats the other call holds: a different adviser or time.
    if (booked?.kind !== 'booked' || taken?.kind !== 'booked') throw new Error('both calls should be booked');
    expect([booked.fa.start, booked.fa.diaryId]).not.toEqual([taken.fa.start, taken.fa.diaryId]);
  });
});
