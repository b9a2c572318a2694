import { describe, expect, it } from 'vitest';
import { deriveBenefit } from '../../machines/rules/benefit';
import { buildChecklist } from '../../machines/rules/evidence';
import { allocate, distanceKm, nearestOffices } from '../../machines/rules/allocation';
import { checkAnswer } from '../../machines/rules/answers';
import { holds } from '../../machines/rules/conditions';
import { lookupQuestion } from '../../machines/flow';
import { testOffices, v1 } from '../helpers/fixtures';

const pkg = v1();

describe('benefit marker derivation (content rules)', () => {
  it.each([
    [{ claimReason: 'illness', illnessPreventsWork: true }, 'incapacityBenefit', 'incapacitated/disabled'],
    [{ claimReason: 'illness', illnessPreventsWork: false }, 'jobseekersAllowance', 'jobseeker'],
    [{ claimReason: 'lookingForWork' }, 'jobseekersAllowance', 'jobseeker'],
    [{ claimReason: 'loneParent', childUnder16: true }, 'incomeSupportLoneParent', 'lone parent'],
    [{ claimReason: 'loneParent', childUnder16: false }, 'jobseekersAllowance', 'jobseeker'],
    [{ claimReason: 'caring', caringHours35: true }, 'carer', 'carer'],
    [{ claimReason: 'bereavement' }, 'bereavement', 'bereaved'],
    [{ claimReason: 'housingCostsOnly', housingOnlyConfirm: true }, 'housingCouncilTaxOnly', 'hb/ctb only'],
    [{ claimReason: 'housingCostsOnly', housingOnlyConfirm: false }, 'jobseekersAllowance', 'jobseeker'],
  ])('%j → %s (%s)', (answers, benefit, marker) => {
    const b = deriveBenefit(pkg, answers);
    expect(b?.id).toBe(benefit);
    expect(b?.marker).toBe(marker);
  });
  it('gives no benefit (never a default) until the triage is answered', () => {
    expect(deriveBenefit(pkg, {})).toBeNull();
    expect(deriveBenefit(pkg, { claimReason: 'illness' })).toBeNull();
  });
});

describe('evidence checklist', () => {
  it('IB for an employed customer includes SSP1 first, then medical evidence and employment details', () => {
    const list = buildChecklist(pkg, { ibEmployed: true, partnerDeclared: false }, 'incapacityBenefit');
    expect(list.items[0]!.id).toBe('ssp1');
    expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining(['medicalCertificate', 'employmentDetails', 'proofOfIdentity']));
  });
  it('IB for a customer not employed has no SSP1; a partner adds partner items', () => {
    const list = buildChecklist(pkg, { ibEmployed: false, partnerDeclared: true }, 'incapacityBenefit');
    expect(list.items.map((i) => i.id)).not.toContain('ssp1');
    expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining(['partnerIdentity', 'partnerIncome']));
  });
  it('the key changes when the list changes', () => {
    expect(buildChecklist(pkg, { ibEmployed: true }, 'incapacityBenefit').key).not.toBe(buildChecklist(pkg, { ibEmployed: false }, 'incapacityBenefit').key);
  });
});

describe('office allocation', () => {
  it('suggests the nearest office for an exact postcode', () => {
    const r = allocate('QA1 2BB', { point: { lat: 53.95, long: -1.5 }, match: 'exact' }, testOffices, 'CC');
    expect(r.suggestedCode).toBe('JC-NORTH');
    expect(r.candidates.map((c) => c.code)).toEqual(['JC-NORTH', 'JC-EAST', 'JC-SOUTH']);
    expect(r.candidates[0]!.distanceKm).toBeCloseTo(5.56, 1);
  });
  it('offers candidates but suggests none when only the outcode is known', () => {
    const r = allocate('QA1 9ZZ', { point: { lat: 53.95, long: -1.5 }, match: 'approximate' }, testOffices, 'CC');
    expect(r.suggestedCode).toBeNull();
    expect(r.candidates.length).toBe(3);
  });
  it('never offers the contact centre, even if a directory contains it', () => {
    const withCc = [...testOffices, { ...testOffices[0]!, code: 'CC', name: 'Contact centre', lat: 53.95 }];
    const r = allocate('QA1 2BB', { point: { lat: 53.95, long: -1.5 }, match: 'exact' }, withCc, 'CC');
    expect(r.candidates.map((c) => c.code)).not.toContain('CC');
  });
  it('has nothing to offer for an unknown location', () => {
    expect(allocate('ZZ9 9ZZ', null, testOffices, 'CC')).toMatchObject({ match: 'unknown', candidates: [], suggestedCode: null });
  });
  it('keeps the n nearest in order', () => {
    const near = nearestOffices({ lat: 53.0, long: -1.5 }, testOffices, 2);
    expect(near.map((c) => c.code)).toEqual(['JC-SOUTH', 'JC-EAST']);
    expect(distanceKm({ lat: 51.5074, long: -0.1278 }, { lat: 53.4808, long: -2.2426 })).toBeCloseTo(262, 0);
  });
});

