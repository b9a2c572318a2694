import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const hostBundle = (root: string) => join(root, 'dist', 'host', 'serve.cjs');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether `out` is missing or older than anything under `dirs`. */
export function isStale(out: string, dirs: string[]): boolean {
  return !existsSync(out) || statSync(out).mtimeMs < Math.max(...dirs.map(newestMtime));
}

/**
 * Bundles the browser host (main/host/serve.ts) to one CommonJS file. CommonJS, so modules loaded on first use
 * (pdf-lib for letters) stay lazy; better-sqlite3 stays outside (a native addon).
 */
export async function buildHost(root: string): Promise<string> {
  const outfile = hostBundle(root);
  if (!isStale(outfile, ['main', 'machines', 'scripts-content'].map((d) => join(root, d)))) return outfile;
  await build({
    entryPoints: [join(root, 'main', 'host', 'serve.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'pdf-lib'],
    logLevel: 'warning',
  });
  return outfile;
}
