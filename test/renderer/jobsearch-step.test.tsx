// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ensureDemoVacancies } from '../../main/jobsearch/demo';
import { pointAtDistance } from '../../main/jobsearch/geo';
import { vacancyWriter } from '../../main/jobsearch/store';
import type { VacancyRecord } from '../../main/jobsearch/vacancy';
import { testPostcodes } from '../helpers/fixtures';
import { focused, harnessPerTest, renderCall, seriousAxeViolations, stepKey, waitForStep, waitForStepAway, } from './harness';
import { atPhase, IB, JSA } from './steps';

/**
 * The job search step against the real call service and the real search engine over SQLite: the demo coding-index
 * titles, and a handful of vacancies placed at known distances from the test postcode QA1 2BB (the demo vacancies
 * are all far from it).
 */

const TODAY = '2026-11-23';
const HOME = testPostcodes.get('QA1 2BB')!;

function vacancy(v: Partial<VacancyRecord> & { ref: string; title: string; soc2020: string; miles: number }): VacancyRecord {
  const { miles, ...rest } = v;
  return {
    employer: 'Northtown Co (test)',
    description: '',
    hoursPerWeek: 30,
    pattern: 'part-time',
    payMin: 12.5,
    payMax: 12.5,
    payPeriod: 'hour',
    postcode: 'QA1 3CC',
    closingDate: '2026-12-20',
    point: pointAtDistance(HOME, miles, 45),
    ...rest,
  };
}

const NEAR_HOME: VacancyRecord[] = [
  vacancy({ ref: 'T-W1', title: 'Warehouse operative', employer: 'Northtown Logistics (test)', soc2020: '9252', miles: 2 }),
  vacancy({ ref: 'T-W2', title: 'Order picker', employer: 'Pickfast (test)', soc2020: '9252', miles: 4, hoursPerWeek: 20, payMin: 24000, payMax: 24000, payPeriod: 'year' }),
  vacancy({ ref: 'T-W3', title: 'Warehouse operative', employer: 'Long Hours Ltd (test)', soc2020: '9252', miles: 1, hoursPerWeek: 45, pattern: 'shifts' }),
  vacancy({ ref: 'T-D1', title: 'Office administrator', employer: 'Paper Mill (test)', soc2020: '4159', miles: 1, description: 'Some warehouse operative cover when the stores team is short.' }),
  vacancy({ ref: 'T-C1', title: 'Care assistant', employer: 'Rose House (test)', soc2020: '6135', miles: 3, pattern: 'shifts' }),
];

const h = harnessPerTest((fresh) => {
  ensureDemoVacancies(fresh.app.db, TODAY);
  const w = vacancyWriter(fresh.app.db, 'test', `${TODAY}T00:00:00Z`);
  fresh.app.db.transaction(() => NEAR_HOME.forEach((v) => w.put(v)))();
});

/** Plays the call to the job search step (markers confirmed, evidence read out). */
function callAtJobSearch(answers: Record<string, unknown>, marker: string): string {
  const id = h.callUntil(answers, atPhase('markers'));
  h.send(id, { type: 'marker.benefit.confirm', marker });
  h.send(id, { type: 'office.confirm', officeCode: 'JC-NORTH' });
  for (let s = h.get(id); !(s.phase === 'evidence' && !s.question); s = h.get(id)) {
    if (!s.question) throw new Error(`stuck at ${s.phase}`);
    h.send(id, { type: 'answer.submit', questionId: s.question.id, value: answers[s.question.id] ?? true });
  }
  const ev = h.record(id).evidence;
  h.send(id, { type: 'evidence.readOut', checklistKey: ev.checklistKey, itemsRead: ev.items.map((i) => i.id) });
  expect(h.get(id).phase).toBe('jobSearch');
  return id;
}

const field = (name: RegExp | string) => screen.getByRole('textbox', { name }) as HTMLInputElement;
/** The goal field has a list of coding-index titles, so it is a combobox. */
const goalField = () => screen.getByRole('combobox', { name: 'Type of work' }) as HTMLInputElement;
const resultItems = () => Array.from(document.querySelectorAll<HTMLLIElement>('li.js-result'));
const sentCommands = () => h.bridge.calls.filter((c) => c.channel === 'call.send').map((c) => (c.request as { command: { type: string } }).command);

async function prefilled(text: string): Promise<void> {
  await waitFor(() => expect(goalField().value).toBe(text));
}

