import { build } from 'esbuild';
import { join } from 'node:path';

/** Bundles the Electron main process and preload to CommonJS (Electron's sandboxed preload cannot load ESM). */
export async function buildElectron(root: string): Promise<void> {
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', logLevel: 'warning' as const };
  await build({ ...common, entryPoints: [join(root, 'main', 'electron', 'entry.ts')], outfile: join(root, 'dist-electron', 'entry.cjs'), external: ['electron', 'better-sqlite3'] });
  await build({ ...common, entryPoints: [join(root, 'main', 'electron', 'preload.ts')], outfile: join(root, 'dist-electron', 'preload.cjs'), external: ['electron'] });
}
