/**
 * Ingest speed: the 130 pages of ../shared/data/extraction/readability (cycled to 5,000) through
 * the whole pipeline (decode, recognise, extract, summarise, topics, entities, fingerprint, store
 * with story grouping and full-text index) on the worker pool, beside plain Readability over
 * jsdom (extraction alone) on the same pages in the same run, and Readability over linkedom (the
 * DOM change alone, one thread) for reference. Each side runs in its own child process so its
 * peak memory is its own, and the sides alternate over three rounds so that a change in the
 * machine's load during the run weighs on all of them. Extraction quality of both is scored on the pages'
 * expected articles (4-gram shingle F1).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomUtils, parseDocument } from 'htmlparser2';
import { createIngestPool } from '../src/app/ingest-pool.js';
import { createSqliteStore } from '../src/core/store/sqlite-store.js';
import { extractHtml } from '../src/core/parse/html.js';
import { aggregateShingles, shingleCounts, type ShingleCounts } from './quality/shingle-f1.js';
import { nowMs, peakRssMb, round } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { writeResult, type BenchOptions, type BenchResult } from './lib/results.js';

/** The extraction pages, when the evaluation data is present. */
export const PAGES_DIR = join(process.cwd(), '..', 'shared', 'data', 'extraction', 'readability');

interface Page {
  name: string;
  html: string;
  expected: string;
}

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function loadPages(limit: number): Page[] {
  return readdirSync(PAGES_DIR)
    .filter((c) => existsSync(join(PAGES_DIR, c, 'source.html')))
    .sort()
    .slice(0, limit)
    .map((c) => ({
      name: c,
      html: readFileSync(join(PAGES_DIR, c, 'source.html'), 'utf8'),
      expected: clean(DomUtils.textContent(parseDocument(readFileSync(join(PAGES_DIR, c, 'expected.html'), 'utf8')))),
    }));
}

/** What one side (child process) reports. */
interface SideFigures {
  pages: number;
  mb: number;
  seconds: number;
  pagesPerS: number;
  mbPerS: number;
  peakRssMb: number;
  /** Extraction quality: the extractor's text on every page (verdict aside for ours). */
  f1: number;
  precision: number;
  recall: number;
  /** What the pipeline stored (nothing for a page refused as holding no article). */
  storedF1?: number;
  stored?: number;
  refused?: number;
  workers?: number;
  /** Share of the timed part each worker spent working, in per cent. */
  workerBusyPct?: number[];
}

/**
 * Readability over jsdom (its documented setup), or over linkedom, one pass over the pages. Both
 * are the published packages as users install them (`readability-pristine` and
 * `linkedom-pristine` are npm aliases of the same versions), not the copies Newsdesk patches.
 */
async function peerSide(pageLimit: number, dom: 'jsdom' | 'linkedom'): Promise<SideFigures> {
  const { JSDOM, VirtualConsole } = await import('jsdom');
  const { parseHTML } = await import('linkedom-pristine');
  const { Readability } = await import('readability-pristine');
  const pages = loadPages(pageLimit);
  const virtualConsole = new VirtualConsole();
  const counts: ShingleCounts[] = [];
  const t0 = nowMs();
  for (const p of pages) {
    let text = '';
    try {
      if (dom === 'jsdom') {
        const doc = new JSDOM(p.html, { url: `http://fakehost/test/${p.name}/`, virtualConsole });
        text = clean(new Readability(doc.window.document).parse()?.textContent);
        doc.window.close();
      } else {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        text = clean(new Readability(parseHTML(p.html).document as any).parse()?.textContent);
      }
    } catch {
      text = '';
    }
    counts.push(shingleCounts(text, p.expected));
  }
  const seconds = (nowMs() - t0) / 1000;
  const mb = pages.reduce((s, p) => s + Buffer.byteLength(p.html), 0) / 1_048_576;
  const score = aggregateShingles(counts);
  return { pages: pages.length, mb, seconds, pagesPerS: pages.length / seconds, mbPerS: mb / seconds, peakRssMb: peakRssMb(), ...pick(score) };
}

