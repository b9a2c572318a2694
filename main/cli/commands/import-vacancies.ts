import { basename } from 'node:path';
import { openCsvFile } from '../../csv/parseCsv';
import { printRejections, reportRefusedImport } from '../importReport';
import { openDatabase } from '../../db/open';
import { importVacancies } from '../../jobsearch/importVacancies';
import { VACANCY_CSV_COLUMNS } from '../../jobsearch/vacancy';
import { importInput, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Import vacancies from CSV (validated row by row; bad rows reported with line numbers)',
  usage:
    'import-vacancies <vacancies.csv[.gz]> [--db <intake.db>] [--replace] [--source <name>]\n' +
    `  Header: ${VACANCY_CSV_COLUMNS.join(',')} (reference optional; see main/jobsearch/vacancy.ts).\n` +
    '  Good rows go in together in one transaction; a row with the same reference replaces the stored one.\n' +
    '  --replace removes every stored vacancy first (a full refresh), in the same transaction.',
  async run(args, io) {
    const input = importInput(args, io, command.usage, { values: ['source'] });
    if (typeof input === 'number') return input;
    const { file, options } = input;
    const db = openDatabase(input.dbFile);
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
      printRejections(io, 'Vacancies', r.rejected.count, r.rejected.first);
      return r.rejected.count > 0 ? 3 : 0;
    } catch (e) {
      const code = reportRefusedImport(io, 'Vacancies', e);
      if (code !== null) return code;
      throw e;
    } finally {
      db.close();
    }
  },
};