describe('answer validation names the field', () => {
  const q = (id: string) => lookupQuestion(pkg, id)!.question;
  it('refuses an invalid NINO, postcode and date with the field in the message', () => {
    for (const [id, bad] of [['nino', 'AB123'], ['postcode', 'XYZ'], ['dateOfBirth', '1990-02-31']] as const) {
      const r = checkAnswer(q(id), bad, '2026-11-23');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain(`(${id})`);
    }
  });
  it('refuses a date of birth after the claim date', () => {
    expect(checkAnswer(q('dateOfBirth'), '2026-11-24', '2026-11-23').ok).toBe(false);
  });
  it('refuses a date of birth that makes the customer under 16 or over 120 on the claim date, saying what to check', () => {
    const claim = '2026-11-23';
    const dob = (v: string) => checkAnswer(q('dateOfBirth'), v, claim);
    expect(dob('2010-11-23')).toEqual({ ok: true, value: '2010-11-23' }); // 16 today
    expect(dob('2010-11-24').ok).toBe(false); // 16 tomorrow
    expect(dob('1906-11-24')).toEqual({ ok: true, value: '1906-11-24' }); // 119
    const typo = dob('1900-04-12'); // 1990 typed as 1900
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.message).toBe('"And your date of birth" (dateOfBirth): 1900-04-12 makes the age 126 on the claim date 2026-11-23; it must be 16 to 120. Check the year with the customer');
    expect(dob('2026-11-23').ok).toBe(false); // the claim date itself
  });
  it('a lone parent\'s youngest child is under 16 on the claim date (as the triage asked)', () => {
    const child = (v: string) => checkAnswer(q('lpYoungestChildDob'), v, '2026-11-23').ok;
    expect(child('2026-11-23')).toBe(true);
    expect(child('2010-11-24')).toBe(true); // 15
    expect(child('2010-11-23')).toBe(false); // 16 today
  });
  it('a medical certificate starting more than a year before the claim date is refused as a likely typo', () => {
    const from = (v: string) => checkAnswer(q('ibCertificateFrom'), v, '2026-11-23');
    expect(from('2025-11-22').ok).toBe(true); // 366 days before
    const old = from('2025-11-21');
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old.message).toContain('more than 366 days before the claim date 2026-11-23');
  });
  it('someone born on 29 February turns a year older on 1 March in other years', () => {
    expect(checkAnswer(q('dateOfBirth'), '2008-02-29', '2024-02-28').ok).toBe(false);
    expect(checkAnswer(q('dateOfBirth'), '2008-02-29', '2024-02-29').ok).toBe(true);
    expect(checkAnswer(q('dateOfBirth'), '2009-02-28', '2025-02-28').ok).toBe(true);
    expect(checkAnswer(q('dateOfBirth'), '2008-02-29', '2025-02-28').ok).toBe(true);
  });
});

describe('conditions', () => {
  it('treats an unanswered question as not matching, never as true', () => {
    expect(holds({ answer: 'x', isTrue: true }, {}, null)).toBe(false);
    expect(holds({ not: { answer: 'x', isTrue: true } }, {}, null)).toBe(true);
    expect(holds({ all: [{ benefitIs: ['a'] }, { answer: 'y', in: ['p', 'q'] }] }, { y: 'q' }, 'a')).toBe(true);
  });
});

describe('allocation policy (content)', () => {
  const policy = { notServedPostcodeAreas: ['BT', 'IM'], maxSuggestedDistanceKm: 60 };
  it('offers nothing for Northern Ireland, with a note the FCO can act on', async () => {
    const { applyAllocationPolicy } = await import('../../machines/rules/allocation');
    const r = applyAllocationPolicy(allocate('BT1 5GS', { point: { lat: 54.6, long: -5.93 }, match: 'exact' }, testOffices, 'CC'), policy);
    expect(r).toMatchObject({ match: 'unknown', candidates: [], suggestedCode: null });
    expect(r.note).toMatch(/not served by Jobcentre Plus in Great Britain/);
  });
  it('does not suggest an unusually distant office, but still lists candidates', async () => {
    const { applyAllocationPolicy } = await import('../../machines/rules/allocation');
    const far = allocate('QA1 2BB', { point: { lat: 56.5, long: -1.5 }, match: 'exact' }, testOffices, 'CC');
    const r = applyAllocationPolicy(far, policy);
    expect(r.suggestedCode).toBeNull();
    expect(r.candidates.length).toBe(3);
    expect(r.note).toMatch(/km away/);
    expect(applyAllocationPolicy(allocate('QA1 2BB', { point: { lat: 53.95, long: -1.5 }, match: 'exact' }, testOffices, 'CC'), policy).suggestedCode).toBe('JC-NORTH');
  });
});
