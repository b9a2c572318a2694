import { REASON_LABEL, REASONS } from '../../../machines/rules/audit';
import { AuditSettings } from '../../../machines/contract/api/audit';
import { importLegacyMarkers, LegacyImportRefused, type LegacyImportResult } from '../../audit/legacyImport';
import { ScriptRegistry } from '../../content/scriptRegistry';
import { openDatabase } from '../../db/open';
import { SqliteDirectory } from '../../directory/sqliteDirectory';
import { parseOptions, type CliCommand, type CliIo } from '../io';

export function printLegacySummary(io: CliIo, r: LegacyImportResult): void {
  const secs = r.elapsedMs / 1000;
  io.out(`Read ${r.rowsRead} row(s) from ${r.file} in ${secs.toFixed(2)} s (${Math.round(r.rowsRead / Math.max(secs, 0.001))} rows/s).`);
  io.out(`Imported ${r.imported} (${r.imported - r.replaced} new, ${r.replaced} replacing an earlier import); rejected ${r.rejected}.`);
  io.out(`JP process errors found: ${r.claimsWithErrors} claim(s) of ${r.imported}.`);
  for (const code of REASONS) if (r.errorsByReason[code]) io.out(`  ${REASON_LABEL[code]}: ${r.errorsByReason[code]}`);
  if (r.rejected) {
    const fields = Object.entries(r.rejectedByField)
      .sort((a, b) => b[1] - a[1])
      .map(([f, n]) => `${f} ${n}`)
      .join(', ');
    io.out(`Rejected rows by field: ${fields}.`);
    io.out(`Rejected rows${r.rejected > r.rejections.length ? ` (first ${r.rejections.length} of ${r.rejected})` : ''}:`);
    for (const x of r.rejections) io.out(`  line ${x.line}: ${x.reason}\n      ${x.excerpt}`);
  }
}

export const command: CliCommand = {
  summary: 'Import JP marker records from a legacy system export (CSV) into the team-leader audit',
  usage:
    'import-legacy-markers <export.csv> [--db <intake.db>] [--by <name>] [--contact-centres CODE,CODE]\n' +
    '  Columns (header line, any order, extra columns ignored): claim_ref, nino, claim_date, fco_id, team, benefit_type,\n' +
    '  primary_marker, jobcentre_marker, customer_postcode, appointment_status; optional office_reason, marker_reason,\n' +
    '  call_seconds. See docs/audit.md. Malformed rows are rejected with their line numbers; the rest are imported.\n' +
    '  Re-importing a claim_ref replaces the earlier record. --contact-centres adds codes that mean "a contact centre".',
  async run(args, io) {
    const { positional, options } = parseOptions(args);
    const file = positional[0];
    if (!file || options.db === true || options.by === true || options['contact-centres'] === true) {
      io.err(`Usage: ${command.usage}`);
      return 2;
    }
    const dbFile = typeof options.db === 'string' ? options.db : 'intake.db';
    const db = openDatabase(dbFile);
    try {
      const scripts = new ScriptRegistry(db, () => io.now());
      const directory = new SqliteDirectory(db);
      const stored = db.prepare('SELECT value FROM audit_settings WHERE id = 1').pluck().get() as string | undefined;
      const settings = stored ? AuditSettings.partial().safeParse(JSON.parse(stored)) : null;
      const extra = typeof options['contact-centres'] === 'string' ? options['contact-centres'].split(',').map((s) => s.trim()).filter(Boolean) : [];
      const codes = [...(settings?.success ? (settings.data.contactCentreCodes ?? []) : []), ...extra];
      if (directory.servingOffices().length === 0) io.err('Warning: the office directory is empty, so every Jobcentre marker will be reported as not a serving Jobcentre. Import the offices first (import-offices).');
      const r = await importLegacyMarkers(db, {
        file,
        directory,
        pkg: scripts.current.pkg,
        contactCentreCodes: codes,
        by: typeof options.by === 'string' ? options.by : (process.env.USER ?? 'cli'),
        now: () => io.now(),
        onProgress: (p) => io.progress(`legacy markers: ${p.rows} of ${p.total} rows`),
        // Large files are read and checked in a worker thread while this one writes.
        parallel: { dbFile },
      });
      io.progress(`legacy markers: done in ${(r.elapsedMs / 1000).toFixed(2)} s`);
      printLegacySummary(io, r);
      return 0;
    } catch (e) {
      if (e instanceof LegacyImportRefused) {
        io.err(e.message);
        return 1;
      }
      throw e;
    } finally {
      db.close();
    }
  },
};
