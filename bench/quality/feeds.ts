/**
 * Feed-parser quality against ../shared/data/feeds:
 * - rss-parser suite: for each of its real feeds, our title, link, date and guid compared item by
 *   item with rss-parser's reference output (another program's output, not a gold truth);
 * - feedparser suite: each `simpleEquality` expectation (`[not bozo and] path == literal`) whose
 *   feedparser field has a counterpart in our model is evaluated against our parse.
 *
 * Pure measuring module: returns figures, prints nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCharset } from '../../src/core/ingest/decode-charset.js';
import { parseFeed, type ParsedFeed } from '../../src/core/parse/feed.js';
import { collapseWhitespace, htmlToText } from '../../src/core/parse/html-blocks.js';
import type { ParsedArticle } from '../../src/core/model.js';

/** Per-field agreement with rss-parser. */
export interface FieldAgreement {
  matched: number;
  total: number;
}

/** Comparison of one field for one item, kept for explaining differences. */
export interface RssParserMismatch {
  feed: string;
  item: number;
  field: 'title' | 'link' | 'date' | 'guid';
  theirs: string | undefined;
  ours: string | undefined;
}

/** Result of {@link measureRssParser}. */
export interface RssParserFigures {
  /** Feeds with a reference output. */
  feeds: number;
  /** Feeds parsed without error and with the same number of items. */
  parsed: number;
  /** Feeds where every compared field of every item matched. */
  matched: number;
  items: number;
  fields: Record<'title' | 'link' | 'date' | 'guid', FieldAgreement>;
  mismatches: RssParserMismatch[];
  /** Feeds whose item count differs, with how many of rss-parser's items carry no field at all. */
  countDiffs: { feed: string; theirs: number; ours: number; emptyTheirs: number }[];
  /** Input files without a reference output, with what we did with them. */
  extra: { file: string; outcome: string }[];
}

/** Pass counts of one folder of the feedparser suite. */
export interface PassRate {
  pass: number;
  total: number;
  rate: number;
}

/** Result of {@link measureFeedparser}. */
export interface FeedparserFigures {
  perFolder: Record<string, PassRate>;
  simpleEquality: PassRate;
  /** Simple-equality cases of the measured folders whose field has no counterpart in our model. */
  unmapped: number;
  failures: { file: string; expect: string; got: unknown }[];
}

/** Everything {@link measureFeeds} measures. */
export interface FeedFigures {
  rssParser: RssParserFigures;
  feedparser: FeedparserFigures;
}

/** The feedparser folders reported (folder name = first directory below `wellformed/`, or the top folder). */
export const FEEDPARSER_FOLDERS = ['rss', 'atom', 'atom10', 'rdf', 'amp', 'entities', 'base', 'encoding', 'lang', 'illformed'] as const;

const FIXED_NOW = new Date('2100-01-01T00:00:00Z');

function norm(s: string | undefined): string | undefined {
  if (s === undefined || s === null) return undefined;
  const out = collapseWhitespace(String(s));
  return out || undefined;
}

