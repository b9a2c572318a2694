/**
 * The claim reference: the id of every new call, and what the customer quotes on the phone. Short enough to read
 * out and type back: Crockford base32 (no I, L, O or U, so nothing looks or sounds like something else), ten random
 * symbols (50 bits) and one check symbol, shown in groups of 4-4-3: `7K4M-2QX9-HRC`.
 *
 * The check symbol is from the same alphabet, so the whole reference stays speakable (Crockford's own mod-37 check
 * adds `*`, `~`, `$`, `=` and `U`, which do not read well over the phone). It is a weighted sum over GF(32), the
 * field with 32 elements: symbol i is multiplied by its own non-zero weight αⁱ, all the weights are different, and
 * the check symbol makes the sum zero. In a field a non-zero difference times a non-zero weight is never zero, so
 * every single wrong symbol is caught, and so is every swap of two different symbols (adjacent or not), because
 * the two weights differ. (A plain mod-32 sum cannot catch both: every weight would have to be odd for the first
 * and every neighbouring pair of weights would have to differ by an odd number for the second.)
 *
 * Pure: the random bytes are passed in (crypto.randomBytes in the app, fixed bytes in tests).
 */

export const CLAIM_REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random symbols in a reference (5 bits each: 50 bits). */
export const CLAIM_REFERENCE_DATA_SYMBOLS = 10;
/** Symbols in a reference with its check symbol. */
export const CLAIM_REFERENCE_SYMBOLS = CLAIM_REFERENCE_DATA_SYMBOLS + 1;
/** What a person is told when the check symbol does not match what they typed. */
export const CLAIM_REFERENCE_TYPING_ERROR = 'That reference has a typing error: check it with the customer.';

const VALUE = new Map<string, number>([...CLAIM_REFERENCE_ALPHABET].map((c, i) => [c, i]));

// GF(32) = GF(2)[x] / (x⁵ + x² + 1); α = x is primitive (order 31), so α⁰…α¹⁰ are eleven different weights.
const EXP: number[] = [];
const LOG: number[] = new Array<number>(32).fill(0);
for (let i = 0, v = 1; i < 31; i++) {
  EXP[i] = v;
  LOG[v] = i;
  v <<= 1;
  if (v & 32) v ^= 0b100101;
}
const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : EXP[(LOG[a]! + LOG[b]!) % 31]!);
/** Weight of the symbol at position i (0-based, check symbol last with weight 1). */
const weight = (i: number): number => EXP[CLAIM_REFERENCE_DATA_SYMBOLS - i]!;

/** The weighted sum of the symbols (addition in GF(32) is exclusive or); zero for a valid reference. */
function syndrome(values: number[]): number {
  return values.reduce((s, v, i) => s ^ mul(weight(i), v), 0);
}

/** The check symbol for ten data symbols (canonical alphabet, no dashes). */
export function claimReferenceCheckSymbol(data: string): string {
  if (data.length !== CLAIM_REFERENCE_DATA_SYMBOLS) throw new Error(`A claim reference has ${CLAIM_REFERENCE_DATA_SYMBOLS} data symbols, not ${data.length}.`);
  const values = [...data].map((c) => {
    const v = VALUE.get(c);
    if (v === undefined) throw new Error(`"${c}" is not a claim reference symbol.`);
    return v;
  });
  // Weight of the check symbol is 1, so the check value is the data's sum (minus is plus in GF(2⁵)).
  return CLAIM_REFERENCE_ALPHABET[syndrome(values)]!;
}

/** `7K4M2QX9HRC` → `7K4M-2QX9-HRC`. */
export function formatClaimReference(symbols: string): string {
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}

/**
 * A new claim reference from `randomBytes(10)`: each byte gives one symbol (byte mod 32, unbiased because 256 is a
 * multiple of 32), then the check symbol.
 */
export function generateClaimReference(randomBytes: (size: number) => Uint8Array): string {
  const bytes = randomBytes(CLAIM_REFERENCE_DATA_SYMBOLS);
  if (bytes.length < CLAIM_REFERENCE_DATA_SYMBOLS) throw new Error(`generateClaimReference needs ${CLAIM_REFERENCE_DATA_SYMBOLS} random bytes, got ${bytes.length}.`);
  let data = '';
  for (let i = 0; i < CLAIM_REFERENCE_DATA_SYMBOLS; i++) data += CLAIM_REFERENCE_ALPHABET[bytes[i]! & 31];
  return formatClaimReference(data + claimReferenceCheckSymbol(data));
}

/** What a person typed, as reference symbols: upper case, spaces and dashes gone, O read as 0, I and L as 1. */
function symbolsOf(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

function checks(symbols: string): boolean {
  if (symbols.length !== CLAIM_REFERENCE_SYMBOLS) return false;
  const values: number[] = [];
  for (const c of symbols) {
    const v = VALUE.get(c);
    if (v === undefined) return false;
    values.push(v);
  }
  return syndrome(values) === 0;
}

/**
 * A reference as a person types it (`7k4m 2qx9 hrc`, `7K4M2QX9HRC`, `7K4M-2QX9-HRC`, O for 0, I or L for 1) in its
 * canonical form `7K4M-2QX9-HRC`, or null when it is not a valid reference: the check symbol does not match (a
 * typing error: say {@link CLAIM_REFERENCE_TYPING_ERROR}), or it has the wrong length or a symbol not in the alphabet.
 */
export function normaliseClaimReference(input: string): string | null {
  const symbols = symbolsOf(input);
  return checks(symbols) ? formatClaimReference(symbols) : null;
}

/** True for a reference in canonical form with a matching check symbol. */
export function isClaimReference(id: string): boolean {
  return normaliseClaimReference(id) === id;
}

/**
 * How to read an id a person typed or pasted where a claim is looked up:
 * - `reference`: a claim reference in any typed form; `id` is the canonical form.
 * - `typingError`: shaped like a claim reference (11 letters and digits once spaces and dashes are gone) but the
 *   check symbol does not match, or it has U in it; `message` says what to do.
 * - `other`: anything else (a UUID call id from an older database, a test id), passed on unchanged.
 */
export type TypedCallId = { kind: 'reference'; id: string } | { kind: 'typingError'; message: string } | { kind: 'other'; id: string };

export function readTypedCallId(input: string): TypedCallId {
  const trimmed = input.trim();
  const symbols = symbolsOf(trimmed);
  if (symbols.length !== CLAIM_REFERENCE_SYMBOLS || !/^[0-9A-Z]+$/.test(symbols)) return { kind: 'other', id: trimmed };
  return checks(symbols) ? { kind: 'reference', id: formatClaimReference(symbols) } : { kind: 'typingError', message: CLAIM_REFERENCE_TYPING_ERROR };
}
