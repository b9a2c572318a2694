// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { Desk } from '../../renderer/desk/Desk';
import { seriousAxeViolations } from '../helpers/axe';
import { jobcentreAppPerTest } from '../helpers/jobcentreApp';
import { callAtAppointments, completeCall, slot } from './appointments-helpers';

/**
 * The FA's feedback proforma reaches the FCO who took the claim, on their desk's home: against the real app (SQLite,
 * router, roles), as the FA sends it from the FA workspace.
 */
const j = jobcentreAppPerTest();

/** A jobseeker's claim taken by Ann, its FA meeting and interview booked at JC-NORTH on Thu 26 Nov 2026. */
function jsaClaim(fullName: string, fa: string, wfi: string): { callId: string; firstItem: { id: string; what: string } } {
  const ann = j.users.ann.userId;
  const { callId } = callAtAppointments(j.app, 'jsa', { fullName }, ann);
  const r = j.app.calls.send(callId, { type: 'appointment.book', fa: slot('JC-NORTH', fa, 20), wfi: slot('JC-NORTH', wfi, 40) }, ann);
  if (!r.ok) throw new Error(r.error.message);
  const done = completeCall(j.app, callId);
  return { callId, firstItem: done.record.evidence.items[0]! };
}

const renderDesk = () => render(createElement(Desk, { bridge: j.bridgeFor('ann'), onUnauthorised: () => undefined }));

describe('feedback from financial assessors on the FCO’s desk', () => {
  it('shows what the FA found missing or wrong, by whom and where, in words; a clean claim says so', async () => {
    const first = renderDesk();
    expect(await screen.findByText('No feedback from financial assessors on your claims yet.')).toBeTruthy();
    first.unmount();

    const alex = jsaClaim('Alex Example', '2026-11-26T10:00:00.000Z', '2026-11-26T10:30:00.000Z');
    const bea = jsaClaim('Bea Clean', '2026-11-26T11:00:00.000Z', '2026-11-26T11:30:00.000Z');
    const fay = j.bridgeFor('fay');
    const sent = await fay.invoke('evidence.submitFeedback', {
      callId: alex.callId,
      claimForm: 'missing',
      claimFormNote: 'Not posted: the customer was never told to sign it',
      evidenceMissing: [alex.firstItem.id],
      evidenceNote: 'Brought nothing',
      wishedKnown: 'That he had a job offer starting next month',
    });
    expect(sent.ok).toBe(true);
    j.clock.set('2026-11-26T12:30:00.000Z');
    expect((await fay.invoke('evidence.submitFeedback', { callId: bea.callId, claimForm: 'none' })).ok).toBe(true);

    const { container } = renderDesk();
    const section = await screen.findByRole('region', { name: 'Feedback from financial assessors' });
    const items = await within(section).findAllByRole('listitem');
    const entries = items.filter((li) => li.classList.contains('fco-feedback-item'));
    // Newest first.
    expect(entries.map((e) => within(e).getByRole('heading').textContent)).toEqual([
      `Bea Clean · Jobseeker's Allowance (claim ${bea.callId})`,
      `Alex Example · Jobseeker's Allowance (claim ${alex.callId})`,
    ]);
    expect(entries[0]!.textContent).toContain('Nothing to put right: the claim arrived complete.');
    const found = entries[1]!;
    expect(found.textContent).toContain('From Fay Assessor at Northtown Jobcentre, Mon 23 Nov 2026 09:00');
    expect(within(found).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'The claim form was missing: “Not posted: the customer was never told to sign it”',
      `Evidence missing: ${alex.firstItem.what}: “Brought nothing”`,
      'What the assessor wished they had known before the meeting: “That he had a job offer starting next month”',
    ]);
    expect(await seriousAxeViolations(container)).toEqual([]);
  });
});
