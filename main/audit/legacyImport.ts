import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { REASONS, type ReasonCode } from '../../machines/rules/audit';
import type { ScriptPackage } from '../../scripts-content/schema';
import { columnIndexes, CsvHeaderError, CsvSyntaxError, parseCsv } from '../csv/parseCsv';
import type { Db } from '../db/open';
import type { Directory } from '../directory/directory';
import { AuditStore, monthOf, type AuditClaimInput } from './auditStore';
import type { WorkerInput, WorkerMessage } from './legacyImportWorker';
import { createRowReader, LEGACY_REQUIRED, RejectionList, RowRejected, unpackRow, type LegacyRejection, type PackedRow } from './legacyRows';

export { LEGACY_APPOINTMENT, LEGACY_BENEFIT_CODES, LEGACY_OPTIONAL, LEGACY_REQUIRED, type LegacyRejection } from './legacyRows';

/**
 * Import of JP marker records from a legacy system export (docs/audit.md, "Legacy marker export"). Every row is
 * checked with the same rules as claims taken in this product; malformed rows are rejected with their line number and
 * the rest are imported. A file that cannot be read as CSV at all (an unclosed quote, a missing column) changes nothing.
 *
 * Writes go in batches (one transaction each, so desks taking calls meanwhile wait at most a batch); the summary
 * for the months touched is merged once at the end. Large files are read by a worker thread (parsing, validation and
 * directory look-ups) while this thread writes.
 */

export interface LegacyImportResult {
  importId: number;
  file: string;
  rowsRead: number;
  imported: number;
  /** Of `imported`: rows whose claim_ref was already there from an earlier import, now replaced. */
  replaced: number;
  rejected: number;
  /** The first rejections by line number (all are counted in `rejected`). */
  rejections: LegacyRejection[];
  rejectedByField: Record<string, number>;
  claimsWithErrors: number;
  errorsByReason: Record<ReasonCode, number>;
  elapsedMs: number;
  /** Whether a worker thread read the file. */
  parallel: boolean;
}

export class LegacyImportRefused extends Error {
  constructor(message: string, readonly line: number | null = null) {
    super(message);
    this.name = 'LegacyImportRefused';
  }
}

export interface LegacyImportOptions {
  file: string;
  directory: Directory;
  pkg: ScriptPackage;
  /** Codes that identify a contact centre (the script's own centre is always included). */
  contactCentreCodes: readonly string[];
  by: string;
  now: () => Date;
  onProgress?: (p: { rows: number; total: number }) => void;
  /** Rows per write transaction (default 50,000: about a second of writing). */
  batchSize?: number;
  keepRejections?: number;
  /**
   * Read the file in a worker thread. It opens `dbFile` read-only for its own directory (so `directory` must be the
   * SqliteDirectory over that file). 'auto' (the default when `dbFile` is given): for files over 8 MB.
   */
  parallel?: { dbFile: string; mode?: 'auto' | 'always' } | false;
}

const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

async function readHeader(file: string): Promise<string[] | null> {
  for await (const { record } of parseCsv(createReadStream(file, { highWaterMark: 1 << 16 }))) return record;
  return null;
}

