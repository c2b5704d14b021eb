/**
 * `/why`: whether a story was posted in a channel and, if not, why: filtered out (by which
 * rule), older than the window, a duplicate of another story, below the minimum, beyond the
 * maximum, not fetched yet, waiting for its digest, or a delivery error.
 */
import type { ChannelRef, StoryView } from '../model.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import type { Outbox, OutboxEntry } from './outbox.js';
import type { Subscriptions } from '../subscriptions/create-subscriptions.js';
import { compileFilter } from '../subscriptions/story-filter.js';
import { formatInZone } from '../subscriptions/time-zone.js';

/** Stable reason codes (tests and adapters branch on these, never on the text). */
export type WhyReason =
  | 'posted'
  | 'posted-as-duplicate'
  | 'filtered'
  | 'older-than-window'
  | 'below-minimum'
  | 'over-max'
  | 'not-fetched'
  | 'delivery-error'
  | 'waiting'
  | 'no-subscription';

/** An explanation for people plus its reason code. */
export interface Explanation {
  reason: WhyReason;
  tone: 'info' | 'success' | 'warning' | 'error';
  title: string;
  lines: string[];
}

/** Story id from `123`, `#123`, `story 123`, or from an article URL; `urlStory` tells a URL was given. */
function resolve(store: SqliteStore, ref: string): { storyId?: number; url?: string } {
  const t = ref.trim().replace(/^<|>$/g, '');
  const id = /^(?:story\s*)?#?(\d{1,12})$/i.exec(t);
  if (id) return { storyId: Number(id[1]) };
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return {};
  }
  const tries = new Set([t, url.toString()]);
  url.hash = '';
  for (const k of [...url.searchParams.keys()]) if (/^(utm_|fbclid|gclid|mc_)/i.test(k)) url.searchParams.delete(k);
  tries.add(url.toString());
  const find = store.db.prepare<[string], { story_id: number }>('SELECT story_id FROM articles WHERE url = ?');
  for (const u of tries) {
    const r = find.get(u);
    if (r) return { storyId: r.story_id, url: t };
  }
  return { url: t };
}

function when(iso: string, tz: string): string {
  return formatInZone(tz, new Date(iso));
}

