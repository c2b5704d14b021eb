/**
 * `/subscribe`: this channel gets a digest on a schedule, in its time zone.
 * Text form: `/subscribe space daily 08:00 Europe/Paris`, or named options:
 * `topics:space,science schedule:"weekdays 07:30" tz:Europe/Paris max:8 min:2 quiet:note threads:yes exclude:sport`.
 */
import { UserError } from '../src/core/errors.js';
import { formatInZone, type Subscription, type Subscriptions } from '../src/core/subscriptions/index.js';
import type { CommandContext, CommandDefinition } from './types.js';

/** The subscriptions service of the context, or a clear error when scheduling is not running. */
export function needSubscriptions(ctx: CommandContext): Subscriptions {
  if (!ctx.subscriptions) throw new UserError('BAD_OPTION', 'Scheduled digests are not enabled in this Newsdesk.');
  return ctx.subscriptions;
}

/** One line describing a subscription's settings. */
export function describeSubscription(s: Subscription): string {
  const parts = [
    `#${s.id}: ${s.topics.join(', ')}`,
    s.schedule === 'live' ? 'live (each new story as it arrives)' : `${s.schedule} ${s.timeZone}`,
    `max ${s.maxStories}`,
  ];
  if (s.minStories > 1) parts.push(`min ${s.minStories} (${s.quiet === 'note' ? 'quiet-day note' : 'skip'} below)`);
  if (s.exclude.length) parts.push(`excluding ${s.exclude.join(', ')}`);
  if (s.summary !== 'tldr') parts.push(`${s.summary} summaries`);
  if (s.threads) parts.push('thread per story');
  if (s.mention) parts.push(`mention ${s.mention.target} for ${s.mention.filter.join(', ')}`);
  return parts.join(' · ');
}

/** Subscribes the channel. */
export const subscribe: CommandDefinition = {
  name: 'subscribe',
  description: 'Post a digest in this channel on a schedule',
  usage: '/subscribe <topics> [hourly|daily HH:MM|weekdays HH:MM|weekly DAY HH:MM|live] [Time/Zone] [max:8] [min:1] [quiet:skip|note] [threads:yes] [exclude:…]',
  manages: true,
  options: [
    { name: 'text', description: 'Topics, then schedule and time zone: space daily 08:00 Europe/Paris', type: 'string', rest: true },
    { name: 'topics', description: 'Topics, names, words or /regex/, comma-separated; "all" for everything', type: 'string', autocomplete: true },
    { name: 'schedule', description: 'hourly, daily 08:00, weekdays 07:30, weekly mon 09:00, live, or cron', type: 'string' },
    { name: 'tz', description: 'IANA time zone, e.g. Europe/Paris (default: the server setting)', type: 'string' },
    { name: 'max', description: 'Most stories per digest (default 8)', type: 'integer', min: 1, max: 30 },
    { name: 'min', description: 'Fewest stories to post a digest (default 1)', type: 'integer', min: 0, max: 30 },
    { name: 'quiet', description: 'Below the minimum: skip, or post a short note', type: 'string', choices: [{ name: 'skip', value: 'skip' }, { name: 'note', value: 'note' }] },
    { name: 'summary', description: 'Summary length per story', type: 'string', choices: [{ name: 'one sentence', value: 'tldr' }, { name: 'short', value: 'short' }, { name: 'key points', value: 'keypoints' }] },
    { name: 'threads', description: 'One message and discussion thread per story', type: 'boolean' },
    { name: 'exclude', description: 'Leave out stories about these (comma-separated, /regex/ allowed)', type: 'string' },
    { name: 'mention', description: 'Role or user group to mention for matching stories', type: 'string' },
    { name: 'mention_on', description: 'Stories that trigger the mention, e.g. breach,ransomware', type: 'string' },
  ],
  async run(input, ctx) {
    const subs = needSubscriptions(ctx);
    const o = input.options;
    const str = (k: string) => (o[k] === undefined ? undefined : String(o[k]));
    const sub = subs.add(
      ctx.channel,
      {
        text: str('text'),
        topics: str('topics'),
        schedule: str('schedule'),
        tz: str('tz'),
        max: o.max as number | undefined,
        min: o.min as number | undefined,
        quiet: str('quiet'),
        summary: str('summary'),
        threads: o.threads as boolean | undefined,
        exclude: str('exclude'),
        mention: str('mention'),
        mentionOn: str('mention_on'),
      },
      ctx.caller.id,
    );
    const next = subs.nextRun(sub, ctx.now);
    return {
      kind: 'text',
      tone: 'success',
      title: 'Subscribed',
      lines: [describeSubscription(sub), next ? `Next digest: ${formatInZone(sub.timeZone, next)}.` : 'New stories will be posted here as they arrive.', 'See /subscriptions; remove with /unsubscribe.'],
    };
  },
  async suggest(_option, partial, ctx) {
    return ctx.newsdesk.suggest(partial.split(',').pop() ?? '', 25);
  },
};
