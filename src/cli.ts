/**
 * Command line for scripts: `npm run -s newsdesk -- <command> [args] [--json]`.
 * Every command honours NEWSDESK_DB.
 */
import { readFileSync, statSync } from 'node:fs';
import { loadConfig, ConfigError } from './config.js';
import { createLogger } from './logger.js';
import { createSqliteStore } from './core/store/sqlite-store.js';
import { createNewsdesk, loadIngestPipeline } from './core/newsdesk.js';
import { systemClock } from './core/ports.js';
import type { analyseAll } from './core/ingest/ingest-document.js';
import { ingestPaths, MAX_FILE_BYTES, type PathsReport } from './app/ingest-paths.js';
import { NewsdeskError, UserError } from './core/errors.js';
import { parseDuration } from '../commands/parse-options.js';
import { COMMANDS } from '../commands/index.js';
import { createCommandRunner } from './app/command-runner.js';
import type { HttpClient } from './core/ingest/http-client.js';
import { createLazyHttpClient } from './app/lazy-http-client.js';
import { createFeedRegistry } from './core/feeds/feed-registry.js';

/**
 * Folders of many documents are parsed and analysed on worker threads (one per core); the
 * workers' start (loading the pipeline in each) pays off from about this many files.
 */
const POOL = { minFiles: 16, start: async () => (await import('./app/ingest-pool.js')).createIngestPool() };

const USAGE = `Usage: npm run -s newsdesk -- <command> [options]

  parse <file|url> [--captured-at ISO] [--json]  parse one document and print its articles
  ingest <file|folder|url…> [--captured-at ISO]  store documents (folders recursively, URLs fetched)
  feeds add <url> [--no-full-text]             follow a feed (checked first)
  feeds list [--json]                          followed feeds with their health
  feeds remove <id>                            stop following a feed
  feeds import <file.opml|url>                 follow every feed of an OPML file
  feeds export                                 followed feeds as OPML
  poll [--json]                                poll every followed feed once; print what was stored
  search <query> [--since 7d] [--limit N] [--json]
  digest [--topic T] [--since 1d] [--limit N] [--json]
  stories [--json]                             every story with its articles
  help

The database is NEWSDESK_DB (default ./data/newsdesk.db). URLs resolving to private addresses
are refused unless NEWSDESK_ALLOW_PRIVATE_URLS=true.`;

const isUrl = (s: string) => /^https?:\/\//i.test(s);

function printJsonArticles(out: (s: string) => void, analysed: ReturnType<typeof analyseAll>): void {
  out(JSON.stringify(analysed.map((a) => ({ ...a, body: a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text).join('\n\n'), paragraphs: a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text) })), null, 2));
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UserError('BAD_OPTION', `--${name} needs a value.`);
  args.splice(i, 2);
  return v;
}

function bool(args: string[], name: string): boolean {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
}

function capturedAt(args: string[]): Date | undefined {
  const v = flag(args, 'captured-at');
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new UserError('BAD_OPTION', `--captured-at: "${v}" is not a date (use ISO 8601, e.g. 2025-05-23T15:00:00Z).`);
  return d;
}