export async function importLegacyMarkers(db: Db, opts: LegacyImportOptions): Promise<LegacyImportResult> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? 50_000;
  const keep = opts.keepRejections ?? 50;

  // Pass 1: can the file be read as CSV at all, with the columns we need? Nothing is written unless it can.
  let total: number;
  let header: string[] | null;
  let bytes: number;
  try {
    ({ records: total, bytes } = await scanCsvSyntax(opts.file));
    header = await readHeader(opts.file);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new LegacyImportRefused(`${e.message}. Nothing was imported: fix the file and run the import again.`, e.line);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new LegacyImportRefused(`There is no file ${opts.file}. Nothing was imported.`);
    throw e;
  }
  if (header === null) throw new LegacyImportRefused(`${opts.file} is empty (no header line). Nothing was imported.`, 1);
  try {
    columnIndexes(header, LEGACY_REQUIRED);
  } catch (e) {
    if (e instanceof CsvHeaderError) throw new LegacyImportRefused(`${e.message}. Nothing was imported. Required columns: ${LEGACY_REQUIRED.join(', ')}.`, 1);
    throw e;
  }

  const store = new AuditStore(db);
  recoverInterruptedImports(db, store, opts.now);
  const nowIso = opts.now().toISOString();
  const importId = Number(db.prepare("INSERT INTO audit_imports (file, started_at, status, by) VALUES (?, ?, 'running', ?)").run(basename(opts.file), nowIso, opts.by).lastInsertRowid);

  const errorsByReason = Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<ReasonCode, number>;
  let rowsRead = 0;
  let imported = 0;
  let replaced = 0;
  let claimsWithErrors = 0;
  let rejections = new RejectionList(keep);
  // Months whose summary this import changes (new rows, and rows a re-import moved elsewhere).
  const months = new Set<string>();

  const writeBatch = db.transaction((rows: readonly AuditClaimInput[]) => {
    for (const input of rows) {
      const r = store.upsert(input);
      if (r.replaced) replaced++;
      imported++;
      months.add(monthOf(input.claimDate));
      if (r.oldClaimDate) months.add(monthOf(r.oldClaimDate));
      if (input.errors !== 0) {
        claimsWithErrors++;
        for (let i = 0; i < REASONS.length; i++) if (input.errors & (1 << i)) errorsByReason[REASONS[i]!]++;
      }
    }
    db.prepare('UPDATE audit_imports SET rows_read = ?, imported = ?, replaced = ?, rejected = ?, errors_found = ?, months = ? WHERE id = ?').run(
      rowsRead,
      imported,
      replaced,
      rejections.count,
      claimsWithErrors,
      JSON.stringify([...months].sort()),
      importId,
    );
  });

  const finish = (status: 'complete' | 'failed') => {
    if (status === 'complete') db.transaction(() => store.flush())();
    else {
      // Some batches may have rolled back: recompute the touched months from the claim rows instead.
      store.discard();
      const rebuild = db.transaction((m: string) => store.rebuildSummary({ source: 'legacy', month: m }));
      for (const m of [...months].sort()) rebuild(m);
    }
    db.prepare('UPDATE audit_imports SET status = ?, finished_at = ?, rows_read = ?, imported = ?, replaced = ?, rejected = ?, errors_found = ? WHERE id = ?').run(
      status,
      opts.now().toISOString(),
      rowsRead,
      imported,
      replaced,
      rejections.count,
      claimsWithErrors,
      importId,
    );
  };

  const parallel = opts.parallel ? opts.parallel.mode === 'always' || bytes >= PARALLEL_MIN_BYTES : false;
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  // A bigger page cache for the run: look-ups and index inserts then mostly stay in memory.
  db.pragma('cache_size = -131072');
  try {
    if (parallel && opts.parallel) {
      const fromWorker = await readInWorker(
        {
          file: opts.file,
          dbFile: opts.parallel.dbFile,
          pkg: opts.pkg,
          contactCentreCodes: [...opts.contactCentreCodes],
          importId,
          nowIso,
          batchSize,
          keepRejections: keep,
        },
        (rows, read) => {
          rowsRead = read;
          writeBatch(rows.map((p) => unpackRow(p, importId, nowIso)));
          opts.onProgress?.({ rows: rowsRead, total });
        },
      );
      rowsRead = fromWorker.rowsRead;
      rejections = fromWorker.rejections;
    } else {
      const reader = createRowReader({ header, pkg: opts.pkg, contactCentreCodes: opts.contactCentreCodes, directory: opts.directory, importId, nowIso });
      let batch: AuditClaimInput[] = [];
      let first = true;
      db.prepare('BEGIN').run();
      try {
        // Validation runs inside a read transaction: the directory look-ups share one snapshot instead of a lock each.
        for await (const { line, record } of parseCsv(createReadStream(opts.file, { highWaterMark: 1 << 20 }))) {
          if (first) {
            first = false;
            continue;
          }
          rowsRead++;
          try {
            batch.push(reader.read(record, line));
          } catch (e) {
            if (!(e instanceof RowRejected)) throw e;
            rejections.add(line, e.field, e.message, record);
          }
          if (batch.length >= batchSize) {
            db.prepare('COMMIT').run();
            writeBatch(batch);
            db.prepare('BEGIN').run();
            batch = [];
            opts.onProgress?.({ rows: rowsRead, total });
          }
        }
      } finally {
        if (db.inTransaction) db.prepare('COMMIT').run();
      }
      writeBatch(batch);
      opts.onProgress?.({ rows: rowsRead, total });
    }
    finish('complete');
  } catch (e) {
    try {
      finish('failed');
    } catch {
      /* the import stays "running"; the next import recovers its months */
    }
    throw e;
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
  }
  return {
    importId,
    file: opts.file,
    rowsRead,
    imported,
    replaced,
    rejected: rejections.count,
    rejections: rejections.first,
    rejectedByField: rejections.byField,
    claimsWithErrors,
    errorsByReason,
    elapsedMs: Date.now() - started,
    parallel,
  };
}

