import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type Router } from '../../main/api/router';
import { openApp, type App } from '../../main/app';
import type { CallCommand } from '../../machines/contract/callTypes';
import type { DeskState } from '../../machines/deskState';
import { createPredictor, type Predictor } from '../../renderer/desk/predict';
import { stepKeyOf } from '../../renderer/desk/steps/StepView';
import { ScriptPackage } from '../../scripts-content/schema';
import { ibTriage, identityAnswers, jobseekerTriage, markers } from '../helpers/calls';
import { testDirectory } from '../helpers/fixtures';

/**
 * The desk shows the next step before the server answers, computed with the same engine from the package the
 * server serves (`script.get`). These tests walk whole calls through the real router and check, command by
 * command, that whatever the desk would predict is exactly what the server then returns, and that the desk
 * predicts nothing the server refuses.
 */

let dir: string;
let app: App;
let router: Router;
let token: string;
let now: Date;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intake-predict-'));
  now = new Date('2026-11-23T09:00:00.000Z');
  app = openApp({ dbFile: join(dir, 'intake.db'), directory: testDirectory(), demoData: false, clock: () => now });
  await app.auth.addUser({ username: 'ann', displayName: 'Ann FCO', role: 'fco', password: 'correct horse battery' });
  router = createRouter(app);
  const signed = await router.dispatch('session.signIn', { username: 'ann', password: 'correct horse battery' }, null);
  if (!signed.ok) throw new Error(signed.error.message);
  token = (signed.value as { token: string }).token;
});
afterEach(() => {
  app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api<T>(channel: string, request: unknown): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  // A JSON round trip, as over HTTP: the predictor must work from what the wire carries.
  const r = await router.dispatch(channel as never, JSON.parse(JSON.stringify(request)), token);
  return JSON.parse(JSON.stringify(r)) as never;
}

async function predictorFor(state: DeskState): Promise<Predictor> {
  const r = await api<unknown>('script.get', { hash: state.record.script.hash });
  if (!r.ok) throw new Error(r.error.message);
  return createPredictor(ScriptPackage.parse(r.value), state.record.script.hash);
}

/** What the FCO sees of a desk state: step, words, progress, what is missing, the markers, the checklist. */
const visible = (s: DeskState) => ({
  step: stepKeyOf(s),
  phase: s.phase,
  question: s.question && { id: s.question.id, say: s.question.say, currentValue: s.question.currentValue },
  phases: s.phases,
  canGoBack: s.canGoBack,
  reviewing: s.reviewing,
  staleAnswers: s.staleAnswers,
  missing: s.record.missing,
  answers: s.record.answers,
  benefit: s.record.benefit,
  markers: { benefit: s.record.markers.benefit.valid, jobcentre: s.record.markers.jobcentre.valid, derived: s.record.markers.benefit.derived },
  evidence: s.record.evidence.checklistKey,
  status: s.record.status,
});

interface Walk {
  predicted: number;
  waited: number;
}

/** Sends each command through the router, checking the desk's prediction against the server's answer. */
async function walk(start: DeskState, commands: CallCommand[], predictor: Predictor): Promise<{ state: DeskState; tally: Walk }> {
  let state = start;
  const tally: Walk = { predicted: 0, waited: 0 };
  for (const command of commands) {
    now = new Date(now.getTime() + 20_000);
    const guess = predictor.next(state, command, now);
    const r = await api<DeskState>('call.send', { callId: state.record.callId, command });
    if (!r.ok) {
      expect(guess, `${command.type} was predicted but the server refused it: ${r.error.message}`).toBeNull();
      continue;
    }
    if (guess) {
      tally.predicted++;
      expect(visible(guess), `prediction for ${JSON.stringify(command)}`).toEqual(visible(r.value));
    } else tally.waited++;
    state = r.value;
  }
  return { state, tally };
}

const answer = (questionId: string, value: unknown): CallCommand => ({ type: 'answer.submit', questionId, value });

describe('the desk predicts each step with the server’s own engine', () => {
  it('a whole Incapacity Benefit call, with refusals, going back and changing answers on the way', async () => {
    const started = await api<DeskState>('call.start', {});
    if (!started.ok) throw new Error(started.error.message);
    const predictor = await predictorFor(started.value);
    const ids = identityAnswers();
    let { state, tally } = await walk(
      started.value,
      [
        ...ids.slice(0, 4),
        answer('nino', 'not a nino'), // refused by both: nothing predicted
        ...ids.slice(4),
        { type: 'nav.back' },
        { type: 'nav.back' },
        { type: 'nav.resume' },
        ...ibTriage,
        { type: 'marker.benefit.confirm', marker: 'jobseeker' }, // not the derived marker, no reason: refused
        ...markers('incapacitated/disabled'),
      ],
      predictor,
    );
    expect(state.phase).toBe('evidence');
    const evidence = state.record.evidence;
    const rest = await walk(
      state,
      [
        { type: 'evidence.readOut', checklistKey: 'stale-key', itemsRead: [] }, // refused
        { type: 'evidence.readOut', checklistKey: evidence.checklistKey, itemsRead: evidence.items.map((i) => i.id) },
        { type: 'jobsearch.skip', reason: 'Not ready' },
        answer('explainWfi', true),
        { type: 'appointment.window.accept' },
        answer('readBack', true),
        answer('closing', true),
        answer('closing', true), // after completion: refused
      ],
      predictor,
    );
    state = rest.state;
    expect(state.record.status).toBe('complete');
    // Everything in this call could be shown before the server answered.
    expect(tally.waited + rest.tally.waited).toBe(0);
    expect(tally.predicted + rest.tally.predicted).toBeGreaterThan(30);
  });

  it('a jobseeker changing the reason for the claim: the path, the marker and the stale answers are predicted too', async () => {
    const started = await api<DeskState>('call.start', {});
    if (!started.ok) throw new Error(started.error.message);
    const predictor = await predictorFor(started.value);
    let { state } = await walk(started.value, [...identityAnswers(), ...jobseekerTriage, ...markers('jobseeker')], predictor);
    expect(state.phase).toBe('evidence');
    // Back to the reason for the claim, then change it: the jobseeker answers fall off the path.
    const backs: CallCommand[] = [];
    for (let i = 0; i < jobseekerTriage.length; i++) backs.push({ type: 'nav.back' });
    ({ state } = await walk(state, backs, predictor));
    expect(state.question?.id).toBe('claimReason');
    ({ state } = await walk(state, [answer('claimReason', 'illness')], predictor));
    expect(state.staleAnswers.length).toBeGreaterThan(0);
    expect(state.record.markers.benefit.valid).toBe(false);
  });

  it('leaves to the server what only it holds: a recorded job search, a deferral, an office found by search', async () => {
    const started = await api<DeskState>('call.start', {});
    if (!started.ok) throw new Error(started.error.message);
    const predictor = await predictorFor(started.value);
    const { state } = await walk(started.value, [...identityAnswers(), ...jobseekerTriage, { type: 'marker.benefit.confirm', marker: 'jobseeker' }], predictor);
    // An office the lookup listed is predicted; one found by search (its details are in the directory) is not.
    expect(predictor.next(state, { type: 'office.confirm', officeCode: 'JC-NORTH' }, now)).not.toBeNull();
    expect(predictor.next(state, { type: 'office.confirm', officeCode: 'JC-NOT-LISTED', override: { reason: 'other', note: 'customer asked' } }, now)).toBeNull();
    const { state: atJobSearch } = await walk(state, [{ type: 'office.confirm', officeCode: 'JC-NORTH' }], predictor);
    const evidence = atJobSearch.record.evidence;
    const { state: searching } = await walk(atJobSearch, [{ type: 'evidence.readOut', checklistKey: evidence.checklistKey, itemsRead: evidence.items.map((i) => i.id) }], predictor);
    expect(searching.phase).toBe('jobSearch');
    // The engine would accept this recorded search, but its submissions are checked against vacancies on the server.
    expect(predictor.next(searching, { type: 'jobsearch.record', query: { text: 'warehouse' }, resultCount: 3, submissions: [] }, now)).toBeNull();
    const deferral = { type: 'deferral.record', deferral: { reason: 'x', untilDate: '2026-12-01', reviewDate: '2026-11-30' } } as unknown as CallCommand;
    expect(predictor.next(searching, deferral, now)).toBeNull();
  });

  it('refuses to hand out a package it does not hold, with the field named', async () => {
    const r = await api<unknown>('script.get', { hash: 'ab'.repeat(32) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/No script package/);
  });
});
