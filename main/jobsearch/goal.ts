import type { Db } from '../db/open';
import { ftsAllOf, ftsTerm, goalTokens, goalWords, jaccard, titleWords, trigrams, variantsOf } from './text';

/** An occupation the goal stands for, with the index title that put it there (shown to the FCO as the reason). */
export interface OccupationMatch {
  soc2020: string;
  /** ONS unit group title, e.g. "Warehouse operatives". */
  unitTitle: string;
  /** The coding-index title that matched, e.g. "Warehouse operative" or "Cleaner (windows)". */
  matchedTitle: string;
  /** 1 for the goal's own title; less for qualified readings and for titles that only contain the goal's words. */
  weight: number;
}

export interface Suggestion {
  title: string;
  soc2020: string;
  unitTitle: string;
}

export type GoalResolution =
  | {
      status: 'matched';
      /** The words searched for, each with the spellings that count as the same word. */
      words: string[][];
      /** Goal words that no index title contains ("leeds" in "warehouse leeds"), left out of the search. */
      ignoredWords: string[];
      occupations: OccupationMatch[];
      /** How the goal was read, when it was not a plain title match. */
      note: string | null;
    }
  | { status: 'empty' }
  | { status: 'unknown'; words: string[]; suggestions: Suggestion[] };

/** The exact title's own code is a sure reading; a qualified variant ("Cleaner (windows)") is a plausible one. */
const QUALIFIED_WEIGHT = 0.5;
/** Codes whose share of the containing titles is below this are noise ("warehouse" → "Warehouse manager"). */
const MIN_SHARE = 0.3;
const MAX_CONTAINING_CODES = 5;
const MAX_QUALIFIED_CODES = 6;
/** Below this a "did you mean" shares a trigram or two by chance ("recepshonist" → "Administrator"): not worth saying. */
const MIN_SUGGESTION_SCORE = 0.2;

interface TitleHit {
  id: number;
  job_title: string;
  soc2020: string;
  qualifier: string;
  industry: string;
  normalised: string;
  word_count: number;
  unit_title: string | null;
}

const TITLE_COLUMNS = `t.id, t.job_title, t.soc2020, t.qualifier, t.industry, t.normalised, t.word_count, u.title AS unit_title`;

/** Prepared statements per connection: resolving a goal is on every search's path. */
const cache = new WeakMap<Db, ReturnType<typeof statements>>();
function statements(db: Db) {
  return {
    xrefs: db.prepare<[string], { from_normalised: string; to_normalised: string; to_title: string; also: number }>(
      `SELECT from_normalised, to_normalised, to_title, also FROM soc_xrefs
       WHERE from_normalised IN (SELECT value FROM json_each(?)) ORDER BY id`,
    ),
    anyTitle: db.prepare<[string], { id: number }>('SELECT rowid AS id FROM soc_titles_fts WHERE soc_titles_fts MATCH ? LIMIT 1'),
    titles: db.prepare<[string], TitleHit>(
      `SELECT ${TITLE_COLUMNS} FROM soc_titles_fts f CROSS JOIN soc_titles t ON t.id = f.rowid
       LEFT JOIN soc_units u ON u.soc2020 = t.soc2020 WHERE soc_titles_fts MATCH ?`,
    ),
    exactTitles: db.prepare<[string, number], TitleHit>(
      `SELECT ${TITLE_COLUMNS} FROM soc_titles_fts f CROSS JOIN soc_titles t ON t.id = f.rowid
       LEFT JOIN soc_units u ON u.soc2020 = t.soc2020 WHERE soc_titles_fts MATCH ? AND t.word_count = ?`,
    ),
    prefixTitles: db.prepare<[string], TitleHit>(
      `SELECT ${TITLE_COLUMNS} FROM soc_titles_fts f CROSS JOIN soc_titles t ON t.id = f.rowid
       LEFT JOIN soc_units u ON u.soc2020 = t.soc2020 WHERE soc_titles_fts MATCH ? LIMIT 2000`,
    ),
    trigramTitles: db.prepare<[string], TitleHit>(
      `SELECT ${TITLE_COLUMNS} FROM soc_titles_tri f CROSS JOIN soc_titles t ON t.id = f.rowid
       LEFT JOIN soc_units u ON u.soc2020 = t.soc2020 WHERE soc_titles_tri MATCH ? ORDER BY f.rank LIMIT 300`,
    ),
    unitTitle: db.prepare<[string], { title: string }>('SELECT title FROM soc_units WHERE soc2020 = ?'),
    plainTitleOf: db.prepare<[string], { job_title: string }>(
      `SELECT job_title FROM soc_titles WHERE soc2020 = ? AND qualifier = '' AND industry = ''
       ORDER BY is_default DESC, word_count, length(job_title), id LIMIT 1`,
    ),
  };
}
function stmts(db: Db) {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = statements(db)));
  return s;
}

const qualifiedName = (h: TitleHit) => (h.qualifier ? `${h.job_title} (${h.qualifier})` : h.job_title);
const unitOf = (h: TitleHit) => h.unit_title ?? `SOC ${h.soc2020}`;

