import type Database from 'better-sqlite3';
import { z } from 'zod';
import { parseIsoDate } from '../../machines/rules/ukFormats';
import { londonDay } from '../../machines/rules/windows';
import { columnIndexes, parseCsv, openCsvFile, RejectionLog, type Rejection } from '../csv/parseCsv';
import {
  coordinateField,
  describeIssues,
  ImportRefusedError,
  issueKind,
  postcodeField,
  UK_BOUNDS,
  type ImportProgress,
} from './importPostcodes';

/**
 * Imports the DWP Jobcentre Plus office file (columns nomis_office_code, office_name, jobcentre_group,
 * jobcentre_district, office_address, postcode, lat, long[, register_status_2021, register_uprn]) and, optionally, the
 * 2021 Jobcentre register (jobcentre, name, …, start_date, end_date) that says which offices have since closed.
 *
 * Status mapping (only 'serving' offices can hold the Jobcentre marker):
 * - With a register, the register decides for every code it lists: an `end_date` on or before today → closed,
 *   otherwise serving. It is the later and more specific source.
 * - Otherwise (no register, or a code the register does not list), `register_status_2021`:
 *   live_in_register → serving; closed_in_register → closed;
 *   not_in_register → serving. Judgement: that status comes from a join on code *and name*, and in the 2017 file 8 of
 *   the 10 such offices with a unique code are in the 2021 register under a new name with no end date (Blackpool South
 *   → Blackpool, Colwyn → Colwyn Bay, …). Treating them as closed would send their customers to a farther office; the
 *   other two (Birmingham City, Derby Normanton) are closed by the register when it is supplied.
 *   A blank or absent status column → serving (a plain office list carries no closure information).
 *
 * Rows are validated one by one (zod); a bad row is rejected with its line number and reason and the rest imported:
 * blank or non-numeric coordinates, coordinates outside the UK, an invalid postcode, a blank code or name, a row of
 * the wrong width, and a code seen on an earlier row (NOMIS codes compare without leading zeros, as the register writes
 * them; the first row keeps the code, since a code identifies one office and guessing between two would be worse).
 *
 * Writing is one transaction: every accepted office is inserted or updated; offices from an earlier import that are
 * absent from this file are marked closed rather than deleted (past calls and audits still name them); the demo
 * offices are deleted, so fictional offices can never sit beside real ones. A file with no usable row is refused.
 */

export const DEMO_SOURCE = 'demo';

type FileStatus = 'live_in_register' | 'closed_in_register' | 'not_in_register' | '';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : s));

const OfficeRow = z.object({
  nomis_office_code: z
    .string()
    .trim()
    .min(1, { error: 'is blank', abort: true })
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/, { error: 'is not an office code' }),
  office_name: z.string().trim().min(1, { error: 'is blank' }),
  jobcentre_group: optionalText,
  jobcentre_district: optionalText,
  office_address: z.string().trim().min(1, { error: 'is blank' }),
  postcode: postcodeField,
  lat: coordinateField(UK_BOUNDS.lat.min, UK_BOUNDS.lat.max),
  long: coordinateField(UK_BOUNDS.long.min, UK_BOUNDS.long.max),
  register_status_2021: z.enum(['live_in_register', 'closed_in_register', 'not_in_register', ''], {
    error: 'must be live_in_register, closed_in_register, not_in_register or blank',
  }),
});
type OfficeRow = z.infer<typeof OfficeRow>;

const isoDateOrBlank = z
  .string()
  .trim()
  .refine((s) => s === '' || parseIsoDate(s) !== null, { error: 'is not a date (YYYY-MM-DD)' });

const RegisterRow = z.object({
  jobcentre: z.string().trim().regex(/^\d{1,8}$/, { error: 'is not a NOMIS office code' }),
  name: z.string().trim(),
  end_date: isoDateOrBlank,
});

/** NOMIS codes appear with and without leading zeros ("01773" in the office file, "1773" in the register). */
export function officeCodeKey(code: string): string {
  return code.replace(/^0+(?=\d)/, '');
}

