import type {
  CheckOutcome,
  EvidenceFigures,
  EvidenceMarkStatus,
  FaClaimView,
  FaEvidenceItem,
  FaQueue,
  FaQueueRow,
  FeedbackCounts,
  FeedbackEntry,
  FcoFeedback,
  FeedbackProforma,
  LetterDocument,
  ShareRow,
} from '../../machines/contract/api/evidence';
import type { SessionUser } from '../../machines/contract/api';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { fail, type CallError, type Result } from '../../machines/contract/errors';
import { evidenceDuePolicy, itemDue } from '../../machines/rules/evidence';
import { addDays } from '../../machines/rules/ukFormats';
import { londonDayStartMs } from '../../machines/rules/windows';
import type { ScriptPackage } from '../../scripts-content/schema';
import type { AppendHook, CallService } from '../calls/callService';
import type { ScriptRegistry } from '../content/scriptRegistry';
import type { Db } from '../db/open';
import type { Directory } from '../directory/directory';
import { renderLetterArticle, renderLetterHtml } from '../letters/letterHtml';
import { buildLetterModel, claimReference, LetterNotReady, type LetterModel } from '../letters/letterModel';
import { ukIsoDate } from '../letters/ukDates';
import { buildHandOffSummary } from './handOff';
import { FaStore, queueEntryFor, type FeedbackRow, type QueueRowDb } from './faStore';
import { standingFaMeeting } from '../../machines/rules/officeCorrection';

export interface EvidenceDeps {
  db: Db;
  scripts: ScriptRegistry;
  directory: Directory;
  clock: () => Date;
  calls: CallService;
  /** "Something changed" pushes (topic 'fa', id = call id), so other FA screens refresh. */
  notify?: (topic: string, id: string) => void;
}

/** Renders the letter document to PDF bytes. The default is pdf-lib; Electron can swap in printToPDF. */
export type LetterPdfRenderer = (doc: { model: LetterModel; html: string }) => Promise<Uint8Array>;

/** PF:641: 47% of customers were asked for more evidence at the FA meeting, even with a checklist. */
export const PATHFINDER_BASELINE = { share: 0.47, source: 'PF:641' };

type Refusal = { ok: false; error: CallError };

/**
 * The financial assessor's side of a claim: the Jobcentre queue (filled atomically when a call completes), the
 * evidence check item by item, the claim-check outcome, the feedback proforma to the contact centre and its FCO,
 * the figures, and the customer letter. FAs act only on their own Jobcentre's claims; everything is append-only.
 */
export class EvidenceService {
  readonly store: FaStore;
  // pdf-lib is loaded on the first letter, not at start: it is a fifth of the host's start-up time.
  private pdfRenderer: LetterPdfRenderer = async ({ model }) => (await import('../letters/letterPdf')).renderLetterPdf(model);

  constructor(private readonly deps: EvidenceDeps) {
    this.store = new FaStore(deps.db);
  }

  /** Runs inside the transaction of every accepted call event: a completed claim lands in its Jobcentre's queue. */
  readonly appendHook: AppendHook = ({ record, event }) => {
    if (record.status !== 'complete') return null;
    const entry = queueEntryFor(record, evidenceDuePolicy(this.pkgOf(record)));
    if (entry) this.store.put(entry, event.meta.at);
    return null;
  };

  usePdfRenderer(renderer: LetterPdfRenderer): void {
    this.pdfRenderer = renderer;
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }

  private pkgOf(record: ClaimRecord): ScriptPackage {
    return this.deps.scripts.byHashOrThrow(record.script.hash).pkg;
  }

  private benefitName(id: string): string {
    return this.deps.scripts.current.pkg.benefits.find((b) => b.id === id)?.name.en ?? id;
  }

  private itemLabel(id: string): string {
    return this.deps.scripts.current.pkg.evidenceCatalogue.find((i) => i.id === id)?.what.en ?? id;
  }

  /** The queue row of a claim the FA may act on, or the typed reason they may not. */
  private faRow(user: SessionUser, callId: string): { ok: true; row: QueueRowDb } | Refusal {
    const row = this.store.row(callId);
    if (!row) {
      const status = this.store.callStatusOf(callId);
      if (status === 'in_progress') return fail('unknown_call', `Claim "${callId}" is still being taken; it reaches the Jobcentre's queue when the call completes.`);
      if (status === 'ended') return fail('unknown_call', `Claim "${callId}" was not completed (the call ended early), so there is nothing to check.`);
      return fail('unknown_call', `No completed claim with reference "${callId}". Check the reference and try again.`);
    }
    if (!user.officeCode) return fail('forbidden', 'Your account is not linked to a Jobcentre, so it has no queue. Ask your team leader to set your office.');
    if (row.office_code !== user.officeCode)
      return fail('forbidden', `Claim "${callId}" belongs to another Jobcentre. Only that Jobcentre's financial assessors can see or change it.`);
    return { ok: true, row };
  }

