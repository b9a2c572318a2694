// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { jobcentreAppPerTest } from '../helpers/jobcentreApp';
import { callAtAppointments, completeCall, slot } from './appointments-helpers';

/**
 * After a correction of the Jobcentre released the FA meeting booked on the call, the FA at the new Jobcentre is told
 * the evidence is due by the same date as the queue and the customer's letter, never the released meeting's day.
 */
const j = jobcentreAppPerTest();

describe('evidence due dates after a correction of the Jobcentre', () => {
  it('the FA claim panel, the queue and the letter agree, and none gives the released meeting', async () => {
    const ann = j.users.ann.userId;
    const { callId } = callAtAppointments(j.app, 'jsa', {}, ann);
    const booked = j.app.calls.send(callId, { type: 'appointment.book', fa: slot('JC-NORTH', '2026-11-26T10:00:00.000Z', 20), wfi: slot('JC-NORTH', '2026-11-26T10:30:00.000Z', 40) }, ann);
    if (!booked.ok) throw new Error(booked.error.message);
    completeCall(j.app, callId);
    const before = await j.bridgeFor('fay').invoke('evidence.claim', { callId });
    expect(before.ok && before.value.items.every((i) => i.due === '2026-11-26')).toBe(true);

    const corrected = await j.bridgeFor('tess').invoke('call.send', { callId, command: { type: 'claim.correct', target: 'office', value: 'JC-SOUTH', reason: 'The customer lives in the Southtown area' } });
    expect(corrected.ok).toBe(true);
    const sam = j.bridgeFor('sam');
    const queue = await sam.invoke('evidence.queue', {});
    if (!queue.ok) throw new Error(queue.error.message);
    const row = queue.value.rows.find((r) => r.callId === callId)!;
    expect(row.evidenceDue).not.toBeNull();
    const panel = await sam.invoke('evidence.claim', { callId });
    if (!panel.ok) throw new Error(panel.error.message);
    expect(new Set(panel.value.items.map((i) => i.due))).toEqual(new Set([row.evidenceDue]));
    const letter = await sam.invoke('evidence.letter', { callId });
    if (!letter.ok) throw new Error(letter.error.message);
    expect(letter.value.bodyHtml).not.toContain('Bring it to your meeting');
  });
});
