/**
 * What a subscription would post if its digest ran now: the same window, filters, limits and
 * already-posted rules as the scheduled run, shown as one digest and never recorded.
 */
import type { Reply } from '../model.js';
import type { Subscription } from '../subscriptions/subscription.js';
import type { Schedule } from '../subscriptions/schedule-spec.js';
import { previousRun } from '../subscriptions/cron-expression.js';
import type { Outbox } from './outbox.js';
import type { WindowStories } from './window-stories.js';
import { planDigest } from './plan-digest.js';

/** Builds the preview. `windowStart` is where the next window starts, if a digest ran before. */
export function previewDigest(deps: { windows: WindowStories; outbox: Outbox }, sub: Subscription, schedule: Schedule, windowStart: Date | undefined, now: Date): Reply {
  const fallback = schedule.kind === 'cron' ? previousRun(schedule.cron, sub.timeZone, now) : undefined;
  const from = new Date(Math.max((windowStart ?? fallback ?? new Date(now.getTime() - 86_400_000)).getTime(), now.getTime() - 7 * 86_400_000));
  const list = schedule.kind === 'live' ? deps.windows.live(from, now) : deps.windows.scheduled(from, now);
  deps.windows.reset();
  const plan = planDigest({ sub: { ...sub, threads: false }, dueAt: now, windowFrom: from, windowTo: now, now, catchUp: false, live: false, candidates: list, posted: deps.outbox.posted(sub.channel, list.map((s) => s.id)) });
  const digest = plan.messages.find((m) => m.reply.kind === 'digest')?.reply;
  if (digest?.kind === 'digest') return { ...digest, digest: { ...digest.digest, title: `Preview of #${sub.id}: ${digest.digest.title}` }, ephemeral: true };
  const why = plan.note ?? 'no new stories';
  return { kind: 'text', tone: 'info', title: `Preview of #${sub.id}`, lines: [`If it ran now, subscription #${sub.id} would post nothing: ${why}.`], ephemeral: true };
}
