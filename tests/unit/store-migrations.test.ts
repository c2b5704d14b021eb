import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { MIGRATIONS } from '../../src/core/store/migrations.js';
import { makeArticle } from '../support/make-article.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const indexes = (store: ReturnType<typeof createSqliteStore>) =>
  store.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all().map((r) => r.name);

describe('store migrations', () => {
  it('given a store written before the lookup indexes, reopening adds them and lookups still find its stories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-migrate-'));
    dirs.push(dir);
    const path = join(dir, 'store.db');
    const now = new Date('2025-05-23T18:00:00Z');
    const article = makeArticle({
      title: 'NASA delays the next crewed flight to the space station',
      publisher: 'Reuters',
      publishedAt: '2025-05-23T12:00:00Z',
      body: ['NASA said the flight to the International Space Station moves by a week after a valve problem.'],
      topics: [['space', 0.9]],
      entities: [['NASA', 'organisation', 4]],
    });
    const old = createSqliteStore(path);
    const { storyId } = old.ingest(article, { now });
    // Back to the schema before the last step: its indexes gone, its version not counted.
    old.db.exec('DROP INDEX stories_stats; DROP INDEX articles_story_sort;');
    old.db.pragma(`user_version = ${MIGRATIONS.length - 1}`);
    old.close();

    const store = createSqliteStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(indexes(store)).toEqual(expect.arrayContaining(['stories_stats', 'articles_story_sort']));
    expect(store.fullText('"valve"', { limit: 5 }).map((h) => h.storyId)).toEqual([storyId]);
    expect(store.storyStats([storyId])).toEqual([{ id: storyId, updatedAt: '2025-05-23T12:00:00.000Z', articleCount: 1, sourceCount: 1, topTopic: 'space' }]);
    store.close();
  });
});
