import { assessClaim, maskOf, type AppointmentFact } from '../../machines/rules/audit';
import { normaliseNino, normalisePostcode, parseIsoDate } from '../../machines/rules/ukFormats';
import type { BenefitPolicy, ScriptPackage } from '../../scripts-content/schema';
import { columnIndexes } from '../csv/parseCsv';
import type { Directory } from '../directory/directory';
import type { AuditChangeInput, AuditClaimInput } from './auditStore';

/**
 * The legacy marker export, row by row: validation (a malformed row is rejected naming the field) and the audit of
 * each good row with the same rules as claims taken in this product. Used in the importing thread, or in a worker
 * thread that feeds the writer (legacyImportWorker.ts); both read rows in file order.
 */

export const LEGACY_REQUIRED = [
  'claim_ref',
  'nino',
  'claim_date',
  'fco_id',
  'team',
  'benefit_type',
  'primary_marker',
  'jobcentre_marker',
  'customer_postcode',
  'appointment_status',
] as const;
export const LEGACY_OPTIONAL = ['office_reason', 'marker_reason', 'call_seconds'] as const;

/** Legacy benefit codes (and the script content's benefit ids) to the content's benefit ids. */
export const LEGACY_BENEFIT_CODES: Readonly<Record<string, string>> = {
  JSA: 'jobseekersAllowance',
  IB: 'incapacityBenefit',
  IS: 'incomeSupportLoneParent',
  ISLP: 'incomeSupportLoneParent',
  CA: 'carer',
  CARER: 'carer',
  BB: 'bereavement',
  BA: 'bereavement',
  HB: 'housingCouncilTaxOnly',
  CTB: 'housingCouncilTaxOnly',
  'HB/CTB': 'housingCouncilTaxOnly',
  HBCTB: 'housingCouncilTaxOnly',
};

/** appointment_status values (case-insensitive) and what they mean for the audit. Blank: nothing recorded. */
export const LEGACY_APPOINTMENT: Readonly<Record<string, AppointmentFact['kind']>> = {
  booked: 'booked',
  scheduled: 'dueWindow',
  due_window: 'dueWindow',
  deferred: 'deferred',
  no_wfi: 'noWfi',
  not_scheduled: 'notReached',
  not_booked: 'notReached',
  '': 'none',
};

export interface LegacyRejection {
  line: number;
  field: string | null;
  reason: string;
  excerpt: string;
}

export class RowRejected extends Error {
  constructor(readonly field: string | null, reason: string) {
    super(reason);
  }
}

const NO_CHANGES: AuditChangeInput[] = Object.freeze([]) as unknown as AuditChangeInput[];
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const REF = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;

function claimDateOf(t: string): string {
  const m = UK_DATE.exec(t);
  const iso = m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : t;
  const d = parseIsoDate(iso);
  if (!d) throw new RowRejected('claim_date', t ? `"${t}" is not a real date (use YYYY-MM-DD or DD/MM/YYYY)` : 'is empty');
  return d;
}

/** A trimmed field, or '' for an optional column the file does not have (index -1). Module level: no closure per row. */
function field(record: readonly string[], i: number): string {
  return i >= 0 ? record[i]!.trim() : '';
}

export const excerptOf = (record: readonly string[]): string => {
  const raw = record.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
  return raw.length > 100 ? `${raw.slice(0, 97)}...` : raw;
};

/** Collects rejections: all are counted (per field), the first `keep` by line number are kept in full. */
export class RejectionList {
  count = 0;
  readonly first: LegacyRejection[] = [];
  readonly byField: Record<string, number> = {};
  constructor(private readonly keep: number) {}

  add(line: number, field: string | null, reason: string, record: readonly string[]): void {
    this.count++;
    const k = field ?? '(row)';
    this.byField[k] = (this.byField[k] ?? 0) + 1;
    if (this.first.length < this.keep) this.first.push({ line, field, reason: field ? `${field}: ${reason}` : reason, excerpt: excerptOf(record) });
  }
}

export interface RowReaderOptions {
  header: readonly string[];
  pkg: ScriptPackage;
  contactCentreCodes: readonly string[];
  directory: Directory;
  importId: number;
  nowIso: string;
}

/**
 * Reads data rows in file order: `read` returns the audit row, or throws RowRejected (malformed, or a claim_ref seen
 * earlier in the file; the first occurrence is kept).
 */