function textOf(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  return norm(/<[a-z!/]|&[#\w]+;/i.test(s) ? htmlToText(s) : s);
}

function readJson(path: string): unknown {
  const bytes = readFileSync(path);
  return JSON.parse(decodeCharset(bytes, 'application/json').text);
}

function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return !a && !b;
  return Date.parse(a) === Date.parse(b);
}

/** Compares our parse of the rss-parser inputs with rss-parser's output. */
export function measureRssParser(dir: string): RssParserFigures {
  const inputDir = join(dir, 'input');
  const outputDir = join(dir, 'output');
  const fields: RssParserFigures['fields'] = {
    title: { matched: 0, total: 0 },
    link: { matched: 0, total: 0 },
    date: { matched: 0, total: 0 },
    guid: { matched: 0, total: 0 },
  };
  const mismatches: RssParserMismatch[] = [];
  const extra: RssParserFigures['extra'] = [];
  const countDiffs: RssParserFigures['countDiffs'] = [];
  let feeds = 0;
  let parsed = 0;
  let matched = 0;
  let items = 0;
  for (const file of readdirSync(inputDir).sort()) {
    const stem = file.replace(/\.[^.]+$/, '');
    const outPath = join(outputDir, `${stem}.json`);
    const text = decodeCharset(readFileSync(join(inputDir, file))).text;
    if (!existsSync(outPath)) {
      let outcome: string;
      try {
        const r = parseFeed(text, { now: FIXED_NOW });
        outcome = `parsed ${r.items.length} items`;
      } catch (err) {
        outcome = `error ${(err as { code?: string }).code ?? String(err)}`;
      }
      extra.push({ file, outcome });
      continue;
    }
    feeds++;
    const reference = (readJson(outPath) as { feed: { items?: Record<string, unknown>[] } }).feed;
    const theirs = reference.items ?? [];
    let ours: ParsedFeed;
    try {
      ours = parseFeed(text, { now: FIXED_NOW });
    } catch {
      continue;
    }
    if (ours.items.length === theirs.length) parsed++;
    else {
      const emptyTheirs = theirs.filter((t) => Object.keys(t).length === 0).length;
      countDiffs.push({ feed: file, theirs: theirs.length, ours: ours.items.length, emptyTheirs });
    }
    let allMatch = ours.items.length === theirs.length;
    theirs.forEach((t, i) => {
      if (Object.keys(t).length === 0) return;
      items++;
      const o: ParsedArticle | undefined = ours.items[i];
      const check = (field: keyof RssParserFigures['fields'], their: string | undefined, our: string | undefined, eq: (a?: string, b?: string) => boolean) => {
        if (their === undefined && our === undefined) return;
        fields[field].total++;
        if (eq(their, our)) fields[field].matched++;
        else {
          allMatch = false;
          mismatches.push({ feed: file, item: i, field, theirs: their, ours: our });
        }
      };
      check('title', textOf(t.title as string | undefined), norm(o?.title), (a, b) => a === b);
      check('link', norm(t.link as string | undefined), o?.url, (a, b) => a === b || (a !== undefined && b !== undefined && safeHref(a) === b));
      check('date', t.isoDate as string | undefined, o?.publishedAt, sameInstant);
      check('guid', norm((t.guid ?? t.id) as string | undefined), o?.guid ? norm(o.guid) : undefined, (a, b) => a === b);
    });
    if (allMatch) matched++;
  }
  return { feeds, parsed, matched, items, fields, mismatches, countDiffs, extra };
}

function safeHref(s: string): string | undefined {
  try {
    return new URL(s).href;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// feedparser suite

interface ManifestRecord {
  file: string;
  description: string;
  expect: string;
  headers: Record<string, string>;
  skipUnless: string | null;
  simpleEquality: boolean;
}

/** Parses a Python literal: a (u/b/r-prefixed) string, a number, None, True or False. */
export function parsePythonLiteral(src: string): { ok: true; value: unknown } | { ok: false } {
  const s = src.trim();
  if (s === 'None') return { ok: true, value: undefined };
  if (s === 'True') return { ok: true, value: true };
  if (s === 'False') return { ok: true, value: false };
  if (/^-?\d+(\.\d+)?$/.test(s)) return { ok: true, value: Number(s) };
  const m = /^([urbURB]*)(['"])([\s\S]*)\2$/.exec(s);
  if (!m) return { ok: false };
  const raw = /r/i.test(m[1]);
  const body = m[3];
  if (raw) return { ok: true, value: body };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case 'x': out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; break;
      case 'u': out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16)); i += 4; break;
      case 'U': out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16)); i += 8; break;
      default: out += n;
    }
  }
  return { ok: true, value: out };
}

/** What a feedparser field maps to in our result, and how values are compared. */
interface Mapping {
  get: (r: ParsedFeed, idx: number[], ctx: { charset: string }) => unknown;
  /** How the expected literal is normalised before comparison. */
  kind: 'text' | 'exact' | 'lang';
}

const item = (r: ParsedFeed, i: number): ParsedArticle | undefined => r.items[i];
const body = (a: ParsedArticle | undefined) => (a ? norm(a.blocks.map((b) => b.text).join(' ')) : undefined);

/**
 * feedparser field paths (indices replaced by N) → our fields. feedparser keeps HTML in
 * title/summary/content; our model keeps text, so those compare as text.
 */
const MAPPINGS: Record<string, Mapping> = {
  "feed['title']": { kind: 'text', get: (r) => r.feed.title },
  "feed['title_detail']['value']": { kind: 'text', get: (r) => r.feed.title },
  "feed['link']": { kind: 'exact', get: (r) => r.feed.link },
  "feed['language']": { kind: 'lang', get: (r) => r.feed.language },
  "entries[N]['title']": { kind: 'text', get: (r, [i]) => item(r, i)?.title || undefined },
  "entries[N]['title_detail']['value']": { kind: 'text', get: (r, [i]) => item(r, i)?.title || undefined },
  "entries[N]['link']": { kind: 'exact', get: (r, [i]) => item(r, i)?.url },
  "entries[N]['id']": { kind: 'exact', get: (r, [i]) => item(r, i)?.guid },
  "entries[N]['guid']": { kind: 'exact', get: (r, [i]) => item(r, i)?.guid },
  "entries[N]['author']": { kind: 'text', get: (r, [i]) => item(r, i)?.byline },
  "entries[N]['author_detail']['name']": { kind: 'text', get: (r, [i]) => item(r, i)?.byline },
  "entries[N]['description']": { kind: 'text', get: (r, [i]) => body(item(r, i)) },
  "entries[N]['summary']": { kind: 'text', get: (r, [i]) => body(item(r, i)) },
  "entries[N]['summary_detail']['value']": { kind: 'text', get: (r, [i]) => body(item(r, i)) },
  "entries[N]['content'][N]['value']": { kind: 'text', get: (r, [i]) => body(item(r, i)) },
  "entries[N]['tags'][N]['term']": { kind: 'exact', get: (r, [i, j]) => item(r, i)?.categories?.[j] },
  "entries[N]['language']": { kind: 'lang', get: (r, [i]) => item(r, i)?.language },
  "entries[N]['content'][N]['language']": { kind: 'lang', get: (r, [i]) => item(r, i)?.language },
  "entries[N]['title_detail']['language']": { kind: 'lang', get: (r, [i]) => item(r, i)?.language },
  "entries[N]['summary_detail']['language']": { kind: 'lang', get: (r, [i]) => item(r, i)?.language },
  encoding: { kind: 'exact', get: (_r, _i, ctx) => ctx.charset },
};