export interface OfficeImportOptions {
  file: string;
  registerFile?: string;
  /** Decides whether a register end date has passed, and stamps `imported_at`. */
  now: Date;
  /** Called per phase and every `progressEvery` rows. A throw aborts the import with nothing changed. */
  onProgress?: (p: ImportProgress) => void;
  progressEvery?: number;
}

export interface OfficeImportReport {
  file: string;
  rowsRead: number;
  imported: number;
  serving: number;
  closed: number;
  rejected: number;
  /** The first 20 rejected rows. */
  rejections: Rejection[];
  /** Offices from an earlier import that this file no longer lists, now marked closed. */
  retired: number;
  demoRemoved: number;
  register: null | {
    file: string;
    rowsRead: number;
    rejected: number;
    rejections: Rejection[];
    /** Accepted offices whose code the register lists. */
    matched: number;
    /** Offices the register closed although the office file's own status would have kept them serving. */
    closedByRegister: number;
  };
  elapsedMs: number;
}

interface RegisterEntry {
  name: string;
  endDate: string | null;
}

async function readRegister(file: string) {
  const rejections = new RejectionLog();
  const entries = new Map<string, RegisterEntry>();
  let cols: Record<'jobcentre' | 'name' | 'end_date', number> | null = null;
  let width = 0;
  let rowsRead = 0;
  for await (const { line, record } of parseCsv(openCsvFile(file))) {
    if (!cols) {
      cols = columnIndexes(record, ['jobcentre', 'name', 'end_date']);
      width = record.length;
      continue;
    }
    rowsRead++;
    if (record.length !== width) {
      rejections.add(line, `expected ${width} fields, found ${record.length}`, record, 'width');
      continue;
    }
    const parsed = RegisterRow.safeParse({ jobcentre: record[cols.jobcentre], name: record[cols.name], end_date: record[cols.end_date] });
    if (!parsed.success) {
      rejections.add(line, describeIssues(parsed.error), record, issueKind(parsed.error));
      continue;
    }
    const key = officeCodeKey(parsed.data.jobcentre);
    if (entries.has(key)) {
      rejections.add(line, `duplicate jobcentre code ${parsed.data.jobcentre}`, record, 'duplicate');
      continue;
    }
    entries.set(key, { name: parsed.data.name, endDate: parsed.data.end_date || null });
  }
  if (!cols) throw new ImportRefusedError(`${file} is empty.`);
  return { entries, rowsRead, rejections };
}

