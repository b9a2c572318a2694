/**
 * CSV output (RFC 4180, CRLF). Exports are opened in spreadsheet programs, so a text cell that starts like a
 * formula (= + - @, tab, CR) is prefixed with an apostrophe: free text such as an override note must never run.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  let s = Array.isArray(v) ? v.join('; ') : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): { csv: string; rows: number } {
  const parts = [csvLine(header)];
  let n = 0;
  for (const r of rows) {
    parts.push(csvLine(r));
    n++;
  }
  return { csv: parts.join(''), rows: n };
}
