import type Database from 'better-sqlite3';
import { z } from 'zod';
import { normalisePostcode } from '../../machines/rules/ukFormats';
import { columnIndexes, openCsvFile, parseCsv, RejectionLog, type Rejection } from '../csv/parseCsv';

/**
 * Postcode locations (`postcode,lat,long`, optionally gzipped; extra columns ignored), e.g. the ONS NSPL extract.
 *
 * The file is first loaded into a TEMP staging table in short batch transactions, then swapped into `postcodes` in one
 * transaction that also rebuilds the outcode centroids. Why not one long transaction around the whole read: the read
 * is asynchronous, and anything else using this connection meanwhile would write inside our transaction (and be rolled
 * back with it). Staging in TEMP takes no lock on the main database, so the running desk keeps writing calls until
 * the swap, which holds the write lock for a few seconds only. A failure at any point leaves the previous data as it
 * was, and a file with no usable row is refused outright.
 */

/** Covers the UK including Northern Ireland, Scilly and Shetland; a point outside is a data error, not a location. */
export const UK_BOUNDS = { lat: { min: 49.5, max: 61.0 }, long: { min: -8.7, max: 2.0 } } as const;

const DECIMAL = /^[-+]?\d+(\.\d+)?$/;

export function coordinateField(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(1, { error: 'is blank', abort: true })
    .regex(DECIMAL, { error: 'is not a decimal number' })
    .transform(Number)
    .pipe(z.number().min(min, { error: `is outside the UK range ${min} to ${max}` }).max(max, { error: `is outside the UK range ${min} to ${max}` }));
}

export const postcodeField = z.string().transform((raw, ctx) => {
  const pc = normalisePostcode(raw);
  if (pc === null) {
    ctx.addIssue({ code: 'custom', message: raw.trim() ? `"${raw.trim()}" is not a UK postcode` : 'is blank', input: raw });
    return z.NEVER;
  }
  return pc;
});

const PostcodeRow = z.object({
  postcode: postcodeField,
  lat: coordinateField(UK_BOUNDS.lat.min, UK_BOUNDS.lat.max),
  long: coordinateField(UK_BOUNDS.long.min, UK_BOUNDS.long.max),
});

/** "lat is blank; long is blank": every problem in the row, each naming its column. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'row'} ${i.message}`).join('; ');
}

/** The columns at fault ("lat+long"), to count rejections by kind. */
export function issueKind(error: z.ZodError): string {
  return [...new Set(error.issues.map((i) => i.path.join('.') || 'row'))].join('+');
}

export interface ImportProgress {
  phase: 'reading' | 'writing' | 'outcodes';
  rows: number;
  total?: number;
}

export interface PostcodeImportOptions {
  file: string;
  /** Called about every `progressEvery` rows while reading, and once per later phase. A throw aborts the import. */
  onProgress?: (p: ImportProgress) => void;
  progressEvery?: number;
}

export interface PostcodeImportReport {
  file: string;
  rowsRead: number;
  imported: number;
  rejected: number;
  /** The first 20 rejected rows. */
  rejections: Rejection[];
  /** Rejected rows per kind of problem: "lat+long" (no coordinates), "postcode", "duplicate", "width". */
  rejectedByKind: Record<string, number>;
  outcodes: number;
  elapsedMs: number;
}

export class ImportRefusedError extends Error {
  constructor(message: string, readonly rejections: Rejection[] = []) {
    super(`${message} Nothing was changed.`);
    this.name = 'ImportRefusedError';
  }
}

const BATCH = 20_000;
/** Connections with a postcode import under way: two at once on one connection would share the staging table. */
const running = new WeakSet<Database.Database>();

/**
 * Outcode centroids from the postcodes table. The outcode is everything before the space of the canonical form, so an
 * index range on the primary key can restrict the rebuild to one postcode area (the demo data uses this).
 */
