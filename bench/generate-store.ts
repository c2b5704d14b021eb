/**
 * Deterministic generator of large Newsdesk stores for the lookup, digest and memory benchmarks.
 *
 * Text is drawn from a Zipf vocabulary (function words, general news words, the taxonomy's cue
 * words and a long synthetic tail); each story is an event with its own signature words,
 * numbers, entities and topics, covered by one to forty outlets over up to two days; dates run
 * at a constant rate of about 2,700 articles a day back from a fixed end, with a day/night
 * cycle; 60% of articles are feed teasers, 40% full pages. Articles go through the store's
 * `bulkIngest`, so the database has exactly the rows real ingestion writes (articles, terms,
 * full-text index, story views); only the grouping is given (the generator knows its events).
 *
 * Build speed: one worker thread makes the articles and prepares each for the store
 * (`prepareArticle`: fingerprint, content hash, JSON, full-text columns, term rows: everything
 * that needs no database), another only writes them (with a larger young generation, see
 * {@link WRITER_YOUNG_GENERATION_MB}) and receives mostly strings, cheap to clone; term rows are
 * kept per term in typed arrays and written in key order at the end (see {@link deferTermIndex});
 * the whole build is one transaction with a rollback journal that holds next to nothing (see
 * writeStore). The database is the same, row for row and down to the full-text index segments,
 * as one built by `bulkIngest` alone from the articles, one transaction per day
 * (tests/unit/generate-store.test.ts). 1M articles: 226, 249.7, 270.5 and 250.9 s, 2.9 GB peak RSS
 * (article thread 176–208 s of CPU, writer 150–181 s, term index 20–25 s; was 1,348 s, then 637,
 * 590, 468, 346 and 291 s); shared 2-core machine, nothing else running, 2026-12-03:
 * `/usr/bin/time -v npx tsx bench/generate-store.ts --count 1000000 --out /tmp/gen1m.db --force`.
 *
 * CLI: `npx tsx bench/generate-store.ts --count 1000000 --out /tmp/newsdesk-bench/store-1000000.db`
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isMainThread, MessageChannel, type MessagePort } from 'node:worker_threads';
import type { AnalysedArticle, Block, Entity, EntityKind, TopicScore } from '../src/core/model.js';
import type Database from 'better-sqlite3';
import { createSqliteStore, type ArticleBulkItem, type PreparedBulkItem } from '../src/core/store/sqlite-store.js';
import { TAXONOMY } from '../src/core/topics/taxonomy.js';
import { COUNTRIES } from '../src/core/topics/gazetteer.js';
import { startWorker } from '../src/app/start-worker.js';

/** The generator's worker module (articles made and prepared on one thread, written on another). */
const GENERATOR_WORKER = new URL('./lib/generate-worker.ts', import.meta.url);

/** Bump when the generated content changes, so cached stores are rebuilt. */
export const GENERATOR_VERSION = 4;
/** Instant the generated history ends at (the benchmarks' "now"). */
export const GENERATED_END = new Date('2026-01-15T00:00:00Z');
/** Articles per day, about what a bot polling 500 feeds stores. */
export const ARTICLES_PER_DAY = 2_740;

