import { describe, expect, it } from 'vitest';
import { ftsAllOf, goalTokens, goalWords, jaccard, normaliseTitle, singular, titleWords, trigrams, variantsOf } from '../../main/jobsearch/text';

describe('job goal words', () => {
  it('keeps the occupation words of how people say it on the phone', () => {
    expect(goalWords("I'd like some warehouse work near home, part time please")).toEqual(['warehouse', 'worker']);
    expect(goalWords('I want to be a HGV driver')).toEqual(['hgv', 'driver']);
    expect(goalWords('Cleaning jobs')).toEqual(['cleaning']);
  });

  it('reads "X work" as the index title "X worker", and drops a bare "work"', () => {
    expect(goalWords('care work')).toEqual(['care', 'worker']);
    expect(goalWords('factory working')).toEqual(['factory', 'worker']);
    expect(goalWords('work')).toEqual([]);
  });

  it('keeps title words that are also filler words in phrases ("home carer", "careers adviser")', () => {
    expect(goalWords('home carer')).toEqual(['home', 'carer']);
    expect(goalWords('careers adviser')).toEqual(['career', 'adviser']);
    expect(goalWords('area manager')).toEqual(['area', 'manager']);
    expect(goalWords('cleaning near my home, in the local area, back to work after a break')).toEqual(['cleaning', 'after', 'break']);
    expect(goalWords('a career in retail, no experience')).toEqual(['retail']);
  });

  it('finds nothing to search in goals without an occupation', () => {
    expect(goalWords('')).toEqual([]);
    expect(goalWords('   ')).toEqual([]);
    expect(goalWords('any job please')).toEqual([]);
    expect(goalWords('full-time, near me')).toEqual([]);
  });

  it('keeps the said form beside the matching form, for messages', () => {
    expect(goalTokens('warehouse leeds')).toEqual([
      { word: 'warehouse', raw: 'warehouse' },
      { word: 'leed', raw: 'leeds' },
    ]);
  });

  it('treats plurals and possessives as the singular, and folds accents and case', () => {
    expect(singular('cleaners')).toBe('cleaner');
    expect(singular('nurseries')).toBe('nursery');
    expect(singular('glass')).toBe('glass');
    expect(singular('bus')).toBe('bus');
    expect(titleWords("Grocer's assembler")).toEqual(['grocer', 'assembler']);
    expect(titleWords('Café ASSISTANTS')).toEqual(['cafe', 'assistant']);
  });

  it('drops joining words from titles but keeps "part" and "time" there', () => {
    expect(normaliseTitle('Painter and decorator')).toBe('painter decorator');
    expect(normaliseTitle('Parts assistant')).toBe('part assistant');
    expect(normaliseTitle('Time and motion analyst')).toBe('time motion analyst');
  });

  it('gives spelling variants as single words only', () => {
    expect(variantsOf('driving')).toEqual(['driving', 'driver']);
    expect(variantsOf('advisor', new Map([['advisor', ['adviser']]]))).toEqual(['advisor', 'adviser']);
    for (const w of ['forklift', 'flt', 'admin', 'lorry']) for (const v of variantsOf(w)) expect(v).toMatch(/^[a-z0-9]+$/);
  });
});

describe('FTS5 query text', () => {
  it('ANDs the groups, ORs the variants, quotes every term and can pin a column', () => {
    expect(ftsAllOf([['warehouse'], ['operative', 'operator']])).toBe('"warehouse" AND ("operative" OR "operator")');
    expect(ftsAllOf([['and']], 'title')).toBe('{title} : ("and")');
    expect(ftsAllOf([['a"b']])).toBe('"a""b"');
  });
});

describe('trigram similarity', () => {
  it('ranks a misspelling closest to the word meant', () => {
    const said = trigrams('recepshonist');
    expect(jaccard(said, trigrams('receptionist'))).toBeGreaterThan(jaccard(said, trigrams('administrator')));
    expect(jaccard(trigrams('cleaner'), trigrams('cleaner'))).toBe(1);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });
});
