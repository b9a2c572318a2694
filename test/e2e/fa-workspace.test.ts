import { IB } from '../renderer/steps';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceFigures } from '../../machines/contract/api/evidence';
import type { DeskState } from '../../machines/deskState';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { startBrowserHost, type BrowserHost } from '../../main/host/browserHost';
import { driveClaim, plans, type ClaimPlan } from '../integration/evidence-helpers';
import { DeskDriver } from './driver';
import { extractPdfText } from '../../main/letters/pdfText';

/**
 * The FA workspace in a real Chromium (Debian's /usr/bin/chromium, never a downloaded browser) against the browser
 * host over a SQLite file: claims completed by two FCOs (set up through the router the desk uses, and one taken at the
 * desk by keyboard in another tab) appear in the queue of the right Jobcentre only, live; the FA marks the evidence, records the outcome and sends the feedback proforma with
 * the mouse-free keyboard-reachable controls; the figures show it against the FCO. An FCO signing in never sees it.
 *
 * Needs the desk shell (renderer/app) that routes role "fa" to FaWorkspace and the sign-in form.
 */
const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RENDERER_DIR = process.env.INTAKE_RENDERER_DIR ?? join(ROOT, 'dist', 'renderer');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `fa-${name}.png`), fullPage: true });
const skip = !existsSync(CHROMIUM) && !process.env.CI;
const title = skip ? `FA workspace end-to-end — SKIPPED: ${CHROMIUM} is not installed` : 'FA workspace end-to-end in Chromium';

const PW = 'correct horse battery';
let dir: string;
let app: App;
let router: Router;
let host: BrowserHost;
let context: BrowserContext;
let page: Page;
let profile: string;
const tokens: Record<string, string> = {};
const claims: Record<string, string> = {};

async function api<T>(who: string, channel: string, payload: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  return (await router.dispatch(channel, payload, tokens[who] ?? null)) as never;
}
const complete = async (fco: string, plan: ClaimPlan) =>
  (await driveClaim(() => api<DeskState>(fco, 'call.start', {}), (callId, command) => api<DeskState>(fco, 'call.send', { callId, command }), plan)).callId;

