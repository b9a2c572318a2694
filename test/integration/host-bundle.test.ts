import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHost } from '../../main/host/build';
import { ensureRendererBuilt, RENDERER_DIR, ROOT } from '../helpers/browser';

/**
 * `npm start` without Electron runs the browser host from a bundle (main/host/build.ts). This builds it and runs it
 * as a user would get it: it prints its URL and one-time demo passwords, serves the desk, and a demo FCO can sign in
 * and start a call against a real SQLite file.
 */

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-bundle-'));
  await ensureRendererBuilt();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled browser host', () => {
  it('starts on a new database, serves the desk, and the printed demo account can take a call', async () => {
    const bundle = await buildHost(ROOT);
    const child = spawn(process.execPath, [bundle], {
      env: { ...process.env, INTAKE_SERVE: '1', INTAKE_DB: join(dir, 'intake.db'), INTAKE_STATIC: RENDERER_DIR, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 30_000);
        const read = (c: Buffer) => {
          out += c.toString();
          const m = /Claim intake desk: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m && /fco\s+fco1\s+\S+/.test(out)) (clearTimeout(timer), resolve(m[1]!));
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.once('exit', (code) => reject(new Error(`host exited (${code}):\n${out}`)));
      });
      const page = await fetch(url);
      expect(await page.text()).toContain('<title>Claim intake desk</title>');

      const password = /fco\s+fco1\s+(\S+)/.exec(out)![1]!;
      const post = async (channel: string, body: unknown, token?: string) =>
        (await (
          await fetch(`${url}/api/${channel}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Intake-Client': 'desk', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(body),
          })
        ).json()) as { ok: boolean; value?: { token?: string; phase?: string; record?: { script: { hash: string } } }; error?: { message: string } };
      const signed = await post('session.signIn', { username: 'fco1', password });
      expect(signed.ok).toBe(true);
      const started = await post('call.start', {}, signed.value!.token);
      expect(started.value?.phase).toBe('identify');
      // The package the desk predicts with is served too.
      const pkg = await post('script.get', { hash: started.value!.record!.script.hash }, signed.value!.token);
      expect(pkg.ok).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);

  it('on a port already in use, says so and how to go on, and exits non-zero', async () => {
    const bundle = await buildHost(ROOT);
    // Something (say, a desk started earlier) already listens on the port.
    const busy = createServer();
    const port = await new Promise<number>((resolve) => busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)));
    try {
      const child = spawn(process.execPath, [bundle], {
        env: { ...process.env, INTAKE_SERVE: '1', INTAKE_DB: join(dir, 'busy.db'), INTAKE_STATIC: RENDERER_DIR, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).not.toBe(0);
      expect(err).toContain(`Port ${port} is already in use. If the desk is already running, open http://127.0.0.1:${port}`);
      expect(err).toContain(`PORT=${port + 1} npm start`);
    } finally {
      busy.close();
    }
  }, 60_000);
});