/** Runs legacyImportWorker.ts; `write` is called for each batch (synchronously, before the batch is acknowledged). */
function readInWorker(input: WorkerInput, write: (rows: PackedRow[], rowsRead: number) => void): Promise<{ rowsRead: number; rejections: RejectionList }> {
  const url = new URL('./legacyImportWorker.ts', import.meta.url).href;
  // Running from TypeScript sources (tsx, vitest): the worker registers tsx's loader itself before importing them.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(boot, { eval: true, workerData: input });
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(e);
    };
    worker.on('message', (m: WorkerMessage) => {
      try {
        if (m.type === 'batch') {
          write(m.rows, m.rowsRead);
          worker.postMessage({ type: 'ack' });
        } else if (m.type === 'done') {
          settled = true;
          const rejections = new RejectionList(input.keepRejections);
          rejections.count = m.rejected;
          rejections.first.push(...m.rejections);
          Object.assign(rejections.byField, m.rejectedByField);
          void worker.terminate();
          resolve({ rowsRead: m.rowsRead, rejections });
        } else fail(new Error(`The import's reading thread failed: ${m.message}`));
      } catch (e) {
        fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => {
      if (!settled) fail(new Error(`The import's reading thread stopped unexpectedly (exit code ${code}).`));
    });
  });
}

/**
 * An import that was still "running" when a new one starts was interrupted (imports run one at a time): its rows are
 * in, but the summary of the months it touched may not be. Recompute those months and mark it failed.
 */
function recoverInterruptedImports(db: Db, store: AuditStore, now: () => Date): void {
  const stale = db.prepare("SELECT id, months FROM audit_imports WHERE status = 'running'").all() as { id: number; months: string }[];
  for (const s of stale) {
    const months = JSON.parse(s.months) as string[];
    db.transaction(() => {
      for (const m of months) store.rebuildSummary({ source: 'legacy', month: m });
      db.prepare("UPDATE audit_imports SET status = 'failed', finished_at = ? WHERE id = ?").run(now().toISOString(), s.id);
    })();
  }
}

const B_COMMA = 44;
const B_LF = 10;
const B_CR = 13;
const B_QUOTE = 34;

/**
 * Checks that a file is readable as CSV under exactly the rules `parseCsv` enforces (a quoted field must close; only
 * a delimiter or a line end may follow a closing quote) by scanning bytes, without building any strings. Returns the
 * number of data records (for progress) and the size. The structural characters are ASCII, so UTF-8 needs no decoding.
 */
export async function scanCsvSyntax(file: string): Promise<{ records: number; bytes: number }> {
  let state = 0; // 0 field start, 1 unquoted, 2 quoted, 3 quote in quoted, 4 after closing quote, 5 CR after closing quote
  let line = 1;
  let recordLine = 1;
  let records = 0;
  let content = false;
  let bytes = 0;
  // Where the current quoted field began: a stray quote is only noticed at the next quote, often many lines later.
  let quoteLine = 1;
  const began = () => (quoteLine !== line ? ` (the quoted field began on line ${quoteLine})` : '');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (state === 0) {
        if (c === B_QUOTE) {
          state = 2;
          content = true;
          quoteLine = line;
          continue;
        }
        state = 1;
      } else if (state === 3) {
        if (c === B_QUOTE) {
          state = 2;
          continue;
        }
        state = 4;
      }
      if (state === 1) {
        if (c === B_COMMA) (state = 0), (content = true);
        else if (c === B_LF) {
          if (content) records++;
          content = false;
          state = 0;
          recordLine = ++line;
        } else if (c !== B_CR) content = true;
      } else if (state === 2) {
        if (c === B_QUOTE) state = 3;
        else if (c === B_LF) line++;
      } else if (state === 4) {
        if (c === B_COMMA) state = 0;
        else if (c === B_LF) {
          records++;
          content = false;
          state = 0;
          recordLine = ++line;
        } else if (c === B_CR) state = 5;
        else throw new CsvSyntaxError(line, `unexpected ${JSON.stringify(String.fromCharCode(c))} after a closing quote${began()}`);
      } else if (state === 5) {
        if (c !== B_LF) throw new CsvSyntaxError(line, `unexpected CR after a closing quote${began()}`);
        records++;
        content = false;
        state = 0;
        recordLine = ++line;
      }
    }
  }
  if (state === 2) throw new CsvSyntaxError(recordLine, 'a quoted field is never closed');
  if (content || state >= 3) records++;
  // The first record is the header.
  return { records: Math.max(0, records - 1), bytes };
}