async function seriousA11yViolations(p: Page): Promise<string[]> {
  const src = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, so the page's CSP stays on.
  if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(src);
  return p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(d: Document): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

async function signIn(username: string): Promise<void> {
  await page.goto(host.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PW);
  await page.getByLabel('Password').press('Enter');
}

describe.skipIf(skip)(title, () => {
  beforeAll(async () => {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      const { build } = await import('vite');
      await build({ configFile: join(ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'intake-fa-e2e-'));
    // Real time, from a fixed day: the claim dates and windows in the assertions do not depend on today.
    const base = Date.parse('2026-11-23T09:00:00Z');
    const started = Date.now();
    let n = 0;
    app = openApp({ dbFile: join(dir, 'intake.db'), clock: () => new Date(base + (Date.now() - started)), newId: () => `e2e-${String(++n).padStart(4, '0')}` });
    router = createRouter(app);
    for (const u of [
      { username: 'ann', displayName: 'Ann FCO', role: 'fco' as const },
      { username: 'ben', displayName: 'Ben FCO', role: 'fco' as const },
      { username: 'nora', displayName: 'Nora FA', role: 'fa' as const, officeCode: 'DEMO01' },
      { username: 'tess', displayName: 'Tess TL', role: 'teamLeader' as const },
    ]) {
      await app.auth.addUser({ ...u, password: PW });
      const r = await api<{ token: string }>('', 'session.signIn', { username: u.username, password: PW });
      if (r.ok) tokens[u.username] = r.value.token;
    }
    claims.ib = await complete('ann', plans.ibEmployed('QQ1 2AB', 'Alex North'));
    claims.jsa = await complete('ben', plans.jsa('QQ1 2AB', '2026-11-25T10:00:00Z', '2026-11-25T10:30:00Z', 'Sam North'));
    claims.south = await complete('ann', plans.carer('QQ2 2AB', '2026-11-26T11:00:00Z', '2026-11-26T11:30:00Z', 'Chris South'));
    host = await startBrowserHost({ app, router, staticDir: RENDERER_DIR, port: 0 });
    profile = mkdtempSync(join(tmpdir(), 'intake-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => {
      throw e;
    });
  });

  afterAll(async () => {
    await context?.close();
    await host?.close();
    app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an FA sees the claims of their Jobcentre only, ordered by appointment time', async () => {
    await signIn('nora');
    await page.getByRole('heading', { name: 'Financial assessor: claims for Northtown Jobcentre (demo)' }).waitFor();
    const rows = page.locator('table.fa-queue tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-call')).toBe(claims.jsa);
    expect(await rows.nth(1).getAttribute('data-call')).toBe(claims.ib);
    expect(await rows.nth(0).textContent()).toContain('FA meeting Wed 25 Nov 2026 10:00');
    expect(await rows.nth(1).textContent()).toContain('Evidence due Mon 21 Dec 2026');
    expect(await page.locator('table.fa-queue').textContent()).not.toContain('Chris South');
    await shot('1-queue');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('a claim taken at the desk (keyboard, another tab) appears in the FA queue without a reload', async () => {
    const deskPage = await context.newPage();
    await deskPage.goto(host.url);
    const d = new DeskDriver(deskPage, app, 'fa-e2e-desk');
    await d.signIn('ann', PW);
    await d.startCall();
    await d.answerUntilStructural({
      ...IB('QQ1 2AB'),
      fullName: 'Bea North',
      dateOfBirth: '1979-05-04',
      addressLine: '3 Mill Lane',
      phone: '0113 496 0001',
    });
    // Markers: the derived marker and the suggested office are preselected; Enter confirms each.
    await d.pressAndWaitForNewStep('Enter');
    await d.pressAndWaitForNewStep('Enter');
    // Evidence: tick each item with its number key, then Enter.
    const n = d.state().record.evidence.items.length;
    for (let i = 1; i <= n; i++) await deskPage.keyboard.press(String(i));
    await d.pressAndWaitForNewStep('Enter');
    // Optional job search: a reason to skip, Enter.
    await deskPage.keyboard.type('Not fit to look for work yet');
    await d.pressAndWaitForNewStep('Enter');
    await d.answerUntilStructural({});
    await d.pressAndWaitForNewStep('Enter'); // accept the due window
    await d.answerUntilStructural({});
    expect(await d.stepKey()).toBe('complete');
    claims.ib2 = d.callId!;
    await deskPage.close();

    await expect.poll(() => page.locator('table.fa-queue tbody tr').count(), { timeout: 10_000 }).toBe(3);
    expect(await page.locator(`table.fa-queue tr[data-call="${claims.ib2}"]`).textContent()).toContain('Bea North');
  });

  it('marks the evidence, records the outcome and sends the feedback proforma', async () => {
    await page.getByRole('button', { name: 'Open claim of Alex North' }).click();
    await page.getByRole('heading', { name: 'Alex North · Incapacity Benefit' }).waitFor();
    expect(await page.locator('.fa-answers').textContent()).toContain('Back injury');
    const items = page.locator('fieldset.fa-item');
    const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-item')!));
    expect(ids[0]).toBe('ssp1');
    // Clicked as fast as the FA can: every mark is kept, in order.
    for (const id of ids) await page.locator(`fieldset.fa-item[data-item="${id}"]`).getByLabel(id === 'ssp1' ? 'Requested' : 'Seen').check();
    await expect.poll(() => page.locator('.fa-item .side-meta').count()).toBe(ids.length);

    // "Ready" is refused while the SSP1 is still requested; the service's words are shown.
    await page.getByLabel('Ready to process').check();
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    await page.getByRole('alert').filter({ hasText: 'Evidence is still requested' }).waitFor();
    await page.getByLabel('More evidence requested').check();
    await page.getByRole('button', { name: 'Record the outcome' }).click();
    await page.getByText('Outcome recorded: More evidence requested').waitFor();

    // The proforma starts from what the check found.
    const feedback = page.locator('section[aria-labelledby="fa-feedback-title"]');
    expect(await feedback.getByLabel('Form SSP1 from your employer').isChecked()).toBe(true);
    await page.getByLabel('What I wish I had known before the meeting').fill('That the employer had never issued the SSP1');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.getByText('Feedback sent to the contact centre').waitFor();
    await shot('2-claim');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Show the letter' }).click();
    const letter = page.locator('.letter-print-area article.letter');
    await letter.waitFor();
    expect(await letter.textContent()).toContain(`Claim reference: ${claims.ib}`);
    // The letter is styled by the bundled letter.css (no inline styles under the desk's CSP).
    await shot('3-letter');
    expect(await letter.locator('li.forgotten').evaluate((el) => getComputedStyle(el).borderLeftStyle)).toBe('solid');

    // The PDF downloads as a file with the same reference in it.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = new Uint8Array(readFileSync((await file.path())!));
    expect(extractPdfText(bytes).join(' ')).toContain(claims.ib);
  });

  it('the feedback is visible against the FCO in the figures', async () => {
    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await page.getByRole('button', { name: 'Figures' }).click();
    const byFco = page.locator('table.fa-figures').filter({ hasText: 'By FCO' });
    await byFco.waitFor();
    expect(await byFco.locator('tbody tr').first().textContent()).toMatch(/Ann FCO\s*1\s*1\s*100%/);
    expect(await page.getByTestId('overall-share').textContent()).toContain('baseline 47%');
    await shot('4-figures');
    const fb = page.locator('table.fa-figures').filter({ hasText: 'Feedback to the contact centre' });
    expect(await fb.locator('tbody tr').first().textContent()).toContain('Ann FCO');
    // The team leader's channel gives the same, across offices.
    const tl = await api<EvidenceFigures>('tess', 'evidence.figures', {});
    expect(tl.ok && tl.value.byFco[0]).toMatchObject({ label: 'Ann FCO', meetings: 1, evidenceRequested: 1 });
    expect(tl.ok && tl.value.feedbackByFco[0]).toMatchObject({ fcoName: 'Ann FCO', evidenceMissing: 1, wishedKnown: 1 });
  });

  it('the Jobcentre side: the day’s appointments with a pre-call, the IB interview schedule, and the hand-offs to acknowledge', async () => {
    // Tomorrow (the next working day) first: nothing booked then at this Jobcentre; the day after has Sam North.
    await page.getByRole('button', { name: 'Day’s appointments' }).click();
    await page.getByText('No appointments at this Jobcentre on Tue 24 Nov 2026.').waitFor();
    await page.getByRole('button', { name: 'Next day: Wed 25 Nov 2026' }).click();
    const day = page.locator('table.jc-day-table');
    await expect.poll(() => day.locator('tbody tr').count()).toBe(2);
    expect(await day.locator('tbody tr').first().textContent()).toMatch(/^10:00Sam North/);
    await page.getByRole('button', { name: 'Record for Sam North, 10:00 FA meeting' }).click();
    const form = page.getByRole('group', { name: 'Record for Sam North, 10:00 FA meeting' });
    await form.getByRole('radio', { name: 'Confirmed' }).check();
    await form.getByRole('button', { name: 'Record pre-call' }).click();
    await page.getByText('Pre-call for Sam North, 10:00 FA meeting: Confirmed.').waitFor();
    await expect.poll(() => day.locator('tbody tr').first().textContent()).toMatch(/Confirmedby Nora FA \(you\)/);
    // The appointment as a calendar file: saved by Chromium as a real download, with where, when and what to bring.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Calendar file for Sam North, 10:00 FA meeting' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^appointment-.+\.ics$/);
    const ics = readFileSync((await download.path())!, 'utf8').replace(/\r\n /g, '');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART:20261125T100000Z');
    expect(ics).toContain('SUMMARY:Financial Assessor meeting – Northtown Jobcentre (demo)');
    expect(ics).toMatch(/Please bring: .+/);
    expect(ics).not.toContain('Sam North');
    await shot('5-day');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Both IB claims are due their interview on this Jobcentre's schedule.
    await page.getByRole('button', { name: 'IB interview schedule' }).click();
    await page.getByRole('heading', { name: 'Incapacity Benefit interviews' }).waitFor();
    for (const name of ['Alex North', 'Bea North']) await page.getByRole('button', { name: `Find a time for ${name}` }).waitFor();
    await shot('6-schedule');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Every completed claim arrived as a sent hand-off, with nobody pressing "send"; Nora acknowledges one.
    await page.getByRole('button', { name: 'Hand-offs', exact: true }).click();
    const inbox = page.locator('table.jc-table');
    await expect.poll(() => inbox.locator('tbody tr').count()).toBe(3);
    expect(await inbox.textContent()).not.toContain('Chris South');
    await page.getByRole('button', { name: 'Open the hand-off for Alex North' }).click();
    await page.getByRole('heading', { name: 'Hand-off: Alex North · Incapacity Benefit' }).waitFor();
    expect(await page.getByRole('region', { name: /Health condition/ }).textContent()).toContain('Sensitive');
    await page.getByRole('button', { name: 'Acknowledge revision 1' }).click();
    await page.getByText('Hand-off acknowledged (revision 1).').waitFor();
    await shot('7-handoff');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const h = await api<{ status: string }>('tess', 'appointments.handoff.get', { callId: claims.ib });
    expect(h.ok && h.value.status).toBe('acknowledged');
  });

  it('an FCO who signs in never sees the FA workspace, and its channels refuse them', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await signIn('ann');
    await page.getByText('Signed in as').waitFor();
    expect(await page.getByRole('heading', { name: /claims for/i }).count()).toBe(0);
    const r = await page.evaluate(async (token) => {
      const res = await fetch('/api/evidence.queue', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Intake-Client': 'desk', Authorization: `Bearer ${token}` }, body: '{}' });
      return res.json();
    }, tokens.ann);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
