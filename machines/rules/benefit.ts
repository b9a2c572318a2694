import type { BenefitPolicy, ScriptPackage } from '../../scripts-content/schema';
import { holds, type Answers } from './conditions';

/** The benefit follows from the answers by the package's rules, first match wins. No match means "not yet established". */
export function deriveBenefit(pkg: ScriptPackage, answers: Answers): BenefitPolicy | null {
  for (const rule of pkg.benefitRules) {
    if (holds(rule.when, answers, null)) return pkg.benefits.find((b) => b.id === rule.benefit) ?? null;
  }
  return null;
}
