/**
 * Registers the slash commands with Discord (`npm run deploy:discord`): guild-scoped when
 * DISCORD_GUILD_ID is set (instant, for development), global otherwise; and only when the
 * commands changed since the last registration for that scope (hash kept in SQLite).
 */
import type Database from 'better-sqlite3';
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../../../commands/types.js';
import { buildCommands, commandsHash } from './build-commands.js';
import { applyDiscordMigrations } from './discord-migrations.js';

/** Options of {@link deployCommands}. */
export interface DeployOptions {
  token: string;
  applicationId: string;
  /** Register in this guild only; global when absent. */
  guildId?: string;
  /** REST base URL (tests: an emulator on 127.0.0.1). */
  apiUrl?: string;
  /** Where the hash of the last registration is kept. */
  db: Database.Database;
  commands: CommandDefinition[];
  /** Register even when the hash is unchanged. */
  force?: boolean;
  now?: Date;
}

/** What {@link deployCommands} did. */
export interface DeployResult {
  status: 'registered' | 'unchanged';
  scope: 'guild' | 'global';
  count: number;
  hash: string;
}

/** Registers the commands when they differ from the last registration in the same scope. */
export async function deployCommands(opts: DeployOptions): Promise<DeployResult> {
  applyDiscordMigrations(opts.db);
  const body = buildCommands(opts.commands);
  const hash = commandsHash(body);
  const scope = opts.guildId ? 'guild' : 'global';
  const key = `commands:${opts.applicationId}:${opts.guildId ?? 'global'}`;
  const last = opts.db.prepare<[string], { value: string }>('SELECT value FROM discord_meta WHERE key = ?').get(key)?.value;
  if (last === hash && !opts.force) return { status: 'unchanged', scope, count: body.length, hash };
  const rest = new REST({ ...(opts.apiUrl ? { api: opts.apiUrl } : {}), retries: 1, timeout: 15_000 }).setToken(opts.token);
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  await rest.put(route, { body });
  opts.db
    .prepare('INSERT INTO discord_meta (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
    .run(key, hash, (opts.now ?? new Date()).toISOString());
  return { status: 'registered', scope, count: body.length, hash };
}

async function main(): Promise<void> {
  const { loadConfig } = await import('../../config.js');
  const { COMMANDS } = await import('../../../commands/index.js');
  const { createSqliteStore } = await import('../../core/store/sqlite-store.js');
  const config = loadConfig(process.env);
  if (!config.discord) {
    console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID for a test server) to register the commands.');
    process.exitCode = 1;
    return;
  }
  const store = createSqliteStore(config.dbPath);
  try {
    const r = await deployCommands({
      token: config.discord.token,
      applicationId: config.discord.applicationId,
      guildId: config.discord.guildId,
      apiUrl: config.discord.apiUrl,
      db: store.db,
      commands: COMMANDS,
      force: process.argv.includes('--force'),
    });
    const where = r.scope === 'guild' ? `guild ${config.discord.guildId}` : 'all servers (global commands can take up to an hour to appear)';
    console.log(r.status === 'registered' ? `Registered ${r.count} commands for ${where}.` : `Commands unchanged (${r.hash}); nothing to register. Use --force to register anyway.`);
  } finally {
    store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    // Only the message: a REST error's request data may include the token.
    console.error(`Command registration failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
