/**
 * Named-entity extraction: people, places and organisations with mention counts.
 *
 * Design: `compromise` (a maintained rule-and-lexicon NLP library) was evaluated on the seed
 * stories. It knows common first names, countries and cities and recognises titled names
 * ("President Vladimir Putin"), but on its own it misses foreign names it has no lexicon
 * for (Ishiba, Chernihiv, Chongjin, SpaceX, Musk), truncates "Kim Jong Un" to "Kim Jong" and
 * returns possessives and punctuation ("Russia's", "Ukraine,"). Parsing a whole article with
 * it was also the slowest step of analysis (15–40 ms per 2,500 characters once warm). So
 * compromise is used as a lexicon only: it tags the distinct candidate names, one per line,
 * which costs a few milliseconds per article whatever its length.
 *
 * Mentions are found by a linear scan for capitalised name runs over the whole text; each
 * name is classified by, in order: a preceding title (President, Gov., Minister → person),
 * a suffix (Ministry, Agency, Party → organisation; region, province → place), a small
 * country gazetteer, compromise's tags, context ("port of X" → place, "X said" → person),
 * acronyms (organisation). Possessives and titles are stripped, and a surname alone
 * ("Zelenskyy", "Kim") is merged into the full name used elsewhere in the article.
 */
import nlp from 'compromise';
import type { Entity, EntityKind } from '../model.js';
import { STOPWORDS } from '../summarise/tokenise.js';
import { COUNTRIES, PLACE_ALIASES } from './gazetteer.js';

/** At most this many entities are returned. */
const MAX_ENTITIES = 25;

const TITLES = new Set(
  (
    'president presidents vice deputy prime minister ministers secretary gov gov. governor sen sen. senator rep rep. ' +
    'representative mr mr. mrs mrs. ms ms. dr dr. sir lord lady king queen prince princess pope general gen gen. ' +
    'col col. capt capt. chancellor chairman chairwoman chief executive spokesman spokeswoman spokesperson judge ' +
    'justice premier leader coach manager mayor ambassador professor prof prof. rev rev. archbishop bishop sheikh ' +
    'emir crown foreign defence defense interior finance home health trade economy opposition state speaker ' +
    'commander admiral sergeant lieutenant officer director founder captain striker midfielder boss actor actress ' +
    'singer keeper goalkeeper defender winger analyst economist designer producer ceo cfo coo cto'
  ).split(' '),
);

const ORG_SUFFIX = new Set(
  (
    'ministry office agency party council committee commission company corporation corp corp. inc inc. ltd ltd. ' +
    'plc group bank university press labs association federation union institute department court club army navy ' +
    'force forces administration service authority organisation organization foundation fund times news post ' +
    'network airlines airways motors systems technologies board assembly parliament congress senate government ' +
    'police command staff chiefs guard industries holdings media records studios school college hospital church ' +
    'centre center league tribunal museum exchange reserve telegraph herald journal mail express tribune gazette ' +
    'observer guardian united rovers athletic fc wanderers albion championship championships cup trophy awards festival'
  ).split(' '),
);

const PLACE_SUFFIX = new Set(
  'region province county city island islands sea ocean river mountains valley peninsula strait gulf bay oblast district state republic'.split(
    ' ',
  ),
);

const CONNECTORS = new Set(['of', 'de', 'del', 'da', 'al', 'el', 'bin', 'von', 'van', 'der', 'den', 'di', 'dos', 'la', 'le', 'du']);
/** Lowercase words after a name that mark a place ("Chernihiv region"). */
const PLACE_AFTER = new Set(['region', 'province', 'city', 'county', 'district', 'oblast', 'state', 'island', 'port']);
/** Lowercase words before a name that mark a place ("port of Chongjin"). */
const PLACE_BEFORE = /(?:port|city|town|village|region|province|capital|island|outskirts|suburb|coast) of $|(?:capital|port|city of|town of) $/;
/** Lowercase words before a name that mark a person ("leader Kim Jong Un"). */
const PERSON_BEFORE = /(?:leader|spokesman|spokeswoman|spokesperson|official|minister|secretary|president|chief|executive|analyst|chairman|founder|director|head|coach|manager|captain|wife|husband|son|daughter|actor|actress|singer|star|striker|player) $/;
/**
 * Words right after a name that mark a person ("X, who", "X, head of"). "X said" does not:
 * companies say things too ("Whole Foods said").
 */
