/**
 * Planning one due digest: which stories of the window go out, why the others do not, and the
 * exact messages to post. Pure: the outbox stores the result so a restart re-posts nothing
 * already posted and never re-plans differently.
 */
import type { Digest, Reply, StoryView } from '../model.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { compileFilter } from '../subscriptions/story-filter.js';
import { formatInZone } from '../subscriptions/time-zone.js';
import { importance } from '../digest/build-digest.js';
import type { Decision, EntryStatus, PlannedMessage, PostedStory } from './outbox.js';

/** Inputs of {@link planDigest}. */
export interface PlanInput {
  sub: Subscription;
  dueAt: Date;
  windowFrom: Date;
  windowTo: Date;
  now: Date;
  /** Delivered later than its due time (after downtime). */
  catchUp: boolean;
  /** Live mode: one message per story, no minimum, no header. */
  live: boolean;
  /** Stories of the window. */
  candidates: StoryView[];
  /** Of those, the ones already posted to the channel. */
  posted: Map<number, PostedStory>;
}

/** What to write to the outbox. */
export interface Plan {
  storyIds: number[];
  decisions: Record<string, Decision>;
  messages: PlannedMessage[];
  status: EntryStatus;
  note?: string;
}

const OTHER = { id: 'other', label: 'Other news' };

/** The story as the subscription wants it summarised. */
function withSummary(s: StoryView, summary: Subscription['summary']): StoryView {
  if (summary === 'short' && s.short.length) return { ...s, tldr: s.short.join(' ') };
  if (summary === 'keypoints' && s.keyPoints.length) return { ...s, tldr: s.keyPoints.join(' ') };
  return s;
}

function digestOf(title: string, stories: StoryView[], from: Date, to: Date, now: Date): Digest {
  const sections = new Map<string, Digest['sections'][number]>();
  for (const s of stories) {
    const topic = s.topics[0] ? { id: s.topics[0].id, label: s.topics[0].label } : OTHER;
    if (!sections.has(topic.id)) sections.set(topic.id, { topic, stories: [] });
    sections.get(topic.id)!.stories.push(s);
  }
  return { title, from: from.toISOString(), to: to.toISOString(), generatedAt: now.toISOString(), sections: [...sections.values()], total: stories.length };
}

/** Title of a subscription's digest, e.g. `Newsdesk: space, science`. */
export function digestTitle(sub: Subscription): string {
  const what = sub.topics.includes('all') ? 'top stories' : sub.topics.join(', ');
  return `Newsdesk: ${what}`.slice(0, 200);
}

/** Plans one digest. */
export function planDigest(p: PlanInput): Plan {
  const { sub } = p;
  const filter = compileFilter(sub.topics, sub.exclude);
  const mentionFilter = sub.mention ? compileFilter(sub.mention.filter, []) : undefined;
  const decisions: Record<string, Decision> = {};
  const kept: { story: StoryView; update: boolean; score: number }[] = [];
  const to = p.windowTo.getTime();
  const span = to - p.windowFrom.getTime();
  for (const s of p.candidates) {
    const before = p.posted.get(s.id);
    if (before && s.sources.length <= before.sourceCount) {
      decisions[s.id] = { kind: 'already-posted', outboxId: before.outboxId };
      continue;
    }
    const v = filter.check(s);
    if (!v.ok) {
      decisions[s.id] = { kind: 'filtered', rule: v.rule };
      continue;
    }
    // Scored once here, not in every comparison of the sort.
    kept.push({ story: s, update: !!before, score: importance(s, to, span) });
  }
  kept.sort((a, b) => b.score - a.score || b.story.updatedAt.localeCompare(a.story.updatedAt) || a.story.id - b.story.id);
  const chosen = kept.slice(0, sub.maxStories);
  kept.slice(sub.maxStories).forEach((k, i) => (decisions[k.story.id] = { kind: 'over-max', rank: sub.maxStories + i + 1, max: sub.maxStories }));

  const local = formatInZone(sub.timeZone, p.dueAt);
  if (!p.live && chosen.length < sub.minStories && (chosen.length > 0 || sub.quiet === 'note')) {
    for (const k of chosen) decisions[k.story.id] = { kind: 'below-minimum', count: chosen.length, min: sub.minStories };
    const note = `below the minimum: ${chosen.length} of ${sub.minStories} stories`;
    if (sub.quiet === 'skip') return { storyIds: [], decisions, messages: [], status: 'skipped', note };
    const reply: Reply = {
      kind: 'text',
      tone: 'info',
      title: digestTitle(sub),
      lines: [`Quiet day: ${chosen.length ? `only ${chosen.length} new ${chosen.length === 1 ? 'story' : 'stories'}` : 'no new stories'} for this digest (minimum ${sub.minStories}). They will be in the next one.`],
    };
    return { storyIds: [], decisions, messages: [{ reply, storyIds: [] }], status: 'pending', note };
  }
  if (!chosen.length) return { storyIds: [], decisions, messages: [], status: 'skipped', note: 'no new stories' };

  const stories = chosen.map((k) => withSummary(k.story, sub.summary));
  const mentionsFor = (list: StoryView[]) => (sub.mention && mentionFilter && list.some((s) => mentionFilter.check(s).ok) ? [sub.mention.target] : undefined);
  const title = `${digestTitle(sub)}${p.catchUp ? ` (late, due ${local})` : ''}`;
  const messages: PlannedMessage[] = [];
  if (sub.threads || p.live) {
    if (!p.live) {
      const updates = chosen.filter((k) => k.update).length;
      messages.push({
        reply: { kind: 'text', tone: 'info', title, lines: [`${stories.length} ${stories.length === 1 ? 'story' : 'stories'}${updates ? ` (${updates} with new coverage)` : ''}, ${local}. One thread per story below.`] },
        storyIds: [],
      });
    }
    for (const s of stories) {
      const reply: Reply = { kind: 'digest', digest: digestOf(p.live ? digestTitle(sub) : title, [s], p.windowFrom, p.windowTo, p.now), threadPerStory: true };
      const mentions = mentionsFor([s]);
      if (mentions) reply.mentions = mentions;
      messages.push({ reply, storyIds: [s.id] });
    }
  } else {
    const reply: Reply = { kind: 'digest', digest: digestOf(title, stories, p.windowFrom, p.windowTo, p.now), threadPerStory: false };
    const mentions = mentionsFor(stories);
    if (mentions) reply.mentions = mentions;
    messages.push({ reply, storyIds: stories.map((s) => s.id) });
  }
  return { storyIds: stories.map((s) => s.id), decisions, messages, status: 'pending', note: p.catchUp ? `caught up, due ${local}` : undefined };
}
