import type { Condition } from '../../scripts-content/schema';
import type { AnswerValue } from './answers';

export type Answers = Readonly<Record<string, AnswerValue | undefined>>;

/** Evaluates a content condition. An unanswered question makes its leaf condition false (never true by default). */
export function holds(c: Condition, answers: Answers, benefitId: string | null): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, answers, benefitId));
  if ('any' in c) return c.any.some((x) => holds(x, answers, benefitId));
  if ('not' in c) return !holds(c.not, answers, benefitId);
  if ('benefitIs' in c) return benefitId !== null && c.benefitIs.includes(benefitId);
  const v = answers[c.answer];
  if (v === undefined || v === null) return false;
  if ('equals' in c) return v === c.equals;
  if ('in' in c) return (typeof v === 'string' || typeof v === 'number') && c.in.includes(v);
  if ('includes' in c) return Array.isArray(v) && v.includes(c.includes);
  if ('isTrue' in c) return v === true;
  return v === false;
}
