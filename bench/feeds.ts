/**
 * Feed parsing speed: items/s and MB/s of Newsdesk's `parseFeed` (feedsmith plus normalisation:
 * dates, links, HTML to text blocks) beside the rss-parser library in the same run, on a generated
 * 10,000-item RSS 2.0 feed and on the 31 real feeds of rss-parser's own test suite.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { parseFeed } from '../src/core/parse/feed.js';
import { rng } from './generate-store.js';
import { nowMs, round } from './lib/stats.js';
import { printTable, type Cell } from './lib/table.js';
import { writeResult, type BenchOptions, type BenchResult } from './lib/results.js';

/** The rss-parser fixtures (31 real feeds), when the evaluation data is present. */
export const RSS_PARSER_FIXTURES = join(process.cwd(), '..', 'shared', 'data', 'feeds', 'rss-parser', 'input');

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A deterministic RSS 2.0 feed of `n` items with HTML descriptions, categories and dates. */
export function largeFeed(n: number, seed = 5): string {
  const r = rng(seed);
  const words = 'government minister report police market company match season storm study court election launch health climate energy trade talks city council'.split(' ');
  const w = () => words[Math.floor(r() * words.length)];
  const sentence = () => `${Array.from({ length: 12 + Math.floor(r() * 10) }, w).join(' ')}.`;
  const start = Date.parse('2026-01-15T00:00:00Z');
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const html = `<p>${sentence()} <a href="/x/${i}">${w()}</a> ${sentence()}</p><p>${sentence()}</p>`;
    items.push(`<item><title>${escapeXml(`${w()} ${w()} ${w()} ${w()} ${i}`)}</title><link>https://news.example/a/${i}</link>` +
      `<guid isPermaLink="false">item-${i}</guid><pubDate>${new Date(start - i * 60_000).toUTCString()}</pubDate>` +
      `<category>${w()}</category><dc:creator>Reporter ${i % 50}</dc:creator><description>${escapeXml(html)}</description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench feed</title><link>https://news.example/</link><description>Generated</description>\n${items.join('\n')}\n</channel></rss>\n`;
}

interface Measure {
  items: number;
  ms: number;
  failures: number;
}

async function measure(docs: string[], reps: number, parse: (doc: string) => Promise<number> | number): Promise<Measure> {
  // One untimed pass warms the JIT and the libraries' lazy state.
  let failures = 0;
  for (const d of docs) {
    try {
      await parse(d);
    } catch {
      failures++;
    }
  }
  let items = 0;
  const t0 = nowMs();
  for (let i = 0; i < reps; i++) {
    for (const d of docs) {
      try {
        items += await parse(d);
      } catch {
        /* counted in the warm-up pass */
      }
    }
  }
  return { items, ms: nowMs() - t0, failures };
}

/** Runs the feed benchmark. */
export async function runFeeds(opts: BenchOptions): Promise<BenchResult> {
  const now = new Date('2026-01-15T00:00:00Z');
  const rssParser = new Parser();
  const ours = (doc: string) => parseFeed(doc, { now }).items.length;
  const peer = async (doc: string) => (await rssParser.parseString(doc)).items.length;
  const sets: { name: string; docs: string[]; reps: number }[] = [];
  const big = largeFeed(opts.quick ? 1_000 : 10_000);
  sets.push({ name: `generated RSS 2.0, ${opts.quick ? '1,000' : '10,000'} items`, docs: [big], reps: opts.quick ? 1 : 5 });
  if (existsSync(RSS_PARSER_FIXTURES)) {
    const docs = readdirSync(RSS_PARSER_FIXTURES).sort().map((f) => readFileSync(join(RSS_PARSER_FIXTURES, f), 'utf8'));
    sets.push({ name: `rss-parser fixtures (${docs.length} feeds)`, docs, reps: opts.quick ? 1 : 20 });
  } else {
    console.log(`  (skipping the rss-parser fixtures: ${RSS_PARSER_FIXTURES} is absent)`);
  }
  const rows: Cell[][] = [];
  const figures: Record<string, unknown>[] = [];
  for (const set of sets) {
    const mb = set.docs.reduce((s, d) => s + Buffer.byteLength(d), 0) / 1_048_576;
    const a = await measure(set.docs, set.reps, ours);
    const b = await measure(set.docs, set.reps, peer);
    const line = (who: string, m: Measure) => {
      const itemsPerS = (m.items / m.ms) * 1000;
      const mbPerS = ((mb * set.reps) / m.ms) * 1000;
      rows.push([set.name, who, m.items / set.reps, m.failures, round(itemsPerS, 0), round(mbPerS, 1)]);
      figures.push({ set: set.name, parser: who, itemsPerPass: m.items / set.reps, failures: m.failures, itemsPerS: round(itemsPerS, 0), mbPerS: round(mbPerS, 2) });
      return itemsPerS;
    };
    const oursRate = line('newsdesk parseFeed', a);
    const peerRate = line('rss-parser 3.13', b);
    rows.push([set.name, 'ratio newsdesk / rss-parser', undefined, undefined, round(oursRate / peerRate, 2), undefined]);
  }
  printTable('Feed parsing', ['feed set', 'parser', 'items', 'failed docs', 'items/s', 'MB/s'], rows);
  const result: BenchResult = { name: 'feeds', figures };
  writeResult(result, opts);
  return result;
}
