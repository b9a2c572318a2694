import { inflateSync } from 'node:zlib';

/**
 * Reads the text back out of a PDF this app wrote (pdf-lib, standard fonts, WinAnsi): each content stream is
 * inflated and its Tj / TJ strings decoded, one line per text-showing operator. Not a general PDF parser; it is how
 * the tests (and support) check what the customer's letter actually says.
 */
export function extractPdfText(bytes: Uint8Array): string[] {
  const buf = Buffer.from(bytes);
  const lines: string[] = [];
  const latin = buf.toString('latin1');
  const decoder = new TextDecoder('windows-1252');
  const re = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(latin))) {
    const start = m.index + m[0].length;
    const dict = latin.slice(latin.lastIndexOf('<<', m.index), m.index);
    const length = /\/Length (\d+)(?!\s+\d+\s+R)/.exec(dict);
    const end = length ? start + Number(length[1]) : latin.indexOf('endstream', start);
    if (end < 0) break;
    re.lastIndex = end;
    let raw = buf.subarray(start, end);
    if (/\/FlateDecode/.test(dict)) raw = inflateSync(raw);
    const content = raw.toString('latin1');
    const op = /(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))\s*Tj|\[((?:[^\]])*)\]\s*TJ/g;
    let t: RegExpExecArray | null;
    while ((t = op.exec(content))) {
      const parts = t[1] !== undefined ? [t[1]] : (t[2]!.match(/<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)/g) ?? []);
      lines.push(parts.map((p) => decoder.decode(pdfStringBytes(p))).join(''));
    }
  }
  return lines;
}

function pdfStringBytes(token: string): Uint8Array {
  if (token.startsWith('<')) {
    const hex = token.slice(1, -1).replace(/\s+/g, '');
    const padded = hex.length % 2 ? `${hex}0` : hex;
    return Uint8Array.from(padded.match(/../g) ?? [], (h) => parseInt(h, 16));
  }
  const body = token.slice(1, -1);
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out.push(ch.charCodeAt(0) & 0xff);
      continue;
    }
    const nx = body[++i] ?? '';
    const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    if (nx in esc) out.push(esc[nx]!);
    else if (/[0-7]/.test(nx)) {
      let oct = nx;
      while (oct.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) oct += body[++i];
      out.push(parseInt(oct, 8) & 0xff);
    }
  }
  return Uint8Array.from(out);
}
