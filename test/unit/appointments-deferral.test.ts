import { describe, expect, it } from 'vitest';
import { computeDeferral, deferralReasonsFor } from '../../machines/rules/deferral';
import type { ScriptPackage } from '../../scripts-content/schema';
import { v1 } from '../helpers/fixtures';

/**
 * Each deferral rule and the review date it gives. Claim date Mon 23 Nov 2026; review lead 7 days; 28 Dec 2026 is a
 * bank holiday (Boxing Day substitute) in the v1 content.
 */
const pkg = v1();
const CLAIM = '2026-11-23';
const north = { code: 'JC-NORTH', district: 'D1' };

function withLocal(enabledFor: { offices?: string[]; districts?: string[] }): ScriptPackage {
  const p = structuredClone(pkg);
  for (const r of p.appointmentPolicy!.deferral.reasons) if (r.scope === 'local') r.enabledFor = { offices: enabledFor.offices ?? [], districts: enabledFor.districts ?? [] };
  return p;
}
const ok = (r: ReturnType<typeof computeDeferral>) => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('national reasons: the FCO sets the end date', () => {
  it('distressed, 6 weeks: review by 7 days before the end, moved off the bank holiday to the working day before', () => {
    const v = ok(computeDeferral(pkg, CLAIM, north, { reason: 'distressed', untilDate: '2027-01-04' }));
    expect(v).toMatchObject({ untilDate: '2027-01-04', lengthDays: 42, latestReviewDate: '2026-12-24', requiresAuthorisation: false });
  });

  it('too ill, 4 weeks: review Monday 14 Dec', () => {
    expect(ok(computeDeferral(pkg, CLAIM, north, { reason: 'tooIll', untilDate: '2026-12-21' }))).toMatchObject({ lengthDays: 28, latestReviewDate: '2026-12-14' });
  });

  it('a very short deferral: the review is the next working day', () => {
    expect(ok(computeDeferral(pkg, CLAIM, north, { reason: 'lifeChangingEvent', untilDate: '2026-11-26' })).latestReviewDate).toBe('2026-11-24');
  });

  it('longer than 91 days needs a team leader; longer than 182 is refused; the end date is required', () => {
    expect(ok(computeDeferral(pkg, CLAIM, north, { reason: 'tooIll', untilDate: '2027-02-22' })).requiresAuthorisation).toBe(false); // 91 days
    expect(ok(computeDeferral(pkg, CLAIM, north, { reason: 'tooIll', untilDate: '2027-02-23' })).requiresAuthorisation).toBe(true); // 92 days
    const tooLong = computeDeferral(pkg, CLAIM, north, { reason: 'tooIll', untilDate: '2027-05-25' });
    expect(tooLong.ok || tooLong.error).toMatchObject({ field: 'deferral.untilDate', message: expect.stringMatching(/at most 182 days/) });
    const missing = computeDeferral(pkg, CLAIM, north, { reason: 'tooIll' });
    expect(missing.ok || missing.error).toMatchObject({ field: 'deferral.untilDate' });
    const before = computeDeferral(pkg, CLAIM, north, { reason: 'tooIll', untilDate: CLAIM });
    expect(before.ok || before.error).toMatchObject({ field: 'deferral.untilDate', message: expect.stringMatching(/after the claim date/) });
  });
});

describe('the national length rule: employed on sick leave, certificate plus two weeks', () => {
  it('certificate to Sat 16 Jan 2027 → deferred to Sat 30 Jan; review by Fri 22 Jan', () => {
    expect(ok(computeDeferral(pkg, CLAIM, north, { reason: 'medCertEmployed', certificateTo: '2027-01-16' }))).toMatchObject({
      untilDate: '2027-01-30',
      lengthDays: 68,
      latestReviewDate: '2027-01-22',
      requiresAuthorisation: false,
      explanation: 'The end date of the medical certificate (Sat 16 Jan 2027) plus 14 days: Sat 30 Jan 2027.',
    });
  });

  it('needs the certificate date; refuses one already ended; refuses a different end date', () => {
    const missing = computeDeferral(pkg, CLAIM, north, { reason: 'medCertEmployed' });
    expect(missing.ok || missing.error).toMatchObject({ field: 'deferral.certificateTo' });
    const past = computeDeferral(pkg, CLAIM, north, { reason: 'medCertEmployed', certificateTo: '2026-11-20' });
    expect(past.ok || past.error).toMatchObject({ field: 'deferral.certificateTo' });
    const other = computeDeferral(pkg, CLAIM, north, { reason: 'medCertEmployed', certificateTo: '2027-01-16', untilDate: '2027-02-16' });
    expect(other.ok || other.error).toMatchObject({ field: 'deferral.untilDate', message: expect.stringMatching(/set by the rule/) });
  });
});

describe('local protocols: off by default, switched on per Jobcentre or district, team-leader authorisation', () => {
  it('are not offered, and refused, unless switched on for the customer\'s area', () => {
    expect(deferralReasonsFor(pkg, north).map((r) => r.code)).toEqual(['distressed', 'tooIll', 'lifeChangingEvent', 'medCertEmployed']);
    const r = computeDeferral(pkg, CLAIM, north, { reason: 'womensRefuge' });
    expect(r.ok || r.error).toMatchObject({ field: 'deferral.reason', message: expect.stringMatching(/local protocol that is not in use for JC-NORTH/) });
    expect(deferralReasonsFor(withLocal({ districts: ['D2'] }), north).map((r) => r.code)).not.toContain('womensRefuge');
    expect(deferralReasonsFor(withLocal({ districts: ['D1'] }), north).map((r) => r.code)).toContain('womensRefuge');
    expect(deferralReasonsFor(withLocal({ offices: ['JC-NORTH'] }), north).map((r) => r.code)).toContain('dependencyTreatment');
  });

  it("women's refuge: four weeks from the claim, review 14 Dec, authorisation required", () => {
    expect(ok(computeDeferral(withLocal({ offices: ['JC-NORTH'] }), CLAIM, north, { reason: 'womensRefuge' }))).toMatchObject({
      untilDate: '2026-12-21',
      lengthDays: 28,
      latestReviewDate: '2026-12-14',
      requiresAuthorisation: true,
    });
  });

  it('dependency treatment: programme end plus two weeks, authorisation required', () => {
    const p = withLocal({ districts: ['D1'] });
    expect(ok(computeDeferral(p, CLAIM, north, { reason: 'dependencyTreatment', programmeEndDate: '2027-02-01' }))).toMatchObject({
      untilDate: '2027-02-15',
      latestReviewDate: '2027-02-08',
      requiresAuthorisation: true,
    });
    const missing = computeDeferral(p, CLAIM, north, { reason: 'dependencyTreatment' });
    expect(missing.ok || missing.error).toMatchObject({ field: 'deferral.programmeEndDate' });
  });

  it('an unknown reason is refused', () => {
    const r = computeDeferral(pkg, CLAIM, north, { reason: 'seasonalWork' });
    expect(r.ok || r.error).toMatchObject({ field: 'deferral.reason' });
  });
});
