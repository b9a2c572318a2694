/**
 * The browser host as a process: open the database, make sure there is someone to sign in as, serve the desk on
 * 127.0.0.1 and print its URL. `npm start` runs it from a bundle (main/host/build.ts), as a packaged app would run
 * compiled code, so a cold start does not pay for compiling TypeScript.
 *
 * Environment: INTAKE_DB (database file), PORT (0 for any free port), INTAKE_STATIC (the built renderer).
 */
import { createRouter } from '../api/router';
import { openApp } from '../app';
import { ensureDemoUsers } from '../auth/demoUsers';
import { sweepAbandonedCalls } from '../calls/abandonedCalls';
import { startBrowserHost } from './browserHost';

export async function serve(opts: { dbFile: string; staticDir: string; port: number }): Promise<void> {
  const app = openApp({ dbFile: opts.dbFile });
  const created = await ensureDemoUsers(app);
  const stopSweep = sweepAbandonedCalls(app, (ids) => console.log(`Ended ${ids.length} call(s) left untouched for 4 hours; their diary seats are released.`));
  const host = await startBrowserHost({ app, router: createRouter(app), staticDir: opts.staticDir, port: opts.port });
  console.log(`Electron is not installed here, so the desk runs in your browser.\n\n  Claim intake desk: ${host.url}\n  Database: ${opts.dbFile}`);
  if (created.length) {
    console.log('\nDemo accounts created for this database (passwords shown once; change them with "npm run intake -- add-user"):');
    for (const u of created) console.log(`  ${u.role.padEnd(11)} ${u.username.padEnd(10)} ${u.password}`);
  }
  const stop = () => void host.close().then(() => (stopSweep(), app.close(), process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** What to tell the person who ran `npm start` when the host cannot start. */
export function startFailure(e: unknown, port: number): string {
  if ((e as { code?: unknown } | null)?.code === 'EADDRINUSE')
    return `Port ${port} is already in use. If the desk is already running, open http://127.0.0.1:${port} in your browser; otherwise start it on another port, for example: PORT=${port + 1} npm start`;
  return e instanceof Error ? e.message : String(e);
}

const env = process.env;
if (env.INTAKE_SERVE === '1') {
  const missing = ['INTAKE_DB', 'INTAKE_STATIC'].filter((k) => !env[k]);
  if (missing.length) {
    console.error(`The host needs ${missing.join(' and ')} set (npm start sets them).`);
    process.exit(2);
  }
  const port = Number(env.PORT ?? 5757);
  serve({ dbFile: env.INTAKE_DB!, staticDir: env.INTAKE_STATIC!, port }).catch((e: unknown) => {
    console.error(startFailure(e, port));
    process.exit(1);
  });
}
