/**
 * RFC 4180 CSV, streamed. Reference files are large (the postcode file is 70 MB), so the parser keeps its state across
 * chunks instead of buffering whole lines: a quoted field may span any number of chunks and lines.
 *
 * Accepted, beyond the letter of RFC 4180 (real exports do these):
 * - LF as well as CRLF line endings (a CR directly before the LF is dropped; a lone CR elsewhere is data);
 * - a UTF-8 byte-order mark at the start;
 * - a last record without a line ending;
 * - a bare `"` inside an unquoted field (`5'10"`), kept as data.
 * Empty lines are skipped (they still count for line numbers).
 * Rejected with CsvSyntaxError, because everything after them would be misread: a quoted field that never closes, and
 * anything but a delimiter after a closing quote (`"ab"c`).
 */

export interface CsvRecord {
  /** 1-based physical line on which the record starts (the header is line 1), for error reports. */
  line: number;
  record: string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, detail: string) {
    super(`CSV syntax error on line ${line}: ${detail}`);
    this.name = 'CsvSyntaxError';
  }
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

const State = {
  FieldStart: 0,
  Unquoted: 1,
  Quoted: 2,
  /** Saw `"` inside a quoted field: either an escaped quote (`""`) or the closing quote. */
  QuoteInQuoted: 3,
  AfterClosingQuote: 4,
  /** A CR right after a closing quote; only LF may follow. */
  AfterClosingQuoteCr: 5,
} as const;
type State = (typeof State)[keyof typeof State];

/** Parses CSV text arriving in chunks (a Node Readable, a file stream piped through gunzip, or strings). */
export async function* parseCsv(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<CsvRecord> {
  // `stream: true` keeps a multi-byte character split across two chunks intact; the decoder drops a leading BOM.
  const decoder = new TextDecoder('utf-8');
  let state: State = State.FieldStart;
  let field = '';
  // `""` alone on a line is a record with one empty field, unlike an empty line.
  let quotedInRecord = false;
  let record: string[] = [];
  let line = 1;
  let recordLine = 1;
  let first = true;
  const out: CsvRecord[] = [];

  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (quotedInRecord || !(record.length === 1 && record[0] === '')) out.push({ line: recordLine, record });
    record = [];
    quotedInRecord = false;
    line++;
    recordLine = line;
    state = State.FieldStart;
  };

  const feed = (s: string) => {
    const n = s.length;
    let i = 0;
    while (i < n) {
      switch (state) {
        case State.Quoted: {
          const q = s.indexOf('"', i);
          const end = q === -1 ? n : q;
          const piece = s.slice(i, end);
          for (let k = piece.indexOf('\n'); k !== -1; k = piece.indexOf('\n', k + 1)) line++;
          field += piece;
          i = end;
          if (q !== -1) {
            state = State.QuoteInQuoted;
            i++;
          }
          break;
        }
        case State.QuoteInQuoted: {
          if (s.charCodeAt(i) === QUOTE) {
            field += '"';
            state = State.Quoted;
            i++;
          } else state = State.AfterClosingQuote;
          break;
        }
        case State.AfterClosingQuote: {
          const c = s.charCodeAt(i++);
          if (c === COMMA) {
            endField();
            state = State.FieldStart;
          } else if (c === LF) endRecord();
          else if (c === CR) state = State.AfterClosingQuoteCr;
          else throw new CsvSyntaxError(line, `unexpected ${JSON.stringify(s[i - 1])} after a closing quote`);
          break;
        }
        case State.AfterClosingQuoteCr: {
          if (s.charCodeAt(i) !== LF) throw new CsvSyntaxError(line, 'unexpected CR after a closing quote');
          i++;
          endRecord();
          break;
        }
        case State.FieldStart:
          if (s.charCodeAt(i) === QUOTE) {
            state = State.Quoted;
            quotedInRecord = true;
            i++;
            break;
          }
          state = State.Unquoted;
        // falls through: an unquoted field starts at this character
        case State.Unquoted: {
          let j = i;
          for (; j < n; j++) {
            const c = s.charCodeAt(j);
            if (c === COMMA || c === LF) break;
          }
          field += s.slice(i, j);
          if (j === n) {
            i = n;
            break;
          }
          if (s.charCodeAt(j) === COMMA) {
            endField();
            state = State.FieldStart;
          } else {
            if (field.charCodeAt(field.length - 1) === CR) field = field.slice(0, -1);
            endRecord();
          }
          i = j + 1;
          break;
        }
      }
    }
  };

  for await (const chunk of input) {
    let s = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    feed(s);
    // Yielding per chunk keeps memory flat while letting the inner loop run without generator overhead per record.
    for (const r of out) yield r;
    out.length = 0;
  }
  feed(decoder.decode());
  if (state === State.Quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is never closed');
  if (state === State.QuoteInQuoted || state === State.AfterClosingQuote || state === State.AfterClosingQuoteCr) endRecord();
  else if (state === State.Unquoted || record.length > 0) {
    if (field.charCodeAt(field.length - 1) === CR) field = field.slice(0, -1);
    endRecord();
  }
  for (const r of out) yield r;
}

export class CsvHeaderError extends Error {
  constructor(readonly missing: string[], readonly found: string[]) {
    super(`CSV header is missing column(s) ${missing.join(', ')} (found: ${found.join(', ') || 'nothing'})`);
    this.name = 'CsvHeaderError';
  }
}

/**
 * Maps required column names to their positions in a header record; extra columns are allowed and order is free.
 * Throws CsvHeaderError naming every missing column, so a wrong file is refused before anything is read from it.
 */
export function columnIndexes<const K extends string>(header: readonly string[], required: readonly K[]): Record<K, number> {
  const trimmed = header.map((h) => h.trim());
  const missing = required.filter((k) => !trimmed.includes(k));
  if (missing.length) throw new CsvHeaderError(missing, trimmed);
  return Object.fromEntries(required.map((k) => [k, trimmed.indexOf(k)])) as Record<K, number>;
}
