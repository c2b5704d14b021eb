/**
 * Story-grouping quality on a labelled set of our own (tests/fixtures/stories): every folder
 * holding a `labels.json` is one corpus of outlet feeds (one RSS file per outlet) whose items
 * are labelled with the real-world event they report. Each corpus is ingested through the real
 * pipeline (`ingestDocument`, what `newsdesk.ingest` runs: parse → analyse → store grouping) into its own in-memory store,
 * the store's stories are read back, and the grouping is scored against the labels:
 * - pairwise precision and recall of "these two articles are the same story";
 * - B-cubed precision, recall and F1 of the grouping;
 * - false merges: pairs of different events that ended up in one story (the failure that hides
 *   news from readers), with how many of them share a topic (two matches, two earthquakes…).
 *
 * Pure measuring module: returns figures, prints nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { analyseAll, ingestDocument, parseDocument } from '../../src/core/ingest/ingest-document.js';

/** One labelled article: an item of an outlet's feed file and the event it reports. */
export interface LabelledArticle {
  /** Feed file, relative to the folder of its labels.json. */
  file: string;
  guid: string;
  title: string;
  /** Event id; articles with the same id report the same event. */
  event: string;
}

/** The content of a labels.json. */
export interface StoryLabels {
  /** Event id → its topic family (events of one family are the distractors of each other). */
  events: Record<string, { topic: string; articles?: number }>;
  articles: LabelledArticle[];
}

/** Result of {@link measureStories}. */
export interface StoryFigures {
  pairPrecision: number;
  pairRecall: number;
  bcubedPrecision: number;
  bcubedRecall: number;
  bcubedF1: number;
  /** Distinct pairs of different events that share at least one story. */
  falseMergesAcrossEvents: number;
  /** Of those, pairs whose events belong to the same topic family. */
  falseMergesSameTopic: number;
  events: number;
  articles: number;
  stories: number;
  /** Diagnosis: merged event pairs ("a + b") and events split over several stories (event → story count). */
  merged: string[];
  split: Record<string, number>;
  /** Corpora (folders with a labels.json) measured. */
  corpora: string[];
}

/** Options of {@link measureStories}. */
export interface MeasureStoriesOptions {
  /**
   * Ingestion order; grouping is greedy, so order can matter. 'name' (default): each outlet's
   * feed whole, by file name; 'reverse': the same, last file first; 'time': item by item in
   * publication order, as a bot polling every feed would receive them.
   */
  order?: 'name' | 'reverse' | 'time';
}

/** The documents of a corpus in ingestion order: whole feed files, or one-item feeds by time. */
export function corpusDocuments(corpus: string, labels: StoryLabels, order: MeasureStoriesOptions['order'] = 'name'): { file: string; text: string }[] {
  const files = [...new Set(labels.articles.map((a) => a.file))].sort();
  if (order === 'reverse') files.reverse();
  const whole = files.map((file) => ({ file, text: readFileSync(join(corpus, file), 'utf8') }));
  if (order !== 'time') return whole;
  const items: { file: string; text: string; at: number }[] = [];
  for (const { file, text } of whole) {
    const start = text.indexOf('<item>');
    const end = text.lastIndexOf('</item>') + '</item>'.length;
    if (start < 0) throw new Error(`${corpus}/${file}: 'time' order needs RSS items`);
    for (const m of text.slice(start, end).matchAll(/<item>[\s\S]*?<\/item>/g)) {
      const one = text.slice(0, start) + m[0] + text.slice(end);
      const [article] = parseDocument({ text: one, name: file, capturedAt: new Date(0) }).articles;
      items.push({ file, text: one, at: Date.parse(article.publishedAt ?? '') });
    }
  }
  return items.sort((a, b) => a.at - b.at || a.file.localeCompare(b.file)).map(({ file, text }) => ({ file, text }));
}

