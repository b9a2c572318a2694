import type { AnswerSpec, Question } from '../../scripts-content/schema';
import { daysBetween, normaliseNino, normalisePhone, normalisePostcode, parseIsoDate } from './ukFormats';

export type AnswerValue = string | number | boolean | string[] | null;

export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false; message: string };

const fieldName = (q: Question): string => q.say.en.replace(/[?.:]+$/, '');

/** Whole years from `from` to `to` (ISO dates): an age on a day. Someone born on 29 February turns a year older on 1 March. */
function wholeYearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

/** A refusal naming the field, so the FCO knows what to ask the customer again. Built only on failure. */
function refuse(question: Question, why: string): AnswerCheck {
  return { ok: false, message: `"${fieldName(question)}" (${question.id}): ${why}` };
}

function isOption(options: readonly { value: string }[], v: unknown): boolean {
  for (const o of options) if (o.value === v) return true;
  return false;
}

/**
 * Validates what the FCO typed against the question's answer type and returns the canonical value.
 * Messages name the field, so the FCO knows what to ask the customer again.
 *
 * Hot path: every view recomputation re-checks each answer on the path, so the success paths create no closures.
 */
export function checkAnswer(question: Question, raw: unknown, claimDate: string): AnswerCheck {
  const spec: AnswerSpec = question.answer;
  switch (spec.type) {
    case 'acknowledge':
      return raw === true || raw === null || raw === undefined ? { ok: true, value: true } : refuse(question, 'acknowledge with true');
    case 'text': {
      if (typeof raw !== 'string') return refuse(question, 'enter text');
      const v = raw.trim();
      if (v.length < spec.minLength) return refuse(question, spec.minLength <= 1 ? 'this answer is required' : `at least ${spec.minLength} characters`);
      if (v.length > spec.maxLength) return refuse(question, `at most ${spec.maxLength} characters`);
      return { ok: true, value: v };
    }
    case 'date': {
      const v = typeof raw === 'string' ? parseIsoDate(raw) : null;
      if (!v) return refuse(question, 'not a real date; use YYYY-MM-DD, e.g. 1980-04-23');
      if (spec.notAfterClaimDate && v > claimDate) return refuse(question, `cannot be after the claim date ${claimDate}`);
      if (spec.notBeforeClaimDate && v < claimDate) return refuse(question, `cannot be before the claim date ${claimDate}`);
      if (spec.ageOnClaimDate) {
        const age = wholeYearsBetween(v, claimDate);
        const { min, max } = spec.ageOnClaimDate;
        if (age < min || age > max) return refuse(question, `${v} makes the age ${Math.max(age, 0)} on the claim date ${claimDate}; it must be ${min} to ${max}. Check the year with the customer`);
      }
      if (spec.maxDaysBeforeClaimDate !== undefined && daysBetween(v, claimDate) > spec.maxDaysBeforeClaimDate)
        return refuse(question, `${v} is more than ${spec.maxDaysBeforeClaimDate} days before the claim date ${claimDate}. Check the date with the customer`);
      return { ok: true, value: v };
    }
    case 'nino': {
      const v = typeof raw === 'string' ? normaliseNino(raw) : null;
      return v ? { ok: true, value: v } : refuse(question, 'not a valid National Insurance number (two letters, six digits, A–D, e.g. AB 12 34 56 C)');
    }
    case 'postcode': {
      const v = typeof raw === 'string' ? normalisePostcode(raw) : null;
      return v ? { ok: true, value: v } : refuse(question, 'not a valid UK postcode (e.g. SW1A 1AA)');
    }
    case 'phone': {
      const v = typeof raw === 'string' ? normalisePhone(raw) : null;
      return v ? { ok: true, value: v } : refuse(question, 'not a valid UK phone number (e.g. 0161 496 0000 or 07700 900123)');
    }
    case 'yesNo':
      return typeof raw === 'boolean' ? { ok: true, value: raw } : refuse(question, 'answer yes or no');
    case 'choice':
      return typeof raw === 'string' && isOption(spec.options, raw)
        ? { ok: true, value: raw }
        : refuse(question, `choose one of: ${spec.options.map((o) => o.value).join(', ')}`);
    case 'multiChoice': {
      let valid = Array.isArray(raw);
      if (valid) for (const x of raw as unknown[]) if (typeof x !== 'string' || !isOption(spec.options, x)) valid = false;
      if (!valid) return refuse(question, `choose from: ${spec.options.map((o) => o.value).join(', ')}`);
      const v = [...new Set(raw as string[])];
      if (v.length < spec.minSelected) return refuse(question, `choose at least ${spec.minSelected}`);
      return { ok: true, value: v };
    }
    case 'number': {
      const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(v)) return refuse(question, 'enter a number');
      if (spec.integer && !Number.isInteger(v)) return refuse(question, 'enter a whole number');
      if (spec.min !== undefined && v < spec.min) return refuse(question, `must be at least ${spec.min}`);
      if (spec.max !== undefined && v > spec.max) return refuse(question, `must be at most ${spec.max}`);
      return { ok: true, value: v };
    }
  }
}