/**
 * The customer's goal in their own words → SOC 2020 occupations, through the coding index:
 * 1. a title with exactly the goal's words ("warehouse operative") → its code, plus the codes of its "add"-qualified
 *    readings at half weight ("cleaner" → 9223, and 9221 for "Cleaner (windows)");
 * 2. else an index cross-reference for the whole goal ("Chargehand, see Foreman") → step 1 for its target;
 * 3. else titles containing all the goal's words ("warehouse" → Warehouse operative, assistant, worker…), each
 *    code weighted by how many such titles it has, so the occupation the words usually mean comes first;
 * 4. else titles containing as many of the words as any title does.
 * Words no title contains are set aside and reported; if that leaves nothing, the goal is unknown.
 */
export function resolveGoal(db: Db, goal: string): GoalResolution {
  const said = goalTokens(goal);
  const words = said.map((t) => t.word);
  if (words.length === 0) return { status: 'empty' };
  const s = stmts(db);

  const xrefs = s.xrefs.all(JSON.stringify([...words, words.join(' ')]));
  const singleWordXrefs = new Map<string, string[]>();
  for (const x of xrefs) {
    if (!x.from_normalised.includes(' ') && !x.to_normalised.includes(' ')) {
      singleWordXrefs.set(x.from_normalised, [...(singleWordXrefs.get(x.from_normalised) ?? []), x.to_normalised]);
    }
  }
  const groups = words.map((w) => variantsOf(w, singleWordXrefs));
  const known = groups.filter((g) => s.anyTitle.get(ftsAllOf([g])) !== undefined);
  const ignoredWords = groups.filter((g) => !known.includes(g)).map((g) => said[groups.indexOf(g)]!.raw);
  const readAs = [...singleWordXrefs].filter(([from]) => known.some((g) => g[0] === from));
  const xrefNote = readAs.length
    ? readAs.map(([from, to]) => `the coding index reads "${from}" as "${to.join('", "')}"`).join('; ')
    : null;

  const whole = words.join(' ');
  const wholeXref = xrefs.find((x) => x.from_normalised === whole);

  const exact = known.length > 0 ? s.exactTitles.all(ftsAllOf(known), known.length) : [];
  if (exact.length > 0) return matched(known, ignoredWords, fromExact(exact), xrefNote);
  if (wholeXref) {
    const target = titleWords(wholeXref.to_title).map((w) => variantsOf(w));
    const hits = s.exactTitles.all(ftsAllOf(target), target.length);
    if (hits.length > 0) {
      const note = `the coding index files "${goal.trim()}" under "${wholeXref.to_title}"`;
      return matched(target, ignoredWords, fromExact(hits), note);
    }
  }
  if (known.length === 0) return { status: 'unknown', words, suggestions: suggestTitles(db, goal) };
  const containing = s.titles.all(ftsAllOf(known));
  if (containing.length > 0) return matched(known, ignoredWords, fromContaining(containing, known.length), xrefNote);

  // No title has every word: keep the titles that cover the most of them ("warehouse driver" → drivers and
  // warehouse titles alike) and say so.
  const byCover = new Map<number, { hit: TitleHit; cover: number }>();
  for (const g of known) {
    for (const h of s.titles.all(ftsAllOf([g]))) {
      const e = byCover.get(h.id);
      if (e) e.cover++;
      else byCover.set(h.id, { hit: h, cover: 1 });
    }
  }
  const best = Math.max(...[...byCover.values()].map((e) => e.cover));
  const partial = [...byCover.values()].filter((e) => e.cover === best).map((e) => e.hit);
  const note = `no index title has all of "${known.map((g) => g[0]).join('", "')}"; showing the closest`;
  return matched(known, ignoredWords, fromContaining(partial, best), note);
}

function matched(words: string[][], ignoredWords: string[], occupations: OccupationMatch[], note: string | null): GoalResolution {
  return { status: 'matched', words, ignoredWords, occupations, note };
}

function fromExact(exact: TitleHit[]): OccupationMatch[] {
  const out = new Map<string, OccupationMatch>();
  // Unqualified first: it is the reading the index gives when nothing else is known about the job.
  const plain = exact.filter((h) => h.qualifier === '' && h.industry === '');
  for (const h of plain) {
    if (!out.has(h.soc2020)) out.set(h.soc2020, { soc2020: h.soc2020, unitTitle: unitOf(h), matchedTitle: h.job_title, weight: 1 });
  }
  // Industry-only readings ("Cleaner" in a coal mine → mining operatives) are left out: the industry is the
  // employer's, not the customer's wish, and they would flood a search with unrelated trades.
  const qualified = exact.filter((h) => h.qualifier !== '').sort((a, b) => a.id - b.id);
  let added = 0;
  for (const h of qualified) {
    if (out.has(h.soc2020) || added >= MAX_QUALIFIED_CODES) continue;
    // Half weight even when no plain reading exists: "Assistant (catering)" is one reading of "assistant" among many.
    out.set(h.soc2020, { soc2020: h.soc2020, unitTitle: unitOf(h), matchedTitle: qualifiedName(h), weight: QUALIFIED_WEIGHT });
    added++;
  }
  if (out.size === 0) {
    // Only industry-qualified readings exist: keep the most common one rather than nothing.
    const h = mostCommonCode(exact);
    out.set(h.soc2020, { soc2020: h.soc2020, unitTitle: unitOf(h), matchedTitle: `${h.job_title} (${h.industry})`, weight: QUALIFIED_WEIGHT });
  }
  return [...out.values()];
}

