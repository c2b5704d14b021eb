/**
 * The stories a digest window holds: stories updated in the window, plus late arrivals (stored
 * in the window but published up to a day before it, as feeds polled every few minutes deliver
 * them). Live windows use storage time only. Views are cached until `reset()`, because many
 * subscriptions fire at the same minute over the same stories.
 */
import type { StoryView } from '../model.js';
import type { SqliteStore } from '../store/sqlite-store.js';

/** Most stories one window considers. */
export const MAX_WINDOW_STORIES = 2000;

/** Window queries over a store. */
export interface WindowStories {
  /** Stories of a scheduled digest's window [from, to]. */
  scheduled(from: Date, to: Date): StoryView[];
  /** Stories stored in (from, to] (live subscriptions). */
  live(from: Date, to: Date): StoryView[];
  /** Forgets cached views (call once per tick). */
  reset(): void;
}

/** Creates the queries (needs the `articles_ingested` index from migrations-schedule.ts and `stories_stats` from migrations-lookup.ts). */
export function createWindowStories(store: SqliteStore): WindowStories {
  const db = store.db;
  const q = {
    updated: db.prepare<[string, string], number>('SELECT id FROM stories WHERE updated_at BETWEEN ? AND ?').pluck(),
    stored: db.prepare<[string, string], number>('SELECT story_id FROM articles WHERE ingested_at > ? AND ingested_at <= ?').pluck(),
    // The covering index of migrations-lookup.ts: no wide story rows read.
    updatedSince: db
      .prepare<[string, string], number>('SELECT id FROM stories INDEXED BY stories_stats WHERE id IN (SELECT value FROM json_each(?)) AND updated_at >= ?')
      .pluck(),
    live: db.prepare<[string, string], number>('SELECT DISTINCT story_id FROM articles WHERE ingested_at > ? AND ingested_at <= ?').pluck(),
  };
  let views = new Map<number, StoryView>();

  /** Views of these stories in this order, at most {@link MAX_WINDOW_STORIES}. */
  function load(found: number[]): StoryView[] {
    const ids = found.slice(0, MAX_WINDOW_STORIES);
    const missing = ids.filter((id) => !views.has(id));
    for (const v of store.stories(missing)) views.set(v.id, v);
    return ids.map((id) => views.get(id)).filter((v): v is StoryView => v !== undefined);
  }

  return {
    scheduled(from, to) {
      const f = from.toISOString();
      const t = to.toISOString();
      const ids = new Set(q.updated.all(f, t));
      // Late arrivals: stories of articles stored in the window but last updated before it (up
      // to a day). Most articles stored in the window belong to stories updated in it, so only
      // the others are checked, in one statement.
      const others = [...new Set(q.stored.all(f, t))].filter((id) => !ids.has(id));
      if (others.length) for (const id of q.updatedSince.all(JSON.stringify(others), new Date(from.getTime() - 86_400_000).toISOString())) ids.add(id);
      return load([...ids].sort((a, b) => a - b));
    },
    live: (from, to) => load(q.live.all(from.toISOString(), to.toISOString())),
    reset() {
      views = new Map();
    },
  };
}
