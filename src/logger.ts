/**
 * pino logger: JSON by default, pretty on a terminal; secrets redacted by path and by value.
 */
import { pino, type Logger } from 'pino';
import type { Log } from './core/ports.js';

const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'config.discord.token',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.slack.signingSecret',
];

/** Creates the root logger. `secrets` are also scrubbed from every message and error text. */
export function createLogger(opts: {
  level: string;
  pretty?: boolean;
  secrets?: string[];
  destination?: NodeJS.WritableStream;
}): Logger & Log {
  const secrets = (opts.secrets ?? []).filter((s) => s && s.length >= 6);
  const scrub = (s: string) => secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), s);
  const base = {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(secrets.length ? { hooks: { streamWrite: scrub } } : {}),
  };
  if (opts.pretty) {
    const transport = pino.transport({ target: 'pino-pretty', options: { colorize: true, destination: 2, ignore: 'pid,hostname' } });
    return pino(base, transport) as Logger & Log;
  }
  return pino(base, (opts.destination as pino.DestinationStream | undefined) ?? pino.destination(2)) as Logger & Log;
}
