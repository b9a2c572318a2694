import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRouter } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { startBrowserHost, type BrowserHost } from '../../main/host/browserHost';
import { MAX_PAYLOAD_BYTES } from '../../machines/contract/api';

let dir: string;
let app: App;
let host: BrowserHost;
let fcoToken: string;
let faToken: string;

async function call(channel: string, body: unknown, opts: { token?: string; headers?: Record<string, string>; raw?: string } = {}) {
  const res = await fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Intake-Client': 'desk', ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
    body: opts.raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: any; error?: { code: string; message: string; field?: string } }, headers: res.headers };
}
const rejections = () => app.db.prepare('SELECT channel, code FROM api_rejections ORDER BY id').all() as { channel: string; code: string }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-host-'));
  app = openApp({ dbFile: join(dir, 'host.db'), clock: () => new Date('2026-11-23T09:00:00Z') });
  await app.auth.addUser({ username: 'ann', displayName: 'Ann FCO', role: 'fco', password: 'correct horse battery' });
  await app.auth.addUser({ username: 'fay', displayName: 'Fay FA', role: 'fa', password: 'correct horse battery', officeCode: 'DEMO01' });
  host = await startBrowserHost({ app, router: createRouter(app), staticDir: join(__dirname, '..', '..', 'dist', 'renderer'), port: 0 });
  fcoToken = (await call('session.signIn', { username: 'ann', password: 'correct horse battery' })).body.value.token;
  faToken = (await call('session.signIn', { username: 'fay', password: 'correct horse battery' })).body.value.token;
});
afterAll(async () => {
  await host.close();
  app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host API', () => {
  it('serves the desk with a strict CSP and no framing', async () => {
    const res = await fetch(`${host.url}/`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('signs in with a slow-KDF password and refuses a wrong one without saying which part was wrong', async () => {
    const bad = await call('session.signIn', { username: 'ann', password: 'wrong password' });
    expect(bad.body.error?.code).toBe('unauthorised');
    const unknown = await call('session.signIn', { username: 'nobody', password: 'wrong password' });
    expect(unknown.body.error?.message).toBe(bad.body.error?.message);
    const stored = app.db.prepare("SELECT password_hash FROM users WHERE username = 'ann'").pluck().get() as string;
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
  });

  it('runs a call through the contract and attributes events to the signed-in FCO', async () => {
    const started = await call('call.start', {}, { token: fcoToken });
    expect(started.body.ok).toBe(true);
    const id = started.body.value.record.callId as string;
    const r = await call('call.send', { callId: id, command: { type: 'answer.submit', questionId: 'opening', value: true } }, { token: fcoToken });
    expect(r.body.value.question.id).toBe('dataProtection');
    const actor = app.db.prepare('SELECT actor FROM call_events WHERE call_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(id);
    const annId = app.db.prepare("SELECT user_id FROM users WHERE username = 'ann'").pluck().get();
    expect(actor).toBe(annId);
  });

  it('rejects malformed, oversized and unknown requests with typed errors, logs them, and keeps accepted answers', async () => {
    const id = (await call('call.start', {}, { token: fcoToken })).body.value.record.callId as string;
    await call('call.send', { callId: id, command: { type: 'answer.submit', questionId: 'opening', value: true } }, { token: fcoToken });
    const before = rejections().length;

    const malformed = await call('call.send', { callId: id, command: { type: 'answer.submit' } }, { token: fcoToken });
    expect(malformed.body.error).toMatchObject({ code: 'invalid_payload' });
    expect(malformed.body.error?.message).toMatch(/command\.questionId/);

    const notJson = await call('call.send', null, { token: fcoToken, raw: '{"callId": ' });
    expect(notJson.body.error?.code).toBe('invalid_payload');

    const huge = await call('call.send', { callId: id, command: { type: 'answer.submit', questionId: 'dataProtection', value: 'x'.repeat(MAX_PAYLOAD_BYTES + 10) } }, { token: fcoToken });
    expect(huge.status).toBe(413);
    expect(huge.body.error?.code).toBe('invalid_payload');

    const unknown = await call('call.teleport', {}, { token: fcoToken });
    expect(unknown.body.error?.code).toBe('unknown_channel');

    const noSession = await call('call.start', {});
    expect(noSession.body.error?.code).toBe('unauthorised');

    const wrongRole = await call('call.start', {}, { token: faToken });
    expect(wrongRole.body.error?.code).toBe('forbidden');

    const logged = rejections().slice(before).map((r) => r.code);
    expect(logged).toEqual(expect.arrayContaining(['invalid_payload', 'unknown_channel', 'unauthorised', 'forbidden']));
    expect(logged.length).toBeGreaterThanOrEqual(6);

    const state = await call('call.get', { callId: id }, { token: fcoToken });
    expect(state.body.value.record.answers).toEqual({ opening: true });
    expect(state.body.value.question.id).toBe('dataProtection');
  });

  it('refuses requests from an unexpected sender (another origin, or without the desk header)', async () => {
    const before = rejections().length;
    const crossSite = await call('call.list', {}, { token: fcoToken, headers: { Origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error?.code).toBe('forbidden');
    const res = await fetch(`${host.url}/api/call.list`, { method: 'POST', headers: { Authorization: `Bearer ${fcoToken}` }, body: '{}' });
    expect(res.status).toBe(403);
    expect(rejections().length).toBe(before + 2);
  });

  it('pushes a notification over WebSocket when a call changes, only to signed-in clients', async () => {
    const id = (await call('call.start', {}, { token: fcoToken })).body.value.record.callId as string;
    const refused = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ws?token=nope`);
      ws.on('error', () => resolve(true));
      ws.on('open', () => resolve(false));
    });
    expect(refused).toBe(true);
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ws?token=${fcoToken}`);
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<{ topic: string; id: string }>((resolve) => ws.on('message', (m) => resolve(JSON.parse(String(m)))));
    await call('call.send', { callId: id, command: { type: 'answer.submit', questionId: 'opening', value: true } }, { token: fcoToken });
    expect(await got).toEqual({ topic: 'call', id });
    ws.close();
  });
});
