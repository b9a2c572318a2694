import { openDatabase } from '../../db/open';
import { importOffices } from '../../directory/importOffices';
import { PUBLIC_SECTOR_ATTRIBUTION } from '../../directory/licence';
import { printRejections, reportRefusedImport } from '../importReport';
import { importInput, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Import the DWP Jobcentre office file (and optionally the 2021 register of closures)',
  usage:
    'import-offices <offices.csv> [--register <jobcentre_register.csv>] [--db <intake.db>]\n' +
    '  Offices absent from the file are marked closed; demo offices are removed. Bad rows are reported and skipped.',
  async run(args, io) {
    const input = importInput(args, io, command.usage, { files: ['register'] });
    if (typeof input === 'number') return input;
    const { file, options } = input;
    const register = typeof options.register === 'string' ? options.register : undefined;
    const db = openDatabase(input.dbFile);
    try {
      const r = await importOffices(db, {
        file,
        ...(register ? { registerFile: register } : {}),
        now: io.now(),
        onProgress: (p) => io.progress(`offices: ${p.phase} ${p.rows}${p.total ? ` of ${p.total}` : ''} rows`),
      });
      io.progress(`offices: done in ${(r.elapsedMs / 1000).toFixed(2)} s`);
      io.out(`Read ${r.rowsRead} office rows from ${r.file}.`);
      io.out(`Imported ${r.imported} (${r.serving} serving, ${r.closed} closed); rejected ${r.rejected}.`);
      if (r.register)
        io.out(
          `Register ${r.register.file}: ${r.register.rowsRead} rows, ${r.register.matched} offices matched, ` +
            `${r.register.closedByRegister} closed by an end date, ${r.register.rejected} rows rejected.`,
        );
      if (r.retired) io.out(`${r.retired} office(s) from an earlier import are not in this file and are now closed.`);
      if (r.demoRemoved) io.out(`Removed ${r.demoRemoved} demo office(s).`);
      printRejections(io, 'Offices', r.rejected, r.rejections);
      if (r.register) printRejections(io, 'Register', r.register.rejected, r.register.rejections);
      io.out(PUBLIC_SECTOR_ATTRIBUTION);
      return 0;
    } catch (e) {
      const code = reportRefusedImport(io, 'Offices', e);
      if (code !== null) return code;
      throw e;
    } finally {
      db.close();
    }
  },
};