describe('job search step: jobseekers', () => {
  it('prefills from the preferences, lists results with why each matched, ticks real matches only, records the search and finishes', async () => {
    const id = callAtJobSearch(JSA(), 'jobseeker');
    await renderCall(h, id);
    expect(stepKey()).toBe('jobSearch:0');
    expect(screen.queryByRole('button', { name: /skip/i })).toBeNull();
    expect(screen.queryByRole('button', { name: /finish job search/i })).toBeNull();
    await prefilled('warehouse operative');
    expect(focused()).toBe(goalField());
    expect(field('Least pay (£ an hour)').value).toBe('11.50');
    expect(field('At most').value).toBe('30');
    expect(field('At least').value).toBe('');
    expect(field('Distance from home (miles)').value).toBe('10');
    expect(screen.getByText('From QA1 2BB')).toBeTruthy();
    // What the customer said, aspirations included (field matching alone is formulaic).
    const said = screen.getByRole('region', { name: 'What the customer told you' });
    expect(within(said).getByText('Forklift licence one day')).toBeTruthy();
    expect(await seriousAxeViolations()).toEqual([]);

    const user = userEvent.setup();
    await user.keyboard('{Enter}');
    const heading = await screen.findByRole('heading', { name: /3 open vacancies match/ });
    await waitFor(() => expect(focused()).toBe(heading));
    const items = resultItems();
    expect(items.map((li) => li.dataset.vacancy)).toEqual(['T-W1', 'T-W2', 'T-D1']);
    // Each result says why it matched, with distance, pay and hours.
    expect(items[0]!.textContent).toMatch(/title has "warehouse operative"/);
    expect(items[0]!.textContent).toMatch(/same occupation as 'Warehouse operative' \(SOC 9252/);
    expect(items[0]!.textContent).toMatch(/2\.0 miles from home/);
    expect(items[0]!.textContent).toMatch(/£12\.50 an hour/);
    expect(items[0]!.textContent).toMatch(/30 hours a week, part-time/);
    expect(items[1]!.textContent).toMatch(/£24,000 a year \(£23\.08 an hour\)/);
    expect(items[1]!.textContent).toMatch(/same occupation as 'Warehouse operative'/);
    expect(items[1]!.textContent).not.toMatch(/title has/);
    // A description-only match is shown, and cannot be ticked.
    const desc = within(items[2]!).getByRole('checkbox') as HTMLInputElement;
    expect(desc.disabled).toBe(true);
    expect(items[2]!.textContent).toMatch(/description mentions "warehouse operative"/);
    expect(items[2]!.textContent).toMatch(/cannot be put forward/);
    expect(await seriousAxeViolations()).toEqual([]);

    // Number keys tick; the description-only one is refused with a message.
    await user.keyboard('1');
    expect((within(items[0]!).getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    await user.keyboard('3');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Office administrator.*cannot be put forward/);
    expect(desc.checked).toBe(false);
    expect(screen.getByRole('button', { name: /record this search \(3 results, 1 put forward\)/i })).toBeTruthy();

    await user.keyboard('{Enter}');
    await waitForStep('jobSearch:1');
    const js = h.record(id).jobSearch;
    expect(js.searches).toEqual([
      { query: { text: 'warehouse operative', maxDistanceMiles: 10, minHourlyPay: 11.5, hoursPerWeek: 30, maxHours: 30 }, resultCount: 3, at: expect.any(String) },
    ]);
    expect(js.submissions).toEqual([{ vacancyId: 'T-W1', title: 'Warehouse operative', employer: 'Northtown Logistics (test)', at: expect.any(String) }]);
    // The recorded search and the submission are on screen; focus is on Finish.
    const recorded = screen.getByRole('region', { name: 'Recorded on this call' });
    expect(recorded.textContent).toMatch(/“warehouse operative”, £11\.50 an hour or more, up to 30 hours a week, within 10 miles: 3 results/);
    expect(recorded.textContent).toMatch(/Warehouse operative, Northtown Logistics \(test\) \(ref T-W1\)/);
    expect(focused()).toBe(screen.getByRole('button', { name: 'Finish job search' }));
    expect(await seriousAxeViolations()).toEqual([]);
    await user.keyboard('{Enter}');
    await waitForStepAway(/^jobSearch/);
    expect(h.record(id).jobSearch.finished).toBe(true);
  });

  it('the FCO adjusts hours and pattern with the customer; the recorded query keeps the band and patterns', async () => {
    const id = callAtJobSearch(JSA(), 'jobseeker');
    await renderCall(h, id);
    await prefilled('warehouse operative');
    const user = userEvent.setup();
    await user.type(field('At least'), '16');
    await user.clear(field('At most'));
    await user.type(field('At most'), '48');
    // Number keys untick a pattern when the focus is on the patterns: 2 = part-time.
    (screen.getByRole('checkbox', { name: 'Full-time' }) as HTMLInputElement).focus();
    await user.keyboard('2');
    expect((screen.getByRole('checkbox', { name: 'Part-time' }) as HTMLInputElement).checked).toBe(false);
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: /open vacanc/ });
    // Shifts now in range (45 h); part-time ones left out.
    expect(resultItems().map((li) => li.dataset.vacancy)).toEqual(['T-W3']);
    expect(resultItems()[0]!.textContent).toMatch(/45 h\/week in your 16–48 band/);
    await user.keyboard('1{Enter}');
    await waitForStep('jobSearch:1');
    expect(h.record(id).jobSearch.searches[0]!.query).toEqual({
      text: 'warehouse operative',
      maxDistanceMiles: 10,
      minHourlyPay: 11.5,
      hoursPerWeek: 48,
      minHours: 16,
      maxHours: 48,
      patterns: ['full-time', 'shifts'],
    });
    expect(h.record(id).jobSearch.submissions.map((s) => s.vacancyId)).toEqual(['T-W3']);
    // The next search starts from the recorded one.
    await waitFor(() => expect(field('At least').value).toBe('16'));
    expect((screen.getByRole('checkbox', { name: 'Part-time' }) as HTMLInputElement).checked).toBe(false);
  });

  it('impossible filters are refused next to their field, focus goes there, and nothing is recorded', async () => {
    const id = callAtJobSearch(JSA(), 'jobseeker');
    await renderCall(h, id);
    await prefilled('warehouse operative');
    const user = userEvent.setup();
    const miles = field('Distance from home (miles)');
    await user.clear(miles);
    await user.type(miles, '0{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/radius of 0 miles finds nothing/);
    expect(alert.id).toBe('js-error-miles');
    expect(miles.getAttribute('aria-invalid')).toBe('true');
    expect(miles.getAttribute('aria-describedby')).toContain('js-error-miles');
    await waitFor(() => expect(focused()).toBe(miles));
    expect(await seriousAxeViolations()).toEqual([]);

    await user.clear(miles);
    await user.type(miles, '10');
    expect(screen.queryByRole('alert')).toBeNull();
    const pay = field('Least pay (£ an hour)');
    await user.clear(pay);
    await user.type(pay, '-3{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/cannot be negative/);
    expect(pay.getAttribute('aria-invalid')).toBe('true');
    await user.clear(pay);
    await user.type(pay, 'lots{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/as a number of pounds/);

    await user.clear(pay);
    await user.type(field('At least'), '40{Enter}');
    const band = await screen.findByRole('alert');
    expect(band.textContent).toMatch(/back to front/);
    expect(field('At least').getAttribute('aria-invalid')).toBe('true');
    expect(h.record(id).jobSearch.searches).toEqual([]);
    expect(sentCommands()).toEqual([]);
  });

  it('an unknown goal gets the helpful message and clickable coding-index suggestions; choosing one searches for it', async () => {
    const id = callAtJobSearch({ ...JSA(), jsaJobGoal: 'wearhouse opperative' }, 'jobseeker');
    await renderCall(h, id);
    await prefilled('wearhouse opperative');
    const user = userEvent.setup();
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/No job title in the SOC coding index has the words.*Did the customer mean/);
    expect(goalField().getAttribute('aria-invalid')).toBe('true');
    const suggestions = screen.getByRole('group', { name: /job titles in the coding index/i });
    const pick = within(suggestions).getByRole('button', { name: 'Warehouse operative' });
    expect(await seriousAxeViolations()).toEqual([]);
    await user.click(pick);
    await screen.findByRole('heading', { name: /open vacanc/ });
    expect(goalField().value).toBe('Warehouse operative');
    expect(resultItems()[0]!.dataset.vacancy).toBe('T-W1');
    const searched = h.bridge.calls.filter((c) => c.channel === 'jobs.search').map((c) => (c.request as { query: { text: string } }).query.text);
    expect(searched).toEqual(['wearhouse opperative', 'Warehouse operative']);
  });

  it('an empty goal offers the commonest occupations; typing a goal fills the list of coding-index titles', async () => {
    const id = callAtJobSearch(JSA(), 'jobseeker');
    await renderCall(h, id);
    await prefilled('warehouse operative');
    const user = userEvent.setup();
    await user.clear(goalField());
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Ask what kind of work the customer wants/);
    expect(within(screen.getByRole('group', { name: /job titles in the coding index/i })).getAllByRole('button').length).toBeGreaterThan(3);
    await user.type(goalField(), 'wareh');
    await waitFor(() => expect(h.bridge.calls.some((c) => c.channel === 'jobs.suggest')).toBe(true), { timeout: 3000 });
    await waitFor(() => expect(Array.from(document.querySelectorAll('#js-titles option')).map((o) => (o as HTMLOptionElement).value)).toContain('Warehouse operative'));
    expect(goalField().getAttribute('list')).toBe('js-titles');
  });
});

describe('job search step: optional benefits', () => {
  it('"not at the moment": shows the answer, offers skipping with the reason prefilled and selected; Enter records it', async () => {
    const id = callAtJobSearch(IB(), 'incapacitated/disabled');
    await renderCall(h, id);
    const said = screen.getByRole('heading', { name: 'Would the customer like help looking for work?' });
    expect(said).toBeTruthy();
    const reason = field('Reason for skipping the job search');
    expect(focused()).toBe(reason);
    await waitFor(() => expect(reason.value).toBe('Customer is not interested in help finding work at the moment.'));
    expect(within(screen.getByRole('region', { name: 'What the customer told you' })).getByText('Not at the moment')).toBeTruthy();
    await waitFor(() => expect([reason.selectionStart, reason.selectionEnd]).toEqual([0, reason.value.length]));
    expect(screen.queryByRole('combobox', { name: 'Type of work' })).toBeNull();
    expect(await seriousAxeViolations()).toEqual([]);
    const user = userEvent.setup();
    await user.keyboard('{Enter}');
    await waitForStepAway(/^jobSearch/);
    expect(h.record(id).jobSearch.skippedReason).toBe('Customer is not interested in help finding work at the moment.');
  });

  it('the reason can be typed over, and an empty reason is refused', async () => {
    const id = callAtJobSearch(IB(), 'incapacitated/disabled');
    await renderCall(h, id);
    const reason = field('Reason for skipping the job search');
    await waitFor(() => expect(reason.value).not.toBe(''));
    const user = userEvent.setup();
    await user.clear(reason);
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Say why/);
    await user.keyboard('Starting a course in January{Enter}');
    await waitForStepAway(/^jobSearch/);
    expect(h.record(id).jobSearch.skippedReason).toBe('Starting a course in January');
  });

  it('"not at the moment", then the customer would like a search after all: the search form takes focus', async () => {
    const id = callAtJobSearch(IB(), 'incapacitated/disabled');
    await renderCall(h, id);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /would like a search after all/i }));
    expect(focused()).toBe(goalField());
    expect(goalField().value).toBe('');
    await user.keyboard('care assistant');
    await user.clear(field('Distance from home (miles)'));
    await user.type(field('Distance from home (miles)'), '5{Enter}');
    await screen.findByRole('heading', { name: /1 open vacancy matches/ });
    expect(resultItems()[0]!.dataset.vacancy).toBe('T-C1');
  });

  it('"yes, now": the search comes first (skipping stays possible); after recording a search the FCO finishes', async () => {
    const id = callAtJobSearch({ ...IB(), interestInWork: 'yesNow' }, 'incapacitated/disabled');
    await renderCall(h, id);
    expect(screen.getByRole('heading', { name: 'Search for jobs with the customer' })).toBeTruthy();
    expect(focused()).toBe(goalField());
    expect(screen.getByRole('textbox', { name: 'Reason for skipping the job search' })).toBeTruthy();
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'What the customer told you' })).getByText('Yes, now')).toBeTruthy());
    expect(await seriousAxeViolations()).toEqual([]);
    const user = userEvent.setup();
    await user.keyboard('cleaner');
    await user.type(field('Distance from home (miles)'), '10{Enter}');
    await screen.findByRole('heading', { name: /No open vacancies match/ });
    // A search with no results can still be recorded.
    await user.keyboard('{Enter}');
    await waitForStep('jobSearch:1');
    expect(h.record(id).jobSearch.searches).toEqual([expect.objectContaining({ query: { text: 'cleaner', maxDistanceMiles: 10 }, resultCount: 0 })]);
    expect(screen.queryByRole('textbox', { name: 'Reason for skipping the job search' })).toBeNull();
    expect(focused()).toBe(screen.getByRole('button', { name: 'Finish job search' }));
    await user.keyboard('{Enter}');
    await waitForStepAway(/^jobSearch/);
    const js = h.record(id).jobSearch;
    expect(js).toMatchObject({ finished: true, skippedReason: null, interestInWork: 'yesNow' });
  });
});

describe('job search step: server-side refusals reach the FCO', () => {
  it('a vacancy that closed between the search and the record is refused at the results; the ticks stay', async () => {
    const id = callAtJobSearch(JSA(), 'jobseeker');
    await renderCall(h, id);
    await prefilled('warehouse operative');
    const user = userEvent.setup();
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: /open vacancies match/ });
    await user.keyboard('1');
    // The vacancy is withdrawn (closing date moved into the past) while the FCO talks.
    h.app.db.prepare("UPDATE vacancies SET closing_date = '2026-11-01' WHERE ref = 'T-W1'").run();
    await user.keyboard('{Enter}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/closed on 2026-11-01/);
    expect(stepKey()).toBe('jobSearch:0');
    expect((within(resultItems()[0]!).getByRole('checkbox') as HTMLInputElement).checked).toBe(true);
    expect(h.record(id).jobSearch.searches).toEqual([]);
  });
});
