import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/model.js';
import { makeArticle } from '../support/make-article.js';
import { addStory, createHarness } from '../support/schedule-harness.js';

const CHAN: ChannelRef = { platform: 'console', scope: 'local', channel: 'main' };

/** Three outlets reporting the same event: one story with three sources. */
function coveredStory(h: ReturnType<typeof createHarness>, at: string, outlets: string[]): { storyId: number; urls: string[] } {
  const body = [
    'The orbital telescope Kestrel captured the first images of a distant comet named Vantor on Sunday.',
    'Astronomers at the observatory said the Kestrel images show a bright tail stretching millions of kilometres.',
    'The Vantor comet will pass closest to the Sun in March before heading back to the outer solar system.',
  ];
  let storyId = 0;
  const urls: string[] = [];
  outlets.forEach((o, i) => {
    const url = `https://${o.toLowerCase().replace(/\s/g, '')}.example/kestrel-vantor`;
    urls.push(url);
    const res = h.store.ingest(
      makeArticle({ title: 'Kestrel telescope captures first images of comet Vantor', body: [...body, `${o} reporting, edition ${i + 1}.`], publisher: o, url, publishedAt: at, topics: [['space', 0.95]], entities: [['Kestrel', 'organisation'], ['Vantor', 'organisation']] }),
      { now: new Date(at) },
    );
    storyId = res.storyId;
  });
  return { storyId, urls };
}

describe('/why explains each story\'s fate in a channel', () => {
  it('given a delivered digest, it tells posted, over the maximum, filtered by which rule, older than the window, not fetched, grouped duplicate and waiting', async () => {
    const h = createHarness({ start: '2026-06-01T00:00:00Z' });
    h.subscriptions.add(CHAN, { text: 'space daily 08:00 UTC', max: 1, exclude: 'rumour' });
    const old = addStory(h.store, { topic: 'space', at: '2026-05-28T10:00:00Z' });
    const big = coveredStory(h, '2026-06-01T03:00:00Z', ['Orbit Daily', 'Sky Wire', 'Star Post']);
    expect(h.store.story(big.storyId)!.sources).toHaveLength(3);
    const small = addStory(h.store, { topic: 'space', at: '2026-06-01T04:00:00Z' });
    const sport = addStory(h.store, { topic: 'sport', at: '2026-06-01T04:00:00Z' });
    const rumour = addStory(h.store, { topic: 'space', at: '2026-06-01T05:00:00Z', title: 'Rumour of a secret moon base denied by agency' });
    await h.runUntil('2026-06-01T08:05:00Z', { stepMs: 5 * 60_000 });
    expect(h.publisher.sink.flatMap((d) => d.storyIds)).toEqual([big.storyId]);

    const why = (ref: string) => h.subscriptions.why(CHAN, ref);
    expect(why(String(big.storyId))).toMatchObject({ reason: 'posted', lines: [expect.stringMatching(/was posted here Mon, 1 Jun 2026, 08:00 UTC \(message console-msg-1\) by subscription #1/)] });
    expect(why(`#${small}`)).toMatchObject({ reason: 'over-max', lines: [expect.stringMatching(/ranked 2 in the .* digest of subscription #1, which shows at most 1 stor/)] });
    expect(why(String(sport))).toMatchObject({ reason: 'filtered', lines: [expect.stringMatching(/filtered out .*: not about "space"/)] });
    expect(why(String(rumour))).toMatchObject({ reason: 'filtered', lines: [expect.stringMatching(/excluded by "rumour"/)] });
    expect(why(String(old))).toMatchObject({ reason: 'older-than-window' });
    expect(why('https://nowhere.example/never-seen')).toMatchObject({ reason: 'not-fetched' });
    expect(why(`${big.urls[1]}?utm_source=x`)).toMatchObject({ reason: 'posted-as-duplicate', lines: [expect.stringMatching(new RegExp(`one of 3 reports grouped as story ${big.storyId}`))] });
    const fresh = addStory(h.store, { topic: 'space', at: '2026-06-01T09:00:00Z' });
    h.clock.set('2026-06-01T09:30:00Z');
    expect(why(String(fresh))).toMatchObject({ reason: 'waiting', lines: [expect.any(String), expect.stringMatching(/next digest, Tue, 2 Jun 2026, 08:00 UTC/)] });
  });

  it('given a minimum not reached, /why says below the minimum and the story goes out with the next digest that reaches it', async () => {
    const h = createHarness({ start: '2026-06-01T00:00:00Z' });
    h.subscriptions.add(CHAN, { text: 'space daily 08:00 UTC', min: 2 });
    const first = addStory(h.store, { topic: 'space', at: '2026-06-01T03:00:00Z' });
    await h.runUntil('2026-06-01T08:05:00Z', { stepMs: 5 * 60_000 });
    expect(h.publisher.sink).toHaveLength(0);
    expect(h.subscriptions.why(CHAN, String(first))).toMatchObject({ reason: 'below-minimum', lines: [expect.stringMatching(/had only 1 of the 2 stories/)] });
    const second = addStory(h.store, { topic: 'space', at: '2026-06-01T20:00:00Z' });
    await h.runUntil('2026-06-02T08:05:00Z', { stepMs: 5 * 60_000 });
    expect(h.publisher.sink.map((d) => d.at)).toEqual(['2026-06-02T08:00:00.000Z']);
    expect(h.publisher.sink[0].storyIds.sort()).toEqual([first, second].sort());
  });
});

describe('live subscriptions', () => {
  it('given live mode, each new story is posted once within two minutes, new coverage goes to its thread, nothing twice', async () => {
    const h = createHarness({ start: '2026-06-01T10:00:00Z' });
    h.subscriptions.add(CHAN, { topics: 'space', schedule: 'live' });
    const ingested = new Map<number, number>();
    let big: { storyId: number } | undefined;
    await h.runUntil('2026-06-01T11:00:00Z', {
      each: (now) => {
        const m = now.getUTCMinutes();
        if (m % 7 === 3) ingested.set(addStory(h.store, { topic: 'space', at: now }), now.getTime());
        if (m === 20) addStory(h.store, { topic: 'sport', at: now });
        if (m === 30) big = coveredStory(h, now.toISOString(), ['Orbit Daily']);
        if (m === 45) coveredStory(h, now.toISOString(), ['Sky Wire', 'Star Post']);
      },
    });
    const posts = h.publisher.sink;
    for (const p of posts) expect(p.reply).toMatchObject({ kind: 'digest', threadPerStory: true });
    const once = posts.filter((p) => p.storyIds[0] !== big!.storyId);
    expect(once.map((p) => p.storyIds[0]).sort()).toEqual([...ingested.keys()].sort());
    for (const p of once) expect(Date.parse(p.at) - ingested.get(p.storyIds[0])!).toBeLessThanOrEqual(120_000);
    // The covered story: posted once when it arrived, once more when two outlets joined it.
    const bigPosts = posts.filter((p) => p.storyIds[0] === big!.storyId);
    expect(bigPosts.map((p) => p.at)).toEqual(['2026-06-01T10:30:00.000Z', '2026-06-01T10:45:00.000Z']);
  });
});
