import { describe, expect, it } from 'vitest';
import { DiaryFile } from '../../main/appointments/diaries';
import { lookupQuestion } from '../../machines/flow';
import { appointmentPolicyOf, benefitAppointmentPolicy } from '../../machines/rules/booking';
import { AppointmentPolicy } from '../../scripts-content/schema';
import demoDiaries from '../../scripts-content/demo/diaries.json';
import demoDirectory from '../../scripts-content/demo/directory.json';
import { v1 } from '../helpers/fixtures';

/** The appointments policy is content: check the shipped part and the demo diaries hang together. */
const pkg = v1();
const policy = appointmentPolicyOf(pkg);

describe('appointments.json (v1)', () => {
  it('is in the package, with the research defaults', () => {
    expect(pkg.appointmentPolicy).toBeDefined();
    expect(policy).toMatchObject({ timeZone: 'Europe/London', faMinutes: 20, wfiDefaultMinutes: 40, wfiWarnUnderMinutes: 30 });
    expect(benefitAppointmentPolicy(pkg, 'incomeSupportLoneParent')).toMatchObject({ preferredHours: { from: '09:30', to: '15:00' }, rebookLimit: 1 });
    expect(benefitAppointmentPolicy(pkg, 'incapacityBenefit')).toMatchObject({ wfiRoles: ['ibPersonalAdviser'], precallPriority: 1 });
    expect(benefitAppointmentPolicy(pkg, 'jobseekersAllowance')).toMatchObject({ alignWithSigningDay: true, reviewWeeks: [13, 26] });
  });

  it('every benefit with an interview has a policy entry; every entry names a real benefit', () => {
    const withWfi = pkg.benefits.filter((b) => b.appointment !== 'noWfi').map((b) => b.id).sort();
    expect(policy.benefits.map((b) => b.benefitId).sort()).toEqual(withWfi);
  });

  it('deferral: the national reasons and the local protocols, off by default, with unique codes', () => {
    const codes = policy.deferral.reasons.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(policy.deferral.reasons.filter((r) => r.scope === 'national').map((r) => r.code)).toEqual(['distressed', 'tooIll', 'lifeChangingEvent', 'medCertEmployed']);
    for (const r of policy.deferral.reasons.filter((x) => x.scope === 'local')) {
      expect(r.requiresAuthorisation).toBe(true);
      expect(r.enabledFor).toEqual({ offices: [], districts: [] });
    }
    expect(policy.deferral.reasons.find((r) => r.code === 'medCertEmployed')!.length).toEqual({ rule: 'datePlusDays', from: 'certificateTo', plusDays: 14 });
  });

  it('hand-off fields name questions that exist', () => {
    for (const [field, id] of Object.entries(policy.handoffFields)) expect(lookupQuestion(pkg, id!), `${field} → ${id}`).toBeDefined();
  });

  it('the schema refuses a bad policy with the field named', () => {
    const bad = AppointmentPolicy.safeParse({ ...pkg.appointmentPolicy, benefits: [{ benefitId: 'x', wfiRoles: ['janitor'], rebookLimit: 1, precallPriority: 1 }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path.join('.')).toBe('benefits.0.wfiRoles.0');
    const badTime = AppointmentPolicy.safeParse({ ...pkg.appointmentPolicy, closedDates: ['25/12/2026'] });
    expect(badTime.error?.issues[0]?.path.join('.')).toBe('closedDates.0');
  });
});

describe('demo diaries', () => {
  it('parse, and give every serving demo Jobcentre a financial assessor and the WFI roles of every benefit', () => {
    const d = DiaryFile.parse(demoDiaries);
    const serving = demoDirectory.offices.filter((o) => o.status === 'serving').map((o) => o.code).sort();
    expect(d.offices.map((o) => o.officeCode).sort()).toEqual(serving);
    for (const o of d.offices) {
      const roles = new Set(o.advisers.map((a) => a.role));
      expect(roles.has('financialAssessor'), o.officeCode).toBe(true);
      for (const b of policy.benefits) expect(b.wfiRoles.some((r) => roles.has(r)), `${o.officeCode} ${b.benefitId}`).toBe(true);
    }
  });

  it('the diary schema names the field of a bad entry', () => {
    const r = DiaryFile.safeParse({ version: 1, offices: [{ officeCode: 'X', advisers: [{ id: 'a', name: 'A', role: 'financialAssessor', slotMinutes: 20, hours: { mon: [['10:00', '09:00']] } }] }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join('.')).toBe('offices.0.advisers.0.hours.mon.0');
    const none = DiaryFile.safeParse({ version: 1, offices: [{ officeCode: 'X', advisers: [{ id: 'a', name: 'A', role: 'financialAssessor', slotMinutes: 20, hours: {} }] }] });
    expect(none.error?.issues[0]?.message).toMatch(/working hours on at least one weekday/);
  });
});
