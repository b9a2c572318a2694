import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { standingFaMeeting } from '../../machines/rules/officeCorrection';
import { DEFAULT_EVIDENCE_DUE, noMeetingEvidenceDue, type EvidenceDuePolicy } from '../../machines/rules/evidence';
import type { Db } from '../db/open';

/** What the FA queue keeps of a completed claim (a projection of the claim record; the record stays the truth). */
export interface QueueEntry {
  callId: string;
  officeCode: string;
  benefitId: string;
  fcoId: string;
  claimDate: string;
  customerName: string | null;
  appointmentKind: 'booked' | 'dueWindow' | 'deferred' | 'noWfi';
  faStart: string | null;
  evidenceDue: string | null;
  sortAt: string;
  itemCount: number;
}

/**
 * The queue entry for a claim record, or null while it is not a completed claim with a confirmed Jobcentre.
 * Order: the booked FA meeting's start (UTC ISO); with no meeting booked, the evidence due date (the start of that day).
 */
export function queueEntryFor(record: ClaimRecord, duePolicy: EvidenceDuePolicy = DEFAULT_EVIDENCE_DUE): QueueEntry | null {
  const office = record.markers.jobcentre.confirmed;
  const appt = record.appointment;
  if (record.status !== 'complete' || !record.benefit || !office || !appt) return null;
  // A meeting released by a correction of the Jobcentre no longer orders the queue: its evidence is due as if none were booked.
  const standing = standingFaMeeting(record);
  const faStart = standing ? new Date(standing.start).toISOString() : null;
  const evidenceDue = faStart ? null : noMeetingEvidenceDue(record.claimDate, duePolicy);
  return {
    callId: record.callId,
    officeCode: office.code,
    benefitId: record.benefit.id,
    fcoId: record.fcoId,
    claimDate: record.claimDate,
    customerName: record.customer.name,
    appointmentKind: appt.kind,
    faStart,
    evidenceDue,
    sortAt: faStart ?? `${evidenceDue}T00:00:00.000Z`,
    itemCount: record.evidence.items.length,
  };
}

export interface QueueRowDb {
  call_id: string;
  office_code: string;
  benefit_id: string;
  fco_id: string;
  fco_name: string | null;
  claim_date: string;
  customer_name: string | null;
  appointment_kind: QueueEntry['appointmentKind'];
  fa_start: string | null;
  evidence_due: string | null;
  sort_at: string;
  item_count: number;
  state: 'awaiting' | 'ready' | 'evidenceRequested' | 'didNotAttend';
  open: number;
  seen: number;
  missing: number;
  requested: number;
  met_at: string | null;
  evidence_requested: number;
  feedback_id: number | null;
}

export interface MarkRow {
  item_id: string;
  status: 'seen' | 'missing' | 'requested';
  on_checklist: number;
  note: string;
  at: string;
  by: string;
}

export interface CheckRow {
  outcome: 'ready' | 'evidenceRequested' | 'didNotAttend';
  evidence_requested: number;
  extra_requested: string;
  note: string;
  at: string;
  by: string;
}

export interface FeedbackRow {
  id: number;
  call_id: string;
  fco_id: string;
  office_code: string;
  benefit_id: string;
  claim_form: 'none' | 'missing' | 'incorrect';
  claim_form_note: string;
  evidence_missing: string;
  evidence_note: string;
  wrong_benefit: number;
  wrong_office: number;
  wished_known: string;
  at: string;
  by: string;
  by_name: string | null;
}

const QUEUE_COLS = `q.call_id, q.office_code, q.benefit_id, q.fco_id, u.display_name AS fco_name, q.claim_date, q.customer_name, q.appointment_kind,
  q.fa_start, q.evidence_due, q.sort_at, q.item_count, q.state, q.open, q.seen, q.missing, q.requested, q.met_at, q.evidence_requested, q.feedback_id`;