/** Runs one CLI command; returns the exit code. */
export async function cli(argv: string[], env: Record<string, string | undefined>, out: (s: string) => void): Promise<number> {
  const args = [...argv];
  const command = args.shift();
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return command ? 0 : 1;
  }
  const config = loadConfig(env);
  const log = createLogger({ level: env.NEWSDESK_LOG_LEVEL ?? 'warn' });
  const json = bool(args, 'json');

  if (command === 'parse') {
    const at = capturedAt(args);
    const file = args[0];
    if (!file) throw new UserError('BAD_OPTION', 'parse needs a file or a URL.');
    // Parsing, fetching and polling load their libraries here, so lookups start fast.
    const { parseDocument, analyseAll } = await loadIngestPipeline();
    let parsed: { articles: Parameters<typeof analyseAll>[0] };
    if (isUrl(file)) {
      const { parseUrl } = await import('./core/ingest/ingest-url.js');
      const client = createLazyHttpClient({ allowPrivate: config.allowPrivateUrls });
      try {
        parsed = await parseUrl(client, file, at ?? new Date());
      } finally {
        await client.close();
      }
    } else {
      const size = statSync(file).size;
      if (size > MAX_FILE_BYTES) throw new UserError('INPUT_TOO_LARGE', `${file}: ${(size / 1048576).toFixed(1)} MB is larger than the ${MAX_FILE_BYTES / 1048576} MB limit.`);
      parsed = parseDocument({ bytes: readFileSync(file), name: file, capturedAt: at ?? statSync(file).mtime });
    }
    const analysed = analyseAll(parsed.articles);
    if (json) printJsonArticles(out, analysed);
    else for (const a of analysed) out(`${a.title}\n  ${a.publisher ?? ''} ${a.publishedAt ?? ''}\n  TL;DR: ${a.summary.tldr}\n  Topics: ${a.topics.map((t) => t.label).join(', ')}\n  Names: ${a.entities.slice(0, 8).map((e) => e.name).join(', ')}\n`);
    return 0;
  }

  const store = createSqliteStore(config.dbPath);
  const newsdesk = createNewsdesk({ store, clock: systemClock, log });
  let httpClient: HttpClient | undefined;
  const client = () => (httpClient ??= createLazyHttpClient({ allowPrivate: config.allowPrivateUrls }));
  try {
    switch (command) {
      case 'ingest': {
        const at = capturedAt(args);
        if (!args.length) throw new UserError('BAD_OPTION', 'ingest needs at least one file, folder or URL.');
        const paths = args.filter((a) => !isUrl(a));
        const report: PathsReport = paths.length ? await ingestPaths(newsdesk, paths, { capturedAt: at, log, pool: POOL }) : { ingested: [], refused: [], unchanged: [] };
        const urls = args.filter(isUrl);
        if (urls.length) {
          const { ingestUrl } = await import('./core/ingest/ingest-url.js');
          for (const url of urls) {
            try {
              report.ingested.push(await ingestUrl(newsdesk, client(), url));
            } catch (err) {
              if (!(err instanceof NewsdeskError)) throw err;
              report.refused.push({ name: url, code: err.code, message: err.message });
            }
          }
        }
        if (json) out(JSON.stringify(report, null, 2));
        else {
          for (const r of report.ingested) out(`stored ${r.stored}, duplicate ${r.duplicates}: ${r.name}`);
          for (const r of report.refused) out(`refused (${r.code}): ${r.message}`);
          out(`${report.ingested.reduce((n, r) => n + r.stored, 0)} article(s) stored from ${report.ingested.length} file(s); ${report.refused.length} refused.`);
        }
        return report.refused.length && !report.ingested.length ? 1 : 0;
      }
      case 'feeds': {
        const registry = createFeedRegistry({ store, clock: systemClock, client: client() });
        const sub = args.shift();
        const scope = flag(args, 'scope') ?? 'console:local';
        if (sub === 'export') {
          out(registry.exportOpml(scope).trimEnd());
          return 0;
        }
        if (sub === 'list' && json) {
          out(JSON.stringify(registry.list(scope), null, 2));
          return 0;
        }
        if (!sub || !['add', 'list', 'remove', 'import'].includes(sub)) throw new UserError('BAD_OPTION', 'Usage: feeds add <url> | list | remove <id> | import <file.opml|url> | export');
        const noFullText = bool(args, 'no-full-text');
        const [platform, ...rest] = scope.split(':');
        if (!['console', 'discord', 'slack'].includes(platform) || !rest.length) throw new UserError('BAD_OPTION', `--scope: "${scope}" is not console:local, discord:<server id> or slack:<team id>.`);
        const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock: systemClock, log, services: { feeds: registry } });
        const options: Record<string, string | number | boolean | undefined> =
          sub === 'add' ? { url: args[0], fulltext: noFullText ? false : undefined } : sub === 'remove' ? { id: args[0]?.replace(/^#/, '') } : sub === 'import' ? { source: args[0] } : {};
        const reply = await runner.run('feeds', { subcommand: sub, options }, {
          channel: { platform: platform as 'console', scope: rest.join(':'), channel: 'cli' },
          caller: { id: 'cli', canManage: true },
        });
        if (reply.kind === 'text') for (const line of [...(reply.title ? [reply.title] : []), ...reply.lines]) out(line);
        else out(JSON.stringify(reply));
        return reply.kind === 'text' && reply.tone === 'error' ? 1 : 0;
      }
      case 'poll': {
        const registry = createFeedRegistry({ store, clock: systemClock, client: client() });
        const { pollAll } = await import('./core/feeds/poll-feed.js');
        const report = await pollAll({ registry, newsdesk, client: client(), log }, { all: true });
        if (json) out(JSON.stringify(report, null, 2));
        else {
          if (!report.feeds.length) out('No feeds followed. Add one: npm run -s newsdesk -- feeds add <url>');
          for (const r of report.feeds) {
            const name = r.title ? `${r.title} (${r.url})` : r.url;
            if (r.outcome === 'failed') out(`failed: ${name}: ${r.error?.message ?? 'unknown error'} [${r.health}, ${r.failures} in a row]`);
            else if (r.outcome === 'not-modified') out(`not modified: ${name}`);
            else {
              out(`stored ${r.stored}, duplicate ${r.duplicates}, skipped ${r.skipped}${r.pagesFetched ? `, full pages ${r.pagesUsed}/${r.pagesFetched}` : ''}: ${name}`);
              for (const t of r.titles) out(`  + ${t}`);
            }
          }
          out(`${report.stored} article(s) stored from ${report.feeds.length} feed(s); ${report.notModified} not modified; ${report.failed} failed.`);
        }
        return report.failed && report.failed === report.feeds.length ? 1 : 0;
      }
      case 'search': {
        const since = flag(args, 'since');
        const limit = Number(flag(args, 'limit') ?? 10);
        const query = args.join(' ');
        if (!query.trim()) throw new UserError('BAD_OPTION', 'search needs a query.');
        const found = newsdesk.search(query, { sinceMs: since ? parseDuration(since) : undefined, limit });
        const rows = found.stories.map((s) => ({ id: s.id, title: s.title, publisher: s.sources[0]?.publisher, sources: s.sources.length, topics: s.topics.map((t) => t.id), score: s.score, updatedAt: s.updatedAt }));
        if (json) out(JSON.stringify(rows, null, 2));
        else if (!rows.length) out(`Nothing matches "${query}".`);
        else for (const r of rows) out(`[${r.id}] ${r.title} (${r.publisher}; ${r.topics.join(', ')}) score ${r.score}`);
        return 0;
      }
      case 'digest': {
        const since = flag(args, 'since');
        const limit = flag(args, 'limit');
        const d = newsdesk.digest({ topic: flag(args, 'topic'), windowMs: since ? parseDuration(since) : undefined, limit: limit ? Number(limit) : undefined, latest: true });
        if (json) out(JSON.stringify(d, null, 2));
        else for (const s of d.sections) out(`${s.topic.label}\n${s.stories.map((x) => `  [${x.id}] ${x.title}\n      ${x.tldr}`).join('\n')}`);
        return 0;
      }
      case 'stories': {
        const stories = store.stories(store.allStoryIds()).map((s) => ({
          id: s.id,
          title: s.title,
          topics: s.topics.map((t) => t.id),
          articles: s.sources.map((a) => ({ id: a.articleId, title: a.title, publisher: a.publisher, source: a.origin ?? a.url })),
        }));
        if (json) out(JSON.stringify(stories, null, 2));
        else for (const s of stories) out(`[${s.id}] ${s.title} (${s.articles.length} article(s))`);
        return 0;
      }
      default:
        out(`Unknown command "${command}".\n\n${USAGE}`);
        return 1;
    }
  } finally {
    await httpClient?.close();
    store.close();
  }
}

const isEntry = process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  cli(process.argv.slice(2), process.env, (s) => process.stdout.write(`${s}\n`)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      const msg = err instanceof ConfigError || err instanceof NewsdeskError ? err.message : `Unexpected error: ${(err as Error).message}`;
      process.stderr.write(`${msg}\n`);
      process.exitCode = err instanceof UserError ? 1 : 2;
    },
  );
}
