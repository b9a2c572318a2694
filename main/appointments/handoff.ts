import { createHash } from 'node:crypto';
import { HandoffRecord, type AdviserRoleName, type HandoffListRow, type HandoffStatus, type HandoffView } from '../../machines/contract/api/appointments';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { fail, type Result } from '../../machines/contract/errors';
import { lookupQuestion } from '../../machines/flow';
import { appointmentPolicyOf, benefitAppointmentPolicy } from '../../machines/rules/booking';
import { paAfterCorrections, releasedByCorrection } from '../../machines/rules/officeCorrection';
import { formatDate, formatLocal, openDaysOf, signingDayReviews, toLocal, WEEKDAY_NAMES } from '../../machines/rules/windows';
import type { ScriptPackage } from '../../scripts-content/schema';
import { userNames } from '../auth/userNames';
import type { Db } from '../db/open';

/**
 * The hand-off record: what the Personal Adviser and the Financial Assessor receive, so the interview does not start
 * from nothing (PF:590, PF:813). Built from the claim record when the claim completes and rebuilt on every later
 * correction (a new revision). Status only moves forward: drafted → sent → acknowledged → conducted; the interview
 * target counts *conducted* (IDT:233). Sending is idempotent: the outbox keeps one row per revision.
 */

export interface HandoffBookingInput {
  bookingId: string;
  kind: 'fa' | 'wfi';
  start: string;
  minutes: number;
  mode: 'inPerson' | 'telephone' | 'homeVisit';
  adviser: { id: string; name: string; role: AdviserRoleName };
  status: string;
  officeCode: string;
}

