import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { createWindowStories } from '../../src/core/delivery/window-stories.js';
import { makeArticle } from '../support/make-article.js';

// Each story its own subject, so the store never groups two of them.
const SUBJECTS = [
  ['Harbour authority opens a new container terminal', 'Cranes and berths'],
  ['Orchestra announces its winter season of concerts', 'Violins and conductors'],
  ['Glacier survey finds record summer melt', 'Ice cores and meltwater'],
  ['City council votes on cycle lanes', 'Bicycles and pavements'],
  ['Chess prodigy wins the national title', 'Openings and endgames'],
];

function storeWith(items: { publishedAt: string; storedAt: string }[]) {
  const store = createSqliteStore(':memory:');
  const ids = items.map((it, i) => {
    const [title, words] = SUBJECTS[i];
    const article = makeArticle({ title, body: [`${title}. ${words} story number ${i}.`], publishedAt: it.publishedAt, url: `https://example.org/${i}` });
    return store.ingest(article, { now: new Date(it.storedAt) }).storyId;
  });
  return { store, ids };
}

describe('window stories', () => {
  const from = new Date('2026-06-02T10:00:00Z');
  const to = new Date('2026-06-02T11:00:00Z');

  it('given stories updated in the window and late arrivals stored in it, the window holds both, and not older or unrelated ones', () => {
    const { store, ids } = storeWith([
      { publishedAt: '2026-06-02T10:30:00Z', storedAt: '2026-06-02T10:31:00Z' }, // updated in the window
      { publishedAt: '2026-06-01T20:00:00Z', storedAt: '2026-06-02T10:40:00Z' }, // late: published 14 h before, stored in the window
      { publishedAt: '2026-05-30T12:00:00Z', storedAt: '2026-06-02T10:45:00Z' }, // stored in the window, but published days before
      { publishedAt: '2026-06-02T09:00:00Z', storedAt: '2026-06-02T09:01:00Z' }, // before the window
      { publishedAt: '2026-06-02T09:30:00Z', storedAt: '2026-06-02T10:50:00Z' }, // late by half an hour
    ]);
    const windows = createWindowStories(store);
    expect(windows.scheduled(from, to).map((s) => s.id)).toEqual([ids[0], ids[1], ids[4]]);
    // Live windows go by storage time only.
    expect(windows.live(from, to).map((s) => s.id).sort((a, b) => a - b)).toEqual([ids[0], ids[1], ids[2], ids[4]]);
    store.close();
  });

  it('given views read once in a tick, the same story objects come back until reset', () => {
    const { store, ids } = storeWith([{ publishedAt: '2026-06-02T10:30:00Z', storedAt: '2026-06-02T10:31:00Z' }]);
    const windows = createWindowStories(store);
    const first = windows.scheduled(from, to);
    expect(windows.scheduled(from, to)[0]).toBe(first[0]);
    windows.reset();
    expect(windows.scheduled(from, to)[0]).not.toBe(first[0]);
    expect(windows.scheduled(from, to)[0].id).toBe(ids[0]);
    store.close();
  });
});
