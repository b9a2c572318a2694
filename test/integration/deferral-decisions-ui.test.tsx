// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { AuthorisationView } from '../../machines/contract/api/appointments';
import { TeamLeaderHome } from '../../renderer/app/TeamLeaderHome';
import { seriousAxeViolations } from '../helpers/axe';
import { jobcentreAppPerTest } from '../helpers/jobcentreApp';
import { callAtAppointments } from './appointments-helpers';

/**
 * A team leader decides the deferrals FCOs ask them to authorise, from the top of their home screen: against the real
 * app (SQLite, router, roles), as the FCO's desk would see the decision.
 */
const j = jobcentreAppPerTest();

async function askForAuthorisation(note: string, name = 'Alex Example'): Promise<{ callId: string; request: AuthorisationView }> {
  const { callId } = callAtAppointments(j.app, 'carer', { fullName: name }, j.users.ann.userId);
  const r = await j.bridgeFor('ann').invoke('appointments.deferral.requestAuthorisation', { callId, reason: 'tooIll', note });
  if (!r.ok) throw new Error(r.error.message);
  return { callId, request: r.value };
}

const decisionsOf = async (callId: string) => {
  const r = await j.bridgeFor('ann').invoke('appointments.deferral.authorisations', { callId });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const renderHome = (who: 'tess' | 'tom' = 'tess') =>
  render(createElement(TeamLeaderHome, { bridge: j.bridgeFor(who), user: j.users[who], onUnauthorised: () => undefined }));

describe('deferrals waiting for a team leader', () => {
  it('lists the request with who asked and why; a refusal needs a note; approving reaches the FCO by name', async () => {
    const { callId } = await askForAuthorisation('In hospital for six months from next week');
    const { container } = renderHome();
    const section = await screen.findByRole('region', { name: 'Deferrals waiting for your decision (1)' });
    const item = within(section).getByRole('listitem');
    expect(within(item).getByRole('heading', { name: /Alex Example \(claim .+\)/ })).toBeTruthy();
    expect(item.textContent).toContain('Too ill to take part');
    expect(item.textContent).toMatch(/Ann FCO, Mon 23 Nov 2026 09:00/);
    expect(item.textContent).toContain('“In hospital for six months from next week”');
    expect(await seriousAxeViolations(container)).toEqual([]);

    const user = userEvent.setup();
    await user.click(within(item).getByRole('button', { name: 'Refuse' }));
    expect(within(item).getByRole('alert').textContent).toMatch(/Say why you refuse, so the FCO can tell the customer/);
    expect(await decisionsOf(callId)).toMatchObject([{ status: 'pending' }]);

    await user.type(within(item).getByRole('textbox', { name: /Your note to the FCO/ }), 'Agreed: review when discharged');
    await user.click(within(item).getByRole('button', { name: 'Approve the deferral' }));
    await waitFor(() => expect(within(section).getByRole('status').textContent).toMatch(/Approved: the deferral for Alex Example\. Ann FCO sees your decision at the desk/));
    expect(await within(section).findByText('No deferral is waiting for a decision.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Deferrals waiting for your decision' })).toBeTruthy();
    expect(await decisionsOf(callId)).toMatchObject([{ status: 'approved', decidedByName: 'Tess Leader', decisionNote: 'Agreed: review when discharged' }]);
  });

  it('oldest request first; refusing with a note; a request another team leader decided meanwhile says who', async () => {
    const first = await askForAuthorisation('Mother’s funeral abroad', 'Bea First');
    j.clock.set('2026-11-23T09:05:00.000Z');
    const second = await askForAuthorisation('Starting a residential programme', 'Cal Second');
    renderHome();
    const section = await screen.findByRole('region', { name: 'Deferrals waiting for your decision (2)' });
    const items = within(section).getAllByRole('listitem');
    expect(items.map((i) => within(i).getByRole('heading').textContent)).toEqual([expect.stringMatching(/^Bea First/), expect.stringMatching(/^Cal Second/)]);

    // Tom decides the second one from his own screen before Tess gets to it.
    const tom = await j.bridgeFor('tom').invoke('appointments.deferral.decide', { authorisationId: second.request.authorisationId, approve: true, note: '' });
    expect(tom.ok).toBe(true);
    const user = userEvent.setup();
    await user.click(within(items[1]!).getByRole('button', { name: 'Approve the deferral' }));
    await waitFor(() => expect(within(section).getByRole('status').textContent).toBe('Cal Second: This request was already approved by Tom Leader.'));
    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('region', { name: 'Deferrals waiting for your decision (1)' })).toBe(section);

    await user.type(within(items[0]!).getByRole('textbox', { name: /Your note to the FCO/ }), 'A funeral is a week, not three months: defer to the end of December');
    await user.click(within(items[0]!).getByRole('button', { name: 'Refuse' }));
    await waitFor(() => expect(within(section).getByRole('status').textContent).toMatch(/^Refused: the deferral for Bea First/));
    expect(await decisionsOf(first.callId)).toMatchObject([{ status: 'refused', decidedByName: 'Tess Leader', decisionNote: expect.stringMatching(/^A funeral is a week/) }]);
  });
});
