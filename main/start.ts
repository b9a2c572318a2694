/**
 * `npm start`: the desk in Electron when Electron is installed, otherwise in the browser host (printing its URL).
 * Builds the renderer and the host bundle first when they are missing or older than their sources.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHost, isStale } from './host/build';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rendererOut = join(root, 'dist', 'renderer');

async function buildRendererIfStale(): Promise<void> {
  if (!isStale(join(rendererOut, 'index.html'), [join(root, 'renderer'), join(root, 'machines')])) return;
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
  // The host runs from a bundle in its own process, as packaged code would: no TypeScript compiling at start.
  const bundle = await buildHost(root);
  const child = spawn(process.execPath, [bundle], {
    stdio: 'inherit',
    env: { ...process.env, INTAKE_SERVE: '1', INTAKE_DB: process.env.INTAKE_DB ?? join(root, 'intake.db'), INTAKE_STATIC: rendererOut },
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code) => process.exit(code ?? 0));
}

void main();