function pick(s: { f1: number; precision: number; recall: number }) {
  return { f1: s.f1, precision: s.precision, recall: s.recall };
}

/** The whole Newsdesk pipeline on the worker pool, `total` documents (the pages cycled). */
async function oursSide(total: number, pageLimit: number): Promise<SideFigures> {
  const pages = loadPages(pageLimit);
  const pool = createIngestPool();
  const capturedAt = new Date('2026-01-15T00:00:00Z');
  const counts: ShingleCounts[] = [];
  const storedCounts: ShingleCounts[] = [];
  let stored = 0;
  let refused = 0;
  // Warm-up outside the timed part, as the peers' imports are: each worker loads its modules.
  const warm = createSqliteStore(':memory:');
  await pool.ingestAll(warm, pages.slice(0, pool.size * 2).map((p) => ({ bytes: new Uint8Array(Buffer.from(p.html)), name: `${p.name}.html`, capturedAt, url: `http://fakehost/test/${p.name}/` })), { now: () => capturedAt });
  warm.close();
  let bytes = 0;
  const passText = new Map<number, string | undefined>();
  // Each pass over the pages goes into its own store: the same page twice would be a duplicate.
  // Two passes are in flight at a time, as a steady stream of documents would be: the workers
  // start on the next pass while this thread stores the last documents of the one before.
  const passes: number[] = [];
  for (let done = 0; done < total; done += passes[passes.length - 1]) passes.push(Math.min(pages.length, total - done));
  const runPass = async (pass: number): Promise<void> => {
    const n = passes[pass];
    const store = createSqliteStore(':memory:');
    const inputs = pages.slice(0, n).map((p) => {
      const b = Buffer.from(p.html);
      bytes += b.length;
      return { bytes: new Uint8Array(b), name: `${p.name}.html`, capturedAt, url: `http://fakehost/test/${p.name}/` };
    });
    const outcomes = await pool.ingestAll(store, inputs, { now: () => capturedAt });
    outcomes.forEach((o, i) => {
      if (o.ok) stored += o.report.stored;
      else refused++;
      if (pass === 0) {
        const text = o.ok ? o.articles.flatMap((a) => a.blocks.map((b) => b.text)).join('\n') : '';
        storedCounts.push(shingleCounts(text, pages[i].expected));
        // A refused page still has an extraction: scored from the extractor, after the timed part.
        passText.set(i, o.ok ? text : undefined);
      }
    });
    store.close();
  };
  const t0 = nowMs();
  const active0 = pool.activeMs();
  let nextPass = 0;
  const lane = async () => {
    while (nextPass < passes.length) await runPass(nextPass++);
  };
  await Promise.all([lane(), lane()]);
  const seconds = (nowMs() - t0) / 1000;
  const busy = pool.activeMs().map((a, i) => (a - active0[i]) / (seconds * 10));
  await pool.close();
  for (const [i, text] of passText) {
    const p = pages[i];
    counts.push(shingleCounts(text ?? extractHtml(p.html, { url: `http://fakehost/test/${p.name}/`, keepRefused: true }).blocks.map((b) => b.text).join('\n'), p.expected));
  }
  const mb = bytes / 1_048_576;
  return { pages: total, mb, seconds, pagesPerS: total / seconds, mbPerS: mb / seconds, peakRssMb: peakRssMb(), stored, refused, workers: pool.size, workerBusyPct: busy, storedF1: aggregateShingles(storedCounts).f1, ...pick(aggregateShingles(counts)) };
}

