/**
 * Article-extraction quality on the 130 pages of ../shared/data/extraction/readability:
 * body text scored with the 4-gram shingle F1 (see shingle-f1.ts) and metadata by exact match,
 * for our extractor and for plain @mozilla/readability over linkedom, measured in the same run.
 *
 * Pure measuring module: returns figures, prints nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readability } from 'readability-pristine';
import { parseDocument, DomUtils } from 'htmlparser2';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseHTML } from 'linkedom-pristine';
import { extractHtml } from '../../src/core/parse/html.js';
import { parseFeedDate } from '../../src/core/parse/feed-date.js';
import { aggregateShingles, shingleCounts, type ShingleCounts } from './shingle-f1.js';

/** Exact-match rates of metadata fields, in [0, 1]. */
export interface MetadataRates {
  title: number;
  byline: number;
  siteName: number;
  publishedTime: number;
}

/** Body scores of one extractor. */
export interface ExtractorFigures {
  f1: number;
  precision: number;
  recall: number;
  pagesPerSecond: number;
}

/** Everything {@link measureExtraction} measures. */
export interface ExtractionFigures {
  pages: number;
  /** Our extractor's text on every page, including pages its verdict refuses as holding no article. */
  ours: ExtractorFigures;
  /** What ingestion stores: nothing for a refused page. */
  oursStored: { f1: number; precision: number; recall: number };
  /** Plain Readability over jsdom, its documented setup. */
  readability: ExtractorFigures;
  /** Plain Readability over linkedom: the DOM choice measured on its own. */
  readabilityLinkedom: ExtractorFigures;
  metadata: { ours: MetadataRates; readability: MetadataRates };
  /** Pages where ours found a metadata value that Readability's expected output lacks (counted as misses above). */
  extraFound: MetadataRates;
  /** Pages our extractor judged to hold no article, with the reason, and whether Readability's expectation calls them readerable. */
  noArticle: { page: string; reason?: string; readerable?: boolean }[];
  /** Per-page F1 of ours, for finding regressions. */
  perPage: { page: string; ours: number; readability: number }[];
  /** The DOM the `readability` peer ran on. */
  peerDom: 'jsdom';
}

interface ExpectedMetadata {
  title?: string | null;
  byline?: string | null;
  siteName?: string | null;
  publishedTime?: string | null;
  readerable?: boolean;
}

const clean = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
/** Bylines compare without a leading "By", which our model drops by convention. */
const cleanByline = (s: string | null | undefined): string => clean(s).replace(/^by\s+/i, '');

function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = parseFeedDate(a ?? undefined);
  const y = parseFeedDate(b ?? undefined);
  if (!x || !y) return clean(a) === clean(b);
  return x === y;
}

function pageF1(c: ShingleCounts): number {
  return aggregateShingles([c]).f1;
}

type ReadabilityResult = ReturnType<Readability['parse']>;

function readabilityOverJsdom(source: string, url: string, virtualConsole: VirtualConsole): ReadabilityResult {
  try {
    const dom = new JSDOM(source, { url, virtualConsole });
    const result = new Readability(dom.window.document).parse();
    dom.window.close();
    return result;
  } catch {
    return null;
  }
}

function readabilityOverLinkedom(source: string): ReadabilityResult {
  try {
    const { document } = parseHTML(source);
    return new Readability(document as unknown as Document).parse();
  } catch {
    return null;
  }
}

function casesOf(dataDir: string): string {
  const nested = join(dataDir, 'readability');
  return existsSync(nested) ? nested : dataDir;
}

/**
 * Measures ours and plain Readability over every case folder under `dataDir` (the
 * `extraction/` folder or its `readability/` subfolder). `peers: false` skips the two Readability
 * runs (their figures are then zero), for quick regression tests.
 */
