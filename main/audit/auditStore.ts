import type Database from 'better-sqlite3';
import type { AuditClaimRow, AuditSource, ChangeRow } from '../../machines/contract/api/audit';
import { REASONS, weekStart } from '../../machines/rules/audit';
import { addDays } from '../../machines/rules/ukFormats';
import type { Db } from '../db/open';
import { addHists, clampSeconds, encodeHist } from './hist';

/** One override or correction as the store takes it: a report row without what the claim row already says. */
export type AuditChangeInput = Pick<ChangeRow, 'kind' | 'target' | 'from' | 'to' | 'reason' | 'note' | 'at' | 'by'>;

/**
 * One claim as the audit stores it, from either source: the fields the report shows (`AuditClaimRow`) plus what
 * the figures and the repair need. Errors are stored as a bit mask and findings as one string.
 */
export interface AuditClaimInput extends Omit<AuditClaimRow, 'reasons' | 'findings'> {
  deferralEligible: boolean;
  deferred: boolean;
  callSeconds: number | null;
  errors: number;
  findings: string | null;
  importId: number | null;
  seq: number | null;
  updatedAt: string;
  changes: AuditChangeInput[];
}

/** The per-claim numbers summed in `audit_summary`, in column order. */
export const SUMMARY_COUNT_COLUMNS = [
  'claims',
  'with_error',
  'e_jobcentre_missing',
  'e_jobcentre_contact_centre',
  'e_jobcentre_not_a_jobcentre',
  'e_office_outside_area',
  'e_benefit_marker_mismatch',
  'e_appointment_not_reached',
  'office_overrides',
  'benefit_overrides',
  'corrections',
  'deferral_eligible',
  'deferred',
  'timed',
] as const;
const COUNT_COLUMNS = SUMMARY_COUNT_COLUMNS;
const N = COUNT_COLUMNS.length;
const REASON_OFFSET = 2;

export type Grain = 'day' | 'month';
export const monthOf = (isoDate: string): string => `${isoDate.slice(0, 7)}-01`;
export const monthEnd = (monthStart: string): string => addDays(monthOf(addDays(monthStart, 31)), -1);

/**
 * Splits an inclusive date range into the fewest summary reads: whole months from the month rows, the ragged ends
 * from the day rows.
 */
export function periodSegments(from: string, to: string): { grain: Grain; from: string; to: string }[] {
  if (from > to) return [];
  const firstFull = from.endsWith('-01') ? from : monthOf(addDays(monthOf(from), 31));
  let lastFull = monthOf(to);
  if (monthEnd(lastFull) !== to) lastFull = monthOf(addDays(lastFull, -1));
  if (firstFull > lastFull) return [{ grain: 'day', from, to }];
  const out: { grain: Grain; from: string; to: string }[] = [];
  if (from < firstFull) out.push({ grain: 'day', from, to: addDays(firstFull, -1) });
  out.push({ grain: 'month', from: firstFull, to: lastFull });
  const after = addDays(monthEnd(lastFull), 1);
  if (after <= to) out.push({ grain: 'day', from: after, to });
  return out;
}

/**
 * Changes to `audit_summary` collected in memory and written by `flush`. Built for a million-row import: buckets are
 * found by a numeric key (period number × FCO/team/source combination), counts live in one flat array, and call
 * lengths are kept as (bucket, seconds, ±1) entries until the flush turns them into histogram blobs.
 */
class SummaryDelta {
  private readonly combos = new Map<string, Map<string, Map<string, number>>>();
  private readonly comboParts: [fcoId: string, team: string, source: string][] = [];
  private readonly periods = new Map<string, number>();
  /** Day periods are the date; month periods are "M" + the month's first day. */
  private readonly periodNames: string[] = [];
  private readonly monthPeriodOf = new Map<number, number>();
  private readonly bucketOf = new Map<number, number>();
  private readonly bucketPeriod: number[] = [];
  private readonly bucketCombo: number[] = [];
  private counts = new Int32Array(N * 64);
  private readonly secs: number[] = [];
  size = 0;

  private period(name: string): number {
    let p = this.periods.get(name);
    if (p === undefined) {
      p = this.periodNames.length;
      this.periods.set(name, p);
      this.periodNames.push(name);
    }
    return p;
  }

