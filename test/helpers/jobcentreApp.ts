import { cleanup } from '@testing-library/react';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import { importDiaries } from '../../main/appointments/diaries';
import type { ApiResult, Channel, IntakeBridge, RequestOf, ResponseOf, Role, SessionUser } from '../../machines/contract/api';
import { testDiaries } from '../integration/appointments-helpers';
import { testDirectory } from './fixtures';
import { jsonBridge } from './jsonBridge';

/**
 * The whole app on a real SQLite file for the Jobcentre and team-leader screens: the test offices (JC-NORTH,
 * JC-SOUTH, JC-EAST) with one adviser per role in each diary, a clock the test sets, and one signed-in user per
 * person below. Screens talk to the real router (roles, zod) through a JSON round trip, as HTTP would carry it.
 * Tests move the clock by weeks (an IB window opens on day 57), past a session's expiry: the bridge then signs the
 * person in again, as they would at the start of their day. No live updates.
 */
export interface JobcentreApp {
  app: App;
  router: Router;
  clock: { now: Date; set(iso: string): void };
  /** Session user of each person: `ann` (FCO), `fay` (FA at JC-NORTH), `sam` (FA at JC-SOUTH), `tess` and `tom` (team leaders). */
  users: Record<Person, SessionUser>;
  bridgeFor(who: Person): IntakeBridge;
  close(): void;
}

export type Person = 'ann' | 'fay' | 'sam' | 'tess' | 'tom';

const PEOPLE: { username: Person; displayName: string; role: Role; officeCode: string | null }[] = [
  { username: 'ann', displayName: 'Ann FCO', role: 'fco', officeCode: null },
  { username: 'fay', displayName: 'Fay Assessor', role: 'fa', officeCode: 'JC-NORTH' },
  { username: 'sam', displayName: 'Sam Assessor', role: 'fa', officeCode: 'JC-SOUTH' },
  { username: 'tess', displayName: 'Tess Leader', role: 'teamLeader', officeCode: null },
  { username: 'tom', displayName: 'Tom Leader', role: 'teamLeader', officeCode: null },
];

export async function openJobcentreApp(start = '2026-11-23T09:00:00.000Z'): Promise<JobcentreApp> {
  const dir = mkdtempSync(join(tmpdir(), 'intake-jobcentre-'));
  const clock = {
    now: new Date(start),
    set(iso: string) {
      this.now = new Date(iso);
    },
  };
  let n = 0;
  const app = openApp({
    dbFile: join(dir, 'intake.db'),
    directory: testDirectory(),
    demoData: false,
    clock: () => clock.now,
    newId: () => `id-${String(++n).padStart(4, '0')}`,
  });
  importDiaries(app.db, testDiaries(), clock.now, 'test');
  const router = createRouter(app);
  const password = 'correct horse battery';
  const users = {} as Record<Person, SessionUser>;
  const tokens = {} as Record<Person, string>;
  const signIn = async (who: Person) => {
    const r = await router.dispatch('session.signIn', { username: who, password }, null);
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as { token: string; user: SessionUser };
    users[who] = v.user;
    tokens[who] = v.token;
  };
  for (const p of PEOPLE) {
    await app.auth.addUser({ ...p, password });
    await signIn(p.username);
  }
  const bridgeFor = (who: Person): IntakeBridge => {
    const json = jsonBridge(router, () => tokens[who]);
    return {
      ...json,
      async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
        const r = await json.invoke(channel, request);
        if (r.ok || r.error.code !== 'unauthorised') return r;
        await signIn(who);
        return json.invoke(channel, request);
      },
    };
  };
  return {
    app,
    router,
    clock,
    users,
    bridgeFor,
    close() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh app for every test in the file (new database, same people), closed after it along with anything rendered.
 * The object returned stays the same, so a file can hold it in a constant.
 */
export function jobcentreAppPerTest(): JobcentreApp {
  const current = {} as JobcentreApp;
  beforeEach(async () => {
    Object.assign(current, await openJobcentreApp());
  });
  afterEach(() => {
    cleanup();
    current.close();
  });
  return current;
}
