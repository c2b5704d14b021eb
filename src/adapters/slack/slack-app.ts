/**
 * The Slack app (Bolt 5): Socket Mode when an app-level token is given (no public URL
 * needed), HTTP mode with request signature verification otherwise. Wires the slash
 * commands, the story buttons and the App Home tab to the shared command runner, and gives
 * main.ts a Publisher for scheduled digests.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { App as BoltApp, LogLevel as BoltLogLevel } from '@slack/bolt';
import type { Newsdesk } from '../../core/newsdesk.js';
import type { Clock, Log } from '../../core/ports.js';
import { NewsdeskError } from '../../core/errors.js';
import type { CommandRunner } from '../../app/command-runner.js';
import { applySlackMigrations } from './slack-migrations.js';
import { createBoltLogger, createRedactor, safeError } from './slack-log.js';
import { createSlackCalls, DEFAULT_RATE_LIMIT_POLICY, type RateLimitPolicy, type Sleep } from './slack-call.js';
import { createPermissions } from './permissions.js';
import { createStoryThreads } from './threads.js';
import { createSlackPublisher, type SlackPublisher } from './slack-publisher.js';
import { createCommandHandler, type CommandArgs } from './handle-command.js';
import { createActionHandler, type ActionArgs } from './handle-action.js';
import { createHomeTabHandler, type HomeArgs, type HomeTabHooks } from './home-tab.js';

/** Options of {@link createSlackApp}. */
export interface SlackAppOptions {
  /** Bot token, `xoxb-…`. */
  botToken: string;
  /** Signing secret; verifies HTTP-mode requests. */
  signingSecret: string;
  /** App-level token, `xapp-…`: Socket Mode when set. */
  appToken?: string;
  /** HTTP mode port (0 picks a free one). Unused in Socket Mode. */
  port: number;
  /** HTTP mode interface; all interfaces when unset. */
  host?: string;
  /** Web API base URL, e.g. `http://127.0.0.1:PORT/api/` for an emulator. Default Slack's. */
  apiUrl?: string;
  /** Slack user ids that may change the setup besides workspace admins and owners. */
  adminUsers: string[];
  runner: CommandRunner;
  newsdesk: Newsdesk;
  log: Log;
  clock: Clock;
  /** Home tab content the core does not provide yet (subscriptions, feed health). */
  home?: HomeTabHooks;
  /** Waits between rate-limited attempts (tests inject a recorder). */
  sleep?: Sleep;
  /** Bounds of the Retry-After loop. */
  rateLimit?: RateLimitPolicy;
  /** WebClient retries on network errors and 5xx answers (default 3; tests use 0). */
  clientRetries?: number;
  /** Socket Mode ping timeout in ms; also the delay before a reconnect (default 5,000). */
  socketPingTimeoutMs?: number;
  /** Bolt's own log level (default info; its lines go to `log` at debug). */
  boltLogLevel?: BoltLogLevel;
}

/** A running (or startable) Slack app. */
export interface SlackApp {
  /** Checks the token (auth.test), then connects (Socket Mode) or listens (HTTP mode). */
  start(): Promise<{ port?: number; mode: 'socket' | 'http' }>;
  stop(): Promise<void>;
  publisher: SlackPublisher;
}

