/**
 * What a channel subscribes to, and validation of what people type into `/subscribe`
 * (plain checks, no schema library: each problem gets a message that says how to fix it).
 */
import type { ChannelRef } from '../model.js';
import { UserError } from '../errors.js';
import { parseSchedule, SCHEDULE_WORDS, type Schedule } from './schedule-spec.js';
import { isTimeZone, normaliseTimeZone } from './time-zone.js';
import { compileTerm, splitTerms } from './story-filter.js';

/** How much of each story's summary a digest shows. */
export type SummaryLength = 'tldr' | 'short' | 'keypoints';

/** A subscription's settings, as stored. */
export interface SubscriptionSpec {
  /** Topics, entities, words or /regex/ to include; `["all"]` for every story. Never empty. */
  topics: string[];
  /** Terms whose stories are left out. */
  exclude: string[];
  /** Schedule as typed, normalised: `daily 08:00`, `30 7 * * 1-5`, `live`. */
  schedule: string;
  /** IANA time zone the schedule is read in. */
  timeZone: string;
  /** Most stories per digest (1–30, default 8). */
  maxStories: number;
  /** Fewest stories for a digest to be posted (0–30, default 1). */
  minStories: number;
  /** Below the minimum: skip silently, or post a short "quiet day" note. */
  quiet: 'skip' | 'note';
  summary: SummaryLength;
  /** One message (and discussion thread) per story instead of one message for the digest. */
  threads: boolean;
  /** Mention (an opaque platform token: a Discord role, a Slack user group) only for stories matching `filter`. */
  mention?: { target: string; filter: string[] };
}

/** A stored subscription. */
export interface Subscription extends SubscriptionSpec {
  id: number;
  channel: ChannelRef;
  createdAt: string;
  createdBy?: string;
}

/** Raw option values from a command, all optional strings / numbers / booleans. */
export interface SubscriptionInput {
  /** Free text: `space daily 08:00 Europe/Paris` (topics, then schedule words, then a zone). */
  text?: string;
  topics?: string;
  exclude?: string;
  schedule?: string;
  tz?: string;
  max?: number;
  min?: number;
  quiet?: string;
  summary?: string;
  threads?: boolean;
  mention?: string;
  mentionOn?: string;
}

/** Defaults for options the user left out. */
export const SUBSCRIPTION_DEFAULTS = { maxStories: 8, minStories: 1, quiet: 'skip', summary: 'tldr', threads: false } as const;

/** Splits free text into topics, a schedule and a time zone. */
export function splitFreeText(text: string): { topics?: string; schedule?: string; tz?: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const out: { topics?: string; schedule?: string; tz?: string } = {};
  const last = words[words.length - 1];
  if (last && (last.includes('/') || /^(utc|gmt)$/i.test(last)) && !last.startsWith('/') && isTimeZone(last)) {
    out.tz = last;
    words.pop();
  } else if (last && /^[A-Z][a-z]+\/[A-Za-z_]+/.test(last)) {
    out.tz = last; // Looks like a zone but is unknown: keep it so validation names it.
    words.pop();
  }
  const at = words.findIndex((w) => SCHEDULE_WORDS.includes(w.toLowerCase()));
  if (at >= 0) {
    out.schedule = words.slice(at).join(' ');
    words.splice(at);
  }
  if (words.length) out.topics = words.join(' ');
  return out;
}

function intIn(name: string, v: number | undefined, lo: number, hi: number, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < lo || v > hi) throw new UserError('BAD_OPTION', `${name}: choose a whole number from ${lo} to ${hi}.`);
  return v;
}

/**
 * Validates raw input into a spec. Throws user errors: BAD_OPTION (empty topic set, refused
 * regex, bad numbers), SCHEDULE_INVALID (bad cron or preset), TIMEZONE_INVALID (unknown zone).
 * `defaultTimeZone` applies when none is given.
 */
export function parseSubscription(input: SubscriptionInput, defaultTimeZone = 'UTC'): { spec: SubscriptionSpec; schedule: Schedule } {
  const free = input.text ? splitFreeText(input.text) : {};
  const topicsText = input.topics ?? free.topics;
  // "space science" in free text is two topics only when written with a comma; words stay a phrase.
  const topics = splitTerms(topicsText);
  if (!topics.length) {
    throw new UserError('BAD_OPTION', 'Choose at least one topic, name or word (or "all"), e.g. /subscribe space daily 08:00 Europe/Paris, or topics:space,science.');
  }
  if (topics.length > 20) throw new UserError('BAD_OPTION', 'At most 20 topics per subscription.');
  topics.forEach(compileTerm);
  const exclude = splitTerms(input.exclude);
  if (exclude.length > 20) throw new UserError('BAD_OPTION', 'At most 20 exclusions per subscription.');
  exclude.forEach(compileTerm);
  const schedule = parseSchedule(input.schedule ?? free.schedule ?? 'daily 08:00');
  const timeZone = normaliseTimeZone(input.tz ?? free.tz ?? defaultTimeZone);
  const maxStories = intIn('max', input.max, 1, 30, SUBSCRIPTION_DEFAULTS.maxStories);
  const minStories = intIn('min', input.min, 0, 30, SUBSCRIPTION_DEFAULTS.minStories);
  if (minStories > maxStories) throw new UserError('BAD_OPTION', `min (${minStories}) cannot be above max (${maxStories}).`);
  const quiet = (input.quiet ?? SUBSCRIPTION_DEFAULTS.quiet).toLowerCase();
  if (quiet !== 'skip' && quiet !== 'note') throw new UserError('BAD_OPTION', 'quiet: use skip or note.');
  const summary = (input.summary ?? SUBSCRIPTION_DEFAULTS.summary).toLowerCase();
  if (summary !== 'tldr' && summary !== 'short' && summary !== 'keypoints') throw new UserError('BAD_OPTION', 'summary: use tldr, short or keypoints.');
  let mention: SubscriptionSpec['mention'];
  if (input.mention) {
    const target = input.mention.trim();
    if (target.length > 100) throw new UserError('BAD_OPTION', 'mention: at most 100 characters.');
    const filter = splitTerms(input.mentionOn);
    if (!filter.length) throw new UserError('BAD_OPTION', 'mention needs mention_on: the stories it is for, e.g. mention:@security mention_on:breach,ransomware.');
    filter.forEach(compileTerm);
    mention = { target, filter };
  } else if (input.mentionOn) {
    throw new UserError('BAD_OPTION', 'mention_on needs mention: the role or user group to notify.');
  }
  return {
    spec: { topics, exclude, schedule: schedule.text, timeZone, maxStories, minStories, quiet, summary, threads: input.threads ?? SUBSCRIPTION_DEFAULTS.threads, mention },
    schedule,
  };
}

/** The channel key used in storage and logs: `discord:<scope>:<channel>`. */
export function channelKey(c: ChannelRef): string {
  return `${c.platform}:${c.scope}:${c.channel}`;
}
