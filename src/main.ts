/**
 * Composition root: config → logger → store → core services → adapters → scheduler.
 */
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger } from './logger.js';
import { createSqliteStore } from './core/store/sqlite-store.js';
import { createNewsdesk } from './core/newsdesk.js';
import { systemClock, type Clock } from './core/ports.js';
import { createCommandRunner } from './app/command-runner.js';
import { ingestPaths } from './app/ingest-paths.js';
import { COMMANDS } from '../commands/index.js';
import { createConsoleAdapter } from './adapters/console/console-adapter.js';
import { createSubscriptions } from './core/subscriptions/index.js';
import { createScheduler } from './app/scheduler.js';
import type { Publisher } from './core/ports.js';
import { createLazyHttpClient } from './app/lazy-http-client.js';
import { createFeedRegistry } from './core/feeds/feed-registry.js';
import type { Poller } from './app/poller.js';
import { createFileLedger } from './core/store/file-ledger.js';
import { existsSync } from 'node:fs';

// Start-up loads only what a first answer needs: the ingestion pipeline, the HTTP client and the
// feed poller are imported when first used (tests/unit/start-modules.test.ts holds this).

/** Stories the terminal's opening digest ranks, newest first. */
const OPENING_DIGEST_STORIES = 2_000;

/** Starts Newsdesk. Returns when the terminal session ends (chat adapters keep the process alive). */
export async function main(env: Record<string, string | undefined>, io = { stdin: process.stdin, stdout: process.stdout }, clock: Clock = systemClock): Promise<number> {
  let config: Readonly<Config>;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const secrets = [config.discord?.token, config.slack?.botToken, config.slack?.appToken, config.slack?.signingSecret].filter((s): s is string => !!s);
  const log = createLogger({ level: config.logLevel, pretty: process.stderr.isTTY, secrets });
  const store = createSqliteStore(config.dbPath);
  const newsdesk = createNewsdesk({ store, clock, log: log.child({ module: 'core' }) });
  const subscriptions = createSubscriptions({ store, clock, log: log.child({ module: 'subscriptions' }), defaultTimeZone: config.timeZone });
  const httpClient = createLazyHttpClient({ allowPrivate: config.allowPrivateUrls });
  const feeds = createFeedRegistry({ store, clock, client: httpClient });
  const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock, log: log.child({ module: 'commands' }), services: { subscriptions, feeds } });
  let poller: Poller | undefined;
  let pollerStarting: Promise<void> = Promise.resolve();
  // The poller's module brings the whole feed and page pipeline: loaded once polling starts,
  // in the background, so commands are answered meanwhile.
  const startPoller = () => {
    pollerStarting = import('./app/poller.js').then(({ createPoller }) => {
      poller = createPoller({ registry: feeds, newsdesk, client: httpClient, clock, log, cron: config.pollCron });
      poller.start();
    }, (err: unknown) => log.error({ err }, 'feed poller failed to start'));
  };
  const stopPoller = async () => {
    await pollerStarting;
    await poller?.stop();
  };
  const publishers: Publisher[] = [];
  const scheduler = createScheduler({ newsdesk, subscriptions, publishers, clock, log, catchUpHours: config.catchUpHours });

  if (existsSync(config.seedsDir)) {
    // Seed files already stored with the same content are skipped before any parsing, so a
    // restart does not load the ingestion pipeline at all.
    const report = await ingestPaths(newsdesk, [config.seedsDir], { log, ledger: createFileLedger(store.db) });
    const stored = report.ingested.reduce((n, r) => n + r.stored, 0);
    // Store totals only after a change: counting a large store's rows is not free.
    const totals = report.ingested.length ? store.counts() : {};
    log.info({ files: report.ingested.length, unchanged: report.unchanged.length, stored, refused: report.refused.length, ...totals }, 'sample news ingested');
    for (const r of report.refused) log.warn({ file: r.name, code: r.code }, r.message);
  }

  const chat = !!(config.discord || config.slack);
  if (!chat) {
    const tty = !!(io.stdin as { isTTY?: boolean }).isTTY && !!(io.stdout as { isTTY?: boolean }).isTTY;
    const adapter = createConsoleAdapter({ runner, clock, input: io.stdin, output: io.stdout, tty, width: (io.stdout as { columns?: number }).columns ?? 100 });
    publishers.push(adapter.publisher);
    // The opening digest ranks the newest stories: all of them in a small store (sample news
    // carries dates of its own), the latest day or so of a large one, where ranking every
    // story the digest can hold (20,000) would take most of the start-up time.
    const digest = newsdesk.digest({ recent: OPENING_DIGEST_STORIES, limit: 10, title: 'Newsdesk: the latest news' });
    adapter.print(
      digest.total
        ? { kind: 'digest', digest }
        : { kind: 'text', tone: 'info', lines: ['No stories yet. Add files to seeds/ or run: npm run -s newsdesk -- ingest <file>'] },
    );
    if (tty) {
      io.stdout.write('Type /help for commands, /quit to leave.\n');
      scheduler.start();
      startPoller();
    }
    await adapter.run();
    await stopPoller();
    await scheduler.stop();
    await httpClient.close();
    store.close();
    return 0;
  }

  const stops: (() => Promise<void>)[] = [];
  // Chat SDKs load only when configured: the terminal default starts without them.
  if (config.discord) {
    const { createDiscordBot } = await import('./adapters/discord/discord-bot.js');
    const bot = createDiscordBot({ token: config.discord.token, applicationId: config.discord.applicationId, apiUrl: config.discord.apiUrl, runner, newsdesk, log, clock });
    await bot.start();
    publishers.push(bot.publisher);
    stops.push(() => bot.stop());
    log.info({}, 'discord bot connected');
  }
  if (config.slack) {
    const { createSlackApp } = await import('./adapters/slack/slack-app.js');
    const { subscriptionLines } = await import('./adapters/slack/home-tab.js');
    const app = createSlackApp({
      botToken: config.slack.botToken,
      signingSecret: config.slack.signingSecret,
      appToken: config.slack.appToken,
      port: config.slack.port,
      apiUrl: config.slack.apiUrl,
      adminUsers: config.slack.adminUsers,
      runner,
      newsdesk,
      log,
      clock,
      home: { subscriptions: subscriptionLines(subscriptions) },
    });
    const started = await app.start();
    publishers.push(app.publisher);
    stops.push(() => app.stop());
    log.info({ mode: started.mode, port: started.port }, 'slack app started');
  }
  scheduler.start();
  startPoller();
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await stopPoller();
  await scheduler.stop();
  for (const stop of stops) await stop().catch((err: unknown) => log.warn({ err }, 'adapter stop failed'));
  await httpClient.close();
  store.close();
  return 0;
}

const isEntry = process.argv[1] && /main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main(process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`Newsdesk failed to start: ${(err as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
