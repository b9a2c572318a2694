import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import demo from '../../scripts-content/demo/directory.json';
import { chromiumAvailable, CHROMIUM, launchBrowser, startHost, type BrowserFixture, type HostFixture, storedRecord as storedRecordIn } from '../helpers/browser';
import { jobseekerAnswers } from '../helpers/calls';
import { DeskDriver, signedInDeskDriver } from './driver';

/**
 * Job search in the call, end to end: Debian's Chromium (playwright-core) against the browser host over a real
 * SQLite file with the demo directory and the demo vacancies that openApp loads. The FCO works by keyboard only:
 * the search is prefilled from the customer's preferences, widened with them, run against the vacancy index; one
 * vacancy is ticked by its number key, the search recorded, the job search finished, the call completed. The stored
 * claim record, read through a separate connection, has the search and the submission.
 */
const skip = !chromiumAvailable && !process.env.CI;
const title = skip ? `job search end-to-end — SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium)` : 'job search at the desk in Chromium';

const POSTCODE = demo.examples.exact; // QQ5 2AB: Midvale, where the QQ5 demo vacancies are
const JSA = {
  opening: true,
  dataProtection: true,
  fullName: 'Sam Seeker',
  dateOfBirth: '1990-07-14',
  nino: 'AB 12 34 56 C',
  addressLine: '4 Canal Row',
  postcode: POSTCODE,
  phone: '0121 496 0000',
  contactTimes: 'mornings',
  ...jobseekerAnswers,
  jsaAspirations: 'Forklift licence one day; no car',
};

