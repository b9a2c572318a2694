import { describe, expect, it } from 'vitest';
import { bundledScriptPackage, parseScriptPackage, scriptPackageJsonSchema } from '../../scripts-content';
import { readFileSync } from 'node:fs';

const clone = (): any => JSON.parse(JSON.stringify(bundledScriptPackage));
const problemsOf = (raw: unknown) => {
  const r = parseScriptPackage(raw);
  return r.ok ? [] : r.problems.map((p) => `${p.where}: ${p.message}`);
};
const identify = (p: any) => p.sections.find((s: any) => s.phase === 'identify');

describe('script package validation and lint', () => {
  it('the shipped v1 package is valid and lint-clean', () => {
    expect(problemsOf(bundledScriptPackage)).toEqual([]);
  });
  it('rejects an unknown routing target, naming the question', () => {
    const p = clone();
    identify(p).questions.find((q: any) => q.id === 'nino').next = [{ goto: 'nowhere' }];
    expect(problemsOf(p).join('\n')).toMatch(/questions\[nino\]\.next\[0\]: unknown routing target "nowhere"/);
  });
  it('rejects an unreachable question', () => {
    const p = clone();
    identify(p).questions.push({ id: 'orphan', say: { en: 'Orphan?' }, answer: { type: 'yesNo' }, next: [{ goto: '@end' }] });
    expect(problemsOf(p).join('\n')).toMatch(/questions\[orphan\]: unreachable/);
  });
  it('rejects dead ends: a loop and a conditional-only route list', () => {
    const p = clone();
    identify(p).questions.find((q: any) => q.id === 'phone').next = [{ goto: 'addressLine' }];
    expect(problemsOf(p).join('\n')).toMatch(/loops back|dead end/);
    const p2 = clone();
    identify(p2).questions.find((q: any) => q.id === 'phone').next = [{ when: { answer: 'phone', equals: 'x' }, goto: '@end' }];
    expect(problemsOf(p2).join('\n')).toMatch(/dead end: the last route has a condition/);
  });
  it('rejects a package without English text, naming where', () => {
    const p = clone();
    identify(p).questions[0].say = { cy: 'Bore da' };
    expect(problemsOf(p).join('\n')).toMatch(/sections\.0\.questions\.0\.say\.en/);
  });
  it('rejects conditions on unknown questions, options and benefits', () => {
    const p = clone();
    p.benefitRules[0].when = { answer: 'claimReason', equals: 'winningTheLottery' };
    p.evidenceRules[0].when = { benefitIs: ['pension'] };
    const text = problemsOf(p).join('\n');
    expect(text).toMatch(/"winningTheLottery" is not an option/);
    expect(text).toMatch(/unknown benefit "pension"/);
  });
  it('the committed JSON Schema for editors matches the zod schema', () => {
    const committed = JSON.parse(readFileSync(new URL('../../scripts-content/script-package.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(scriptPackageJsonSchema());
  });
});
