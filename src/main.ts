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
import { existsSync } from 'node:fs';

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
  const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock, log: log.child({ module: 'commands' }) });

  if (existsSync(config.seedsDir)) {
    const report = ingestPaths(newsdesk, [config.seedsDir], { log });
    const stored = report.ingested.reduce((n, r) => n + r.stored, 0);
    log.info({ files: report.ingested.length, stored, refused: report.refused.length, ...store.counts() }, 'sample news ingested');
    for (const r of report.refused) log.warn({ file: r.name, code: r.code }, r.message);
  }

  const chat = !!(config.discord || config.slack);
  if (!chat) {
    const tty = !!(io.stdin as { isTTY?: boolean }).isTTY && !!(io.stdout as { isTTY?: boolean }).isTTY;
    const adapter = createConsoleAdapter({ runner, clock, input: io.stdin, output: io.stdout, tty, width: (io.stdout as { columns?: number }).columns ?? 100 });
    // The opening digest covers everything stored: sample news carries dates of its own.
    const digest = newsdesk.digest({ from: new Date(0), limit: 10, title: 'Newsdesk: the latest news' });
    adapter.print(
      digest.total
        ? { kind: 'digest', digest }
        : { kind: 'text', tone: 'info', lines: ['No stories yet. Add files to seeds/ or run: npm run -s newsdesk -- ingest <file>'] },
    );
    if (tty) io.stdout.write('Type /help for commands, /quit to leave.\n');
    await adapter.run();
    store.close();
    return 0;
  }
  log.info({ discord: !!config.discord, slack: !!config.slack }, 'chat adapters are not wired in this build');
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
