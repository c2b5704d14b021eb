/**
 * The core's one facade: what commands and jobs may ask of Newsdesk. Knows no chat platform.
 */
import type { Digest, StoryView, TopicCount } from './model.js';
import type { SqliteStore } from './store/sqlite-store.js';
import type { Clock, Log } from './ports.js';
import { findStories, type FoundStories } from './digest/find-stories.js';
import { buildDigest } from './digest/build-digest.js';
import type { DocumentInput, IngestReport } from './ingest/ingest-document.js';
import { TAXONOMY } from './topics/taxonomy.js';

type IngestPipeline = typeof import('./ingest/ingest-document.js');
let pipeline: Promise<IngestPipeline> | undefined;

/**
 * Loads the ingestion pipeline (HTML extraction, feed parsing, sentence splitting, the NLP
 * tagger) once per process. Those libraries take most of a cold start, and lookups, digests
 * and stories never need them, so the facade imports them on the first ingest only.
 */
export function loadIngestPipeline(): Promise<IngestPipeline> {
  return (pipeline ??= import('./ingest/ingest-document.js'));
}

/** What the commands and jobs use. */
export interface Newsdesk {
  readonly store: SqliteStore;
  readonly clock: Clock;
  /** Stories for a topic, entity or words, best first. */
  search(query: string, opts?: { sinceMs?: number; limit?: number; page?: number }): FoundStories;
  story(id: number): StoryView | undefined;
  /** Stories most like `id` (shared topics and entities), best first. */
  related(id: number, limit?: number): StoryView[];
  /**
   * Digest of a window. Without `from`, the last `windowMs` (default 24 h) before now; when
   * `latest` is set and that window is empty, the window ending at the newest story instead
   * (sample data and quiet stores still show something). With `recent` (and no `from`), the
   * window starts at the `recent`-th newest story up to now instead: everything in a small
   * store, the latest stretch of a busy one, at a cost bounded by `recent` whatever the pace.
   */
  digest(opts?: { topic?: string; limit?: number; from?: Date; windowMs?: number; latest?: boolean; recent?: number; exclude?: Set<number>; accept?: (s: StoryView) => boolean; title?: string }): Digest;
  /** Topics with their story counts (most first), optionally since a time. */
  topics(sinceMs?: number): TopicCount[];
  /** Suggestions while typing a topic: taxonomy topics and known entities. */
  suggest(partial: string, limit?: number): { name: string; value: string }[];
  /**
   * Parses, analyses and stores one document (a copied text, a web page or a feed). Async only
   * because the first call loads the ingestion pipeline ({@link loadIngestPipeline}); the work
   * itself is synchronous and stores the document's articles in one transaction.
   */
  ingest(input: DocumentInput): Promise<IngestReport>;
}

/** Wires the core services over a store. */
export function createNewsdesk(deps: { store: SqliteStore; clock: Clock; log: Log }): Newsdesk {
  const { store, clock } = deps;
  const label = (id: string) => TAXONOMY.find((t) => t.id === id)?.label ?? id;

  return {
    store,
    clock,
    search: (query, opts = {}) => findStories(store, query, { now: clock.now(), ...opts }),
    story: (id) => store.story(id),
    related(id, limit = 5) {
      const base = store.story(id);
      if (!base) return [];
      const terms = [...base.topics.slice(0, 2).map((t) => `t:${t.id}`), ...base.entities.slice(0, 5).map((e) => `e:${e.name.toLowerCase()}`)];
      const score = new Map<number, number>();
      for (const term of terms) {
        for (const r of store.storiesWithTerm(term, { limit: 100 })) {
          if (r.storyId !== id) score.set(r.storyId, (score.get(r.storyId) ?? 0) + r.weight);
        }
      }
      const ids = [...score.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([sid]) => sid);
      return store.stories(ids);
    },
    digest(opts = {}) {
      const now = clock.now();
      let to = now;
      const startOfRecent = (n: number) => {
        const newest = store.windowStats(new Date(0).toISOString(), now.toISOString(), n);
        return newest.length ? new Date(newest[newest.length - 1].updatedAt) : new Date(0);
      };
      let from = opts.from ?? (opts.recent ? startOfRecent(opts.recent) : new Date(now.getTime() - (opts.windowMs ?? 86_400_000)));
      const build = () => buildDigest(store, { from, to, now, topic: opts.topic, limit: opts.limit, exclude: opts.exclude, accept: opts.accept, title: opts.title });
      let digest = build();
      if (!digest.total && opts.latest) {
        const latest = store.latestUpdate();
        if (latest && Date.parse(latest) < from.getTime()) {
          to = new Date(latest);
          from = new Date(to.getTime() - Math.max(opts.windowMs ?? 0, 7 * 86_400_000));
          digest = build();
        }
      }
      return digest;
    },
    topics(sinceMs) {
      const since = sinceMs ? new Date(clock.now().getTime() - sinceMs).toISOString() : undefined;
      return store.topicCounts(since).map((t) => ({ id: t.topic, label: label(t.topic), count: t.count }));
    },
    suggest(partial, limit = 25) {
      const p = partial.trim().toLowerCase();
      const out: { name: string; value: string }[] = [];
      const seen = new Set<string>();
      const push = (name: string, value: string) => {
        if (out.length >= limit || seen.has(value.toLowerCase())) return;
        seen.add(value.toLowerCase());
        out.push({ name: name.slice(0, 100), value: value.slice(0, 100) });
      };
      for (const t of TAXONOMY) {
        if (!p || t.id.startsWith(p) || t.label.toLowerCase().startsWith(p) || t.aliases.some((a) => a.startsWith(p))) push(t.label, t.id);
      }
      for (const r of store.termsLike(p, limit)) {
        if (r.term.startsWith('e:')) push(`${r.term.slice(2)} (${r.count})`, r.term.slice(2));
      }
      return out;
    },
    async ingest(input) {
      const now = clock.now();
      const { ingestDocument } = await loadIngestPipeline();
      return ingestDocument(store, input, now);
    },
  };
}