const PERSON_AFTER = new Set(['who', 'head', 'chief', 'spokesman', 'spokeswoman', 'spokesperson', 'aged']);
/** Capitalised abbreviations that are not organisations. */
const ACRONYM_JUNK = new Set(
  'mp mps mep meps pg mw pc pcs ceo cfo gdp tv dvd dvds cd cds am pm bc ad ok id hiv aids pow pows tv3 gmt bst mph kg km'.split(' '),
);
/** Words that are capitalised only because they begin a sentence or a headline. */
const COMMON_CAPS = new Set(
  (
    'the a an it its this that these those there then they he she we i you our their his her in on at as but and or ' +
    'if so for after before while when where what why how who which many some most more one two three no not ' +
    'yes also however meanwhile still yet both each every all any other such outside inside last next first ' +
    'january february march april may june july august september october november december monday tuesday ' +
    'wednesday thursday friday saturday sunday news according earlier later despite during since until with ' +
    'without from by about over under between among amid against toward towards into onto upon'
  ).split(' '),
);

/** "the North", "the South": compass words alone are references, not names. */
const COMPASS = new Set('north south east west northern southern eastern western central'.split(' '));

interface Mention {
  name: string;
  kind?: EntityKind;
  count: number;
  first: number;
  /** A title preceded the name at least once ("President X"). */
  titled: boolean;
  /** Lowercase text just before each of the first few mentions. */
  befores: string[];
  /** Lowercase word just after each of the first few mentions. */
  afters: string[];
  /** Mentions inside a sentence, where capitalisation is evidence of a name. */
  midSentence: number;
}

/** Contexts kept per name; the first mentions carry the introductions that classify it. */
const MAX_CONTEXTS = 6;

/**
 * Extracts named entities from an article, best first (most mentioned, then earliest).
 * Title mentions count only for names the body also uses, since headline capitalisation
 * makes every title word look like a name.
 */
export function extractEntities(title: string, text: string): Entity[] {
  const mentions = new Map<string, Mention>();
  // Words the article also writes in lowercase are common words when they open a sentence.
  const lowercase = new Set(text.match(/(?<![\p{L}'’-])\p{Ll}+(?![\p{L}'’-])/gu) ?? []);
  scan(text, mentions, false, lowercase);
  scan(title, mentions, true, lowercase);
  // compromise sees only the distinct names, one per line: its lexicon (first names,
  // countries, cities, companies) without the cost of parsing the whole article.
  const lexicon = compromiseKinds([...mentions.values()].filter((m) => m.count > 0).map((m) => m.name).join('\n'));
  // Lone words written capitalised inside sentences: evidence that a longer name ending in
  // them is a person ("Elon Musk … Musk responded").
  const surnames = new Set(
    [...mentions.values()].filter((m) => m.midSentence > 0 && !m.name.includes(' ') && !COMMON_CAPS.has(m.name.toLowerCase())).map((m) => m.name.toLowerCase()),
  );
  for (const m of mentions.values()) m.kind = classify(m, lexicon, surnames, lowercase);
  const merged = mergeSurnames([...mentions.values()].filter((m) => m.count > 0));
  return merged
    .filter((m) => m.kind !== undefined && keepName(m))
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, MAX_ENTITIES)
    .map((m) => ({ name: m.name, kind: m.kind as EntityKind, count: m.count }));
}

/**
 * compromise's analysis steps up to its lexicon and word-form tagger. Its contextual rules
 * (postTagger: hundreds of match patterns, 85% of its time) add nothing on a list of bare names,
 * which has no sentence context; the names' kinds come from the lexicon.
 */
const LEXICON_HOOKS = (nlp.world() as unknown as { hooks: string[] }).hooks.filter((h) => h !== 'postTagger' && h !== 'chunks');

