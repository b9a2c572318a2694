import { describe, expect, it } from 'vitest';
import {
  CLAIM_REFERENCE_ALPHABET,
  CLAIM_REFERENCE_TYPING_ERROR,
  claimReferenceCheckSymbol,
  generateClaimReference,
  isClaimReference,
  normaliseClaimReference,
  readTypedCallId,
} from '../../machines/rules/claimReference';

/** Deterministic "random" bytes: a small linear congruential generator, so every run tests the same references. */
function seededBytes(seed: number): (size: number) => Uint8Array {
  let s = seed >>> 0;
  return (size) => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out[i] = s >>> 24;
    }
    return out;
  };
}

const bytes = seededBytes(20261123);
const sample = Array.from({ length: 200 }, () => generateClaimReference(bytes));
const SHAPE = new RegExp(`^[${CLAIM_REFERENCE_ALPHABET}]{4}-[${CLAIM_REFERENCE_ALPHABET}]{4}-[${CLAIM_REFERENCE_ALPHABET}]{3}$`);
const symbols = (ref: string) => ref.replace(/-/g, '');
const format = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;

describe('claim references: generation', () => {
  it('the alphabet is Crockford base32: 32 symbols, no I, L, O or U', () => {
    expect(CLAIM_REFERENCE_ALPHABET).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(new Set(CLAIM_REFERENCE_ALPHABET).size).toBe(32);
    for (const c of 'ILOU') expect(CLAIM_REFERENCE_ALPHABET).not.toContain(c);
  });

  it('makes 13-character references in groups of 4-4-3, from the alphabet only, that pass their own check', () => {
    for (const ref of sample) {
      expect(ref).toHaveLength(13);
      expect(ref).toMatch(SHAPE);
      expect(isClaimReference(ref)).toBe(true);
      expect(normaliseClaimReference(ref)).toBe(ref);
    }
    // 200 draws of 50 bits: all different, and every symbol of the alphabet turns up.
    expect(new Set(sample).size).toBe(sample.length);
    expect(new Set(sample.flatMap((r) => [...symbols(r)])).size).toBe(32);
  });

  it('is a function of the random bytes alone: the same bytes give the same reference', () => {
    const fixed = () => Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(generateClaimReference(fixed)).toBe(generateClaimReference(fixed));
    expect(generateClaimReference(fixed).slice(0, 12)).toBe('0123-4567-89');
    // Each byte gives one symbol, byte mod 32 (256 is a multiple of 32, so no symbol is favoured).
    expect(generateClaimReference(() => Uint8Array.from([31, 32, 63, 255, 10, 42, 74, 106, 138, 170])).slice(0, 12)).toBe('Z0ZZ-AAAA-AA');
    expect(generateClaimReference(seededBytes(7))).toBe(generateClaimReference(seededBytes(7)));
    expect(generateClaimReference(seededBytes(7))).not.toBe(generateClaimReference(seededBytes(8)));
  });

  it('the example in the docs is a valid reference', () => {
    expect(isClaimReference('7K4M-2QX9-HRC')).toBe(true);
    expect(normaliseClaimReference('7k4m 2qx9 hrc')).toBe('7K4M-2QX9-HRC');
  });

  it('refuses too few random bytes rather than making a short reference', () => {
    expect(() => generateClaimReference(() => new Uint8Array(9))).toThrow(/10 random bytes/);
  });

  it('the check symbol makes the weighted sum zero (known values)', () => {
    expect(claimReferenceCheckSymbol('0000000000')).toBe('0');
    // A one in the last data place has weight α = 2; in the first place α¹⁰ = 0b10001 (x¹⁰ mod x⁵+x²+1) = 17 = 'H'.
    expect(claimReferenceCheckSymbol('0000000001')).toBe('2');
    expect(claimReferenceCheckSymbol('1000000000')).toBe('H');
  });
});

