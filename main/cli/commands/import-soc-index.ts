import { openCsvFile } from '../../csv/parseCsv';
import { printRejections, reportRefusedImport } from '../importReport';
import { openDatabase } from '../../db/open';
import { PUBLIC_SECTOR_ATTRIBUTION } from '../../directory/licence';
import { importSocIndex, SOC_INDEX_COLUMNS } from '../../jobsearch/socIndex';
import { importInput, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Import the ONS SOC 2020 coding index (job titles → occupations) used to match job goals',
  usage:
    'import-soc-index <soc2020_coding_index.csv> [--db <intake.db>]\n' +
    `  Needs the columns ${SOC_INDEX_COLUMNS.join(', ')} (ONS Volume 2 coding index exported to CSV).\n` +
    '  Replaces the stored index (including the demo title list) in one transaction.',
  async run(args, io) {
    const input = importInput(args, io, command.usage);
    if (typeof input === 'number') return input;
    const { file } = input;
    const db = openDatabase(input.dbFile);
    try {
      const started = Date.now();
      const r = await importSocIndex(db, openCsvFile(file), io);
      io.progress(`SOC index: done in ${((Date.now() - started) / 1000).toFixed(2)} s`);
      io.out(`Read ${r.rows} rows from ${file}.`);
      io.out(`Stored ${r.titles} job titles in ${r.units} SOC 2020 unit groups, and ${r.crossReferences} cross-references.`);
      if (r.crossReferencesWithoutTarget) io.out(`${r.crossReferencesWithoutTarget} "see notes" cross-reference(s) have no title to follow and were skipped.`);
      printRejections(io, 'SOC index', r.rejected.count, r.rejected.first);
      io.out(PUBLIC_SECTOR_ATTRIBUTION);
      return 0;
    } catch (e) {
      const code = reportRefusedImport(io, 'SOC index', e);
      if (code !== null) return code;
      throw e;
    } finally {
      db.close();
    }
  },
};
