import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

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

/** Incremental tokenizer: `feed` any slice of text, `finish` at the end; complete records collect in `out`. */
class CsvTokenizer {
  out: CsvRecord[] = [];
  private state: State = State.FieldStart;
  private field = '';
  private record: string[] = [];
  // `""` alone on a line is a record with one empty field, unlike an empty line.
  private quotedInRecord = false;
  private line = 1;
  private recordLine = 1;

  private endField() {
    this.record.push(this.field);
    this.field = '';
  }

  private endRecord() {
    this.endField();
    const r = this.record;
    if (this.quotedInRecord || !(r.length === 1 && r[0] === '')) this.out.push({ line: this.recordLine, record: r });
    this.record = [];
    this.quotedInRecord = false;
    this.line++;
    this.recordLine = this.line;
    this.state = State.FieldStart;
  }

  private dropTrailingCr() {
    if (this.field.charCodeAt(this.field.length - 1) === CR) this.field = this.field.slice(0, -1);
  }

  feed(s: string) {
    const n = s.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case State.FieldStart:
          if (s.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            this.quotedInRecord = true;
            i++;
          } else this.state = State.Unquoted;
          break;
        case State.Unquoted: {
          let j = i;
          for (; j < n; j++) {
            const c = s.charCodeAt(j);
            if (c === COMMA || c === LF) break;
          }
          this.field += s.slice(i, j);
          if (j === n) {
            i = n;
            break;
          }
          if (s.charCodeAt(j) === COMMA) {
            this.endField();
            this.state = State.FieldStart;
          } else {
            this.dropTrailingCr();
            this.endRecord();
          }
          i = j + 1;
          break;
        }
        case State.Quoted: {
          const q = s.indexOf('"', i);
          const end = q === -1 ? n : q;
          const piece = s.slice(i, end);
          for (let k = piece.indexOf('\n'); k !== -1; k = piece.indexOf('\n', k + 1)) this.line++;
          this.field += piece;
          i = end;
          if (q !== -1) {
            this.state = State.QuoteInQuoted;
            i++;
          }
          break;
        }
        case State.QuoteInQuoted:
          if (s.charCodeAt(i) === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            i++;
          } else this.state = State.AfterClosingQuote;
          break;
        case State.AfterClosingQuote: {
          const c = s.charCodeAt(i++);
          if (c === COMMA) {
            this.endField();
            this.state = State.FieldStart;
          } else if (c === LF) this.endRecord();
          else if (c === CR) this.state = State.AfterClosingQuoteCr;
          else throw new CsvSyntaxError(this.line, `unexpected ${JSON.stringify(s[i - 1])} after a closing quote`);
          break;
        }
        case State.AfterClosingQuoteCr:
          if (s.charCodeAt(i) !== LF) throw new CsvSyntaxError(this.line, 'unexpected CR after a closing quote');
          i++;
          this.endRecord();
          break;
      }
    }
  }

  finish() {
    switch (this.state) {
      case State.Quoted:
        throw new CsvSyntaxError(this.recordLine, 'a quoted field is never closed');
      case State.FieldStart:
        // A trailing comma at the very end ("a,b,") still owes its last, empty field.
        if (this.record.length > 0) this.endRecord();
        break;
      case State.Unquoted:
        this.dropTrailingCr();
        this.endRecord();
        break;
      default:
        this.endRecord();
    }
  }
}

/** Parses CSV text arriving in chunks (a Node Readable, a file stream piped through gunzip, or strings). */
export async function* parseCsv(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<CsvRecord> {
  // `stream: true` keeps a multi-byte character split across two chunks intact; the decoder drops a leading BOM.
  const decoder = new TextDecoder('utf-8');
  const t = new CsvTokenizer();
  let first = true;
  for await (const chunk of input) {
    let s = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    t.feed(s);
    // Yielding per chunk, not per record, keeps the hot loop free of generator overhead; memory stays one chunk deep.
    for (const r of t.out) yield r;
    t.out = [];
  }
  t.feed(decoder.decode());
  t.finish();
  for (const r of t.out) yield r;
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

/** A CSV file as a byte stream, gunzipped on the fly when the name ends in `.gz`. */
export function openCsvFile(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  // pipeline (unlike pipe) forwards a read error such as ENOENT to the stream the parser is reading.
  return path.toLowerCase().endsWith('.gz') ? pipeline(raw, createGunzip(), () => {}) : raw;
}

export interface Rejection {
  line: number;
  reason: string;
  /** The start of the raw row, so a person can find it without opening the file at that line. */
  excerpt: string;
}

/**
 * Counts every rejected row but keeps only the few with the lowest line numbers in full: a bad 2.7M-row file must not
 * fill memory with reasons, and some rejections (duplicates found at a batch insert) arrive out of line order.
 */
export class RejectionLog {
  count = 0;
  /** Sorted by line. */
  readonly first: Rejection[] = [];
  /** Counts per kind of problem (e.g. "lat+long", "duplicate"), for a one-line summary of a large file. */
  readonly byKind = new Map<string, number>();
  constructor(private readonly keep = 20) {}

  add(line: number, reason: string, record: readonly string[], kind = reason): void {
    this.count++;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    const list = this.first;
    if (list.length === this.keep && line >= list[list.length - 1]!.line) return;
    const raw = record.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
    let i = list.length;
    while (i > 0 && list[i - 1]!.line > line) i--;
    list.splice(i, 0, { line, reason, excerpt: raw.length > 100 ? `${raw.slice(0, 97)}...` : raw });
    if (list.length > this.keep) list.pop();
  }
}
