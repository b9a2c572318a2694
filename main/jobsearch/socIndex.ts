import type { CliIo } from '../cli/io';
import { columnIndexes, parseCsv, RejectionLog } from '../csv/parseCsv';
import type { Db } from '../db/open';
import { normaliseTitle } from './text';

export type ImportIo = Pick<CliIo, 'progress' | 'now'>;

/** Columns of the ONS SOC 2020 Volume 2 coding index (as exported to CSV) that the desk uses. */
export const SOC_INDEX_COLUMNS = [
  'job_title',
  'soc2020',
  'soc2020_title',
  'add_qualifier',
  'industry_qualifier',
  'see_note',
  'default_flag',
] as const;

/** The index marks cross-reference rows ("Advisor, see Adviser") with this in place of a code. */
const XREF_CODE = '}}}}';

export interface SocImportReport {
  rows: number;
  titles: number;
  units: number;
  crossReferences: number;
  /** "see notes" rows: they point at printed notes, not at another title, so there is nothing to follow. */
  crossReferencesWithoutTarget: number;
  rejected: RejectionLog;
}

/** A unit group with the titles that code to it: the shape of the hand-made demo list. */
export interface SocUnitTitles {
  soc2020: string;
  unitTitle: string;
  titles: readonly string[];
}

interface TitleRow {
  jobTitle: string;
  soc2020: string;
  qualifier: string;
  industry: string;
  isDefault: boolean;
}

function writers(db: Db, source: string) {
  const unit = db.prepare('INSERT INTO soc_units (soc2020, title) VALUES (?, ?) ON CONFLICT (soc2020) DO NOTHING');
  const title = db.prepare(
    'INSERT INTO soc_titles (job_title, soc2020, qualifier, industry, is_default, normalised, word_count, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const xref = db.prepare(
    'INSERT INTO soc_xrefs (from_title, from_normalised, to_title, to_normalised, also, source) VALUES (?, ?, ?, ?, ?, ?)',
  );
  return {
    unit: (code: string, name: string) => unit.run(code, name),
    title(t: TitleRow): boolean {
      const normalised = normaliseTitle(t.jobTitle);
      // A title of only joining words ("Of") can never be matched; storing it would only add noise to suggestions.
      if (normalised === '') return false;
      title.run(t.jobTitle, t.soc2020, t.qualifier, t.industry, t.isDefault ? 1 : 0, normalised, normalised.split(' ').length, source);
      return true;
    },
    xref(from: string, to: string, also: boolean): boolean {
      const f = normaliseTitle(from);
      const t = normaliseTitle(to);
      if (f === '' || t === '' || f === t) return false;
      xref.run(from, f, to, t, also ? 1 : 0, source);
      return true;
    },
  };
}

function clearSocTables(db: Db): void {
  db.exec('DELETE FROM soc_xrefs; DELETE FROM soc_titles; DELETE FROM soc_units;');
}

/**
 * "see Hand, datal ( )" → "Datal hand": the index writes targets in its reverse (filing) order, sometimes with an
 * empty or "(professional)" qualifier that names no title. "see notes" has no target (null).
 */
export function crossReferenceTarget(seeNote: string): { target: string; also: boolean } | null {
  const m = /^see\s+(also\s+)?(.+)$/i.exec(seeNote.trim());
  if (!m) return null;
  const body = m[2]!.replace(/\([^)]*\)/g, '').trim();
  if (body === '' || /^notes\b/i.test(body)) return null;
  const comma = body.indexOf(',');
  if (comma === -1) return { target: body, also: m[1] !== undefined };
  const natural = `${body.slice(comma + 1).trim()} ${body.slice(0, comma).trim().toLowerCase()}`;
  return { target: natural.charAt(0).toUpperCase() + natural.slice(1), also: m[1] !== undefined };
}

/**
 * Replaces the coding index with the ONS file (the index is versioned as a whole; a partial mix of versions would code
 * titles inconsistently). Runs in one transaction: a file that fails part-way leaves the previous index in place.
 * Rows that are neither codable nor cross-references are rejected with their line numbers; the rest are kept.
 */
export async function importSocIndex(
  db: Db,
  input: AsyncIterable<string | Uint8Array>,
  io: ImportIo,
  source = 'ons-soc2020-coding-index',
): Promise<SocImportReport> {
  const report: SocImportReport = {
    rows: 0,
    titles: 0,
    units: 0,
    crossReferences: 0,
    crossReferencesWithoutTarget: 0,
    rejected: new RejectionLog(),
  };
  const titles: TitleRow[] = [];
  const units = new Map<string, string>();
  const xrefs: { from: string; to: string; also: boolean }[] = [];
  const seen = new Set<string>();
  let col: Record<(typeof SOC_INDEX_COLUMNS)[number], number> | null = null;

  for await (const { line, record } of parseCsv(input)) {
    if (!col) {
      col = columnIndexes(record, SOC_INDEX_COLUMNS);
      continue;
    }
    report.rows++;
    if (report.rows % 5000 === 0) io.progress(`SOC index: ${report.rows.toLocaleString('en-GB')} rows read`);
    const get = (k: (typeof SOC_INDEX_COLUMNS)[number]) => (record[col![k]] ?? '').trim();
    const jobTitle = get('job_title');
    const code = get('soc2020');
    if (jobTitle === '') {
      report.rejected.add(line, 'job_title is blank', record);
      continue;
    }
    if (code === XREF_CODE) {
      const target = crossReferenceTarget(get('see_note'));
      if (target) xrefs.push({ from: jobTitle, to: target.target, also: target.also });
      else report.crossReferencesWithoutTarget++;
      continue;
    }
    if (!/^[1-9]\d{3}$/.test(code)) {
      report.rejected.add(line, `soc2020 "${code}" is not a 4-digit SOC 2020 unit group`, record);
      continue;
    }
    const unitTitle = get('soc2020_title');
    if (!units.has(code)) units.set(code, unitTitle || `SOC ${code}`);
    const qualifier = get('add_qualifier');
    const industry = get('industry_qualifier');
    const key = [jobTitle, code, qualifier, industry].join('\u0000').toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    titles.push({ jobTitle, soc2020: code, qualifier, industry, isDefault: get('default_flag') === 'M' });
  }
  if (!col) throw new Error('The SOC index file is empty (no header row).');

  db.transaction(() => {
    clearSocTables(db);
    const w = writers(db, source);
    for (const [code, name] of units) w.unit(code, name);
    for (const t of titles) if (w.title(t)) report.titles++;
    for (const x of xrefs) if (w.xref(x.from, x.to, x.also)) report.crossReferences++;
  })();
  report.units = units.size;
  io.progress(`SOC index: ${report.rows.toLocaleString('en-GB')} rows read, ${report.titles.toLocaleString('en-GB')} titles stored`);
  return report;
}

/** Loads a hand-made title list (the demo set), replacing whatever index was there. */
export function loadSocTitles(db: Db, units: readonly SocUnitTitles[], source: string): number {
  let n = 0;
  db.transaction(() => {
    clearSocTables(db);
    const w = writers(db, source);
    for (const u of units) {
      w.unit(u.soc2020, u.unitTitle);
      for (const t of u.titles) if (w.title({ jobTitle: t, soc2020: u.soc2020, qualifier: '', industry: '', isDefault: true })) n++;
    }
  })();
  return n;
}
