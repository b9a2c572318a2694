import type { ClaimRecord } from '../../machines/contract/claimRecord';
import type { PersistedCall } from '../../machines/callEngine';
import { toClaimRecord } from '../../machines/projection';
import { loadPackage } from '../../main/content/scriptRegistry';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createRouter } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { startBrowserHost, type BrowserHost } from '../../main/host/browserHost';
import type { Role } from '../../machines/contract/api';

/**
 * End-to-end plumbing: a real browser host on port 0 over a temp SQLite FILE with the demo directory, and Debian's
 * Chromium driven by playwright-core (never a downloaded browser).
 */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `npm test` builds the renderer first; a bare `vitest run` builds it here if it is missing. */
export async function ensureRendererBuilt(): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}

export interface HostFixture {
  app: App;
  host: BrowserHost;
  dir: string;
  dbFile: string;
  users: Record<string, { username: string; password: string; userId: string }>;
  close(): Promise<void>;
}

export async function startHost(users: { username: string; role: Role; displayName: string; officeCode?: string }[]): Promise<HostFixture> {
  await ensureRendererBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'intake-e2e-'));
  const dbFile = join(dir, 'intake.db');
  const app = openApp({ dbFile });
  const made: HostFixture['users'] = {};
  for (const u of users) {
    const password = `pw-${u.username}-${Math.random().toString(36).slice(2, 10)}`;
    const user = await app.auth.addUser({ ...u, password, officeCode: u.officeCode ?? null });
    made[u.username] = { username: u.username, password, userId: user.userId };
  }
  const host = await startBrowserHost({ app, router: createRouter(app), staticDir: RENDERER_DIR, port: 0 });
  return {
    app,
    host,
    dir,
    dbFile,
    users: made,
    async close() {
      await host.close();
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BrowserFixture {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh profile every time, so no state leaks between runs. */
export async function launchBrowser(): Promise<BrowserFixture> {
  if (!chromiumAvailable) throw new Error(`Chromium is not installed at ${CHROMIUM}. Install Debian's "chromium" package (.ci/run does this).`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'intake-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const require = createRequire(import.meta.url);
let axeSource: string | null = null;

/**
 * Runs axe-core in the page and returns serious/critical violations. The source is evaluated through the DevTools
 * protocol, so the page's CSP (no inline scripts) stays on while we test.
 */
export async function axeSeriousViolations(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/**
 * The claim record as the database file holds it, read through a separate read-only connection: the stored snapshot
 * projected under the script package stored with it (decision 0009).
 */
export function storedRecord(dbFile: string, callId: string): ClaimRecord {
  const db = new Database(dbFile, { readonly: true });
  try {
    const row = db
      .prepare('SELECT c.snapshot, p.hash, p.content FROM calls c JOIN script_packages p ON p.hash = c.script_hash WHERE c.call_id = ?')
      .get(callId) as { snapshot: string; hash: string; content: string } | undefined;
    if (!row) throw new Error(`call ${callId} is not in the database`);
    const { pkg } = loadPackage(JSON.parse(row.content), `script package ${row.hash}`);
    return toClaimRecord(pkg, row.hash, JSON.parse(row.snapshot) as PersistedCall);
  } finally {
    db.close();
  }
}
