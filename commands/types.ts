/**
 * Platform-neutral command definitions. Discord builds its slash commands from these specs;
 * Slack parses the command text against the same specs; the terminal does what Slack does.
 */
import type { ChannelRef, Reply } from '../src/core/model.js';
import type { Newsdesk } from '../src/core/newsdesk.js';
import type { Subscriptions } from '../src/core/subscriptions/index.js';
import type { FeedRegistry } from '../src/core/feeds/feed-registry.js';

/** Option value types. `duration` is `1d`, `7d`, `30d`, `12h` …; `string` may offer autocomplete. */
export type OptionType = 'string' | 'integer' | 'duration' | 'boolean';

/** One option of a command. Names are lowercase, 1–32 characters; descriptions 1–100 characters. */
export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  /** Fixed choices (at most 25). */
  choices?: { name: string; value: string }[];
  /** Inclusive bounds for integers. */
  min?: number;
  max?: number;
  /** Offer suggestions while the user types (Discord autocomplete). */
  autocomplete?: boolean;
  /**
   * Text form (Slack, terminal): the positional option that takes all remaining free words,
   * e.g. `/news north korea since:7d` → topic = "north korea". At most one per command.
   */
  rest?: boolean;
}

/** A subcommand, e.g. `/feeds add`. */
export interface SubcommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** Changes a channel's or server's setup: needs a manager (see {@link Caller.canManage}). */
  manages?: boolean;
}

/** Parsed option values, keyed by option name. Durations are in milliseconds. */
export type OptionValues = Record<string, string | number | boolean | undefined>;

/** What a command receives. */
export interface CommandInput {
  subcommand?: string;
  options: OptionValues;
}

/** Who typed the command. */
export interface Caller {
  id: string;
  name?: string;
  /** May change the channel's setup (Discord: Manage Server/Channels; Slack: admin, owner or allow-listed). */
  canManage: boolean;
}

/** What a command may use. */
export interface CommandContext {
  newsdesk: Newsdesk;
  channel: ChannelRef;
  caller: Caller;
  /** The current time (injected clock). */
  now: Date;
  /** Scheduled digests (absent when scheduling is not wired). */
  subscriptions?: Subscriptions;
  /** The feed registry (absent when feeds are not wired). */
  feeds?: FeedRegistry;
}

/** A command: data plus `run`. */
export interface CommandDefinition {
  /** Lowercase, 1–32 characters. */
  name: string;
  /** 1–100 characters. */
  description: string;
  /** Usage line shown by /help and on a syntax error, e.g. `/news <topic> [since:7d] [limit:5]`. */
  usage: string;
  options: OptionSpec[];
  subcommands?: SubcommandSpec[];
  /** Changes a channel's setup: refused unless the caller can manage. */
  manages?: boolean;
  /** May take longer than the platforms' 3-second deadline: adapters defer first. */
  slow?: boolean;
  run(input: CommandInput, ctx: CommandContext): Promise<Reply>;
  /** Suggestions for an option while the user types. */
  suggest?(option: string, partial: string, ctx: CommandContext): Promise<{ name: string; value: string }[]>;
}