export async function importOffices(db: Database.Database, options: OfficeImportOptions): Promise<OfficeImportReport> {
  const started = performance.now();
  const every = options.progressEvery ?? 100;
  const today = londonDay(options.now);
  const register = options.registerFile ? await readRegister(options.registerFile) : null;

  const rejections = new RejectionLog();
  const accepted: (OfficeRow & { line: number })[] = [];
  const firstLineByKey = new Map<string, number>();
  let rowsRead = 0;
  let cols: Record<string, number | undefined> | null = null;
  let width = 0;
  const required = ['nomis_office_code', 'office_name', 'office_address', 'postcode', 'lat', 'long'] as const;
  for await (const { line, record } of parseCsv(openCsvFile(options.file))) {
    if (!cols) {
      columnIndexes(record, required);
      cols = Object.fromEntries(record.map((h, i) => [h.trim(), i]));
      width = record.length;
      continue;
    }
    rowsRead++;
    if (rowsRead % every === 0) options.onProgress?.({ phase: 'reading', rows: rowsRead });
    if (record.length !== width) {
      rejections.add(line, `expected ${width} fields, found ${record.length}`, record, 'width');
      continue;
    }
    const c = cols;
    const field = (name: string) => {
      const i = c[name];
      return i === undefined ? '' : (record[i] ?? '');
    };
    const parsed = OfficeRow.safeParse({
      nomis_office_code: field('nomis_office_code'),
      office_name: field('office_name'),
      jobcentre_group: field('jobcentre_group'),
      jobcentre_district: field('jobcentre_district'),
      office_address: field('office_address'),
      postcode: field('postcode'),
      lat: field('lat'),
      long: field('long'),
      register_status_2021: field('register_status_2021').trim(),
    });
    if (!parsed.success) {
      rejections.add(line, describeIssues(parsed.error), record, issueKind(parsed.error));
      continue;
    }
    const key = officeCodeKey(parsed.data.nomis_office_code);
    const earlier = firstLineByKey.get(key);
    if (earlier !== undefined) {
      rejections.add(line, `nomis_office_code ${parsed.data.nomis_office_code} is already used on line ${earlier}`, record, 'duplicate');
      continue;
    }
    firstLineByKey.set(key, line);
    accepted.push({ ...parsed.data, line });
  }
  if (!cols) throw new ImportRefusedError(`${options.file} is empty.`);
  if (accepted.length === 0) throw new ImportRefusedError(`${options.file} has no usable office row.`, rejections.first);

  const fromFileStatus = (s: FileStatus) => (s === 'closed_in_register' ? 'closed' : 'serving');
  let matched = 0;
  let closedByRegister = 0;
  const rows = accepted.map((r) => {
    const entry = register?.entries.get(officeCodeKey(r.nomis_office_code));
    let status = fromFileStatus(r.register_status_2021);
    if (entry) {
      matched++;
      const registerStatus = entry.endDate !== null && entry.endDate <= today ? 'closed' : 'serving';
      if (registerStatus === 'closed' && status === 'serving') closedByRegister++;
      status = registerStatus;
    }
    return { ...r, status };
  });

  const source = options.registerFile ? `${baseName(options.file)} + ${baseName(options.registerFile)}` : baseName(options.file);
  const importedAt = options.now.toISOString();
  const upsert = db.prepare(
    `INSERT INTO offices (code, name, address, postcode, lat, long, district, group_name, status, source, imported_at)
     VALUES (@code, @name, @address, @postcode, @lat, @long, @district, @group, @status, @source, @importedAt)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, address = excluded.address, postcode = excluded.postcode,
       lat = excluded.lat, long = excluded.long, district = excluded.district, group_name = excluded.group_name,
       status = excluded.status, source = excluded.source, imported_at = excluded.imported_at`,
  );
  let retired = 0;
  let demoRemoved = 0;
  db.transaction(() => {
    options.onProgress?.({ phase: 'writing', rows: 0, total: rows.length });
    demoRemoved = db.prepare('DELETE FROM offices WHERE source = ?').run(DEMO_SOURCE).changes;
    rows.forEach((r, i) => {
      upsert.run({
        code: r.nomis_office_code,
        name: r.office_name,
        address: r.office_address,
        postcode: r.postcode,
        lat: r.lat,
        long: r.long,
        district: r.jobcentre_district,
        group: r.jobcentre_group,
        status: r.status,
        source,
        importedAt,
      });
      if ((i + 1) % every === 0) options.onProgress?.({ phase: 'writing', rows: i + 1, total: rows.length });
    });
    retired = db
      .prepare(
        `UPDATE offices SET status = 'closed', imported_at = ?
         WHERE status = 'serving' AND code NOT IN (SELECT value FROM json_each(?))`,
      )
      .run(importedAt, JSON.stringify(rows.map((r) => r.nomis_office_code))).changes;
  }).immediate();

  const serving = rows.filter((r) => r.status === 'serving').length;
  return {
    file: options.file,
    rowsRead,
    imported: rows.length,
    serving,
    closed: rows.length - serving,
    rejected: rejections.count,
    rejections: rejections.first,
    retired,
    demoRemoved,
    register: register
      ? {
          file: options.registerFile ?? '',
          rowsRead: register.rowsRead,
          rejected: register.rejections.count,
          rejections: register.rejections.first,
          matched,
          closedByRegister,
        }
      : null,
    elapsedMs: performance.now() - started,
  };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