/** Folders under `dir` (itself included) that hold a labels.json, sorted. */
export function findStoryCorpora(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (existsSync(join(d, 'labels.json'))) out.push(d);
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** Reads one corpus's labels. */
export function loadStoryLabels(corpus: string): StoryLabels {
  return JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8')) as StoryLabels;
}

/** Ingests one corpus into a fresh store; returns each labelled article's story id, keyed by event. */
function groupCorpus(corpus: string, labels: StoryLabels, opts: MeasureStoriesOptions): { event: string; story: string }[] {
  const store = createSqliteStore(':memory:');
  try {
    // A fixed clock after the newest item: dates come from the feeds, never from the wall clock.
    const clock = { now: () => new Date('2026-06-01T00:00:00Z') };
    const byKey = new Map(labels.articles.map((a) => [`${a.file}\n${a.title}`, a]));
    const articleEvent = new Map<number, string>();
    for (const { file, text } of corpusDocuments(corpus, labels, opts.order)) {
      const report = ingestDocument(store, { text, name: file, capturedAt: clock.now() }, clock.now());
      for (const r of report.articles) {
        const label = byKey.get(`${file}\n${r.title}`);
        if (!label) throw new Error(`${corpus}/${file}: item "${r.title}" has no label`);
        if (r.status !== 'stored') throw new Error(`${corpus}/${file}: item "${r.title}" was not stored (${r.status})`);
        articleEvent.set(r.articleId, label.event);
        byKey.delete(`${file}\n${r.title}`);
      }
    }
    if (byKey.size) throw new Error(`${corpus}: labelled items not ingested: ${[...byKey.keys()].join('; ')}`);
    // Read the grouping back from the store, as a reader of the digest would see it.
    const out: { event: string; story: string }[] = [];
    for (const s of store.stories(store.allStoryIds())) {
      for (const src of s.sources) {
        const event = articleEvent.get(src.articleId);
        if (event !== undefined) out.push({ event, story: `${corpus}#${s.id}` });
      }
    }
    if (out.length !== articleEvent.size) throw new Error(`${corpus}: ${articleEvent.size} articles stored but ${out.length} found in stories`);
    return out;
  } finally {
    store.close();
  }
}

/** Scores a grouping against event labels (pairwise and B-cubed). */
export function scoreGrouping(
  items: { event: string; story: string }[],
  topicOf: (event: string) => string,
): Omit<StoryFigures, 'corpora'> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const mergedPairs = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const sameEvent = items[i].event === items[j].event;
      const sameStory = items[i].story === items[j].story;
      if (sameEvent && sameStory) tp++;
      else if (sameStory) {
        fp++;
        mergedPairs.add([items[i].event, items[j].event].sort().join(' + '));
      } else if (sameEvent) fn++;
    }
  }
  const count = (key: (x: { event: string; story: string }) => string) => {
    const m = new Map<string, number>();
    for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
    return m;
  };
  const eventSize = count((x) => x.event);
  const storySize = count((x) => x.story);
  const both = count((x) => `${x.event}\n${x.story}`);
  let bp = 0;
  let br = 0;
  for (const x of items) {
    const n = both.get(`${x.event}\n${x.story}`)!;
    bp += n / storySize.get(x.story)!;
    br += n / eventSize.get(x.event)!;
  }
  const bcubedPrecision = items.length ? bp / items.length : 1;
  const bcubedRecall = items.length ? br / items.length : 1;
  const split: Record<string, number> = {};
  for (const e of eventSize.keys()) {
    const stories = new Set(items.filter((x) => x.event === e).map((x) => x.story)).size;
    if (stories > 1) split[e] = stories;
  }
  const merged = [...mergedPairs].sort();
  return {
    pairPrecision: tp + fp ? tp / (tp + fp) : 1,
    pairRecall: tp + fn ? tp / (tp + fn) : 1,
    bcubedPrecision,
    bcubedRecall,
    bcubedF1: bcubedPrecision + bcubedRecall ? (2 * bcubedPrecision * bcubedRecall) / (bcubedPrecision + bcubedRecall) : 0,
    falseMergesAcrossEvents: merged.length,
    falseMergesSameTopic: merged.filter((p) => {
      const [a, b] = p.split(' + ');
      return topicOf(a) === topicOf(b);
    }).length,
    events: eventSize.size,
    articles: items.length,
    stories: storySize.size,
    merged,
    split,
  };
}

