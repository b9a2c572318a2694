/**
 * `npm start`: the desk in Electron when Electron is installed, otherwise in the browser host (printing its URL).
 * Builds the renderer first when its output is missing or older than the sources.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRouter } from './api/router';
import { openApp } from './app';
import { startBrowserHost } from './host/browserHost';
import { ensureDemoUsers } from './auth/demoUsers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rendererOut = join(root, 'dist', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function buildRendererIfStale(): Promise<void> {
  const index = join(rendererOut, 'index.html');
  const stale = !existsSync(index) || statSync(index).mtimeMs < Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'machines')));
  if (!stale) return;
  console.log('Building the desk…');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

function electronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const path = require('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  await buildRendererIfStale();
  const electron = electronBinary();
  if (electron && !process.argv.includes('--browser')) {
    const { buildElectron } = await import('./electron/build');
    await buildElectron(root);
    console.log('Starting the desk in Electron…');
    const child = spawn(electron, [join(root, 'dist-electron', 'entry.cjs')], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  const dbFile = process.env.INTAKE_DB ?? join(root, 'intake.db');
  const app = openApp({ dbFile });
  const created = await ensureDemoUsers(app);
  const host = await startBrowserHost({ app, router: createRouter(app), staticDir: rendererOut, port: Number(process.env.PORT ?? 5757) });
  console.log(`Electron is not installed here, so the desk runs in your browser.\n\n  Claim intake desk: ${host.url}\n  Database: ${dbFile}`);
  if (created.length) {
    console.log('\nDemo accounts created for this database (passwords shown once; change them with "npm run intake -- add-user"):');
    for (const u of created) console.log(`  ${u.role.padEnd(11)} ${u.username.padEnd(10)} ${u.password}`);
  }
  const stop = () => void host.close().then(() => (app.close(), process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