  private toQueueRow(r: QueueRowDb): FaQueueRow {
    return {
      callId: r.call_id,
      reference: claimReference(r.call_id),
      customerName: r.customer_name,
      benefitId: r.benefit_id,
      benefitName: this.benefitName(r.benefit_id),
      fcoId: r.fco_id,
      fcoName: r.fco_name,
      claimDate: r.claim_date,
      appointmentKind: r.appointment_kind,
      faStart: r.fa_start,
      evidenceDue: r.evidence_due,
      sortAt: r.sort_at,
      state: r.state,
      items: r.item_count,
      seen: r.seen,
      missing: r.missing,
      requested: r.requested,
      feedbackGiven: r.feedback_id !== null,
    };
  }

  queue(user: SessionUser, req: { scope: 'open' | 'all'; limit: number; after?: string | undefined }): Result<FaQueue> {
    if (!user.officeCode) return fail('forbidden', 'Your account is not linked to a Jobcentre, so it has no queue. Ask your team leader to set your office.');
    let after: [string, string] = ['', ''];
    if (req.after) {
      const i = req.after.indexOf('|');
      if (i < 0) return fail('invalid_payload', 'The page marker was not understood; reload the queue.', 'after');
      after = [req.after.slice(0, i), req.after.slice(i + 1)];
    }
    const rows = this.store.page(user.officeCode, req.scope, after, req.limit + 1);
    const more = rows.length > req.limit;
    const page = rows.slice(0, req.limit);
    const last = page[page.length - 1];
    const counts = this.store.counts(user.officeCode);
    return {
      ok: true,
      value: {
        officeCode: user.officeCode,
        officeName: this.deps.directory.officeByCode(user.officeCode)?.name ?? null,
        total: counts.total,
        open: counts.open,
        rows: page.map((r) => this.toQueueRow(r)),
        nextCursor: more && last ? `${last.sort_at}|${last.call_id}` : null,
      },
    };
  }

  private recordOf(callId: string): ClaimRecord | null {
    return this.deps.calls.storedRecord(callId);
  }

  private view(row: QueueRowDb): FaClaimView {
    const record = this.recordOf(row.call_id)!;
    const pkg = this.pkgOf(record);
    const catalogue = new Map(pkg.evidenceCatalogue.map((i) => [i.id, i]));
    const marks = new Map(this.store.marks(row.call_id).map((m) => [m.item_id, m]));
    // A meeting a correction of the Jobcentre released is not when the evidence is due (as the letter and queue say).
    const standing = standingFaMeeting(record);
    const faMeeting = standing ? { start: standing.start, localDate: ukIsoDate(standing.start) } : null;
    const duePolicy = evidenceDuePolicy(pkg);
    const onList = new Set(record.evidence.items.map((i) => i.id));
    const item = (id: string, onChecklist: boolean): FaEvidenceItem => {
      const c = catalogue.get(id);
      const fromRecord = record.evidence.items.find((i) => i.id === id);
      const m = marks.get(id);
      return {
        id,
        what: fromRecord?.what ?? c?.what.en ?? id,
        acceptedForms: (c?.acceptedForms ?? []).map((f) => f.en),
        whoProvides: fromRecord?.whoProvides ?? c?.whoProvides.en ?? '',
        oftenForgotten: fromRecord?.oftenForgotten ?? c?.oftenForgotten ?? false,
        onChecklist,
        due: onChecklist ? itemDue(c ?? {}, record.claimDate, faMeeting, duePolicy).date : null,
        status: m?.status ?? null,
        note: m?.note ?? '',
        markedAt: m?.at ?? null,
        markedBy: m?.by ?? null,
      };
    };
    const items = [
      ...record.evidence.items.map((i) => item(i.id, true)),
      ...[...marks.keys()].filter((id) => !onList.has(id)).map((id) => item(id, false)),
    ];
    const shown = new Set(items.map((i) => i.id));
    const fb = this.store.feedback(row.feedback_id);
    return {
      callId: row.call_id,
      officeCode: row.office_code,
      state: row.state,
      summary: buildHandOffSummary(record, pkg, row.fco_name),
      items,
      otherCatalogueItems: pkg.evidenceCatalogue.filter((c) => !shown.has(c.id)).map((c) => ({ id: c.id, what: c.what.en })),
      checks: this.store.checks(row.call_id).map((c) => ({
        outcome: c.outcome,
        evidenceRequested: c.evidence_requested === 1,
        extraRequested: c.extra_requested,
        note: c.note,
        at: c.at,
        by: c.by,
      })),
      feedback: fb ? toFeedbackEntry(fb) : null,
    };
  }

