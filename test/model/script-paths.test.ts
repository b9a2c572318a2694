import { describe, expect, it } from 'vitest';
import { CallEngine } from '../../machines/callEngine';
import type { CallSnapshot } from '../../machines/callMachine';
import type { CallCommand, MachineEvent } from '../../machines/contract/callTypes';
import { computeView, lookupQuestion } from '../../machines/flow';
import { toClaimRecord } from '../../machines/projection';
import { normalisePostcode } from '../../machines/rules/ukFormats';
import { branchingValues, invalidAnswer } from '../helpers/answers';
import { testDirectory, testOffices, v1 } from '../helpers/fixtures';

/**
 * Model-based: walks EVERY path through the v1 script — every value of every answer that routing, benefit rules or
 * evidence rules look at, every way of confirming or overriding the markers, every appointment outcome the policy
 * allows, a hang-up branch in each phase and a change-of-postcode branch after the markers — and checks the
 * invariants at each terminal: a completed call has valid, confirmed markers (never the contact centre), a read-out
 * checklist and a valid appointment outcome; nothing else completes. Refused events must change nothing.
 */
const pkg = v1();
const engine = new CallEngine(pkg);
const directory = testDirectory();

type Cmd = CallCommand | { type: 'directory.result'; result: ReturnType<typeof directory.allocate> };

let clockMs = Date.parse('2026-11-23T09:00:00Z');
function toEvent(c: Cmd): MachineEvent {
  clockMs += 1000;
  const meta = { at: new Date(clockMs).toISOString(), by: 'fco-model' };
  if (c.type === 'office.confirm') return { ...c, meta, office: directory.officeByCode(c.officeCode) };
  if (c.type === 'claim.correct') return { ...c, meta, office: c.target === 'office' ? directory.officeByCode(c.value) : null };
  return { ...c, meta } as MachineEvent;
}

interface Stats {
  paths: number;
  completed: number;
  ended: number;
  completedByBenefit: Record<string, number>;
  refusedChecked: number;
  overridesCompleted: number;
}

function step(s: CallSnapshot, c: Cmd): CallSnapshot | null {
  const r = engine.step(s, toEvent(c));
  if (!r.ok) return null;
  let next = r.snapshot;
  if (c.type === 'answer.submit' && c.questionId === pkg.bindings.postcode) {
    const pc = normalisePostcode(String(c.value))!;
    const d = engine.step(next, toEvent({ type: 'directory.result', result: directory.allocate(pc, pkg.contactCentre.code) }));
    expect(d.ok).toBe(true);
    if (d.ok) next = d.snapshot;
  }
  return next;
}

/** A refused command must leave the snapshot identical. */
function expectRefused(s: CallSnapshot, c: Cmd, stats: Stats): void {
  const r = engine.step(s, toEvent(c));
  expect(r.ok, `${c.type} should be refused in ${String(s.value)}`).toBe(false);
  stats.refusedChecked++;
}

function assertTerminal(s: CallSnapshot, stats: Stats, trail: string[]): void {
  const rec = toClaimRecord(pkg, 'model', s);
  stats.paths++;
  if (rec.status === 'complete') {
    stats.completed++;
    const where = trail.join(' > ');
    expect(rec.markers.benefit.confirmed, where).not.toBeNull();
    expect(rec.markers.benefit.valid, where).toBe(true);
    expect(rec.markers.jobcentre.confirmed, where).not.toBeNull();
    expect(rec.markers.jobcentre.valid, where).toBe(true);
    expect(rec.markers.jobcentre.confirmed!.code, where).not.toBe(pkg.contactCentre.code);
    expect(testOffices.map((o) => o.code), where).toContain(rec.markers.jobcentre.confirmed!.code);
    expect(rec.markers.jobcentre.forPostcode, where).toBe(rec.customer.postcode);
    if (rec.markers.benefit.confirmed !== rec.markers.benefit.derived) expect(rec.markers.benefit.override, where).not.toBeNull();
    if (rec.markers.jobcentre.override) stats.overridesCompleted++;
    expect(rec.evidence.readOut, where).toBe(true);
    expect(rec.appointmentValid, where).toBe(true);
    expect(rec.claimDate).toBe('2026-11-23');
    stats.completedByBenefit[rec.benefit!.id] = (stats.completedByBenefit[rec.benefit!.id] ?? 0) + 1;
  } else {
    expect(rec.status, trail.join(' > ')).toBe('ended');
    stats.ended++;
  }
}