/**
 * Measures story grouping on every labelled corpus under `dir` (each corpus in its own store,
 * scores pooled over all of them).
 */
export function measureStories(dir: string, opts: MeasureStoriesOptions = {}): StoryFigures {
  const corpora = findStoryCorpora(dir);
  if (!corpora.length) throw new Error(`no labels.json under ${dir}`);
  const items: { event: string; story: string }[] = [];
  const topics = new Map<string, string>();
  for (const corpus of corpora) {
    const labels = loadStoryLabels(corpus);
    for (const [id, e] of Object.entries(labels.events)) {
      if (topics.has(id)) throw new Error(`event id ${id} is used in two corpora`);
      topics.set(id, e.topic);
    }
    items.push(...groupCorpus(corpus, labels, opts));
  }
  return { ...scoreGrouping(items, (e) => topics.get(e) ?? e), corpora: corpora.map((c) => relative(dir, c) || '.') };
}

/**
 * Cut-off of the TF-IDF peer, chosen on the development half: the best B-cubed F1 (in steps of
 * 0.01) with no false merge in either ingestion order.
 */
export const TFIDF_PEER_THRESHOLD = 0.31;

/** Options of {@link measureStoriesTfidf}. */
export interface TfidfPeerOptions extends MeasureStoriesOptions {
  /** Cosine cut-off for "same story"; default {@link TFIDF_PEER_THRESHOLD}. */
  threshold?: number;
}

/**
 * The textbook peer: TF-IDF cosine over each article's whole text (title and paragraphs, IDF
 * from the corpus itself, which the product cannot know in advance), grouped the way the store
 * groups (each article, in ingestion order, joins the story of its most similar earlier article
 * within 72 hours when the cosine reaches the cut-off). Parsing is the product's.
 */
export function measureStoriesTfidf(dir: string, opts: TfidfPeerOptions = {}): StoryFigures {
  const threshold = opts.threshold ?? TFIDF_PEER_THRESHOLD;
  const corpora = findStoryCorpora(dir);
  const items: { event: string; story: string }[] = [];
  const topics = new Map<string, string>();
  for (const corpus of corpora) {
    const labels = loadStoryLabels(corpus);
    for (const [id, e] of Object.entries(labels.events)) topics.set(id, e.topic);
    const docs: { event: string; at: number; tf: Map<string, number> }[] = [];
    for (const { file, text } of corpusDocuments(corpus, labels, opts.order)) {
      const now = new Date('2026-06-01T00:00:00Z');
      const parsed = parseDocument({ text, name: file, capturedAt: now });
      for (const a of analyseAll(parsed.articles)) {
        const label = labels.articles.find((x) => x.file === file && x.title === a.title);
        if (!label) throw new Error(`${corpus}/${file}: item "${a.title}" has no label`);
        const tf = new Map<string, number>();
        const text = [a.title, ...a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text)].join(' ');
        for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) if (w.length > 2) tf.set(w, (tf.get(w) ?? 0) + 1);
        docs.push({ event: label.event, at: Date.parse(a.publishedAt ?? now.toISOString()), tf });
      }
    }
    const df = new Map<string, number>();
    for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
    const vectors = docs.map((d) => {
      const v = new Map<string, number>();
      for (const [w, n] of d.tf) v.set(w, (1 + Math.log(n)) * Math.log(docs.length / df.get(w)!));
      const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
      for (const [w, x] of v) v.set(w, x / norm);
      return v;
    });
    const story: number[] = [];
    docs.forEach((d, i) => {
      let best = -1;
      let bestScore = threshold;
      for (let j = 0; j < i; j++) {
        if (Math.abs(docs[j].at - d.at) > 72 * 3_600_000) continue;
        let dot = 0;
        for (const [w, x] of vectors[i]) dot += x * (vectors[j].get(w) ?? 0);
        if (dot >= bestScore) {
          bestScore = dot;
          best = story[j];
        }
      }
      story.push(best >= 0 ? best : i);
      items.push({ event: d.event, story: `${corpus}#${story[i]}` });
    });
  }
  return { ...scoreGrouping(items, (e) => topics.get(e) ?? e), corpora: corpora.map((c) => relative(dir, c) || '.') };
}
