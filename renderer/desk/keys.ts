/** Keyboard helpers shared by the steps: the desk is driven from the keyboard while the FCO talks. */

const TEXT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'password', 'number', 'date', 'datetime-local', 'time']);

/** True when a key press belongs to a field the FCO is typing in (digits must type, not pick options). */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TEXT_TYPES.has(target.type);
}

/** 1–9 pressed on its own (no modifiers), else null. */
export function digitOf(e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }): number | null {
  if (e.altKey || e.ctrlKey || e.metaKey || !/^[1-9]$/.test(e.key)) return null;
  return Number(e.key);
}

/**
 * Enter continues from anywhere in a step form: text fields, radios and checkboxes alike. HTML only promises
 * implicit submission from text fields, so the desk does it itself rather than rely on the engine. Buttons keep their own Enter;
 * Shift+Enter in a textarea makes a new line.
 */
export function isContinueKey(e: { key: string; shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean; target: EventTarget | null }): boolean {
  if (e.key !== 'Enter' || e.altKey || e.metaKey) return false;
  if (e.target instanceof HTMLButtonElement || (e.target instanceof HTMLAnchorElement)) return false;
  if (e.target instanceof HTMLTextAreaElement && e.shiftKey) return false;
  return true;
}
