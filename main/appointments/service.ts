import {
  ADVISER_ROLE_LABELS,
  type AppointmentOptions,
  type AttendanceResult,
  type AuthorisationView,
  type BookingRefusal,
  type BookingView,
  type DeferralPreview,
  type DeferralReasonView,
  type FreeSlotsResponse,
  type HandoffView,
  type PrecallRow,
  type RecontactAttempt,
  type RecontactRow,
  type ScheduleRow,
  type SlotView,
} from '../../machines/contract/api/appointments';
import type { MachineEvent, Slot } from '../../machines/contract/callTypes';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { fail, type CallError, type Result } from '../../machines/contract/errors';
import { appointmentPolicyOf, benefitAppointmentPolicy, interviewWindow } from '../../machines/rules/booking';
import { paAfterCorrections, releasedByCorrection } from '../../machines/rules/officeCorrection';
import { computeDeferral, deferralReasonsFor } from '../../machines/rules/deferral';
import { addDays, daysBetween } from '../../machines/rules/ukFormats';
import { claimWindow, formatDate, formatLocal, isWorkingDay, localToUtcMs, parseHhmm, toLocal, workingDaysLeft, type ClaimWindow } from '../../machines/rules/windows';
import type { AdviserRole, AppointmentPolicy, BenefitPolicy, ScriptPackage } from '../../scripts-content/schema';
import type { AppendHook, CallService } from '../calls/callService';
import type { ScriptRegistry } from '../content/scriptRegistry';
import { userNames } from '../auth/userNames';
import type { Db } from '../db/open';
import demoDiaries from '../../scripts-content/demo/diaries.json';
import { DiaryFile, DiaryRepository, explainNotInHours, importDiaries, type AdviserDiary, type SlotMode } from './diaries';
import { buildHandoff, contactTimesText, HandoffRepository, type HandoffBookingInput } from './handoff';
import { toIcs } from './ics';
import { findFreeSlots, slotLocalTime, slotStartIso, suggestPair, takenLookup, type FreeSlot } from './slotFinder';

export interface AppointmentDeps {
  db: Db;
  scripts: ScriptRegistry;
  calls: CallService;
  clock: () => Date;
  notify?: (topic: string, id: string) => void;
}

/** What a Jobcentre list selects of each claim's call to project its claim record (decision 0009). */
const STORED_CALL_COLUMNS = 'c.call_id AS c_call_id, c.script_hash AS c_script_hash, c.last_seq AS c_last_seq, c.snapshot AS c_snapshot';
interface StoredCallColumns {
  c_call_id: string;
  c_script_hash: string;
  c_last_seq: number;
  c_snapshot: string;
}

interface BookingRow {
  booking_id: string;
  call_id: string;
  kind: 'fa' | 'wfi';
  office_code: string;
  adviser_id: string;
  start_at: string;
  start_ms: number;
  minutes: number;
  seat: number;
  mode: SlotMode;
  benefit_id: string;
  source: 'call' | 'schedule' | 'rebook';
  status: 'booked' | 'attended' | 'fta' | 'cancelled';
  rebook_of: string | null;
  rebook_count: number;
  follow_up: string | null;
  follow_up_at: string | null;
  follow_up_by: string | null;
  follow_up_note: string | null;
  outcome_at: string | null;
  outcome_by: string | null;
  outcome_note: string | null;
  precall_at: string | null;
  precall_by: string | null;
  precall_outcome: string | null;
  precall_note: string | null;
  updated_at: string;
  created_at: string;
}

interface DueWindowRow {
  call_id: string;
  office_code: string;
  benefit_id: string;
  claim_date: string;
  window_from: string;
  window_to: string;
  bookable_from: string | null;
  bookable_to: string | null;
  wfi_roles: string;
  status: 'due' | 'booked' | 'cancelled';
  booking_id: string | null;
}

interface ClaimCtx {
  record: ClaimRecord;
  pkg: ScriptPackage;
  policy: AppointmentPolicy;
  benefit: BenefitPolicy;
  officeCode: string;
  office: NonNullable<ClaimRecord['markers']['jobcentre']['confirmed']>;
}

type Refusal = { ok: false; error: BookingRefusal; why: 'taken' | 'unavailable' };
const refuse = (message: string, field: string, why: Refusal['why'] = 'unavailable'): Refusal => ({ ok: false, error: { code: 'invalid_booking', message, field }, why });
const WHAT = { fa: 'Financial Assessor meeting', wfi: 'interview' } as const;
const article = (noun: string) => `${/^[AEIOU]/.test(noun) ? 'an' : 'a'} ${noun}`;

/**
 * Diaries, bookings, deferrals, the IB interview schedule, pre-calls, attendance and the hand-off record. Its append
 * hook runs inside the transaction of every accepted call event: a booking holds its diary seats in the same commit
 * as the event that records it, so two desks can never both get the same slot, and a refused reservation refuses
 * the event with nothing saved.
 */
export class AppointmentService {
  readonly diaries: DiaryRepository;
  readonly handoffs: HandoffRepository;
  private readonly q;
  private readonly displayName: (userId: string) => string | null;

  constructor(private readonly deps: AppointmentDeps) {
    const db = deps.db;
    this.diaries = new DiaryRepository(db);
    this.diaries.setTimeZone(appointmentPolicyOf(deps.scripts.current.pkg).timeZone);
    this.displayName = userNames(db);
    this.handoffs = new HandoffRepository(db, this.displayName);
    this.q = {
      takenAt: db.prepare(
        "SELECT adviser_id, start_ms, COUNT(*) AS n FROM appt_bookings WHERE office_code = ? AND start_ms >= ? AND start_ms < ? AND status <> 'cancelled' GROUP BY adviser_id, start_ms",
      ),
      seats: db.prepare("SELECT seat FROM appt_bookings WHERE adviser_id = ? AND start_ms = ? AND status <> 'cancelled'").pluck(),
      overlaps: db
        .prepare(
          "SELECT COUNT(*) FROM appt_bookings WHERE adviser_id = ? AND status <> 'cancelled' AND start_ms <> ? AND start_ms < ? AND start_ms + minutes * 60000 > ?",
        )
        .pluck(),
      insertBooking: db.prepare(
        `INSERT INTO appt_bookings (booking_id, call_id, kind, office_code, adviser_id, start_at, start_ms, minutes, seat, mode, benefit_id, source, status,
           rebook_of, rebook_count, event_seq, created_at, created_by, updated_at)
         VALUES (@bookingId, @callId, @kind, @officeCode, @adviserId, @startAt, @startMs, @minutes, @seat, @mode, @benefitId, @source, 'booked',
           @rebookOf, @rebookCount, @seq, @at, @by, @at)`,
      ),
      releaseCall: db.prepare(
        "UPDATE appt_bookings SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, updated_at = ? WHERE call_id = ? AND source = 'call' AND status = 'booked'",
      ),
      releaseWindow: db.prepare("UPDATE appt_due_windows SET status = 'cancelled', updated_at = ? WHERE call_id = ? AND status = 'due'"),
      releaseDeferral: db.prepare("UPDATE appt_deferrals SET status = 'cancelled' WHERE call_id = ? AND status = 'active'"),
      releaseBooking: db.prepare("UPDATE appt_bookings SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, updated_at = ? WHERE booking_id = ? AND status = 'booked'"),
      moveDeferral: db.prepare("UPDATE appt_deferrals SET office_code = ? WHERE call_id = ? AND status = 'active' AND office_code <> ?"),
      booking: db.prepare('SELECT * FROM appt_bookings WHERE booking_id = ?'),
      countOfCall: db.prepare('SELECT COUNT(*) FROM appt_bookings WHERE call_id = ?').pluck(),
      bookingsOfCall: db.prepare('SELECT * FROM appt_bookings WHERE call_id = ? ORDER BY start_ms, kind'),
      activeBookingsOfCall: db.prepare("SELECT * FROM appt_bookings WHERE call_id = ? AND status <> 'cancelled' ORDER BY start_ms"),
      upsertWindow: db.prepare(
        `INSERT INTO appt_due_windows (call_id, office_code, benefit_id, claim_date, window_from, window_to, bookable_from, bookable_to, wfi_roles, status, booking_id, created_at, updated_at)
         VALUES (@callId, @officeCode, @benefitId, @claimDate, @from, @to, @bookableFrom, @bookableTo, @roles, 'due', NULL, @at, @at)
         ON CONFLICT (call_id) DO UPDATE SET office_code = excluded.office_code, benefit_id = excluded.benefit_id, window_from = excluded.window_from,
           window_to = excluded.window_to, bookable_from = excluded.bookable_from, bookable_to = excluded.bookable_to, wfi_roles = excluded.wfi_roles,
           status = 'due', booking_id = NULL, updated_at = excluded.updated_at`,
      ),
      dueWindow: db.prepare('SELECT * FROM appt_due_windows WHERE call_id = ?'),
      upsertDeferral: db.prepare(
        `INSERT INTO appt_deferrals (call_id, office_code, benefit_id, reason, detail, until_date, review_date, pa_allocated, authorisation_id, status, recorded_at, recorded_by)
         VALUES (@callId, @officeCode, @benefitId, @reason, @detail, @untilDate, @reviewDate, @pa, @authorisationId, 'active', @at, @by)
         ON CONFLICT (call_id) DO UPDATE SET office_code = excluded.office_code, benefit_id = excluded.benefit_id, reason = excluded.reason, detail = excluded.detail,
           until_date = excluded.until_date, review_date = excluded.review_date, pa_allocated = excluded.pa_allocated, authorisation_id = excluded.authorisation_id,
           status = 'active', recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by, attempts = 0, last_attempt_at = NULL,
           recontacted_at = NULL, recontacted_by = NULL, recontact_outcome = NULL, recontact_note = NULL`,
      ),
      authorisation: db.prepare('SELECT * FROM appt_deferral_authorisations WHERE authorisation_id = ?'),
      recontactAttempts: db.prepare(
        `SELECT a.at, a.by, u.display_name AS by_name, a.outcome, a.note FROM appt_recontact_attempts a LEFT JOIN users u ON u.user_id = a.by
         WHERE a.call_id = ? ORDER BY a.id`,
      ),
      insertRecontactAttempt: db.prepare('INSERT INTO appt_recontact_attempts (call_id, at, by, outcome, note) VALUES (?, ?, ?, ?, ?)'),
      recontactReached: db.prepare(
        "UPDATE appt_deferrals SET status = 'recontacted', recontacted_at = ?, recontacted_by = ?, recontact_outcome = ?, recontact_note = ?, attempts = attempts + 1, last_attempt_at = ? WHERE call_id = ? AND status = 'active'",
      ),
      recontactNoContact: db.prepare("UPDATE appt_deferrals SET attempts = attempts + 1, last_attempt_at = ?, recontact_note = ? WHERE call_id = ? AND status = 'active'"),
      /** The re-book made of a missed appointment (at most one that is not cancelled). */
      rebookOf: db.prepare("SELECT booking_id, start_ms FROM appt_bookings WHERE rebook_of = ? AND status <> 'cancelled'"),
      useAuthorisation: db.prepare('UPDATE appt_deferral_authorisations SET used_seq = ? WHERE authorisation_id = ?'),
    };
    deps.calls.addAppendHook(this.hook);
  }