/** SQLite access for the FA side. Statements are prepared once; every write the service makes goes through here. */
export class FaStore {
  readonly upsert;
  private readonly getRow;
  private readonly pageOpen;
  private readonly pageAll;
  private readonly countOffice;
  private readonly latestMarks;
  private readonly insertMark;
  private readonly updateCounts;
  private readonly insertCheck;
  private readonly applyCheck;
  private readonly checksOf;
  private readonly insertFeedback;
  private readonly linkFeedback;
  private readonly feedbackById;
  private readonly callStatus;

  constructor(readonly db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO fa_queue (call_id, office_code, benefit_id, fco_id, claim_date, customer_name, appointment_kind, fa_start, evidence_due, sort_at, item_count, queued_at, updated_at)
       VALUES (@callId, @officeCode, @benefitId, @fcoId, @claimDate, @customerName, @appointmentKind, @faStart, @evidenceDue, @sortAt, @itemCount, @at, @at)
       ON CONFLICT (call_id) DO UPDATE SET office_code = excluded.office_code, benefit_id = excluded.benefit_id, customer_name = excluded.customer_name,
         appointment_kind = excluded.appointment_kind, fa_start = excluded.fa_start, evidence_due = excluded.evidence_due, sort_at = excluded.sort_at,
         item_count = excluded.item_count, updated_at = excluded.updated_at
       WHERE fa_queue.office_code IS NOT excluded.office_code OR fa_queue.benefit_id IS NOT excluded.benefit_id OR fa_queue.sort_at IS NOT excluded.sort_at
         OR fa_queue.item_count IS NOT excluded.item_count OR fa_queue.customer_name IS NOT excluded.customer_name OR fa_queue.appointment_kind IS NOT excluded.appointment_kind`,
    );
    this.getRow = db.prepare(`SELECT ${QUEUE_COLS} FROM fa_queue q LEFT JOIN users u ON u.user_id = q.fco_id WHERE q.call_id = ?`);
    this.pageOpen = db.prepare(
      `SELECT ${QUEUE_COLS} FROM fa_queue q LEFT JOIN users u ON u.user_id = q.fco_id
       WHERE q.office_code = ? AND q.open = 1 AND (q.sort_at, q.call_id) > (?, ?) ORDER BY q.sort_at, q.call_id LIMIT ?`,
    );
    this.pageAll = db.prepare(
      `SELECT ${QUEUE_COLS} FROM fa_queue q LEFT JOIN users u ON u.user_id = q.fco_id
       WHERE q.office_code = ? AND (q.sort_at, q.call_id) > (?, ?) ORDER BY q.sort_at, q.call_id LIMIT ?`,
    );
    this.countOffice = db.prepare('SELECT count(*) AS total, coalesce(sum(open), 0) AS open FROM fa_queue WHERE office_code = ?');
    this.latestMarks = db.prepare(
      `SELECT item_id, status, on_checklist, note, at, by FROM fa_item_marks WHERE id IN (SELECT max(id) FROM fa_item_marks WHERE call_id = ? GROUP BY item_id) ORDER BY id`,
    );
    this.insertMark = db.prepare('INSERT INTO fa_item_marks (call_id, item_id, status, on_checklist, note, at, by) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.updateCounts = db.prepare(
      `UPDATE fa_queue SET seen = @seen, missing = @missing, requested = @requested, updated_at = @at WHERE call_id = @callId`,
    );
    this.insertCheck = db.prepare(
      'INSERT INTO fa_checks (call_id, office_code, outcome, evidence_requested, extra_requested, note, at, by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.applyCheck = db.prepare(
      `UPDATE fa_queue SET state = @outcome, open = @open, updated_at = @at,
         met_at = CASE WHEN @attended = 1 THEN coalesce(met_at, @at) ELSE met_at END,
         evidence_requested = max(evidence_requested, @requested)
       WHERE call_id = @callId`,
    );
    this.checksOf = db.prepare('SELECT outcome, evidence_requested, extra_requested, note, at, by FROM fa_checks WHERE call_id = ? ORDER BY id');
    this.insertFeedback = db.prepare(
      `INSERT INTO fa_feedback (call_id, fco_id, office_code, benefit_id, claim_form, claim_form_note, evidence_missing, evidence_note, wrong_benefit, wrong_office, wished_known, at, by)
       VALUES (@callId, @fcoId, @officeCode, @benefitId, @claimForm, @claimFormNote, @evidenceMissing, @evidenceNote, @wrongBenefit, @wrongOffice, @wishedKnown, @at, @by)`,
    );
    this.linkFeedback = db.prepare('UPDATE fa_queue SET feedback_id = ?, updated_at = ? WHERE call_id = ?');
    this.feedbackById = db.prepare('SELECT f.*, u.display_name AS by_name FROM fa_feedback f LEFT JOIN users u ON u.user_id = f.by WHERE f.id = ?');
    this.callStatus = db.prepare('SELECT status FROM calls WHERE call_id = ?').pluck();
  }

  put(entry: QueueEntry, at: string): void {
    this.upsert.run({ ...entry, at });
  }

  row(callId: string): QueueRowDb | null {
    return (this.getRow.get(callId) as QueueRowDb | undefined) ?? null;
  }

  callStatusOf(callId: string): string | null {
    return (this.callStatus.get(callId) as string | undefined) ?? null;
  }

  page(officeCode: string, scope: 'open' | 'all', after: [string, string], limit: number): QueueRowDb[] {
    return (scope === 'open' ? this.pageOpen : this.pageAll).all(officeCode, after[0], after[1], limit) as QueueRowDb[];
  }

  counts(officeCode: string): { total: number; open: number } {
    return this.countOffice.get(officeCode) as { total: number; open: number };
  }

  marks(callId: string): MarkRow[] {
    return this.latestMarks.all(callId) as MarkRow[];
  }

  checks(callId: string): CheckRow[] {
    return this.checksOf.all(callId) as CheckRow[];
  }

  feedback(id: number | null): FeedbackRow | null {
    return id === null ? null : ((this.feedbackById.get(id) as FeedbackRow | undefined) ?? null);
  }

  mark(callId: string, itemId: string, status: MarkRow['status'], onChecklist: boolean, note: string, at: string, by: string): void {
    this.db.transaction(() => {
      this.insertMark.run(callId, itemId, status, onChecklist ? 1 : 0, note, at, by);
      const latest = this.marks(callId);
      const n = (s: MarkRow['status']) => latest.filter((m) => m.status === s).length;
      this.updateCounts.run({ callId, seen: n('seen'), missing: n('missing'), requested: n('requested'), at });
    })();
  }

  check(
    callId: string,
    officeCode: string,
    c: { outcome: CheckRow['outcome']; evidenceRequested: boolean; extraRequested: string; note: string },
    at: string,
    by: string,
  ): void {
    const attended = c.outcome !== 'didNotAttend';
    this.db.transaction(() => {
      this.insertCheck.run(callId, officeCode, c.outcome, c.evidenceRequested ? 1 : 0, c.extraRequested, c.note, at, by);
      this.applyCheck.run({
        callId,
        outcome: c.outcome,
        open: c.outcome === 'ready' ? 0 : 1,
        attended: attended ? 1 : 0,
        requested: attended && c.evidenceRequested ? 1 : 0,
        at,
      });
    })();
  }

  addFeedback(f: {
    callId: string;
    fcoId: string;
    officeCode: string;
    benefitId: string;
    claimForm: string;
    claimFormNote: string;
    evidenceMissing: string[];
    evidenceNote: string;
    wrongBenefit: boolean;
    wrongOffice: boolean;
    wishedKnown: string;
    at: string;
    by: string;
  }): number {
    return this.db.transaction(() => {
      const id = Number(
        this.insertFeedback.run({
          ...f,
          evidenceMissing: JSON.stringify(f.evidenceMissing),
          wrongBenefit: f.wrongBenefit ? 1 : 0,
          wrongOffice: f.wrongOffice ? 1 : 0,
        }).lastInsertRowid,
      );
      this.linkFeedback.run(id, f.at, f.callId);
      return id;
    })();
  }
}
