import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, expect } from 'vitest';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { DiaryFile, importDiaries } from '../../main/appointments/diaries';
import { MemoryDirectory } from '../../main/directory/memoryDirectory';
import demoDiaries from '../../scripts-content/demo/diaries.json';
import type { ApiResult, Channel, IntakeBridge, RequestOf, ResponseOf } from '../../machines/contract/api';
import type { CallCommand } from '../../machines/contract/callTypes';
import type { DeskState } from '../../machines/deskState';
import type { Office } from '../../machines/rules/allocation';
import { CallScreen } from '../../renderer/desk/CallScreen';
import { sampleAnswer } from '../helpers/answers';
import { testOffices, testPostcodes } from '../helpers/fixtures';

/**
 * Component tests drive the desk against the REAL call service: a real SQLite file, the real router (zod parsing,
 * roles), the in-memory test directory. The bridge only does what HTTP would: a JSON round trip.
 */

export const CONTACT_CENTRE: Office = {
  code: 'CC-DEMO-01',
  name: 'Demo Contact Centre',
  address: '9 Phone Street',
  postcode: 'QA1 9CC',
  lat: 53.95,
  long: -1.5,
  district: 'D1',
  group: 'G1',
};

/** The test directory plus, deliberately, the contact centre, so the tests prove the desk never offers it. */
const directory = () => new MemoryDirectory([...testOffices, CONTACT_CENTRE], testPostcodes);

export interface Harness {
  app: App;
  router: Router;
  bridge: IntakeBridge & { setToken(t: string | null): void; calls: { channel: string; request: unknown }[] };
  fcoId: string;
  /** Starts a call and plays commands through the real service (as the FCO), to reach a step quickly. */
  callAt(commands: CallCommand[]): string;
  /**
   * Starts a call and answers each question (from `answers`, else a valid sample for its type) until `stop` holds.
   * Structural steps are not answered here: `stop` must hold by then.
   */
  callUntil(answers: Record<string, unknown>, stop: (s: DeskState) => boolean): string;
  send(callId: string, command: CallCommand): DeskState;
  get(callId: string): DeskState;
  record(callId: string): DeskState['record'];
  close(): void;
}

export async function makeHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'intake-desk-'));
  const clock = { now: new Date('2026-11-23T09:00:00.000Z') };
  let n = 0;
  const app = openApp({
    dbFile: join(dir, 'intake.db'),
    directory: directory(),
    demoData: false,
    // Every reading moves the clock on a second, like a real call; deterministic all the same.
    clock: () => (clock.now = new Date(clock.now.getTime() + 1000)),
    newId: () => `id-${String(++n).padStart(4, '0')}`,
  });
  addTestDiaries(app);
  const fco = await app.auth.addUser({ username: 'ann', displayName: 'Ann Example', role: 'fco', password: 'correct horse battery' });
  const router = createRouter(app);
  const signed = await router.dispatch('session.signIn', { username: 'ann', password: 'correct horse battery' }, null);
  if (!signed.ok) throw new Error(signed.error.message);
  let token: string | null = (signed.value as { token: string }).token;
  const calls: { channel: string; request: unknown }[] = [];
  const bridge: Harness['bridge'] = {
    calls,
    setToken: (t) => void (token = t),
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
      calls.push({ channel, request });
      const body = JSON.stringify(request);
      const r = await router.dispatch(channel, JSON.parse(body), token, Buffer.byteLength(body));
      return JSON.parse(JSON.stringify(r)) as ApiResult<ResponseOf<C>>;
    },
    subscribe: (listener) => app.onNotify((topic, id) => listener({ topic, id })),
  };
  const harness: Harness = {
    app,
    router,
    bridge,
    fcoId: fco.userId,
    callAt(commands) {
      const started = app.calls.startCall(fco.userId);
      if (!started.ok) throw new Error(started.error.message);
      const id = started.value.record.callId;
      for (const c of commands) {
        const r = app.calls.send(id, c, fco.userId);
        if (!r.ok) throw new Error(`${c.type}: ${r.error.message}`);
      }
      return id;
    },
    callUntil(answers, stop) {
      const id = this.callAt([]);
      for (let guard = 0; guard < 200; guard++) {
        const s = this.get(id);
        if (stop(s)) return id;
        if (!s.question) throw new Error(`callUntil: reached ${s.phase} without the stop condition holding`);
        const q = s.question;
        this.send(id, { type: 'answer.submit', questionId: q.id, value: q.id in answers ? answers[q.id] : sampleAnswer(q.answer, q.id) });
      }
      throw new Error('callUntil: too many steps');
    },
    get(callId) {
      const r = app.calls.get(callId);
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    },
    send(callId, command) {
      const r = app.calls.send(callId, command, fco.userId);
      if (!r.ok) throw new Error(`${command.type}: ${r.error.message}`);
      return r.value;
    },
    record(callId) {
      const r = app.calls.get(callId);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.record;
    },
    close() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * A fresh harness for every test in the file (new database, new FCO), closed after it; `prepare` runs on each new
 * one. The object returned stays the same, so a file can hold it in a constant.
 */
export function harnessPerTest(prepare?: (h: Harness) => void): Harness {
  const h = {} as Harness;
  beforeEach(async () => {
    Object.assign(h, await makeHarness());
    prepare?.(h);
  });
  afterEach(() => {
    cleanup();
    h.close();
  });
  return h;
}

/**
 * Diaries for the test Jobcentres, copied from the demo diaries (the appointments area checks every booking against
 * a diary in the same transaction as the event).
 */
function addTestDiaries(app: App): void {
  const template = demoDiaries.offices[0]!;
  const offices = testOffices.map((o) => ({
    officeCode: o.code,
    advisers: template.advisers.map((a) => ({ ...a, id: `${o.code}-${a.id}` })),
  }));
  importDiaries(app.db, DiaryFile.parse({ version: 1, offices }), app.clock(), 'test');
}

/** Renders the call screen for a call and waits until its step is on screen. */
export async function renderCall(h: Harness, callId: string) {
  const onHome = () => undefined;
  const utils = render(<CallScreen bridge={h.bridge} callId={callId} onHome={onHome} onUnauthorised={() => undefined} />);
  await waitFor(() => expect(document.querySelector('[data-step-key]')).not.toBeNull());
  return utils;
}

/** The step on screen, by its key (e.g. "q:postcode", "markers:--", "evidence"). */
export function stepKey(): string | null {
  return document.querySelector('[data-step-key]')?.getAttribute('data-step-key') ?? null;
}

/** Whether the server has accepted everything on screen (the desk shows predicted steps before it answers). */
export function saved(): boolean {
  return document.querySelector('.call-screen')?.getAttribute('data-saved') === 'true';
}

/** Waits until the desk has moved off step `from` (a key, or a pattern of keys) and the server has saved it. */
export async function waitForStepAway(from: string | RegExp | null): Promise<void> {
  await waitFor(() => {
    const key = stepKey();
    expect(from instanceof RegExp ? !from.test(key ?? '') : key !== from).toBe(true);
    expect(saved()).toBe(true);
  });
}

/** Waits until step `key` is on screen and saved, so what the test then reads from the store is what it shows. */
export async function waitForStep(key: string): Promise<void> {
  await waitFor(() => {
    expect(stepKey()).toBe(key);
    expect(saved()).toBe(true);
  });
}

export { seriousAxeViolations } from '../helpers/axe';

export const focused = () => document.activeElement;
export { screen };
