/**
 * Words for job-goal matching. Titles in the SOC coding index and the customer's own words go through the same
 * normaliser, so matching is a set comparison of plain tokens. Vacancy text is matched by FTS5's porter tokenizer
 * instead; the tokens produced here are plain words that porter stems the same way on both sides.
 */

/** Joining words that carry no occupation; removed from index titles and goals alike, so both sides agree. */
const TITLE_STOP = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'in', 'for', 'to', 'with', 'at', 'on', 'by', 'from']);

/**
 * How people phrase a goal on the phone ("I'd like some warehouse work near home, part time"). Removed from goals
 * only: "part" and "time" stay in titles ("Parts assistant"), so the phrases are taken out before tokenising.
 */
const GOAL_STOP = new Set([
  ...TITLE_STOP,
  'i', 'im', 'id', 'ive', 'me', 'my', 'we', 'want', 'wants', 'wanting', 'would', 'like', 'love', 'looking', 'look',
  'find', 'get', 'do', 'doing', 'be', 'become', 'being', 'job', 'jobs', 'role', 'roles', 'position', 'positions',
  'vacancy', 'vacancies', 'some', 'any', 'kind', 'sort', 'type', 'something', 'anything', 'please', 'as', 'maybe',
  'preferably', 'ideally', 'near', 'nearby', 'locally', 'around', 'fulltime', 'parttime', 'hours', 'hour', 'week',
  'weekly', 'good', 'again', 'into', 'going', 'start', 'starting', 'experienced', 'used', 'previously', 'before',
  'could', 'able', 'also', 'ok',
]);
/**
 * Phrases taken out whole, because their words are also title words: "home" (Home carer), "area" (Area manager),
 * "local", "new", "back", "experience", "can", "career" all appear in index titles, so they are not stop words.
 */
const GOAL_PHRASES = [
  /\bpart[\s-]+time\b/g,
  /\bfull[\s-]+time\b/g,
  /\bnear me\b/g,
  /\b(day|night|evening|weekend) shifts?\b/g,
  /\b(near|from|close to|at|around) (my )?home\b/g,
  /\b(in|around|near) (the |my )?(local )?area\b/g,
  /\bback (in)?to work\b/g,
  /\bnew (job|role|start|career)\b/g,
  /\b(no|some|any|with|without|little) experience\b/g,
  /\bi can\b/g,
  /\ba career in\b/g,
];

/**
 * Customer words that the coding index spells another way. Each key also matches titles containing the values;
 * the map is symmetric in use (see `variantsOf`). Kept short on purpose: the coding index's own cross-references
 * ("Advisor, see Adviser") are added from the database at run time.
 */
const ALIASES: Record<string, readonly string[]> = {
  driving: ['driver'],
  cleaning: ['cleaner'],
  caring: ['carer', 'care'],
  cooking: ['cook', 'chef'],
  teaching: ['teacher'],
  nursing: ['nurse'],
  labouring: ['labourer'],
  labour: ['labourer'],
  admin: ['administrator', 'administration', 'administrative'],
  administration: ['administrator', 'admin', 'administrative'],
  retail: ['shop'],
  shop: ['retail'],
  lorry: ['hgv', 'lgv'],
  hgv: ['lgv'],
  lgv: ['hgv'],
  flt: ['forklift'],
  forklift: ['flt'],
  center: ['centre'],
  organiser: ['organizer'],
  organizer: ['organiser'],
  warehousing: ['warehouse'],
};

/** Plural and possessive forms to the singular the coding index mostly uses. Deliberately not a full stemmer. */
export function singular(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(ss|us|is|ous|ics)$/.test(word)) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '');
}

function tokens(text: string, stop: ReadonlySet<string>): { word: string; raw: string }[] {
  const out: { word: string; raw: string }[] = [];
  for (const raw of fold(text).split(/[^a-z0-9]+/)) {
    if (raw.length < 2 && !/^\d$/.test(raw)) continue;
    if (stop.has(raw)) continue;
    const word = singular(raw);
    if (!stop.has(word) && !out.some((t) => t.word === word)) out.push({ word, raw });
  }
  return out;
}

/** Tokens of a coding-index title, in title order, without duplicates. */
export function titleWords(title: string): string[] {
  return tokens(title, TITLE_STOP).map((t) => t.word);
}

/**
 * Tokens of a customer's goal. "X work" means "X worker" in the index ("warehouse work", "care work", "factory
 * work"); a bare "work" says nothing about the occupation and is dropped.
 */
export function goalWords(goal: string): string[] {
  return goalTokens(goal).map((t) => t.word);
}

/** goalWords with the form each word was said in, for messages ("leeds", not the singular "leed"). */
export function goalTokens(goal: string): { word: string; raw: string }[] {
  let text = fold(goal);
  for (const p of GOAL_PHRASES) text = text.replace(p, ' ');
  text = text.replace(/\b([a-z0-9]+)\s+(work|working)\b/g, '$1 worker').replace(/\b(work|working)\b/g, ' ');
  return tokens(text, GOAL_STOP);
}

/** Words that count as the same word for matching: the word, its aliases, and any extra (index cross-references). */
export function variantsOf(word: string, extra: ReadonlyMap<string, readonly string[]> = new Map()): string[] {
  const out = [word];
  for (const v of [...(ALIASES[word] ?? []), ...(extra.get(word) ?? [])]) {
    // Single words only: a two-word variant would let either half match on its own.
    const w = titleWords(v);
    if (w.length === 1 && !out.includes(w[0]!)) out.push(w[0]!);
  }
  return out;
}

/** Stored form of a title for lookups: its words, space-separated. */
export function normaliseTitle(title: string): string {
  return titleWords(title).join(' ');
}

/** An FTS5 string literal. Tokens here are [a-z0-9]+, but quoting keeps FTS5 keywords (AND, NEAR) literal. */
export function ftsTerm(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/** All groups must match; within a group any variant may. `column` restricts the match to one FTS column. */
export function ftsAllOf(groups: readonly (readonly string[])[], column?: string): string {
  const body = groups.map((g) => (g.length === 1 ? ftsTerm(g[0]!) : `(${g.map(ftsTerm).join(' OR ')})`)).join(' AND ');
  return column ? `{${column}} : (${body})` : body;
}

/** Character trigrams of a word list, for "did you mean" ranking of misspelt goals. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.split(' ')) {
    const padded = ` ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}