describe('claim references: the check symbol catches typing errors', () => {
  it('rejects every single-symbol substitution of every sampled reference', () => {
    let tried = 0;
    for (const ref of sample) {
      const s = symbols(ref);
      for (let i = 0; i < s.length; i++) {
        for (const c of CLAIM_REFERENCE_ALPHABET) {
          if (c === s[i]) continue;
          const typo = format(s.slice(0, i) + c + s.slice(i + 1));
          expect(normaliseClaimReference(typo), `${ref} → ${typo}`).toBeNull();
          tried++;
        }
      }
    }
    expect(tried).toBe(sample.length * 11 * 31);
  });

  it('rejects every adjacent transposition (and every other swap of two different symbols)', () => {
    let adjacent = 0;
    for (const ref of sample) {
      const s = symbols(ref);
      for (let i = 0; i < s.length; i++) {
        for (let j = i + 1; j < s.length; j++) {
          if (s[i] === s[j]) continue;
          const swapped = [...s];
          [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
          const typo = format(swapped.join(''));
          expect(normaliseClaimReference(typo), `${ref} → ${typo}`).toBeNull();
          if (j === i + 1) adjacent++;
        }
      }
    }
    expect(adjacent).toBeGreaterThan(sample.length * 9);
  });

  it('rejects a dropped or doubled symbol and symbols outside the alphabet', () => {
    const ref = sample[0]!;
    const s = symbols(ref);
    expect(normaliseClaimReference(s.slice(1))).toBeNull();
    expect(normaliseClaimReference(s + s[10])).toBeNull();
    expect(normaliseClaimReference(`U${s.slice(1)}`)).toBeNull();
    expect(normaliseClaimReference('')).toBeNull();
    expect(normaliseClaimReference('3f2a9c1e-5b7d-4c1a-9e8f-0a1b2c3d4e5f')).toBeNull();
  });
});

describe('claim references: what a person types', () => {
  // A reference with 0 and 1 in it, so the O → 0 and I/L → 1 readings are exercised.
  const ref = sample.find((r) => r.includes('0') && r.includes('1'))!;
  const withLetters = (r: string, zero: string, one: string) => r.replace(/0/g, zero).replace(/1/g, one);

  it.each([
    ['lower case', (r: string) => r.toLowerCase()],
    ['spaces instead of dashes', (r: string) => r.replace(/-/g, ' ')],
    ['lower case, spaces, and spaces round it', (r: string) => `  ${r.toLowerCase().replace(/-/g, ' ')} `],
    ['no dashes', (r: string) => r.replace(/-/g, '')],
    ['every symbol spaced out', (r: string) => [...r.replace(/-/g, '')].join(' ')],
    ['O for 0 and I for 1', (r: string) => withLetters(r, 'O', 'I')],
    ['o for 0 and l for 1, lower case', (r: string) => withLetters(r, 'o', 'l').toLowerCase()],
    ['L for 1', (r: string) => withLetters(r, '0', 'L')],
    ['en dashes pasted from a document', (r: string) => r.replace(/-/g, '\u2013')],
  ])('%s gives the canonical form', (_how, typed) => {
    const input = typed(ref);
    expect(input).not.toBe(ref);
    expect(normaliseClaimReference(input)).toBe(ref);
    expect(readTypedCallId(input)).toEqual({ kind: 'reference', id: ref });
  });

  it('a typed reference whose check fails is a typing error with words a person can act on', () => {
    const s = symbols(ref);
    const wrongLast = s.slice(0, 10) + CLAIM_REFERENCE_ALPHABET[(CLAIM_REFERENCE_ALPHABET.indexOf(s[10]!) + 1) % 32];
    const typed = format(wrongLast).toLowerCase().replace(/-/g, ' ');
    expect(normaliseClaimReference(typed)).toBeNull();
    expect(readTypedCallId(typed)).toEqual({ kind: 'typingError', message: CLAIM_REFERENCE_TYPING_ERROR });
    expect(CLAIM_REFERENCE_TYPING_ERROR).toBe('That reference has a typing error: check it with the customer.');
    // U is never in a reference: a U where a reference was typed is a typing error too.
    expect(readTypedCallId(`U${s.slice(1)}`).kind).toBe('typingError');
  });

  it('anything not shaped like a reference (a UUID from an older database, other ids) is passed on unchanged', () => {
    const uuid = '3f2a9c1e-5b7d-4c1a-9e8f-0a1b2c3d4e5f';
    expect(readTypedCallId(uuid)).toEqual({ kind: 'other', id: uuid });
    expect(readTypedCallId(` ${uuid} `)).toEqual({ kind: 'other', id: uuid });
    expect(readTypedCallId('call-0001')).toEqual({ kind: 'other', id: 'call-0001' });
    // One symbol short: not a reference's shape, so looked up as typed (and not found).
    expect(readTypedCallId(ref.slice(0, -1))).toEqual({ kind: 'other', id: ref.slice(0, -1) });
  });
});
