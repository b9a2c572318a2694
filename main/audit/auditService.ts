import { randomBytes } from 'node:crypto';
import {
  AuditSettings,
  type Analytics,
  type AnalyticsRequest,
  type AnalyticsRow,
  type AuditClaimRow,
  type AuditSettingsView,
  type AuditSource,
  type ChangeKind,
  type ChangeRow,
  type ChangesReport,
  type ChangesRequest,
  type CheckRequest,
  type CheckRow,
  type ClaimAudit,
  type ExportRequest,
  type Freshness,
  type JpReport,
  type JpReportRequest,
  type LegacyImportSummary,
  type ReportFilter,
  type SampleReport,
} from '../../machines/contract/api/audit';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { fail, type Result } from '../../machines/contract/errors';
import {
  compareClock,
  coverage,
  deferralFlag,
  pctOf,
  percentileOfCounts,
  REASONS,
  reasonBit,
  reasonsOf,
  sampleForFco,
  weekStart,
  type ReasonCode,
} from '../../machines/rules/audit';
import { addDays } from '../../machines/rules/ukFormats';
import { londonDay } from '../../machines/rules/windows';
import type { AppendHook, CallService } from '../calls/callService';
import { CallStore, SETTLED_CALLS, type StoredSnapshot } from '../calls/callStore';
import { StoredRecords } from '../calls/storedRecords';
import type { LoadedPackage, ScriptRegistry } from '../content/scriptRegistry';
import type { Db } from '../db/open';
import type { Directory } from '../directory/directory';
import { AuditStore, periodSegments, SUMMARY_COUNT_COLUMNS } from './auditStore';
import { toCsv } from './csvOut';
import { DenseHist } from './hist';
import { productClaimInput, type OfficeJudge } from './productClaim';

export interface AuditServiceDeps {
  db: Db;
  calls: Pick<CallService, 'addAppendHook' | 'storedRecord' | 'recordOfStored'>;
  scripts: { readonly current: LoadedPackage; byHashOrThrow(hash: string): LoadedPackage };
  directory: Directory;
  clock: () => Date;
  /** The QA sample's seed when no settings were saved yet (tests inject one; otherwise random, then kept). */
  defaultSeed?: string;
  /** Told when keeping the audit current failed for an event (the call itself is never refused for that). */
  onError?: (message: string) => void;
}

type SettingsPatch = Partial<AuditSettings>;

const DEFAULTS: Omit<AuditSettings, 'sampleSeed'> = {
  samplePerFcoPerWeek: 5,
  callReferenceMinutes: 20,
  deferralHighPct: 30,
  deferralLowPct: 5,
  deferralMinEligible: 20,
  contactCentreCodes: [],
};

const FIRST_DAY = '1900-01-01';
const LAST_DAY = '2100-12-31';

const CLAIM_COLUMNS =
  'source, ref, claim_date, fco_id, team, benefit, nino, postcode, benefit_marker, expected_marker, jobcentre_marker, area_office, appointment, errors, findings, corrections';
type ClaimDbRow = {
  source: AuditSource;
  ref: string;
  claim_date: string;
  fco_id: string;
  team: string;
  benefit: string | null;
  nino: string | null;
  postcode: string | null;
  benefit_marker: string | null;
  expected_marker: string | null;
  jobcentre_marker: string | null;
  area_office: string | null;
  appointment: string;
  errors: number;
  findings: string | null;
  corrections: number;
};
const toClaimRow = (r: ClaimDbRow): AuditClaimRow => ({
  source: r.source,
  ref: r.ref,
  claimDate: r.claim_date,
  fcoId: r.fco_id,
  team: r.team,
  benefit: r.benefit,
  nino: r.nino,
  postcode: r.postcode,
  benefitMarker: r.benefit_marker,
  expectedMarker: r.expected_marker,
  jobcentreMarker: r.jobcentre_marker,
  areaOffice: r.area_office,
  appointment: r.appointment,
  reasons: reasonsOf(r.errors),
  findings: r.findings ? r.findings.split('\n') : [],
  corrections: r.corrections,
});

type ChangeDbRow = { kind: ChangeKind; source: AuditSource; ref: string; claim_date: string; fco_id: string; team: string; target: string | null; from_value: string | null; to_value: string | null; reason: string; note: string; at: string; by: string };
const toChangeRow = (r: ChangeDbRow): ChangeRow => ({
  kind: r.kind,
  source: r.source,
  ref: r.ref,
  claimDate: r.claim_date,
  fcoId: r.fco_id,
  team: r.team,
  target: r.target,
  from: r.from_value,
  to: r.to_value,
  reason: r.reason,
  note: r.note,
  at: r.at,
  by: r.by,
});

