// @vitest-environment jsdom
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createElement } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult, SessionUser } from '../../machines/contract/api';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import type { DeskState } from '../../machines/deskState';
import { CLAIM_REFERENCE_TYPING_ERROR, isClaimReference } from '../../machines/rules/claimReference';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { AuditWorkspace } from '../../renderer/audit/AuditWorkspace';
import { FaWorkspace } from '../../renderer/fa/FaWorkspace';
import { seriousAxeViolations } from '../helpers/axe';
import { jsonBridge } from '../helpers/jsonBridge';
import { driveClaim, plans } from './evidence-helpers';

/**
 * The financial assessor and the team leader find a claim by the reference the customer quoted, typed the way they
 * heard it, against the real app (default call ids: claim references) through the real router and a JSON bridge.
 */
let dir: string;
let app: App;
let router: Router;
let claim: ClaimRecord;
const users: Record<string, { token: string; user: SessionUser }> = {};
const PW = 'correct horse battery';

const bridgeFor = (who: string) => jsonBridge(router, () => users[who]!.token);

/** A typing error a person could make: two neighbouring different symbols swapped. */
function swapTwo(ref: string): string {
  const s = ref.replace(/-/g, '');
  const i = [...s].findIndex((c, k) => k < s.length - 1 && c !== s[k + 1]);
  return `${s.slice(0, i)}${s[i + 1]}${s[i]}${s.slice(i + 2)}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-ref-ui-'));
  const clock = { now: new Date('2026-11-23T09:00:00.000Z') };
  app = openApp({ dbFile: join(dir, 'intake.db'), clock: () => (clock.now = new Date(clock.now.getTime() + 1000)) });
  router = createRouter(app);
  for (const u of [
    { username: 'ann', displayName: 'Ann FCO', role: 'fco' as const },
    { username: 'nora', displayName: 'Nora FA', role: 'fa' as const, officeCode: 'DEMO01' },
    { username: 'tess', displayName: 'Tess TL', role: 'teamLeader' as const },
  ]) {
    await app.auth.addUser({ ...u, password: PW });
    const r = await router.dispatch('session.signIn', { username: u.username, password: PW }, null);
    if (!r.ok) throw new Error(r.error.message);
    users[u.username] = r.value as { token: string; user: SessionUser };
  }
  const ann = bridgeFor('ann');
  const must = (r: ApiResult<DeskState>) => r as { ok: true; value: DeskState } | { ok: false; error: { code: string; message: string } };
  claim = await driveClaim(
    async () => must(await ann.invoke('call.start', {})),
    async (callId, command) => must(await ann.invoke('call.send', { callId, command })),
    plans.ibEmployed('QQ1 2AB', 'Alex North'),
  );
});
afterEach(cleanup);
afterAll(() => {
  app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('finding a claim by the reference the customer quotes', () => {
  it('the FA types it in lower case with spaces and the claim opens, showing the short reference', async () => {
    expect(isClaimReference(claim.callId)).toBe(true);
    const user = userEvent.setup();
    const { container } = render(createElement(FaWorkspace, { bridge: bridgeFor('nora'), user: users.nora!.user }));
    const box = await screen.findByLabelText('Claim reference');

    // A typing error first: refused in words the FA can say to the customer, tied to the box.
    await user.type(box, swapTwo(claim.callId).toLowerCase());
    await user.click(screen.getByRole('button', { name: 'Find' }));
    expect((await screen.findByRole('alert')).textContent).toContain(CLAIM_REFERENCE_TYPING_ERROR);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAxeViolations(container)).toEqual([]);

    await user.clear(box);
    await user.type(box, `${claim.callId.toLowerCase().replace(/-/g, ' ')}{Enter}`);
    const panel = (await screen.findByRole('heading', { name: /Alex North/ })).closest('section')!;
    expect(within(panel).getByText(claim.callId).tagName).toBe('STRONG');
    expect(panel.textContent).toContain(`Reference ${claim.callId}`);
  });

  it('the team leader finds it the same way, and a legacy reference is still looked up as it is', async () => {
    const user = userEvent.setup();
    render(createElement(AuditWorkspace, { bridge: bridgeFor('tess'), user: users.tess!.user }));
    const box = await screen.findByLabelText('Claim reference');
    await user.type(box, `${claim.callId.replace(/-/g, '').toLowerCase()}{Enter}`);
    expect(await screen.findByRole('heading', { name: new RegExp(`Claim ${claim.callId}`) })).toBeTruthy();

    await user.type(box, 'L-404{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/No completed claim "L-404" in the audit/);
  });
});