/** Small fast deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Samples indexes 0..n-1 with probability ∝ 1/(rank+1)^s. */
class Zipf {
  /** Slots of the guide table (a power of two, so `u * GUIDE` is exact). */
  private static readonly GUIDE = 1 << 16;
  private readonly cdf: Float64Array;
  /** For slot k, the first index whose cumulative probability reaches k / GUIDE (or the last index). */
  private readonly guide: Int32Array;
  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += 1 / (i + 1) ** s;
      this.cdf[i] = sum;
    }
    for (let i = 0; i < n; i++) this.cdf[i] /= sum;
    this.guide = new Int32Array(Zipf.GUIDE + 1);
    let i = 0;
    for (let k = 0; k <= Zipf.GUIDE; k++) {
      while (i < n - 1 && this.cdf[i] < k / Zipf.GUIDE) i++;
      this.guide[k] = i;
    }
  }
  /**
   * The first index whose cumulative probability reaches a uniform draw (the last when rounding
   * leaves none): a binary search between the guide entries around the draw, which gives the
   * same index as one over the whole table in a few steps.
   */
  sample(r: () => number): number {
    const u = r();
    const k = Math.floor(u * Zipf.GUIDE);
    let lo = this.guide[k];
    let hi = this.guide[k + 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const FUNCTION_WORDS = (
  'the of and to in a that is for on was with he it as at by said from his be have has an are ' +
  'but not they were had who been their this its after which would will also more than one about ' +
  'up when over into out two new her she all there other we them some could can year years people ' +
  'last first time told three most since while before under against during'
).split(' ');

const NEWS_WORDS = (
  'government officials police report minister country city state week month plan support public ' +
  'company million billion percent deal talks leader group security court case family children women ' +
  'health market prices workers home local national international region attack forces military ' +
  'service project power water school hospital investigation charges statement spokesperson agency ' +
  'announced expected according sources decision president prime secretary members committee council ' +
  'board director chief executive official federal funding budget data study research results growth ' +
  'rate crisis protest protesters vote election campaign party opposition ministry department union ' +
  'strike energy oil gas climate storm flood fire earthquake crash victims injured killed arrested ' +
  'trial judge jury prison sentence appeal law rules policy reform tax economy inflation bank interest ' +
  'trade tariffs exports imports shares investors profit revenue sales technology software users data ' +
  'platform online phone space mission launch rocket satellite scientists team match season league cup ' +
  'final coach players goal win victory defeat film music festival award show series book artist'
).split(' ');

const SYLLABLES = 'ba be bi bo bu da de di do du fa fe fi ka ke ki ko la le li lo lu ma me mi mo na ne ni no ra re ri ro ru sa se si so ta te ti to va ve vi zo'.split(' ');

const FIRST = 'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Sandra Olena Dmitri Chen Wei Aiko Hiroshi Fatima Ahmed Priya Rahul Ana Carlos Sofia Luca Ingrid Lars Amara Kwame Yusuf Leila Pierre Claire Hans Greta Mateo Lucia Ivan Nadia Omar Zainab Kenji'.split(' ');
const LAST = 'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Kovalenko Petrov Wang Zhang Tanaka Sato Khan Hussain Sharma Patel Silva Santos Rossi Bianchi Larsen Nilsson Mensah Okafor Haddad Dubois Laurent Schmidt Weber Novak Horvat Ivanova Nakamura Park Kim Nguyen Mendez Castillo Alvarez Romero Fischer Keller Moreau Costa Ferreira Ali'.split(' ');
const ORG_HEADS = 'NASA NATO FIFA UNICEF WHO IMF OPEC Interpol Europol UNESCO'.split(' ');
const ORG_FORMS = ['{} Group', '{} Holdings', 'Ministry of {}', '{} Party', '{} University', '{} Bank', '{} Energy', '{} Labs', '{} Union', '{} Motors'];
const CITIES = 'London Paris Berlin Madrid Rome Kyiv Moscow Beijing Tokyo Delhi Mumbai Lagos Nairobi Cairo Istanbul Tehran Dubai Sydney Toronto Chicago Houston Seattle Boston Atlanta Miami Denver Manila Jakarta Seoul Bangkok Lima Bogota Santiago Warsaw Vienna Prague Budapest Athens Lisbon Dublin Oslo Stockholm Helsinki Geneva Brussels Amsterdam Munich Milan Naples Kharkiv Odesa Gaza Jerusalem Beirut Baghdad Kabul Karachi Dhaka Hanoi Shanghai Osaka'.split(' ');
const MASTHEADS = ['Times', 'Post', 'Herald', 'Tribune', 'Chronicle', 'Gazette', 'Observer', 'Journal', 'Daily', 'Courier', 'Standard', 'Wire'];

const TOPIC_MIX: [string, number][] = [
  ['politics', 14], ['world', 11], ['business', 10], ['sport', 13], ['crime-justice', 8], ['culture-entertainment', 8],
  ['technology', 7], ['health', 5], ['economy', 5], ['war-conflict', 5], ['science', 3], ['climate-environment', 3],
  ['diplomacy', 2], ['elections', 2], ['military-defence', 1.5], ['energy', 1.5], ['education', 1], ['disasters', 1], ['space', 0.5],
];

/** What the generator knows of its own vocabulary, for building realistic queries. */
export interface Vocabulary {
  words: string[];
  entities: { name: string; kind: EntityKind }[];
  topicCues: Map<string, string[]>;
}

function capitalise(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

/** Builds the deterministic vocabulary (same for every seed). */
export function vocabulary(): Vocabulary {
  const r = rng(7);
  const words: string[] = [...FUNCTION_WORDS];
  const seen = new Set(words);
  const push = (w: string) => {
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  };
  for (const w of NEWS_WORDS) push(w);
  const topicCues = new Map<string, string[]>();
  for (const t of TAXONOMY) {
    const cues = Object.keys(t.keywords).filter((k) => /^[a-z]+$/.test(k));
    topicCues.set(t.id, cues);
    for (const c of cues) push(c);
  }
  while (words.length < 40_000) {
    const n = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    push(w + (r() < 0.3 ? 's' : ''));
  }
  const entities: { name: string; kind: EntityKind }[] = [];
  const names = new Set<string>();
  const addEntity = (name: string, kind: EntityKind) => {
    if (!names.has(name)) {
      names.add(name);
      entities.push({ name, kind });
    }
  };
  for (const o of ORG_HEADS) addEntity(o, 'organisation');
  for (const c of COUNTRIES) if (!c.includes(' ') || r() < 0.5) addEntity(c.split(' ').map(capitalise).join(' '), 'place');
  for (const c of CITIES) addEntity(c, 'place');
  while (entities.length < 8_000) {
    if (r() < 0.75) addEntity(`${FIRST[Math.floor(r() * FIRST.length)]} ${LAST[Math.floor(r() * LAST.length)]}${r() < 0.5 ? '' : `-${capitalise(words[2000 + Math.floor(r() * 30000)])}`}`, 'person');
    else addEntity(ORG_FORMS[Math.floor(r() * ORG_FORMS.length)].replace('{}', capitalise(words[1500 + Math.floor(r() * 20000)])), 'organisation');
  }
  // Popularity order: shuffle deterministically so places, people and organisations mix.
  for (let i = entities.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [entities[i], entities[j]] = [entities[j], entities[i]];
  }
  return { words, entities, topicCues };
}

interface Event {
  id: number;
  start: number;
  topics: TopicScore[];
  entities: { name: string; kind: EntityKind }[];
  signature: string[];
  numbers: string[];
  size: number;
}

/** One article to store, with its event as story key. */
export interface GeneratedItem extends ArticleBulkItem {
  storyKey: string;
}

/**
 * A {@link GeneratedItem} as the article thread sends it to the writer: what `prepareArticle`
 * makes of the article, with its story key.
 */
export interface PreparedItem extends PreparedBulkItem {
  storyKey: string;
}

/**
 * Yields the `count` generated articles in publication order, in batches of about a day.
 * Deterministic for a given `count` and `seed`.
 */
export function* generateArticles(count: number, seed = 1): Generator<GeneratedItem[]> {
  const voc = vocabulary();
  const r = rng(seed);
  const wordZipf = new Zipf(voc.words.length, 1.07);
  const entityZipf = new Zipf(voc.entities.length, 1.0);
  const publishers = Array.from({ length: 400 }, (_, i) => {
    const w = capitalise(voc.words[300 + ((i * 7919) % 5000)]);
    return { name: `The ${w} ${MASTHEADS[i % MASTHEADS.length]}`, domain: `${w.toLowerCase()}${MASTHEADS[i % MASTHEADS.length].toLowerCase()}.example` };
  });
  const publisherZipf = new Zipf(publishers.length, 0.9);
  const topicTotal = TOPIC_MIX.reduce((s, [, w]) => s + w, 0);
  const pickTopic = (): string => {
    let u = r() * topicTotal;
    for (const [id, w] of TOPIC_MIX) if ((u -= w) <= 0) return id;
    return 'world';
  };
  const label = (id: string) => TAXONOMY.find((t) => t.id === id)!.label;
  const sizeZipf = new Zipf(40, 2.2);

  const days = Math.max(7, Math.ceil(count / ARTICLES_PER_DAY));
  const endMs = GENERATED_END.getTime();
  const startMs = endMs - days * 86_400_000;
  const perDay = count / days;
  let made = 0;
  let eventId = 0;
  let serial = 0;
  const pending: GeneratedItem[] = [];

  const sentence = (ev: Event, cues: string[]): string => {
    const n = 12 + Math.floor(r() * 13);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const u = r();
      if (u < 0.12) out.push(ev.signature[Math.floor(r() * ev.signature.length)]);
      else if (u < 0.2 && cues.length) out.push(cues[Math.floor(r() * Math.min(cues.length, 40))]);
      else if (u < 0.24) out.push(ev.entities[Math.floor(r() * ev.entities.length)].name);
      else if (u < 0.25 && ev.numbers.length) out.push(ev.numbers[Math.floor(r() * ev.numbers.length)]);
      else out.push(voc.words[wordZipf.sample(r)]);
    }
    return `${capitalise(out.join(' '))}.`;
  };

  const article = (ev: Event, at: number): GeneratedItem => {
    const pub = publishers[publisherZipf.sample(r)];
    const cues = voc.topicCues.get(ev.topics[0].id) ?? [];
    const teaser = r() < 0.6;
    const paragraphs: string[] = [];
    const nPar = teaser ? 1 + Math.floor(r() * 2) : 3 + Math.floor(r() * 4);
    const sentences: string[] = [];
    for (let p = 0; p < nPar; p++) {
      const k = teaser ? 1 + Math.floor(r() * 2) : 2 + Math.floor(r() * 2);
      const ss = Array.from({ length: k }, () => sentence(ev, cues));
      sentences.push(...ss);
      paragraphs.push(ss.join(' '));
    }
    const titleWords = [ev.entities[0].name, ...Array.from({ length: 5 + Math.floor(r() * 5) }, () => (r() < 0.5 ? ev.signature[Math.floor(r() * ev.signature.length)] : voc.words[wordZipf.sample(r)]))];
    if (ev.numbers.length && r() < 0.4) titleWords.push(ev.numbers[0]);
    const title = capitalise(titleWords.join(' '));
    const blocks: Block[] = paragraphs.map((text) => ({ kind: 'paragraph', text }));
    const entities: Entity[] = ev.entities.map((e, i) => ({ name: e.name, kind: e.kind, count: Math.max(1, 4 - i + Math.floor(r() * 3)) }));
    const topics = ev.topics.map((t) => ({ ...t, score: Math.round(Math.min(1, Math.max(0.3, t.score + (r() - 0.5) * 0.2)) * 100) / 100 }));
    const n = ++serial;
    const url = `https://${pub.domain}/${new Date(at).toISOString().slice(0, 10).replace(/-/g, '/')}/${ev.signature[0]}-${ev.signature[1]}-${n}`;
    const publishedAt = new Date(at).toISOString();
    const a: AnalysedArticle = {
      title,
      publisher: pub.name,
      byline: teaser ? undefined : `${FIRST[n % FIRST.length]} ${LAST[(n * 7) % LAST.length]}`,
      url,
      guid: url,
      publishedAt,
      headings: [],
      blocks,
      categories: teaser ? [label(ev.topics[0].id)] : undefined,
      teaser: teaser || undefined,
      summary: { tldr: sentences[0], short: sentences.slice(0, 2), keyPoints: sentences.slice(0, 4) },
      topics,
      entities,
      keywords: ev.signature.slice(0, 10),
    };
    return { article: a, now: new Date(at + 60_000), origin: teaser ? `https://${pub.domain}/rss` : url, storyKey: `ev${ev.id}` };
  };

  for (let day = 0; day < days && made < count; day++) {
    const dayStart = startMs + day * 86_400_000;
    const target = Math.min(count, Math.round(perDay * (day + 1)));
    while (made < target) {
      const primary = pickTopic();
      const topics: TopicScore[] = [{ id: primary, label: label(primary), score: 0.6 + r() * 0.4 }];
      if (r() < 0.5) {
        const second = pickTopic();
        if (second !== primary) topics.push({ id: second, label: label(second), score: 0.3 + r() * 0.3 });
      }
      const nEnt = 2 + Math.floor(r() * 4);
      const entities: { name: string; kind: EntityKind }[] = [];
      while (entities.length < nEnt) {
        const e = voc.entities[entityZipf.sample(r)];
        if (!entities.includes(e)) entities.push(e);
      }
      // Event words: from the middle of the Zipf range, distinctive but not unique.
      const signature = Array.from({ length: 8 }, () => voc.words[150 + Math.floor(r() ** 2 * 30_000)]);
      const numbers = r() < 0.5 ? [String(2 + Math.floor(r() * 998))] : [];
      // Day/night cycle: more events during the (UTC) day.
      let hour = r() * 24;
      if (r() < 0.4) hour = 7 + r() * 12;
      const ev: Event = { id: ++eventId, start: dayStart + hour * 3_600_000, topics, entities, signature, numbers, size: 1 + sizeZipf.sample(r) };
      const size = Math.min(ev.size, count - made);
      for (let i = 0; i < size; i++) {
        const offset = i === 0 ? 0 : Math.min(48 * 3_600_000, -Math.log(1 - r()) * 8 * 3_600_000);
        pending.push(article(ev, Math.min(endMs - 60_000, Math.round(ev.start + offset))));
      }
      made += size;
    }
    // Articles before the next day are final: later events start later.
    const cut = dayStart + 86_400_000;
    const ready = pending.filter((p) => Date.parse(p.article.publishedAt!) < cut);
    if (ready.length) {
      const rest = pending.filter((p) => Date.parse(p.article.publishedAt!) >= cut);
      pending.length = 0;
      pending.push(...rest);
      yield ready.sort((a, b) => a.article.publishedAt!.localeCompare(b.article.publishedAt!));
    }
  }
  if (pending.length) yield pending.sort((a, b) => a.article.publishedAt!.localeCompare(b.article.publishedAt!));
}

/**
 * CPU seconds (user and system) the calling thread has used, from Linux's `/proc/thread-self`
 * (in clock ticks of 10 ms); undefined where that is not available. Progress lines give each
 * thread's share, which the wall time hides on a shared machine.
 */
export function threadCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Young generation of the writing thread, in MB. The writer keeps a day of articles alive while
 * it stores them, so with V8's default (16 MB semi-spaces) most of them were copied by several
 * scavenges before dying. Writing 100k pre-made articles on one thread took 32 s with the default,
 * 26 s with 192 MB and 22 s with 96 MB (one run each at load 3, so the last two are within noise).
 */
const WRITER_YOUNG_GENERATION_MB = 192;

/** Days of articles the article thread may have made before the writer takes them. */
const BATCHES_AHEAD = 4;

/** Term rows per statement when the deferred term rows are written in key order. */
const TERM_ROWS_PER_INSERT = 500;

/** The store's multi-row term insert (`flushTerms` in sqlite-store.ts), as it prepares it. */
const TERM_INSERT = /^INSERT OR REPLACE INTO article_terms \(term, sort_ms, article_id, story_id, weight\) VALUES \(\?, \?, \?, \?, \?\)(, \(\?, \?, \?, \?, \?\))*$/;

/**
 * Term rows grouped by term: each term's rows in load order, as (sort_ms, article_id, story_id,
 * weight) quadruples of doubles in chunks that grow from 8 to `maxChunk` (4,096) rows
 * (about 32 bytes a row). Rows of one term are read back one after the other, so writing the
 * table in key order reads memory in sequence.
 */
export class TermRows {
  /** @param maxChunk rows of the largest chunk (small ones in tests, to reach it) */
  constructor(private readonly maxChunk = 4096) {}
  /** Distinct terms, by id. */
  private readonly terms: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Per term id: its chunks, and the rows in its last chunk. */
  private readonly chunks: Float64Array[][] = [];
  private readonly filled: number[] = [];
  length = 0;

  /** Appends rows given flat as (term, sort_ms, article_id, story_id, weight) quintuples. */
  add(values: readonly unknown[]): void {
    for (let v = 0; v < values.length; v += 5) {
      const term = values[v] as string;
      let id = this.ids.get(term);
      if (id === undefined) {
        id = this.terms.length;
        this.ids.set(term, id);
        this.terms.push(term);
        this.chunks.push([new Float64Array(8 * 4)]);
        this.filled.push(0);
      }
      const list = this.chunks[id];
      let chunk = list[list.length - 1];
      let at = this.filled[id];
      if (at * 4 === chunk.length) {
        chunk = new Float64Array(Math.min(this.maxChunk, at * 2) * 4);
        list.push(chunk);
        at = 0;
      }
      const o = at * 4;
      chunk[o] = values[v + 1] as number;
      chunk[o + 1] = values[v + 2] as number;
      chunk[o + 2] = values[v + 3] as number;
      chunk[o + 3] = values[v + 4] as number;
      this.filled[id] = at + 1;
      this.length++;
    }
  }

  /**
   * Calls `row` with every row in the table's key order: by term (as SQLite's BINARY collation
   * orders text, by UTF-8 bytes), then load order, which within a term is the order of
   * (sort_ms, article_id), because articles arrive in publication order with growing ids.
   * `row` gets the term and a chunk with the row's other four values at `offset`.
   */
  forEachInKeyOrder(row: (term: string, chunk: Float64Array, offset: number) => void): void {
    const byBytes = this.terms.map((t, id) => ({ id, bytes: Buffer.from(t, 'utf8') })).sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    for (const { id } of byBytes) {
      const term = this.terms[id];
      const list = this.chunks[id];
      for (let c = 0; c < list.length; c++) {
        const chunk = list[c];
        const rows = c === list.length - 1 ? this.filled[id] : chunk.length / 4;
        for (let r = 0; r < rows; r++) row(term, chunk, r * 4);
      }
    }
  }
}

/**
 * Keeps the store's `article_terms` rows out of SQLite while the store is filled, then writes
 * them into the table in key order. Inserting about 30 rows per article at random places of a
 * B-tree of tens of millions of rows is most of a naive build's time (about 3 µs a row); in key
 * order the same rows are appended (under 1 µs). The generator never reads terms while it writes
 * (every article comes with its story key), and `INSERT OR REPLACE` in load order keeps the last
 * row of a repeated key, as the store's own `INSERT OR REPLACE` does, so the table ends up with
 * exactly the rows `bulkIngest` writes.
 *
 * How: the statements the store prepares for its multi-row term inserts are replaced by one that
 * keeps the rows in typed arrays grouped by term (see {@link TermRows}); articles arrive in
 * publication order with growing ids, so each term's rows arrive in key order already, and only
 * the terms need sorting (the 28.3 million rows of a 1M store: 47 s with one sort of all rows,
 * against 90 s when SQLite sorted them from a temporary table, which also had to be written
 * first; 38 s with a counting sort of all rows, whose key order then read memory at random;
 * SQLite alone appends such rows at about 0.7 µs each). Any other term insert lands in a
 * temporary table of the same name (unqualified names resolve to the temp schema first) and makes
 * {@link restore} fail, so a change in the store cannot go unnoticed.
 */
function deferTermIndex(db: Database.Database): { restore(): void } {
  if (db.prepare('SELECT 1 FROM main.article_terms LIMIT 1').get()) throw new Error('deferTermIndex needs an empty store');
  db.exec('CREATE TEMP TABLE article_terms (term TEXT NOT NULL, sort_ms INTEGER NOT NULL, article_id INTEGER NOT NULL, story_id INTEGER NOT NULL, weight REAL NOT NULL)');
  const rows = new TermRows();
  const collector = {
    run(...args: unknown[]) {
      rows.add(args.length === 1 && Array.isArray(args[0]) ? args[0] : args);
      return { changes: 0, lastInsertRowid: 0 };
    },
  };
  const prepare = db.prepare;
  db.prepare = function (this: Database.Database, source: string) {
    return TERM_INSERT.test(source) ? collector : prepare.call(this, source);
  } as typeof db.prepare;
  return {
    restore() {
      db.prepare = prepare;
      if (db.prepare('SELECT 1 FROM temp.article_terms LIMIT 1').get()) throw new Error('deferTermIndex: the store wrote terms through a statement it does not recognise');
      const statement = (n: number) =>
        db.prepare(`INSERT OR REPLACE INTO main.article_terms (term, sort_ms, article_id, story_id, weight) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?)').join(', ')}`);
      const full = statement(TERM_ROWS_PER_INSERT);
      db.transaction(() => {
        const values: unknown[] = new Array(TERM_ROWS_PER_INSERT * 5);
        let at = 0;
        rows.forEachInKeyOrder((term, chunk, o) => {
          values[at] = term;
          values[at + 1] = chunk[o];
          values[at + 2] = chunk[o + 1];
          values[at + 3] = chunk[o + 2];
          values[at + 4] = chunk[o + 3];
          at += 5;
          if (at === values.length) {
            full.run(values);
            at = 0;
          }
        });
        if (at) statement(at / 5).run(values.slice(0, at));
        db.exec('DROP TABLE temp.article_terms');
      })();
    },
  };
}

/** What a generated store holds, written beside it (`<path>.json`) so it is reused when unchanged. */
export interface StoreInfo {
  path: string;
  count: number;
  seed: number;
  version: number;
  articles: number;
  stories: number;
  buildSeconds: number;
  sizeMb: number;
}

/** What {@link writeStore} reports when the store is written: the part of {@link StoreInfo} only the writer knows. */
export type WrittenStore = Pick<StoreInfo, 'articles' | 'stories' | 'sizeMb'>;

/**
 * The writing side of {@link generateStore}, run on a worker thread of its own: creates the store
 * at `path` and writes the batches that `source` sends (one day of {@link PreparedItem}s each,
 * `null` at the end; each `'next'` posted to `source` asks for one more batch). The articles come
 * prepared, so this thread does only what needs the database: duplicate lookups, inserts, the
 * full-text index and story views.
 */
export async function writeStore(path: string, count: number, source: MessagePort, opts: { startedAt: number; log: (line: string) => void }): Promise<WrittenStore> {
  const store = createSqliteStore(path);
  const { db } = store;
  // A throwaway build: no need to survive a crash half-way (no syncs: a stopped build is deleted
  // and made again), and a big page cache keeps the indexes in memory. The store opens in WAL
  // mode, which writes every changed page twice, to the log and then, at the commit's checkpoint,
  // to the file (that checkpoint took 40 s of a 1M build); better-sqlite3's defensive mode refuses
  // `journal_mode = OFF`, and a rollback journal keeps only pages that existed when the
  // transaction began, which in a new store is the empty schema: next to nothing.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  const mode = db.pragma('journal_mode = DELETE', { simple: true });
  if (mode !== 'delete') throw new Error(`the store generator needs a rollback journal, the store stayed in ${String(mode)} mode`);
  const terms = deferTermIndex(db);
  let done = 0;
  let lastLog = Date.now();
  // One transaction for the whole build (each day stays one bulkIngest call, as its story keys are
  // per call): pages are written when the page cache evicts them or at the end. Committing every
  // 50,000 articles wrote the indexes keyed by URL, guid and hash (touched all over by every
  // batch) out again at each commit.
  db.exec('BEGIN');
  await new Promise<void>((resolve, reject) => {
    source.on('message', (batch: PreparedItem[] | null) => {
      try {
        if (!batch) return resolve();
        source.postMessage('next');
        store.bulkIngest(batch);
        done += batch.length;
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          opts.log(`  generated ${done.toLocaleString('en-US')} / ${count.toLocaleString('en-US')} articles (${Math.round((Date.now() - opts.startedAt) / 1000)} s)`);
        }
      } catch (err) {
        reject(err);
      }
    });
    // Batches in flight: neither thread waits for the other when one day takes longer to make or
    // to write than the next (with two, each thread was idle about a quarter of a 1M build).
    for (let i = 0; i < BATCHES_AHEAD; i++) source.postMessage('next');
  });
  source.close();
  const tCommit = Date.now();
  const cpuCommit = threadCpuSeconds();
  db.exec('COMMIT');
  const tTerms = Date.now();
  const cpuTerms = threadCpuSeconds();
  opts.log(
    `  all articles written (${Math.round((tTerms - opts.startedAt) / 1000)} s; writer thread ${cpuTerms ?? '?'} s CPU, ` +
      `of which the commit ${Math.round((tTerms - tCommit) / 1000)} s and ${cpuCommit === undefined ? '?' : Math.round(cpuTerms! - cpuCommit)} s CPU)`,
  );
  terms.restore();
  opts.log(`  term index built in ${Math.round((Date.now() - tTerms) / 1000)} s (${cpuTerms === undefined ? '?' : Math.round(threadCpuSeconds()! - cpuTerms)} s CPU)`);
  // Back to what the store uses, as a store written by the bot would be (the log starts empty:
  // everything is in the file already).
  const walMode = db.pragma('journal_mode = WAL', { simple: true });
  if (walMode !== 'wal') throw new Error(`the generated store could not be put back in WAL mode (${String(walMode)})`);
  const { articles, stories } = store.counts();
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  store.close();
  return { articles, stories, sizeMb: Math.round((pageCount * pageSize) / 1_048_576) };
}

/**
 * Builds (or reuses, when the same count, seed and generator version already exist) a store of
 * `count` generated articles at `path`. `log` receives progress lines.
 *
 * Two worker threads: one makes the articles and prepares them for the store (`prepareArticle`,
 * see `lib/generate-worker.ts`) and sends them straight to the other, which writes the store
 * ({@link writeStore}) with a larger young generation than this thread could be given.
 */
export async function generateStore(path: string, count: number, opts: { seed?: number; log?: (line: string) => void; force?: boolean } = {}): Promise<StoreInfo> {
  const seed = opts.seed ?? 1;
  const infoPath = `${path}.json`;
  if (!opts.force && existsSync(path) && existsSync(infoPath)) {
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as StoreInfo;
    if (info.count === count && info.seed === seed && info.version === GENERATOR_VERSION) return info;
  }
  for (const f of [path, `${path}-wal`, `${path}-shm`, infoPath]) rmSync(f, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  const t0 = Date.now();
  const { port1, port2 } = new MessageChannel();
  const maker = startWorker(GENERATOR_WORKER, { workerData: { role: 'articles', count, seed, port: port1 }, transferList: [port1] });
  const writer = startWorker(GENERATOR_WORKER, {
    workerData: { role: 'writer', path, count, startedAt: t0, port: port2 },
    transferList: [port2],
    resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
  });
  let written: WrittenStore;
  try {
    written = await new Promise<WrittenStore>((resolve, reject) => {
      maker.on('error', reject);
      maker.on('message', (m: { log: string }) => opts.log?.(m.log));
      writer.on('error', reject);
      writer.on('exit', (code) => reject(new Error(`store writer stopped (exit code ${code})`)));
      writer.on('message', (m: { log: string } | { done: WrittenStore }) => {
        if ('log' in m) opts.log?.(m.log);
        else resolve(m.done);
      });
    });
  } finally {
    await Promise.all([maker.terminate(), writer.terminate()]);
  }
  const info: StoreInfo = {
    path,
    count,
    seed,
    version: GENERATOR_VERSION,
    ...written,
    buildSeconds: Math.round((Date.now() - t0) / 100) / 10,
  };
  writeFileSync(infoPath, JSON.stringify(info, null, 2));
  return info;
}

if (isMainThread && /generate-store\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const count = Number(arg('--count') ?? 100_000);
  const out = arg('--out') ?? `/tmp/newsdesk-bench/store-${count}.db`;
  const info = await generateStore(out, count, { log: (l) => console.log(l), force: process.argv.includes('--force') });
  console.log(JSON.stringify(info, null, 2));
}
