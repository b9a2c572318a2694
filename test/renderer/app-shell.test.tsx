// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/app/App';
import { focused, harnessPerTest, seriousAxeViolations, stepKey, waitForStep } from './harness';
import { atQuestion, JSA } from './steps';

const h = harnessPerTest((fresh) => {
  fresh.bridge.setToken(null);
  location.hash = '';
});

async function signIn(username: string, password: string) {
  const user = userEvent.setup();
  await screen.findByRole('heading', { name: /sign in/i });
  expect(focused()).toBe(screen.getByLabelText('Username'));
  await user.keyboard(username);
  await user.tab();
  await user.keyboard(`${password}{Enter}`);
  return user;
}

describe('sign-in and roles', () => {
  it('refuses a wrong password with an announced message, then signs the FCO in to the desk', async () => {
    render(<App bridge={h.bridge} />);
    await screen.findByRole('heading', { name: /sign in/i });
    expect(await seriousAxeViolations()).toEqual([]);
    const user = await signIn('ann', 'not the password');
    expect((await screen.findByRole('alert')).textContent).toMatch(/username or password/);
    await user.keyboard('correct horse battery{Enter}');
    await screen.findByRole('button', { name: 'Start a new call' });
    expect(screen.getByRole('banner').textContent).toContain('Ann Example');
    expect(screen.getByRole('banner').textContent).toContain('First Contact Officer');
    expect(focused()).toBe(screen.getByRole('button', { name: 'Start a new call' }));
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('shows the reference-data licence notices in the footer', async () => {
    render(<App bridge={h.bridge} />);
    const footer = await screen.findByRole('contentinfo');
    await waitFor(() => expect(footer.textContent).toContain('Open Government Licence'));
  });

  it('starts a call from the keyboard, puts its id in the URL hash, and a reload resumes at the same step', async () => {
    const first = render(<App bridge={h.bridge} />);
    const user = await signIn('ann', 'correct horse battery');
    await screen.findByRole('button', { name: 'Start a new call' });
    await user.keyboard('{Enter}');
    await waitForStep('q:opening');
    const callId = decodeURIComponent(location.hash.replace('#/call/', ''));
    expect(h.record(callId).fcoId).toBe(h.fcoId);
    await user.keyboard('{Enter}');
    await waitForStep('q:dataProtection');
    await user.keyboard('{Enter}');
    await waitForStep('q:fullName');
    await user.keyboard('Alex');

    // "Reload": a new app over the same bridge (the token survives in sessionStorage in the browser host).
    first.unmount();
    render(<App bridge={h.bridge} />);
    await waitForStep('q:fullName');
    expect(focused()).toBe(screen.getByRole('textbox', { name: /full name/i }));
    expect(h.record(callId).answers).toMatchObject({ opening: true, dataProtection: true });
  });

  it('lists the FCO\'s calls; Resume opens the call at its step', async () => {
    const id = h.callUntil(JSA(), atQuestion('nino'));
    render(<App bridge={h.bridge} />);
    const user = await signIn('ann', 'correct horse battery');
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Alex Example')).toBeTruthy();
    await user.click(within(table).getByRole('button', { name: /resume call with Alex Example/i }));
    await waitForStep('q:nino');
    expect(location.hash).toBe(`#/call/${id}`);
    expect(await seriousAxeViolations()).toEqual([]);
  });

  it('a session that ends mid-call returns to sign-in; signing in again resumes the call with every answer', async () => {
    const id = h.callUntil(JSA(), atQuestion('nino'));
    location.hash = `#/call/${id}`;
    render(<App bridge={h.bridge} />);
    let user = await signIn('ann', 'correct horse battery');
    await waitForStep('q:nino');
    h.app.db.prepare('DELETE FROM sessions').run();
    await user.keyboard('AB123456C{Enter}');
    await screen.findByText(/Your session ended/);
    user = await signIn('ann', 'correct horse battery');
    await waitForStep('q:nino');
    expect(h.record(id).customer.name).toBe('Alex Example');
    expect(stepKey()).toBe('q:nino');
  });

  it('routes a financial assessor to the FA workspace and a team leader to the audit plus all calls (read only)', async () => {
    await h.app.auth.addUser({ username: 'fay', displayName: 'Fay Assessor', role: 'fa', password: 'correct horse battery', officeCode: 'JC-NORTH' });
    await h.app.auth.addUser({ username: 'tom', displayName: 'Tom Leader', role: 'teamLeader', password: 'correct horse battery' });
    h.callUntil(JSA(), atQuestion('nino'));

    const fa = render(<App bridge={h.bridge} />);
    let user = await signIn('fay', 'correct horse battery');
    await waitFor(() => expect(screen.getByRole('banner').textContent).toContain('Financial Assessor'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toMatch(/financial assessor/i);
    expect(screen.queryByRole('button', { name: 'Start a new call' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: /sign in/i });
    fa.unmount();

    render(<App bridge={h.bridge} />);
    user = await signIn('tom', 'correct horse battery');
    await screen.findByRole('heading', { name: 'All calls' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toMatch(/team-leader|audit/i);
    expect(screen.queryByRole('button', { name: 'Start a new call' })).toBeNull();
    const allCalls = screen.getByRole('region', { name: 'All calls' });
    const table = await within(allCalls).findByRole('table');
    await user.click(within(table).getByRole('button', { name: /view call with Alex Example/i }));
    await screen.findByRole('heading', { name: /call with Alex Example/i });
    expect(screen.queryByRole('button', { name: /continue/i })).toBeNull();
    expect(await seriousAxeViolations()).toEqual([]);
  });
});
