import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import demo from '../../scripts-content/demo/directory.json';
import { IB, identity as identityAnswersFor, JSA } from '../renderer/steps';
import { chromiumAvailable, CHROMIUM, launchBrowser, startHost, type BrowserFixture, type HostFixture, storedRecord as storedRecordIn } from '../helpers/browser';
import { DeskDriver, signedInDeskDriver } from './driver';

/**
 * The desk in a real Chromium (Debian's /usr/bin/chromium via playwright-core) against the browser host and a real
 * SQLite file with the demo directory. Every call is taken with the keyboard only.
 *
 * Outside CI a machine without Chromium skips this suite (the title says so); in CI (`CI` set, as .ci/run runs it
 * after installing chromium) a missing browser fails with a clear message instead.
 */
const skip = !chromiumAvailable && !process.env.CI;
const title = skip ? `desk end-to-end — SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)` : 'desk end-to-end in Chromium';

const POSTCODE = demo.examples.exact;
const identity = identityAnswersFor(POSTCODE);

describe.skipIf(skip)(title, () => {
  let host: HostFixture;
  let browser: BrowserFixture;

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
  const expectedOffice = () => host.app.directory.allocate(POSTCODE, 'CC-DEMO-01').suggestedCode;

  const pageErrors: string[] = [];
  const signedInDriver = (name: string): Promise<DeskDriver> => signedInDeskDriver(browser, host, 'ann', name, pageErrors);

  /** Markers by keyboard: the derived marker and the suggested office are preselected; Enter confirms each. */
  async function confirmMarkers(d: DeskDriver): Promise<void> {
    expect(await d.stepKey()).toBe('markers:--');
    await d.expectFocusInStep();
    await d.checkpoint('markers');
    expect(await d.page.evaluate(() => document.body.textContent?.includes('Demo Contact Centre'))).toBe(false);
    await d.pressAndWaitForNewStep('Enter');
    expect(await d.stepKey()).toBe('markers:b-');
    await d.expectFocusInStep();
    expect(await d.page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(expectedOffice());
    await d.pressAndWaitForNewStep('Enter');
  }

  /** Evidence by keyboard: tick each item with its number key, then Enter. */
  async function readEvidence(d: DeskDriver): Promise<void> {
    expect(await d.stepKey()).toBe('evidence');
    await d.expectFocusInStep();
    await d.checkpoint('evidence');
    const n = d.state().record.evidence.items.length;
    for (let i = 1; i <= n; i++) await d.page.keyboard.press(String(i));
    await d.pressAndWaitForNewStep('Enter');
  }

  async function wrapUp(d: DeskDriver): Promise<void> {
    await d.answerUntilStructural({});
    expect(await d.stepKey()).toBe('complete');
    await d.checkpoint('complete');
  }

  it('takes a full jobseeker call by keyboard; the stored record has both markers, the evidence read-out and the booking', async () => {
    const d = await signedInDriver('jsa');
    await d.checkpoint('home');
    await d.startCall();
    await d.answerUntilStructural(JSA(POSTCODE));
    await confirmMarkers(d);
    await readEvidence(d);

    // Job search (required): record a search, then finish.
    expect(await d.stepKey()).toMatch(/^jobSearch/);
    await d.expectFocusInStep();
    await d.checkpoint('jobSearch');
    await d.driveJobSearch({ text: 'warehouse operative', count: '7', reason: 'n/a' });

    await d.answerUntilStructural({}); // the WFI explanation
    expect(await d.stepKey()).toBe('appointments');
    await d.expectFocusInStep();
    await d.checkpoint('appointments:book');
    // The first free pair in the Jobcentre's diary is offered; Enter books it.
    await d.page.waitForSelector('form[aria-label="Book the appointments"] [role="status"]');
    await d.pressAndWaitForNewStep('Enter');
    await wrapUp(d);

    const rec = storedRecord(d.callId!);
    expect(rec.status).toBe('complete');
    expect(rec.markers.benefit).toMatchObject({ derived: 'jobseeker', confirmed: 'jobseeker', valid: true, override: null });
    expect(rec.markers.jobcentre).toMatchObject({ valid: true, lookup: 'exact', forPostcode: POSTCODE, override: null });
    expect(rec.markers.jobcentre.confirmed?.code).toBe(expectedOffice());
    expect(rec.markers.jobcentre.confirmed?.code).toMatch(/^DEMO/);
    expect(rec.evidence.readOut).toBe(true);
    expect(rec.evidence.items.map((i) => i.id)).toContain('p45');
    expect(rec.jobSearch.finished).toBe(true);
    expect(rec.jobSearch.searches.length).toBeGreaterThanOrEqual(1);
    expect(rec.appointment).toMatchObject({ kind: 'booked', fa: { minutes: 20, officeCode: expectedOffice() }, wfi: { minutes: 40, officeCode: expectedOffice() } });
    expect(rec.customer).toMatchObject({ name: 'Alex Example', nino: 'AB123456C', postcode: POSTCODE });
    expect(rec.missing).toEqual([]);
  });

  it('takes a full Incapacity Benefit call by keyboard; SSP1 is read first; the stored record has the due window', async () => {
    const d = await signedInDriver('ib');
    await d.startCall();
    await d.answerUntilStructural({
      ...IB(POSTCODE),
    });
    await confirmMarkers(d);
    expect(await d.page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('ssp1');
    await readEvidence(d);

    // Optional job search: skipped with a reason.
    await d.expectFocusInStep();
    await d.checkpoint('jobSearch:optional');
    await d.driveJobSearch({ text: 'n/a', count: '0', reason: 'Not fit to look for work yet' });

    await d.answerUntilStructural({});
    expect(await d.stepKey()).toBe('appointments');
    await d.checkpoint('appointments:dueWindow');
    await d.pressAndWaitForNewStep('Enter');
    await wrapUp(d);

    const rec = storedRecord(d.callId!);
    const claimDate = rec.claimDate;
    const day = (n: number) => new Date(Date.parse(`${claimDate}T00:00:00Z`) + (n - 1) * 86_400_000).toISOString().slice(0, 10);
    expect(rec.status).toBe('complete');
    expect(rec.markers.benefit).toMatchObject({ derived: 'incapacitated/disabled', confirmed: 'incapacitated/disabled', valid: true });
    expect(rec.markers.jobcentre.confirmed?.code).toBe(expectedOffice());
    expect(rec.evidence).toMatchObject({ readOut: true });
    expect(rec.evidence.items[0]).toMatchObject({ id: 'ssp1', oftenForgotten: true });
    expect(rec.jobSearch.skippedReason).toBeTruthy();
    expect(rec.appointment).toMatchObject({ kind: 'dueWindow', from: day(57), to: day(91) });
    expect(rec.dueWindow).toMatchObject({ from: day(57), to: day(91) });
    // What the FCO read out: open days inside the window (the real clock decides which days those are).
    const weekday = (iso: string) => new Date(`${iso}T12:00:00Z`).getUTCDay();
    for (const d of [rec.dueWindow!.bookableFrom!, rec.dueWindow!.bookableTo!]) expect([0, 6]).not.toContain(weekday(d));
    expect(rec.dueWindow!.bookableFrom! >= day(57) && rec.dueWindow!.bookableTo! <= day(91)).toBe(true);
  });

  it('a reload in the middle of a call resumes at the same step with every accepted answer; Alt+B goes back', async () => {
    const d = await signedInDriver('reload');
    await d.startCall();
    const answers = { ...identity, claimReason: 'lookingForWork', partnerDeclared: false };
    while (d.state().question?.id !== 'jsaJobGoal') await d.answerQuestion(answers);
    const before = await d.stepKey();
    const url = d.page.url();

    await d.page.reload();
    await d.page.waitForFunction((k) => document.querySelector('[data-step-key]')?.getAttribute('data-step-key') === k, before);
    expect(d.page.url()).toBe(url);
    await d.expectFocusInStep();
    expect(storedRecord(d.callId!).answers).toMatchObject({ fullName: 'Alex Example', postcode: POSTCODE, claimReason: 'lookingForWork' });
    expect(await d.page.textContent('.side-panel')).toContain('Alex Example');

    await d.pressAndWaitForNewStep('Alt+KeyB');
    expect(await d.stepKey()).toBe('q:partnerDeclared:review');
    expect(await d.page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('no');
    await d.checkpoint('question:review');
    await d.page.reload();
    await d.page.waitForFunction(() => document.querySelector('[data-step-key]')?.getAttribute('data-step-key') === 'q:partnerDeclared:review');
    await d.pressAndWaitForNewStep('Alt+ArrowRight');
    expect(await d.stepKey()).toBe('q:jsaJobGoal');
    // Alt+← is the browser's "back" too: the desk takes it, so the page stays on the call.
    await d.pressAndWaitForNewStep('Alt+ArrowLeft');
    expect(await d.stepKey()).toBe('q:partnerDeclared:review');
    expect(d.page.url()).toBe(url);

    // An answer given just before the page goes away still arrives: Enter and the reload in the same task, so the
    // page is left before the frame the desk waits for to send the command.
    await d.pressAndWaitForNewStep('Alt+ArrowRight');
    await d.page.keyboard.type('warehouse operative');
    const leaving = d.page.waitForEvent('load');
    await d.page.evaluate(() => {
      document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
      location.reload();
    });
    await leaving;
    await d.page.waitForFunction(() => document.querySelector('[data-step-key]')?.getAttribute('data-step-key') === 'q:jsaHoursPerWeek');
    expect(storedRecord(d.callId!).answers).toMatchObject({ jsaJobGoal: 'warehouse operative' });
  });

  it('ends a call with Alt+E and a reason; the accepted answers stay in the database', async () => {
    const d = await signedInDriver('end');
    await d.startCall();
    while (d.state().question?.id !== 'nino') await d.answerQuestion(identity);
    await d.page.keyboard.press('Alt+KeyE');
    await d.page.waitForSelector('[role="dialog"]');
    await d.checkpoint('endDialog');
    await d.page.keyboard.press('1');
    await d.pressAndWaitForNewStep('Enter');
    expect(await d.stepKey()).toBe('ended');
    await d.checkpoint('ended');
    expect(storedRecord(d.callId!)).toMatchObject({ status: 'ended', ended: { reason: 'callerHungUp' }, customer: { name: 'Alex Example' } });
  });
});