  private now(): Date {
    return this.deps.clock();
  }

  /* ------------------------------------------------------------------ call context */

  private pkgOf(record: ClaimRecord): ScriptPackage {
    return this.deps.scripts.byHashOrThrow(record.script.hash).pkg;
  }

  /** The stored claim record (what every process sees), not an in-memory copy. */
  private storedRecord(callId: string): ClaimRecord | null {
    return this.deps.calls.storedRecord(callId);
  }

  /** The claim record of a row that joined `calls` with STORED_CALL_COLUMNS. */
  private recordOfRow(r: StoredCallColumns): ClaimRecord {
    return this.deps.calls.recordOfStored({ callId: r.c_call_id, scriptHash: r.c_script_hash, lastSeq: r.c_last_seq, snapshot: r.c_snapshot });
  }

  private claimCtx(record: ClaimRecord | null, callId: string): Result<ClaimCtx> {
    if (!record) return fail('unknown_call', `No call with id "${callId}".`);
    const pkg = this.pkgOf(record);
    const benefit = record.benefit ? pkg.benefits.find((b) => b.id === record.benefit!.id) : undefined;
    if (!benefit) return fail('not_allowed_in_phase', 'The benefit is not established yet.');
    const office = record.markers.jobcentre.confirmed;
    if (!office || !record.markers.jobcentre.valid) return fail('not_allowed_in_phase', 'Confirm the Jobcentre before looking at its diary.');
    return { ok: true, value: { record, pkg, policy: appointmentPolicyOf(pkg), benefit, officeCode: office.code, office } };
  }

  /* ------------------------------------------------------------------ slots */

  private taken(officeCode: string, fromMs: number, toMs: number) {
    return takenLookup(this.q.takenAt.all(officeCode, fromMs, toMs) as { adviser_id: string; start_ms: number; n: number }[]);
  }

  private slotView(s: FreeSlot, mode: SlotMode, policy: AppointmentPolicy, kind: 'fa' | 'wfi'): SlotView {
    const localTime = slotLocalTime(s);
    return {
      slot: { start: slotStartIso(s), minutes: s.minutes, officeCode: s.officeCode, diaryId: s.diaryId, kind: mode },
      adviserName: s.adviserName,
      role: s.role,
      local: `${formatDate(s.localDate)} ${localTime}`,
      localDate: s.localDate,
      localTime,
      seatsLeft: s.seatsLeft,
      short: kind === 'wfi' && s.minutes < policy.wfiWarnUnderMinutes,
    };
  }

  /** Search range and filters for a book-on-call visit, from `fromMs` onwards. */
  private visitQuery(c: ClaimCtx, fromMs: number, opts: { days?: number; ignorePreferredHours?: boolean; weekday?: number; mode?: SlotMode }) {
    const window = interviewWindow(c.pkg, c.benefit, c.record.claimDate)!;
    const bp = benefitAppointmentPolicy(c.pkg, c.benefit.id);
    const tz = c.policy.timeZone;
    const earliest = this.now().getTime() + c.policy.minNoticeMinutes * 60_000;
    const start = Math.max(fromMs, earliest);
    const windowEnd = localToUtcMs(window.to, 24 * 60, tz);
    const end = Math.min(windowEnd, start + (opts.days ?? 28) * 86_400_000);
    const hours = bp.preferredHours && !opts.ignorePreferredHours ? bp.preferredHours : null;
    // The same test as the booking rule (withinPreferredHours), on the local minute the finder already has.
    const [hFrom, hTo] = hours ? [parseHhmm(hours.from), parseHhmm(hours.to)] : [0, 24 * 60];
    const accept =
      opts.weekday === undefined && !hours
        ? undefined
        : (l: { minute: number; weekday: number }, minutes: number) =>
            (opts.weekday === undefined || l.weekday === opts.weekday) && l.minute >= hFrom && l.minute + minutes <= hTo;
    const base = {
      advisers: this.diaries.advisers(c.officeCode),
      tz,
      closed: new Set(c.policy.closedDates),
      takenFor: this.taken(c.officeCode, start, end),
      mode: opts.mode ?? 'inPerson',
      accept,
    };
    return { window, bp, hours, start, end, base };
  }

  freeSlots(
    callId: string,
    opts: { from?: string; days?: number; ignorePreferredHours?: boolean; weekday?: number; mode?: SlotMode; limit?: number } = {},
  ): Result<FreeSlotsResponse> {
    const cr = this.claimCtx(this.deps.calls.record(callId), callId);
    if (!cr.ok) return cr;
    const c = cr.value;
    if (c.benefit.appointment !== 'bookOnCall')
      return fail(
        'policy_forbids',
        c.benefit.appointment === 'dueWindow'
          ? `Do not book: for ${c.benefit.name.en} the Jobcentre books the interview inside the due window.`
          : `${c.benefit.name.en} has no Work Focused Interview.`,
      );
    const tz = c.policy.timeZone;
    const from = opts.from ? localToUtcMs(opts.from, 0, tz) : 0;
    const v = this.visitQuery(c, from, opts);
    const mode = opts.mode ?? 'inPerson';
    const fa = findFreeSlots({ ...v.base, roles: ['financialAssessor'], fromMs: v.start, toMs: v.end });
    const wfi = findFreeSlots({ ...v.base, roles: v.bp.wfiRoles, fromMs: v.start, toMs: v.end });
    const pair = suggestPair(fa, wfi);
    const warnings: string[] = [];
    if (!this.diaries.hasDiary(c.officeCode)) warnings.push(`${c.office.name} has no diary in this installation yet; ask the Jobcentre to import it.`);
    else if (!pair) warnings.push(`No free Financial Assessor slot followed by a free interview in ${formatDate(toLocal(v.start, tz).date)} – ${formatDate(toLocal(v.end - 1, tz).date)}${v.hours ? ` within ${v.hours.from}–${v.hours.to}` : ''}.`);
    if (wfi.some((s) => s.minutes < c.policy.wfiWarnUnderMinutes))
      warnings.push(`Some interview slots are under ${c.policy.wfiWarnUnderMinutes} minutes: a short interview usually loses the job search.`);
    const limit = opts.limit ?? 40;
    return {
      ok: true,
      value: {
        officeCode: c.officeCode,
        benefitId: c.benefit.id,
        benefitName: c.benefit.name.en,
        window: windowOut(v.window),
        preferredHours: v.bp.preferredHours ? { from: v.bp.preferredHours.from, to: v.bp.preferredHours.to, label: v.bp.preferredHours.label.en, applied: v.hours !== null } : null,
        signingDayAlignment: v.bp.alignWithSigningDay,
        suggestion: pair ? { fa: this.slotView(pair.fa, mode, c.policy, 'fa'), wfi: this.slotView(pair.wfi, mode, c.policy, 'wfi') } : null,
        fa: fa.slice(0, limit).map((s) => this.slotView(s, mode, c.policy, 'fa')),
        wfi: wfi.slice(0, limit).map((s) => this.slotView(s, mode, c.policy, 'wfi')),
        wfiWarnUnderMinutes: c.policy.wfiWarnUnderMinutes,
        warnings,
      },
    };
  }

