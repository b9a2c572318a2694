import axe from 'axe-core';

/**
 * axe-core in jsdom: serious and critical violations only. Colour contrast needs layout, which jsdom has not;
 * the end-to-end suite runs axe in Chromium with every rule, contrast included.
 */
export async function seriousAxeViolations(root: Element = document.body): Promise<string[]> {
  const r = await axe.run(root, { rules: { 'color-contrast': { enabled: false } }, resultTypes: ['violations'] });
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
