/**
 * Puts focus on the answer control of a step that just appeared. Steps mark their preferred control with
 * `data-autofocus`; otherwise the checked option, then the first field, then the first button. One mechanism for
 * every step, including the ones other areas replace.
 */
export function focusStep(root: HTMLElement | null): void {
  if (!root) return;
  const pick =
    root.querySelector<HTMLElement>('[data-autofocus]') ??
    root.querySelector<HTMLElement>('input:checked') ??
    root.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select, textarea') ??
    root.querySelector<HTMLElement>('button:not([disabled])');
  // preventScroll: focusing with scroll forces a synchronous layout on the key-press path; the step's control is at
  // the top of the step, which is at the top of the page.
  pick?.focus({ preventScroll: true });
}
