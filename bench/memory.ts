/**
 * Memory: peak resident set size of Newsdesk over a generated store, after start (store open,
 * first lookups and a digest), and during a poll of 500 feeds served by a local HTTP server
 * (127.0.0.1, port 0). The bot runs in a child process so the figure is its own; the feed server
 * runs in this process. The poll's writes are rolled back at the end so the generated store
 * stays as generated (they are real writes until then: same statements, same transactions
 * nested as savepoints).
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteStore } from '../src/core/store/sqlite-store.js';
import { generateStore, rng, vocabulary } from './generate-store.js';
import { benchNewsdesk, benchNow } from './lookup.js';
import { nowMs, peakRssMb, round, rssMb } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { storeSizes, writeResult, type BenchOptions, type BenchResult } from './lib/results.js';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Feed number `i` of the poll: `items` RSS items in the generator's vocabulary, unique links. */
export function pollFeed(i: number, items: number, end: Date): string {
  const r = rng(1000 + i);
  const voc = vocabulary();
  const word = () => voc.words[Math.floor(r() ** 3 * 20_000)];
  const entity = () => voc.entities[Math.floor(r() ** 2 * 2_000)].name;
  const sentence = () => `${entity()} ${Array.from({ length: 14 + Math.floor(r() * 10) }, word).join(' ')}.`;
  const out: string[] = [];
  for (let k = 0; k < items; k++) {
    const at = new Date(end.getTime() - Math.floor(r() * 6 * 3_600_000));
    const html = `<p>${sentence()} ${sentence()}</p><p>${sentence()}</p>`;
    out.push(`<item><title>${escapeXml(`${entity()} ${word()} ${word()} ${word()} ${word()}`)}</title><link>https://poll${i}.example/news/${k}</link>` +
      `<guid>https://poll${i}.example/news/${k}</guid><pubDate>${at.toUTCString()}</pubDate><description>${escapeXml(html)}</description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Poll feed ${i}</title><link>https://poll${i}.example/</link><description>Bench</description>\n${out.join('\n')}\n</channel></rss>\n`;
}

interface ChildFigures {
  articlesInStore: number;
  rssAfterStartMb: number;
  peakAfterStartMb: number;
  feeds: number;
  items: number;
  stored: number;
  failedFeeds: number;
  pollSeconds: number;
  rssAfterPollMb: number;
  peakRssMb: number;
}

/** The bot side: open, answer, then poll every feed (8 at a time), then report. */
async function childSide(path: string, port: number, feeds: number): Promise<ChildFigures> {
  const store = createSqliteStore(path);
  const nd = benchNewsdesk(store);
  for (const q of ['space', 'nasa', 'government', 'police report', 'storm']) nd.search(q);
  nd.digest({ limit: 10 });
  const articlesInStore = store.counts().articles;
  const rssAfterStartMb = rssMb();
  const peakAfterStartMb = peakRssMb();

  store.db.exec('BEGIN');
  const t0 = nowMs();
  let stored = 0;
  let items = 0;
  let failedFeeds = 0;
  let next = 0;
  const worker = async () => {
    while (next < feeds) {
      const i = next++;
      const url = `http://127.0.0.1:${port}/feed/${i}.xml`;
      try {
        const res = await fetch(url);
        const text = await res.text();
        const report = await nd.ingest({ text, name: url, url, capturedAt: nd.clock.now(), contentType: res.headers.get('content-type') ?? undefined });
        stored += report.stored;
        items += report.articles.length;
      } catch (err) {
        failedFeeds++;
        process.stderr.write(`feed ${url} failed: ${(err as Error).message}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const pollSeconds = (nowMs() - t0) / 1000;
  store.db.exec('ROLLBACK');
  const figures = { articlesInStore, rssAfterStartMb, peakAfterStartMb, feeds, items, stored, failedFeeds, pollSeconds, rssAfterPollMb: rssMb(), peakRssMb: peakRssMb() };
  store.close();
  return figures;
}

function serveFeeds(items: number, end: Date): Promise<Server> {
  const cache = new Map<number, string>();
  const server = createServer((req, res) => {
    const m = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const i = Number(m[1]);
    if (!cache.has(i)) cache.set(i, pollFeed(i, items, end));
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(cache.get(i));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function runChild(path: string, port: number, feeds: number): Promise<ChildFigures> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    // Run as the bot runs (`npm start`): from the esbuild bundle, without tsx's loader thread and
    // its own heap (about 35 MB of RSS that a started bot does not have).
    const launcher = fileURLToPath(new URL('../src/run-built.mjs', import.meta.url));
    const p = spawn(process.execPath, [launcher, self, '--child', path, String(port), String(feeds)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildFigures) : reject(new Error(`memory benchmark child failed: ${err}`))));
  });
}

/** Runs the memory benchmark on the largest generated store. */
export async function runMemory(opts: BenchOptions): Promise<BenchResult> {
  const size = Math.max(...storeSizes(opts));
  const feeds = opts.quick ? 20 : 500;
  const itemsPerFeed = opts.quick ? 5 : 10;
  const path = join(opts.workDir, `store-${size}.db`);
  await generateStore(path, size, { log: (l) => process.stdout.write(`${l}\n`) });
  const probe = createSqliteStore(path);
  const end = benchNow(probe);
  probe.close();
  const server = await serveFeeds(itemsPerFeed, end);
  let f: ChildFigures;
  try {
    f = await runChild(path, (server.address() as AddressInfo).port, feeds);
  } finally {
    server.close();
  }
  printTable(
    `Memory of the bot (child process) with ${f.articlesInStore.toLocaleString('en-US')} articles stored`,
    ['phase', 'RSS MB', 'peak RSS MB', 'detail'],
    [
      ['after start (open, 5 lookups, 1 digest)', round(f.rssAfterStartMb, 0), round(f.peakAfterStartMb, 0), ''],
      [`during a poll of ${f.feeds} feeds (local server)`, round(f.rssAfterPollMb, 0), round(f.peakRssMb, 0), `${f.items} items, ${f.stored} stored, ${f.failedFeeds} feeds failed, ${round(f.pollSeconds, 1)} s`],
    ],
  );
  const result: BenchResult = { name: 'memory', ...f, targets: opts.quick || size < 1_000_000 ? undefined : { 'peak RSS <= 300 MB at 1M incl. poll': f.peakRssMb <= 300 } };
  writeResult(result, opts);
  return result;
}

if (process.argv[2] === '--child') {
  const figures = await childSide(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
