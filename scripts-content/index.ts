import { z } from 'zod';
import { ScriptPackage } from './schema';
import { lintScriptPackage, type LintProblem } from './lint';
import v1 from './v1/claim-intake.json';

export * from './schema';
export { lintScriptPackage, type LintProblem } from './lint';

/** The package that ships with this build and applies to new calls. */
export const bundledScriptPackage: unknown = v1;

export type ParseResult =
  | { ok: true; pkg: ScriptPackage }
  | { ok: false; problems: LintProblem[] };

/** Validates (zod) then lints. Either the package is fully usable or the caller gets every problem, by location. */
export function parseScriptPackage(raw: unknown): ParseResult {
  const parsed = ScriptPackage.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ where: i.path.join('.') || '(root)', message: i.message })),
    };
  }
  const problems = lintScriptPackage(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, pkg: parsed.data };
}

/** JSON Schema for editors (VS Code validates and autocompletes script files with it). */
export function scriptPackageJsonSchema(): unknown {
  return z.toJSONSchema(ScriptPackage, { io: 'input', unrepresentable: 'any' });
}