/** Explains a story's fate in a channel. */
export function explainStory(deps: { store: SqliteStore; outbox: Outbox; subscriptions: Subscriptions; now: Date }, channel: ChannelRef, ref: string): Explanation {
  const { store, outbox, subscriptions } = deps;
  const { storyId, url } = resolve(store, ref);
  const subs = subscriptions.list(channel);
  const tz = subs[0]?.timeZone ?? 'UTC';
  if (storyId === undefined) {
    return {
      reason: 'not-fetched',
      tone: 'info',
      title: 'Not fetched yet',
      lines: url
        ? [`Newsdesk has no article with this URL yet: it is not in any followed feed, or the next feed poll has not fetched it.`]
        : [`"${ref.slice(0, 80)}" is neither a story id nor a URL. Use /why 123 or /why https://…`],
    };
  }
  const story = store.story(storyId);
  if (!story) return { reason: 'not-fetched', tone: 'info', title: 'Not fetched yet', lines: [`There is no story ${storyId}.`] };
  const head = `Story ${story.id}: "${story.title.slice(0, 120)}"`;
  const dup = url && story.sources.length > 1 ? ` This URL is one of ${story.sources.length} reports grouped as story ${story.id}, so it is never posted on its own.` : '';

  const posted = outbox.posted(channel, [story.id]).get(story.id);
  if (posted) {
    const sub = subscriptions.get(posted.subscriptionId);
    const lines = [`${head} was posted here ${when(posted.postedAt, sub?.timeZone ?? tz)}${posted.messageId ? ` (message ${posted.messageId})` : ''}${sub ? ` by subscription #${sub.id}` : ''}.${dup}`];
    if (story.sources.length > posted.sourceCount) lines.push(`It has new coverage since (${story.sources.length - posted.sourceCount} more sources); the next digest posts it in the story's thread.`);
    return { reason: dup ? 'posted-as-duplicate' : 'posted', tone: 'success', title: 'Posted', lines };
  }
  if (!subs.length) return { reason: 'no-subscription', tone: 'info', title: 'No subscription here', lines: [`${head} was not posted: this channel has no subscription. Add one with /subscribe.`] };

  const entries = outbox.forChannel(channel, 200);
  const pendingWith = entries.find((e) => e.storyIds.includes(story.id) && e.status !== 'delivered');
  if (pendingWith) return fromPending(pendingWith, head, tz);

  // Most recent digest that looked at this story decides.
  const decided = entries.find((e) => e.decisions[story.id]);
  if (decided) {
    const d = decided.decisions[story.id];
    const at = when(decided.dueAt, tz);
    const sub = subscriptions.get(decided.subscriptionId);
    const by = sub ? ` of subscription #${sub.id}` : '';
    switch (d.kind) {
      case 'filtered':
        return { reason: 'filtered', tone: 'info', title: 'Filtered out', lines: [`${head} was filtered out of the ${at} digest${by}: ${d.rule}.${dup}`] };
      case 'over-max':
        return { reason: 'over-max', tone: 'info', title: 'Not in the top stories', lines: [`${head} ranked ${d.rank} in the ${at} digest${by}, which shows at most ${d.max} stories.${dup}`] };
      case 'below-minimum':
        return { reason: 'below-minimum', tone: 'info', title: 'Below the minimum', lines: [`The ${at} digest${by} had only ${d.count} of the ${d.min} stories it needs, so it was not posted; ${story.id} stays eligible for the next one.${dup}`] };
      case 'already-posted':
        break;
    }
  }
  return fromWindows(story, head, dup, entries, subs, subscriptions, tz, deps.now);
}

function fromPending(e: OutboxEntry, head: string, tz: string): Explanation {
  if (e.status === 'failed' || e.lastError) {
    return {
      reason: 'delivery-error',
      tone: 'error',
      title: 'Delivery error',
      lines: [`${head} is in the ${when(e.dueAt, tz)} digest, which could not be posted: ${e.lastError ?? 'unknown error'}.`, e.status === 'failed' ? 'Newsdesk gave up on that digest.' : `Next attempt ${when(e.nextAttemptAt, tz)}.`],
    };
  }
  return { reason: 'waiting', tone: 'info', title: 'Being delivered', lines: [`${head} is in the ${when(e.dueAt, tz)} digest, which is being posted now.`] };
}

function fromWindows(story: StoryView, head: string, dup: string, entries: OutboxEntry[], subs: ReturnType<Subscriptions['list']>, subscriptions: Subscriptions, tz: string, now: Date): Explanation {
  const updated = Date.parse(story.updatedAt);
  const last = entries.find((e) => e.status !== 'skipped' || e.storyIds.length);
  if (last && updated < Date.parse(last.windowFrom) && !entries.some((e) => Date.parse(e.windowFrom) <= updated && updated <= Date.parse(e.windowTo))) {
    return {
      reason: 'older-than-window',
      tone: 'info',
      title: 'Older than the window',
      lines: [`${head} was last updated ${when(story.updatedAt, tz)}, before the window of the digests here (the last one covered ${when(last.windowFrom, tz)} to ${when(last.windowTo, tz)}).${dup}`],
    };
  }
  // Not considered yet: say what the next digest will do with it.
  const lines: string[] = [];
  for (const sub of subs) {
    const v = compileFilter(sub.topics, sub.exclude).check(story);
    const next = subscriptions.nextRun(sub, now);
    const nextText = next ? `the next digest, ${formatInZone(sub.timeZone, next)}` : 'the next live post';
    lines.push(v.ok ? `Subscription #${sub.id} will consider it for ${nextText}.` : `Subscription #${sub.id} will leave it out: ${v.rule}.`);
  }
  const anyFilters = subs.every((sub) => !compileFilter(sub.topics, sub.exclude).check(story).ok);
  return anyFilters
    ? { reason: 'filtered', tone: 'info', title: 'Filtered out', lines: [`${head} has not been posted here.${dup}`, ...lines] }
    : { reason: 'waiting', tone: 'info', title: 'Not posted yet', lines: [`${head} has not been posted here yet.${dup}`, ...lines] };
}
