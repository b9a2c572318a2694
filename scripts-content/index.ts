import { z } from 'zod';
import { ScriptPackage } from './schema';
import { lintScriptPackage, type LintProblem } from './lint';
import v1Manifest from './v1/manifest.json';
import v1Sections from './v1/sections.json';
import v1Benefits from './v1/benefits.json';
import v1Evidence from './v1/evidence.json';
import v1Appointments from './v1/appointments.json';

export * from './schema';
export { lintScriptPackage, type LintProblem } from './lint';

/**
 * A package is a folder: manifest.json names its parts; each part holds some top-level keys. Splitting by concern
 * (questions, benefit policy, evidence, appointments) lets each be edited and reviewed on its own.
 */
export function assemblePackage(manifest: Record<string, unknown>, parts: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...manifest };
  delete out.$schema;
  const names = Array.isArray(manifest.parts) ? (manifest.parts as unknown[]) : [];
  for (const name of names) {
    const part = typeof name === 'string' ? parts[name] : undefined;
    if (!part) throw new Error(`manifest.json lists part "${String(name)}" but it was not found`);
    for (const [k, v] of Object.entries(part)) {
      if (k === '$schema') continue;
      if (k in out && k !== 'parts') throw new Error(`key "${k}" is defined twice (in ${String(name)} and an earlier file)`);
      out[k] = v;
    }
  }
  delete out.parts;
  return out;
}

const v1Parts: Record<string, Record<string, unknown>> = {
  'sections.json': v1Sections,
  'benefits.json': v1Benefits,
  'evidence.json': v1Evidence,
  'appointments.json': v1Appointments,
};

/** The package that ships with this build and applies to new calls. */
export const bundledScriptPackage: unknown = assemblePackage(v1Manifest, v1Parts);

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
  // Every key optional: the same schema serves the manifest and each part file.
  return z.toJSONSchema(ScriptPackage.partial(), { io: 'input', unrepresentable: 'any' });
}
