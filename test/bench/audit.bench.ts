import { copyFileSync, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { REASONS, reasonBit, weekStart } from '../../machines/rules/audit';
import { addDays } from '../../machines/rules/ukFormats';
import { AuditService, callsForReports } from '../../main/audit/auditService';
import { AuditStore } from '../../main/audit/auditStore';
import { importLegacyMarkers } from '../../main/audit/legacyImport';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import { openDatabase, type Db } from '../../main/db/open';
import { importOffices } from '../../main/directory/importOffices';
import { importPostcodes } from '../../main/directory/importPostcodes';
import { SqliteDirectory } from '../../main/directory/sqliteDirectory';
import { hasRefdata, REFDATA_DIR, refdataFiles } from '../helpers/refdata';
import { ms, row, summarise, TABLE_HEAD, timeEach, type BenchModule } from './stats';

const LEGACY_ROWS = 500_000;
const CLAIMS = 1_000_000;
const FCOS = 200;
const TEAMS = 20;
const DAYS = 250;
const CC = 'CC-DEMO-01';

/**
 * The directory database (the real register and postcodes) and a generated legacy export over it. Returns only what the
 * import runs need.
 */
export async function prepareLegacyExport(dir: string, log: (line: string) => void) {
  const base = join(dir, 'directory.db');
  const db = openDatabase(base);
  await importOffices(db, { file: refdataFiles.offices, registerFile: refdataFiles.register, now: new Date() });
  const pcs = await importPostcodes(db, { file: refdataFiles.postcodes });
  log(`directory: ${pcs.imported} postcodes`);
  const directory = new SqliteDirectory(db);
  const offices = directory.servingOffices().map((o) => o.code);
  const rand = rng(3);
  const all = db.prepare('SELECT postcode FROM postcodes').pluck().all() as string[];
  const postcodes: string[] = [];
  for (let i = 0; i < 300_000; i++) postcodes.push(all[Math.floor(rand() * all.length)]!);
  const nearest = new Map<string, string>();
  for (const pc of postcodes) {
    const r = directory.allocate(pc, CC);
    nearest.set(pc, r.suggestedCode ?? r.candidates[0]?.code ?? offices[0]!);
  }
  const file = join(dir, 'legacy.csv');
  const gen = await writeLegacyCsv(file, LEGACY_ROWS, postcodes, nearest, offices);
  log(`legacy export: ${LEGACY_ROWS} rows, ${(statSync(file).size / 1e6).toFixed(1)} MB, ${nearest.size} distinct postcodes`);
  const pkg = new ScriptRegistry(db).current.pkg;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { base, file, gen, distinct: nearest.size, pcsImported: pcs.imported, pkg };
}

/** A seeded LCG so every run generates the same files and rows. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

// Prefix letters that never form a NINO prefix (BG, GB, NK, KN, TN, NT, ZZ) are avoided by the two alphabets.
const NINO_FIRST = 'ACEHJLMPRSWXY';
const NINO_SECOND = 'ABCEHJLMPRSWY';
const ninoOf = (i: number) => `${NINO_FIRST[i % 13]}${NINO_SECOND[(i >> 3) % 13]}${String(i % 1_000_000).padStart(6, '0')}${'ABCD'[i % 4]}`;
const BENEFITS: [code: string, marker: string, appointment: string][] = [
  ['JSA', 'jobseeker', 'booked'],
  ['IB', 'incapacitated/disabled', 'scheduled'],
  ['IS', 'lone parent', 'booked'],
  ['CA', 'carer', 'booked'],
  ['BB', 'bereaved', 'booked'],
  ['HB', 'hb/ctb only', ''],
];

/**
 * A legacy export with a known mix of errors: the contact-centre default (the main one), missing and unknown
 * Jobcentre markers, offices outside the area with and without a reason, wrong benefit markers, appointments that
 * never reached a Jobcentre, and ~1% malformed rows.
 */
export async function writeLegacyCsv(file: string, rows: number, postcodes: string[], nearest: Map<string, string>, offices: string[]): Promise<{ expectedErrors: number; malformed: number }> {
  const rand = rng(42);
  const out = createWriteStream(file);
  let buf = 'claim_ref,nino,claim_date,fco_id,team,benefit_type,primary_marker,jobcentre_marker,customer_postcode,appointment_status,office_reason,call_seconds\n';
  let expectedErrors = 0;
  let malformed = 0;
  for (let i = 0; i < rows; i++) {
    const pc = postcodes[Math.floor(rand() * postcodes.length)]!;
    const b = BENEFITS[Math.floor(rand() * BENEFITS.length)]!;
    let marker = b[1];
    let jc = nearest.get(pc)!;
    let appt = b[2];
    let reason = '';
    const r = rand();
    let err = true;
    if (r < 0.08) jc = CC;
    else if (r < 0.1) jc = '';
    else if (r < 0.11) jc = 'X9999';
    else if (r < 0.14) jc = offices[Math.floor(rand() * offices.length)]!;
    else if (r < 0.16) (jc = offices[Math.floor(rand() * offices.length)]!, (reason = 'customer choice'), (err = false));
    else if (r < 0.19) marker = b[0] === 'JSA' ? 'carer' : 'jobseeker';
    else if (r < 0.21 && b[0] !== 'HB') appt = 'not_scheduled';
    else err = false;
    if (jc === nearest.get(pc) && r >= 0.11 && r < 0.14) err = false;
    const day = addDays('2007-01-01', Math.floor(rand() * 365));
    const fcoN = Math.floor(rand() * FCOS);
    let line = `LEG${String(i).padStart(8, '0')},${ninoOf(i)},${day},fco${fcoN},team${fcoN % TEAMS},${b[0]},${marker},${jc},${pc},${appt},${reason},${300 + Math.floor(rand() * 1500)}`;
    if (rand() < 0.01) {
      // Malformed: a bad date, a bad NINO, or a short row.
      const k = Math.floor(rand() * 3);
      line = k === 0 ? line.replace(day, '2007-02-30') : k === 1 ? line.replace(ninoOf(i), 'NOTANINO') : line.split(',').slice(0, 6).join(',');
      malformed++;
    } else if (err) expectedErrors++;
    buf += `${line}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return { expectedErrors, malformed };
}

/**
 * Seeds `audit_claims` directly with `n` claims (200 FCOs in 20 teams, 250 days, ~7% with errors, ~5% with an
 * override or correction row), then builds `audit_summary` with the same rebuild a repair uses.
 */
export function seedClaims(db: Db, n: number): void {
  const rand = rng(7);
  const insert = db.prepare(
    `INSERT INTO audit_claims (source, ref, claim_date, week, fco_id, team, benefit, nino, postcode, benefit_marker, expected_marker, jobcentre_marker,
       area_office, appointment, deferral_eligible, deferred, call_seconds, office_overrides, benefit_overrides, corrections, errors, findings, import_id, seq, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
  );
  const change = db.prepare(
    `INSERT INTO audit_changes (claim_id, kind, target, from_value, to_value, reason, note, at, by, day, fco_id, team, source) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`,
  );
  const overrideReasons = ['customerChoice', 'accessibility', 'nearWork', 'other'];
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const dayIdx = Math.floor((i / n) * DAYS);
      const day = addDays('2026-01-05', dayIdx + Math.floor(dayIdx / 5) * 2);
      const fco = Math.floor(rand() * FCOS);
      const team = `team${fco % TEAMS}`;
      const r = rand();
      let errors = 0;
      if (r < 0.03) errors = reasonBit('jobcentreContactCentre');
      else if (r < 0.04) errors = reasonBit('jobcentreMissing');
      else if (r < 0.05) errors = reasonBit('officeOutsideArea');
      else if (r < 0.06) errors = reasonBit('benefitMarkerMismatch');
      else if (r < 0.07) errors = reasonBit('appointmentNotReached') | (rand() < 0.5 ? reasonBit('benefitMarkerMismatch') : 0);
      const source = i % 2 === 0 ? 'product' : 'legacy';
      const eligible = rand() < 0.6 ? 1 : 0;
      const deferred = eligible && rand() < 0.12 ? 1 : 0;
      const officeOverride = rand() < 0.04 ? 1 : 0;
      const correction = rand() < 0.01 ? 1 : 0;
      const ref = `C${String(i).padStart(8, '0')}`;
      const id = Number(
        insert.run(source, ref, day, weekStart(day), `fco${fco}`, team, 'jobseekersAllowance', ninoOf(i), 'LS1 4AP', 'jobseeker', 'jobseeker', errors & reasonBit('jobcentreContactCentre') ? CC : '1234',
          '1234', 'booked', eligible, deferred, 300 + Math.floor(rand() * 1500), officeOverride, 0, correction, errors,
          errors ? REASONS.filter((x) => errors & reasonBit(x)).join('\n') : null, source === 'product' ? 20 : null, `${day}T12:00:00.000Z`).lastInsertRowid,
      );
      if (officeOverride) change.run(id, 'officeOverride', 'office', '1234', '5678', overrideReasons[i % 4], `${day}T10:00:00.000Z`, `fco${fco}`, day, `fco${fco}`, team, source);
      if (correction) change.run(id, 'correction', 'office', '1234', '5678', 'boundary', `${day}T16:00:00.000Z`, 'tl1', day, `fco${fco}`, team, source);
    }
  });
  for (let i = 0; i < n; i += 50_000) write(i, Math.min(n, i + 50_000));
  db.transaction(() => new AuditStore(db).rebuildSummary())();
}

