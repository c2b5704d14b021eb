/**
 * Logging for the Slack adapter: Bolt's logger bridged onto ours, and every string that could
 * hold a secret scrubbed first. Tokens never reach a log line, whatever logs them (Bolt, the
 * Web API client, an error message echoing a request).
 */
import { LogLevel } from '@slack/bolt';
import type { Logger, LogLevel as BoltLogLevel } from '@slack/bolt';
import type { Log } from '../../core/ports.js';

/** Slack token shapes: bot, user, app-level, refresh, config tokens. */
const TOKEN_PATTERN = /\bx(?:ox[abposrce]|app)-[A-Za-z0-9-]{6,}/g;

/** Replaces the given secrets and anything shaped like a Slack token with `[redacted]`. */
export function createRedactor(secrets: (string | undefined)[]): (text: string) => string {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6).sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of known) out = out.split(s).join('[redacted]');
    return out.replace(TOKEN_PATTERN, '[redacted]');
  };
}

/** An error reduced to what is safe and useful in a log line: name, message, Slack error code. */
export function safeError(err: unknown, redact: (t: string) => string): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: redact(String(err)) };
  const e = err as Error & { code?: unknown; data?: { error?: unknown }; retryAfter?: unknown };
  return {
    name: e.name,
    message: redact(e.message),
    code: typeof e.code === 'string' ? e.code : undefined,
    slackError: typeof e.data?.error === 'string' ? redact(e.data.error) : undefined,
    retryAfter: typeof e.retryAfter === 'number' ? e.retryAfter : undefined,
    stack: e.stack ? redact(e.stack.split('\n').slice(0, 6).join('\n')) : undefined,
  };
}

function text(parts: unknown[], redact: (t: string) => string): string {
  return redact(parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? `${p.name}: ${p.message}` : safeJson(p))).join(' '));
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Bolt's Logger over our Log. Bolt's info lines (connections, rate limits) become debug
 * unless they are warnings or errors: lifecycle is logged by the adapter itself.
 */
export function createBoltLogger(log: Log, redact: (t: string) => string, level: BoltLogLevel = LogLevel.INFO): Logger {
  let current = level;
  let name = 'bolt';
  return {
    debug: (...m: unknown[]) => log.debug({ source: name }, text(m, redact)),
    info: (...m: unknown[]) => log.debug({ source: name }, text(m, redact)),
    warn: (...m: unknown[]) => log.warn({ source: name }, text(m, redact)),
    error: (...m: unknown[]) => log.error({ source: name }, text(m, redact)),
    setLevel: (l: BoltLogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n: string) => {
      name = n;
    },
  };
}
