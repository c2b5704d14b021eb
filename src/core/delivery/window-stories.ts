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

/** Creates the queries (needs the `articles_ingested` index from migrations-schedule.ts). */
export function createWindowStories(store: SqliteStore): WindowStories {
  const db = store.db;
  const q = {
    scheduled: db.prepare<[string, string, string, string, string], { id: number }>(`
      SELECT id FROM stories WHERE updated_at BETWEEN ? AND ?
      UNION SELECT DISTINCT a.story_id FROM articles a JOIN stories s ON s.id = a.story_id
        WHERE a.ingested_at > ? AND a.ingested_at <= ? AND s.updated_at >= ?`),
    live: db.prepare<[string, string], { id: number }>('SELECT DISTINCT story_id AS id FROM articles WHERE ingested_at > ? AND ingested_at <= ?'),
  };
  let views = new Map<number, StoryView>();

  function load(rows: { id: number }[]): StoryView[] {
    const ids = rows.slice(0, MAX_WINDOW_STORIES).map((r) => r.id);
    const missing = ids.filter((id) => !views.has(id));
    for (const v of store.stories(missing)) views.set(v.id, v);
    return ids.map((id) => views.get(id)).filter((v): v is StoryView => v !== undefined);
  }

  return {
    scheduled(from, to) {
      const f = from.toISOString();
      const t = to.toISOString();
      return load(q.scheduled.all(f, t, f, t, new Date(from.getTime() - 86_400_000).toISOString()));
    },
    live: (from, to) => load(q.live.all(from.toISOString(), to.toISOString())),
    reset() {
      views = new Map();
    },
  };
}