export function createRowReader(o: RowReaderOptions): { read(record: readonly string[], line: number): AuditClaimInput } {
  const pkg = o.pkg;
  const ccCode = pkg.contactCentre.code;
  const ccKeys = new Set([ccCode, ...o.contactCentreCodes].map((c) => c.trim().toUpperCase()));
  const policies = new Map<string, BenefitPolicy>(pkg.benefits.map((b) => [b.id, b]));
  const benefitByCode = new Map<string, BenefitPolicy>();
  for (const [code, id] of Object.entries(LEGACY_BENEFIT_CODES)) if (policies.has(id)) benefitByCode.set(code, policies.get(id)!);
  for (const b of pkg.benefits) benefitByCode.set(b.id.toUpperCase(), b);
  const col = columnIndexes(o.header, LEGACY_REQUIRED);
  const trimmed = o.header.map((h) => h.trim());
  const opt = Object.fromEntries(LEGACY_OPTIONAL.map((k) => [k, trimmed.indexOf(k)])) as Record<(typeof LEGACY_OPTIONAL)[number], number>;
  const width = o.header.length;
  const benefitCodes = Object.keys(LEGACY_BENEFIT_CODES).join(', ');
  const appointmentValues = Object.keys(LEGACY_APPOINTMENT).filter(Boolean).join(', ');

  const seen = new Map<string, number>();
  const dateCache = new Map<string, string>();
  const areaCache = new Map<string, { suggested: string | null; candidates: string[] } | null>();
  const officeCache = new Map<string, { code: string; serving: boolean; cc: boolean }>();

  const office = (raw: string) => {
    let hit = officeCache.get(raw);
    if (!hit) {
      const key = raw.toUpperCase();
      const cc = ccKeys.has(key);
      const found = cc ? null : o.directory.officeByCode(raw);
      officeCache.set(raw, (hit = { code: found?.code ?? key, serving: found !== null, cc }));
    }
    return hit;
  };
  const area = (postcode: string) => {
    const hit = areaCache.get(postcode);
    if (hit !== undefined) return hit;
    const r = o.directory.allocate(postcode, ccCode);
    const a = r.match === 'unknown' ? null : { suggested: r.suggestedCode, candidates: r.candidates.map((c) => c.code) };
    if (areaCache.size > 500_000) areaCache.clear();
    areaCache.set(postcode, a);
    return a;
  };

  function read(record: readonly string[], line: number): AuditClaimInput {
    if (record.length !== width) throw new RowRejected(null, `expected ${width} fields as in the header, found ${record.length}`);
    const ref = field(record, col.claim_ref);
    if (!ref) throw new RowRejected('claim_ref', 'is empty');
    if (!REF.test(ref)) throw new RowRejected('claim_ref', `"${ref.slice(0, 40)}" is not a claim reference (letters, digits and / _ . -, up to 40 characters)`);
    const ninoRaw = field(record, col.nino);
    const nino = normaliseNino(ninoRaw);
    if (!nino) throw new RowRejected('nino', ninoRaw ? `"${ninoRaw}" is not a National Insurance number` : 'is empty');
    const dateRaw = field(record, col.claim_date);
    let claimDate = dateCache.get(dateRaw);
    if (claimDate === undefined) {
      claimDate = claimDateOf(dateRaw);
      if (dateCache.size > 50_000) dateCache.clear();
      dateCache.set(dateRaw, claimDate);
    }
    const fcoId = field(record, col.fco_id);
    if (!fcoId) throw new RowRejected('fco_id', 'is empty');
    if (fcoId.length > 80) throw new RowRejected('fco_id', 'is longer than 80 characters');
    const team = field(record, col.team);
    if (team.length > 80) throw new RowRejected('team', 'is longer than 80 characters');
    const benefitRaw = field(record, col.benefit_type);
    const policy = benefitByCode.get(benefitRaw.toUpperCase());
    if (!policy) throw new RowRejected('benefit_type', benefitRaw ? `"${benefitRaw.slice(0, 40)}" is not a known benefit (use ${benefitCodes} or a content benefit id)` : 'is empty');
    const marker = field(record, col.primary_marker);
    if (marker.length > 80) throw new RowRejected('primary_marker', 'is longer than 80 characters');
    const jcRaw = field(record, col.jobcentre_marker);
    if (jcRaw.length > 40) throw new RowRejected('jobcentre_marker', 'is longer than 40 characters');
    const pcRaw = field(record, col.customer_postcode);
    const postcode = normalisePostcode(pcRaw);
    if (!postcode) throw new RowRejected('customer_postcode', pcRaw ? `"${pcRaw.slice(0, 20)}" is not a UK postcode` : 'is empty');
    const apptRaw = field(record, col.appointment_status).toLowerCase();
    const apptKind = LEGACY_APPOINTMENT[apptRaw];
    if (apptKind === undefined) throw new RowRejected('appointment_status', `"${apptRaw.slice(0, 40)}" is not one of ${appointmentValues} (or blank)`);
    const officeReason = field(record, opt.office_reason);
    const markerReason = field(record, opt.marker_reason);
    if (officeReason.length > 500) throw new RowRejected('office_reason', 'is longer than 500 characters');
    if (markerReason.length > 500) throw new RowRejected('marker_reason', 'is longer than 500 characters');
    const secRaw = field(record, opt.call_seconds);
    let callSeconds: number | null = null;
    if (secRaw) {
      if (!/^\d{1,5}$/.test(secRaw) || Number(secRaw) > 86_400) throw new RowRejected('call_seconds', `"${secRaw.slice(0, 20)}" is not a whole number of seconds (0 to 86400)`);
      callSeconds = Number(secRaw);
    }
    const first = seen.get(ref);
    if (first !== undefined) throw new RowRejected('claim_ref', `"${ref}" appears again (first on line ${first}); the first row was kept`);
    seen.set(ref, line);

    const jc = jcRaw ? office(jcRaw) : null;
    const a = area(postcode);
    const appointment: AppointmentFact = apptKind === 'booked' ? { kind: 'booked', officeCodes: [] } : { kind: apptKind };
    const findings = assessClaim({
      benefitName: policy.name.en,
      expectedMarker: policy.marker,
      benefitMarker: marker || null,
      benefitMarkerReason: markerReason || null,
      jobcentreMarker: jc?.code ?? null,
      jobcentreIsContactCentre: jc?.cc ?? false,
      jobcentreIsServing: jc?.serving ?? false,
      area: a,
      officeReason: officeReason || null,
      wfiRequired: policy.appointment !== 'noWfi',
      appointment,
    });
    // Most rows have no recorded reason: share one empty list instead of allocating one per row.
    let changes: AuditChangeInput[] = NO_CHANGES;
    if (officeReason || markerReason) {
      changes = [];
      const at = `${claimDate}T00:00:00.000Z`;
      if (officeReason && jc?.serving && a && (a.suggested !== null ? a.suggested !== jc.code : !a.candidates.includes(jc.code)))
        changes.push({ kind: 'officeOverride', target: 'office', from: a.suggested, to: jc.code, reason: officeReason, note: '', at, by: fcoId });
      if (markerReason && marker.toLowerCase() !== policy.marker.toLowerCase())
        changes.push({ kind: 'benefitMarkerOverride', target: 'benefitMarker', from: policy.marker, to: marker, reason: markerReason, note: '', at, by: fcoId });
    }
    return {
      source: 'legacy',
      ref,
      claimDate,
      fcoId,
      team,
      benefit: policy.id,
      nino,
      postcode,
      benefitMarker: marker || null,
      expectedMarker: policy.marker,
      jobcentreMarker: jc?.code ?? null,
      areaOffice: a?.suggested ?? null,
      appointment: apptKind === 'dueWindow' ? 'scheduled' : apptKind,
      deferralEligible: policy.deferralAllowed,
      deferred: apptKind === 'deferred',
      callSeconds,
      corrections: 0,
      errors: maskOf(findings),
      findings: findings.length ? findings.map((f) => f.text).join('\n') : null,
      importId: o.importId,
      seq: null,
      updatedAt: o.nowIso,
      changes,
    };
  }
  return { read };
}

