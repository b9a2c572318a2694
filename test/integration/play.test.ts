import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { playScenario, ScenarioError } from '../../main/scenarios/play';
import { CallCommand } from '../../machines/contract/callTypes';
import { v1 } from '../helpers/fixtures';

const dir = join(__dirname, '..', '..', 'docs', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const load = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { events: { type: string; $expectRefused?: string }[] };
const pkg = v1();

describe('example scenarios (docs/scenarios)', () => {
  it('there is at least one per benefit', () => {
    const benefits = files.map((f) => playScenario(load(f)).benefit?.id);
    expect(new Set(benefits)).toEqual(new Set(pkg.benefits.map((b) => b.id)));
  });

  it.each(files)('%s completes with the marker its benefit requires and a serving Jobcentre, deterministically', (f) => {
    const first = playScenario(load(f));
    const second = playScenario(load(f));
    expect(second).toEqual(first);
    expect(first.status).toBe('complete');
    const policy = pkg.benefits.find((b) => b.id === first.benefit!.id)!;
    expect(first.markers.benefit.confirmed).toBe(policy.marker);
    expect(first.markers.benefit.valid).toBe(true);
    expect(first.markers.jobcentre.valid).toBe(true);
    expect(first.markers.jobcentre.confirmed!.code).not.toBe(pkg.contactCentre.code);
    expect(first.claimDate).toBe('2026-11-23');
  });

  it('the IB scenario: incapacitated/disabled, SSP1 read out first, window days 57–91, a correction that keeps the window', () => {
    const r = playScenario(load('incapacity-benefit.json'));
    expect(r.markers.benefit.confirmed).toBe('incapacitated/disabled');
    expect(r.evidence.items[0]!.id).toBe('ssp1');
    expect(r.appointment).toMatchObject({ kind: 'dueWindow', from: '2027-01-18', to: '2027-02-21' });
    expect(r.corrections).toHaveLength(1);
    // Day 91 is a Sunday: the customer is told (and the letter prints) the Friday before.
    expect(r.dueWindow).toEqual({ from: '2027-01-18', to: '2027-02-21', bookableFrom: '2027-01-18', bookableTo: '2027-02-19' });
  });
});

describe('invalid scenarios', () => {
  const base = () => load('bereavement.json') as { events: Record<string, unknown>[] };
  it('names the event index and the reason for an unknown event type', () => {
    const s = base();
    s.events[3] = { type: 'answer.teleport', questionId: 'x' };
    expect(() => playScenario(s)).toThrow(/event 3 \(answer.teleport\)/);
  });
  it('names the event index when an event is refused by the machine', () => {
    const s = base();
    s.events[4] = { type: 'answer.submit', questionId: 'nino', value: 'not a nino' };
    try {
      playScenario(s);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).eventIndex).toBe(4);
      expect((e as Error).message).toMatch(/invalid_answer.*nino/);
    }
  });
  it('the CLI exits non-zero with the message, and prints the record on success', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'play-cli-'));
    const s = base();
    s.events[2] = { type: 'answer.submit', questionId: 'closing', value: true };
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify(s));
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'play', join(tmp, 'bad.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/event 2 \(answer.submit\): refused \(out_of_order\)/);
    const good = execFileSync(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'play', join(dir, 'carer.json'), '--db', join(tmp, 'kept.db')], { encoding: 'utf8' });
    expect(JSON.parse(good)).toMatchObject({ status: 'complete', benefit: { id: 'carer' } });
    rmSync(tmp, { recursive: true, force: true });
  });
});

describe('docs/scenarios.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'scenarios.md'), 'utf8');
  it('documents every command type and every question id of the shipped script', () => {
    for (const o of CallCommand.options) expect(doc).toContain(`\`${o.shape.type.value}\``);
    for (const s of pkg.sections) for (const q of s.questions) expect(doc).toContain(`\`${q.id}\``);
  });
});
