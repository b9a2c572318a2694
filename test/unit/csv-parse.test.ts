import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { columnIndexes, CsvHeaderError, CsvSyntaxError, parseCsv, RejectionLog, type CsvRecord } from '../../main/csv/parseCsv';

async function collect(input: AsyncIterable<string | Uint8Array>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of parseCsv(input)) out.push(r);
  return out;
}

/** Splits text into chunks of the given size, so state that crosses chunk boundaries is exercised. */
async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const parse = (text: string) => collect(chunks(text, text.length || 1));
const records = async (text: string) => (await parse(text)).map((r) => r.record);

describe('parseCsv', () => {
  it('splits plain fields and records, with LF or CRLF endings', async () => {
    expect(await records('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(await records('a,b,c\r\n1,2,3\r\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  });

  it('accepts a last record without a line ending', async () => {
    expect(await records('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(await records('a,b\r\n1,2\r')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, including a trailing one', async () => {
    expect(await records(',\na,,b\n,,\nx,')).toEqual([['', ''], ['a', '', 'b'], ['', '', ''], ['x', '']]);
  });

  it('reads quoted fields with commas, escaped quotes and line breaks', async () => {
    const text = 'name,address\n"Smith, J","1 ""High"" St\nLeeds"\n"",x\n';
    expect(await records(text)).toEqual([
      ['name', 'address'],
      ['Smith, J', '1 "High" St\nLeeds'],
      ['', 'x'],
    ]);
  });

  it('keeps CRLF inside a quoted field as data', async () => {
    expect(await records('"a\r\nb",c\r\n')).toEqual([['a\r\nb', 'c']]);
  });

  it('reports the line each record starts on, counting line breaks inside quotes and skipped empty lines', async () => {
    const got = await parse('h1,h2\n"multi\nline\ntext",x\n\nlast,y\n');
    expect(got.map((r) => r.line)).toEqual([1, 2, 6]);
  });

  it('skips empty lines but keeps a line holding one quoted empty field', async () => {
    expect(await records('a\n\n\r\n""\nb\n')).toEqual([['a'], [''], ['b']]);
  });

  it('keeps a bare quote inside an unquoted field as data', async () => {
    expect(await records('height,5\'10"\n')).toEqual([['height', '5\'10"']]);
  });

  it('drops a UTF-8 byte-order mark, from bytes or from text', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('code,name\n1,x\n')]);
    expect((await collect(Readable.from([bytes]))).map((r) => r.record)).toEqual([['code', 'name'], ['1', 'x']]);
    expect(await records('\uFEFFcode\n1\n')).toEqual([['code'], ['1']]);
  });

  it('decodes a multi-byte character split across byte chunks', async () => {
    const bytes = Buffer.from('name\nYnys Môn – Caergybi\n', 'utf8');
    const pieces = [...bytes].map((b) => Buffer.from([b]));
    expect((await collect(Readable.from(pieces))).map((r) => r.record)).toEqual([['name'], ['Ynys Môn – Caergybi']]);
  });

  it('gives the same records whatever the chunk size', async () => {
    const text = 'a,"b,""c""\r\nd",e\r\n\r\n"x"\r\n,\n"q""",z\nlast';
    const expected = await parse(text);
    expect(expected.map((r) => r.record)).toEqual([['a', 'b,"c"\r\nd', 'e'], ['x'], ['', ''], ['q"', 'z'], ['last']]);
    for (let size = 1; size <= text.length; size++) expect(await collect(chunks(text, size))).toEqual(expected);
  });

  it('refuses a quoted field that is never closed, naming the line it started on', async () => {
    const err = await parse('a,b\n1,2\n3,"open\nfield\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).line).toBe(3);
  });

  it('refuses text after a closing quote', async () => {
    const err = await parse('a\n"ab"c,d\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).message).toMatch(/line 2/);
    await expect(parse('"ab"\rc\n')).rejects.toBeInstanceOf(CsvSyntaxError);
  });

  it('yields nothing for empty input', async () => {
    expect(await parse('')).toEqual([]);
    expect(await parse('\n\n')).toEqual([]);
  });
});

describe('columnIndexes', () => {
  it('finds required columns in any order, ignoring extra columns and surrounding spaces', () => {
    expect(columnIndexes(['x', ' lat', 'postcode', 'long '], ['postcode', 'lat', 'long'])).toEqual({ postcode: 2, lat: 1, long: 3 });
  });

  it('names every missing column', () => {
    expect(() => columnIndexes(['postcode', 'latitude'], ['postcode', 'lat', 'long'])).toThrow(CsvHeaderError);
    expect(() => columnIndexes(['postcode', 'latitude'], ['postcode', 'lat', 'long'])).toThrow(/lat, long/);
  });
});

describe('RejectionLog', () => {
  it('counts every rejection, keeps the lowest line numbers in order even when they arrive late, and quotes excerpts', () => {
    const log = new RejectionLog(3);
    log.add(10, 'b', ['x'], 'kind-b');
    log.add(20, 'b', ['y'], 'kind-b');
    log.add(30, 'c', ['z'], 'kind-c');
    log.add(5, 'duplicate', ['LS1 1AA', 'a, "b"'], 'duplicate');
    log.add(40, 'c', ['w'], 'kind-c');
    expect(log.count).toBe(5);
    expect(log.first.map((r) => r.line)).toEqual([5, 10, 20]);
    expect(log.first[0]!.excerpt).toBe('LS1 1AA,"a, ""b"""');
    expect(Object.fromEntries(log.byKind)).toEqual({ 'kind-b': 2, 'kind-c': 2, duplicate: 1 });
  });

  it('shortens long rows in the excerpt', () => {
    const log = new RejectionLog();
    log.add(2, 'too long', ['x'.repeat(500)]);
    expect(log.first[0]!.excerpt).toHaveLength(100);
  });
});