/** Creates the Slack app; nothing touches the network before start(). */
export function createSlackApp(opts: SlackAppOptions): SlackApp {
  const log = opts.log.child({ adapter: 'slack' });
  const redact = createRedactor([opts.botToken, opts.appToken, opts.signingSecret]);
  const boltLogger = createBoltLogger(log, redact, opts.boltLogLevel ?? LogLevel.INFO);
  const slackApiUrl = opts.apiUrl ? (opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`) : undefined;
  // 429s come back to createSlackCalls, which honours Retry-After with bounded attempts;
  // the client's own retries cover network errors and 5xx only.
  const clientOptions = () => ({
    ...(slackApiUrl ? { slackApiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: opts.clientRetries ?? 3, maxRetryTime: 60_000 },
    timeout: 15_000,
    logger: boltLogger,
  });
  const client = new webApi.WebClient(opts.botToken, clientOptions());
  const calls = createSlackCalls({ client, log, redact, sleep: opts.sleep, policy: opts.rateLimit ?? DEFAULT_RATE_LIMIT_POLICY });

  applySlackMigrations(opts.newsdesk.store.db);
  const threads = createStoryThreads({ db: opts.newsdesk.store.db, calls, clock: opts.clock, log, redact });
  const publisher = createSlackPublisher({ calls, threads, clock: opts.clock, log, redact });
  const permissions = createPermissions({ calls, adminUsers: opts.adminUsers, clock: opts.clock, log, redact });
  const handleCommand = createCommandHandler({ runner: opts.runner, permissions, publisher, clock: opts.clock, log, redact });
  const handleAction = createActionHandler({ newsdesk: opts.newsdesk, threads, publisher, clock: opts.clock, log, redact });
  const handleHome = createHomeTabHandler({ newsdesk: opts.newsdesk, calls, hooks: opts.home, clock: opts.clock, log, redact });

  let app: BoltApp | undefined;
  const mode = opts.appToken ? 'socket' : 'http';

  function build(auth: { botId: string; botUserId: string }): BoltApp {
    const common = {
      token: opts.botToken,
      botId: auth.botId,
      botUserId: auth.botUserId,
      logger: boltLogger,
      clientOptions: clientOptions(),
    };
    const a = opts.appToken
      ? new App({
          ...common,
          receiver: new SocketModeReceiver({
            appToken: opts.appToken,
            logger: boltLogger,
            clientPingTimeout: opts.socketPingTimeoutMs,
            installerOptions: { clientOptions: clientOptions() },
          }),
        })
      : new App({
          ...common,
          signingSecret: opts.signingSecret,
          port: opts.port,
          customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok') }],
        });
    // Every slash command, known or not: unknown ones get a usage line, never silence.
    a.command(/.*/, (args) => handleCommand(args as unknown as CommandArgs));
    a.action({ type: 'block_actions', action_id: /^nd_(discuss|more|related)$/ }, (args) => handleAction(args as unknown as ActionArgs));
    a.event('app_home_opened', (args) => handleHome(args as unknown as HomeArgs));
    a.error(async (err) => {
      log.error({ err: safeError(err, redact) }, 'slack request failed');
    });
    return a;
  }

  return {
    publisher,
    async start() {
      let auth: { bot_id?: string; user_id?: string; team_id?: string };
      try {
        auth = await calls.call('auth.test', {});
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        throw new NewsdeskError('CONFIG_INVALID', `Slack refused the bot token${code ? ` (${code})` : ''}: check SLACK_BOT_TOKEN.`, { cause: err, details: { slackError: code } });
      }
      const a = build({ botId: auth.bot_id ?? '', botUserId: auth.user_id ?? '' });
      if (mode === 'socket') {
        try {
          await a.start();
        } catch (err) {
          await a.stop().catch(() => undefined);
          const code = (err as { data?: { error?: string } }).data?.error;
          throw new NewsdeskError('CONFIG_INVALID', `Slack refused the Socket Mode connection${code ? ` (${code})` : ''}: check SLACK_APP_TOKEN (an app-level token with connections:write).`, { cause: err, details: { slackError: code } });
        }
        app = a;
        log.info({ mode, team: auth.team_id }, 'slack app connected');
        return { mode };
      }
      let server;
      try {
        server = await a.start(opts.host ? { port: opts.port, host: opts.host } : opts.port);
      } catch (err) {
        throw new NewsdeskError('CONFIG_INVALID', `Cannot listen for Slack requests on port ${opts.port}: ${redact((err as Error).message)}`, { cause: err });
      }
      app = a;
      const port = (server.address() as AddressInfo).port;
      log.info({ mode, port, team: auth.team_id }, 'slack app listening');
      return { mode, port };
    },
    async stop() {
      if (!app) return;
      const a = app;
      app = undefined;
      await a.stop();
      log.info({ mode }, 'slack app stopped');
    },
  };
}