describe.skipIf(skip)(title, () => {
  let host: HostFixture;
  let browser: BrowserFixture;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    host = await startHost([{ username: 'ann', role: 'fco', displayName: 'Ann Example' }]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    expect(pageErrors).toEqual([]);
    await browser?.close();
    await host?.close();
  });

  const storedRecord = (callId: string): ClaimRecord => storedRecordIn(host.dbFile, callId);

  const signedInDriver = (name: string): Promise<DeskDriver> => signedInDeskDriver(browser, host, 'ann', name, pageErrors);

  /** Identity, benefit questions, both markers (preselected: Enter), the evidence (number keys, Enter). */
  async function toJobSearch(d: DeskDriver, answers: Record<string, unknown>): Promise<void> {
    await d.startCall();
    await d.answerUntilStructural(answers);
    expect(await d.stepKey()).toBe('markers:--');
    await d.pressAndWaitForNewStep('Enter');
    await d.pressAndWaitForNewStep('Enter');
    expect(await d.stepKey()).toBe('evidence');
    const n = d.state().record.evidence.items.length;
    for (let i = 1; i <= n; i++) await d.page.keyboard.press(String(i));
    await d.pressAndWaitForNewStep('Enter');
    expect(await d.stepKey()).toBe('jobSearch:0');
  }

  const activeId = (d: DeskDriver) => d.page.evaluate(() => document.activeElement?.id ?? '');
  const inputValue = (d: DeskDriver, id: string) => d.page.locator(`#${id}`).inputValue();

  it('a jobseeker call: prefilled search, widened with the customer, one vacancy submitted; the stored record has both', async () => {
    const d = await signedInDriver('jobsearch');
    await toJobSearch(d, JSA);

    // Prefilled from the preferences; focus on the goal.
    await d.expectFocusInStep();
    await d.page.waitForFunction(() => (document.getElementById('js-text') as HTMLInputElement | null)?.value === 'warehouse operative');
    expect(await activeId(d)).toBe('js-text');
    expect(await inputValue(d, 'js-min-pay')).toBe('11.50');
    expect(await inputValue(d, 'js-max-hours')).toBe('30');
    expect(await inputValue(d, 'js-miles')).toBe('10');
    expect(await d.page.locator('.js-said').textContent()).toContain('Forklift licence one day; no car');
    await d.checkpoint('jobSearch:prefilled');

    // The customer could do up to 40 hours after all: Tab to "At most" (pay, at least, at most), replace, Enter.
    for (let i = 0; i < 3; i++) await d.page.keyboard.press('Tab');
    expect(await activeId(d)).toBe('js-max-hours');
    await d.page.keyboard.press('Control+A');
    await d.page.keyboard.type('40');
    await d.page.keyboard.press('Enter');
    await d.page.waitForSelector('#js-results-title');
    await d.page.waitForFunction(() => document.activeElement?.id === 'js-results-title');
    expect(await d.page.locator('#js-results-title').textContent()).toBe('3 open vacancies match');
    const refs = await d.page.locator('li.js-result').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.vacancy));
    expect(refs).toEqual(['DEMO-V01', 'DEMO-V04', 'DEMO-V02']);
    const first = (await d.page.locator('li.js-result').first().textContent()) ?? '';
    expect(first).toContain('Warehouse operative');
    expect(first).toMatch(/Why it matched: title has "warehouse operative"/);
    expect(first).toMatch(/0\.1 miles from home \(within 10\)/);
    expect(first).toMatch(/37\.5 h\/week, within your 40 maximum/);
    expect(await d.page.locator('li.js-result').nth(1).textContent()).toMatch(/same occupation as 'Warehouse operative' \(SOC 9252/);
    await d.checkpoint('jobSearch:results');

    // The customer agrees to be put forward for the first: its number key ticks it; Enter records the search.
    await d.page.keyboard.press('1');
    expect(await d.page.locator('#js-pick-1').isChecked()).toBe(true);
    expect(await d.page.locator('#js-pick-2').isChecked()).toBe(false);
    await d.pressAndWaitForNewStep('Enter');
    expect(await d.stepKey()).toBe('jobSearch:1');
    expect(await d.page.locator('.js-recorded').textContent()).toContain('Warehouse operative, Canalside Logistics (demo) (ref DEMO-V01)');
    expect(await d.page.evaluate(() => document.activeElement?.textContent)).toBe('Finish job search');
    await d.checkpoint('jobSearch:recorded');
    await d.pressAndWaitForNewStep('Enter');

    // On to the end of the call: the WFI explanation, the offered slots, the wrap-up.
    await d.answerUntilStructural({});
    expect(await d.stepKey()).toBe('appointments');
    // The diary's first free pair arrives just after the step: book it once it is in the form.
    await d.page.getByText('First free:').waitFor();
    await d.pressAndWaitForNewStep('Enter');
    await d.answerUntilStructural({});
    expect(await d.stepKey()).toBe('complete');

    const rec = storedRecord(d.callId!);
    expect(rec.status).toBe('complete');
    expect(rec.jobSearch.mode).toBe('required');
    expect(rec.jobSearch.finished).toBe(true);
    expect(rec.jobSearch.searches).toEqual([
      { query: { text: 'warehouse operative', maxDistanceMiles: 10, minHourlyPay: 11.5, hoursPerWeek: 40, maxHours: 40 }, resultCount: 3, at: expect.any(String) },
    ]);
    expect(rec.jobSearch.submissions).toEqual([{ vacancyId: 'DEMO-V01', title: 'Warehouse operative', employer: 'Canalside Logistics (demo)', at: expect.any(String) }]);
    expect(rec.missing).toEqual([]);
  });

  it('bad input at the desk: radius 0 is explained at its field; an unknown goal offers titles to pick by keyboard', async () => {
    const d = await signedInDriver('jobsearch-bad');
    await toJobSearch(d, { ...JSA, jsaJobGoal: 'wearhouse opperative' });
    await d.page.waitForFunction(() => (document.getElementById('js-text') as HTMLInputElement | null)?.value === 'wearhouse opperative');

    // Radius 0: Tab four times to the distance (pay, at least, at most, distance), replace it with 0, Enter.
    for (let i = 0; i < 4; i++) await d.page.keyboard.press('Tab');
    expect(await activeId(d)).toBe('js-miles');
    await d.page.keyboard.press('Control+A');
    await d.page.keyboard.type('0');
    await d.page.keyboard.press('Enter');
    await d.page.locator('#js-error-miles').waitFor();
    expect(await d.page.locator('#js-error-miles').textContent()).toMatch(/radius of 0 miles finds nothing/);
    expect(await d.page.locator('#js-miles').getAttribute('aria-invalid')).toBe('true');
    expect(await activeId(d)).toBe('js-miles');
    await d.checkpoint('jobSearch:filterRefused');

    // Back to 10 miles; the goal is not a title in the coding index: message and titles to pick.
    await d.page.keyboard.press('Control+A');
    await d.page.keyboard.type('10');
    await d.page.keyboard.press('Enter');
    await d.page.locator('#js-error-text').waitFor();
    expect(await d.page.locator('#js-error-text').textContent()).toMatch(/Did the customer mean "Warehouse operative/);
    expect(await activeId(d)).toBe('js-text');
    await d.checkpoint('jobSearch:unknownGoal');
    // Tab from the goal reaches the first suggestion; Enter searches for it.
    await d.page.keyboard.press('Tab');
    expect(await d.page.evaluate(() => document.activeElement?.textContent)).toBe('Warehouse operative');
    await d.page.keyboard.press('Enter');
    await d.page.waitForFunction(() => document.activeElement?.id === 'js-results-title');
    expect(await inputValue(d, 'js-text')).toBe('Warehouse operative');
    expect(await d.page.locator('li.js-result').count()).toBeGreaterThan(0);
    expect(storedRecord(d.callId!).jobSearch.searches).toEqual([]);
  });
});