interface Flags {
  hungUpIn: Set<string>;
  changedPostcode: boolean;
}

function explore(s: CallSnapshot, trail: string[], stats: Stats, flags: Flags): void {
  if (s.status === 'done' || s.value === 'complete') return assertTerminal(s, stats, trail);
  const view = computeView(pkg, s.context);
  const phase = String(s.value);
  // Nothing may be skipped: finishing the call from here is refused unless we are at the last question.
  if (view.question !== 'closing') expectRefused(s, { type: 'answer.submit', questionId: 'closing', value: true }, stats);

  const go = (c: Cmd, label: string, f: Flags = flags) => {
    const next = step(s, c);
    expect(next, `${label} should be accepted at ${trail.join(' > ')}`).not.toBeNull();
    explore(next!, [...trail, label], stats, f);
  };

  // One hang-up branch per phase (the first time the phase is seen on a path).
  if (!flags.hungUpIn.has(phase)) {
    const ended = step(s, { type: 'call.end', reason: 'callerHungUp', note: '' });
    assertTerminal(ended!, stats, [...trail, `hang up in ${phase}`]);
    flags = { ...flags, hungUpIn: new Set([...flags.hungUpIn, phase]) };
  }

  if (view.question) {
    const q = lookupQuestion(pkg, view.question)!.question;
    const bad = invalidAnswer(q.answer);
    if (bad !== undefined) expectRefused(s, { type: 'answer.submit', questionId: q.id, value: bad }, stats);
    for (const v of branchingValues(pkg, q.id, q.answer)) go({ type: 'answer.submit', questionId: q.id, value: v }, `${q.id}=${JSON.stringify(v)}`);
    return;
  }

  switch (phase) {
    case 'markers': {
      const rec = toClaimRecord(pkg, 'model', s);
      expectRefused(s, { type: 'evidence.readOut', checklistKey: view.checklist.key, itemsRead: view.checklist.items.map((i) => i.id) }, stats);
      if (!view.gates.benefitMarker) {
        const other = pkg.benefits.find((b) => b.marker !== view.derivedMarker)!.marker;
        expectRefused(s, { type: 'marker.benefit.confirm', marker: other }, stats);
        go({ type: 'marker.benefit.confirm', marker: view.derivedMarker! }, 'benefit marker confirmed');
        go({ type: 'marker.benefit.confirm', marker: other, override: { reason: 'teamLeaderInstruction', note: 'model' } }, 'benefit marker overridden');
        return;
      }
      expectRefused(s, { type: 'office.confirm', officeCode: pkg.contactCentre.code }, stats);
      const suggested = rec.markers.jobcentre.suggested!;
      const other = testOffices.find((o) => o.code !== suggested.code)!;
      expectRefused(s, { type: 'office.confirm', officeCode: other.code }, stats);
      go({ type: 'office.confirm', officeCode: suggested.code }, 'office confirmed');
      go({ type: 'office.confirm', officeCode: other.code, override: { reason: 'customerChoice', note: 'near work' } }, 'other office with reason');
      return;
    }
    case 'evidence':
      expectRefused(s, { type: 'evidence.readOut', checklistKey: 'stale+list', itemsRead: view.checklist.items.map((i) => i.id) }, stats);
      // Skipping one item (say, the SSP1) is refused.
      expectRefused(s, { type: 'evidence.readOut', checklistKey: view.checklist.key, itemsRead: view.checklist.items.slice(1).map((i) => i.id) }, stats);
      go({ type: 'evidence.readOut', checklistKey: view.checklist.key, itemsRead: view.checklist.items.map((i) => i.id) }, 'evidence read out');
      if (!flags.changedPostcode) {
        // Change the postcode after the markers: the office marker must be confirmed again before anything else.
        const moved = step(s, { type: 'answer.submit', questionId: 'postcode', value: 'QB1 2BB' })!;
        expect(computeView(pkg, moved.context).phase).toBe('markers');
        expect(toClaimRecord(pkg, 'model', moved).markers.jobcentre.valid).toBe(false);
        explore(moved, [...trail, 'postcode changed'], stats, { ...flags, changedPostcode: true });
      }
      return;
    case 'jobSearch': {
      const mode = view.benefit!.jobSearch;
      if (mode === 'required') {
        expectRefused(s, { type: 'jobsearch.skip', reason: 'no time' }, stats);
        expectRefused(s, { type: 'jobsearch.finish' }, stats);
        const searched = step(s, { type: 'jobsearch.record', query: { text: 'warehouse' }, resultCount: 4, submissions: [{ vacancyId: 'v1', title: 'Warehouse operative', employer: 'Acme' }] })!;
        explore(step(searched, { type: 'jobsearch.finish' })!, [...trail, 'job search'], stats, flags);
      } else {
        go({ type: 'jobsearch.skip', reason: 'Customer not ready to look for work yet' }, 'job search skipped');
      }
      return;
    }
    case 'appointments': {
      const b = view.benefit!;
      const fa = { start: '2026-11-25T10:00:00Z', minutes: 20, officeCode: s.context.officeMarker!.office.code, kind: 'inPerson' as const };
      const wfi = { ...fa, start: '2026-11-25T10:30:00Z', minutes: 40 };
      const deferral = {
        reason: 'tooIll', note: '', untilDate: '2026-12-21', reviewDate: '2026-12-14', claimPackSent: true, paAllocated: 'PA Smith', paContactGiven: true, letterSent: false,
      };
      if (b.appointment === 'bookOnCall') {
        expectRefused(s, { type: 'appointment.book', fa: wfi, wfi: fa }, stats); // PA before FA
        go({ type: 'appointment.book', fa, wfi }, 'booked');
      } else expectRefused(s, { type: 'appointment.book', fa, wfi }, stats);
      if (b.appointment === 'dueWindow') go({ type: 'appointment.window.accept' }, 'due window');
      else expectRefused(s, { type: 'appointment.window.accept' }, stats);
      if (b.appointment === 'noWfi') go({ type: 'appointment.noWfi' }, 'no WFI');
      else expectRefused(s, { type: 'appointment.noWfi' }, stats);
      if (b.deferralAllowed) {
        expectRefused(s, { type: 'deferral.record', deferral: { ...deferral, claimPackSent: false } }, stats);
        go({ type: 'deferral.record', deferral }, 'deferred');
      } else expectRefused(s, { type: 'deferral.record', deferral }, stats);
      return;
    }
    default:
      throw new Error(`no action modelled for phase ${phase} at ${trail.join(' > ')}`);
  }
}

describe('every path through the v1 script', () => {
  it('completes only with valid, confirmed markers, a read-out checklist and a valid appointment outcome', () => {
    const stats: Stats = { paths: 0, completed: 0, ended: 0, completedByBenefit: {}, refusedChecked: 0, overridesCompleted: 0 };
    const s0 = engine.start({ callId: 'model', fcoId: 'fco-model', claimDate: '2026-11-23', startedAt: '2026-11-23T09:00:00Z' });
    explore(s0, [], stats, { hungUpIn: new Set(), changedPostcode: false });

    console.log(`model: ${stats.paths} paths (${stats.completed} complete, ${stats.ended} ended), ${stats.refusedChecked} refusals checked`);
    // Coverage: every benefit in the content completes on some path; hang-ups end without completing.
    expect(Object.keys(stats.completedByBenefit).sort()).toEqual(pkg.benefits.map((b) => b.id).sort());
    expect(stats.ended).toBeGreaterThan(100);
    expect(stats.overridesCompleted).toBeGreaterThan(0);
    expect(stats.refusedChecked).toBeGreaterThan(1000);
    expect(stats.completed + stats.ended).toBe(stats.paths);
  });
});