  /** The next free FA + interview after `fromMs` for this claim, as a bookable offer. */
  private offerFor(c: ClaimCtx, fromMs: number, ignorePreferredHours: boolean, mode: SlotMode): BookingRefusal['offer'] | undefined {
    const v = this.visitQuery(c, fromMs, { ignorePreferredHours, mode });
    const fa = findFreeSlots({ ...v.base, roles: ['financialAssessor'], fromMs: v.start, toMs: v.end });
    const wfi = findFreeSlots({ ...v.base, roles: v.bp.wfiRoles, fromMs: v.start, toMs: v.end });
    const pair = suggestPair(fa, wfi);
    if (!pair) return undefined;
    const tz = c.policy.timeZone;
    return {
      fa: this.slotView(pair.fa, mode, c.policy, 'fa').slot,
      wfi: this.slotView(pair.wfi, mode, c.policy, 'wfi').slot,
      text: `Next free: Financial Assessor ${formatLocal(pair.fa.startMs, tz)} (${pair.fa.adviserName}), then the interview at ${formatLocal(pair.wfi.startMs, tz).slice(-5)}${pair.wfi.localDate !== pair.fa.localDate ? ` on ${formatDate(pair.wfi.localDate)}` : ''} (${pair.wfi.adviserName}).`,
    };
  }

  /* ------------------------------------------------------------------ reserving a seat */

  /**
   * Holds one seat of one diary slot. Called inside a write transaction (the call event's, or the service's own), so
   * the seat count it reads cannot change before its insert commits; the partial unique index backs this up.
   */
  private reserve(a: {
    callId: string;
    kind: 'fa' | 'wfi';
    slot: Slot;
    roles: readonly AdviserRole[];
    benefitId: string;
    source: 'call' | 'schedule' | 'rebook';
    seq: number | null;
    at: string;
    by: string;
    policy: AppointmentPolicy;
    rebookOf?: string;
    rebookCount?: number;
  }): { ok: true; bookingId: string; adviser: AdviserDiary } | Refusal {
    const tz = a.policy.timeZone;
    const field = `${a.kind}.start`;
    const startMs = Date.parse(a.slot.start);
    const mode = a.slot.kind;
    const roleText = a.roles.map((r) => ADVISER_ROLE_LABELS[r]).join(' or ');
    const all = this.diaries.advisers(a.slot.officeCode);
    if (!all.length) return refuse(`${a.slot.officeCode} has no diary in this installation, so nothing can be booked there. Ask the Jobcentre to import its diary.`, field);
    const local = toLocal(startMs, tz);
    if (!isWorkingDay(local.date, a.policy.closedDates)) return refuse(`${formatDate(local.date)} is ${local.weekday > 5 ? 'a weekend' : 'a bank holiday'}: the Jobcentre is closed.`, field);

    let candidates: AdviserDiary[];
    if (a.slot.diaryId) {
      const adv = this.diaries.adviser(a.slot.diaryId);
      if (!adv || !adv.active || adv.officeCode !== a.slot.officeCode) return refuse(`There is no diary "${a.slot.diaryId}" at ${a.slot.officeCode}.`, `${a.kind}.diaryId`);
      if (!a.roles.includes(adv.role))
        return refuse(`${adv.name} is ${article(ADVISER_ROLE_LABELS[adv.role])}; the ${WHAT[a.kind]} must be with ${article(roleText)}.`, `${a.kind}.diaryId`);
      candidates = [adv];
    } else {
      candidates = all.filter((x) => a.roles.includes(x.role)).sort((x, y) => a.roles.indexOf(x.role) - a.roles.indexOf(y.role));
      if (!candidates.length) return refuse(`${a.slot.officeCode} has no ${roleText} in its diary.`, field);
    }
    const withMode = candidates.filter((x) => x.modes.includes(mode));
    if (!withMode.length) return refuse(`${candidates[0]!.name} does not hold ${mode === 'telephone' ? 'telephone interviews' : mode === 'homeVisit' ? 'home visits' : 'office appointments'}.`, `${a.kind}.kind`);
    const inHours = withMode.filter((x) => explainNotInHours(x, startMs, a.slot.minutes, tz) === null);
    if (!inHours.length) {
      const why = explainNotInHours(withMode[0]!, startMs, a.slot.minutes, tz)!;
      return refuse(a.slot.diaryId ? why : `No ${roleText} at ${a.slot.officeCode} has a ${a.slot.minutes}-minute slot at ${formatLocal(startMs, tz)}. ${why}`, field);
    }
    for (const adv of inHours) {
      const endMs = startMs + a.slot.minutes * 60_000;
      if ((this.q.overlaps.get(adv.id, startMs, endMs, startMs) as number) > 0) continue;
      const used = new Set(this.q.seats.all(adv.id, startMs) as number[]);
      let seat = 0;
      for (let s = 1; s <= adv.capacity; s++) if (!used.has(s)) { seat = s; break; }
      if (!seat) continue;
      // Deterministic and unique: the call's n-th booking (cancelled ones count), never a random id.
      const bookingId = `${a.callId}-b${(this.q.countOfCall.get(a.callId) as number) + 1}`;
      this.q.insertBooking.run({
        bookingId,
        callId: a.callId,
        kind: a.kind,
        officeCode: a.slot.officeCode,
        adviserId: adv.id,
        startAt: new Date(startMs).toISOString(),
        startMs,
        minutes: a.slot.minutes,
        seat,
        mode,
        benefitId: a.benefitId,
        source: a.source,
        rebookOf: a.rebookOf ?? null,
        rebookCount: a.rebookCount ?? 0,
        seq: a.seq,
        at: a.at,
        by: a.by,
      });
      return { ok: true, bookingId, adviser: adv };
    }
    const who = a.slot.diaryId ? ` with ${inHours[0]!.name}` : '';
    return refuse(`That ${WHAT[a.kind]} slot (${formatLocal(startMs, tz)}${who}) has just been booked by someone else.`, field, 'taken');
  }

  /* ------------------------------------------------------------------ the append hook */

  private release(callId: string, at: string, why: string): void {
    this.q.releaseCall.run(at, why, at, callId);
    this.q.releaseWindow.run(at, callId);
    this.q.releaseDeferral.run(callId);
  }

