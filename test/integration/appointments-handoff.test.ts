import { afterEach, describe, expect, it } from 'vitest';
import { HandoffRecord } from '../../machines/contract/api/appointments';
import { apptTestApp, callAtAppointments, completeCall, slot, type ApptTestApp } from './appointments-helpers';

/**
 * The hand-off record: drafted and sent in the transaction that completes the claim (no send step to forget), sent
 * again with each correction, once per revision, moved forward only. And ICS.
 */
let t: ApptTestApp;
afterEach(() => t?.close());

const N = 'JC-NORTH';
const bookedJsa = (t: ApptTestApp) => {
  const { callId } = callAtAppointments(t, 'jsa');
  const r = t.calls.send(callId, { type: 'appointment.book', fa: slot(N, '2026-11-26T10:00:00.000Z', 20), wfi: slot(N, '2026-11-26T10:30:00.000Z', 40) }, 'fco-1');
  if (!r.ok) throw new Error(r.error.message);
  return callId;
};
const outbox = (t: ApptTestApp, callId: string) => t.db.prepare('SELECT revision, sent_by FROM appt_handoff_outbox WHERE call_id = ? ORDER BY revision').all(callId);

describe('the hand-off record', () => {
  it('is drafted and sent in the same transaction that completes the claim, and carries what the PA needs (IB)', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'ib');
    expect(t.calls.send(callId, { type: 'appointment.window.accept' }, 'fco-1').ok).toBe(true);
    expect(t.appts.handoff(callId).ok).toBe(false);
    completeCall(t, callId);
    const completedSeq = t.db.prepare('SELECT last_seq FROM calls WHERE call_id = ?').pluck().get(callId);
    const h = t.appts.handoff(callId);
    if (!h.ok) throw new Error(h.error.message);
    expect(h.value).toMatchObject({ status: 'sent', revision: 1, sentRevision: 1, changedSinceSent: false });
    expect(h.value.history).toEqual([
      { from: null, to: 'drafted', revision: 1, at: expect.any(String), by: 'fco-1' },
      { from: 'drafted', to: 'sent', revision: 1, at: h.value.history[0]!.at, by: 'fco-1' },
    ]);
    expect(outbox(t, callId)).toEqual([{ revision: 1, sent_by: 'fco-1' }]);
    const rec = h.value.record;
    expect(HandoffRecord.safeParse(rec).success).toBe(true);
    expect(rec).toMatchObject({
      callId,
      claimDate: '2026-11-23',
      benefit: { id: 'incapacityBenefit' },
      markers: {
        benefit: { value: 'incapacitated/disabled', derived: 'incapacitated/disabled', how: 'derivedFromAnswers', override: null },
        jobcentre: { code: N, how: 'postcodeLookup', forPostcode: 'QA1 2BB', lookup: 'exact' },
      },
      contact: { name: 'Alex Example', phone: '01134960000', postcode: 'QA1 2BB', preferredTimes: 'Mornings (9am–12pm)' },
      health: { sensitive: true, condition: 'Back injury' },
      jobToReturnTo: { employed: true, employer: 'Acme Foods Ltd', sickPay: true, ssp1Provided: false, certificateFrom: '2026-11-16', certificateTo: '2027-01-16' },
      appointment: { kind: 'dueWindow', from: '2027-01-18', to: '2027-02-21', bookableFrom: '2027-01-18', bookableTo: '2027-02-19', adviserRoles: ['ibPersonalAdviser'], bookings: [] },
      partnerDeclared: false,
      complexityFlags: ['cameFromAbroad'],
    });
    // The health condition is only in the sensitive section.
    expect(rec.circumstances.some((c) => c.answer === 'Back injury')).toBe(false);
    expect(rec.health.answers.map((a) => a.questionId)).toContain('ibHealthCondition');
    expect(rec.circumstances.map((c) => c.questionId)).toEqual(expect.arrayContaining(['ibEmployerName', 'ibCertificateTo']));
    expect(rec.evidence.issued.map((i) => i.id)).toContain('ssp1');
    expect(rec.evidence.outstanding).toEqual(rec.evidence.issued.map((i) => i.id));
    // Language and access needs are asked on every call (identify section) and reach the adviser.
    expect(rec.needs).toMatchObject({ captured: true, language: 'english' });
    // Drafted and sent by the completing event itself.
    const completedAt = t.db.prepare('SELECT at FROM call_events WHERE call_id = ? AND seq = ?').pluck().get(callId, completedSeq);
    expect(t.db.prepare('SELECT drafted_at FROM appt_handoffs WHERE call_id = ?').pluck().get(callId)).toBe(completedAt);
    expect(t.db.prepare('SELECT sent_at FROM appt_handoff_outbox WHERE call_id = ?').pluck().get(callId)).toBe(completedAt);
  });

  it('sending twice never duplicates; acknowledge needs a sent record; the status only moves forward', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    // Not complete yet: nothing to acknowledge.
    expect(t.appts.acknowledgeHandoff(callId, 'fa-1')).toMatchObject({ ok: false, error: { code: 'not_allowed_in_phase' } });
    completeCall(t, callId);
    // Sent when the claim completed; pressing send afterwards adds nothing.
    const again = t.appts.sendHandoff(callId, 'fco-2');
    expect(again).toMatchObject({ ok: true, value: { status: 'sent', alreadySent: true } });
    // A second desk on the same database file presses send too.
    const other = t.secondDesk('desk2');
    expect(other.appts.sendHandoff(callId, 'fco-3')).toMatchObject({ ok: true, value: { alreadySent: true } });
    expect(outbox(t, callId)).toEqual([{ revision: 1, sent_by: 'fco-1' }]);
    expect(t.appts.acknowledgeHandoff(callId, 'fa-1')).toMatchObject({ ok: true, value: { status: 'acknowledged' } });
    expect(t.appts.acknowledgeHandoff(callId, 'fa-1')).toMatchObject({ ok: true, value: { status: 'acknowledged' } });
    expect(t.appts.handoff(callId).ok && (t.appts.handoff(callId) as { value: { history: { to: string }[] } }).value.history.map((h) => h.to)).toEqual([
      'drafted',
      'sent',
      'acknowledged',
    ]);
  });

  it('a correction after completion makes a new revision, sent with the correction as a new outbox row', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    completeCall(t, callId);
    t.appts.acknowledgeHandoff(callId, 'fa-1');
    const r = t.calls.send(callId, { type: 'claim.correct', target: 'office', value: 'JC-SOUTH', reason: 'Customer moved before the claim was made' }, 'tl-1');
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const h = t.appts.handoff(callId);
    if (!h.ok) throw new Error();
    // Back to "sent" for the new Jobcentre to acknowledge the corrected record.
    expect(h.value).toMatchObject({ status: 'sent', revision: 2, sentRevision: 2, changedSinceSent: false, officeCode: 'JC-SOUTH' });
    expect(h.value.record.corrections).toMatchObject([{ target: 'office', to: 'JC-SOUTH', by: 'tl-1' }]);
    expect(h.value.record.markers.jobcentre.code).toBe('JC-SOUTH');
    expect(t.appts.sendHandoff(callId, 'fco-1')).toMatchObject({ ok: true, value: { status: 'sent', revision: 2, alreadySent: true } });
    expect(outbox(t, callId)).toEqual([
      { revision: 1, sent_by: 'fco-1' },
      { revision: 2, sent_by: 'tl-1' },
    ]);
    // The outbox is append-only.
    expect(() => t.db.prepare('DELETE FROM appt_handoff_outbox').run()).toThrow(/append-only/);
    // An event that changes nothing in the record makes no new revision.
    expect(t.calls.send(callId, { type: 'call.end', reason: 'callerHungUp', note: '' }, 'fco-1').ok).toBe(true);
    expect(t.appts.handoff(callId)).toMatchObject({ ok: true, value: { revision: 2 } });
  });

  it('an attended interview marks it conducted (what the target counts); not before the appointment', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    completeCall(t, callId);
    const wfi = t.appts.bookingsForCall(callId).find((b) => b.kind === 'wfi')!;
    expect(t.appts.recordAttendance(wfi.bookingId, 'attended', '', 'fa-1')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/has not happened yet/) } });
    t.clock.set('2026-11-26T11:15:00.000Z');
    const r = t.appts.recordAttendance(wfi.bookingId, 'attended', 'Good interview', 'fa-1');
    expect(r).toMatchObject({ ok: true, value: { booking: { status: 'attended' }, handoffStatus: 'conducted', afterFta: null } });
    const h = t.appts.handoff(callId);
    if (!h.ok) throw new Error();
    expect(h.value.history.map((x) => x.to)).toEqual(['drafted', 'sent', 'acknowledged', 'conducted']);
    expect(outbox(t, callId)).toHaveLength(1);
    expect(t.appts.recordAttendance(wfi.bookingId, 'fta', '', 'fa-1')).toMatchObject({ ok: false });
  });

  it('no hand-off for a "no WFI" claim', () => {
    t = apptTestApp();
    const { callId } = callAtAppointments(t, 'hb');
    expect(t.calls.send(callId, { type: 'appointment.noWfi' }, 'fco-1').ok).toBe(true);
    completeCall(t, callId);
    expect(t.appts.handoff(callId).ok).toBe(false);
    expect(t.appts.sendHandoff(callId, 'fco-1').ok).toBe(false);
  });
});

