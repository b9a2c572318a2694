import type { DeskQuestion } from '../../machines/deskState';
import { sampleAnswer } from '../helpers/answers';

/** A key press or some typing. */
export type KeyAction = { press: string } | { type: string };

/**
 * The keys an FCO presses to answer a question (before Enter): number keys for options (1 = yes, 2 = no), typing
 * for fields (dates as DD/MM/YYYY). The value comes from `answers`, else a valid sample for the answer type, so a
 * script that gains a question does not break the drive. Shared by the end-to-end tests and the benchmark.
 */
export function answerKeys(q: Pick<DeskQuestion, 'id' | 'answer'>, answers: Record<string, unknown>): KeyAction[] {
  const value = q.id in answers ? answers[q.id] : sampleAnswer(q.answer, q.id);
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