  readonly hook: AppendHook = ({ callId, seq, event, record, previous }) => {
    const at = event.meta.at;
    const by = event.meta.by;
    let moved = false;
    switch (event.type) {
      case 'appointment.book': {
        this.release(callId, at, 'replaced by a new booking');
        const refused = this.bookOnCall(callId, seq, event, record);
        if (refused) return refused;
        break;
      }
      case 'appointment.window.accept': {
        this.release(callId, at, 'replaced by a due window');
        const c = this.claimCtx(record, callId);
        if (!c.ok) return c.error;
        const w = interviewWindow(c.value.pkg, c.value.benefit, record.claimDate)!;
        this.q.upsertWindow.run({
          callId,
          officeCode: c.value.officeCode,
          benefitId: c.value.benefit.id,
          claimDate: record.claimDate,
          from: w.from,
          to: w.to,
          bookableFrom: w.bookableFrom,
          bookableTo: w.bookableTo,
          roles: JSON.stringify(benefitAppointmentPolicy(c.value.pkg, c.value.benefit.id).wfiRoles),
          at,
        });
        break;
      }
      case 'deferral.record': {
        this.release(callId, at, 'replaced by a deferral');
        const d = event.deferral;
        if (d.authorisationId) {
          const row = this.q.authorisation.get(d.authorisationId) as { call_id: string; reason: string; status: string; decided_by: string | null } | undefined;
          if (!row || row.call_id !== callId)
            return { code: 'invalid_booking', message: `Authorisation "${d.authorisationId}" is not for this call. Ask a team leader to authorise this deferral.`, field: 'deferral.authorisationId' };
          if (row.status !== 'approved')
            return { code: 'invalid_booking', message: row.status === 'pending' ? 'The team leader has not decided yet: wait for their approval.' : 'The team leader refused this deferral.', field: 'deferral.authorisationId' };
          if (row.reason !== d.reason)
            return { code: 'invalid_booking', message: `The team leader authorised a "${row.reason}" deferral, not "${d.reason}".`, field: 'deferral.authorisationId' };
          this.q.useAuthorisation.run(seq, d.authorisationId);
        }
        const c = this.claimCtx(record, callId);
        if (!c.ok) return c.error;
        this.q.upsertDeferral.run({
          callId,
          officeCode: c.value.officeCode,
          benefitId: c.value.benefit.id,
          reason: d.reason,
          detail: d.detail ?? null,
          untilDate: d.untilDate,
          reviewDate: d.reviewDate,
          pa: d.paAllocated,
          authorisationId: d.authorisationId ?? null,
          at,
          by,
        });
        break;
      }
      case 'appointment.noWfi':
        this.release(callId, at, 'no interview for this claim');
        break;
      case 'call.end':
        if (record.status === 'ended') this.release(callId, at, 'the call ended before the claim was complete');
        break;
      case 'claim.correct':
        if (event.target === 'office') {
          const r = this.followCorrectedOffice(callId, record, at);
          if (typeof r === 'object') return r;
          moved = r;
        }
        break;
      default:
        break;
    }
    if (record.status === 'complete' && (previous.status !== 'complete' || event.type === 'claim.correct')) {
      try {
        // Sent in the same transaction that completes (or corrects) the claim: what the FCO learned reaches the
        // Jobcentre by construction, with no "send" step anyone could forget. Sending an unchanged revision is a no-op.
        if (this.draftHandoff(callId, record, at, by)) this.handoffs.send(callId, at, by);
      } catch (e) {
        return { code: 'storage_failed', message: `The hand-off record could not be drafted (${e instanceof Error ? e.message : String(e)}). Nothing was recorded; try again.` };
      }
    }
    if (event.type.startsWith('appointment.') || event.type === 'deferral.record' || record.status !== previous.status || moved) this.deps.notify?.('appointments', callId);
    return null;
  };

  /**
   * A team leader corrected the Jobcentre of a completed claim. What is still to come at another office moves to the
   * corrected one: its bookings there are released (seats freed, with the reason), and the interview goes on the new
   * Jobcentre's schedule as a due window counted from the original claim date (the clock never restarts); a due
   * window or an open deferral moves with its dates as they were. What had already started stays where it happened
   * (`releasedByCorrection`). Runs in the correction's transaction: an error refuses the correction, nothing saved.
   * Returns whether anything moved, or the error.
   */
  private followCorrectedOffice(callId: string, record: ClaimRecord, at: string): boolean | CallError {
    const office = record.markers.jobcentre.confirmed;
    if (!office) return false;
    try {
      const correction = { target: 'office', to: office.code, at };
      const released = (this.q.activeBookingsOfCall.all(callId) as BookingRow[]).filter(
        (b) => b.status === 'booked' && releasedByCorrection({ start: b.start_at, officeCode: b.office_code }, [correction]) !== null,
      );
      const reason = `the Jobcentre was corrected to ${office.name} (${office.code})`;
      for (const b of released) this.q.releaseBooking.run(at, reason, at, b.booking_id);
      const w = this.q.dueWindow.get(callId) as DueWindowRow | undefined;
      const windowMoves =
        w !== undefined && w.office_code !== office.code && (w.status === 'due' || (w.status === 'booked' && released.some((b) => b.booking_id === w.booking_id)));
      const interviewReleased = released.some((b) => b.kind === 'wfi');
      if (windowMoves || interviewReleased) {
        const cr = this.claimCtx(record, callId);
        if (!cr.ok) return cr.error;
        const c = cr.value;
        const win = interviewWindow(c.pkg, c.benefit, record.claimDate);
        if (!win) return { code: 'policy_forbids', message: `${c.benefit.name.en} has no interview window, so the appointments cannot move to ${office.name}. Nothing was recorded.` };
        this.q.upsertWindow.run({
          callId,
          officeCode: office.code,
          benefitId: c.benefit.id,
          claimDate: record.claimDate,
          from: win.from,
          to: win.to,
          bookableFrom: win.bookableFrom,
          bookableTo: win.bookableTo,
          roles: w && w.status !== 'cancelled' ? w.wfi_roles : JSON.stringify(benefitAppointmentPolicy(c.pkg, c.benefit.id).wfiRoles),
          at,
        });
      }
      const deferralMoves = this.q.moveDeferral.run(office.code, callId, office.code).changes > 0;
      return released.length > 0 || windowMoves || interviewReleased || deferralMoves;
    } catch (e) {
      return {
        code: 'storage_failed',
        message: `The appointments could not be moved to ${office.name} (${e instanceof Error ? e.message : String(e)}). The correction was not recorded; try again.`,
      };
    }
  }

  private bookOnCall(callId: string, seq: number, event: Extract<MachineEvent, { type: 'appointment.book' }>, record: ClaimRecord): CallError | null {
    const cr = this.claimCtx(record, callId);
    if (!cr.ok) return cr.error;
    const c = cr.value;
    const bp = benefitAppointmentPolicy(c.pkg, c.benefit.id);
    const common = { callId, benefitId: c.benefit.id, source: 'call' as const, seq, at: event.meta.at, by: event.meta.by, policy: c.policy };
    for (const [kind, slot, roles] of [['fa', event.fa, ['financialAssessor'] as AdviserRole[]], ['wfi', event.wfi, bp.wfiRoles]] as const) {
      const r = this.reserve({ ...common, kind, slot, roles });
      if (!r.ok) {
        // Everything reserved so far is rolled back with the event. Offer the next free visit.
        const offer = this.offerFor(c, Date.parse(event.fa.start), Boolean(event.outsidePreferredHours), event.fa.kind);
        if (!offer) return r.error;
        const withOffer: BookingRefusal = { ...r.error, message: `${r.error.message} ${offer.text}`, offer };
        return withOffer;
      }
    }
    return null;
  }

  /** Drafts the hand-off, or its next revision; false when the claim has none ("no WFI"). */
  private draftHandoff(callId: string, record: ClaimRecord, at: string, by: string): boolean {
    if (!record.appointment || record.appointment.kind === 'noWfi') return false;
    const pkg = this.pkgOf(record);
    const bookings = (this.q.activeBookingsOfCall.all(callId) as BookingRow[]).map((b) => this.handoffBooking(b));
    const w = this.q.dueWindow.get(callId) as DueWindowRow | undefined;
    const authorisedBy =
      record.appointment.kind === 'deferred' && record.appointment.deferral.authorisationId
        ? ((this.q.authorisation.get(record.appointment.deferral.authorisationId) as { decided_by: string | null } | undefined)?.decided_by ?? null)
        : null;
    const authorisedByName = authorisedBy ? this.nameOf(authorisedBy) : null;
    this.handoffs.upsert(
      callId,
      record.markers.jobcentre.confirmed!.code,
      (revision) =>
        buildHandoff({
          pkg,
          record,
          revision,
          generatedAt: at,
          bookings,
          dueWindow:
            w && w.status !== 'cancelled'
              ? { officeCode: w.office_code, status: w.status, from: w.window_from, to: w.window_to, bookableFrom: w.bookable_from, bookableTo: w.bookable_to, roles: JSON.parse(w.wfi_roles) as string[] }
              : null,
          authorisedBy: authorisedByName,
        }),
      at,
      by,
    );
    return true;
  }

  private handoffBooking(b: BookingRow): HandoffBookingInput {
    const adv = this.diaries.adviser(b.adviser_id);
    return {
      bookingId: b.booking_id,
      kind: b.kind,
      start: b.start_at,
      minutes: b.minutes,
      mode: b.mode,
      adviser: { id: b.adviser_id, name: adv?.name ?? b.adviser_id, role: adv?.role ?? 'personalAdviser' },
      status: b.status,
      officeCode: b.office_code,
    };
  }

  /** Rebuilds a completed claim's hand-off after its bookings changed outside a call event (schedule, re-book). */
  private refreshHandoff(callId: string, at: string, by: string): void {
    const record = this.storedRecord(callId);
    // A change made at the Jobcentre (its own booking, a re-book) is sent as it is made, so what was sent is always the
    // record as it stands; the Jobcentre is not asked to acknowledge its own change.
    if (record?.status === 'complete' && this.draftHandoff(callId, record, at, by)) this.handoffs.send(callId, at, by, { keepStatus: true });
  }

  /* ------------------------------------------------------------------ options and deferral */