function mostCommonCode(hits: TitleHit[]): TitleHit {
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(h.soc2020, (counts.get(h.soc2020) ?? 0) + 1);
  return [...hits].sort((a, b) => counts.get(b.soc2020)! - counts.get(a.soc2020)! || a.id - b.id)[0]!;
}

/** Each title votes for its code with its specificity (goal words / title words); codes ranked by total vote. */
function fromContaining(hits: TitleHit[], goalWordCount: number): OccupationMatch[] {
  const byCode = new Map<string, { vote: number; best: TitleHit; bestScore: number }>();
  for (const h of hits) {
    const industryOnly = h.qualifier === '' && h.industry !== '';
    const score = (goalWordCount / h.word_count) * (industryOnly ? 0.25 : h.qualifier ? 0.5 : 1);
    const e = byCode.get(h.soc2020);
    if (!e) byCode.set(h.soc2020, { vote: score, best: h, bestScore: score });
    else {
      e.vote += score;
      if (score > e.bestScore || (score === e.bestScore && h.job_title.length < e.best.job_title.length)) {
        e.best = h;
        e.bestScore = score;
      }
    }
  }
  const ranked = [...byCode.entries()].sort((a, b) => b[1].vote - a[1].vote || a[0].localeCompare(b[0]));
  const top = ranked[0]![1].vote;
  return ranked
    .filter(([, e]) => e.vote >= top * MIN_SHARE)
    .slice(0, MAX_CONTAINING_CODES)
    .map(([code, e]) => ({
      soc2020: code,
      unitTitle: unitOf(e.best),
      matchedTitle: qualifiedName(e.best),
      // The strongest code of a word-containment reading is still a step below an exact title.
      weight: Math.round((0.8 * e.vote) / top * 100) / 100,
    }));
}

/**
 * Index titles nearest to what was said, for "did you mean": titles sharing the goal's words or their beginnings
 * ("wareh" → Warehouse …), then titles sharing the most letter-trigrams (catches misspellings: "recepshonist").
 * Plain titles before qualified ones; one entry per title.
 */
export function suggestTitles(db: Db, goal: string, limit = 8): Suggestion[] {
  const words = goalWords(goal).length ? goalWords(goal) : titleWords(goal);
  if (words.length === 0) return [];
  const s = stmts(db);
  const scored = new Map<string, { hit: TitleHit; score: number }>();
  const consider = (h: TitleHit, score: number) => {
    const plainBonus = h.qualifier === '' && h.industry === '' ? 0.05 : 0;
    const total = score + plainBonus - h.word_count * 0.01;
    const key = h.job_title.toLowerCase();
    const e = scored.get(key);
    if (!e || total > e.score) scored.set(key, { hit: h, score: total });
  };

  const prefixes = words.filter((w) => w.length >= 3).map((w) => w.slice(0, Math.min(w.length, 4)));
  if (prefixes.length > 0) {
    for (const h of s.prefixTitles.all(prefixes.map((p) => `${ftsTerm(p)}*`).join(' OR '))) {
      const titleW = h.normalised.split(' ');
      let score = 0;
      for (const w of words) score += Math.max(0, ...titleW.map((t) => prefixSimilarity(w, t)));
      consider(h, score / words.length);
    }
  }
  const goalGrams = trigrams(words.join(' '));
  const plainGrams = [...goalGrams].filter((g) => !g.includes(' '));
  if (plainGrams.length > 0) {
    for (const h of s.trigramTitles.all(plainGrams.map(ftsTerm).join(' OR '))) consider(h, jaccard(goalGrams, trigrams(h.normalised)));
  }
  return [...scored.values()]
    .filter((e) => e.score >= MIN_SUGGESTION_SCORE)
    .sort((a, b) => b.score - a.score || a.hit.job_title.length - b.hit.job_title.length || a.hit.job_title.localeCompare(b.hit.job_title))
    .slice(0, limit)
    .map(({ hit }) => ({ title: hit.job_title, soc2020: hit.soc2020, unitTitle: unitOf(hit) }));
}

/** A word the customer started ("wareh") scores near 1 against the words it begins; otherwise the shared start counts. */
function prefixSimilarity(said: string, title: string): number {
  if (title.startsWith(said)) return 0.9 + (0.1 * said.length) / title.length;
  return sharedPrefix(said, title) / Math.max(said.length, title.length);
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Unit title and the plainest index title for a code, e.g. for an explicitly chosen SOC code. */
export function describeCode(db: Db, soc2020: string): { unitTitle: string; plainTitle: string | null } {
  const s = stmts(db);
  return {
    unitTitle: s.unitTitle.get(soc2020)?.title ?? `SOC ${soc2020}`,
    plainTitle: s.plainTitleOf.get(soc2020)?.job_title ?? null,
  };
}
