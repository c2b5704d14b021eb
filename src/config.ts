/**
 * The only reader of process.env. One zod schema; `loadConfig` lists every bad variable at once.
 */
import { z } from 'zod';
import cron from 'node-cron';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z
  .object({
    NEWSDESK_DB: z.string().trim().min(1).default('./data/newsdesk.db'),
    NEWSDESK_SEEDS: z.string().trim().min(1).default('./seeds'),
    NEWSDESK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NEWSDESK_TIME_ZONE: z.string().trim().default('UTC'),
    NEWSDESK_ALLOW_PRIVATE_URLS: bool.default(false),
    NEWSDESK_POLL_CRON: z.string().trim().default('*/15 * * * *'),
    NEWSDESK_CATCH_UP_HOURS: z.coerce.number().min(0).max(168).default(6),
    DISCORD_TOKEN: optionalString,
    DISCORD_APPLICATION_ID: optionalString,
    DISCORD_GUILD_ID: optionalString,
    DISCORD_API_URL: optionalString,
    SLACK_BOT_TOKEN: optionalString,
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString,
    SLACK_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    SLACK_API_URL: optionalString,
    SLACK_ADMIN_USERS: optionalString,
  });

/**
 * Rules between variables, checked on the raw values so they are reported together with
 * type errors (a schema refinement would only run once every field parsed).
 */
function crossChecks(env: Record<string, string | undefined>): string[] {
  const v = (k: string) => (env[k] ?? '').trim() || undefined;
  const problems: string[] = [];
  if (v('DISCORD_TOKEN') && !v('DISCORD_APPLICATION_ID')) problems.push('DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set');
  if (v('DISCORD_APPLICATION_ID') && !v('DISCORD_TOKEN')) problems.push('DISCORD_TOKEN is required when DISCORD_APPLICATION_ID is set');
  const bot = v('SLACK_BOT_TOKEN');
  if (bot && !bot.startsWith('xoxb-')) problems.push('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
  const app = v('SLACK_APP_TOKEN');
  if (app && !app.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp-');
  if (bot && !v('SLACK_SIGNING_SECRET')) problems.push('SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set');
  if (!bot && (app || v('SLACK_SIGNING_SECRET'))) problems.push('SLACK_BOT_TOKEN is required when other SLACK_ variables are set');
  const poll = v('NEWSDESK_POLL_CRON');
  if (poll && !cron.validate(poll)) problems.push('NEWSDESK_POLL_CRON is not a valid cron expression (e.g. */15 * * * *)');
  const tz = v('NEWSDESK_TIME_ZONE');
  if (tz) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
    } catch {
      problems.push('NEWSDESK_TIME_ZONE is not an IANA time zone (e.g. Europe/Paris)');
    }
  }
  return problems;
}

type Raw = z.output<typeof schema>;

/** Typed, frozen configuration. */
export interface Config {
  dbPath: string;
  seedsDir: string;
  logLevel: Raw['NEWSDESK_LOG_LEVEL'];
  timeZone: string;
  allowPrivateUrls: boolean;
  pollCron: string;
  catchUpHours: number;
  discord?: { token: string; applicationId: string; guildId?: string; apiUrl?: string };
  slack?: {
    botToken: string;
    signingSecret: string;
    appToken?: string;
    port: number;
    apiUrl?: string;
    adminUsers: string[];
  };
}

/** Raised when the environment is invalid; `problems` lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Secret values never appear in error messages. */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'} ${i.message}`)),
    ...crossChecks(env),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const c = parsed.data;
  const config: Config = {
    dbPath: c.NEWSDESK_DB,
    seedsDir: c.NEWSDESK_SEEDS,
    logLevel: c.NEWSDESK_LOG_LEVEL,
    timeZone: c.NEWSDESK_TIME_ZONE,
    allowPrivateUrls: c.NEWSDESK_ALLOW_PRIVATE_URLS,
    pollCron: c.NEWSDESK_POLL_CRON,
    catchUpHours: c.NEWSDESK_CATCH_UP_HOURS,
    discord:
      c.DISCORD_TOKEN && c.DISCORD_APPLICATION_ID
        ? { token: c.DISCORD_TOKEN, applicationId: c.DISCORD_APPLICATION_ID, guildId: c.DISCORD_GUILD_ID, apiUrl: c.DISCORD_API_URL }
        : undefined,
    slack:
      c.SLACK_BOT_TOKEN && c.SLACK_SIGNING_SECRET
        ? {
            botToken: c.SLACK_BOT_TOKEN,
            signingSecret: c.SLACK_SIGNING_SECRET,
            appToken: c.SLACK_APP_TOKEN,
            port: c.SLACK_PORT,
            apiUrl: c.SLACK_API_URL,
            adminUsers: (c.SLACK_ADMIN_USERS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
          }
        : undefined,
  };
  return Object.freeze(config);
}

/** Every variable the schema knows, for the `.env.example` test. */
export const CONFIG_KEYS = Object.keys(schema.shape);