  options(callId: string): Result<AppointmentOptions> {
    const record = this.deps.calls.record(callId);
    if (!record) return fail('unknown_call', `No call with id "${callId}".`);
    const pkg = this.pkgOf(record);
    const policy = appointmentPolicyOf(pkg);
    const benefit = record.benefit ? (pkg.benefits.find((b) => b.id === record.benefit!.id) ?? null) : null;
    const office = record.markers.jobcentre.confirmed;
    const reasons = deferralReasonsFor(pkg, office);
    const window = benefit ? interviewWindow(pkg, benefit, record.claimDate) : null;
    const certField = policy.handoffFields.certificateTo;
    const cert = certField ? record.answers[certField] : undefined;
    return {
      ok: true,
      value: {
        callId,
        benefitId: benefit?.id ?? null,
        benefitName: benefit?.name.en ?? null,
        mode: benefit?.appointment ?? null,
        officeCode: office?.code ?? null,
        hasDiary: office ? this.diaries.hasDiary(office.code) : false,
        window: window ? windowOut(window) : null,
        faMinutes: policy.faMinutes,
        wfiDefaultMinutes: policy.wfiDefaultMinutes,
        wfiWarnUnderMinutes: policy.wfiWarnUnderMinutes,
        deferral: {
          allowed: Boolean(benefit?.deferralAllowed),
          disabledReason: !benefit
            ? 'The benefit is not established yet.'
            : benefit.deferralAllowed
              ? null
              : benefit.appointment === 'noWfi'
                ? `${benefit.name.en} has no interview to defer.`
                : `${benefit.name.en} interviews are never deferred or waived (national guidance).`,
          reasons: reasons.map((r): DeferralReasonView => ({
            code: r.code,
            label: r.label.en,
            help: r.help?.en ?? null,
            scope: r.scope,
            details: r.details.map((d) => ({ value: d.value, label: d.label.en })),
            lengthInput: r.length.rule === 'fcoSets' ? 'untilDate' : r.length.rule === 'datePlusDays' ? r.length.from : 'none',
            lengthText:
              r.length.rule === 'fcoSets'
                ? `Set the end date with the customer (at most ${r.length.maxDays} days).`
                : r.length.rule === 'datePlusDays'
                  ? `${r.length.from === 'certificateTo' ? 'Medical certificate end' : 'Programme end'} plus ${r.length.plusDays} days.`
                  : `${r.length.days} days from the claim date.`,
            requiresAuthorisation: r.requiresAuthorisation,
            maxDays: r.length.rule === 'fcoSets' ? r.length.maxDays : null,
          })),
          reviewLeadDays: policy.deferral.reviewLeadDays,
          maxDaysWithoutAuthorisation: policy.deferral.maxDaysWithoutAuthorisation,
          prefill: { certificateTo: typeof cert === 'string' ? cert : null },
        },
      },
    };
  }

  deferralPreview(callId: string, input: { reason: string; certificateTo?: string; programmeEndDate?: string; untilDate?: string }): Result<DeferralPreview> {
    const record = this.deps.calls.record(callId);
    if (!record) return fail('unknown_call', `No call with id "${callId}".`);
    const pkg = this.pkgOf(record);
    const r = computeDeferral(pkg, record.claimDate, record.markers.jobcentre.confirmed, input);
    if (!r.ok)
      return {
        ok: true,
        value: { ok: false, problem: { message: r.error.message, field: r.error.field ?? null }, untilDate: null, lengthDays: null, latestReviewDate: null, suggestedReviewDate: null, requiresAuthorisation: false, explanation: null },
      };
    const v = r.value;
    return {
      ok: true,
      value: { ok: true, problem: null, untilDate: v.untilDate, lengthDays: v.lengthDays, latestReviewDate: v.latestReviewDate, suggestedReviewDate: v.latestReviewDate, requiresAuthorisation: v.requiresAuthorisation, explanation: v.explanation },
    };
  }

  /** The name a person reads for a user id (an FCO or team leader); the id itself for someone not in this database. */
  private nameOf(userId: string): string {
    return this.displayName(userId) ?? userId;
  }

  private authorisationView(row: Record<string, unknown>): AuthorisationView {
    const record = this.storedRecord(String(row.call_id));
    const pkg = record ? this.pkgOf(record) : this.deps.scripts.current.pkg;
    const reason = appointmentPolicyOf(pkg).deferral.reasons.find((r) => r.code === row.reason);
    return {
      authorisationId: String(row.authorisation_id),
      callId: String(row.call_id),
      customerName: record?.customer.name ?? null,
      reason: String(row.reason),
      reasonLabel: reason?.label.en ?? String(row.reason),
      requestedBy: String(row.requested_by),
      requestedByName: this.nameOf(String(row.requested_by)),
      requestedAt: String(row.requested_at),
      note: String(row.request_note),
      status: row.status as AuthorisationView['status'],
      decidedBy: (row.decided_by as string | null) ?? null,
      decidedByName: row.decided_by ? this.nameOf(String(row.decided_by)) : null,
      decidedAt: (row.decided_at as string | null) ?? null,
      decisionNote: (row.decision_note as string | null) ?? null,
    };
  }

  requestAuthorisation(callId: string, reason: string, note: string, by: string): Result<AuthorisationView> {
    const record = this.deps.calls.record(callId);
    if (!record) return fail('unknown_call', `No call with id "${callId}".`);
    if (record.status !== 'in_progress') return fail('call_complete', 'Authorisation is asked for during the call.');
    const pkg = this.pkgOf(record);
    const benefit = record.benefit ? pkg.benefits.find((b) => b.id === record.benefit!.id) : undefined;
    if (!benefit?.deferralAllowed) return fail('policy_forbids', `${benefit?.name.en ?? 'This claim'}: the interview cannot be deferred.`);
    if (!deferralReasonsFor(pkg, record.markers.jobcentre.confirmed).some((r) => r.code === reason))
      return fail('invalid_booking', `"${reason}" is not a deferral reason in use for this Jobcentre.`, 'reason');
    const at = this.now().toISOString();
    const n = this.deps.db.prepare('SELECT COUNT(*) FROM appt_deferral_authorisations WHERE call_id = ?').pluck().get(callId) as number;
    const id = `${callId}-auth${n + 1}`;
    this.deps.db
      .prepare("INSERT INTO appt_deferral_authorisations (authorisation_id, call_id, reason, requested_by, requested_at, request_note, status) VALUES (?, ?, ?, ?, ?, ?, 'pending')")
      .run(id, callId, reason, by, at, note);
    this.deps.notify?.('deferralAuthorisation', id);
    return { ok: true, value: this.authorisationView(this.q.authorisation.get(id) as Record<string, unknown>) };
  }

