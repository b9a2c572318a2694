import { afterEach, describe, expect, it } from 'vitest';
import { loadPackage } from '../../main/content/scriptRegistry';
import type { DeferralDetails } from '../../machines/contract/callTypes';
import { bundledScriptPackage } from '../../scripts-content';
import { apptTables, apptTestApp, callAtAppointments, carerDeferral, completeCall, slot, type ApptTestApp } from './appointments-helpers';

/** Deferral through the real service and store: required parts, length rules, authorisation, the re-contact list. */
let t: ApptTestApp;
afterEach(() => t?.close());

const base = carerDeferral;

/** The v1 package with the local protocols switched on for JC-NORTH. */
function localProtocolsOn() {
  const raw = structuredClone(bundledScriptPackage) as { appointmentPolicy: { deferral: { reasons: { scope: string; enabledFor?: unknown }[] } } };
  for (const r of raw.appointmentPolicy.deferral.reasons) if (r.scope === 'local') r.enabledFor = { offices: ['JC-NORTH'], districts: [] };
  return loadPackage(raw, 'test: local protocols on');
}

describe('a deferral needs every required part', () => {
  it('accepted with all parts; each missing part refused with its field, and nothing saved', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'carer');
    const before = apptTables(t.db);
    const bad: [Partial<DeferralDetails>, string, RegExp][] = [
      [{ claimPackSent: false }, 'deferral.claimPackSent', /claim pack/],
      [{ paAllocated: ' ' }, 'deferral.paAllocated', /Name the Personal Adviser/],
      [{ paContactGiven: false }, 'deferral.paContactGiven', /contact details/],
      [{ reviewDate: '2026-12-29' }, 'deferral.reviewDate', /no later than Thu 24 Dec 2026/],
      [{ reviewDate: '2026-11-23' }, 'deferral.reviewDate', /after the claim date/],
      [{ reviewDate: '2026-12-19' }, 'deferral.reviewDate', /not a working day/],
      [{ detail: 'newJob' }, 'deferral.detail', /is not one of/],
      [{ reason: 'seasonalWork' }, 'deferral.reason', /not a deferral reason/],
      [{ untilDate: '2027-06-01' }, 'deferral.untilDate', /at most 182 days/],
    ];
    for (const [change, field, why] of bad) {
      const r = t.calls.send(callId, { type: 'deferral.record', deferral: { ...base, ...change } }, 'fco-1');
      expect(r.ok, field).toBe(false);
      if (r.ok) continue;
      expect(r.error).toMatchObject({ code: 'invalid_booking', field });
      expect(r.error.message).toMatch(why);
    }
    const { reviewDate: _omit, ...noReview } = base;
    const r = t.calls.send(callId, { type: 'deferral.record', deferral: noReview }, 'fco-1');
    expect(r.ok || r.error).toMatchObject({ code: 'invalid_payload', field: 'deferral.reviewDate' });
    expect(apptTables(t.db)).toEqual(before);

    expect(t.calls.send(callId, { type: 'deferral.record', deferral: base }, 'fco-1').ok).toBe(true);
    expect(t.db.prepare('SELECT reason, detail, until_date, review_date, pa_allocated, status FROM appt_deferrals WHERE call_id = ?').get(callId)).toEqual({
      reason: 'lifeChangingEvent',
      detail: 'majorCaring',
      until_date: '2027-01-04',
      review_date: '2026-12-21',
      pa_allocated: 'Priya Shah',
      status: 'active',
    });
  });

  it('IB, employed on sick leave: the certificate on the claim decides the length', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'ib');
    const preview = t.appts.deferralPreview(callId, { reason: 'medCertEmployed', certificateTo: '2027-01-16' });
    expect(preview).toMatchObject({ ok: true, value: { ok: true, untilDate: '2027-01-30', suggestedReviewDate: '2027-01-22', requiresAuthorisation: false } });
    expect(t.appts.options(callId)).toMatchObject({ ok: true, value: { deferral: { allowed: true, prefill: { certificateTo: '2027-01-16' } } } });
    const d = { ...base, reason: 'medCertEmployed', detail: undefined, certificateTo: '2027-01-16', untilDate: '2027-01-30', reviewDate: '2027-01-22' };
    const wrongCert = t.calls.send(callId, { type: 'deferral.record', deferral: { ...d, certificateTo: '2027-01-20', untilDate: '2027-02-03', reviewDate: '2027-01-26' } }, 'fco-1');
    expect(wrongCert.ok || wrongCert.error).toMatchObject({ field: 'deferral.certificateTo', message: expect.stringMatching(/ends Sat 16 Jan 2027/) });
    const wrongEnd = t.calls.send(callId, { type: 'deferral.record', deferral: { ...d, untilDate: '2027-02-13' } }, 'fco-1');
    expect(wrongEnd.ok || wrongEnd.error).toMatchObject({ field: 'deferral.untilDate', message: expect.stringMatching(/set by the rule/) });
    expect(t.calls.send(callId, { type: 'deferral.record', deferral: d }, 'fco-1').ok).toBe(true);

    const notEmployed = callAtAppointments(t, 'ib', { ibEmployed: false, ibLastWorked: '2026-10-01' });
    const r = t.calls.send(notEmployed.callId, { type: 'deferral.record', deferral: d }, 'fco-1');
    expect(r.ok || r.error).toMatchObject({ field: 'deferral.reason', message: expect.stringMatching(/not employed/) });
  });
});