const bench: BenchModule = {
  title: 'Team-leader audit: legacy marker import, JP process report and error tables over 1,000,000 claims',
  async run(log) {
    const dir = mkdtempSync(join(tmpdir(), 'intake-bench-audit-'));
    const lines: string[] = [];
    try {
      // ---- Legacy import over the real directory.
      if (!hasRefdata) lines.push(`Legacy import not run: ${REFDATA_DIR} not found (CI provides ../shared/refdata).`);
      else {
        // In its own function, so the 2.7 million postcodes read to generate the file are garbage before the import
        // starts, as in the CLI's own process.
        const { base, file, gen, distinct, pcsImported, pkg } = await prepareLegacyExport(dir, log);

        type Run = { label: string; rowsPerS: number; cpuRowsPerS: number; s: number; r: Awaited<ReturnType<typeof importLegacyMarkers>> };
        const runs: Run[] = [];
        const importInto = async (name: string, labels: string[], parallel: boolean) => {
          const target = join(dir, name);
          copyFileSync(base, target);
          const tdb = openDatabase(target);
          const tdir = new SqliteDirectory(tdb);
          for (const label of labels) {
            const cpu0 = process.cpuUsage();
            const r = await importLegacyMarkers(tdb, { file, directory: tdir, pkg, contactCentreCodes: [], by: 'bench', now: () => new Date(), parallel: parallel ? { dbFile: target, mode: 'always' } : false });
            const cpu = process.cpuUsage(cpu0);
            const cpuS = (cpu.user + cpu.system) / 1e6;
            runs.push({ label, rowsPerS: Math.round(r.rowsRead / (r.elapsedMs / 1000)), cpuRowsPerS: Math.round(r.rowsRead / cpuS), s: r.elapsedMs / 1000, r });
            log(`${label}: ${r.rowsRead} rows in ${(r.elapsedMs / 1000).toFixed(2)} s (load average ${loadavg()[0]!.toFixed(1)})`);
          }
          tdb.close();
        };
        const load = loadavg()[0]!;
        await importInto('one-thread.db', ['One thread: first import (all rows new)', 'One thread: re-import of the same file (every row replaces)'], false);
        await importInto('worker.db', ['Reader in a worker thread (the CLI default for files over 8 MB): first import'], true);
        const first = runs[0]!.r;
        lines.push(
          `### Legacy marker import (\`import-legacy-markers\`, ${LEGACY_ROWS.toLocaleString('en-GB')} generated rows over the real directory)`,
          '',
          '| Run | Rows read | Imported | Rejected | With errors | Time | Rows/s | Rows per CPU-second (all threads) | target |',
          '|---|---|---|---|---|---|---|---|---|',
          ...runs.map(
            (x) =>
              `| ${x.label} | ${x.r.rowsRead} | ${x.r.imported} | ${x.r.rejected} | ${x.r.claimsWithErrors} | ${x.s.toFixed(2)} s | ${x.rowsPerS.toLocaleString('en-GB')} | ${x.cpuRowsPerS.toLocaleString('en-GB')} | ≥ 50,000 rows/s |`,
          ),
          '',
          `- Load average when the import runs started: ${load.toFixed(1)} on ${cpus().length} CPUs (other work on the machine slows the wall-clock figure; the CPU figure is steadier).`,
          `- Rows: ${distinct.toLocaleString('en-GB')} distinct real postcodes (${pcsImported.toLocaleString('en-GB')} in the table), each located and allocated through \`SqliteDirectory\` (cached per postcode within an import).`,
          `- Generated with ${gen.malformed} malformed rows (all rejected with line numbers: ${first.rejected === gen.malformed ? 'yes' : `no, ${first.rejected}`}) and ${gen.expectedErrors} rows with a known JP-process error (found: ${first.claimsWithErrors}).`,
          `- Errors found by reason: ${REASONS.map((x) => `${x} ${first.errorsByReason[x]}`).join(', ')}.`,
          '- Time includes both passes over the file (a byte-level syntax scan, then parse + validate + write in 50,000-row transactions) and the summary merge at the end.',
          '',
        );
      }

      // ---- Reports over 1,000,000 claims.
      const db = openDatabase(join(dir, 'reports.db'));
      const t0 = performance.now();
      seedClaims(db, CLAIMS);
      const seedS = (performance.now() - t0) / 1000;
      log(`seeded ${CLAIMS} claims in ${seedS.toFixed(1)} s`);
      const daily = db.prepare("SELECT count(*) FROM audit_summary WHERE grain = 'day'").pluck().get() as number;
      const monthly = db.prepare("SELECT count(*) FROM audit_summary WHERE grain = 'month'").pluck().get() as number;
      const withErrors = db.prepare('SELECT count(*) FROM audit_claims WHERE errors != 0').pluck().get() as number;
      const scripts = new ScriptRegistry(db);
      const audit = new AuditService({
        db,
        calls: callsForReports(db, scripts),
        scripts,
        directory: new SqliteDirectory(db),
        clock: () => new Date('2026-12-31T17:00:00Z'),
        defaultSeed: 'bench',
      });
      const lastDay = db.prepare('SELECT max(claim_date) FROM audit_claims').pluck().get() as string;
      const N = 60;
      const cases: [string, () => unknown, string][] = [
        ['JP process report, all claims, first page (100) + counts', () => audit.jpReport({ source: 'all', offset: 0, limit: 100 }), '≤ 200 ms'],
        ['JP process report, all claims, page 200', () => audit.jpReport({ source: 'all', offset: 20_000, limit: 100 }), '≤ 200 ms'],
        ['JP process report, one reason (contact-centre default)', () => audit.jpReport({ source: 'all', reason: 'jobcentreContactCentre', offset: 0, limit: 100 }), '≤ 200 ms'],
        ['JP process report, one team, legacy only', () => audit.jpReport({ source: 'legacy', team: 'team7', offset: 0, limit: 100 }), '≤ 200 ms'],
        ['JP process report, last day', () => audit.jpReport({ source: 'all', from: lastDay, to: lastDay, offset: 0, limit: 100 }), ''],
        ['Per-FCO error table, all claims (200 FCOs, median/p90 call length)', () => audit.analytics({ source: 'all', by: 'fco' }), '≤ 200 ms'],
        ['Per-team table, all claims', () => audit.analytics({ source: 'all', by: 'team' }), ''],
        ['Per-day trend, all claims', () => audit.analytics({ source: 'all', by: 'day' }), ''],
        ['Per-day trend, one FCO', () => audit.analytics({ source: 'all', by: 'day', fcoId: 'fco17' }), ''],
        ['Overrides and corrections by reason + first page', () => audit.changes({ source: 'all', offset: 0, limit: 100 }), ''],
        ['QA sample for a week (2,000 product claims, 200 FCOs)', () => audit.sample(lastDay), ''],
      ];
      const results = cases.map(([label, fn, target]) => {
        const s = summarise(timeEach(N, () => fn(), 5));
        log(`${label}: p95 ${ms(s.p95)}`);
        return row(label, s, target);
      });
      const e0 = performance.now();
      const exp = audit.exportCsv({ report: 'jp', source: 'all' });
      const exportMs = performance.now() - e0;
      lines.push(
        `### Reports over ${CLAIMS.toLocaleString('en-GB')} claims`,
        '',
        TABLE_HEAD,
        ...results,
        '',
        `- Seeded directly: ${CLAIMS.toLocaleString('en-GB')} rows inserted into \`audit_claims\` (half product, half legacy; ${FCOS} FCOs in ${TEAMS} teams over ${DAYS} working days; ${withErrors.toLocaleString('en-GB')} with a JP-process error), override/correction rows into \`audit_changes\`, then \`audit_summary\` built by \`AuditStore.rebuildSummary\` (${daily.toLocaleString('en-GB')} day rows and ${monthly.toLocaleString('en-GB')} month rows, each per FCO × team × source) — ${seedS.toFixed(1)} s in all.`,
        `- CSV export of the whole JP process report (${exp.rows.toLocaleString('en-GB')} rows, ${(exp.csv.length / 1e6).toFixed(1)} MB): ${ms(exportMs)} (once).`,
        '- Counts and per-FCO/team/day figures read the day/month summary (whole months from month rows); the report rows read a partial index over claims with errors.',
      );
      db.close();
      return lines.join('\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