export function measureExtraction(dataDir: string, opts: { peers?: boolean } = {}): ExtractionFigures {
  const peers = opts.peers ?? true;
  const dir = casesOf(dataDir);
  const cases = readdirSync(dir).filter((c) => existsSync(join(dir, c, 'source.html'))).sort();
  const ourCounts: ShingleCounts[] = [];
  const storedCounts: ShingleCounts[] = [];
  const peerCounts: ShingleCounts[] = [];
  const ourMeta = { title: 0, byline: 0, siteName: 0, publishedTime: 0 };
  const peerMeta = { title: 0, byline: 0, siteName: 0, publishedTime: 0 };
  const noArticle: ExtractionFigures['noArticle'] = [];
  const perPage: ExtractionFigures['perPage'] = [];
  let ourMs = 0;
  let peerMs = 0;
  let liteMs = 0;
  const liteCounts: ShingleCounts[] = [];
  const extra = { title: 0, byline: 0, siteName: 0, publishedTime: 0 };
  // jsdom reports CSS and script problems of the test pages on the console; they are irrelevant here.
  const virtualConsole = new VirtualConsole();

  for (const c of cases) {
    const source = readFileSync(join(dir, c, 'source.html'), 'utf8');
    const expectedText = clean(DomUtils.textContent(parseDocument(readFileSync(join(dir, c, 'expected.html'), 'utf8'))));
    const expected = JSON.parse(readFileSync(join(dir, c, 'expected-metadata.json'), 'utf8')) as ExpectedMetadata;
    const url = `http://fakehost/test/${c}/`;

    let t = performance.now();
    const ours = extractHtml(source, { url, keepRefused: true });
    ourMs += performance.now() - t;
    const ourText = ours.blocks.map((b) => b.text).join('\n');

    t = performance.now();
    const peer = peers ? readabilityOverJsdom(source, url, virtualConsole) : null;
    peerMs += performance.now() - t;
    const peerText = clean(peer?.textContent);

    t = performance.now();
    const lite = peers ? readabilityOverLinkedom(source) : null;
    liteMs += performance.now() - t;
    liteCounts.push(shingleCounts(clean(lite?.textContent), expectedText));

    const oc = shingleCounts(ourText, expectedText);
    const pc = shingleCounts(peerText, expectedText);
    ourCounts.push(oc);
    storedCounts.push(ours.hasArticle ? oc : shingleCounts('', expectedText));
    peerCounts.push(pc);
    perPage.push({ page: c, ours: pageF1(oc), readability: pageF1(pc) });
    if (!ours.hasArticle) noArticle.push({ page: c, reason: ours.reason, readerable: expected.readerable });

    if (clean(ours.title) === clean(expected.title)) ourMeta.title++;
    if (clean(peer?.title) === clean(expected.title)) peerMeta.title++;
    if (cleanByline(ours.byline) === cleanByline(expected.byline)) ourMeta.byline++;
    if (cleanByline(peer?.byline) === cleanByline(expected.byline)) peerMeta.byline++;
    if (clean(ours.publisher) === clean(expected.siteName)) ourMeta.siteName++;
    if (clean(peer?.siteName) === clean(expected.siteName)) peerMeta.siteName++;
    if (sameInstant(ours.publishedAt, expected.publishedTime)) ourMeta.publishedTime++;
    if (sameInstant(peer?.publishedTime, expected.publishedTime)) peerMeta.publishedTime++;
    if (!clean(expected.title) && clean(ours.title)) extra.title++;
    if (!clean(expected.byline) && clean(ours.byline)) extra.byline++;
    if (!clean(expected.siteName) && clean(ours.publisher)) extra.siteName++;
    if (!clean(expected.publishedTime) && ours.publishedAt) extra.publishedTime++;
  }

  const n = cases.length;
  const rates = (m: typeof ourMeta): MetadataRates => ({
    title: m.title / n,
    byline: m.byline / n,
    siteName: m.siteName / n,
    publishedTime: m.publishedTime / n,
  });
  const ourScore = aggregateShingles(ourCounts);
  const storedScore = aggregateShingles(storedCounts);
  const peerScore = aggregateShingles(peerCounts);
  const liteScore = aggregateShingles(liteCounts);
  return {
    pages: n,
    ours: { f1: ourScore.f1, precision: ourScore.precision, recall: ourScore.recall, pagesPerSecond: n / (ourMs / 1000) },
    oursStored: { f1: storedScore.f1, precision: storedScore.precision, recall: storedScore.recall },
    readability: { f1: peerScore.f1, precision: peerScore.precision, recall: peerScore.recall, pagesPerSecond: n / (peerMs / 1000) },
    readabilityLinkedom: { f1: liteScore.f1, precision: liteScore.precision, recall: liteScore.recall, pagesPerSecond: n / (liteMs / 1000) },
    metadata: { ours: rates(ourMeta), readability: rates(peerMeta) },
    extraFound: rates(extra),
    noArticle,
    perPage,
    peerDom: 'jsdom',
  };
}
