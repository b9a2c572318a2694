import type { Page } from 'playwright-core';
import type { DeskQuestion } from '../../machines/deskState';
import { sampleAnswer } from '../helpers/answers';

/** A key press or some typing. */
export type KeyAction = { press: string } | { type: string };

/**
 * The keys an FCO presses to answer a question (before Enter): number keys for options (1 = yes, 2 = no), typing
 * for fields (dates as DD/MM/YYYY). The value comes from `answers`, else a valid sample for the answer type, so a
 * script that gains a question does not break the drive. Sample dates are set relative to `claimDate` (hosts on the
 * real clock). Shared by the end-to-end tests and the benchmark.
 */
export function answerKeys(q: Pick<DeskQuestion, 'id' | 'answer'>, answers: Record<string, unknown>, claimDate?: string): KeyAction[] {
  const value = q.id in answers ? answers[q.id] : sampleAnswer(q.answer, q.id, claimDate);
  const spec = q.answer;
  switch (spec.type) {
    case 'acknowledge':
      return [];
    case 'yesNo':
      return [{ press: value ? '1' : '2' }];
    case 'choice': {
      const i = spec.options.findIndex((o) => o.value === value);
      if (i < 0 || i > 8) throw new Error(`cannot pick ${String(value)} for ${q.id} by number key`);
      return [{ press: String(i + 1) }];
    }
    case 'multiChoice':
      return (value as string[]).map((v) => ({ press: String(spec.options.findIndex((o) => o.value === v) + 1) }));
    case 'date': {
      const [y, m, d] = String(value).split('-');
      return [{ type: `${d}/${m}/${y}` }];
    }
    default:
      return [{ type: String(value) }];
  }
}

export interface JobSearchFill {
  text: string;
  count: string;
  reason: string;
}

/**
 * The job-search step by keyboard without depending on its layout (the job-search area replaces the simple
 * version): wait for any prefill, fill an empty focused field (a reason, a count or the search text by its label),
 * tab to an empty "how many" field if the form has one, press Enter; repeat until the step is left.
 */
/**
 * In-page: a different step is on screen and the server has accepted it (the desk shows predicted steps before
 * the server answers; a test that then reads the store or reloads must wait for the save).
 */
export const NEW_STEP_SAVED = (before: string | null): boolean => {
  const key = document.querySelector('[data-step-key]')?.getAttribute('data-step-key') ?? null;
  return key !== before && document.querySelector('.call-screen')?.getAttribute('data-saved') !== 'false';
};

export async function driveJobSearch(page: Page, fill: JobSearchFill, eachRound: () => Promise<void> = async () => undefined): Promise<void> {
  const stepKey = () => page.evaluate(() => document.querySelector('[data-step-key]')?.getAttribute('data-step-key') ?? null);
  for (let round = 0; round < 8 && (await stepKey())?.startsWith('jobSearch'); round++) {
    await eachRound();
    await page
      .waitForFunction(() => {
        const a = document.activeElement as HTMLInputElement | null;
        return !(a?.tagName === 'INPUT' && a.type === 'text' && a.value === '');
      }, undefined, { timeout: 1000 })
      .catch(() => undefined);
    const focused = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return { empty: a?.tagName === 'INPUT' && a.type === 'text' && a.value === '', label: a?.labels?.[0]?.textContent ?? '' };
    });
    if (focused.empty) await page.keyboard.type(/reason/i.test(focused.label) ? fill.reason : /how many/i.test(focused.label) ? fill.count : fill.text);
    const countIsEmpty = () =>
      page.evaluate(() => {
        const form = document.activeElement?.closest('form');
        return [...(form?.querySelectorAll('input[type=text]') ?? [])].some((i) => /how many/i.test((i as HTMLInputElement).labels?.[0]?.textContent ?? '') && (i as HTMLInputElement).value === '');
      });
    for (let tab = 0; tab < 5 && (await countIsEmpty()); tab++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '');
      if (/how many/i.test(label)) await page.keyboard.type(fill.count);
    }
    const before = await page.evaluate(() => [document.querySelector('[data-step-key]')?.getAttribute('data-step-key') ?? '', document.activeElement?.outerHTML.slice(0, 200) ?? '']);
    await page.keyboard.press('Enter');
    await page
      .waitForFunction(
        (b) =>
          ((document.querySelector('[data-step-key]')?.getAttribute('data-step-key') ?? '') !== b[0] || (document.activeElement?.outerHTML.slice(0, 200) ?? '') !== b[1]) &&
          document.querySelector('.call-screen')?.getAttribute('data-saved') !== 'false',
        before,
        { timeout: 10_000 },
      )
      .catch(() => undefined);
  }
}
