// @vitest-environment jsdom
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../machines/contract/api';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { importLegacyMarkers } from '../../main/audit/legacyImport';
import { AuditWorkspace } from '../../renderer/audit/AuditWorkspace';
import { seriousAxeViolations } from '../helpers/axe';
import { testDirectory, v1 } from '../helpers/fixtures';
import { jsonBridge } from '../helpers/jsonBridge';

/**
 * The team-leader workspace against the real app: real SQLite, the real router (roles, zod), a bridge that does what
 * HTTP would (a JSON round trip). Data: a small legacy export with the contact-centre default in it.
 */
let dir: string;
let app: App;
let router: Router;
const users: Record<string, { token: string; user: SessionUser }> = {};

const bridgeFor = (who: string) => jsonBridge(router, () => users[who]!.token);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-audit-ui-'));
  app = openApp({ dbFile: join(dir, 'intake.db'), directory: testDirectory(), demoData: false, clock: () => new Date('2026-11-23T09:00:00.000Z') });
  router = createRouter(app);
  const password = 'correct horse battery';
  await app.auth.addUser({ username: 'tess', displayName: 'Tess TL', role: 'teamLeader', password });
  await app.auth.addUser({ username: 'ann', displayName: 'Ann FCO', role: 'fco', password });
  for (const u of ['tess', 'ann']) {
    const r = await router.dispatch('session.signIn', { username: u, password }, null);
    if (!r.ok) throw new Error(r.error.message);
    users[u] = r.value as { token: string; user: SessionUser };
  }
  const file = join(dir, 'legacy.csv');
  writeFileSync(
    file,
    [
      'claim_ref,nino,claim_date,fco_id,team,benefit_type,primary_marker,jobcentre_marker,customer_postcode,appointment_status,call_seconds',
      'L001,AB123456C,2026-11-16,fco7,Team North,JSA,jobseeker,JC-NORTH,QA1 2BB,booked,600',
      'L002,AB123457C,2026-11-17,fco7,Team North,JSA,jobseeker,CC-DEMO-01,QA1 2BB,booked,1500',
      'L003,AB123458C,2026-11-18,fco8,Team South,IB,jobseeker,JC-SOUTH,QA9 2BB,scheduled,900',
    ].join('\n'),
  );
  await importLegacyMarkers(app.db, { file, directory: testDirectory(), pkg: v1(), contactCentreCodes: [], by: 'tess', now: () => new Date('2026-11-23T08:00:00.000Z') });
});
afterEach(cleanup);
afterAll(() => {
  app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the team-leader workspace', () => {
  it('shows the JP process report with what is wrong, who did it and how fresh it is; opens a claim', async () => {
    const user = userEvent.setup();
    const { container } = render(createElement(AuditWorkspace, { bridge: bridgeFor('tess'), user: users.tess!.user }));
    await screen.findByRole('heading', { name: 'JP process report' });
    expect(screen.getByText(/claims checked automatically \(all of them\)/).textContent).toMatch(/3 claims checked automatically \(all of them\); 2 with a JP-process error \(66.7%\)/);
    expect(screen.getAllByText(/As of /)[0]!.textContent).toMatch(/legacy export imported/);
    // Only legacy records so far: say so, rather than "claims taken here up to never".
    expect(screen.getAllByText(/As of /)[0]!.textContent).toMatch(/no claim taken here has completed yet; legacy export imported/);
    const table = screen.getByRole('table', { name: /Claims with errors 1–2 of 2/ });
    expect(within(table).getByText(/Jobcentre marker is the contact centre \(CC-DEMO-01\)/)).toBeTruthy();
    expect(within(table).getByText(/Benefit marker "jobseeker" disagrees with the answers/)).toBeTruthy();
    expect(await seriousAxeViolations(container)).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Show only these: Jobcentre marker is the contact centre' }));
    const only = await screen.findByRole('table', { name: /Claims with errors 1–1 of 1/ });
    await user.click(within(only).getByRole('button', { name: 'L002' }));
    const detail = await screen.findByRole('region', { name: /Claim L002/ });
    expect((await within(detail).findByText(/the postcode is served by JC-NORTH/)).textContent).toMatch(/CC-DEMO-01/);
    expect(await within(detail).findByText(/Legacy records are corrected in the legacy system/)).toBeTruthy();
  });

  it('draws trend charts with a table alternative, and the analytics per FCO', async () => {
    const user = userEvent.setup();
    const { container } = render(createElement(AuditWorkspace, { bridge: bridgeFor('tess'), user: users.tess!.user }));
    await user.click(await screen.findByRole('tab', { name: 'Analytics' }));
    const table = await screen.findByRole('table', { name: /Per fco: call length against the 20-minute reference/ });
    expect(within(table).getByRole('rowheader', { name: 'fco7' })).toBeTruthy();
    const chart = await screen.findByRole('img', { name: /Call length \(minutes\) against the 20-minute reference/ });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    expect(screen.getAllByText('Show the figures as a table')).toHaveLength(4);
    expect(screen.getByRole('table', { name: /Call length \(minutes\)/ }).textContent).toMatch(/25:00/);
    expect(await seriousAxeViolations(container)).toEqual([]);
    await user.click(screen.getByRole('tab', { name: 'Quality check' }));
    expect(await screen.findByText(/No claims taken this week, so nothing to sample/)).toBeTruthy();
    expect(screen.queryByText(/The automatic check covered all 0 claims/)).toBeNull();
    // No override or correction yet: said in words, not an empty table.
    await user.click(screen.getByRole('tab', { name: 'Overrides and corrections' }));
    expect(await screen.findByText('No overrides or corrections in this range.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: /By reason/ })).toBeNull();
  });

  it('settings say who changed them by name; the job-search switch is saved and applies to calls started after it', async () => {
    const user = userEvent.setup();
    const { container } = render(createElement(AuditWorkspace, { bridge: bridgeFor('tess'), user: users.tess!.user }));
    await user.click(await screen.findByRole('tab', { name: 'Imports and settings' }));
    const audit = await screen.findByRole('form', { name: 'Audit settings' });
    expect(audit.textContent).toMatch(/by nobody yet \(the defaults\)\./);
    await user.click(within(audit).getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(audit.textContent).toMatch(/by Tess TL\./));

    const sw = screen.getByRole('form', { name: 'Job search on the call' });
    const box = within(sw).getByRole('checkbox', { name: /Search for jobs with jobseekers during the call/ }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect((within(sw).getByRole('button', { name: 'Save the switch' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(box);
    await user.click(within(sw).getByRole('button', { name: 'Save the switch' }));
    expect((await within(sw).findByRole('status')).textContent).toBe('Saved: new calls skip the job search; the adviser searches at the interview.');
    expect(sw.textContent).toMatch(/Now off\./);
    expect(app.settings.forNewCall()).toEqual({ jobSearchOnCall: false });
    expect(await seriousAxeViolations(container)).toEqual([]);
    app.settings.set({ jobSearchOnCall: true }, 'test');
  });

  it('tells an FCO plainly that the audit is for team leaders', async () => {
    render(createElement(AuditWorkspace, { bridge: bridgeFor('ann'), user: users.ann!.user }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Your role \(fco\) cannot use "audit.jpReport"/);
  });
});
