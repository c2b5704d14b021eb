/**
 * Command line for scripts: `npm run -s newsdesk -- <command> [args] [--json]`.
 * Every command honours NEWSDESK_DB.
 */
import { readFileSync, statSync } from 'node:fs';
import { loadConfig, ConfigError } from './config.js';
import { createLogger } from './logger.js';
import { createSqliteStore } from './core/store/sqlite-store.js';
import { createNewsdesk } from './core/newsdesk.js';
import { systemClock } from './core/ports.js';
import { parseDocument, analyseAll } from './core/ingest/ingest-document.js';
import { ingestPaths, MAX_FILE_BYTES } from './app/ingest-paths.js';
import { NewsdeskError, UserError } from './core/errors.js';
import { parseDuration } from '../commands/parse-options.js';

const USAGE = `Usage: npm run -s newsdesk -- <command> [options]

  parse <file> [--captured-at ISO] [--json]    parse one document and print its articles
  ingest <file|folder…> [--captured-at ISO]    store documents (folders recursively)
  search <query> [--since 7d] [--limit N] [--json]
  digest [--topic T] [--since 1d] [--limit N] [--json]
  stories [--json]                             every story with its articles
  help

The database is NEWSDESK_DB (default ./data/newsdesk.db).`;

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
    if (!file) throw new UserError('BAD_OPTION', 'parse needs a file.');
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) throw new UserError('INPUT_TOO_LARGE', `${file}: ${(size / 1048576).toFixed(1)} MB is larger than the ${MAX_FILE_BYTES / 1048576} MB limit.`);
    const parsed = parseDocument({ bytes: readFileSync(file), name: file, capturedAt: at ?? statSync(file).mtime });
    const analysed = analyseAll(parsed.articles);
    if (json) out(JSON.stringify(analysed.map((a) => ({ ...a, body: a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text).join('\n\n'), paragraphs: a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text) })), null, 2));
    else for (const a of analysed) out(`${a.title}\n  ${a.publisher ?? ''} ${a.publishedAt ?? ''}\n  TL;DR: ${a.summary.tldr}\n  Topics: ${a.topics.map((t) => t.label).join(', ')}\n  Names: ${a.entities.slice(0, 8).map((e) => e.name).join(', ')}\n`);
    return 0;
  }

  const store = createSqliteStore(config.dbPath);
  const newsdesk = createNewsdesk({ store, clock: systemClock, log });
  try {
    switch (command) {
      case 'ingest': {
        const at = capturedAt(args);
        if (!args.length) throw new UserError('BAD_OPTION', 'ingest needs at least one file or folder.');
        const report = ingestPaths(newsdesk, args, { capturedAt: at, log });
        if (json) out(JSON.stringify(report, null, 2));
        else {
          for (const r of report.ingested) out(`stored ${r.stored}, duplicate ${r.duplicates}: ${r.name}`);
          for (const r of report.refused) out(`refused (${r.code}): ${r.message}`);
          out(`${report.ingested.reduce((n, r) => n + r.stored, 0)} article(s) stored from ${report.ingested.length} file(s); ${report.refused.length} refused.`);
        }
        return report.refused.length && !report.ingested.length ? 1 : 0;
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
