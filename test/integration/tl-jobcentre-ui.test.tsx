// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { TeamLeaderHome } from '../../renderer/app/TeamLeaderHome';
import { seriousAxeViolations } from '../helpers/axe';
import { jobcentreAppPerTest } from '../helpers/jobcentreApp';
import { callAtAppointments, completeCall, slot } from './appointments-helpers';

/** A team leader looks at any Jobcentre's side of appointments from their home, as its staff see it. */
const j = jobcentreAppPerTest();

describe('a team leader looks at a Jobcentre', () => {
  it('finds it by name, then sees its hand-offs and its day; another office’s claims are not mixed in', async () => {
    const ann = j.users.ann.userId;
    // A jobseeker in Southtown, booked at JC-SOUTH; an IB customer in Northtown.
    const { callId: south } = callAtAppointments(j.app, 'jsa', { fullName: 'Sue South', postcode: 'QA9 2BB' }, ann);
    const booked = j.app.calls.send(south, { type: 'appointment.book', fa: slot('JC-SOUTH', '2026-11-26T10:00:00.000Z', 20), wfi: slot('JC-SOUTH', '2026-11-26T10:30:00.000Z', 40) }, ann);
    if (!booked.ok) throw new Error(booked.error.message);
    completeCall(j.app, south);
    const { callId: north } = callAtAppointments(j.app, 'ib', { fullName: 'Nick North' }, ann);
    expect(j.app.calls.send(north, { type: 'appointment.window.accept' }, ann).ok).toBe(true);
    completeCall(j.app, north);

    const user = userEvent.setup();
    const { container } = render(createElement(TeamLeaderHome, { bridge: j.bridgeFor('tess'), user: j.users.tess, onUnauthorised: () => undefined }));
    const section = await screen.findByRole('region', { name: /A Jobcentre’s appointments and hand-offs/ });
    await user.type(within(section).getByRole('textbox', { name: 'Jobcentre name, code or postcode' }), 'nowhere');
    await user.click(within(section).getByRole('button', { name: 'Find the Jobcentre' }));
    expect(await within(section).findByText('No Jobcentre matches “nowhere”.')).toBeTruthy();
    await user.clear(within(section).getByRole('textbox', { name: 'Jobcentre name, code or postcode' }));
    await user.type(within(section).getByRole('textbox', { name: 'Jobcentre name, code or postcode' }), 'south');
    await user.click(within(section).getByRole('button', { name: 'Find the Jobcentre' }));
    await user.click(await within(section).findByRole('button', { name: 'Southtown Jobcentre (JC-SOUTH)' }));
    expect(within(section).getByRole('heading', { level: 2, name: 'A Jobcentre’s appointments and hand-offs: Southtown Jobcentre' })).toBeTruthy();

    // Its IB schedule is empty (the IB claim is Northtown's); its hand-offs hold Sue's claim only.
    expect(await within(section).findByText('No Incapacity Benefit interviews are due at this Jobcentre.')).toBeTruthy();
    await user.click(within(section).getByRole('button', { name: 'Hand-offs' }));
    await waitFor(() => expect(within(section).getByRole('button', { name: 'Open the hand-off for Sue South' })).toBeTruthy());
    expect(within(section).queryByText(/Nick North/)).toBeNull();
    await user.click(within(section).getByRole('button', { name: 'Day’s appointments' }));
    await user.click(await within(section).findByRole('button', { name: 'Next day: Wed 25 Nov 2026' }));
    await user.click(await within(section).findByRole('button', { name: 'Next day: Thu 26 Nov 2026' }));
    await waitFor(() => expect(within(section).getAllByRole('row').filter((r) => r.textContent?.includes('Sue South'))).toHaveLength(2));
    expect(await seriousAxeViolations(container)).toEqual([]);
  });
});
