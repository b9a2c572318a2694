import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assemblePackage, bundledScriptPackage, parseScriptPackage, type LintProblem, type ScriptPackage } from '../../scripts-content';
import { evidenceContentProblems } from '../../machines/rules/evidence';
import type { Db } from '../db/open';

export class ScriptPackageError extends Error {
  constructor(readonly source: string, readonly problems: LintProblem[]) {
    super(
      `The script package ${source} cannot be used (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.slice(0, 20).map((p) => `  - ${p.where}: ${p.message}`).join('\n'),
    );
    this.name = 'ScriptPackageError';
  }
}

export interface LoadedPackage {
  readonly pkg: ScriptPackage;
  /** sha256 of the validated content: a call is pinned to exactly this. */
  readonly hash: string;
}

export function hashPackage(pkg: ScriptPackage): string {
  return createHash('sha256').update(JSON.stringify(pkg)).digest('hex');
}

export function loadPackage(raw: unknown, source: string): LoadedPackage {
  const r = parseScriptPackage(raw);
  if (!r.ok) throw new ScriptPackageError(source, r.problems);
  // Evidence checks need the rule evaluator in machines/, which scripts-content may not import.
  const evidence = evidenceContentProblems(r.pkg);
  if (evidence.length) throw new ScriptPackageError(source, evidence.map((p) => ({ where: p.where, message: p.message })));
  return { pkg: r.pkg, hash: hashPackage(r.pkg) };
}

/** Loads a package from its folder (or its manifest.json, or a single assembled JSON file). */
export function loadPackageFile(path: string): LoadedPackage {
  const manifestPath = existsSync(path) && statSync(path).isDirectory() ? join(path, 'manifest.json') : path;
  let raw: unknown;
  let where = manifestPath;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    const parts: Record<string, Record<string, unknown>> = {};
    for (const name of Array.isArray(manifest.parts) ? manifest.parts : []) {
      where = join(dirname(manifestPath), String(name));
      parts[String(name)] = JSON.parse(readFileSync(where, 'utf8')) as Record<string, unknown>;
    }
    where = manifestPath;
    raw = assemblePackage(manifest, parts);
  } catch (e) {
    throw new ScriptPackageError(where, [{ where: '(file)', message: e instanceof Error ? e.message : String(e) }]);
  }
  return loadPackage(raw, path);
}

/**
 * Script packages by hash. New calls use the current package; a resumed call uses the exact package it started on,
 * read back from the database, so a content update never changes a call in progress.
 */
export class ScriptRegistry {
  private readonly byHash = new Map<string, LoadedPackage>();
  readonly current: LoadedPackage;

  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date(), current?: LoadedPackage) {
    this.current = current ?? loadPackage(bundledScriptPackage, 'scripts-content/v1');
    this.remember(this.current);
  }

  private remember(p: LoadedPackage): void {
    this.byHash.set(p.hash, p);
    this.db
      .prepare('INSERT OR IGNORE INTO script_packages (hash, script_id, version, content, stored_at) VALUES (?, ?, ?, ?, ?)')
      .run(p.hash, p.pkg.scriptId, p.pkg.version, JSON.stringify(p.pkg), this.now().toISOString());
  }

  byHashOrThrow(hash: string): LoadedPackage {
    const hit = this.byHash.get(hash);
    if (hit) return hit;
    const row = this.db.prepare('SELECT content FROM script_packages WHERE hash = ?').get(hash) as { content: string } | undefined;
    if (!row) throw new ScriptPackageError(hash, [{ where: '(database)', message: 'the script package this call started on is missing from the database' }]);
    const loaded = loadPackage(JSON.parse(row.content), `database package ${hash.slice(0, 12)}`);
    if (loaded.hash !== hash) throw new ScriptPackageError(hash, [{ where: '(database)', message: 'stored package content does not match its hash (corrupt)' }]);
    this.byHash.set(hash, loaded);
    return loaded;
  }
}
