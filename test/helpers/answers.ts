import { addDays } from '../../machines/rules/ukFormats';
import type { AnswerSpec, ScriptPackage } from '../../scripts-content/schema';

/** The claim date the fixtures assume when none is given (most tests run on a fixed clock at this day). */
const FIXTURE_CLAIM_DATE = '2026-11-23';

/**
 * A valid answer per type, as an FCO would type it (not canonical, so validation/normalisation is exercised). Dates
 * follow the question's limits relative to `claimDate`: tests on the real clock pass today's date.
 */
export function sampleAnswer(spec: AnswerSpec, questionId: string, claimDate = FIXTURE_CLAIM_DATE): unknown {
  switch (spec.type) {
    case 'acknowledge':
      return true;
    case 'text':
      return spec.minLength === 0 ? '' : `Answer to ${questionId}`.slice(0, spec.maxLength);
    case 'date':
      if (spec.notBeforeClaimDate) return addDays(claimDate, 38);
      if (spec.maxDaysBeforeClaimDate !== undefined) return addDays(claimDate, -Math.min(7, spec.maxDaysBeforeClaimDate));
      if (spec.ageOnClaimDate) {
        // 1985-06-15 unless the age limits rule it out (a child's date of birth): then the middle of the range.
        const age = Number(claimDate.slice(0, 4)) - 1985 - (claimDate.slice(5) < '06-15' ? 1 : 0);
        if (age < spec.ageOnClaimDate.min || age > spec.ageOnClaimDate.max)
          return `${Number(claimDate.slice(0, 4)) - Math.ceil((spec.ageOnClaimDate.min + spec.ageOnClaimDate.max) / 2) - 1}-06-15`;
      }
      return '1985-06-15';
    case 'nino':
      return 'ab 12 34 56 c';
    case 'postcode':
      return 'qa1 2bb';
    case 'phone':
      return '0113 496 0000';
    case 'yesNo':
      return true;
    case 'choice':
      return spec.options[0]!.value;
    case 'multiChoice':
      return [spec.options[spec.options.length - 1]!.value];
    case 'number':
      return spec.min !== undefined ? Math.max(spec.min, Math.min(spec.max ?? spec.min + 10, spec.min + 10)) : 10;
  }
}

/** An answer the desk must refuse, when the type has one. */
export function invalidAnswer(spec: AnswerSpec): unknown | undefined {
  switch (spec.type) {
    case 'nino':
      return 'AB 12 34 56 E';
    case 'postcode':
      return 'NOT A POSTCODE';
    case 'date':
      return '2026-02-30';
    case 'phone':
      return '12345';
    case 'number':
      return spec.max !== undefined ? spec.max + 1 : 'many';
    case 'choice':
      return 'notAnOption';
    case 'yesNo':
      return 'maybe';
    case 'text':
      return spec.minLength > 0 ? '' : 'x'.repeat(spec.maxLength + 1);
    default:
      return undefined;
  }
}

/** Every value of an answer that some route, rule or condition looks at; one sample otherwise. */
export function branchingValues(pkg: ScriptPackage, questionId: string, spec: AnswerSpec): unknown[] {
  const referenced = JSON.stringify([pkg.sections.map((s) => [s.when, s.questions.map((q) => q.next)]), pkg.benefitRules, pkg.evidenceRules]).includes(
    `"answer":"${questionId}"`,
  );
  if (!referenced) return [sampleAnswer(spec, questionId)];
  if (spec.type === 'yesNo') return [true, false];
  if (spec.type === 'choice') return spec.options.map((o) => o.value);
  if (spec.type === 'multiChoice') return spec.options.map((o) => [o.value]);
  return [sampleAnswer(spec, questionId)];
}