/** feedparser's names for character sets → ours (we follow the WHATWG Encoding Standard). */
const CHARSET_NAMES: Record<string, string> = { 'us-ascii': 'windows-1252', 'iso-8859-1': 'windows-1252', gb18030: 'gb18030' };

function folderOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'wellformed' ? parts[1] : parts[0];
}

interface Compiled {
  notBozo: boolean;
  path: string;
  indices: number[];
  expected: unknown;
}

function compile(expect: string): Compiled | undefined {
  const m = /^\s*(not bozo and\s+)?(.+?)\s*==\s*(.+?)\s*$/.exec(expect);
  if (!m) return undefined;
  const lit = parsePythonLiteral(m[3]);
  if (!lit.ok) return undefined;
  const indices: number[] = [];
  const path = m[2].replace(/\[(\d+)\]/g, (_w, n: string) => {
    indices.push(Number(n));
    return '[N]';
  });
  return { notBozo: Boolean(m[1]), path, indices, expected: lit.value };
}

function evaluate(c: Compiled, mapping: Mapping, result: ParsedFeed, charset: string): { pass: boolean; got: unknown } {
  if (c.notBozo && result.feed.illFormed) return { pass: false, got: 'illFormed' };
  const got = mapping.get(result, c.indices, { charset });
  let expected = c.expected;
  // feedparser keeps markup in text fields and plain text in text/plain ones; the literal alone does
  // not say which, so a text field passes when it equals the literal read either way.
  if (mapping.kind === 'text' && typeof expected === 'string' && typeof got === 'string' && norm(got) === norm(expected)) return { pass: true, got };
  if (mapping.kind === 'text' && typeof expected === 'string') expected = textOf(expected);
  if (mapping.kind === 'lang' && typeof expected === 'string') expected = expected.replace(/_/g, '-');
  if (c.path === 'encoding' && typeof expected === 'string') expected = CHARSET_NAMES[expected] ?? expected;
  const gotNorm = mapping.kind === 'text' && typeof got === 'string' ? norm(got) : got;
  return { pass: gotNorm === expected, got };
}

/** Runs the simple-equality cases of the feedparser suite whose field maps to ours. */
export function measureFeedparser(dir: string): FeedparserFigures {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestRecord[];
  const perFolder: Record<string, PassRate> = {};
  for (const f of FEEDPARSER_FOLDERS) perFolder[f] = { pass: 0, total: 0, rate: 0 };
  const failures: FeedparserFigures['failures'] = [];
  let unmapped = 0;
  for (const rec of manifest) {
    const folder = folderOf(rec.file);
    if (!(folder in perFolder) || !rec.simpleEquality) continue;
    const c = compile(rec.expect);
    const mapping = c ? MAPPINGS[c.path] : undefined;
    if (!c || !mapping) {
      unmapped++;
      continue;
    }
    perFolder[folder].total++;
    const headers = Object.fromEntries(Object.entries(rec.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const docUri = `http://127.0.0.1:8097/tests/${rec.file}`;
    const url = headers['content-location'] ? new URL(headers['content-location'], docUri).href : docUri;
    const decoded = decodeCharset(readFileSync(join(dir, rec.file)), headers['content-type']);
    let outcome: { pass: boolean; got: unknown };
    try {
      outcome = evaluate(c, mapping, parseFeed(decoded.text, { url, now: FIXED_NOW, language: headers['content-language'] }), decoded.charset);
    } catch (err) {
      outcome = { pass: false, got: `threw ${(err as { code?: string }).code ?? String(err)}` };
    }
    if (outcome.pass) perFolder[folder].pass++;
    else failures.push({ file: rec.file, expect: rec.expect, got: outcome.got });
  }
  let pass = 0;
  let total = 0;
  for (const r of Object.values(perFolder)) {
    r.rate = r.total ? r.pass / r.total : 0;
    pass += r.pass;
    total += r.total;
  }
  return { perFolder, simpleEquality: { pass, total, rate: total ? pass / total : 0 }, unmapped, failures };
}

/** Measures both suites under `dataDir` (the `feeds/` folder of the evaluation data). */
export function measureFeeds(dataDir: string): FeedFigures {
  return {
    rssParser: measureRssParser(join(dataDir, 'rss-parser')),
    feedparser: measureFeedparser(join(dataDir, 'feedparser')),
  };
}