/** A validated row as a compact array, for the worker → writer message. */
export type PackedRow = [
  ref: string,
  claimDate: string,
  fcoId: string,
  team: string,
  benefit: string | null,
  nino: string | null,
  postcode: string | null,
  benefitMarker: string | null,
  expectedMarker: string | null,
  jobcentreMarker: string | null,
  areaOffice: string | null,
  appointment: string,
  flags: number,
  callSeconds: number | null,
  errors: number,
  findings: string | null,
  changes: [AuditChangeInput['kind'], string | null, string | null, string | null, string, string, string, string][] | 0,
];

export function packRow(r: AuditClaimInput): PackedRow {
  return [
    r.ref,
    r.claimDate,
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
    (r.deferralEligible ? 1 : 0) | (r.deferred ? 2 : 0),
    r.callSeconds,
    r.errors,
    r.findings,
    r.changes.length ? r.changes.map((c) => [c.kind, c.target, c.from, c.to, c.reason, c.note, c.at, c.by]) : 0,
  ];
}

export function unpackRow(p: PackedRow, importId: number, nowIso: string): AuditClaimInput {
  return {
    source: 'legacy',
    ref: p[0],
    claimDate: p[1],
    fcoId: p[2],
    team: p[3],
    benefit: p[4],
    nino: p[5],
    postcode: p[6],
    benefitMarker: p[7],
    expectedMarker: p[8],
    jobcentreMarker: p[9],
    areaOffice: p[10],
    appointment: p[11],
    deferralEligible: (p[12] & 1) !== 0,
    deferred: (p[12] & 2) !== 0,
    callSeconds: p[13],
    corrections: 0,
    errors: p[14],
    findings: p[15],
    importId,
    seq: null,
    updatedAt: nowIso,
    changes: p[16] === 0 ? [] : p[16].map(([kind, target, from, to, reason, note, at, by]) => ({ kind, target, from, to, reason, note, at, by })),
  };
}