/** A small RFC 5545 reader: unfold, split "NAME;PARAMS:VALUE", unescape TEXT, nest components. */
function parseIcs(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const l of physical) {
    expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(l).not.toMatch(/[\r\n]/);
  }
  const lines: string[] = [];
  for (const l of physical) {
    if (l.startsWith(' ')) lines[lines.length - 1] += l.slice(1);
    else lines.push(l);
  }
  const stack: { name: string; props: Record<string, string>; children: { name: string; props: Record<string, string> }[] }[] = [];
  let root: (typeof stack)[number] | null = null;
  for (const l of lines) {
    const m = /^([A-Z-]+)(;[^:]*)?:(.*)$/.exec(l);
    expect(m, l).not.toBeNull();
    const [, name, , value] = m!;
    if (name === 'BEGIN') {
      const c = { name: value!, props: {}, children: [] };
      if (stack.length) stack[stack.length - 1]!.children.push(c);
      else root = c;
      stack.push(c);
    } else if (name === 'END') {
      expect(stack.pop()!.name).toBe(value);
    } else {
      stack[stack.length - 1]!.props[name!] = value!.replace(/\\n/g, '\n').replace(/\\([,;\\])/g, '$1');
    }
  }
  expect(stack).toHaveLength(0);
  return root!;
}