  claim(user: SessionUser, callId: string): Result<FaClaimView> {
    const r = this.faRow(user, callId);
    if (!r.ok) return r;
    return { ok: true, value: this.view(r.row) };
  }

  markItem(user: SessionUser, req: { callId: string; itemId: string; status: EvidenceMarkStatus; note: string }): Result<FaClaimView> {
    const r = this.faRow(user, req.callId);
    if (!r.ok) return r;
    const record = this.recordOf(req.callId)!;
    const onChecklist = record.evidence.items.some((i) => i.id === req.itemId);
    if (!onChecklist && !this.pkgOf(record).evidenceCatalogue.some((i) => i.id === req.itemId))
      return fail('invalid_payload', `"${req.itemId}" is not an evidence item in this claim's catalogue. Choose one from the list, or describe it under "other evidence requested".`, 'itemId');
    this.store.mark(req.callId, req.itemId, req.status, onChecklist, req.note, this.now(), user.userId);
    this.deps.notify?.('fa', req.callId);
    return { ok: true, value: this.view(this.store.row(req.callId)!) };
  }

  recordCheck(user: SessionUser, req: { callId: string; outcome: CheckOutcome; extraRequested: string; note: string }): Result<FaClaimView> {
    const r = this.faRow(user, req.callId);
    if (!r.ok) return r;
    const record = this.recordOf(req.callId)!;
    const marks = new Map(this.store.marks(req.callId).map((m) => [m.item_id, m]));
    if (req.outcome !== 'didNotAttend') {
      const unmarked = record.evidence.items.filter((i) => !marks.has(i.id));
      if (unmarked.length)
        return fail('out_of_order', `Mark every item on the checklist as seen, missing or requested first. Not marked yet: ${unmarked.map((i) => i.what).join('; ')}.`, 'items');
    }
    const requested = [...marks.values()].filter((m) => m.status === 'requested');
    const evidenceRequested = requested.length > 0 || req.extraRequested.length > 0;
    if (req.outcome === 'ready' && evidenceRequested)
      return fail(
        'invalid_answer',
        `Evidence is still requested (${[...requested.map((m) => this.itemLabel(m.item_id)), ...(req.extraRequested ? [req.extraRequested] : [])].join('; ')}). Record "more evidence requested", or mark the items seen when they arrive.`,
        'outcome',
      );
    if (req.outcome === 'evidenceRequested' && !evidenceRequested)
      return fail('invalid_answer', 'Nothing is marked as requested. Mark the items you asked the customer for as "requested", or describe other evidence requested.', 'outcome');
    this.store.check(req.callId, r.row.office_code, { outcome: req.outcome, evidenceRequested, extraRequested: req.extraRequested, note: req.note }, this.now(), user.userId);
    this.deps.notify?.('fa', req.callId);
    return { ok: true, value: this.view(this.store.row(req.callId)!) };
  }

  submitFeedback(user: SessionUser, req: FeedbackProforma & { callId: string }): Result<FaClaimView> {
    const r = this.faRow(user, req.callId);
    if (!r.ok) return r;
    const record = this.recordOf(req.callId)!;
    const known = new Set(this.pkgOf(record).evidenceCatalogue.map((i) => i.id));
    const unknown = req.evidenceMissing.filter((id) => !known.has(id));
    if (unknown.length) return fail('invalid_payload', `Unknown evidence item(s): ${unknown.join(', ')}. Choose from the claim's list.`, 'evidenceMissing');
    if (req.claimForm !== 'none' && !req.claimFormNote)
      return fail('invalid_answer', 'Say what was wrong with the claim form, so the contact centre can put it right.', 'claimFormNote');
    this.store.addFeedback({
      callId: req.callId,
      fcoId: record.fcoId,
      officeCode: r.row.office_code,
      benefitId: r.row.benefit_id,
      claimForm: req.claimForm,
      claimFormNote: req.claimFormNote,
      evidenceMissing: [...new Set(req.evidenceMissing)],
      evidenceNote: req.evidenceNote,
      wrongBenefit: req.wrongBenefit,
      wrongOffice: req.wrongOffice,
      wishedKnown: req.wishedKnown,
      at: this.now(),
      by: user.userId,
    });
    this.deps.notify?.('fa', req.callId);
    this.deps.notify?.('feedback', record.fcoId);
    return { ok: true, value: this.view(this.store.row(req.callId)!) };
  }

