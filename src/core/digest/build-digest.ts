/**
 * A platform-neutral digest: the most important stories of a window, grouped by topic.
 * Importance = coverage (number of outlets) + recency within the window + topic weight.
 */
import type { Digest, StoryView } from '../model.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { TAXONOMY, findTopic } from '../topics/taxonomy.js';

/** Options of {@link buildDigest}. */
export interface DigestOptions {
  /** Window start and end (end defaults to now). */
  from: Date;
  to: Date;
  now: Date;
  /** Only stories of this topic, entity or words. */
  topic?: string;
  /** Maximum stories (default 10). */
  limit?: number;
  title?: string;
  /** Story ids to leave out (already posted). */
  exclude?: Set<number>;
  /** Keep only stories this predicate accepts (subscription filters). */
  accept?: (story: StoryView) => boolean;
}

const OTHER = { id: 'other', label: 'Other news' };

/** Importance of a story in a window ending at `to` spanning `spanMs`. */
export function importance(story: StoryView, to: number, spanMs: number): number {
  const age = Math.max(0, to - Date.parse(story.updatedAt));
  const recency = 1 - Math.min(1, age / Math.max(spanMs, 3_600_000));
  const weight = story.topics[0] ? (TAXONOMY.find((t) => t.id === story.topics[0].id)?.weight ?? 1) : 0.8;
  return Math.log2(1 + new Set(story.sources.map((s) => s.publisher)).size) * 1.5 + recency + weight;
}

/** Builds a digest from the store. */
export function buildDigest(store: SqliteStore, opts: DigestOptions): Digest {
  const limit = Math.max(1, Math.min(opts.limit ?? 10, 50));
  const fromIso = opts.from.toISOString();
  const toIso = opts.to.toISOString();
  let ids = store.storiesInWindow(fromIso, toIso, 1000);
  if (opts.topic) {
    const topic = findTopic(opts.topic);
    const wanted = new Set<number>();
    if (topic) for (const r of store.storiesWithTerm(`t:${topic.id}`, { since: fromIso, limit: 1000 })) wanted.add(r.storyId);
    for (const r of store.storiesWithTerm(`e:${opts.topic.toLowerCase().trim()}`, { since: fromIso, limit: 1000 })) wanted.add(r.storyId);
    ids = ids.filter((id) => wanted.has(id));
  }
  if (opts.exclude) ids = ids.filter((id) => !opts.exclude!.has(id));
  const span = opts.to.getTime() - opts.from.getTime();
  const to = opts.to.getTime();
  const stories = store
    .stories(ids)
    .filter((s) => !opts.accept || opts.accept(s))
    .map((s) => ({ ...s, score: Math.round(importance(s, to, span) * 1000) / 1000 }))
    .sort((a, b) => b.score! - a.score! || b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, limit);

  const sections = new Map<string, Digest['sections'][number]>();
  for (const s of stories) {
    const topic = s.topics[0] ? { id: s.topics[0].id, label: s.topics[0].label } : OTHER;
    if (!sections.has(topic.id)) sections.set(topic.id, { topic, stories: [] });
    sections.get(topic.id)!.stories.push(s);
  }
  return {
    title: opts.title ?? (opts.topic ? `Digest: ${opts.topic}` : 'Newsdesk digest'),
    from: fromIso,
    to: toIso,
    generatedAt: opts.now.toISOString(),
    sections: [...sections.values()],
    total: stories.length,
  };
}
