import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { ScriptPackage } from '../../scripts-content/schema';
import { parseCsv } from '../csv/parseCsv';
import { openDatabase } from '../db/open';
import { SqliteDirectory } from '../directory/sqliteDirectory';
import { createRowReader, packRow, RejectionList, RowRejected, type PackedRow } from './legacyRows';

/**
 * The reading half of a parallel legacy import: parses and validates the export (directory look-ups on its own
 * read-only connection) and posts validated rows in batches to the writing thread, which acknowledges each one, so
 * at most two batches wait in memory. See legacyImport.ts.
 */
export interface WorkerInput {
  file: string;
  dbFile: string;
  pkg: ScriptPackage;
  contactCentreCodes: string[];
  importId: number;
  nowIso: string;
  batchSize: number;
  keepRejections: number;
}

export type WorkerMessage =
  | { type: 'batch'; rows: PackedRow[]; rowsRead: number }
  | { type: 'done'; rowsRead: number; rejected: number; rejections: RejectionList['first']; rejectedByField: Record<string, number> }
  | { type: 'error'; message: string };

async function run(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  let acks = 0;
  let sent = 0;
  let wake: (() => void) | null = null;
  port.on('message', (m: { type: string }) => {
    if (m.type === 'ack') {
      acks++;
      wake?.();
    }
  });
  const db = openDatabase(input.dbFile, { readonly: true });
  try {
    db.pragma('cache_size = -131072');
    const directory = new SqliteDirectory(db);
    const rejections = new RejectionList(input.keepRejections);
    let reader: ReturnType<typeof createRowReader> | null = null;
    let batch: PackedRow[] = [];
    let rowsRead = 0;
    const send = async () => {
      // A fresh read snapshot per batch, so the writer's WAL can be checkpointed behind us.
      db.prepare('COMMIT').run();
      db.prepare('BEGIN').run();
      port.postMessage({ type: 'batch', rows: batch, rowsRead } satisfies WorkerMessage);
      batch = [];
      sent++;
      while (sent - acks > 1) await new Promise<void>((r) => (wake = r));
      wake = null;
    };
    // Look-ups inside a read transaction share a snapshot instead of taking a lock each.
    db.prepare('BEGIN').run();
    for await (const { line, record } of parseCsv(createReadStream(input.file, { highWaterMark: 1 << 20 }))) {
      if (reader === null) {
        reader = createRowReader({ header: record, pkg: input.pkg, contactCentreCodes: input.contactCentreCodes, directory, importId: input.importId, nowIso: input.nowIso });
        continue;
      }
      rowsRead++;
      try {
        batch.push(packRow(reader.read(record, line)));
      } catch (e) {
        if (!(e instanceof RowRejected)) throw e;
        rejections.add(line, e.field, e.message, record);
      }
      if (batch.length >= input.batchSize) await send();
    }
    if (batch.length) await send();
    db.prepare('COMMIT').run();
    port.postMessage({ type: 'done', rowsRead, rejected: rejections.count, rejections: rejections.first, rejectedByField: rejections.byField } satisfies WorkerMessage);
  } finally {
    db.close();
  }
}

if (parentPort) {
  run(workerData as WorkerInput).catch((e: unknown) => {
    parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies WorkerMessage);
  });
}