  feedbackForFco(user: SessionUser, req: { fcoId?: string | undefined; limit: number }): Result<FcoFeedback[]> {
    if (user.role === 'fco' && req.fcoId && req.fcoId !== user.userId) return fail('forbidden', 'FCOs see the feedback on their own claims only.');
    const fcoId = user.role === 'fco' ? user.userId : (req.fcoId ?? null);
    const rows = this.deps.db
      .prepare(
        `SELECT f.*, u.display_name AS by_name, q.customer_name FROM fa_queue q JOIN fa_feedback f ON f.id = q.feedback_id LEFT JOIN users u ON u.user_id = f.by
         ${fcoId ? 'WHERE q.fco_id = ?' : ''} ORDER BY f.at DESC, f.id DESC LIMIT ?`,
      )
      .all(...(fcoId ? [fcoId, req.limit] : [req.limit])) as (FeedbackRow & { customer_name: string | null })[];
    return {
      ok: true,
      value: rows.map((f) => {
        const entry = toFeedbackEntry(f);
        return {
          ...entry,
          customerName: f.customer_name,
          benefitName: this.benefitName(f.benefit_id),
          officeName: this.deps.directory.officeByCode(f.office_code)?.name ?? f.office_code,
          evidenceMissingText: entry.evidenceMissing.map((id) => this.itemLabel(id)),
        };
      }),
    };
  }

  figures(user: SessionUser, req: { from?: string | undefined; to?: string | undefined; officeCode?: string | undefined }): Result<EvidenceFigures> {
    let officeCode = req.officeCode ?? null;
    if (user.role === 'fa') {
      if (!user.officeCode) return fail('forbidden', 'Your account is not linked to a Jobcentre. Ask your team leader to set your office.');
      if (officeCode && officeCode !== user.officeCode) return fail('forbidden', 'Financial assessors see the figures of their own Jobcentre only.');
      officeCode = user.officeCode;
    }
    // From/to are UK days; meetings and feedback are instants: compare with the instants those days begin.
    const from = req.from ? new Date(londonDayStartMs(req.from)).toISOString() : '';
    const to = req.to ? new Date(londonDayStartMs(addDays(req.to, 1))).toISOString() : '9999';
    if (req.from && req.to && req.from > req.to) return fail('invalid_payload', 'The start date is after the end date.', 'from');
    const officeSql = officeCode ? 'AND q.office_code = @office' : '';
    const args = { from, to, office: officeCode };
    const db = this.deps.db;
    type Agg = { key: string; label: string | null; meetings: number; requested: number };
    const share = (a: Agg): ShareRow => ({
      key: a.key,
      label: a.label ?? a.key,
      meetings: a.meetings,
      evidenceRequested: a.requested,
      share: a.meetings ? a.requested / a.meetings : null,
    });
    const met = `q.met_at IS NOT NULL AND q.met_at >= @from AND q.met_at < @to ${officeSql}`;
    const overall = db.prepare(`SELECT 'all' AS key, 'All meetings' AS label, count(*) AS meetings, coalesce(sum(q.evidence_requested), 0) AS requested FROM fa_queue q WHERE ${met}`).get(args) as Agg;
    const byBenefit = (db.prepare(`SELECT q.benefit_id AS key, NULL AS label, count(*) AS meetings, sum(q.evidence_requested) AS requested FROM fa_queue q WHERE ${met} GROUP BY q.benefit_id ORDER BY q.benefit_id`).all(args) as Agg[]).map(
      (a) => share({ ...a, label: this.benefitName(a.key) }),
    );
    const byFco = (
      db
        .prepare(
          `SELECT q.fco_id AS key, u.display_name AS label, count(*) AS meetings, sum(q.evidence_requested) AS requested FROM fa_queue q LEFT JOIN users u ON u.user_id = q.fco_id
           WHERE ${met} GROUP BY q.fco_id ORDER BY requested * 1.0 / count(*) DESC, q.fco_id`,
        )
        .all(args) as Agg[]
    ).map(share);

    const fbCols = `count(*) AS total, coalesce(sum(f.claim_form = 'missing'), 0) AS claimFormMissing, coalesce(sum(f.claim_form = 'incorrect'), 0) AS claimFormIncorrect,
      coalesce(sum(json_array_length(f.evidence_missing) > 0 OR f.evidence_note <> ''), 0) AS evidenceMissing, coalesce(sum(f.wrong_benefit), 0) AS wrongBenefit,
      coalesce(sum(f.wrong_office), 0) AS wrongOffice, coalesce(sum(f.wished_known <> ''), 0) AS wishedKnown,
      coalesce(sum(f.claim_form = 'none' AND json_array_length(f.evidence_missing) = 0 AND f.evidence_note = '' AND f.wrong_benefit = 0 AND f.wrong_office = 0 AND f.wished_known = ''), 0) AS noProblem`;
    const fbWhere = `f.at >= @from AND f.at < @to ${officeSql}`;
    const feedback = db.prepare(`SELECT ${fbCols} FROM fa_queue q JOIN fa_feedback f ON f.id = q.feedback_id WHERE ${fbWhere}`).get(args) as FeedbackCounts;
    const feedbackByFco = db
      .prepare(
        `SELECT q.fco_id AS fcoId, u.display_name AS fcoName, ${fbCols} FROM fa_queue q JOIN fa_feedback f ON f.id = q.feedback_id LEFT JOIN users u ON u.user_id = q.fco_id
         WHERE ${fbWhere} GROUP BY q.fco_id ORDER BY total DESC, q.fco_id`,
      )
      .all(args) as EvidenceFigures['feedbackByFco'];
    const topShortfalls = (
      db
        .prepare(
          `SELECT m.item_id AS itemId, count(DISTINCT m.call_id) AS count FROM fa_item_marks m JOIN fa_queue q ON q.call_id = m.call_id
           WHERE m.status IN ('missing', 'requested') AND ${met} GROUP BY m.item_id ORDER BY count DESC, m.item_id LIMIT 10`,
        )
        .all(args) as { itemId: string; count: number }[]
    ).map((s) => ({ ...s, what: this.itemLabel(s.itemId) }));
    return {
      ok: true,
      value: {
        from: req.from ?? null,
        to: req.to ?? null,
        officeCode,
        overall: share(overall),
        byBenefit,
        byFco,
        feedback,
        feedbackByFco,
        topShortfalls,
        baseline: PATHFINDER_BASELINE,
      },
    };
  }

