import { writeFileSync } from 'node:fs';
import { ExportRequest } from '../../../machines/contract/api/audit';
import { AuditService, callsForReports } from '../../audit/auditService';
import { ScriptRegistry } from '../../content/scriptRegistry';
import { openDatabase } from '../../db/open';
import { SqliteDirectory } from '../../directory/sqliteDirectory';
import { parseOptions, type CliCommand } from '../io';

export const command: CliCommand = {
  summary: 'Write a team-leader audit report as CSV (JP process report, analytics, overrides/corrections, QA sample, checks)',
  usage:
    'audit-report <jp|analytics|changes|sample|checks> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--source all|product|legacy]\n' +
    '  [--fco <id>] [--team <name>] [--by fco|team|day] [--reason <code>] [--kind <kind>] [--week YYYY-MM-DD]\n' +
    '  [--out <file.csv>] [--db <intake.db>]\n' +
    '  Completed product claims the audit has not seen yet are audited first. Without --out the CSV goes to stdout.',
  async run(args, io) {
    const { positional, options } = parseOptions(args);
    const report = positional[0];
    const str = (k: string) => (typeof options[k] === 'string' ? (options[k] as string) : undefined);
    const raw: Record<string, unknown> = { report };
    for (const [opt, key] of [
      ['from', 'from'],
      ['to', 'to'],
      ['source', 'source'],
      ['fco', 'fcoId'],
      ['team', 'team'],
      ['by', 'by'],
      ['reason', 'reason'],
      ['kind', 'kind'],
      ['week', 'week'],
    ] as const)
      if (str(opt) !== undefined) raw[key] = str(opt);
    const parsed = ExportRequest.safeParse(raw);
    if (!report || !parsed.success) {
      const issue = parsed.success ? null : parsed.error.issues[0];
      if (issue) io.err(`${issue.path.join('.') || 'report'}: ${issue.message}`);
      io.err(`Usage: ${command.usage}`);
      return 2;
    }
    const db = openDatabase(str('db') ?? 'intake.db');
    try {
      const scripts = new ScriptRegistry(db, () => io.now());
      const audit = new AuditService({
        db,
        // Reports only: catch-up audits what completed elsewhere.
        calls: callsForReports(db, scripts),
        scripts,
        directory: new SqliteDirectory(db),
        clock: () => io.now(),
      });
      const out = audit.exportCsv(parsed.data);
      const file = str('out');
      if (file) {
        writeFileSync(file, out.csv);
        io.out(`Wrote ${out.rows} row(s) to ${file}.`);
      } else process.stdout.write(out.csv);
      return 0;
    } finally {
      db.close();
    }
  },
};
