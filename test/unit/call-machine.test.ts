import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallEngine } from '../../machines/callEngine';
import type { CallSnapshot } from '../../machines/callMachine';
import type { CallCommand, MachineEvent } from '../../machines/contract/callTypes';
import { toClaimRecord } from '../../machines/projection';
import { toDeskState } from '../../machines/deskState';
import { loadPackageFile, ScriptPackageError } from '../../main/content/scriptRegistry';
import { identityAnswers, jobseekerTriage, markers } from '../helpers/calls';
import { testDirectory, v1 } from '../helpers/fixtures';

const pkg = v1();
const engine = new CallEngine(pkg);
const directory = testDirectory();

/** A simulated clock: every event is stamped one step later. */
function driver(start = '2026-11-23T09:00:00Z', stepSeconds = 10) {
  let t = Date.parse(start);
  let s: CallSnapshot = engine.start({ callId: 'c', fcoId: 'fco', claimDate: start.slice(0, 10), startedAt: start });
  const send = (c: CallCommand | { type: 'directory.result'; result: ReturnType<typeof directory.allocate> }) => {
    t += stepSeconds * 1000;
    const meta = { at: new Date(t).toISOString(), by: 'fco' };
    const ev = (c.type === 'office.confirm' ? { ...c, meta, office: directory.officeByCode(c.officeCode) } : { ...c, meta }) as MachineEvent;
    const r = engine.step(s, ev);
    if (r.ok) {
      s = r.snapshot;
      if (c.type === 'answer.submit' && c.questionId === 'postcode') send({ type: 'directory.result', result: directory.allocate(s.context.answers.postcode as string, pkg.contactCentre.code) });
    }
    return r;
  };
  return { send, get s() { return s; }, record: () => toClaimRecord(pkg, 'h', s), desk: () => toDeskState(pkg, 'h', s) };
}

describe('call machine', () => {
  it('walks identity → benefit → circumstances → markers, and cannot skip ahead', () => {
    const d = driver();
    for (const c of identityAnswers()) expect(d.send(c).ok).toBe(true);
    expect(d.s.value).toBe('establishBenefit');
    expect(d.send({ type: 'marker.benefit.confirm', marker: 'jobseeker' }).ok).toBe(false);
    for (const c of jobseekerTriage) expect(d.send(c).ok).toBe(true);
    expect(d.s.value).toBe('markers');
    expect(d.desk().question).toBeNull();
    expect(d.record().markers.benefit).toMatchObject({ derived: 'jobseeker', confirmed: null, valid: false });
  });

  it('changing an earlier answer recomputes the path, re-derives the marker and asks for confirmation again', () => {
    const d = driver();
    for (const c of [...identityAnswers(), ...jobseekerTriage, ...markers('jobseeker')]) expect(d.send(c).ok).toBe(true);
    expect(d.s.value).toBe('evidence');
    // The customer corrects the reason: they cannot work because of illness.
    expect(d.send({ type: 'answer.submit', questionId: 'claimReason', value: 'illness' }).ok).toBe(true);
    expect(d.desk().question?.id).toBe('illnessPreventsWork');
    expect(d.send({ type: 'answer.submit', questionId: 'illnessPreventsWork', value: true }).ok).toBe(true);
    expect(d.desk().question?.id).toBe('ibEmployed');
    const rec = d.record();
    expect(rec.benefit?.id).toBe('incapacityBenefit');
    expect(rec.markers.benefit).toMatchObject({ derived: 'incapacitated/disabled', confirmed: 'jobseeker', valid: false });
    expect(rec.staleAnswers).toEqual(expect.arrayContaining(['jsaJobGoal', 'jsaHoursPerWeek']));
    expect(rec.missing).toContain('Benefit marker: answers changed, confirm it again');
    // The office marker is still valid: the postcode did not change.
    expect(rec.markers.jobcentre.valid).toBe(true);
  });

  it('goes back one question at a time with the accepted answer shown, and resumes', () => {
    const d = driver();
    for (const c of identityAnswers().slice(0, 5)) d.send(c);
    expect(d.desk().question?.id).toBe('addressLine');
    d.send({ type: 'nav.back' });
    d.send({ type: 'nav.back' });
    expect(d.desk()).toMatchObject({ reviewing: true, question: { id: 'dateOfBirth', currentValue: '1984-03-02' } });
    expect(d.send({ type: 'nav.resume' }).ok).toBe(true);
    expect(d.desk().question?.id).toBe('addressLine');
    d.send({ type: 'nav.back' });
    // Re-submitting the same answer continues to the first step still to answer.
    expect(d.send({ type: 'answer.submit', questionId: 'nino', value: 'AB123456C' }).ok).toBe(true);
    expect(d.desk().question?.id).toBe('addressLine');
    const first = driver();
    expect(first.send({ type: 'nav.back' }).ok).toBe(false);
  });

  it('ends from any state, and refuses everything afterwards', () => {
    const d = driver();
    d.send(identityAnswers()[0]!);
    expect(d.send({ type: 'call.end', reason: 'callerHungUp', note: 'line dropped' }).ok).toBe(true);
    expect(d.s.status).toBe('done');
    expect(d.record()).toMatchObject({ status: 'ended', ended: { reason: 'callerHungUp' } });
    const r = d.send({ type: 'answer.submit', questionId: 'dataProtection', value: true });
    expect(r.ok || r.error.code).toBe('call_ended');
  });

  it('a persisted snapshot restores to a machine that behaves identically (round trip through JSON)', () => {
    const d = driver();
    for (const c of [...identityAnswers(), ...jobseekerTriage.slice(0, 4)]) d.send(c);
    const restored = engine.restore(JSON.parse(JSON.stringify(engine.persist(d.s))));
    expect(restored.value).toBe(d.s.value);
    const ev = { type: 'answer.submit', questionId: 'jsaMaxTravelMiles', value: 12, meta: { at: '2026-11-23T10:00:00Z', by: 'fco' } } as MachineEvent;
    const a = engine.step(d.s, ev);
    const b = engine.step(restored, ev);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(toClaimRecord(pkg, 'h', b.snapshot)).toEqual(toClaimRecord(pkg, 'h', a.snapshot));
  });

  it('the claim date stays the intake date even when the call runs past midnight', () => {
    const d = driver('2026-11-23T23:58:00Z', 60);
    for (const c of identityAnswers()) d.send(c);
    expect(d.record().claimDate).toBe('2026-11-23');
    expect(d.s.context.lastEventAt.startsWith('2026-11-24')).toBe(true);
  });
});

describe('script package loading', () => {
  it('refuses a corrupt package with a clear error naming the file, and never half-loads it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkg-'));
    cpSync(new URL('../../scripts-content/v1', import.meta.url).pathname, dir, { recursive: true });
    writeFileSync(join(dir, 'benefits.json'), '{ "benefits": [ truncated');
    expect(() => loadPackageFile(dir)).toThrow(ScriptPackageError);
    expect(() => loadPackageFile(dir)).toThrow(/benefits\.json/);
    writeFileSync(join(dir, 'benefits.json'), JSON.stringify({ benefits: [], benefitRules: [] }));
    expect(() => loadPackageFile(dir)).toThrow(/benefits: .*(too small|at least)/i);
    rmSync(dir, { recursive: true, force: true });
  });
});
