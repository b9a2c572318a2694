import type { AnswerSpec } from '../../../scripts-content/schema';
import { isoToUk, ukToIso } from '../format';

/** What the FCO has typed or picked, before it is sent. Strings for fields and single choices, lists for multi. */
export type Draft = string | string[];

/** The accepted answer (when the FCO went back) as the control shows it. */
export function toDraft(spec: AnswerSpec, value: unknown): Draft {
  switch (spec.type) {
    case 'multiChoice':
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    case 'yesNo':
      return value === true ? 'yes' : value === false ? 'no' : '';
    case 'date':
      return typeof value === 'string' ? isoToUk(value) : '';
    case 'acknowledge':
      return '';
    default:
      return value === null || value === undefined ? '' : String(value);
  }
}

export type Prepared = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * The value to send. Only shape problems the server cannot phrase well are caught here (nothing picked, a date not
 * in a date shape); every rule about the value itself is the server's, so the two can never disagree.
 */
export function fromDraft(spec: AnswerSpec, draft: Draft): Prepared {
  const text = typeof draft === 'string' ? draft : '';
  switch (spec.type) {
    case 'acknowledge':
      return { ok: true, value: true };
    case 'yesNo':
      return text === 'yes' ? { ok: true, value: true } : text === 'no' ? { ok: true, value: false } : { ok: false, message: 'Choose yes (press 1) or no (press 2).' };
    case 'choice':
      return text ? { ok: true, value: text } : { ok: false, message: `Choose one of the options (press 1–${Math.min(9, spec.options.length)}).` };
    case 'multiChoice':
      return { ok: true, value: Array.isArray(draft) ? draft : [] };
    case 'date': {
      if (!text.trim()) return { ok: false, message: 'Enter the date as DD/MM/YYYY, for example 23/04/1980.' };
      const iso = ukToIso(text);
      return iso ? { ok: true, value: iso } : { ok: false, message: `"${text.trim()}" is not a date. Enter it as DD/MM/YYYY, for example 23/04/1980.` };
    }
    case 'number': {
      const n = Number(text.trim().replace(/^£/, ''));
      return { ok: true, value: text.trim() !== '' && Number.isFinite(n) ? n : text };
    }
    default:
      return { ok: true, value: text };
  }
}