type CheckDbRow = { id: number; source: AuditSource; ref: string; fco_id: string; week: string; benefit_marker_ok: number; jobcentre_marker_ok: number; appointment_ok: number; evidence_ok: number; outcome: 'pass' | 'fail'; note: string; checked_by: string; checked_at: string };
const toCheckRow = (r: CheckDbRow): CheckRow => ({
  id: r.id,
  source: r.source,
  ref: r.ref,
  fcoId: r.fco_id,
  week: r.week,
  benefitMarkerOk: r.benefit_marker_ok === 1,
  jobcentreMarkerOk: r.jobcentre_marker_ok === 1,
  appointmentOk: r.appointment_ok === 1,
  evidenceOk: r.evidence_ok === 1,
  outcome: r.outcome,
  note: r.note,
  checkedBy: r.checked_by,
  checkedAt: r.checked_at,
});

const emptyReasons = (): Record<ReasonCode, number> => Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<ReasonCode, number>;

/**
 * The calls side for reports only (the audit-report command, benches): no call is taken, so there is nothing to hook;
 * claim records are projected from the stored snapshots.
 */
export function callsForReports(db: Db, scripts: ScriptRegistry): AuditServiceDeps['calls'] {
  const stored = new StoredRecords(new CallStore(db), scripts);
  return { addAppendHook: () => {}, storedRecord: (callId) => stored.get(callId), recordOfStored: (row) => stored.ofRow(row) };
}

/**
 * The team-leader audit. Claims taken in this product are audited inside each accepted event's transaction (an
 * append hook), so the JP process report is complete the moment a claim completes or is corrected; legacy exports
 * are imported (legacyImport.ts). All reads come from the audit tables, never from the million-row call store.
 */
export class AuditService {
  readonly store: AuditStore;
  private readonly judge: OfficeJudge;

