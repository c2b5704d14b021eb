/**
 * The one dispatch point for commands from every platform, with the one error boundary:
 * user errors become an ephemeral reply; anything else is logged with context and the user
 * sees a short apology with an error id.
 */
import { randomBytes } from 'node:crypto';
import type { ChannelRef, Reply } from '../core/model.js';
import type { Clock, Log } from '../core/ports.js';
import type { Newsdesk } from '../core/newsdesk.js';
import { NewsdeskError, UserError } from '../core/errors.js';
import type { Caller, CommandContext, CommandDefinition, CommandInput } from '../../commands/types.js';
import { parseCommandText, validateOptions } from '../../commands/parse-options.js';

/** Who and where, as each adapter knows it. */
export interface Invocation {
  channel: ChannelRef;
  caller: Caller;
}

/** Runs commands by name. */
export interface CommandRunner {
  readonly commands: CommandDefinition[];
  find(name: string): CommandDefinition | undefined;
  /** Runs a command whose options the platform already split (Discord). */
  run(name: string, input: { subcommand?: string; options: Record<string, string | number | boolean | undefined> }, at: Invocation): Promise<Reply>;
  /** Runs a command from its text form: `/news space since:7d` or, with `name`, the text after it (Slack). */
  runText(text: string, at: Invocation, name?: string): Promise<Reply>;
  /** True when the caller may not run this (setup) command here; adapters answer privately at once. */
  isRefused(name: string, subcommand: string | undefined, at: Invocation): boolean;
  /** Autocomplete suggestions; never throws (an error gives no suggestions). */
  suggest(name: string, option: string, partial: string, at: Invocation): Promise<{ name: string; value: string }[]>;
}

/** A short id users can quote; the log line carries the same id. */
export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}

/** The reply for an error, safe to show. */
export function errorReply(err: unknown, log: Log, context: Record<string, unknown>): Reply {
  if (err instanceof UserError) {
    return { kind: 'text', tone: err.code === 'FORBIDDEN' ? 'warning' : 'error', lines: [err.message], ephemeral: true };
  }
  const errorId = newErrorId();
  log.error({ ...context, errorId, err, code: err instanceof NewsdeskError ? err.code : undefined }, 'command failed');
  return { kind: 'text', tone: 'error', lines: [`Sorry, something went wrong on our side (error id ${errorId}).`], ephemeral: true };
}

/** Creates the runner over a command list. */
export function createCommandRunner(deps: { commands: CommandDefinition[]; newsdesk: Newsdesk; clock: Clock; log: Log; services?: Pick<CommandContext, 'subscriptions' | 'feeds'> }): CommandRunner {
  const { commands, newsdesk, clock, log } = deps;
  const services = deps.services ?? {};
  const find = (name: string) => commands.find((c) => c.name === name.replace(/^\//, '').toLowerCase());

  /** Refuses before options are read, so a non-manager learns about permissions, not syntax. */
  function checkAllowed(def: CommandDefinition, subcommand: string | undefined, at: Invocation): void {
    const sub = def.subcommands?.find((s) => s.name === subcommand);
    const manages = def.manages || sub?.manages;
    if (manages && !at.caller.canManage) {
      throw new UserError(
        'FORBIDDEN',
        `Only people who can manage this ${at.channel.platform === 'slack' ? 'workspace' : 'server'} can change its Newsdesk setup (/${def.name}${subcommand ? ` ${subcommand}` : ''}).`,
      );
    }
  }

  async function execute(def: CommandDefinition, subcommand: string | undefined, parse: () => CommandInput, at: Invocation): Promise<Reply> {
    const started = Date.now();
    try {
      checkAllowed(def, subcommand, at);
      const input = parse();
      const reply = await def.run(input, { ...services, newsdesk, channel: at.channel, caller: at.caller, now: clock.now() });
      log.debug({ command: def.name, platform: at.channel.platform, ms: Date.now() - started }, 'command answered');
      return reply;
    } catch (err) {
      return errorReply(err, log, { command: def.name, channel: at.channel, caller: at.caller.id });
    }
  }

  function unknown(name: string): Reply {
    return {
      kind: 'text',
      tone: 'error',
      lines: [`Unknown command /${name}. Commands: ${commands.map((c) => `/${c.name}`).join(', ')}. Type /help for details.`],
      ephemeral: true,
    };
  }

  return {
    commands,
    find,
    isRefused(name, subcommand, at) {
      const def = find(name);
      if (!def) return false;
      try {
        checkAllowed(def, subcommand, at);
        return false;
      } catch {
        return true;
      }
    },
    async run(name, input, at) {
      const def = find(name);
      if (!def) return unknown(name);
      const specs = def.subcommands?.find((s) => s.name === input.subcommand)?.options ?? def.options;
      if (def.subcommands && !def.subcommands.some((s) => s.name === input.subcommand)) {
        return errorReply(new UserError('BAD_OPTION', `Usage: ${def.usage}`), log, {});
      }
      return execute(def, input.subcommand, () => ({ subcommand: input.subcommand, options: validateOptions(specs, input.options, def.usage) }), at);
    },
    async runText(text, at, name) {
      let rest = text.trim();
      let cmd = name;
      if (!cmd) {
        const m = /^\/?(\S+)\s*([\s\S]*)$/.exec(rest);
        if (!m) return unknown('');
        cmd = m[1];
        rest = m[2];
      }
      const def = find(cmd);
      if (!def) return unknown(cmd.replace(/^\//, ''));
      const firstWord = rest.split(/\s+/)[0]?.toLowerCase();
      return execute(def, def.subcommands ? firstWord : undefined, () => parseCommandText(def, rest), at);
    },
    async suggest(name, option, partial, at) {
      const def = find(name);
      if (!def?.suggest) return [];
      try {
        return (await def.suggest(option, partial, { ...services, newsdesk, channel: at.channel, caller: at.caller, now: clock.now() })).slice(0, 25);
      } catch (err) {
        log.warn({ command: name, err }, 'autocomplete failed');
        return [];
      }
    },
  };
}
