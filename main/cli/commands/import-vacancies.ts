import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { CsvHeaderError, CsvSyntaxError, openCsvFile, type Rejection } from '../../csv/parseCsv';
import { openDatabase } from '../../db/open';
import { importVacancies } from '../../jobsearch/importVacancies';
import { VACANCY_CSV_COLUMNS } from '../../jobsearch/vacancy';
import { parseOptions, type CliCommand, type CliIo } from '../io';

export function printRejected(io: CliIo, what: string, count: number, first: readonly Rejection[]): void {
  if (count === 0) return;
  io.out(`${count} ${what} row(s) rejected${count > first.length ? ` (first ${first.length} shown)` : ''}:`);
  for (const r of first) io.out(`  line ${r.line}: ${r.reason}\n      ${r.excerpt}`);
}

export const command: CliCommand = {
  summary: 'Import vacancies from CSV (validated row by row; bad rows reported with line numbers)',
  usage:
    'import-vacancies <vacancies.csv[.gz]> [--db <intake.db>] [--replace] [--source <name>]\n' +
    `  Header: ${VACANCY_CSV_COLUMNS.join(',')} (reference optional; see main/jobsearch/vacancy.ts).\n` +
    '  Good rows go in together in one transaction; a row with the same reference replaces the stored one.\n' +
    '  --replace removes every stored vacancy first (a full refresh), in the same transaction.',
  async run(args, io) {
    const { positional, options } = parseOptions(args);
    const file = positional[0];
    if (!file || options.db === true || options.source === true) {
      io.err(`Usage: ${command.usage}`);
      return 2;
    }
    if (!existsSync(file)) {
      io.err(`File not found: ${file}. Nothing was changed.`);
      return 1;
    }
    const db = openDatabase(typeof options.db === 'string' ? options.db : 'intake.db');
    try {
      const started = Date.now();
      const r = await importVacancies(db, openCsvFile(file), io, {
        source: typeof options.source === 'string' ? options.source : basename(file),
        replace: options.replace === true,
      });
      io.progress(`Vacancies: done in ${((Date.now() - started) / 1000).toFixed(2)} s`);
      io.out(`Read ${r.rows} vacancy rows from ${file}.`);
      io.out(`Stored ${r.inserted + r.updated} (${r.inserted} new, ${r.updated} replaced); rejected ${r.rejected.count}.`);
      if (r.codedFromTitle) io.out(`${r.codedFromTitle} row(s) had no soc2020 and were coded from their title.`);
      if (r.approximateLocations) io.out(`${r.approximateLocations} row(s) placed at their outcode's centre (postcode not in the postcode table).`);
      printRejected(io, 'vacancy', r.rejected.count, r.rejected.first);
      return r.rejected.count > 0 ? 3 : 0;
    } catch (e) {
      if (e instanceof CsvHeaderError || e instanceof CsvSyntaxError) {
        io.err(`${e.message}. Nothing was changed.`);
        return 1;
      }
      throw e;
    } finally {
      db.close();
    }
  },
};