  constructor(private readonly deps: AuditServiceDeps) {
    this.store = new AuditStore(deps.db);
    this.ensureSettings();
    this.judge = {
      isContactCentre: (code) => this.contactCentreKeys().has(code.trim().toUpperCase()),
      isServingJobcentre: (code) => deps.directory.officeByCode(code) !== null,
    };
    deps.calls.addAppendHook(this.hook);
    this.catchUp();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Keeping current.

  /**
   * Runs inside the call event's transaction. A completed claim (or a correction to one) updates its audit row and
   * the daily summary. The audit never refuses a call: if it fails, its own savepoint is rolled back, the failure
   * is reported, and the claim is picked up again by `catchUp` (it compares the audited event number).
   */
  private readonly hook: AppendHook = ({ seq, event, record, db }) => {
    if (record.status !== 'complete') return null;
    try {
      db.transaction(() => this.auditRecord(record, seq, event.meta.at))();
    } catch (e) {
      this.store.discard();
      const at = event.meta.at;
      try {
        db.prepare('UPDATE audit_meta SET catch_up_from = min(coalesce(catch_up_from, ?), ?) WHERE id = 1').run(at, at);
      } catch {
        /* the note is best effort; catchUp also compares event numbers */
      }
      this.deps.onError?.(`audit not updated for call ${record.callId} (event ${seq}): ${e instanceof Error ? e.message : String(e)}`);
    }
    return null;
  };

  /**
   * Audits one completed claim record as of call event `seq` (at `at`): its row, overrides/corrections and the
   * summary. Run inside a transaction (the hook's, catch-up's, or a test's).
   */
  auditRecord(record: ClaimRecord, seq: number, at: string): void {
    const pkg = this.deps.scripts.byHashOrThrow(record.script.hash).pkg;
    const input = productClaimInput(record, pkg, this.judge, { team: this.teamOf(record.fcoId), seq, updatedAt: at });
    try {
      this.store.upsert(input);
      this.store.flush();
    } catch (e) {
      this.store.discard();
      throw e;
    }
    this.deps.db.prepare('UPDATE audit_meta SET product_through = max(coalesce(product_through, ?), ?) WHERE id = 1').run(at, at);
  }

  private teamOf(userId: string): string {
    const t = this.deps.db.prepare('SELECT team FROM users WHERE user_id = ?').pluck().get(userId) as string | null | undefined;
    return t ?? '';
  }

  /**
   * Audits completed claims the hook did not see (the database predates the audit, a host ran without it, or an
   * update failed). Looks only at calls changed since the last audited event, unless a failure was noted earlier.
   */
  catchUp(): number {
    const db = this.deps.db;
    const meta = db.prepare('SELECT product_through, catch_up_from FROM audit_meta WHERE id = 1').get() as { product_through: string | null; catch_up_from: string | null };
    const since = [meta.product_through, meta.catch_up_from].filter((x): x is string => x !== null).sort()[0] ?? '';
    const ids = db
      .prepare(
        `SELECT c.call_id FROM calls c LEFT JOIN audit_claims a ON a.source = 'product' AND a.ref = c.call_id
         WHERE c.status = 'complete' AND c.${SETTLED_CALLS} AND c.updated_at >= ? AND (a.id IS NULL OR a.seq IS NULL OR a.seq < c.last_seq)`,
      )
      .pluck()
      .all(since) as string[];
    // One read per claim, snapshot included (the ids came first so a large catch-up never holds every snapshot at once).
    const one = db.prepare('SELECT call_id AS callId, script_hash AS scriptHash, last_seq AS lastSeq, snapshot, updated_at AS updatedAt FROM calls WHERE call_id = ?');
    const run = db.transaction((batch: string[]) => {
      for (const id of batch) {
        const r = one.get(id) as StoredSnapshot & { updatedAt: string };
        this.auditRecord(this.deps.calls.recordOfStored(r), r.lastSeq, r.updatedAt);
      }
    });
    for (let i = 0; i < ids.length; i += 1000) {
      try {
        run(ids.slice(i, i + 1000));
      } catch (e) {
        this.store.discard();
        throw e;
      }
    }
    db.prepare('UPDATE audit_meta SET catch_up_from = NULL WHERE id = 1').run();
    return ids.length;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Settings.

  private ensureSettings(): void {
    const seed = this.deps.defaultSeed ?? randomBytes(6).toString('hex');
    this.deps.db
      .prepare("INSERT OR IGNORE INTO audit_settings (id, value, updated_at, updated_by) VALUES (1, ?, ?, 'system')")
      .run(JSON.stringify({ ...DEFAULTS, sampleSeed: seed }), this.deps.clock().toISOString());
  }

  settings(): AuditSettingsView {
    const row = this.deps.db
      .prepare('SELECT s.value, s.updated_at, s.updated_by, u.display_name AS by_name FROM audit_settings s LEFT JOIN users u ON u.user_id = s.updated_by WHERE s.id = 1')
      .get() as { value: string; updated_at: string; updated_by: string; by_name: string | null };
    const parsed = AuditSettings.safeParse({ ...DEFAULTS, ...(JSON.parse(row.value) as object) });
    const s = parsed.success ? parsed.data : { ...DEFAULTS, sampleSeed: 'default' };
    return { ...s, updatedAt: row.updated_at, updatedBy: row.updated_by, updatedByName: row.by_name };
  }

  updateSettings(patch: SettingsPatch, by: string): Result<AuditSettingsView> {
    const { updatedAt: _a, updatedBy: _b, updatedByName: _c, ...current } = this.settings();
    const merged = AuditSettings.safeParse({ ...current, ...patch });
    if (!merged.success) {
      const issue = merged.error.issues[0];
      return fail('invalid_payload', `The settings were not saved (${issue?.path.join('.')}: ${issue?.message}).`, issue?.path.join('.'));
    }
    if (merged.data.deferralLowPct > merged.data.deferralHighPct)
      return fail('invalid_payload', 'The settings were not saved: the low deferral threshold is above the high one.', 'deferralLowPct');
    this.deps.db.prepare('UPDATE audit_settings SET value = ?, updated_at = ?, updated_by = ? WHERE id = 1').run(JSON.stringify(merged.data), this.deps.clock().toISOString(), by);
    return { ok: true, value: this.settings() };
  }

  private contactCentreKeys(): Set<string> {
    return new Set([this.deps.scripts.current.pkg.contactCentre.code, ...this.settings().contactCentreCodes].map((c) => c.trim().toUpperCase()));
  }

  /** Every contact-centre code the audit recognises (for the legacy import). */
  contactCentreCodes(): string[] {
    return [...this.contactCentreKeys()];
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reports.

  freshness(): Freshness {
    const db = this.deps.db;
    return {
      asOf: this.deps.clock().toISOString(),
      productThrough: db.prepare('SELECT product_through FROM audit_meta WHERE id = 1').pluck().get() as string | null,
      legacyImportedAt: (db.prepare("SELECT max(finished_at) FROM audit_imports WHERE status = 'complete'").pluck().get() as string | null) ?? null,
      legacyImportRunningSince: (db.prepare("SELECT min(started_at) FROM audit_imports WHERE status = 'running'").pluck().get() as string | null) ?? null,
    };
  }

  /** WHERE clause for the shared filter; `dateCol` is the claim-date column of the table queried. */
  private where(f: Partial<ReportFilter>, dateCol: string, alias = ''): { sql: string; args: unknown[] } {
    const p = alias ? `${alias}.` : '';
    const parts = [`${p}${dateCol} BETWEEN ? AND ?`];
    const args: unknown[] = [f.from ?? FIRST_DAY, f.to ?? LAST_DAY];
    if (f.source && f.source !== 'all') (parts.push(`${p}source = ?`), args.push(f.source));
    if (f.fcoId !== undefined) (parts.push(`${p}fco_id = ?`), args.push(f.fcoId));
    if (f.team !== undefined) (parts.push(`${p}team = ?`), args.push(f.team));
    return { sql: parts.join(' AND '), args };
  }

  /**
   * Summary rows for the filter as one UNION ALL over the fewest periods (whole months from month rows, the rest from
   * day rows). `select` is the column list; `byDay` forces day rows (a month row cannot be split into days).
   */
  private summaryQuery(f: Partial<ReportFilter>, select: string, byDay = false): { sql: string; args: unknown[] } {
    const from = f.from ?? FIRST_DAY;
    const to = f.to ?? LAST_DAY;
    const segments = byDay ? [{ grain: 'day' as const, from, to }] : periodSegments(from, to);
    const extra: string[] = [];
    const extraArgs: unknown[] = [];
    if (f.source && f.source !== 'all') (extra.push('source = ?'), extraArgs.push(f.source));
    if (f.fcoId !== undefined) (extra.push('fco_id = ?'), extraArgs.push(f.fcoId));
    if (f.team !== undefined) (extra.push('team = ?'), extraArgs.push(f.team));
    const parts: string[] = [];
    const args: unknown[] = [];
    for (const s of segments) {
      parts.push(`SELECT ${select} FROM audit_summary WHERE grain = ? AND start BETWEEN ? AND ?${extra.map((e) => ` AND ${e}`).join('')}`);
      args.push(s.grain, s.from, s.to, ...extraArgs);
    }
    if (!parts.length) parts.push(`SELECT ${select} FROM audit_summary WHERE 0`);
    return { sql: parts.join(' UNION ALL '), args };
  }

  private summarySums(f: Partial<ReportFilter>): { claims: number; withError: number; reasons: Record<ReasonCode, number> } {
    const cols = SUMMARY_COUNT_COLUMNS.slice(0, 2 + REASONS.length);
    const q = this.summaryQuery(f, cols.join(', '));
    const r = this.deps.db
      .prepare(`SELECT ${cols.map((c) => `coalesce(sum(${c}), 0)`).join(', ')} FROM (${q.sql})`)
      .raw(true)
      .get(...q.args) as number[];
    const reasons = emptyReasons();
    REASONS.forEach((code, i) => (reasons[code] = r[2 + i]!));
    return { claims: r[0]!, withError: r[1]!, reasons };
  }

  /** The JP process report: every claim with a JP-process error, newest first, one page at a time. */
  jpReport(req: JpReportRequest): JpReport {
    const w = this.where(req, 'claim_date');
    const reason = req.reason ? ` AND (errors & ${reasonBit(req.reason)}) != 0` : '';
    const cond = `errors != 0 AND ${w.sql}${reason}`;
    const rows = this.deps.db
      .prepare(`SELECT ${CLAIM_COLUMNS} FROM audit_claims INDEXED BY audit_claims_errors WHERE ${cond} ORDER BY claim_date DESC, id DESC LIMIT ? OFFSET ?`)
      .all(...w.args, req.limit, req.offset) as ClaimDbRow[];
    const sums = this.summarySums(req);
    const total = req.reason ? (this.deps.db.prepare(`SELECT count(*) FROM audit_claims INDEXED BY audit_claims_errors WHERE ${cond}`).pluck().get(...w.args) as number) : sums.withError;
    return { rows: rows.map(toClaimRow), total, countsByReason: sums.reasons, checked: { claims: sums.claims, withError: sums.withError }, freshness: this.freshness() };
  }

  /** Every row of the JP process report for the filter (export). */
  *jpRows(f: Partial<ReportFilter> & { reason?: ReasonCode | undefined }): Generator<AuditClaimRow> {
    const w = this.where(f, 'claim_date');
    const reason = f.reason ? ` AND (errors & ${reasonBit(f.reason)}) != 0` : '';
    const all = this.deps.db.prepare(`SELECT ${CLAIM_COLUMNS} FROM audit_claims INDEXED BY audit_claims_errors WHERE errors != 0 AND ${w.sql}${reason} ORDER BY claim_date DESC, id DESC`).all(...w.args) as ClaimDbRow[];
    for (const r of all) yield toClaimRow(r);
  }

  /** Marker errors, overrides, corrections, deferral rates and call length per FCO, team or day. */
  analytics(req: AnalyticsRequest): Analytics {
    const s = this.settings();
    const keyCol = req.by === 'fco' ? 'fco_id' : req.by === 'team' ? 'team' : 'start';
    // Sums in SQL; the call-length histograms of a group come back concatenated (hex) in one string.
    const q = this.summaryQuery(req, `${keyCol} AS k, ${SUMMARY_COUNT_COLUMNS.join(', ')}, hex(hist) AS h`, req.by === 'day');
    const rows = this.deps.db
      .prepare(`SELECT k, ${SUMMARY_COUNT_COLUMNS.map((c) => `sum(${c})`).join(', ')}, group_concat(h, '') FROM (${q.sql}) GROUP BY k ORDER BY k`)
      .raw(true)
      .all(...q.args) as unknown[][];
    const nCounts = SUMMARY_COUNT_COLUMNS.length;
    const refSeconds = Math.round(s.callReferenceMinutes * 60);
    const thresholds = { highPct: s.deferralHighPct, lowPct: s.deferralLowPct, minEligible: s.deferralMinEligible };
    const group = new DenseHist();
    const all = new DenseHist();

    const finish = (key: string, k: number[], h: DenseHist, entries = h.entries()): AnalyticsRow => {
      const { values, counts } = entries;
      const reasons = emptyReasons();
      REASONS.forEach((code, i) => (reasons[code] = k[2 + i]!));
      return {
        key,
        claims: k[0]!,
        withError: k[1]!,
        errorRatePct: pctOf(k[1]!, k[0]!),
        reasons,
        officeOverrides: k[8]!,
        benefitMarkerOverrides: k[9]!,
        corrections: k[10]!,
        deferralEligible: k[11]!,
        deferred: k[12]!,
        deferralRatePct: pctOf(k[12]!, k[11]!),
        deferralFlag: deferralFlag(k[11]!, k[12]!, thresholds),
        timedCalls: k[13]!,
        medianSeconds: percentileOfCounts(values, counts, 50),
        p90Seconds: percentileOfCounts(values, counts, 90),
        overReferencePct: pctOf(h.countAbove(refSeconds), h.total),
        faFeedback: null,
      };
    };

    const out: AnalyticsRow[] = [];
    const totals = new Array<number>(nCounts).fill(0);
    for (const r of rows) {
      const k = r.slice(1, 1 + nCounts) as number[];
      for (let i = 0; i < nCounts; i++) totals[i]! += k[i]!;
      const blob = Buffer.from((r[1 + nCounts] as string | null) ?? '', 'hex');
      group.reset();
      group.addBlob(blob);
      const entries = group.entries();
      all.addEntries(entries.values, entries.counts);
      out.push(finish(String(r[0]), k, group, entries));
    }
    return {
      by: req.by,
      rows: out,
      totals: finish('all', totals, all),
      reference: { callMinutes: s.callReferenceMinutes, deferralHighPct: s.deferralHighPct, deferralLowPct: s.deferralLowPct, deferralMinEligible: s.deferralMinEligible },
      faFeedbackConnected: false,
      freshness: this.freshness(),
    };
  }

  private reasonLabels(): Map<string, string> {
    const pkg = this.deps.scripts.current.pkg;
    return new Map([...pkg.officeOverrideReasons, ...pkg.benefitOverrideReasons].map((r) => [r.code, r.label.en]));
  }

  /** Overrides (with their reasons) and corrections. */
  changes(req: ChangesRequest): ChangesReport {
    const w = this.where(req, 'day', 'c');
    const kind = req.kind ? ' AND c.kind = ?' : '';
    const args = req.kind ? [...w.args, req.kind] : w.args;
    const labels = this.reasonLabels();
    const byReason = (
      this.deps.db.prepare(`SELECT c.kind, c.reason, count(*) AS n FROM audit_changes c WHERE ${w.sql}${kind} GROUP BY c.kind, c.reason ORDER BY n DESC, c.kind, c.reason`).all(...args) as {
        kind: ChangeKind;
        reason: string;
        n: number;
      }[]
    ).map((r) => ({ kind: r.kind, reason: r.reason, label: labels.get(r.reason) ?? null, count: r.n }));
    const total = byReason.reduce((n, r) => n + r.count, 0);
    const rows = (
      this.deps.db
        .prepare(
          `SELECT c.kind, c.source, a.ref, a.claim_date, c.fco_id, c.team, c.target, c.from_value, c.to_value, c.reason, c.note, c.at, c.by
           FROM audit_changes c JOIN audit_claims a ON a.id = c.claim_id WHERE ${w.sql}${kind} ORDER BY c.day DESC, c.at DESC, c.id DESC LIMIT ? OFFSET ?`,
        )
        .all(...args, req.limit, req.offset) as ChangeDbRow[]
    ).map(toChangeRow);
    return { byReason, rows, total, freshness: this.freshness() };
  }

  /** One claim: its findings, overrides and corrections, QA checks, and the clock as it stands against the old rule. */
  claim(source: AuditSource, ref: string): Result<ClaimAudit> {
    const db = this.deps.db;
    const row = db.prepare(`SELECT id, ${CLAIM_COLUMNS} FROM audit_claims WHERE source = ? AND ref = ?`).get(source, ref) as (ClaimDbRow & { id: number }) | undefined;
    if (!row)
      return fail('unknown_call', `No ${source === 'legacy' ? 'imported legacy record' : 'completed claim'} "${ref}" in the audit. Check the reference; in-progress calls appear once complete.`);
    const changes = (
      db
        .prepare(
          `SELECT c.kind, c.source, a.ref, a.claim_date, c.fco_id, c.team, c.target, c.from_value, c.to_value, c.reason, c.note, c.at, c.by
           FROM audit_changes c JOIN audit_claims a ON a.id = c.claim_id WHERE c.claim_id = ? ORDER BY c.at, c.id`,
        )
        .all(row.id) as ChangeDbRow[]
    ).map(toChangeRow);
    const checks = (
      db
        .prepare(`SELECT k.*, a.source, a.ref FROM audit_checks k JOIN audit_claims a ON a.id = k.claim_id WHERE k.claim_id = ? ORDER BY k.checked_at, k.id`)
        .all(row.id) as CheckDbRow[]
    ).map(toCheckRow);
    let clock: ClaimAudit['clock'] = null;
    let markerChoices = [...new Set(this.deps.scripts.current.pkg.benefits.map((b) => b.marker))];
    if (source === 'product') {
      const record = this.deps.calls.storedRecord(ref);
      if (record) {
        const pkg = this.deps.scripts.byHashOrThrow(record.script.hash).pkg;
        markerChoices = [...new Set(pkg.benefits.map((b) => b.marker))];
        const policy = record.benefit ? pkg.benefits.find((b) => b.id === record.benefit!.id) : undefined;
        const days = policy?.appointment === 'dueWindow' && policy.dueWindowDays ? policy.dueWindowDays : null;
        const wfiDate = record.appointment?.kind === 'booked' ? londonDay(record.appointment.wfi.start) : null;
        clock = { ...compareClock(record.claimDate, days, record.corrections.map((c) => c.at), wfiDate), benefitDueWindowDays: days, wfiDate };
      }
    }
    return { ok: true, value: { claim: toClaimRow(row), changes, clock, checks, correctable: source === 'product', markerChoices, freshness: this.freshness() } };
  }

  /** The week's QA sample per FCO, what has been checked, and coverage against the target. */
  sample(weekOf?: string): SampleReport {
    const s = this.settings();
    const week = weekStart(weekOf ?? londonDay(this.deps.clock()));
    const db = this.deps.db;
    // Claims taken in this product (legacy records were taken in the old system; the automatic check covers them).
    const claims = db.prepare("SELECT id, source, ref, claim_date, fco_id, team, errors FROM audit_claims WHERE source = 'product' AND week = ? ORDER BY fco_id, id").all(week) as {
      id: number;
      source: AuditSource;
      ref: string;
      claim_date: string;
      fco_id: string;
      team: string;
      errors: number;
    }[];
    const checked = db.prepare('SELECT DISTINCT claim_id, fco_id FROM audit_checks WHERE week = ?').all(week) as { claim_id: number; fco_id: string }[];
    const checkedIds = new Set(checked.map((c) => c.claim_id));
    const checkedByFco = new Map<string, number>();
    for (const c of checked) checkedByFco.set(c.fco_id, (checkedByFco.get(c.fco_id) ?? 0) + 1);
    const byFco = new Map<string, typeof claims>();
    for (const c of claims) {
      let l = byFco.get(c.fco_id);
      if (!l) byFco.set(c.fco_id, (l = []));
      l.push(c);
    }
    const fcos = [...byFco.entries()].map(([fcoId, list]) => {
      const picked = sampleForFco(
        list.map((c) => ({ ...c, key: `${c.source}:${c.ref}` })),
        s.samplePerFcoPerWeek,
        s.sampleSeed,
        week,
        fcoId,
      );
      const teams = [...new Set(list.map((c) => c.team))];
      return {
        fcoId,
        team: teams.join(', '),
        claims: list.length,
        target: Math.min(s.samplePerFcoPerWeek, list.length),
        checked: checkedByFco.get(fcoId) ?? 0,
        sample: picked.map((c) => ({ source: c.source, ref: c.ref, claimDate: c.claim_date, checked: checkedIds.has(c.id) })),
      };
    });
    return {
      week,
      weekEnd: addDays(week, 6),
      samplePerFco: s.samplePerFcoPerWeek,
      fcos,
      coverage: coverage(fcos, s.samplePerFcoPerWeek),
      automatic: { claims: claims.length, withError: claims.filter((c) => c.errors !== 0).length },
      freshness: this.freshness(),
    };
  }

  /** Records a QA check. Checks are append-only: a second check of the same claim is a new record. */
  recordCheck(req: CheckRequest, by: string): Result<CheckRow> {
    const db = this.deps.db;
    const claim = db.prepare('SELECT id, week, fco_id FROM audit_claims WHERE source = ? AND ref = ?').get(req.source, req.ref) as { id: number; week: string; fco_id: string } | undefined;
    if (!claim) return fail('unknown_call', `No claim "${req.ref}" in the audit; nothing was recorded.`, 'ref');
    const pass = req.benefitMarkerOk && req.jobcentreMarkerOk && req.appointmentOk && req.evidenceOk;
    const at = this.deps.clock().toISOString();
    const id = Number(
      db
        .prepare(
          `INSERT INTO audit_checks (claim_id, week, fco_id, benefit_marker_ok, jobcentre_marker_ok, appointment_ok, evidence_ok, outcome, note, checked_by, checked_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(claim.id, claim.week, claim.fco_id, +req.benefitMarkerOk, +req.jobcentreMarkerOk, +req.appointmentOk, +req.evidenceOk, pass ? 'pass' : 'fail', req.note, by, at).lastInsertRowid,
    );
    return {
      ok: true,
      value: {
        id,
        source: req.source,
        ref: req.ref,
        fcoId: claim.fco_id,
        week: claim.week,
        benefitMarkerOk: req.benefitMarkerOk,
        jobcentreMarkerOk: req.jobcentreMarkerOk,
        appointmentOk: req.appointmentOk,
        evidenceOk: req.evidenceOk,
        outcome: pass ? 'pass' : 'fail',
        note: req.note,
        checkedBy: by,
        checkedAt: at,
      },
    };
  }

  checks(f: Partial<ReportFilter>): CheckRow[] {
    const w = this.where(f, 'claim_date', 'a');
    return (
      this.deps.db.prepare(`SELECT k.*, a.source, a.ref FROM audit_checks k JOIN audit_claims a ON a.id = k.claim_id WHERE ${w.sql} ORDER BY k.checked_at, k.id`).all(...w.args) as CheckDbRow[]
    ).map(toCheckRow);
  }

  imports(): LegacyImportSummary[] {
    return (
      this.deps.db.prepare('SELECT * FROM audit_imports ORDER BY id DESC LIMIT 100').all() as {
        id: number;
        file: string;
        started_at: string;
        finished_at: string | null;
        status: LegacyImportSummary['status'];
        rows_read: number;
        imported: number;
        replaced: number;
        rejected: number;
        errors_found: number;
        by: string;
      }[]
    ).map((r) => ({
      id: r.id,
      file: r.file,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      status: r.status,
      rowsRead: r.rows_read,
      imported: r.imported,
      replaced: r.replaced,
      rejected: r.rejected,
      errorsFound: r.errors_found,
      by: r.by,
    }));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Export.

  /** Any report as CSV. Every row carries the "as of" time of the export. */
  exportCsv(req: ExportRequest): { filename: string; csv: string; rows: number } {
    const asOf = this.deps.clock().toISOString();
    const stamp = asOf.slice(0, 16).replace(':', '');
    switch (req.report) {
      case 'jp': {
        const out = toCsv(
          ['source', 'claim_ref', 'claim_date', 'fco_id', 'team', 'benefit', 'nino', 'customer_postcode', 'benefit_marker', 'expected_marker', 'jobcentre_marker', 'area_office', 'appointment', 'reasons', 'findings', 'corrections', 'as_of'],
          (function* (rows: Iterable<AuditClaimRow>) {
            for (const r of rows)
              yield [r.source, r.ref, r.claimDate, r.fcoId, r.team, r.benefit, r.nino, r.postcode, r.benefitMarker, r.expectedMarker, r.jobcentreMarker, r.areaOffice, r.appointment, r.reasons, r.findings, r.corrections, asOf];
          })(this.jpRows(req)),
        );
        return { filename: `jp-process-report_${stamp}Z.csv`, ...out };
      }
      case 'analytics': {
        const a = this.analytics(req);
        const line = (r: AnalyticsRow) => [
          r.key,
          r.claims,
          r.withError,
          r.errorRatePct,
          ...REASONS.map((c) => r.reasons[c]),
          r.officeOverrides,
          r.benefitMarkerOverrides,
          r.corrections,
          r.deferralEligible,
          r.deferred,
          r.deferralRatePct,
          r.deferralFlag ?? '',
          r.timedCalls,
          r.medianSeconds,
          r.p90Seconds,
          r.overReferencePct,
          a.reference.callMinutes,
          r.faFeedback ?? '',
          asOf,
        ];
        const out = toCsv(
          [
            a.by,
            'claims',
            'claims_with_error',
            'error_rate_pct',
            ...REASONS,
            'office_overrides',
            'benefit_marker_overrides',
            'corrections',
            'deferral_eligible',
            'deferred',
            'deferral_rate_pct',
            'deferral_flag',
            'timed_calls',
            'median_call_seconds',
            'p90_call_seconds',
            'over_reference_pct',
            'reference_minutes',
            'fa_feedback',
            'as_of',
          ],
          [...a.rows.map(line), line(a.totals)],
        );
        return { filename: `audit-analytics-by-${a.by}_${stamp}Z.csv`, ...out };
      }
      case 'changes': {
        const w = this.where(req, 'day', 'c');
        const kind = req.kind ? ' AND c.kind = ?' : '';
        const rows = this.deps.db
          .prepare(
            `SELECT c.kind, c.source, a.ref, a.claim_date, c.fco_id, c.team, c.target, c.from_value, c.to_value, c.reason, c.note, c.at, c.by
             FROM audit_changes c JOIN audit_claims a ON a.id = c.claim_id WHERE ${w.sql}${kind} ORDER BY c.day DESC, c.at DESC, c.id DESC`,
          )
          .all(...(req.kind ? [...w.args, req.kind] : w.args)) as ChangeDbRow[];
        const out = toCsv(
          ['kind', 'source', 'claim_ref', 'claim_date', 'fco_id', 'team', 'target', 'from', 'to', 'reason', 'note', 'at', 'by', 'as_of'],
          rows.map((r) => [r.kind, r.source, r.ref, r.claim_date, r.fco_id, r.team, r.target, r.from_value, r.to_value, r.reason, r.note, r.at, r.by, asOf]),
        );
        return { filename: `audit-overrides-corrections_${stamp}Z.csv`, ...out };
      }
      case 'sample': {
        const s = this.sample(req.week);
        const out = toCsv(
          ['week', 'fco_id', 'team', 'claims', 'target', 'checked', 'sampled_claim_ref', 'source', 'claim_date', 'sampled_claim_checked', 'coverage_target', 'coverage_achieved', 'coverage_pct', 'as_of'],
          s.fcos.flatMap((f) =>
            (f.sample.length ? f.sample : [null]).map((c) => [s.week, f.fcoId, f.team, f.claims, f.target, f.checked, c?.ref ?? '', c?.source ?? '', c?.claimDate ?? '', c ? c.checked : '', s.coverage.target, s.coverage.achieved, s.coverage.pct, asOf]),
          ),
        );
        return { filename: `audit-qa-sample_${s.week}_${stamp}Z.csv`, ...out };
      }
      case 'checks': {
        const out = toCsv(
          ['source', 'claim_ref', 'fco_id', 'week', 'benefit_marker_ok', 'jobcentre_marker_ok', 'appointment_ok', 'evidence_ok', 'outcome', 'note', 'checked_by', 'checked_at', 'as_of'],
          this.checks(req).map((c) => [c.source, c.ref, c.fcoId, c.week, c.benefitMarkerOk, c.jobcentreMarkerOk, c.appointmentOk, c.evidenceOk, c.outcome, c.note, c.checkedBy, c.checkedAt, asOf]),
        );
        return { filename: `audit-qa-checks_${stamp}Z.csv`, ...out };
      }
    }
  }
}
