import { describe, expect, it } from 'vitest';
import { buildChecklist, evidenceContentProblems, itemDue, ruleApplies } from '../../machines/rules/evidence';
import type { ScriptPackage } from '../../scripts-content/schema';
import { v1 } from '../helpers/fixtures';

const pkg = v1();
const CLAIM = '2026-11-23';
const COMMON = ['proofOfIdentity', 'ninoEvidence', 'bankDetails'];
const ids = (answers: Record<string, unknown>, benefit: string | null, claimDate: string | null = CLAIM) =>
  buildChecklist(pkg, answers as never, benefit, claimDate).items.map((i) => i.id);

describe('evidence rules, per benefit and circumstance (v1 content)', () => {
  it.each<[string, string, Record<string, unknown>, string[]]>([
    ['JSA, single', 'jobseekersAllowance', { partnerDeclared: false }, [...COMMON, 'p45', 'redundancyOrPension', 'savingsStatements']],
    ['JSA, partner declared', 'jobseekersAllowance', { partnerDeclared: true }, [...COMMON, 'p45', 'redundancyOrPension', 'savingsStatements', 'partnerIdentity', 'partnerIncome']],
    ['IB, employed: SSP1 first (IDT:726-728)', 'incapacityBenefit', { ibEmployed: true }, ['ssp1', ...COMMON, 'medicalCertificate', 'employmentDetails']],
    ['IB, employed, partner', 'incapacityBenefit', { ibEmployed: true, partnerDeclared: true }, ['ssp1', ...COMMON, 'medicalCertificate', 'employmentDetails', 'partnerIdentity', 'partnerIncome']],
    ['IB, left work 53 days before the claim: recently employed', 'incapacityBenefit', { ibEmployed: false, ibLastWorked: '2026-10-01' }, ['ssp1', ...COMMON, 'medicalCertificate', 'employmentDetails', 'p45']],
    ['IB, left work exactly 56 days before', 'incapacityBenefit', { ibEmployed: false, ibLastWorked: '2026-09-28' }, ['ssp1', ...COMMON, 'medicalCertificate', 'employmentDetails', 'p45']],
    ['IB, left work 57 days before: not recent', 'incapacityBenefit', { ibEmployed: false, ibLastWorked: '2026-09-27' }, [...COMMON, 'medicalCertificate', 'employmentDetails']],
    ['IB, left work years ago', 'incapacityBenefit', { ibEmployed: false, ibLastWorked: '2019-05-01' }, [...COMMON, 'medicalCertificate', 'employmentDetails']],
    ['IB, came from abroad', 'incapacityBenefit', { ibEmployed: true, ibComplexity: ['cameFromAbroad'] }, ['ssp1', ...COMMON, 'medicalCertificate', 'employmentDetails', 'arrivalEvidence', 'overseasInsuranceRecord']],
    ['IB, NI account problem', 'incapacityBenefit', { ibEmployed: true, ibComplexity: ['niAccountProblem'] }, ['ssp1', ...COMMON, 'medicalCertificate', 'employmentDetails', 'niContributionRecord']],
    ['IB, both complexity flags', 'incapacityBenefit', { ibEmployed: false, ibLastWorked: '2018-01-01', ibComplexity: ['cameFromAbroad', 'niAccountProblem'] }, [...COMMON, 'medicalCertificate', 'employmentDetails', 'arrivalEvidence', 'overseasInsuranceRecord', 'niContributionRecord']],
    ['IB, no complexity', 'incapacityBenefit', { ibEmployed: true, ibComplexity: ['none'] }, ['ssp1', ...COMMON, 'medicalCertificate', 'employmentDetails']],
    ['Lone parent: the children\'s details', 'incomeSupportLoneParent', { partnerDeclared: false }, [...COMMON, 'childrenDetails', 'maintenanceDetails', 'savingsStatements']],
    ['Carer', 'carer', { partnerDeclared: false }, [...COMMON, 'carerDetails', 'caredForAward']],
    ['Carer with partner', 'carer', { partnerDeclared: true }, [...COMMON, 'carerDetails', 'caredForAward', 'partnerIdentity', 'partnerIncome']],
    ['Bereavement', 'bereavement', { partnerDeclared: false }, [...COMMON, 'deathCertificate', 'marriageCertificate', 'deceasedNino']],
    ['HB/CTB only, private tenant', 'housingCouncilTaxOnly', { hbTenure: 'privateLandlord' }, ['proofOfIdentity', 'ninoEvidence', 'councilTaxBill', 'incomeEvidence', 'savingsStatements', 'tenancyAgreement']],
    ['HB/CTB only, council tenant', 'housingCouncilTaxOnly', { hbTenure: 'council' }, ['proofOfIdentity', 'ninoEvidence', 'councilTaxBill', 'incomeEvidence', 'savingsStatements', 'tenancyAgreement']],
    ['HB/CTB only, owner: no tenancy agreement', 'housingCouncilTaxOnly', { hbTenure: 'owner' }, ['proofOfIdentity', 'ninoEvidence', 'councilTaxBill', 'incomeEvidence', 'savingsStatements']],
  ])('%s', (_label, benefit, answers, expected) => {
    expect(ids(answers, benefit)).toEqual(expected);
  });

  it('gives no checklist without a benefit (never a default list)', () => {
    expect(buildChecklist(pkg, { ibEmployed: true }, null)).toEqual({ key: '', items: [] });
  });

  it('without a claim date, a date rule holds whenever the date was answered (asks rather than forgets SSP1)', () => {
    expect(ids({ ibEmployed: false, ibLastWorked: '2019-05-01' }, 'incapacityBenefit', null)).toContain('ssp1');
    expect(ids({ ibEmployed: false }, 'incapacityBenefit', null)).not.toContain('ssp1');
  });

  it('a date in the future of the claim date is not "recently employed"', () => {
    const rule = pkg.evidenceRules.find((r) => r.answeredDateWithin)!;
    expect(ruleApplies(rule, { ibEmployed: false, ibLastWorked: '2026-11-30' }, 'incapacityBenefit', CLAIM)).toBe(false);
    expect(ruleApplies(rule, { ibEmployed: false, ibLastWorked: '2026-11-23' }, 'incapacityBenefit', CLAIM)).toBe(true);
    expect(ruleApplies(rule, { ibEmployed: false, ibLastWorked: 'not a date' }, 'incapacityBenefit', CLAIM)).toBe(false);
  });

  it('the key names the exact list, so a changed answer needs a new read-out', () => {
    const a = buildChecklist(pkg, { ibEmployed: true }, 'incapacityBenefit', CLAIM);
    const b = buildChecklist(pkg, { ibEmployed: true, ibComplexity: ['cameFromAbroad'] }, 'incapacityBenefit', CLAIM);
    expect(a.key).toBe(a.items.map((i) => i.id).join('+'));
    expect(a.key).not.toBe(b.key);
  });

  it('every benefit has items of its own beyond the common ones, and every item has accepted forms and a source', () => {
    for (const b of pkg.benefits) {
      const own = ids({ partnerDeclared: false, ibEmployed: false, hbTenure: 'owner' }, b.id).filter((i) => !COMMON.includes(i));
      expect(own.length, b.id).toBeGreaterThan(0);
    }
    for (const item of pkg.evidenceCatalogue) {
      expect(item.acceptedForms?.length, item.id).toBeGreaterThan(0);
      expect(item.source, item.id).toBeTruthy();
    }
    // Items the reports do not name are marked as policy content an administrator changes.
    const fromReports = pkg.evidenceCatalogue.filter((i) => /IDT:/.test(i.source ?? '')).map((i) => i.id).sort();
    expect(fromReports).toEqual(['arrivalEvidence', 'employmentDetails', 'medicalCertificate', 'niContributionRecord', 'overseasInsuranceRecord', 'ssp1']);
  });
});