describe('ICS export', () => {
  it('each appointment exports as a calendar entry whose fields parse back; nothing sensitive in it', () => {
    t = apptTestApp();
    const callId = bookedJsa(t);
    completeCall(t, callId);
    const [fa, wfi] = t.appts.bookingsForCall(callId);
    const r = t.appts.ics(fa!.bookingId);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ filename: `appointment-${fa!.bookingId}.ics`, contentType: 'text/calendar' });
    const cal = parseIcs(r.value.ics);
    expect(cal.name).toBe('VCALENDAR');
    expect(cal.props).toMatchObject({ VERSION: '2.0', PRODID: expect.any(String) });
    const ev = cal.children[0]!;
    expect(ev.name).toBe('VEVENT');
    expect(ev.props).toMatchObject({
      UID: `${fa!.bookingId}@claim-intake`,
      DTSTART: '20261126T100000Z',
      DTEND: '20261126T102000Z',
      STATUS: 'CONFIRMED',
      SUMMARY: 'Financial Assessor meeting – Northtown Jobcentre',
      LOCATION: 'Northtown Jobcentre, 1 North St, QA1 1AA',
      DTSTAMP: expect.stringMatching(/^\d{8}T\d{6}Z$/),
    });
    expect(ev.props.DESCRIPTION).toMatch(/Please bring: .*P45/);
    expect(ev.props.DESCRIPTION).toContain(`Claim reference: ${callId}.`);
    const all = r.value.ics;
    for (const secret of ['AB123456C', 'Alex Example', '0113', 'warehouse']) expect(all).not.toContain(secret);

    const w = t.appts.ics(wfi!.bookingId);
    if (!w.ok) throw new Error();
    const wev = parseIcs(w.value.ics).children[0]!;
    expect(wev.props).toMatchObject({ DTSTART: '20261126T103000Z', DTEND: '20261126T111000Z', SUMMARY: 'Work Focused Interview – Northtown Jobcentre' });
    expect(wev.props.DESCRIPTION).not.toMatch(/Please bring/);
  });

  it('summer times are exported in UTC (BST is an hour ahead)', () => {
    t = apptTestApp({ start: '2027-06-01T08:00:00.000Z' });
    const { callId } = callAtAppointments(t, 'jsa');
    // 10:00 and 10:30 local (BST) = 09:00Z and 09:30Z.
    const r = t.calls.send(callId, { type: 'appointment.book', fa: slot(N, '2027-06-02T09:00:00.000Z', 20), wfi: slot(N, '2027-06-02T09:30:00.000Z', 40) }, 'fco-1');
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const [fa] = t.appts.bookingsForCall(callId);
    expect(fa!.local).toBe('Wed 2 Jun 2027 10:00');
    const ics = t.appts.ics(fa!.bookingId);
    if (!ics.ok) throw new Error();
    expect(parseIcs(ics.value.ics).children[0]!.props.DTSTART).toBe('20270602T090000Z');
  });
});
