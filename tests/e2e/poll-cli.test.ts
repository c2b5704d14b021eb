import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../../src/cli.js';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { articlePage, fullTextRss, JS_SHELL } from './poll-fixtures.js';

const run = promisify(execFile);

describe('CLI: feeds, poll, ingest <url>, parse <url>', () => {
  let server: FixtureServer;
  let dir: string;
  let env: Record<string, string>;
  let version = 'v1';
  let ids = [0, 1];

  async function call(...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await cli(argv, env, (s) => lines.push(s));
    return { code, out: lines.join('\n') };
  }

  async function call2(e: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await cli(argv, e, (s) => lines.push(s));
    return { code, out: lines.join('\n') };
  }

  beforeAll(async () => {
    server = await startFixtureServer();
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-cli-feeds-'));
    env = { NEWSDESK_DB: join(dir, 'news.db'), NEWSDESK_ALLOW_PRIVATE_URLS: 'true', NEWSDESK_LOG_LEVEL: 'silent' };
    server.route('/cli.xml', (req, res) => {
      const etag = `"${version}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag });
      res.end(fullTextRss(server.url(''), ids, 'CLI Feed'));
    });
    server.route('/page', (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' });
      r.end(articlePage(3));
    });
    server.route('/shell', (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' });
      r.end(JS_SHELL);
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given feeds add, list, poll twice, export, remove and import, each prints what it did', async () => {
    const add = await call('feeds', 'add', server.url('/cli.xml'));
    expect(add).toMatchObject({ code: 0, out: expect.stringMatching(/Now following CLI Feed .* as feed #1/) });
    expect((await call('feeds', 'add', server.url('/cli.xml'))).out).toMatch(/Already following/);
    const bad = await call('feeds', 'add', server.url('/page'));
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/is a web page, not a feed/);

    const poll = await call('poll');
    expect(poll.code).toBe(0);
    expect(poll.out).toMatch(/stored 2, duplicate 0, skipped 0: CLI Feed/);
    expect(poll.out).toMatch(/\+ The city council of Lyon .*\(1\)/);
    expect(poll.out).toMatch(/2 article\(s\) stored from 1 feed\(s\); 0 not modified; 0 failed\./);
    const again = await call('poll');
    expect(again.out).toMatch(/not modified: CLI Feed/);
    expect(again.out).toMatch(/0 article\(s\) stored/);

    const list = await call('feeds', 'list');
    expect(list.out).toMatch(/#1 CLI Feed — http:\/\/127\.0\.0\.1:\d+\/cli\.xml\n\s+healthy · fetched just now · last new item just now · 2 stored/);
    const json = JSON.parse((await call('feeds', 'list', '--json')).out);
    expect(json[0]).toMatchObject({ id: 1, itemsStored: 2, health: 'healthy', etag: '"v1"' });

    const exported = await call('feeds', 'export');
    expect(exported.out).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<opml version="2\.0">/);
    expect(exported.out).toContain(`xmlUrl="${server.url('/cli.xml')}"`);
    const opmlPath = join(dir, 'subs.opml');
    writeFileSync(opmlPath, exported.out);

    expect((await call('feeds', 'remove', '1')).out).toMatch(/Stopped following feed #1/);
    expect((await call('feeds', 'remove', '1')).code).toBe(1);
    const imported = await call('feeds', 'import', opmlPath);
    expect(imported.out).toMatch(/Imported 1 feed from .*subs\.opml; 0 already followed/);
    // The re-imported feed is a new feed row: it polls in full and finds its items already stored.
    ids = [0, 1, 2];
    version = 'v2';
    const after = await call('poll', '--json');
    const report = JSON.parse(after.out);
    expect(report.feeds[0]).toMatchObject({ outcome: 'stored', stored: 1, duplicates: 2 });
  });

  it('given ingest and parse with URLs, pages and feeds are recognised by content; a page without an article is refused with its reason', async () => {
    ids = [0, 1, 2];
    const ingest = await call('ingest', server.url('/page'), server.url('/shell'));
    expect(ingest.code).toBe(0);
    expect(ingest.out).toMatch(/stored 1, duplicate 0: http:\/\/127\.0\.0\.1:\d+\/page/);
    expect(ingest.out).toMatch(/refused \(INPUT_NO_ARTICLE\): .*\/shell: no article to store\. .*javascript/i);
    const parsed = JSON.parse((await call('parse', server.url('/cli.xml'), '--json')).out);
    expect(parsed).toHaveLength(3);
    expect(parsed[0]).toMatchObject({ title: expect.stringContaining('(1)'), body: expect.stringContaining('Tuesday') });
    const page = JSON.parse((await call('parse', server.url('/page'), '--json')).out);
    expect(page[0].body.split('\n\n').length).toBeGreaterThan(4);
  });

  it('given a poll process killed with SIGKILL while one feed is still downloading, what it stored stays and the next poll stores the rest', async () => {
    const killEnv = { ...env, NEWSDESK_DB: join(dir, 'kill.db') };
    let hold = false;
    let held = 0;
    const waiting: ServerResponse[] = [];
    server.route('/fast.xml', (req, res) => {
      if (req.headers['if-none-match'] === '"f1"') {
        res.writeHead(304, { etag: '"f1"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"f1"' });
      res.end(fullTextRss(server.url(''), [0, 1], 'Fast'));
    });
    server.route('/held.xml', (_q, res) => {
      if (hold) {
        held++;
        waiting.push(res);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(fullTextRss(server.url(''), [4, 5], 'Held'));
    });
    expect((await cli(['feeds', 'add', server.url('/fast.xml')], killEnv, () => {})) + (await cli(['feeds', 'add', server.url('/held.xml')], killEnv, () => {}))).toBe(0);
    hold = true;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'poll'], { env: { ...process.env, ...killEnv }, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, sig) => resolve(sig)));
    const storedByChild = () => {
      const s = createSqliteStore(killEnv.NEWSDESK_DB);
      try {
        return s.counts().articles;
      } finally {
        s.close();
      }
    };
    await expect.poll(() => held > 0 && storedByChild() === 2, { timeout: 45_000, interval: 200 }).toBe(true);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    for (const res of waiting) res.destroy();

    const store = createSqliteStore(killEnv.NEWSDESK_DB);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.counts().articles).toBe(2);
    store.close();
    hold = false;
    const next = JSON.parse((await call2(killEnv, 'poll', '--json')).out);
    expect(next.feeds.map((f: { outcome: string; stored: number }) => [f.outcome, f.stored])).toEqual([
      ['not-modified', 0],
      ['stored', 2],
    ]);
  }, 60_000);

  it('given the real command line (npm run -s newsdesk), poll runs one pass in a separate process', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli.ts', 'poll'], { env: { ...process.env, ...env }, timeout: 60_000 });
    expect(stdout).toMatch(/from 1 feed\(s\)/);
  });
});
