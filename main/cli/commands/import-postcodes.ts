import { openDatabase } from '../../db/open';
import { importPostcodes } from '../../directory/importPostcodes';
import { DIRECTORY_ATTRIBUTION } from '../../directory/licence';
import { printRejections, reportRefusedImport } from '../importReport';
import { importInput, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Replace the postcode locations from a postcode,lat,long CSV (or .csv.gz) and rebuild outcode centroids',
  usage:
    'import-postcodes <postcodes.csv[.gz]> [--db <intake.db>]\n' +
    '  The whole table is replaced in one transaction; rows without coordinates or with a bad postcode are reported and skipped.',
  async run(args, io) {
    const input = importInput(args, io, command.usage);
    if (typeof input === 'number') return input;
    const { file } = input;
    const db = openDatabase(input.dbFile);
    const started = Date.now();
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    try {
      const r = await importPostcodes(db, {
        file,
        onProgress: (p) =>
          io.progress(
            p.phase === 'reading'
              ? `postcodes: ${p.rows.toLocaleString('en-GB')} rows read (${elapsed()})`
              : `postcodes: ${p.phase === 'writing' ? 'replacing the table with' : 'computing outcode centroids for'} ${p.rows.toLocaleString('en-GB')} postcodes (${elapsed()})`,
          ),
      });
      const seconds = r.elapsedMs / 1000;
      io.progress(`postcodes: done in ${seconds.toFixed(1)} s`);
      io.out(`Read ${r.rowsRead.toLocaleString('en-GB')} rows from ${r.file} in ${seconds.toFixed(1)} s (${Math.round(r.rowsRead / seconds).toLocaleString('en-GB')} rows/s).`);
      io.out(`Imported ${r.imported.toLocaleString('en-GB')} postcodes and ${r.outcodes.toLocaleString('en-GB')} outcode centroids; rejected ${r.rejected.toLocaleString('en-GB')}.`);
      if (r.rejected)
        io.out(
          `Rejected by problem: ${Object.entries(r.rejectedByKind)
            .map(([k, n]) => `${k === 'lat+long' ? 'no coordinates' : k} ${n.toLocaleString('en-GB')}`)
            .join(', ')}.`,
        );
      printRejections(io, 'Postcodes', r.rejected, r.rejections);
      for (const line of DIRECTORY_ATTRIBUTION) io.out(line);
      return 0;
    } catch (e) {
      const code = reportRefusedImport(io, 'Postcodes', e);
      if (code !== null) return code;
      throw e;
    } finally {
      db.close();
    }
  },
};