/** Kind of each name and name word compromise recognises, lowercase keys. */
function compromiseKinds(sample: string): Lexicon {
  const kinds = new Map<string, EntityKind>();
  const demonyms = new Set<string>();
  const firstNames = new Set<string>();
  const doc = nlp.tokenize(sample);
  doc.compute(LEXICON_HOOKS);
  const add = (list: string[], kind: EntityKind) => {
    for (const raw of list) {
      const name = cleanName(raw.split(/\s+/)).name;
      if (name) kinds.set(name.toLowerCase(), kind);
    }
  };
  // The parsed terms themselves (doc.json() would copy every term first).
  const sentences = (doc as unknown as { docs: Term[][] }).docs;
  const names = lexiconNames(doc, sentences);
  add(names.organisation, 'organisation');
  add(names.place, 'place');
  add(names.person, 'person');
  for (const terms of sentences) {
    for (const term of terms) {
      const key = term.text.replace(/['’]s$/, '').toLowerCase();
      const tags = term.tags;
      if (key && tags.has('FirstName')) firstNames.add(key);
      if (!key || kinds.has(key)) continue;
      if (tags.has('Demonym')) {
        demonyms.add(key);
        continue;
      }
      if (tags.has('FirstName') || tags.has('LastName') || tags.has('Person')) kinds.set(key, 'person');
      else if (tags.has('Country') || tags.has('City') || tags.has('Region') || tags.has('Place')) kinds.set(key, 'place');
      else if (tags.has('Organization')) kinds.set(key, 'organisation');
    }
  }
  return { kinds, demonyms, firstNames };
}

/** A term of a compromise document. */
interface Term {
  text: string;
  post: string;
  tags: Set<string>;
}

/** Tags that make a term part of a name of each kind, as compromise's own finders read them. */
const KIND_TAGS: Record<EntityKind, string[]> = { organisation: ['Organization'], place: ['Place', 'Address'], person: ['Person'] };

/**
 * The names of each kind in a tagged list of names, as compromise's `organizations()`,
 * `places()` and `people()` give them. Those finders run its match engine over every term
 * (`#Organization+`, `(#Place|#Address)+`, `#Honorific+? #Person+`, then cuts at commas and
 * possessives), which cost more than tagging the names did. On a list of bare names without
 * honorifics, possessives or commas each finder reduces to the maximal runs of terms carrying
 * its tags, read here directly; any other list goes through the finders themselves.
 */
export function lexiconNames(doc: ReturnType<typeof nlp.tokenize>, sentences: Term[][]): Record<EntityKind, string[]> {
  const plain = sentences.every((terms) => terms.every((t) => !t.tags.has('Honorific') && !t.tags.has('Possessive') && !t.post.includes(',')));
  if (!plain) {
    return {
      organisation: doc.organizations().out('array') as string[],
      place: doc.places().out('array') as string[],
      person: doc.people().out('array') as string[],
    };
  }
  const runsOf = (tags: string[]): string[] => {
    const runs: [number, number, number][] = [];
    sentences.forEach((terms, n) => {
      let start = -1;
      for (let i = 0; i <= terms.length; i++) {
        const inside = i < terms.length && tags.some((tag) => terms[i].tags.has(tag));
        if (inside && start < 0) start = i;
        else if (!inside && start >= 0) {
          runs.push([n, start, i]);
          start = -1;
        }
      }
    });
    return runs.length ? ((doc as unknown as { update(pointer: unknown): typeof doc }).update(runs).out('array') as string[]) : [];
  };
  return { organisation: runsOf(KIND_TAGS.organisation), place: runsOf(KIND_TAGS.place), person: runsOf(KIND_TAGS.person) };
}

/** What compromise knows about the candidate names. */
interface Lexicon {
  /** Kind of each full name or name word it recognises, lowercase keys. */
  kinds: Map<string, EntityKind>;
  /** Words it tags as demonyms ("Israeli", "Tunisian"), lowercase. */
  demonyms: Set<string>;
  /** Words it knows as first names ("Paula", "Gerald"), lowercase. */
  firstNames: Set<string>;
}

interface Token {
  word: string;
  start: number;
  /** Punctuation right after the word ends a name run. */
  breaks: boolean;
  /** The word starts a sentence (or the text). */
  initial: boolean;
  possessive: boolean;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let initial = true;
  for (const m of text.matchAll(/[^\s/]+/g)) {
    const raw = m[0];
    // Most tokens are bare words: no quotes, punctuation, apostrophe or hyphen to take apart.
    if (BARE_WORD.test(raw)) {
      out.push({ word: raw, start: m.index ?? 0, breaks: false, initial, possessive: false });
      initial = false;
      continue;
    }
    const lead = /^[("'‘“«\[]+/.exec(raw)?.[0].length ?? 0;
    let word = raw.slice(lead);
    let trail = '';
    const t = /[)"'’”»\],;:!?….]+$/.exec(word);
    if (t && !/^(?:\p{Lu}\.)+$/u.test(word) && !TITLE_ABBR.test(word)) {
      trail = word.slice(t.index);
      word = word.slice(0, t.index);
      // "U.S.," keeps its last dot; "VR." at a sentence end loses it.
      if (/^(?:\p{Lu}\.)*\p{Lu}$/u.test(word) && word.includes('.') && trail.startsWith('.')) {
        word += '.';
        trail = trail.slice(1);
      }
    }
    let possessive = false;
    const contraction = /^(\p{L}+)['’](?:m|ve|ll|d|re)$/u.exec(word);
    if (contraction) {
      possessive = true;
      word = contraction[1];
    } else if (/['’]s?$/.test(word) && /\p{L}['’]s?$/u.test(word)) {
      possessive = true;
      word = word.replace(/['’]s?$/, '');
    }
    const hyphen = /^([^-]+)-(\p{Ll}.*)$/u.exec(word);
    const brokenByHyphen = hyphen !== null;
    if (hyphen) word = hyphen[1];
    out.push({ word, start: (m.index ?? 0) + lead, breaks: trail.length > 0 || possessive || brokenByHyphen, initial, possessive });
    initial = /[.!?…]["'’”)]*$/.test(raw) && !/^(?:[A-Z]\.)+$|^(?:Gov|Sen|Rep|Mr|Mrs|Ms|Dr|St|Gen|Col|Capt|Prof|Rev|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Ltd|vs)\.$/.test(raw);
    if (/[—–]/.test(raw)) initial = false;
  }
  return out;
}

const BARE_WORD = /^[\p{L}\p{N}]+$/u;

const TITLE_ABBR = /^(?:Gov|Sen|Rep|Mr|Mrs|Ms|Dr|St|Gen|Col|Capt|Prof|Rev|Lt|Sgt)\.$/;

const STARTS_UPPER = /^\p{Lu}/u;
const HAS_LETTER = /\p{L}/u;
const LONG_CAPITALS = /^\p{Lu}{6,}$/u;
const isCap = (w: string) => STARTS_UPPER.test(w) && HAS_LETTER.test(w.slice(1)) && !LONG_CAPITALS.test(w);

function scan(text: string, mentions: Map<string, Mention>, titleOnly: boolean, lowercase: Set<string>): void {
  const tokens = tokenize(text);
  let i = 0;
  while (i < tokens.length) {
    if (!isCap(tokens[i].word)) {
      i += 1;
      continue;
    }
    let j = i;
    const run: Token[] = [tokens[i]];
    while (!tokens[j].breaks && j + 1 < tokens.length) {
      const next = tokens[j + 1];
      const initial = /^\p{Lu}\.$/u.test(next.word) && j + 2 < tokens.length && isCap(tokens[j + 2].word);
      if (isCap(next.word) || initial) {
        run.push(next);
        j += 1;
      } else if (CONNECTORS.has(next.word) && j + 2 < tokens.length && isCap(tokens[j + 2].word) && !next.breaks) {
        run.push(next, tokens[j + 2]);
        j += 2;
      } else break;
    }
    const before = text.slice(Math.max(0, tokens[i].start - 40), tokens[i].start).toLowerCase();
    const afterTok = tokens[j + 1];
    record(run, before, afterTok, mentions, titleOnly ? -1 : tokens[i].start, titleOnly, lowercase);
    i = j + 1;
  }
}

function record(
  run: Token[],
  before: string,
  after: Token | undefined,
  mentions: Map<string, Mention>,
  position: number,
  titleOnly: boolean,
  lowercase: Set<string>,
): void {
  // "Mike Powell of Dresdner Kleinwort" is two names; "Bank of England" is one.
  const of = run.findIndex((t, k) => k >= 2 && t.word === 'of');
  if (of > 0 && !ORG_SUFFIX.has(run[of - 1].word.toLowerCase())) {
    record(run.slice(0, of), before, run[of], mentions, position, titleOnly, lowercase);
    record(run.slice(of + 1), `${before} of `, after, mentions, position, titleOnly, lowercase);
    return;
  }
  // Runs of capitals ("SIGN UP FOR OUR NEWSLETTER", photo credits) are page chrome.
  if (run.filter((t) => /^\p{Lu}{2,}$/u.test(t.word)).length >= 2) return;
  const words = run.map((t) => t.word);
  // A sentence-initial common word ("The", "After", "In the") is not part of the name.
  const opener = words[0].toLowerCase();
  const sentenceStart = run[0].initial;
  let stripped = false;
  if (COMMON_CAPS.has(opener) || (run[0].initial && (STOPWORDS.has(opener) || lowercase.has(opener)))) {
    stripped = true;
    words.shift();
    run = run.slice(1);
    if (words.length > 0 && words[0].toLowerCase() === 'the') {
      words.shift();
      run = run.slice(1);
    }
  }
  if (words.length === 0) return;
  const { name, titled } = cleanName(words);
  if (!name) return;
  const key = name.toLowerCase();
  let m = mentions.get(key);
  if (titleOnly) {
    // Headline capitalisation makes every word look like a name: count known names only.
    if (m && m.count > 0) m.count += 1;
    return;
  }
  if (!m) {
    m = { name, count: 0, first: position, titled: false, befores: [], afters: [], midSentence: 0 };
    mentions.set(key, m);
  }
  m.count += 1;
  // Neither opening a sentence nor left over after stripping a word: a clean mention.
  if (!sentenceStart && !stripped) m.midSentence += 1;
  m.titled ||= titled;
  if (m.befores.length < MAX_CONTEXTS) {
    m.befores.push(before);
    m.afters.push(after?.word.toLowerCase() ?? '');
  }
}

/** Strips titles ("President", "Gov.") and leading articles; says whether a title preceded. */
function cleanName(words: string[]): { name: string; titled: boolean } {
  let w = words.map((x) => x.replace(/['’]s?$/, '').replace(/[,.;:]+$/, (p) => (/^(?:\p{Lu}\.)+$/u.test(x) ? p : '')));
  let titled = false;
  let lastTitle = -1;
  for (let k = 0; k < w.length - 1; k += 1) if (TITLES.has(w[k].toLowerCase())) lastTitle = k;
  // Demonym-led titles: "Turkish Foreign Minister Hakan Fidan".
  if (lastTitle >= 0 && !ORG_SUFFIX.has(w[w.length - 1].toLowerCase())) {
    w = w.slice(lastTitle + 1);
    titled = true;
  }
  while (w.length > 0 && (w[0].toLowerCase() === 'the' || CONNECTORS.has(w[0]))) w = w.slice(1);
  while (w.length > 0 && CONNECTORS.has(w[w.length - 1])) w = w.slice(0, -1);
  return { name: w.join(' ').trim(), titled };
}

function classify(m: Mention, lex: Lexicon, surnames: Set<string>, lowercase: Set<string>): EntityKind | undefined {
  const lexicon = lex.kinds;
  const name = m.name;
  const parts = name.split(' ');
  const last = parts[parts.length - 1].toLowerCase();
  const lower = name.toLowerCase();
  if (ACRONYM_JUNK.has(lower)) return undefined;
  if (ORG_SUFFIX.has(last) || /^(?:bank|university|ministry|department|house|church) of\b/.test(lower)) return 'organisation';
  if (PLACE_SUFFIX.has(last) && parts.length > 1) return 'place';
  if (COUNTRIES.has(lower) || PLACE_ALIASES.has(lower)) return 'place';
  if (m.titled) return 'person';
  // "Arab Israeli", "Tunisian": descriptions, not names.
  if (lex.demonyms.has(last)) return undefined;
  // A lone word the article also uses in lowercase ("the Bill", "Sun") is too ambiguous.
  if (parts.length === 1 && lowercase.has(lower)) return undefined;
  if (m.afters.some((a) => PLACE_AFTER.has(a)) || m.befores.some((b) => PLACE_BEFORE.test(b))) return 'place';
  const known = lexicon.get(lower);
  if (known) return known;
  if (parts.length > 1 && m.befores.some((b) => PERSON_BEFORE.test(b))) return 'person';
  if (/^(?:\p{Lu}\.?){2,6}$/u.test(name) || /^\p{Lu}[\p{Ll}]+\p{Lu}/u.test(name)) return 'organisation';
  if (parts.length > 1) {
    const kinds = parts.map((p) => lexicon.get(p.toLowerCase()));
    const lastIsPlace = kinds[kinds.length - 1] === 'place' || COUNTRIES.has(last);
    // "South Yorkshire", "Eastern Europe": compass words before a known place.
    if (lastIsPlace && parts.slice(0, -1).every((p) => COMPASS.has(p.toLowerCase()))) return 'place';
    // "BBC Scotland", "ITV Wales": a broadcaster's or firm's acronym before a place.
    if (lastIsPlace && parts.length === 2 && /^\p{Lu}{2,6}$/u.test(parts[0])) return 'organisation';
    // "Paula Radcliffe", "Gerald Ford": a known first name before a surname that is also a place or a brand.
    if (parts.length <= 3 && lex.firstNames.has(parts[0].toLowerCase()) && parts.every((p) => /^\p{Lu}[\p{Ll}'’-]+$/u.test(p))) return 'person';
    if (kinds.some((k) => k === 'person') && !kinds.some((k) => k === 'place' || k === 'organisation')) return 'person';
    const plainName = parts.length <= 3 && parts.every((p) => /^\p{Lu}[\p{Ll}'’-]+$/u.test(p)) && kinds.every((k) => k !== 'place' && k !== 'organisation');
    if (plainName && m.afters.some((a) => PERSON_AFTER.has(a)) && !m.befores.every((b) => b.endsWith(' of '))) return 'person';
    // "Elon Musk … Musk said": the surname used alone marks a person.
    if (plainName && surnames.has(parts[parts.length - 1].toLowerCase())) return 'person';
  }
  return undefined;
}

/** Adds a lone surname's mentions to the one full name that ends (or starts) with it. */
function mergeSurnames(list: Mention[]): Mention[] {
  // The full names each first or last name word belongs to, in list order.
  const byPart = new Map<string, Mention[]>();
  for (const p of list) {
    if (p.kind !== 'person' || !p.name.includes(' ')) continue;
    const parts = p.name.split(' ');
    for (const part of new Set([parts[0], parts[parts.length - 1]])) {
      const owners = byPart.get(part);
      if (owners) owners.push(p);
      else byPart.set(part, [p]);
    }
  }
  const out: Mention[] = [];
  for (const m of list) {
    // A lone word that is some person's surname is that person, whatever a lexicon guessed
    // for the bare word ("Eddington" alone looks like a place), unless it is a country.
    if (!m.name.includes(' ') && !COUNTRIES.has(m.name.toLowerCase()) && (m.kind !== 'organisation' || !/^\p{Lu}+$/u.test(m.name))) {
      const owners = byPart.get(m.name) ?? [];
      if (owners.length === 1) {
        owners[0].count += m.count;
        owners[0].first = Math.min(owners[0].first, m.first);
        continue;
      }
    }
    out.push(m);
  }
  return out;
}

/** Drops junk: demonyms, single letters, lone unclassified words seen once. */
function keepName(m: Mention): boolean {
  if (m.name.length < 2) return false;
  if (COMMON_CAPS.has(m.name.toLowerCase()) || COMPASS.has(m.name.toLowerCase())) return false;
  if (ORG_SUFFIX.has(m.name.toLowerCase()) || TITLES.has(m.name.toLowerCase())) return false;
  // Demonyms ("Ukrainian", "North Korean") describe, they do not name.
  const lastWord = m.name.split(' ').pop() ?? '';
  if (/(?:ian|ese|ish|ean|ans|ern)$/.test(lastWord) && m.kind !== 'person' && !COUNTRIES.has(m.name.toLowerCase())) return false;
  return true;
}