  authorisations(filter: { status?: 'pending' | 'approved' | 'refused'; callId?: string }): AuthorisationView[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.status) (where.push('status = ?'), args.push(filter.status));
    if (filter.callId) (where.push('call_id = ?'), args.push(filter.callId));
    // Pending requests oldest first (the longest wait is answered first, and never cut off by the limit); otherwise
    // newest first (a desk looks for the latest decision on its call).
    const order = filter.status === 'pending' ? 'ASC' : 'DESC';
    return (
      this.deps.db.prepare(`SELECT * FROM appt_deferral_authorisations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY requested_at ${order} LIMIT 200`).all(...args) as Record<string, unknown>[]
    ).map((r) => this.authorisationView(r));
  }

  decideAuthorisation(id: string, approve: boolean, note: string, by: string): Result<AuthorisationView> {
    const row = this.q.authorisation.get(id) as Record<string, unknown> | undefined;
    if (!row) return fail('invalid_payload', `No authorisation request "${id}".`, 'authorisationId');
    if (row.status !== 'pending') return fail('not_allowed_in_phase', `This request was already ${String(row.status)} by ${this.nameOf(String(row.decided_by))}.`);
    if (row.requested_by === by) return fail('forbidden', 'A deferral cannot be authorised by the person who asked for it.');
    this.deps.db
      .prepare("UPDATE appt_deferral_authorisations SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE authorisation_id = ? AND status = 'pending'")
      .run(approve ? 'approved' : 'refused', by, this.now().toISOString(), note, id);
    this.deps.notify?.('deferralAuthorisation', id);
    return { ok: true, value: this.authorisationView(this.q.authorisation.get(id) as Record<string, unknown>) };
  }

  /* ------------------------------------------------------------------ bookings, schedule, pre-calls, attendance */

  private bookingView(b: BookingRow, tz: string): BookingView {
    const adv = this.diaries.adviser(b.adviser_id);
    return {
      bookingId: b.booking_id,
      callId: b.call_id,
      kind: b.kind,
      officeCode: b.office_code,
      adviser: { id: b.adviser_id, name: adv?.name ?? b.adviser_id, role: adv?.role ?? 'personalAdviser' },
      start: b.start_at,
      minutes: b.minutes,
      local: formatLocal(b.start_ms, tz),
      mode: b.mode,
      benefitId: b.benefit_id,
      source: b.source,
      status: b.status,
      rebookOf: b.rebook_of,
      rebookCount: b.rebook_count,
      followUp: b.follow_up,
      followUpRecorded: b.follow_up && b.follow_up_at ? { at: b.follow_up_at, by: b.follow_up_by!, byName: this.nameOf(b.follow_up_by!), note: b.follow_up_note } : null,
      attendance:
        (b.status === 'attended' || b.status === 'fta') && b.outcome_at
          ? { at: b.outcome_at, by: b.outcome_by!, byName: this.nameOf(b.outcome_by!), note: b.outcome_note }
          : null,
      precall: b.precall_outcome ? { outcome: b.precall_outcome, at: b.precall_at!, by: b.precall_by!, byName: this.nameOf(b.precall_by!), note: b.precall_note } : null,
    };
  }

  private get tz(): string {
    return appointmentPolicyOf(this.deps.scripts.current.pkg).timeZone;
  }

  bookingsForCall(callId: string): BookingView[] {
    return (this.q.bookingsOfCall.all(callId) as BookingRow[]).map((b) => this.bookingView(b, this.tz));
  }

  booking(bookingId: string): BookingView | null {
    const b = this.q.booking.get(bookingId) as BookingRow | undefined;
    return b ? this.bookingView(b, this.tz) : null;
  }

  /** The IB interview schedule of a Jobcentre: claims with a due window, soonest end first. */
  schedule(officeCode: string, status?: 'due' | 'booked'): ScheduleRow[] {
    const today = toLocal(this.now().getTime(), this.tz).date;
    const rows = this.deps.db
      .prepare(
        `SELECT w.*, ${STORED_CALL_COLUMNS} FROM appt_due_windows w JOIN calls c USING (call_id)
         WHERE w.office_code = ? AND c.status = 'complete' AND w.status ${status ? '= ?' : "IN ('due', 'booked')"} ORDER BY w.window_to, w.call_id LIMIT 1000`,
      )
      .all(...(status ? [officeCode, status] : [officeCode])) as (Record<string, string | null> & StoredCallColumns)[];
    return rows.map((r) => {
      const rec = this.recordOfRow(r);
      const closed = appointmentPolicyOf(this.pkgOf(rec)).closedDates;
      const window = { from: r.window_from!, to: r.window_to!, bookableFrom: r.bookable_from ?? null, bookableTo: r.bookable_to ?? null };
      const left = workingDaysLeft(today, { ...window, fromDay: 0, toDay: 0, startMoved: false, endMoved: false }, closed);
      const booking = r.booking_id ? this.booking(r.booking_id) : null;
      return {
        callId: r.call_id!,
        customerName: rec.customer.name,
        phone: rec.customer.phone,
        benefitId: r.benefit_id!,
        claimDate: r.claim_date!,
        window,
        status: r.status as 'due' | 'booked',
        workingDaysLeft: left,
        atRisk: r.status === 'due' && left <= 10,
        booking,
      };
    });
  }

  private dueWindowOf(callId: string): Result<{ row: Record<string, string | null>; c: ClaimCtx }> {
    const row = this.q.dueWindow.get(callId) as Record<string, string | null> | undefined;
    const record = this.storedRecord(callId);
    if (!row || row.status === 'cancelled' || !record) return fail('not_allowed_in_phase', 'This claim has no due window on the interview schedule.');
    if (record.status !== 'complete') return fail('not_allowed_in_phase', 'The claim is not complete yet; the interview is booked once it is.');
    const c = this.claimCtx(record, callId);
    if (!c.ok) return c;
    return { ok: true, value: { row, c: c.value } };
  }

  /** Free IBPA slots inside a claim's due window: never before day 57, never after day 91. */
  scheduleSlots(callId: string, mode: SlotMode = 'inPerson', limit = 40): Result<{ window: ScheduleRow['window']; slots: SlotView[] }> {
    const d = this.dueWindowOf(callId);
    if (!d.ok) return d;
    const { row, c } = d.value;
    const window = { from: row.window_from!, to: row.window_to!, bookableFrom: row.bookable_from ?? null, bookableTo: row.bookable_to ?? null };
    if (!window.bookableFrom || !window.bookableTo) return { ok: true, value: { window, slots: [] } };
    const tz = c.policy.timeZone;
    const fromMs = Math.max(localToUtcMs(window.bookableFrom, 0, tz), this.now().getTime() + c.policy.minNoticeMinutes * 60_000);
    const toMs = localToUtcMs(window.bookableTo, 24 * 60, tz);
    const slots = findFreeSlots({
      advisers: this.diaries.advisers(c.officeCode),
      roles: JSON.parse(row.wfi_roles!) as AdviserRole[],
      fromMs,
      toMs,
      tz,
      closed: new Set(c.policy.closedDates),
      takenFor: this.taken(c.officeCode, fromMs, toMs),
      mode,
      limit,
    });
    return { ok: true, value: { window, slots: slots.map((s) => this.slotView(s, mode, c.policy, 'wfi')) } };
  }

  /** The Jobcentre books the IB interview from its schedule, inside the window. */
  scheduleWfi(callId: string, pick: { diaryId: string; start: string; minutes: number; kind: SlotMode }, by: string): Result<BookingView> {
    const at = this.now().toISOString();
    const tx = this.deps.db.transaction((): Result<BookingView> => {
      const d = this.dueWindowOf(callId);
      if (!d.ok) return d;
      const { row, c } = d.value;
      if (row.status === 'booked') return fail('invalid_booking', `This interview is already booked (${this.booking(row.booking_id!)?.local ?? row.booking_id}). Re-book it from the booking instead.`);
      const tz = c.policy.timeZone;
      const date = toLocal(pick.start, tz).date;
      const w: ClaimWindow = claimWindow(c.record.claimDate, [daysBetween(c.record.claimDate, row.window_from!) + 1, daysBetween(c.record.claimDate, row.window_to!) + 1], c.policy.closedDates);
      if (date < w.from) return fail('invalid_booking', `${formatDate(date)} is day ${daysBetween(c.record.claimDate, date) + 1} of the claim: never book before day ${w.fromDay} (${formatDate(w.bookableFrom ?? w.from)}).`, 'slot.start');
      if (date > w.to) return fail('invalid_booking', `${formatDate(date)} is after the window, which closes on day ${w.toDay} (${formatDate(w.bookableTo ?? w.to)}).`, 'slot.start');
      if (Date.parse(pick.start) < this.now().getTime() + c.policy.minNoticeMinutes * 60_000) return fail('invalid_booking', 'Choose a slot in the future.', 'slot.start');
      const r = this.reserve({
        callId,
        kind: 'wfi',
        slot: { start: pick.start, minutes: pick.minutes, officeCode: c.officeCode, diaryId: pick.diaryId, kind: pick.kind },
        roles: JSON.parse(row.wfi_roles!) as AdviserRole[],
        benefitId: c.benefit.id,
        source: 'schedule',
        seq: null,
        at,
        by,
        policy: c.policy,
      });
      if (!r.ok) return { ok: false, error: r.error };
      this.deps.db.prepare("UPDATE appt_due_windows SET status = 'booked', booking_id = ?, updated_at = ? WHERE call_id = ?").run(r.bookingId, at, callId);
      this.refreshHandoff(callId, at, by);
      return { ok: true, value: this.booking(r.bookingId)! };
    });
    const result = tx.immediate();
    if (result.ok) this.deps.notify?.('appointments', callId);
    return result;
  }

  /**
   * Tomorrow's appointments (or `date`'s), IB customers first, then new claimants, then by time (IDT:782-784). Kept
   * on the list once attendance is recorded, so a missed appointment's follow-up or re-book can be found the next day.
   */
  precallList(officeCode: string, date?: string): { officeCode: string; date: string; rows: PrecallRow[] } {
    const tz = this.tz;
    const policy = appointmentPolicyOf(this.deps.scripts.current.pkg);
    let day = date;
    if (!day) {
      day = addDays(toLocal(this.now().getTime(), tz).date, 1);
      while (!isWorkingDay(day, policy.closedDates)) day = addDays(day, 1);
    }
    const rows = this.deps.db
      .prepare(
        `SELECT b.*, ${STORED_CALL_COLUMNS} FROM appt_bookings b JOIN calls c USING (call_id)
         WHERE b.office_code = ? AND b.start_ms >= ? AND b.start_ms < ? AND b.status <> 'cancelled' ORDER BY b.start_ms`,
      )
      .all(officeCode, localToUtcMs(day, 0, tz), localToUtcMs(day, 24 * 60, tz)) as (BookingRow & StoredCallColumns)[];
    const out: PrecallRow[] = rows.map((b) => {
      const rec = this.recordOfRow(b);
      const pkg = this.pkgOf(rec);
      return {
        booking: this.bookingView(b, tz),
        customerName: rec.customer.name,
        phone: rec.customer.phone,
        contactTimes: contactTimesText(pkg, rec),
        benefitName: pkg.benefits.find((x) => x.id === b.benefit_id)?.name.en ?? b.benefit_id,
        priority: benefitAppointmentPolicy(pkg, b.benefit_id).precallPriority,
        newClaimant: b.source !== 'rebook',
        afterFta: b.status === 'fta' ? this.afterFta(b, pkg) : null,
      };
    });
    out.sort((x, y) => x.priority - y.priority || Number(y.newClaimant) - Number(x.newClaimant) || Date.parse(x.booking.start) - Date.parse(y.booking.start));
    return { officeCode, date: day, rows: out };
  }

  recordPrecall(bookingId: string, outcome: 'confirmed' | 'noAnswer' | 'wrongNumber' | 'cannotAttend', note: string, by: string): Result<BookingView> {
    const b = this.q.booking.get(bookingId) as BookingRow | undefined;
    if (!b) return fail('invalid_payload', `No booking "${bookingId}".`, 'bookingId');
    if (b.status !== 'booked') return fail('not_allowed_in_phase', `This appointment is ${b.status}; pre-calls are for booked appointments.`);
    const at = this.now().toISOString();
    this.deps.db
      .prepare('UPDATE appt_bookings SET precall_at = ?, precall_by = ?, precall_outcome = ?, precall_note = ?, updated_at = ? WHERE booking_id = ?')
      .run(at, by, outcome, note || null, at, bookingId);
    return { ok: true, value: this.booking(bookingId)! };
  }

  /** `pkg`: the claim's script package, when the caller already has it (the day list reads every row's record anyway). */
  private afterFta(b: BookingRow, pkg?: ScriptPackage): AttendanceResult['afterFta'] {
    const record = pkg ? null : this.storedRecord(b.call_id);
    const claimPkg = pkg ?? (record ? this.pkgOf(record) : this.deps.scripts.current.pkg);
    const limit = benefitAppointmentPolicy(claimPkg, b.benefit_id).rebookLimit;
    const rebooked = this.q.rebookOf.get(b.booking_id) as { booking_id: string; start_ms: number } | undefined;
    return {
      rebooksUsed: b.rebook_count,
      rebookLimit: limit,
      canRebook: b.rebook_count < limit && !rebooked,
      rebookedAs: rebooked ? formatLocal(rebooked.start_ms, this.tz) : null,
      followUps: ['homeVisit', 'telephoneInterview', 'sanctionReferral', 'noAction'],
    };
  }

  /** Attended or failed to attend. An attended interview marks the hand-off "conducted" (what the target counts). */
  recordAttendance(bookingId: string, outcome: 'attended' | 'fta', note: string, by: string): Result<AttendanceResult> {
    const at = this.now().toISOString();
    return this.deps.db
      .transaction((): Result<AttendanceResult> => {
        const b = this.q.booking.get(bookingId) as BookingRow | undefined;
        if (!b) return fail('invalid_payload', `No booking "${bookingId}".`, 'bookingId');
        if (b.status === 'cancelled') return fail('not_allowed_in_phase', 'This appointment was cancelled.');
        if (b.status !== 'booked' && b.status !== outcome) return fail('not_allowed_in_phase', `Attendance is already recorded as "${b.status}".`);
        if (b.start_ms > this.now().getTime()) return fail('not_allowed_in_phase', `The appointment has not happened yet (${formatLocal(b.start_ms, this.tz)}).`);
        if (b.status === 'booked')
          this.deps.db.prepare('UPDATE appt_bookings SET status = ?, outcome_at = ?, outcome_by = ?, outcome_note = ?, updated_at = ? WHERE booking_id = ?').run(outcome, at, by, note || null, at, bookingId);
        let handoffStatus = this.handoffs.status(b.call_id);
        if (outcome === 'attended' && b.kind === 'wfi' && handoffStatus && handoffStatus !== 'conducted') {
          // The interview happened, so the record reached the adviser: move it through the remaining steps.
          if (handoffStatus === 'drafted') this.handoffs.send(b.call_id, at, by);
          if (this.handoffs.status(b.call_id) === 'sent') this.handoffs.advance(b.call_id, 'acknowledged', at, by);
          this.handoffs.advance(b.call_id, 'conducted', at, by);
          handoffStatus = 'conducted';
        }
        const now = this.q.booking.get(bookingId) as BookingRow;
        return { ok: true, value: { booking: this.bookingView(now, this.tz), afterFta: outcome === 'fta' ? this.afterFta(now) : null, handoffStatus } };
      })
      .immediate();
  }

  ftaFollowUp(bookingId: string, action: 'homeVisit' | 'telephoneInterview' | 'sanctionReferral' | 'noAction', note: string, by: string): Result<BookingView> {
    const b = this.q.booking.get(bookingId) as BookingRow | undefined;
    if (!b) return fail('invalid_payload', `No booking "${bookingId}".`, 'bookingId');
    if (b.status !== 'fta') return fail('not_allowed_in_phase', 'A follow-up is recorded after a failure to attend.');
    const at = this.now().toISOString();
    this.deps.db
      .prepare('UPDATE appt_bookings SET follow_up = ?, follow_up_at = ?, follow_up_by = ?, follow_up_note = ?, updated_at = ? WHERE booking_id = ?')
      .run(action, at, by, note || null, at, bookingId);
    return { ok: true, value: this.booking(bookingId)! };
  }

  rebookSlots(bookingId: string, mode: SlotMode = 'inPerson', limit = 40): Result<SlotView[]> {
    const b = this.q.booking.get(bookingId) as BookingRow | undefined;
    if (!b) return fail('invalid_payload', `No booking "${bookingId}".`, 'bookingId');
    const record = this.storedRecord(b.call_id);
    const c = this.claimCtx(record, b.call_id);
    if (!c.ok) return c;
    const roles = b.kind === 'fa' ? (['financialAssessor'] as AdviserRole[]) : (this.adviserRolesFor(b, c.value));
    const range = this.rebookRange(b, c.value);
    // At the claim's Jobcentre as it stands: after a correction of the Jobcentre, not where the missed one was.
    const slots = findFreeSlots({
      advisers: this.diaries.advisers(c.value.officeCode),
      roles,
      fromMs: range.fromMs,
      toMs: range.toMs,
      tz: c.value.policy.timeZone,
      closed: new Set(c.value.policy.closedDates),
      takenFor: this.taken(c.value.officeCode, range.fromMs, range.toMs),
      mode,
      limit,
    });
    return { ok: true, value: slots.map((s) => this.slotView(s, mode, c.value.policy, b.kind)) };
  }

  private adviserRolesFor(b: BookingRow, c: ClaimCtx): AdviserRole[] {
    const w = this.q.dueWindow.get(b.call_id) as { wfi_roles: string } | undefined;
    return w ? (JSON.parse(w.wfi_roles) as AdviserRole[]) : benefitAppointmentPolicy(c.pkg, c.benefit.id).wfiRoles;
  }

  /** A re-book: from now on; an IB interview still inside its window. */
  private rebookRange(b: BookingRow, c: ClaimCtx): { fromMs: number; toMs: number; window: ClaimWindow | null } {
    const tz = c.policy.timeZone;
    const fromMs = this.now().getTime() + c.policy.minNoticeMinutes * 60_000;
    if (c.benefit.appointment === 'dueWindow' && b.kind === 'wfi') {
      const w = interviewWindow(c.pkg, c.benefit, c.record.claimDate)!;
      return { fromMs: Math.max(fromMs, localToUtcMs(w.from, 0, tz)), toMs: localToUtcMs(w.to, 24 * 60, tz), window: w };
    }
    return { fromMs, toMs: fromMs + 28 * 86_400_000, window: null };
  }

  /**
   * A new appointment after a failure to attend, within the benefit's re-book limit (lone parents: one, IDT:790), in
   * the diary of the claim's Jobcentre as it stands (a correction of the Jobcentre after the missed one moves it).
   */
  rebook(bookingId: string, pick: { diaryId: string; start: string; minutes: number; kind: SlotMode }, by: string): Result<BookingView> {
    const at = this.now().toISOString();
    const result = this.deps.db
      .transaction((): Result<BookingView> => {
        const b = this.q.booking.get(bookingId) as BookingRow | undefined;
        if (!b) return fail('invalid_payload', `No booking "${bookingId}".`, 'bookingId');
        if (b.status !== 'fta') return fail('not_allowed_in_phase', `Only a missed appointment is re-booked; this one is "${b.status}".`);
        const already = this.q.rebookOf.get(bookingId) as { start_ms: number } | undefined;
        if (already) return fail('invalid_booking', `This appointment was already re-booked (${formatLocal(already.start_ms, this.tz)}).`);
        const record = this.storedRecord(b.call_id);
        const cr = this.claimCtx(record, b.call_id);
        if (!cr.ok) return cr;
        const c = cr.value;
        const limit = benefitAppointmentPolicy(c.pkg, b.benefit_id).rebookLimit;
        if (b.rebook_count + 1 > limit)
          return fail(
            'policy_forbids',
            `${c.benefit.name.en}: at most ${limit} re-book${limit === 1 ? '' : 's'} after a failure to attend, and ${b.rebook_count} ${b.rebook_count === 1 ? 'has' : 'have'} been used. Record a follow-up instead (home visit, telephone interview or sanction referral).`,
          );
        const range = this.rebookRange(b, c);
        const startMs = Date.parse(pick.start);
        if (startMs < range.fromMs) return fail('invalid_booking', range.window && startMs < localToUtcMs(range.window.from, 0, c.policy.timeZone) ? `Never before day ${range.window.fromDay} of the claim.` : 'Choose a slot in the future.', 'slot.start');
        if (startMs >= range.toMs)
          return fail('invalid_booking', range.window ? `That is after the window, which closes on day ${range.window.toDay} (${formatDate(range.window.to)}).` : 'Re-book within four weeks.', 'slot.start');
        const r = this.reserve({
          callId: b.call_id,
          kind: b.kind,
          slot: { start: pick.start, minutes: pick.minutes, officeCode: c.officeCode, diaryId: pick.diaryId, kind: pick.kind },
          roles: b.kind === 'fa' ? ['financialAssessor'] : this.adviserRolesFor(b, c),
          benefitId: b.benefit_id,
          source: 'rebook',
          seq: null,
          at,
          by,
          policy: c.policy,
          rebookOf: bookingId,
          rebookCount: b.rebook_count + 1,
        });
        if (!r.ok) return { ok: false, error: r.error };
        this.deps.db
          .prepare('UPDATE appt_due_windows SET booking_id = ?, office_code = ?, updated_at = ? WHERE call_id = ? AND booking_id = ?')
          .run(r.bookingId, c.officeCode, at, b.call_id, bookingId);
        this.refreshHandoff(b.call_id, at, by);
        return { ok: true, value: this.booking(r.bookingId)! };
      })
      .immediate();
    if (result.ok) this.deps.notify?.('appointments', result.value.callId);
    return result;
  }

  /* ------------------------------------------------------------------ hand-off and ICS */

  handoff(callId: string): Result<HandoffView> {
    const v = this.handoffs.view(callId);
    return v ? { ok: true, value: v } : fail('not_allowed_in_phase', 'There is no hand-off record for this claim yet: it is drafted when the claim completes.');
  }

  sendHandoff(callId: string, by: string) {
    const r = this.handoffs.send(callId, this.now().toISOString(), by);
    if (r.ok && !r.value.alreadySent) this.deps.notify?.('handoff', callId);
    return r;
  }

  acknowledgeHandoff(callId: string, by: string): Result<HandoffView> {
    return this.deps.db.transaction(() => this.handoffs.advance(callId, 'acknowledged', this.now().toISOString(), by)).immediate();
  }

  ics(bookingId: string): Result<{ filename: string; contentType: 'text/calendar'; ics: string }> {
    const b = this.q.booking.get(bookingId) as BookingRow | undefined;
    if (!b) return fail('invalid_payload', `No booking "${bookingId}".`, 'bookingId');
    const record = this.storedRecord(b.call_id);
    const office = record?.markers.jobcentre.confirmed ?? null;
    const adv = this.diaries.adviser(b.adviser_id);
    const ics = toIcs({
      bookingId: b.booking_id,
      callId: b.call_id,
      kind: b.kind,
      start: b.start_at,
      minutes: b.minutes,
      mode: b.mode,
      status: b.status,
      adviserRole: ADVISER_ROLE_LABELS[adv?.role ?? (b.kind === 'fa' ? 'financialAssessor' : 'personalAdviser')],
      office: office && office.code === b.office_code ? { code: office.code, name: office.name, address: office.address, postcode: office.postcode } : null,
      bring: b.kind === 'fa' ? (record?.evidence.items.map((i) => i.what) ?? []) : [],
      stamp: b.updated_at,
      sequence: b.status === 'cancelled' ? 1 : 0,
    });
    return { ok: true, value: { filename: `appointment-${b.booking_id}.ics`, contentType: 'text/calendar', ics } };
  }

  /* ------------------------------------------------------------------ re-contact */

  /** Deferred customers whose review date has come (PF:1007: those not re-contacted on time were a known failure). */
  /** `callId`: that claim's row only (after an attempt is recorded), instead of the whole list. */
  recontactList(officeCode?: string, asOf?: string, callId?: string): RecontactRow[] {
    const day = asOf ?? toLocal(this.now().getTime(), this.tz).date;
    const rows = this.deps.db
      .prepare(
        `SELECT d.*, ${STORED_CALL_COLUMNS} FROM appt_deferrals d JOIN calls c USING (call_id)
         WHERE d.status = 'active' AND c.status = 'complete' AND d.review_date <= @day ${officeCode ? 'AND d.office_code = @officeCode' : ''}
           ${callId ? 'AND d.call_id = @callId' : ''} ORDER BY d.review_date, d.call_id LIMIT 1000`,
      )
      .all({ day, ...(officeCode ? { officeCode } : {}), ...(callId ? { callId } : {}) }) as (Record<string, string | number | null> & StoredCallColumns)[];
    return rows.map((r) => {
      const rec = this.recordOfRow(r);
      const pkg = this.pkgOf(rec);
      const reason = appointmentPolicyOf(pkg).deferral.reasons.find((x) => x.code === r.reason);
      return {
        callId: String(r.call_id),
        officeCode: String(r.office_code),
        customerName: rec.customer.name,
        phone: rec.customer.phone,
        contactTimes: contactTimesText(pkg, rec),
        reason: String(r.reason),
        reasonLabel: reason?.label.en ?? String(r.reason),
        untilDate: String(r.until_date),
        reviewDate: String(r.review_date),
        daysOverdue: daysBetween(String(r.review_date), day),
        paAllocated: rec.appointment?.kind === 'deferred' ? paAfterCorrections(String(r.pa_allocated), rec.appointment.at, rec.corrections) : String(r.pa_allocated),
        attempts: Number(r.attempts),
        lastAttemptAt: (r.last_attempt_at as string | null) ?? null,
        attemptLog: this.attemptLog(String(r.call_id)),
      };
    });
  }

  private attemptLog(callId: string): RecontactAttempt[] {
    const rows = this.q.recontactAttempts.all(callId) as { at: string; by: string | null; by_name: string | null; outcome: RecontactAttempt['outcome']; note: string }[];
    return rows.map((a) => ({ at: a.at, by: a.by, byName: a.by_name ?? a.by, outcome: a.outcome, note: a.note }));
  }

  /**
   * Records one attempt to ring a deferred customer: its own row (who, when, outcome, note) with the deferral's count,
   * in one transaction. "Reached" closes the deferral; "no contact" keeps the customer on the list.
   */
  recordRecontact(callId: string, outcome: 'reached' | 'noContact', note: string, by: string): Result<RecontactRow | null> {
    const at = this.now().toISOString();
    const changed = this.deps.db.transaction(() => {
      const n =
        outcome === 'reached'
          ? this.q.recontactReached.run(at, by, outcome, note, at, callId).changes
          : this.q.recontactNoContact.run(at, note, callId).changes;
      if (n) this.q.insertRecontactAttempt.run(callId, at, by, outcome, note);
      return n;
    })();
    if (!changed) return fail('not_allowed_in_phase', 'This claim has no open deferral to re-contact.');
    // Still on today's list after "no contact"; gone once reached.
    return { ok: true, value: outcome === 'reached' ? null : (this.recontactList(undefined, undefined, callId)[0] ?? null) };
  }
}