export function rebuildOutcodes(db: Database.Database, area?: string): number {
  const where = area ? `WHERE postcode >= ? AND postcode < ?` : '';
  const range = area ? [area, `${area}\x7f`] : [];
  if (area) db.prepare(`DELETE FROM outcodes WHERE outcode >= ? AND outcode < ?`).run(...range);
  else db.exec('DELETE FROM outcodes');
  return db
    .prepare(
      `INSERT INTO outcodes (outcode, lat, long, postcode_count)
       SELECT substr(postcode, 1, instr(postcode, ' ') - 1) AS oc, AVG(lat), AVG(long), COUNT(*)
       FROM postcodes ${where} GROUP BY oc`,
    )
    .run(...range).changes;
}

export async function importPostcodes(db: Database.Database, options: PostcodeImportOptions): Promise<PostcodeImportReport> {
  if (running.has(db)) throw new ImportRefusedError('A postcode import is already running on this database connection.');
  running.add(db);
  try {
    return await stageAndSwap(db, options);
  } finally {
    running.delete(db);
  }
}

async function stageAndSwap(db: Database.Database, options: PostcodeImportOptions): Promise<PostcodeImportReport> {
  const started = performance.now();
  const every = options.progressEvery ?? 100_000;
  const rejections = new RejectionLog();
  let rowsRead = 0;
  let staged = 0;

  db.exec(`DROP TABLE IF EXISTS temp.postcode_import;
    CREATE TEMP TABLE postcode_import (postcode TEXT PRIMARY KEY, lat REAL NOT NULL, long REAL NOT NULL) STRICT, WITHOUT ROWID;`);
  try {
    const stage = db.prepare('INSERT OR IGNORE INTO temp.postcode_import (postcode, lat, long) VALUES (?, ?, ?)');
    type Staged = { line: number; record: string[]; postcode: string; lat: number; long: number };
    const flush = db.transaction((batch: Staged[]) => {
      for (const r of batch) {
        if (stage.run(r.postcode, r.lat, r.long).changes === 1) staged++;
        else rejections.add(r.line, `duplicate postcode ${r.postcode} (an earlier row has it)`, r.record, 'duplicate');
      }
    });

    let width = 0;
    let cols: { postcode: number; lat: number; long: number } | null = null;
    let batch: Staged[] = [];
    for await (const { line, record } of parseCsv(openCsvFile(options.file))) {
      if (!cols) {
        cols = columnIndexes(record, ['postcode', 'lat', 'long']);
        width = record.length;
        continue;
      }
      rowsRead++;
      if (rowsRead % every === 0) options.onProgress?.({ phase: 'reading', rows: rowsRead });
      if (record.length !== width) {
        rejections.add(line, `expected ${width} fields, found ${record.length}`, record, 'width');
        continue;
      }
      const parsed = PostcodeRow.safeParse({ postcode: record[cols.postcode], lat: record[cols.lat], long: record[cols.long] });
      if (!parsed.success) {
        rejections.add(line, describeIssues(parsed.error), record, issueKind(parsed.error));
        continue;
      }
      batch.push({ line, record, ...parsed.data });
      if (batch.length >= BATCH) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
    if (!cols) throw new ImportRefusedError(`${options.file} is empty.`);
    if (staged === 0) throw new ImportRefusedError(`${options.file} has no usable postcode row.`, rejections.first);

    let outcodes = 0;
    db.transaction(() => {
      options.onProgress?.({ phase: 'writing', rows: staged, total: staged });
      db.exec('DELETE FROM main.postcodes');
      // The staging table is keyed like the target, so rows arrive in primary-key order and append cheaply.
      db.exec('INSERT INTO main.postcodes (postcode, lat, long) SELECT postcode, lat, long FROM temp.postcode_import');
      options.onProgress?.({ phase: 'outcodes', rows: staged, total: staged });
      outcodes = rebuildOutcodes(db);
    }).immediate();

    return {
      file: options.file,
      rowsRead,
      imported: staged,
      rejected: rejections.count,
      rejections: rejections.first,
      rejectedByKind: Object.fromEntries(rejections.byKind),
      outcodes,
      elapsedMs: performance.now() - started,
    };
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.postcode_import');
    // The swap wrote ~100 MB to the WAL; give the space back now rather than whenever a checkpoint next runs.
    if (!db.inTransaction) db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
