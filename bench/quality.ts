/**
 * `npm run bench:quality [-- --json] [-- --only summary,topics,…]`: every quality figure,
 * each beside its peer measured in the same run (Lead-3, plain Readability, rss-parser).
 * Reads the evaluation data from ../shared/data (or NEWSDESK_SHARED_DATA); parts whose data
 * is absent are reported as skipped.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureSummaries } from './quality/summaries.js';
import { measureTopics } from './quality/topics.js';
import { measureTopicLookups, LOOKUPS } from './quality/topic-lookups.js';
import { measureExtraction } from './quality/extraction.js';
import { measureFeeds } from './quality/feeds.js';
import { measureStories, measureStoriesTfidf } from './quality/stories.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1]?.split(',')) : undefined;
const want = (part: string) => !only || only.has(part);
const data = resolve(process.env.NEWSDESK_SHARED_DATA ?? '../shared/data');
const round = (x: number) => Math.round(x * 10000) / 10000;
const log = (s: string) => {
  if (!json) process.stdout.write(`${s}\n`);
};

function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}

const result: Record<string, unknown> = { data };
const bbc = join(data, 'summaries/bbc');

if (want('summary')) {
  if (existsSync(bbc)) {
    const s = measureSummaries(bbc, 'all');
    const pick = (x: typeof s.ours) => ({ sentenceF1: round(x.sentenceF1), precision: round(x.precision), recall: round(x.recall), rouge1: round(x.rouge1), rouge2: round(x.rouge2), rougeL: round(x.rougeL) });
    result.summary = { ours: pick(s.ours), lead3: pick(s.lead3), n: s.n };
    const dev = measureSummaries(bbc, 'dev');
    const test = measureSummaries(bbc, 'test');
    (result.summary as Record<string, unknown>).split = { dev: { ours: pick(dev.ours), lead3: pick(dev.lead3) }, test: { ours: pick(test.ours), lead3: pick(test.lead3) } };
    log(`\nSummaries: ${s.n} BBC articles, top 3 sentences (held-out half in brackets)`);
    log(table([
      ['', 'sentence P', 'sentence R', 'sentence F1', 'ROUGE-1', 'ROUGE-2', 'ROUGE-L'],
      ['Newsdesk', round(s.ours.precision), round(s.ours.recall), `${round(s.ours.sentenceF1)} (${round(test.ours.sentenceF1)})`, round(s.ours.rouge1), `${round(s.ours.rouge2)} (${round(test.ours.rouge2)})`, round(s.ours.rougeL)],
      ['Lead-3', round(s.lead3.precision), round(s.lead3.recall), `${round(s.lead3.sentenceF1)} (${round(test.lead3.sentenceF1)})`, round(s.lead3.rouge1), `${round(s.lead3.rouge2)} (${round(test.lead3.rouge2)})`, round(s.lead3.rougeL)],
    ]));
  } else result.summary = { skipped: `no data at ${bbc}` };
}

if (want('topics')) {
  if (existsSync(bbc)) {
    const t = measureTopics(bbc, 'all');
    const l = measureTopicLookups(bbc);
    result.topics = { accuracy: round(t.accuracy), precisionAt10: round(l.precisionAt10), perCategory: t.perCategory, perQuery: l.perQuery, n: t.n };
    log(`\nTopics: ${t.n} BBC articles, accuracy ${round(t.accuracy)}; /news precision at 10: ${round(l.precisionAt10)}`);
    log(table([
      ['category', 'precision', 'recall', '/news P@10'],
      ...Object.entries(t.perCategory).map(([c, v]) => [c, round(v.precision), round(v.recall), l.perQuery[LOOKUPS[c] ?? c] ?? '']),
    ]));
  } else result.topics = { skipped: `no data at ${bbc}` };
}

if (want('stories')) {
  const dir = 'tests/fixtures/stories';
  if (existsSync(dir)) {
    const s = measureStories(dir);
    const reverse = measureStories(dir, { order: 'reverse' });
    const peer = measureStoriesTfidf(dir);
    const pick = (x: typeof s) => ({ pairPrecision: round(x.pairPrecision), pairRecall: round(x.pairRecall), bcubedF1: round(x.bcubedF1), falseMergesAcrossEvents: x.falseMergesAcrossEvents });
    result.stories = { ...pick(s), reverseOrder: pick(reverse), tfidfPeer: pick(peer), events: s.events, articles: s.articles };
    log(`\nStories across outlets: ${s.articles} labelled articles, ${s.events} events (${dir})`);
    log(table([
      ['', 'pair precision', 'pair recall', 'B-cubed F1', 'false merges'],
      ['Newsdesk', round(s.pairPrecision), round(s.pairRecall), round(s.bcubedF1), s.falseMergesAcrossEvents],
      ['Newsdesk, reverse order', round(reverse.pairPrecision), round(reverse.pairRecall), round(reverse.bcubedF1), reverse.falseMergesAcrossEvents],
      ['TF-IDF cosine peer', round(peer.pairPrecision), round(peer.pairRecall), round(peer.bcubedF1), peer.falseMergesAcrossEvents],
    ]));
  } else result.stories = { skipped: 'labelled story set not present' };
}

if (want('extraction')) {
  const dir = join(data, 'extraction');
  if (existsSync(join(dir, 'readability'))) {
    const e = measureExtraction(dir);
    const pick = (x: typeof e.ours) => ({ f1: round(x.f1), precision: round(x.precision), recall: round(x.recall), pagesPerSecond: round(x.pagesPerSecond) });
    result.extraction = { ours: pick(e.ours), oursStored: { f1: round(e.oursStored.f1), precision: round(e.oursStored.precision), recall: round(e.oursStored.recall) }, readability: pick(e.readability), readabilityLinkedom: pick(e.readabilityLinkedom), metadata: e.metadata, pages: e.pages, noArticle: e.noArticle };
    log(`\nExtraction: ${e.pages} pages, 4-gram shingle F1`);
    log(table([
      ['', 'F1', 'precision', 'recall', 'pages/s', 'title', 'byline', 'siteName', 'published'],
      ['Newsdesk', round(e.ours.f1), round(e.ours.precision), round(e.ours.recall), round(e.ours.pagesPerSecond), round(e.metadata.ours.title), round(e.metadata.ours.byline), round(e.metadata.ours.siteName), round(e.metadata.ours.publishedTime)],
      ['Readability+jsdom', round(e.readability.f1), round(e.readability.precision), round(e.readability.recall), round(e.readability.pagesPerSecond), round(e.metadata.readability.title), round(e.metadata.readability.byline), round(e.metadata.readability.siteName), round(e.metadata.readability.publishedTime)],
    ]));
    log(
      `  Newsdesk stores nothing for the ${e.noArticle.length} page(s) its verdict refuses as holding no article ` +
        `(${e.noArticle.map((p) => `${p.page}${p.readerable === false ? ', not readerable per Readability' : ''}`).join('; ') || 'none'}): ` +
        `stored-text F1 ${round(e.oursStored.f1)}.`,
    );
  } else result.extraction = { skipped: `no data at ${dir}` };
}

if (want('feeds')) {
  const dir = join(data, 'feeds');
  if (existsSync(dir)) {
    const f = measureFeeds(dir);
    result.feeds = { feedparser: { perFolder: f.feedparser.perFolder, simpleEquality: f.feedparser.simpleEquality }, rssParser: { feeds: f.rssParser.feeds, fields: f.rssParser.fields } };
    log('\nFeeds: feedparser simple-equality cases per folder');
    log(table([['folder', 'pass', 'total', 'rate'], ...Object.entries(f.feedparser.perFolder).map(([k, v]) => [k, v.pass, v.total, round(v.rate)]), ['all', f.feedparser.simpleEquality.pass, f.feedparser.simpleEquality.total, round(f.feedparser.simpleEquality.rate)]]));
  } else result.feeds = { skipped: `no data at ${dir}` };
}

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/quality.json', JSON.stringify(result, null, 2));
if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
else log('\nWritten to bench/results/quality.json');
