import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import type { SqliteStore } from '../../src/core/store/sqlite-store.js';
import { makeArticle } from '../support/make-article.js';

const now = new Date('2025-05-23T18:00:00Z');

const swapAp = makeArticle({
  title: 'Russia and Ukraine swap hundreds of prisoners in first phase of a major exchange',
  publisher: 'The Associated Press',
  publishedAt: '2025-05-23T12:00:00Z',
  url: 'https://apnews.com/article/swap?utm_source=x',
  body: [
    'Russia and Ukraine began a major prisoner exchange Friday, swapping 390 soldiers and civilians each in the first phase of an exchange agreed in Istanbul.',
    'President Volodymyr Zelenskyy said the first phase brought home 390 Ukrainians, with further releases expected over the weekend.',
  ],
  topics: [['war', 0.9], ['diplomacy', 0.6]],
  entities: [['Russia', 'place', 5], ['Ukraine', 'place', 6], ['Volodymyr Zelenskyy', 'person', 3], ['Istanbul', 'place', 2]],
});
const swapReuters = makeArticle({
  title: 'Ukraine and Russia exchange 390 prisoners each as first stage of big swap',
  publisher: 'Reuters',
  publishedAt: '2025-05-23T14:30:00Z',
  url: 'https://reuters.com/world/swap',
  body: [
    'Ukraine and Russia each handed over 390 prisoners on Friday in the first stage of the largest exchange of the war, agreed at talks in Istanbul.',
    'Zelenskyy said more Ukrainians would come home over the weekend as the exchange of 1,000 prisoners from each side continues.',
  ],
  topics: [['war', 0.85]],
  entities: [['Ukraine', 'place', 5], ['Russia', 'place', 4], ['Volodymyr Zelenskyy', 'person', 2], ['Istanbul', 'place', 1]],
});
const dragon = makeArticle({
  title: 'Musk threatens to withdraw Dragon spacecraft, a key space station link for NASA',
  publisher: 'The Mainichi',
  publishedAt: '2025-05-23T15:00:00Z',
  body: [
    'Elon Musk threatened to decommission the Dragon capsule used to take astronauts and supplies to the International Space Station.',
    'NASA relies heavily on SpaceX for crew transport.',
  ],
  topics: [['space', 0.9], ['technology', 0.4]],
  entities: [['Elon Musk', 'person', 3], ['NASA', 'organisation', 4], ['SpaceX', 'organisation', 4]],
});