/** Figures of several runs of one side: pages, bytes and seconds add up; the rest is the first run's (the same pages) or the worst. */
function combine(runs: SideFigures[]): SideFigures {
  const pages = runs.reduce((n, r) => n + r.pages, 0);
  const mb = runs.reduce((n, r) => n + r.mb, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const sum = (k: 'stored' | 'refused') => (runs[0][k] === undefined ? undefined : runs.reduce((n, r) => n + (r[k] ?? 0), 0));
  // Each worker's busy share over all runs, weighted by their lengths.
  const busy = runs[0].workerBusyPct?.map((_, w) => runs.reduce((n, r) => n + (r.workerBusyPct?.[w] ?? 0) * r.seconds, 0) / seconds);
  return { ...runs[0], pages, mb, seconds, pagesPerS: pages / seconds, mbPerS: mb / seconds, peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)), stored: sum('stored'), refused: sum('refused'), workerBusyPct: busy };
}

function child(side: 'ours' | 'peer' | 'linkedom', n: number, pageLimit = n): SideFigures {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', side, String(n), String(pageLimit)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`ingest benchmark (${side}) failed: ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(last) as SideFigures;
}

/** Runs the ingest benchmark. */
export async function runIngest(opts: BenchOptions): Promise<BenchResult> {
  if (!existsSync(PAGES_DIR)) {
    console.log(`  (skipping ingest: ${PAGES_DIR} is absent)`);
    return { name: 'ingest', skipped: true };
  }
  const total = opts.ingestPages ?? (opts.quick ? 24 : 5_000);
  const peerPages = opts.quick ? 6 : 130;
  // The two sides alternate over several rounds, so a change in the machine's load during the
  // run weighs on both alike; each side's figures add up over its rounds.
  const rounds = opts.quick ? 1 : 3;
  const peerRuns: SideFigures[] = [];
  const liteRuns: SideFigures[] = [];
  const ourRuns: SideFigures[] = [];
  for (let r = 0; r < rounds; r++) {
    peerRuns.push(child('peer', peerPages));
    // The linkedom reference row is left out of a quick run (one child process less).
    if (!opts.quick) liteRuns.push(child('linkedom', peerPages));
    ourRuns.push(child('ours', Math.ceil(total / rounds), peerPages));
  }
  const peer = combine(peerRuns);
  const lite = liteRuns.length ? combine(liteRuns) : undefined;
  const ours = combine(ourRuns);
  const ratio = ours.pagesPerS / peer.pagesPerS;
  const row = (who: string, f: SideFigures) => [who, f.pages, round(f.seconds, 1), round(f.pagesPerS, 1), round(f.mbPerS, 2), round(f.peakRssMb, 0), round(f.f1, 3)];
  printTable(
    'Ingest: HTML pages (same pages, same run)',
    ['pipeline', 'pages', 'seconds', 'pages/s', 'MB/s', 'peak RSS MB', 'extraction F1'],
    [
      row(`newsdesk full ingest (${ours.workers} workers + writer)`, ours),
      row('Readability + jsdom, extraction only', peer),
      ...(lite ? [row('Readability + linkedom, extraction only (1 thread)', lite)] : []),
      ['ratio: newsdesk / Readability + jsdom', undefined, undefined, round(ratio, 2), undefined, undefined, undefined],
    ],
  );
  if (ours.workerBusyPct) console.log(`  workers busy ${ours.workerBusyPct.map((b) => `${round(b, 1)}%`).join(', ')} of the timed part`);
  if (ours.refused) console.log(`  ${ours.refused} of ${ours.pages} documents were refused (no article on the page), counted in pages/s; F1 of the stored text ${round(ours.storedF1 ?? 0, 3)}`);
  const result: BenchResult = {
    name: 'ingest',
    ours,
    readabilityJsdom: peer,
    readabilityLinkedom: lite,
    ratio,
    targets: opts.quick ? undefined : { 'ingest >= 10x Readability+jsdom pages/s': ratio >= 10, 'extraction F1 >= Readability+jsdom': ours.f1 >= peer.f1 },
  };
  writeResult(result, opts);
  return result;
}

if (process.argv[2] === '--child') {
  const side = process.argv[3] as 'ours' | 'peer' | 'linkedom';
  const n = Number(process.argv[4]);
  const figures = side === 'ours' ? await oursSide(n, Number(process.argv[5])) : await peerSide(n, side === 'peer' ? 'jsdom' : 'linkedom');
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
