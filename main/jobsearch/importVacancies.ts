import { columnIndexes, parseCsv, RejectionLog } from '../csv/parseCsv';
import type { Db } from '../db/open';
import { outcodeOf } from '../../machines/rules/ukFormats';
import { DEMO_SOURCE } from './demo';
import type { ImportIo } from './socIndex';
import { vacancyWriter } from './store';
import { normaliseTitle } from './text';
import { derivedRef, describeIssues, VACANCY_CSV_COLUMNS, VACANCY_CSV_REQUIRED, VacancyCsvRow, type VacancyRecord } from './vacancy';

export interface VacancyImportOptions {
  /** Recorded on every row, so a later import can be traced or replaced. */
  source: string;
  /** Remove every vacancy first (a full refresh from a feed) — in the same transaction as the new rows. */
  replace?: boolean;
}

export interface VacancyImportReport {
  rows: number;
  inserted: number;
  updated: number;
  /** Rows placed at their outcode's centre because the postcode itself is not in the postcode table. */
  approximateLocations: number;
  /** Rows whose blank soc2020 was coded from the title through the coding index. */
  codedFromTitle: number;
  rejected: RejectionLog;
}

/**
 * Imports vacancies from the CSV format documented in ./vacancy.ts. Every row is checked on its own; a bad row is
 * reported with its line number and skipped, and all good rows go in together in one transaction (so a crash mid-way
 * leaves the store as it was). A CSV syntax error (an unclosed quote) stops the import before anything is written,
 * because every row after it would be misread.
 */
export async function importVacancies(
  db: Db,
  input: AsyncIterable<string | Uint8Array>,
  io: ImportIo,
  options: VacancyImportOptions = { source: 'csv' },
): Promise<VacancyImportReport> {
  const report: VacancyImportReport = { rows: 0, inserted: 0, updated: 0, approximateLocations: 0, codedFromTitle: 0, rejected: new RejectionLog() };
  const lookups = locationAndCodeLookups(db);
  const staged: VacancyRecord[] = [];
  const firstLineOfRef = new Map<string, number>();
  let header: string[] | null = null;
  let referenceAt = -1;
  let col: Record<(typeof VACANCY_CSV_REQUIRED)[number], number> | null = null;

  for await (const { line, record } of parseCsv(input)) {
    if (!header) {
      header = record.map((h) => h.trim());
      col = columnIndexes(header, VACANCY_CSV_REQUIRED);
      referenceAt = header.indexOf('reference');
      continue;
    }
    report.rows++;
    if (report.rows % 1000 === 0) io.progress(`Vacancies: ${report.rows.toLocaleString('en-GB')} rows checked`);

    const raw: Record<string, string> = {};
    for (const k of VACANCY_CSV_COLUMNS) {
      const at = k === 'reference' ? referenceAt : col![k];
      if (at >= 0 && at < record.length) raw[k] = record[at]!;
    }
    const parsed = VacancyCsvRow.safeParse(raw);
    if (!parsed.success) {
      report.rejected.add(line, describeIssues(parsed.error).join('; '), record);
      continue;
    }
    const v = parsed.data;
    const ref = v.ref || derivedRef(v);
    const firstLine = firstLineOfRef.get(ref);
    if (firstLine !== undefined) {
      report.rejected.add(line, `reference ${ref} repeats line ${firstLine}`, record);
      continue;
    }

    const soc = v.soc2020 ?? lookups.codeForTitle(v.title);
    if (soc === null) {
      report.rejected.add(
        line,
        `soc2020: blank, and the title "${v.title}" is not a coding-index title with a single code — give the SOC code`,
        record,
      );
      continue;
    }
    if (!lookups.knownUnit(soc)) {
      report.rejected.add(line, `soc2020: ${soc} is not a SOC 2020 unit group in the coding index`, record);
      continue;
    }
    let point = v.point;
    if (!point) {
      const found = lookups.locate(v.postcode);
      if (!found) {
        report.rejected.add(line, `lat/long: blank, and ${v.postcode} (or its outcode) is not in the postcode table`, record);
        continue;
      }
      point = found.point;
      if (found.approximate) report.approximateLocations++;
    }
    if (v.soc2020 === null) report.codedFromTitle++;
    firstLineOfRef.set(ref, line);
    staged.push({ ...v, ref, soc2020: soc, point });
  }
  if (!header) throw new Error('The vacancy file is empty (no header row).');

  const exists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM vacancies WHERE ref = ?');
  const writer = vacancyWriter(db, options.source, io.now().toISOString());
  db.transaction(() => {
    if (options.replace) db.exec('DELETE FROM vacancies');
    staged.forEach((v, i) => {
      if (exists.get(v.ref)) report.updated++;
      else report.inserted++;
      writer.put(v);
      if ((i + 1) % 5000 === 0) io.progress(`Vacancies: ${(i + 1).toLocaleString('en-GB')} of ${staged.length.toLocaleString('en-GB')} stored`);
    });
  })();
  io.progress(`Vacancies: ${report.rows.toLocaleString('en-GB')} rows checked, ${staged.length.toLocaleString('en-GB')} stored`);
  return report;
}

function locationAndCodeLookups(db: Db) {
  const postcode = db.prepare<[string], { lat: number; long: number }>('SELECT lat, long FROM postcodes WHERE postcode = ?');
  const outcode = db.prepare<[string], { lat: number; long: number }>('SELECT lat, long FROM outcodes WHERE outcode = ?');
  const byTitle = db.prepare<[string], { soc2020: string }>(
    "SELECT DISTINCT soc2020 FROM soc_titles WHERE normalised = ? AND qualifier = '' AND industry = '' LIMIT 2",
  );
  const unit = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM soc_units WHERE soc2020 = ?');
  // Codes are checked against the unit groups only once a real index is loaded: the demo list names a few dozen of
  // the 412, and refusing every other code would make a first real import fail. Until then, shape only (row schema).
  const haveUnits = db.prepare('SELECT 1 FROM soc_titles WHERE source <> ? LIMIT 1').get(DEMO_SOURCE) !== undefined;
  return {
    locate(pc: string): { point: { lat: number; long: number }; approximate: boolean } | null {
      const exact = postcode.get(pc);
      if (exact) return { point: exact, approximate: false };
      const centre = outcode.get(outcodeOf(pc));
      return centre ? { point: centre, approximate: true } : null;
    },
    codeForTitle(title: string): string | null {
      const codes = byTitle.all(normaliseTitle(title));
      return codes.length === 1 ? codes[0]!.soc2020 : null;
    },
    knownUnit: (code: string) => !haveUnits || unit.get(code) !== undefined,
  };
}
