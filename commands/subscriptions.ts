/**
 * `/subscriptions`: this channel's subscriptions, each with its next run in its time zone and
 * the result of its last delivery; `preview:<id>` shows what one would post now.
 */
import { formatInZone, type SubscriptionStatus } from '../src/core/subscriptions/index.js';
import type { CommandDefinition } from './types.js';
import { describeSubscription, needSubscriptions } from './subscribe.js';

/** "delivered Tue 24 Nov 2026, 08:00 CET (5 stories)" and the like. */
export function lastResult(s: SubscriptionStatus): string {
  const e = s.last;
  if (!e) return 'no delivery yet';
  const at = formatInZone(s.sub.timeZone, new Date(e.dueAt));
  const stories = `${e.storyIds.length} ${e.storyIds.length === 1 ? 'story' : 'stories'}`;
  switch (e.status) {
    case 'delivered':
      return `delivered ${at} (${e.storyIds.length ? stories : e.note ?? 'note'}${e.catchUp ? ', caught up' : ''})`;
    case 'skipped':
      return `skipped ${at}: ${e.note ?? 'nothing to post'}`;
    case 'failed':
      return `failed ${at}: ${e.lastError ?? 'unknown error'} (gave up)`;
    case 'pending':
      return e.lastError ? `retrying ${at}: ${e.lastError}; next attempt ${formatInZone(s.sub.timeZone, new Date(e.nextAttemptAt))}` : `being delivered ${at}`;
  }
}

/** Lists the channel's subscriptions. */
export const subscriptions: CommandDefinition = {
  name: 'subscriptions',
  description: "This channel's scheduled digests: next run and last result",
  usage: '/subscriptions [preview:<id>]',
  options: [{ name: 'preview', description: 'Show what this subscription would post now', type: 'integer', min: 1 }],
  async run(input, ctx) {
    const subs = needSubscriptions(ctx);
    if (input.options.preview !== undefined) return subs.preview(ctx.channel, Number(input.options.preview));
    const list = subs.status(ctx.channel);
    if (!list.length) return { kind: 'text', tone: 'info', lines: ['No subscriptions in this channel. Add one: /subscribe space daily 08:00 Europe/Paris'], ephemeral: true };
    const lines: string[] = [];
    for (const s of list) {
      lines.push(describeSubscription(s.sub));
      lines.push(`  next: ${s.nextRun ? formatInZone(s.sub.timeZone, s.nextRun) : 'as stories arrive'} · last: ${lastResult(s)}`);
    }
    const failure = list[0].channelFailure;
    if (failure) lines.push(`This channel is failing: ${failure.lastError ?? 'unknown error'} (${failure.failures} attempt${failure.failures === 1 ? '' : 's'}); next retry ${failure.retryAt ? formatInZone(list[0].sub.timeZone, new Date(failure.retryAt)) : 'soon'}.`);
    return { kind: 'text', tone: failure ? 'warning' : 'info', title: 'Subscriptions', lines, ephemeral: true };
  },
};
