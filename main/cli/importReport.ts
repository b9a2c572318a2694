import { CsvHeaderError, CsvSyntaxError, type Rejection } from '../csv/parseCsv';
import { ImportRefusedError } from '../directory/importPostcodes';
import type { CliIo } from './io';

export function printRejections(io: CliIo, label: string, count: number, first: readonly Rejection[]): void {
  if (count === 0) return;
  io.out(`${label}: ${count} row(s) rejected${count > first.length ? ` (first ${first.length} shown)` : ''}:`);
  for (const r of first) io.out(`  line ${r.line}: ${r.reason}\n      ${r.excerpt}`);
}

/**
 * An import the file itself made impossible (bad header, broken quoting, no usable row): says so and that nothing
 * changed, and returns the exit code. Returns null for anything else, which is a bug and is rethrown.
 */
export function reportRefusedImport(io: CliIo, label: string, e: unknown): number | null {
  if (!(e instanceof ImportRefusedError || e instanceof CsvHeaderError || e instanceof CsvSyntaxError)) return null;
  io.err(e instanceof ImportRefusedError ? e.message : `${e.message}. Nothing was changed.`);
  if (e instanceof ImportRefusedError) printRejections(io, label, e.rejections.length, e.rejections);
  return 1;
}
