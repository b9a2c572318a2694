import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { App } from '../../main/app';
import type { DeskState } from '../../machines/deskState';
import { artifactPath, axeSeriousViolations, type BrowserFixture, type HostFixture } from '../helpers/browser';
import { answerKeys, driveJobSearch, NEW_STEP_SAVED, type JobSearchFill } from './keyboard';

/**
 * Drives the desk in Chromium with the keyboard only, reading the call's state from the service in the same
 * process to know which keys a step needs. Checks focus on every step, runs axe once per step type and keeps a
 * screenshot per phase.
 */
export class DeskDriver {
  private axeDone = new Set<string>();
  private shotPhases = new Set<string>();
  private shots = 0;
  callId: string | null = null;

  constructor(
    readonly page: Page,
    readonly app: App,
    readonly name: string,
  ) {}

  async stepKey(): Promise<string | null> {
    return this.page.evaluate(() => document.querySelector('[data-step-key]')?.getAttribute('data-step-key') ?? null);
  }

  state(): DeskState {
    const r = this.app.calls.get(this.callId!);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.waitForSelector('#username');
    await this.expectFocus('#username');
    await this.page.keyboard.type(username);
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.type(password);
    await this.page.keyboard.press('Enter');
    await this.page.waitForSelector('text=Start a new call');
  }

  async startCall(): Promise<void> {
    // Focus lands on "Start a new call" after sign-in.
    expect(await this.page.evaluate(() => document.activeElement?.textContent)).toBe('Start a new call');
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction(() => /^#\/call\//.test(location.hash) && document.querySelector('[data-step-key]'));
    this.callId = decodeURIComponent(await this.page.evaluate(() => location.hash.replace('#/call/', '')));
  }

  async expectFocus(selector: string): Promise<void> {
    expect(await this.page.evaluate((s) => document.activeElement === document.querySelector(s), selector), `focus on ${selector}`).toBe(true);
  }

  /**
   * Focus must be inside the current step (never lost to the page body), on a control unless `anyElement` (a step
   * may focus a heading, e.g. to announce search results, with Enter still continuing from it).
   */
  async expectFocusInStep(anyElement = false): Promise<void> {
    const where = await this.page.evaluate(() => {
      const a = document.activeElement;
      const inStep = !!a && !!a.closest('[data-step-key]');
      return { inStep, tag: a?.tagName ?? null, type: (a as HTMLInputElement | null)?.type ?? null };
    });
    expect(where.inStep, `focus in the step, found ${where.tag}`).toBe(true);
    if (!anyElement) expect(['INPUT', 'BUTTON', 'SELECT', 'TEXTAREA']).toContain(where.tag);
  }

  /** Presses a key and waits until a different step is on screen and saved. */
  async pressAndWaitForNewStep(key: string): Promise<void> {
    const before = await this.stepKey();
    await this.page.keyboard.press(key);
    await this.page.waitForFunction(NEW_STEP_SAVED, before, { timeout: 10_000 });
  }

  /** A screenshot for each phase and step type (kept in test-artifacts/), axe once per step type. */
  async checkpoint(kind: string): Promise<void> {
    const phase = this.callId ? this.state().phase : 'home';
    const shot = `${phase}-${kind.replace(/[^a-zA-Z0-9]+/g, '-')}`;
    if (!this.shotPhases.has(phase) || !this.axeDone.has(kind)) {
      this.shotPhases.add(phase);
      await this.page.screenshot({ path: artifactPath(`${this.name}-${String(++this.shots).padStart(2, '0')}-${shot}.png`), fullPage: true });
    }
    if (!this.axeDone.has(kind)) {
      this.axeDone.add(kind);
      expect(await axeSeriousViolations(this.page), `axe on ${kind}`).toEqual([]);
    }
  }

  /** Answers the current question by keyboard: `answers` first, else a valid sample for its type. */
  async answerQuestion(answers: Record<string, unknown>): Promise<void> {
    const q = this.state().question;
    if (!q) throw new Error(`no question at ${this.state().phase}`);
    expect(await this.stepKey()).toMatch(new RegExp(`^q:${q.id}`));
    await this.expectFocusInStep();
    await this.checkpoint(`question:${q.answer.type}`);
    for (const k of answerKeys(q, answers, this.state().record.claimDate)) {
      if ('press' in k) await this.page.keyboard.press(k.press);
      else await this.page.keyboard.type(k.type);
    }
    await this.pressAndWaitForNewStep('Enter');
  }

  /** The job-search step by keyboard, whichever version of it is in place (see `driveJobSearch`). */
  async driveJobSearch(fill: JobSearchFill): Promise<void> {
    await driveJobSearch(this.page, fill, () => this.expectFocusInStep(true));
    expect(await this.stepKey()).not.toMatch(/^jobSearch/);
  }

  /** Answers questions until the call reaches a structural step (question null). */
  async answerUntilStructural(answers: Record<string, unknown>): Promise<void> {
    for (let guard = 0; guard < 100 && this.state().question; guard++) await this.answerQuestion(answers);
  }
}

/**
 * A desk signed in as `username` in a fresh tab (the session token lives in sessionStorage, which is per tab);
 * earlier tabs are closed and page errors are collected for the suite to assert on.
 */
export async function signedInDeskDriver(browser: BrowserFixture, host: HostFixture, username: string, name: string, pageErrors: string[]): Promise<DeskDriver> {
  for (const p of browser.context.pages()) await p.close();
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
  await page.goto(host.host.url);
  const d = new DeskDriver(page, host.app, name);
  await d.signIn(username, host.users[username]!.password);
  return d;
}