describe('when an item is due', () => {
  const meeting = { start: '2026-12-01T10:00:00.000Z', localDate: '2026-12-01' };
  it.each<[string, Parameters<typeof itemDue>[0], typeof meeting | null, { date: string; meetingStart: string | null }]>([
    ['bring to the booked FA meeting', {}, meeting, { date: '2026-12-01', meetingStart: meeting.start }],
    // Day 28 from Mon 23 Nov is Sun 20 Dec: a due date on a weekend moves to the next working day.
    ['no meeting booked: 28 days from the claim date (day 1 = claim date), on a working day', {}, null, { date: '2026-12-21', meetingStart: null }],
    ['send to the council within 30 days, meeting or not', { due: { by: 'withinDays', days: 30 } }, meeting, { date: '2026-12-22', meetingStart: null }],
  ])('%s', (_l, item, m, expected) => {
    expect(itemDue(item, CLAIM, m, { noMeetingDueDays: 28, closed: [] })).toEqual(expected);
  });
  it('a counted due date that falls on a weekend or a bank holiday moves to the next day the Jobcentres are open', () => {
    // Day 30 from Mon 23 Nov is Tue 22 Dec; with 22–25 Dec closed it is Mon 28 Dec (26–27 Dec is a weekend).
    const closed = ['2026-12-22', '2026-12-23', '2026-12-24', '2026-12-25'];
    expect(itemDue({ due: { by: 'withinDays', days: 30 } }, CLAIM, null, { noMeetingDueDays: 28, closed }).date).toBe('2026-12-28');
    expect(itemDue({}, CLAIM, null, { noMeetingDueDays: 26, closed }).date).toBe('2026-12-18');
    // A booked meeting's day is the meeting's, never moved.
    expect(itemDue({}, CLAIM, meeting, { noMeetingDueDays: 28, closed: ['2026-12-01'] }).date).toBe('2026-12-01');
  });
});

describe('evidence content checks', () => {
  it('v1 has no problems', () => {
    expect(evidenceContentProblems(pkg)).toEqual([]);
  });
  it('names a date rule on a non-date question, a duplicate, an unused item and a missing locale', () => {
    const broken = structuredClone(pkg) as ScriptPackage;
    broken.locales = ['en', 'cy'];
    broken.evidenceRules[3]!.answeredDateWithin = { answer: 'ibEmployed', days: 56 };
    broken.evidenceRules[0]!.items.push('bankDetails');
    broken.evidenceCatalogue.push({ ...broken.evidenceCatalogue[0]!, id: 'orphanItem' });
    const problems = evidenceContentProblems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        { where: 'evidenceRules[3].answeredDateWithin', message: '"ibEmployed" is not a date question' },
        { where: 'evidenceRules[0].items', message: 'an item is listed twice' },
        { where: 'evidenceCatalogue[orphanItem]', message: 'no rule uses this item' },
        { where: 'evidenceCatalogue[ssp1].what', message: 'missing text for locale "cy"' },
      ]),
    );
  });
});