describe('team-leader authorisation', () => {
  it("women's refuge (local protocol): refused without an approved authorisation for this call and reason; accepted with one", () => {
    t = apptTestApp({ pkg: localProtocolsOn() });
    const { callId } = callAtAppointments(t, 'bereavement');
    const other = callAtAppointments(t, 'bereavement');
    const d: DeferralDetails = { ...base, reason: 'womensRefuge', detail: undefined, untilDate: '2026-12-21', reviewDate: '2026-12-14' };
    const without = t.calls.send(callId, { type: 'deferral.record', deferral: d }, 'fco-1');
    expect(without.ok || without.error).toMatchObject({ field: 'deferral.authorisationId', message: expect.stringMatching(/needs a team leader's authorisation/) });

    const req = t.appts.requestAuthorisation(callId, 'womensRefuge', 'Entered the refuge last week', 'fco-1');
    if (!req.ok) throw new Error(req.error.message);
    expect(req.value).toMatchObject({ status: 'pending', reasonLabel: expect.stringMatching(/refuge/), customerName: 'Alex Example' });
    const id = req.value.authorisationId;
    const before = apptTables(t.db);
    const pending = t.calls.send(callId, { type: 'deferral.record', deferral: { ...d, authorisationId: id } }, 'fco-1');
    expect(pending.ok || pending.error).toMatchObject({ field: 'deferral.authorisationId', message: expect.stringMatching(/not decided yet/) });
    expect(apptTables(t.db)).toEqual(before);

    expect(t.appts.decideAuthorisation(id, true, '', 'fco-1')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(t.appts.decideAuthorisation(id, true, 'Agreed', 'tl-1')).toMatchObject({ ok: true, value: { status: 'approved', decidedBy: 'tl-1' } });
    expect(t.appts.decideAuthorisation(id, false, '', 'tl-2')).toMatchObject({ ok: false, error: { code: 'not_allowed_in_phase' } });

    // Not for another call, nor for another reason.
    const elsewhere = t.calls.send(other.callId, { type: 'deferral.record', deferral: { ...d, authorisationId: id } }, 'fco-1');
    expect(elsewhere.ok || elsewhere.error).toMatchObject({ message: expect.stringMatching(/not for this call/) });
    const otherReason = t.calls.send(callId, { type: 'deferral.record', deferral: { ...base, authorisationId: id } }, 'fco-1');
    expect(otherReason.ok || otherReason.error).toMatchObject({ message: expect.stringMatching(/authorised a "womensRefuge" deferral/) });
    expect(apptTables(t.db)).toEqual(before);

    const seqBefore = t.db.prepare('SELECT last_seq FROM calls WHERE call_id = ?').pluck().get(callId) as number;
    expect(t.calls.send(callId, { type: 'deferral.record', deferral: { ...d, authorisationId: id } }, 'fco-1').ok).toBe(true);
    expect(t.db.prepare('SELECT used_seq FROM appt_deferral_authorisations WHERE authorisation_id = ?').pluck().get(id)).toBe(seqBefore + 1);

    // A refused request cannot be used.
    const req2 = t.appts.requestAuthorisation(other.callId, 'womensRefuge', 'Refuge', 'fco-1');
    if (!req2.ok) throw new Error();
    t.appts.decideAuthorisation(req2.value.authorisationId, false, 'Not enough information', 'tl-1');
    const refused = t.calls.send(other.callId, { type: 'deferral.record', deferral: { ...d, authorisationId: req2.value.authorisationId } }, 'fco-1');
    expect(refused.ok || refused.error).toMatchObject({ message: expect.stringMatching(/refused this deferral/) });
    expect(t.appts.authorisations({ status: 'approved' }).map((a) => a.authorisationId)).toEqual([id]);
  });

  it('a national deferral longer than 91 days needs authorisation too', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'carer');
    const long = { ...base, untilDate: '2027-03-01', reviewDate: '2027-02-22' };
    const r = t.calls.send(callId, { type: 'deferral.record', deferral: long }, 'fco-1');
    expect(r.ok || r.error).toMatchObject({ field: 'deferral.authorisationId', message: expect.stringMatching(/98 days is longer than 91 days/) });
    const req = t.appts.requestAuthorisation(callId, 'lifeChangingEvent', 'Long caring arrangement', 'fco-1');
    if (!req.ok) throw new Error();
    t.appts.decideAuthorisation(req.value.authorisationId, true, '', 'tl-1');
    expect(t.calls.send(callId, { type: 'deferral.record', deferral: { ...long, authorisationId: req.value.authorisationId } }, 'fco-1').ok).toBe(true);
  });
});

describe('the re-contact list', () => {
  it('lists deferred customers once their review date has come, until they are reached', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'carer');
    expect(t.calls.send(callId, { type: 'deferral.record', deferral: base }, 'fco-1').ok).toBe(true);
    // Not yet complete: not on the list.
    expect(t.appts.recontactList(undefined, '2026-12-21')).toEqual([]);
    completeCall(t, callId);
    expect(t.appts.recontactList('JC-NORTH', '2026-12-18')).toEqual([]);
    expect(t.appts.recontactList('JC-NORTH', '2026-12-21')).toMatchObject([{ callId, daysOverdue: 0, reason: 'lifeChangingEvent', paAllocated: 'Priya Shah', customerName: 'Alex Example', phone: '01134960000' }]);
    expect(t.appts.recontactList('JC-SOUTH', '2026-12-30')).toEqual([]);
    t.clock.set('2026-12-23T10:00:00.000Z');
    expect(t.appts.recontactList()).toMatchObject([{ callId, daysOverdue: 2 }]);
    expect(t.appts.recordRecontact(callId, 'noContact', 'No answer', 'fco-2')).toMatchObject({ ok: true, value: { attempts: 1 } });
    expect(t.appts.recontactList()).toHaveLength(1);
    expect(t.appts.recordRecontact(callId, 'reached', 'Spoke to her; WFI to be booked', 'fco-2').ok).toBe(true);
    expect(t.appts.recontactList()).toEqual([]);
  });

  it('keeps every attempt with who rang, when, the outcome and their note, oldest first', () => {
    t = apptTestApp();
    t.db
      .prepare("INSERT INTO users (user_id, username, display_name, role, office_code, team, password_hash, created_at) VALUES ('pa-7', 'pa7', 'Sam Okafor', 'fa', 'JC-NORTH', NULL, 'x', '2026-01-01')")
      .run();
    const { callId } = callAtAppointments(t, 'carer');
    expect(t.calls.send(callId, { type: 'deferral.record', deferral: base }, 'fco-1').ok).toBe(true);
    completeCall(t, callId);
    t.clock.set('2026-12-21T09:15:00.000Z');
    expect(t.appts.recordRecontact(callId, 'noContact', 'No answer; voicemail full', 'pa-7').ok).toBe(true);
    t.clock.set('2026-12-22T14:05:00.000Z');
    const second = t.appts.recordRecontact(callId, 'noContact', 'Her son answered: ring after 3pm', 'fco-2');
    // The second note does not replace the first: both are on the row, with who rang.
    expect(second).toMatchObject({
      ok: true,
      value: {
        attempts: 2,
        lastAttemptAt: '2026-12-22T14:05:00.000Z',
        attemptLog: [
          { at: '2026-12-21T09:15:00.000Z', by: 'pa-7', byName: 'Sam Okafor', outcome: 'noContact', note: 'No answer; voicemail full' },
          { at: '2026-12-22T14:05:00.000Z', by: 'fco-2', byName: 'fco-2', outcome: 'noContact', note: 'Her son answered: ring after 3pm' },
        ],
      },
    });
    expect(t.appts.recontactList()[0]?.attemptLog).toHaveLength(2);
    t.clock.set('2026-12-22T15:10:00.000Z');
    expect(t.appts.recordRecontact(callId, 'reached', 'WFI to be booked', 'pa-7').ok).toBe(true);
    expect(t.db.prepare('SELECT by, outcome FROM appt_recontact_attempts WHERE call_id = ? ORDER BY id').all(callId)).toEqual([
      { by: 'pa-7', outcome: 'noContact' },
      { by: 'fco-2', outcome: 'noContact' },
      { by: 'pa-7', outcome: 'reached' },
    ]);
    // The log is evidence of who tried: it cannot be edited.
    expect(() => t.db.prepare("UPDATE appt_recontact_attempts SET note = '' WHERE call_id = ?").run(callId)).toThrow(/append-only/);
    // Nothing to record once the deferral is closed, and nothing is logged for the refused attempt.
    expect(t.appts.recordRecontact(callId, 'noContact', 'again', 'pa-7')).toMatchObject({ ok: false, error: { message: /no open deferral/ } });
    expect(t.db.prepare('SELECT count(*) FROM appt_recontact_attempts').pluck().get()).toBe(3);
  });

  it('a deferral replaced by a booking on the same call is not on the list', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'carer');
    expect(t.calls.send(callId, { type: 'deferral.record', deferral: base }, 'fco-1').ok).toBe(true);
    expect(t.calls.send(callId, { type: 'nav.back' }, 'fco-1').ok).toBe(true);
    const r = t.calls.send(callId, { type: 'appointment.book', fa: slot('JC-NORTH', '2026-11-24T10:00:00.000Z', 20), wfi: slot('JC-NORTH', '2026-11-24T10:30:00.000Z', 40) }, 'fco-1');
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    completeCall(t, callId);
    expect(t.appts.recontactList(undefined, '2027-12-31')).toEqual([]);
    expect(t.db.prepare('SELECT status FROM appt_deferrals WHERE call_id = ?').pluck().get(callId)).toBe('cancelled');
  });
});