  private bucket(period: number, combo: number): number {
    const key = period * 1_048_576 + combo;
    let b = this.bucketOf.get(key);
    if (b === undefined) {
      b = this.size++;
      this.bucketOf.set(key, b);
      this.bucketPeriod.push(period);
      this.bucketCombo.push(combo);
      if (this.counts.length < this.size * N) {
        const grown = new Int32Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
    }
    return b;
  }

  /** Adds (sign 1) or removes (sign -1) one claim's contribution; primitives only, as this runs once per imported row. */
  add(
    day: string,
    fcoId: string,
    team: string,
    source: string,
    errors: number,
    officeOverrides: number,
    benefitOverrides: number,
    corrections: number,
    deferralEligible: number,
    deferred: number,
    callSeconds: number | null,
    sign: 1 | -1,
  ): void {
    // Nested maps: no key string to build per row.
    let byTeam = this.combos.get(source);
    if (!byTeam) this.combos.set(source, (byTeam = new Map()));
    let byFco = byTeam.get(team);
    if (!byFco) byTeam.set(team, (byFco = new Map()));
    let combo = byFco.get(fcoId);
    if (combo === undefined) {
      combo = this.comboParts.length;
      byFco.set(fcoId, combo);
      this.comboParts.push([fcoId, team, source]);
    }
    let dayPeriod = this.periods.get(day);
    if (dayPeriod === undefined) {
      dayPeriod = this.period(day);
      this.monthPeriodOf.set(dayPeriod, this.period(`M${monthOf(day)}`));
    }
    const monthPeriod = this.monthPeriodOf.get(dayPeriod)!;
    const seconds = callSeconds === null ? -1 : clampSeconds(callSeconds);
    for (const b of [this.bucket(dayPeriod, combo), this.bucket(monthPeriod, combo)]) {
      const k = this.counts;
      const o = b * N;
      k[o]! += sign;
      if (errors !== 0) {
        k[o + 1]! += sign;
        for (let i = 0; i < REASONS.length; i++) if (errors & (1 << i)) k[o + REASON_OFFSET + i]! += sign;
      }
      k[o + 8]! += sign * officeOverrides;
      k[o + 9]! += sign * benefitOverrides;
      k[o + 10]! += sign * corrections;
      k[o + 11]! += sign * deferralEligible;
      k[o + 12]! += sign * deferred;
      if (seconds >= 0) {
        k[o + 13]! += sign;
        this.secs.push(b, seconds, sign);
      }
    }
  }

  /** Every bucket with its grain, period start, keys, counts and histogram delta. */
  *buckets(): Generator<{ grain: Grain; start: string; fcoId: string; team: string; source: string; counts: number[]; hist: Map<number, number> }> {
    const hists = new Map<number, Map<number, number>>();
    const secs = this.secs;
    for (let i = 0; i < secs.length; i += 3) {
      let h = hists.get(secs[i]!);
      if (!h) hists.set(secs[i]!, (h = new Map()));
      const v = (h.get(secs[i + 1]!) ?? 0) + secs[i + 2]!;
      if (v === 0) h.delete(secs[i + 1]!);
      else h.set(secs[i + 1]!, v);
    }
    for (let b = 0; b < this.size; b++) {
      const name = this.periodNames[this.bucketPeriod[b]!]!;
      const [fcoId, team, source] = this.comboParts[this.bucketCombo[b]!]!;
      const month = name.startsWith('M');
      yield {
        grain: month ? 'month' : 'day',
        start: month ? name.slice(1) : name,
        fcoId,
        team,
        source,
        counts: Array.from(this.counts.subarray(b * N, b * N + N)),
        hist: hists.get(b) ?? new Map(),
      };
    }
  }
}

type OldRow = [id: number, claimDate: string, fcoId: string, team: string, errors: number, officeOverrides: number, benefitOverrides: number, corrections: number, deferralEligible: number, deferred: number, callSeconds: number | null];

const registered = new WeakSet<Db>();

/**
 * SQL helpers on this connection: `audit_hist(seconds)` aggregates call lengths into a histogram blob, and
 * `audit_hist_add(a, b)` adds two blobs (merging a delta into a stored summary row).
 */
function registerFunctions(db: Db): void {
  if (registered.has(db)) return;
  db.aggregate('audit_hist', {
    start: () => new Map<number, number>(),
    step: (h: Map<number, number>, s: unknown) => {
      if (typeof s === 'number' || typeof s === 'bigint') {
        const k = clampSeconds(Number(s));
        h.set(k, (h.get(k) ?? 0) + 1);
      }
      return h;
    },
    result: (h: Map<number, number>) => encodeHist(h),
  });
  db.function('audit_hist_add', { deterministic: true }, (a: unknown, b: unknown) => addHists(a instanceof Uint8Array ? a : null, b instanceof Uint8Array ? b : null));
  registered.add(db);
}

/**
 * Writes audit rows and keeps `audit_summary` in step: `upsert` subtracts the claim's old contribution and adds the
 * new one in memory; `flush` merges that into the summary rows. Claims taken in the product flush in the same
 * transaction as the call event; a legacy import flushes once at its end (its claim rows land batch by batch), and
 * `rebuildSummary` recomputes months in SQL when an import was interrupted before that.
 */
export class AuditStore {
  private readonly selectOld: Database.Statement<[string, string], OldRow>;
  private readonly insertClaim: Database.Statement<unknown[]>;
  private readonly updateClaim: Database.Statement<unknown[]>;
  private readonly weeks = new Map<string, string>();
  private readonly deleteChanges: Database.Statement<[number]>;
  private readonly insertChange: Database.Statement<unknown[]>;
  private readonly mergeSummary: Database.Statement<unknown[]>;
  private readonly deleteEmpty: Database.Statement<[string, string, string, string, string]>;
  private delta = new SummaryDelta();