export interface HandoffInputs {
  pkg: ScriptPackage;
  record: ClaimRecord;
  revision: number;
  generatedAt: string;
  bookings: HandoffBookingInput[];
  /** The claim's row on a Jobcentre's interview schedule, unless cancelled. */
  dueWindow: { officeCode: string; status: 'due' | 'booked'; from: string; to: string; bookableFrom: string | null; bookableTo: string | null; roles: string[] } | null;
  authorisedBy: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

function answerText(pkg: ScriptPackage, id: string, value: unknown): string {
  const q = lookupQuestion(pkg, id)?.question;
  const label = (v: unknown) => {
    if (q && (q.answer.type === 'choice' || q.answer.type === 'multiChoice')) return q.answer.options.find((o) => o.value === v)?.label.en ?? String(v);
    return String(v);
  };
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return label(value);
}

/** The customer's best times to call as the FCO chose them ("Mornings (9am–12pm)"), not the stored option code. */
export function contactTimesText(pkg: ScriptPackage, record: ClaimRecord): string | null {
  return record.customer.contactTimes ? answerText(pkg, pkg.bindings.contactTimes, record.customer.contactTimes) : null;
}

/** The record for a completed claim. Throws if it does not satisfy the schema (a bug, caught by the tests). */
export function buildHandoff(x: HandoffInputs): HandoffRecord {
  const { pkg, record } = x;
  const policy = appointmentPolicyOf(pkg);
  const f = policy.handoffFields;
  const a = record.answers;
  const b = pkg.bindings;
  const get = (id: string | undefined) => (id ? a[id] : undefined);
  const tz = policy.timeZone;

  // Circumstances: the benefit questions answered on the call, with the words the FCO read. Sensitive answers go
  // to the health section only.
  const circumstances: { questionId: string; question: string; answer: string }[] = [];
  const health: { questionId: string; question: string; answer: string }[] = [];
  for (const [id, value] of Object.entries(a)) {
    const found = lookupQuestion(pkg, id);
    // Identity and contact details have their own section; acknowledgements are not facts about the customer.
    if (!found || found.section.phase === 'identify' || found.question.answer.type === 'acknowledge') continue;
    const row = { questionId: id, question: found.question.say.en, answer: answerText(pkg, id, value) };
    (found.question.sensitive ? health : circumstances).push(row);
  }

  const employed = bool(get(f.employed));
  const hasJobFacts = [f.employed, f.employerName, f.certificateFrom, f.certificateTo, f.lastWorked].some((k) => k && a[k] !== undefined);
  const complexity = get(f.complexity);
  const wfi = x.bookings.find((k) => k.kind === 'wfi' && k.status !== 'cancelled');
  const benefitId = record.benefit!.id;
  const bp = benefitAppointmentPolicy(pkg, benefitId);

  const slotOut = (k: HandoffBookingInput) => ({
    bookingId: k.bookingId,
    kind: k.kind,
    start: k.start,
    minutes: k.minutes,
    local: formatLocal(k.start, tz),
    mode: k.mode,
    adviser: k.adviser,
    status: k.status,
    officeCode: k.officeCode,
  });

  const appt = record.appointment!;
  let appointment: HandoffRecord['appointment'];
  if (appt.kind === 'booked' && x.dueWindow) {
    // Booked on the call, then released by a correction of the Jobcentre: the interview is on the corrected
    // Jobcentre's schedule now (only a correction puts a book-on-call claim there). The released times are not shown.
    const w = x.dueWindow;
    const here = record.markers.jobcentre.confirmed!;
    const lastOffice = [...record.corrections].reverse().find((c) => c.target === 'office') ?? null;
    const correction = releasedByCorrection(appt.wfi, record.corrections) ?? lastOffice;
    const released = (['fa', 'wfi'] as const).filter((k) => releasedByCorrection(appt[k], record.corrections) !== null);
    const what = released.length === 2 ? 'The Financial Assessor meeting and the interview booked there were' : released[0] === 'fa' ? 'The Financial Assessor meeting booked there was' : 'The interview booked there was';
    const days = openDaysOf(w);
    const range = `${formatDate(days.from)} and ${formatDate(days.to)}`;
    const text = [
      `Booked on the call at ${appt.wfi.officeCode}.`,
      correction ? `${what} released when the Jobcentre was corrected to ${correction.to} on ${formatDate(toLocal(correction.at, tz).date)}.` : '',
      w.status === 'due'
        ? `${w.officeCode === here.code ? `Contact the customer to book the interview here at ${here.name}` : `The interview is to be booked by ${w.officeCode}`}, between ${range} (the window counts from the claim date and does not move).`
        : `The interview is booked at ${w.officeCode} (below).`,
      released.includes('fa') ? 'No Financial Assessor meeting is booked here.' : '',
    ]
      .filter(Boolean)
      .join(' ');
    appointment = {
      kind: 'dueWindow',
      from: w.from,
      to: w.to,
      bookableFrom: w.bookableFrom,
      bookableTo: w.bookableTo,
      adviserRoles: w.roles as AdviserRoleName[],
      bookings: x.bookings.map(slotOut),
      moved: {
        fromOfficeCode: appt.wfi.officeCode,
        correctedAt: correction?.at ?? x.generatedAt,
        correctedBy: correction?.by ?? 'unknown',
        released: [...released],
        text,
      },
    };
  } else if (appt.kind === 'booked') {
    const signingWeekday = bp.alignWithSigningDay && wfi ? toLocal(wfi.start, tz).weekday : null;
    appointment = {
      kind: 'booked',
      bookings: x.bookings.map(slotOut),
      signingDay: signingWeekday ? (WEEKDAY_NAMES[signingWeekday] ?? null) : null,
      reviewsDue: signingWeekday ? signingDayReviews(record.claimDate, signingWeekday, bp.reviewWeeks, policy.closedDates) : [],
    };
  } else if (appt.kind === 'dueWindow') {
    appointment = {
      kind: 'dueWindow',
      from: appt.from,
      to: appt.to,
      bookableFrom: x.dueWindow?.bookableFrom ?? null,
      bookableTo: x.dueWindow?.bookableTo ?? null,
      adviserRoles: (x.dueWindow?.roles ?? bp.wfiRoles) as AdviserRoleName[],
      bookings: x.bookings.map(slotOut),
      moved: null,
    };
  } else if (appt.kind === 'deferred') {
    const d = appt.deferral;
    const reason = policy.deferral.reasons.find((r) => r.code === d.reason);
    appointment = {
      kind: 'deferred',
      reason: d.reason,
      reasonLabel: reason?.label.en ?? d.reason,
      detail: d.detail ?? null,
      untilDate: d.untilDate,
      reviewDate: d.reviewDate,
      paAllocated: paAfterCorrections(d.paAllocated, appt.at, record.corrections),
      paContactGiven: d.paContactGiven,
      claimPackSent: d.claimPackSent,
      letterSent: d.letterSent,
      authorisedBy: x.authorisedBy,
      note: d.note,
    };
  } else {
    throw new Error('no hand-off for a claim without a Work Focused Interview');
  }

  const bm = record.markers.benefit;
  const jc = record.markers.jobcentre;
  const out: HandoffRecord = {
    schema: 'handoff/1',
    callId: record.callId,
    revision: x.revision,
    generatedAt: x.generatedAt,
    script: record.script,
    claimDate: record.claimDate,
    benefit: record.benefit!,
    markers: {
      benefit: { value: bm.confirmed!, derived: bm.derived, how: bm.override ? 'override' : 'derivedFromAnswers', override: bm.override, confirmedBy: bm.confirmedBy, confirmedAt: bm.confirmedAt },
      jobcentre: {
        code: jc.confirmed!.code,
        name: jc.confirmed!.name,
        how: jc.override ? 'override' : jc.suggested?.code === jc.confirmed!.code ? 'postcodeLookup' : 'chosenFromNearest',
        forPostcode: jc.forPostcode,
        suggestedCode: jc.suggested?.code ?? null,
        lookup: jc.lookup,
        override: jc.override,
        confirmedBy: jc.confirmedBy,
        confirmedAt: jc.confirmedAt,
      },
    },
    contact: {
      name: record.customer.name,
      dateOfBirth: record.customer.dateOfBirth,
      nino: record.customer.nino,
      address: record.customer.address,
      postcode: record.customer.postcode,
      phone: record.customer.phone,
      preferredTimes: contactTimesText(pkg, record),
      confirmedOnCallAt: record.completedAt ?? record.startedAt,
    },
    circumstances,
    health: { sensitive: true, condition: str(b.healthCondition ? a[b.healthCondition] : undefined), answers: health },
    jobToReturnTo: hasJobFacts
      ? {
          employed,
          employer: str(get(f.employerName)),
          sickPay: bool(get(f.sickPay)),
          ssp1Provided: bool(get(f.ssp1)),
          lastWorked: str(get(f.lastWorked)),
          certificateFrom: str(get(f.certificateFrom)),
          certificateTo: str(get(f.certificateTo)),
        }
      : null,
    work: {
      jobGoal: str(get(f.jobGoal)) ?? str(b.jobGoal ? a[b.jobGoal] : undefined),
      hoursPerWeek: num(get(f.hoursPerWeek)),
      maxTravelMiles: num(get(f.maxTravelMiles)),
      minHourlyPay: num(get(f.minHourlyPay)),
      aspirations: str(get(f.aspirations)),
    },
    jobSearch: {
      mode: record.jobSearch.mode,
      switchedOff: record.jobSearch.switchedOff,
      interestInWork: record.jobSearch.interestInWork,
      searches: record.jobSearch.searches.map((s) => ({ query: s.query, resultCount: s.resultCount, at: s.at })),
      submissions: record.jobSearch.submissions.map((s) => ({ vacancyId: s.vacancyId, title: s.title, employer: s.employer, at: s.at })),
      skippedReason: record.jobSearch.skippedReason,
    },
    appointment,
    evidence: {
      issued: record.evidence.items.map((i) => ({ id: i.id, what: i.what, whoProvides: i.whoProvides, oftenForgotten: i.oftenForgotten })),
      readOutAt: record.evidence.readOutAt,
      outstanding: record.evidence.items.map((i) => i.id),
    },
    needs: {
      accessibility: str(get(f.accessibilityNeeds)),
      language: str(get(f.language)),
      captured: Boolean(f.accessibilityNeeds || f.language),
    },
    partnerDeclared: record.customer.partnerDeclared,
    complexityFlags: Array.isArray(complexity) ? complexity.filter((c): c is string => typeof c === 'string' && c !== 'none') : [],
    auditFlags: record.flags.map((fl) => ({
      kind: String(fl.kind),
      reason: typeof fl.reason === 'string' ? fl.reason : null,
      at: String(fl.at),
      by: String(fl.by),
    })),
    corrections: record.corrections,
  };
  return HandoffRecord.parse(out);
}

/** The part of a record that matters for "did it change?": everything but the revision and when it was generated. */
function contentHash(r: HandoffRecord): string {
  const { revision: _r, generatedAt: _g, ...rest } = r;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

interface HandoffRow {
  call_id: string;
  office_code: string;
  status: HandoffStatus;
  revision: number;
  sent_revision: number | null;
  payload: string;
}

const NEXT: Record<HandoffStatus, HandoffStatus | null> = { drafted: 'sent', sent: 'acknowledged', acknowledged: 'conducted', conducted: null };

export class HandoffRepository {
  private readonly get;
  private readonly insert;
  private readonly revise;
  private readonly setStatus;
  private readonly history;
  private readonly historyOf;
  private readonly outbox;

  constructor(
    private readonly db: Db,
    private readonly displayName: (userId: string) => string | null = userNames(db),
  ) {
    this.get = db.prepare('SELECT call_id, office_code, status, revision, sent_revision, payload FROM appt_handoffs WHERE call_id = ?');
    this.insert = db.prepare(
      "INSERT INTO appt_handoffs (call_id, office_code, status, revision, payload, drafted_at, updated_at) VALUES (?, ?, 'drafted', 1, ?, ?, ?)",
    );
    this.revise = db.prepare('UPDATE appt_handoffs SET revision = ?, payload = ?, office_code = ?, updated_at = ? WHERE call_id = ?');
    this.setStatus = db.prepare(
      `UPDATE appt_handoffs SET status = @to, updated_at = @at,
         sent_revision = CASE WHEN @to = 'sent' OR @send = 1 THEN revision ELSE sent_revision END,
         sent_at = CASE WHEN @send = 1 THEN @at ELSE sent_at END, sent_by = CASE WHEN @send = 1 THEN @by ELSE sent_by END,
         acknowledged_at = CASE WHEN @to = 'acknowledged' THEN @at ELSE acknowledged_at END,
         acknowledged_by = CASE WHEN @to = 'acknowledged' THEN @by ELSE acknowledged_by END,
         conducted_at = CASE WHEN @to = 'conducted' THEN @at ELSE conducted_at END,
         conducted_by = CASE WHEN @to = 'conducted' THEN @by ELSE conducted_by END
       WHERE call_id = @callId`,
    );
    this.history = db.prepare('INSERT INTO appt_handoff_history (call_id, from_status, to_status, revision, at, by) VALUES (?, ?, ?, ?, ?, ?)');
    this.historyOf = db.prepare('SELECT from_status, to_status, revision, at, by FROM appt_handoff_history WHERE call_id = ? ORDER BY id');
    this.outbox = db.prepare('INSERT OR IGNORE INTO appt_handoff_outbox (call_id, revision, payload, sent_at, sent_by) VALUES (?, ?, ?, ?, ?)');
  }

  /** Creates the draft, or a new revision when the content changed. Runs inside the caller's transaction. */
  upsert(callId: string, officeCode: string, build: (revision: number) => HandoffRecord, at: string, by: string): void {
    const row = this.get.get(callId) as HandoffRow | undefined;
    if (!row) {
      const rec = build(1);
      this.insert.run(callId, officeCode, JSON.stringify(rec), at, at);
      this.history.run(callId, null, 'drafted', 1, at, by);
      return;
    }
    const prev = HandoffRecord.parse(JSON.parse(row.payload));
    const next = build(row.revision + 1);
    if (contentHash(next) === contentHash(prev)) return;
    this.revise.run(row.revision + 1, JSON.stringify(next), officeCode, at, callId);
    this.history.run(callId, row.status, row.status, row.revision + 1, at, by);
  }

  view(callId: string): HandoffView | null {
    const row = this.get.get(callId) as HandoffRow | undefined;
    if (!row) return null;
    const record = HandoffRecord.parse(JSON.parse(row.payload));
    const history = (this.historyOf.all(callId) as { from_status: HandoffStatus | null; to_status: HandoffStatus; revision: number; at: string; by: string }[]).map((h) => ({
      from: h.from_status,
      to: h.to_status,
      revision: h.revision,
      at: h.at,
      by: h.by,
    }));
    return {
      callId: row.call_id,
      officeCode: row.office_code,
      status: row.status,
      revision: row.revision,
      sentRevision: row.sent_revision,
      changedSinceSent: row.sent_revision !== null && row.sent_revision !== row.revision,
      record,
      history,
      names: this.namesOf([
        ...history.map((h) => h.by),
        record.markers.benefit.confirmedBy,
        record.markers.jobcentre.confirmedBy,
        ...record.corrections.map((c) => c.by),
        ...record.auditFlags.map((f) => f.by),
        record.appointment.kind === 'dueWindow' ? (record.appointment.moved?.correctedBy ?? null) : null,
      ]),
    };
  }

  /** The Jobcentre a claim's hand-off is for, or null when there is none (cheaper than `view` for an access check). */
  officeOf(callId: string): string | null {
    return (this.get.get(callId) as HandoffRow | undefined)?.office_code ?? null;
  }

  /** User id → display name, for the ids that are people in this database ("system" and unknown ids are left out). */
  private namesOf(ids: (string | null)[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const id of new Set(ids)) {
      if (!id) continue;
      const name = this.displayName(id);
      if (name) out[id] = name;
    }
    return out;
  }

  list(officeCode: string, status?: HandoffStatus): HandoffListRow[] {
    const rows = this.db
      .prepare(
        `SELECT call_id, office_code, status, revision, sent_revision, updated_at,
           json_extract(payload, '$.contact.name') AS customer_name, json_extract(payload, '$.benefit.name') AS benefit_name,
           json_extract(payload, '$.claimDate') AS claim_date
         FROM appt_handoffs WHERE office_code = ? ${status ? 'AND status = ?' : ''} ORDER BY updated_at DESC LIMIT 500`,
      )
      .all(...(status ? [officeCode, status] : [officeCode])) as (Omit<HandoffRow, 'payload'> & { updated_at: string; customer_name: string | null; benefit_name: string; claim_date: string })[];
    return rows.map((r) => ({
      callId: r.call_id,
      officeCode: r.office_code,
      status: r.status,
      revision: r.revision,
      sentRevision: r.sent_revision,
      changedSinceSent: r.sent_revision !== null && r.sent_revision !== r.revision,
      customerName: r.customer_name,
      benefitName: r.benefit_name,
      claimDate: r.claim_date,
      updatedAt: r.updated_at,
    }));
  }

  /**
   * Sends the current revision. Sending the same revision again changes nothing (one outbox row per revision, even
   * if two desks press "send" at once). A revision made after a correction is sent as a new row, and goes back to
   * "sent" for the Jobcentre to acknowledge. `keepStatus`: the change was made at the Jobcentre itself (its booking
   * from the schedule, a re-book), so the revision is sent to keep the record current without asking the Jobcentre to
   * acknowledge its own change.
   */
  send(callId: string, at: string, by: string, opts: { keepStatus?: boolean } = {}): Result<HandoffView & { alreadySent: boolean }> {
    return this.db.transaction((): Result<HandoffView & { alreadySent: boolean }> => {
      const row = this.get.get(callId) as HandoffRow | undefined;
      if (!row) return fail('not_allowed_in_phase', 'There is no hand-off record yet: it is drafted when the claim completes (and not for "no WFI" claims).');
      if (row.sent_revision === row.revision) return { ok: true, value: { ...this.view(callId)!, alreadySent: true } };
      const inserted = this.outbox.run(callId, row.revision, row.payload, at, by).changes;
      // A re-sent revision goes back to "sent" for the Jobcentre to acknowledge; a conducted interview stays conducted.
      const to: HandoffStatus = row.status === 'conducted' || (opts.keepStatus && row.status === 'acknowledged') ? row.status : 'sent';
      this.setStatus.run({ callId, to, at, by, send: 1 });
      if (to !== row.status || inserted) this.history.run(callId, row.status, to, row.revision, at, by);
      return { ok: true, value: { ...this.view(callId)!, alreadySent: inserted === 0 } };
    }).immediate();
  }

  /** Moves one step forward (sent → acknowledged → conducted). Repeating the step the record is already at is a no-op. */
  advance(callId: string, to: 'acknowledged' | 'conducted', at: string, by: string): Result<HandoffView> {
    const row = this.get.get(callId) as HandoffRow | undefined;
    if (!row) return fail('not_allowed_in_phase', 'There is no hand-off record for this claim.');
    if (row.status === to) return { ok: true, value: this.view(callId)! };
    if (NEXT[row.status] !== to)
      return fail('not_allowed_in_phase', `The hand-off is "${row.status}"; it can only move ${row.status} → ${NEXT[row.status] ?? '(nothing: it is final)'}.`);
    this.setStatus.run({ callId, to, at, by, send: 0 });
    this.history.run(callId, row.status, to, row.revision, at, by);
    return { ok: true, value: this.view(callId)! };
  }

  status(callId: string): HandoffStatus | null {
    return ((this.get.get(callId) as HandoffRow | undefined)?.status ?? null) as HandoffStatus | null;
  }
}