  /** The customer letter. FCOs: their own claims; FAs: their Jobcentre's; team leaders: any. */
  async letter(user: SessionUser, req: { callId: string; format: 'html' | 'pdf' }): Promise<Result<LetterDocument>> {
    const record = this.recordOf(req.callId);
    if (!record) return fail('unknown_call', `No claim with reference "${req.callId}".`);
    if (user.role === 'fco' && record.fcoId !== user.userId) return fail('forbidden', 'This claim belongs to another FCO.');
    if (user.role === 'fa') {
      const r = this.faRow(user, req.callId);
      if (!r.ok) return r;
    }
    let model: LetterModel;
    try {
      model = buildLetterModel(record, this.pkgOf(record), (code) => this.deps.directory.officeByCode(code));
    } catch (e) {
      if (e instanceof LetterNotReady) return fail('out_of_order', e.message);
      throw e;
    }
    const html = renderLetterHtml(model);
    const base = {
      callId: record.callId,
      reference: model.reference,
      filename: `claim-letter-${model.reference.replace(/[^A-Za-z0-9-]+/g, '-')}.${req.format}`,
      html,
      bodyHtml: renderLetterArticle(model),
    };
    if (req.format === 'html') return { ok: true, value: { ...base, mimeType: 'text/html' } };
    const pdf = await this.pdfRenderer({ model, html });
    return { ok: true, value: { ...base, mimeType: 'application/pdf', pdfBase64: Buffer.from(pdf).toString('base64') } };
  }
}

function toFeedbackEntry(f: FeedbackRow): FeedbackEntry {
  return {
    id: f.id,
    callId: f.call_id,
    fcoId: f.fco_id,
    officeCode: f.office_code,
    claimForm: f.claim_form,
    claimFormNote: f.claim_form_note,
    evidenceMissing: JSON.parse(f.evidence_missing) as string[],
    evidenceNote: f.evidence_note,
    wrongBenefit: f.wrong_benefit === 1,
    wrongOffice: f.wrong_office === 1,
    wishedKnown: f.wished_known,
    at: f.at,
    by: f.by,
    byName: f.by_name,
  };
}