/** The behaviour every store must have. */
export function storeContract(name: string, open: () => SqliteStore): void {
  describe(`store contract: ${name}`, () => {
    let store: SqliteStore;
    beforeEach(() => {
      store = open();
    });
    afterEach(() => store.close());

    it('given a new article, stores it as a new story with its topics and entities', () => {
      const r = store.ingest(dragon, { now });
      expect(r).toMatchObject({ status: 'stored', newStory: true });
      const s = store.story(r.storyId)!;
      expect(s.title).toBe(dragon.title);
      expect(s.topics[0].id).toBe('space');
      expect(s.entities.map((e) => e.name)).toContain('NASA');
      expect(store.counts()).toEqual({ articles: 1, stories: 1 });
    });

    it('given the same article again (same URL without tracking parameters, or same text), stores nothing new', () => {
      store.ingest(swapAp, { now });
      expect(store.ingest({ ...swapAp, url: 'https://apnews.com/article/swap' }, { now }).status).toBe('duplicate');
      expect(store.ingest({ ...swapAp, url: undefined, title: swapAp.title.toUpperCase() }, { now }).status).toBe('duplicate');
      expect(store.counts().articles).toBe(1);
    });

    it('given the same text with other punctuation, spacing or case, finds the copy; a different letter, accented or not, is new text', () => {
      const withBody = (title: string, body: string[], url: string) => ({ ...swapAp, url, guid: url, title, blocks: body.map((text) => ({ kind: 'paragraph' as const, text })) });
      // ASCII text.
      const plain = withBody('Dock workers strike, again', ['Ports closed on Monday -- 40 ships wait.'], 'https://a.example/1');
      expect(store.ingest(plain, { now }).status).toBe('stored');
      expect(store.ingest(withBody('DOCK WORKERS STRIKE AGAIN!', ['Ports closed on Monday: 40 ships wait'], 'https://b.example/1'), { now }).status).toBe('duplicate');
      // Text with letters and punctuation beyond ASCII.
      const accented = withBody('Café owners protest — new rules', ['Prices rose 5 % in São Paulo…'], 'https://a.example/2');
      expect(store.ingest(accented, { now }).status).toBe('stored');
      expect(store.ingest(withBody('CAFÉ owners protest: new rules', ['“Prices rose 5%” in São Paulo'], 'https://b.example/2'), { now }).status).toBe('duplicate');
      expect(store.ingest(withBody('Cafe owners protest: new rules', ['Prices rose 5% in Sao Paulo'], 'https://c.example/2'), { now }).status).toBe('stored');
      // Text without Latin letters is compared by its own letters.
      expect(store.ingest(withBody('Москва: новые правила', ['Цены выросли на 5%.'], 'https://a.example/3'), { now }).status).toBe('stored');
      expect(store.ingest(withBody('Киев: новые правила', ['Цены выросли на 5%.'], 'https://b.example/3'), { now }).status).toBe('stored');
      expect(store.ingest(withBody('КИЕВ — новые правила', ['Цены выросли на 5 %'], 'https://c.example/3'), { now }).status).toBe('duplicate');
      expect(store.counts().articles).toBe(5);
    });

    it('given another outlet reporting the same event, links it into the same story with two sources', () => {
      const a = store.ingest(swapAp, { now });
      const b = store.ingest(swapReuters, { now });
      expect(b.storyId).toBe(a.storyId);
      expect(b.newStory).toBe(false);
      expect(store.story(a.storyId)!.sources.map((s) => s.publisher).sort()).toEqual(['Reuters', 'The Associated Press']);
      expect(store.counts()).toEqual({ articles: 2, stories: 1 });
    });

    it('given an unrelated article, starts a separate story', () => {
      const a = store.ingest(swapAp, { now });
      const b = store.ingest(dragon, { now });
      expect(b.storyId).not.toBe(a.storyId);
    });

    it('given the same event reported weeks apart, keeps two stories', () => {
      const a = store.ingest(swapAp, { now });
      const later = { ...swapReuters, publishedAt: '2025-06-20T12:00:00Z' };
      expect(store.ingest(later, { now }).storyId).not.toBe(a.storyId);
    });

    it('given stored articles, finds stories by topic term, entity term and full text', () => {
      const s1 = store.ingest(swapAp, { now }).storyId;
      const s2 = store.ingest(dragon, { now }).storyId;
      expect(store.storiesWithTerm('t:space', { limit: 5 }).map((r) => r.storyId)).toEqual([s2]);
      expect(store.storiesWithTerm('e:nasa', { limit: 5 }).map((r) => r.storyId)).toEqual([s2]);
      expect(store.fullText('"prisoner"', { limit: 5 }).map((r) => r.storyId)).toEqual([s1]);
      expect(store.fullText('"prisoner"', { since: '2025-06-01T00:00:00Z', limit: 5 })).toEqual([]);
    });

    it('given a list of story ids, returns their views in that order and leaves unknown ids out', () => {
      const s1 = store.ingest(swapAp, { now }).storyId;
      const s2 = store.ingest(dragon, { now }).storyId;
      expect(store.stories([s2, 999_999, s1]).map((v) => v.id)).toEqual([s2, s1]);
      expect(store.stories([s1]).map((v) => v.title)).toEqual([swapAp.title]);
      expect(store.stories([])).toEqual([]);
    });

    it('given a failure in the middle of a write, leaves no trace of the article', () => {
      const bad = { ...dragon, topics: [{ id: 'space', label: 'Space', score: Number.NaN }], entities: null as unknown as [] };
      expect(() => store.ingest(bad, { now })).toThrow();
      expect(store.counts()).toEqual({ articles: 0, stories: 0 });
      expect(store.fullText('"dragon"', { limit: 5 })).toEqual([]);
    });
  });
}