function windowOut(w: ClaimWindow): FreeSlotsResponse['window'] {
  return { from: w.from, to: w.to, fromDay: w.fromDay, toDay: w.toDay, bookableFrom: w.bookableFrom, bookableTo: w.bookableTo };
}

/* ------------------------------------------------------------------ composition */

const installed = new WeakMap<CallService, AppointmentService>();

/**
 * Constructs the service for an app and registers its append hook (once per CallService). `demoDiaries` loads the
 * shipped demo diaries into an empty diary table, so the demo Jobcentres can book on first start.
 */
export function installAppointments(deps: AppointmentDeps, opts: { demoDiaries?: boolean } = {}): AppointmentService {
  const hit = installed.get(deps.calls);
  if (hit) return hit;
  if (opts.demoDiaries) ensureDemoDiaries(deps.db, deps.clock());
  const svc = new AppointmentService(deps);
  installed.set(deps.calls, svc);
  return svc;
}

export function appointmentsFor(calls: CallService): AppointmentService | null {
  return installed.get(calls) ?? null;
}

export function ensureDemoDiaries(db: Db, now: Date): void {
  const any = db.prepare('SELECT EXISTS (SELECT 1 FROM appt_advisers)').pluck().get() === 1;
  if (any) return;
  importDiaries(db, DiaryFile.parse(demoDiaries), now, 'demo');
}