  constructor(readonly db: Db) {
    registerFunctions(db);
    this.selectOld = db
      .prepare<[string, string], OldRow>(
        `SELECT id, claim_date, fco_id, team, errors, office_overrides, benefit_overrides, corrections, deferral_eligible, deferred, call_seconds
         FROM audit_claims WHERE source = ? AND ref = ?`,
      )
      .raw(true);
    const cols =
      'claim_date, week, fco_id, team, benefit, nino, postcode, benefit_marker, expected_marker, jobcentre_marker, area_office, appointment, ' +
      'deferral_eligible, deferred, call_seconds, office_overrides, benefit_overrides, corrections, errors, findings, import_id, seq, updated_at';
    this.insertClaim = db.prepare(
      `INSERT INTO audit_claims (source, ref, ${cols}) VALUES (?, ?, ${cols.split(', ').map(() => '?').join(', ')}) ON CONFLICT (source, ref) DO NOTHING`,
    );
    this.updateClaim = db.prepare(`UPDATE audit_claims SET ${cols.split(', ').map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
    this.deleteChanges = db.prepare('DELETE FROM audit_changes WHERE claim_id = ?');
    this.insertChange = db.prepare(
      `INSERT INTO audit_changes (claim_id, kind, target, from_value, to_value, reason, note, at, by, day, fco_id, team, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.mergeSummary = db.prepare(
      `INSERT INTO audit_summary (grain, start, fco_id, team, source, ${COUNT_COLUMNS.join(', ')}, hist)
       VALUES (?, ?, ?, ?, ?, ${COUNT_COLUMNS.map(() => '?').join(', ')}, ?)
       ON CONFLICT (grain, start, fco_id, team, source) DO UPDATE SET
         ${COUNT_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}, hist = audit_hist_add(hist, excluded.hist)`,
    );
    this.deleteEmpty = db.prepare('DELETE FROM audit_summary WHERE grain = ? AND start = ? AND fco_id = ? AND team = ? AND source = ? AND claims <= 0');
  }

  /**
   * Inserts or replaces one claim's audit row (run inside a transaction). Returns the row id, whether it replaced an
   * earlier row, and that row's claim date (a deferred summary must rebuild the month it left).
   */
  upsert(r: AuditClaimInput): { id: number; replaced: boolean; oldClaimDate: string | null } {
    let officeOverrides = 0;
    let benefitOverrides = 0;
    for (const c of r.changes) {
      if (c.kind === 'officeOverride') officeOverrides++;
      else if (c.kind === 'benefitMarkerOverride') benefitOverrides++;
    }
    const callSeconds = r.callSeconds === null ? null : Math.max(0, Math.min(86_400, Math.round(r.callSeconds)));
    let week = this.weeks.get(r.claimDate);
    if (week === undefined) {
      if (this.weeks.size > 10_000) this.weeks.clear();
      this.weeks.set(r.claimDate, (week = weekStart(r.claimDate)));
    }
    const values: unknown[] = [
      r.source,
      r.ref,
      r.claimDate,
      week,
      r.fcoId,
      r.team,
      r.benefit,
      r.nino,
      r.postcode,
      r.benefitMarker,
      r.expectedMarker,
      r.jobcentreMarker,
      r.areaOffice,
      r.appointment,
      r.deferralEligible ? 1 : 0,
      r.deferred ? 1 : 0,
      callSeconds,
      officeOverrides,
      benefitOverrides,
      r.corrections,
      r.errors,
      r.findings,
      r.importId,
      r.seq,
      r.updatedAt,
    ];
    // New claims (the common case in an import) take one statement; a claim already there is read, then updated.
    const inserted = this.insertClaim.run(values);
    let id: number;
    let old: OldRow | undefined;
    if (inserted.changes === 1) id = Number(inserted.lastInsertRowid);
    else {
      old = this.selectOld.get(r.source, r.ref)!;
      id = old[0];
      this.delta.add(old[1], old[2], old[3], r.source, old[4], old[5], old[6], old[7], old[8], old[9], old[10], -1);
      values.push(id);
      this.updateClaim.run(values.slice(2));
      this.deleteChanges.run(id);
    }
    for (const c of r.changes)
      this.insertChange.run(id, c.kind, c.target, c.from, c.to, c.reason, c.note, c.at, c.by, r.claimDate, r.fcoId, r.team, r.source);
    this.delta.add(r.claimDate, r.fcoId, r.team, r.source, r.errors, officeOverrides, benefitOverrides, r.corrections, r.deferralEligible ? 1 : 0, r.deferred ? 1 : 0, callSeconds, 1);
    return { id, replaced: old !== undefined, oldClaimDate: old ? old[1] : null };
  }

  /** Merges the summary changes collected since the last flush. Run inside the same transaction as the upserts. */
  flush(): void {
    for (const b of this.delta.buckets()) {
      if (b.counts.every((x) => x === 0) && b.hist.size === 0) continue;
      this.mergeSummary.run(b.grain, b.start, b.fcoId, b.team, b.source, ...b.counts, encodeHist(b.hist));
      if (b.counts[0]! < 0) this.deleteEmpty.run(b.grain, b.start, b.fcoId, b.team, b.source);
    }
    this.delta = new SummaryDelta();
  }

  /** Throws away collected summary changes (after a rolled-back transaction). */
  discard(): void {
    this.delta = new SummaryDelta();
  }

  /**
   * Recomputes `audit_summary` from `audit_claims` in SQL: everything, or one source's whole months (`month` is the
   * 1st). Used after a legacy import for the months it touched, for repair, and for bulk seeding; the tests check it
   * agrees with the incremental path. Run inside a transaction.
   */
  rebuildSummary(scope: { source: AuditSource; month: string } | null = null): number {
    const reasonSums = REASONS.map((_, i) => `sum((errors & ${1 << i}) != 0)`).join(', ');
    const sums = `count(*), sum(errors != 0), ${reasonSums}, sum(office_overrides), sum(benefit_overrides), sum(corrections),
      sum(deferral_eligible), sum(deferred), count(call_seconds), audit_hist(call_seconds)`;
    const cols = `grain, start, fco_id, team, source, ${COUNT_COLUMNS.join(', ')}, hist`;
    if (scope === null) {
      this.db.prepare('DELETE FROM audit_summary').run();
      const days = this.db.prepare(`INSERT INTO audit_summary (${cols}) SELECT 'day', claim_date, fco_id, team, source, ${sums} FROM audit_claims GROUP BY claim_date, fco_id, team, source`).run().changes;
      this.db
        .prepare(
          `INSERT INTO audit_summary (${cols}) SELECT 'month', substr(claim_date, 1, 7) || '-01', fco_id, team, source, ${sums}
           FROM audit_claims GROUP BY substr(claim_date, 1, 7), fco_id, team, source`,
        )
        .run();
      return days;
    }
    const from = scope.month;
    const to = monthEnd(from);
    this.db.prepare("DELETE FROM audit_summary WHERE grain = 'day' AND start BETWEEN ? AND ? AND source = ?").run(from, to, scope.source);
    this.db.prepare("DELETE FROM audit_summary WHERE grain = 'month' AND start = ? AND source = ?").run(from, scope.source);
    // Product claims: the week index finds the month's claims. Legacy claims (after an interrupted import): a scan.
    const product = scope.source === 'product';
    const where = product ? "source = 'product' AND week BETWEEN ? AND ? AND claim_date BETWEEN ? AND ?" : "source = 'legacy' AND claim_date BETWEEN ? AND ?";
    const args = product ? [weekStart(from), weekStart(to), from, to] : [from, to];
    const days = this.db.prepare(`INSERT INTO audit_summary (${cols}) SELECT 'day', claim_date, fco_id, team, source, ${sums} FROM audit_claims WHERE ${where} GROUP BY claim_date, fco_id, team, source`).run(...args).changes;
    this.db.prepare(`INSERT INTO audit_summary (${cols}) SELECT 'month', ?, fco_id, team, source, ${sums} FROM audit_claims WHERE ${where} GROUP BY fco_id, team, source`).run(from, ...args);
    return days;
  }
}
