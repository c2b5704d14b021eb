import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChannelRef } from '../../src/core/model.js';
import { addStory, createHarness, type Delivered } from '../support/schedule-harness.js';

const CHAN: ChannelRef = { platform: 'console', scope: 'local', channel: 'main' };
const key = (c: ChannelRef) => `${c.platform}:${c.scope}:${c.channel}`;

/** Every story id delivered to a channel, in order; a duplicate would appear twice. */
function storiesIn(sink: Delivered[], channel = CHAN): number[] {
  return sink.filter((d) => d.channel === key(channel)).flatMap((d) => d.storyIds);
}

describe('scheduled digests across a DST change', () => {
  it('given daily 08:00 Europe/Paris across the spring change, one digest a day at 08:00 local, each with that day\'s story', async () => {
    const h = createHarness({ start: '2026-03-26T12:00:00Z' });
    h.subscriptions.add(CHAN, { text: 'space daily 08:00 Europe/Paris' });
    const expected: number[] = [];
    await h.runUntil('2026-03-31T00:00:00Z', {
      each: (now) => {
        if (now.getUTCHours() === 3 && now.getUTCMinutes() === 0) expected.push(addStory(h.store, { topic: 'space', at: now }));
      },
    });
    expect(h.publisher.sink.map((d) => d.at)).toEqual(['2026-03-27T07:00:00.000Z', '2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z', '2026-03-30T06:00:00.000Z']);
    expect(storiesIn(h.publisher.sink)).toEqual(expected);
  });

  it('given daily 08:00 Europe/Paris across the autumn change, exactly one digest on the day the clock goes back', async () => {
    const h = createHarness({ start: '2026-10-22T12:00:00Z' });
    h.subscriptions.add(CHAN, { text: 'space daily 08:00 Europe/Paris' });
    const expected: number[] = [];
    await h.runUntil('2026-10-27T00:00:00Z', {
      each: (now) => {
        if (now.getUTCHours() === 3 && now.getUTCMinutes() === 0) expected.push(addStory(h.store, { topic: 'space', at: now }));
      },
    });
    expect(h.publisher.sink.map((d) => d.at)).toEqual(['2026-10-23T06:00:00.000Z', '2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z']);
    expect(storiesIn(h.publisher.sink)).toEqual(expected);
  });

  it('given an hourly digest across the autumn change, every real hour gets one digest (25 on the long day), none twice', async () => {
    const h = createHarness({ start: '2026-10-24T21:30:00Z' });
    h.subscriptions.add(CHAN, { topics: 'space', schedule: 'hourly', tz: 'Europe/Paris' });
    const expected: number[] = [];
    await h.runUntil('2026-10-25T23:00:00Z', {
      stepMs: 5 * 60_000,
      each: (now) => {
        if (now.getUTCMinutes() === 30) expected.push(addStory(h.store, { topic: 'space', at: now }));
      },
    });
    const times = h.publisher.sink.map((d) => d.at);
    expect(new Set(times).size).toBe(times.length);
    expect(times.filter((t) => t >= '2026-10-24T22:00:00.000Z' && t < '2026-10-25T23:00:00.000Z')).toHaveLength(25);
    // The story of each half hour goes into the next digest, once.
    expect(storiesIn(h.publisher.sink)).toEqual(expected.slice(0, storiesIn(h.publisher.sink).length));
    expect(storiesIn(h.publisher.sink).length).toBeGreaterThanOrEqual(expected.length - 1);
  });
});

describe('scheduled digests across midnight at the ends of the world', () => {
  for (const [tz, atUtc] of [
    ['Pacific/Kiritimati', ['2026-06-01T10:00:00.000Z', '2026-06-02T10:00:00.000Z', '2026-06-03T10:00:00.000Z']],
    ['Etc/GMT+12', ['2026-06-01T12:00:00.000Z', '2026-06-02T12:00:00.000Z', '2026-06-03T12:00:00.000Z']],
  ] as const) {
    it(`given a 00:00 digest in ${tz}, one per local day at local midnight, with the stories of the day before`, async () => {
      const h = createHarness({ start: '2026-05-31T13:00:00Z' });
      const sub = h.subscriptions.add(CHAN, { topics: 'science', schedule: 'daily 00:00', tz });
      const expected: number[] = [];
      await h.runUntil('2026-06-03T23:00:00Z', {
        stepMs: 5 * 60_000,
        each: (now) => {
          if (now.getUTCMinutes() === 0 && now.getUTCHours() % 8 === 1) expected.push(addStory(h.store, { topic: 'science', at: now }));
        },
      });
      expect(h.publisher.sink.map((d) => d.at)).toEqual([...atUtc]);
      // Each story appears once, in the first digest after it was published.
      const got = storiesIn(h.publisher.sink);
      expect(new Set(got).size).toBe(got.length);
      for (const d of h.publisher.sink) for (const id of d.storyIds) expect(Date.parse(h.store.story(id)!.updatedAt)).toBeLessThanOrEqual(Date.parse(d.at));
      const lastRun = Date.parse(atUtc[2]);
      expect(got.sort((a, b) => a - b)).toEqual(expected.filter((id) => Date.parse(h.store.story(id)!.updatedAt) <= lastRun));
      expect(h.subscriptions.nextRun(sub)!.toISOString()).toBe(new Date(Date.parse(atUtc[2]) + 86_400_000).toISOString());
    });
  }
});

describe('downtime and catch-up', () => {
  it('given a 10-hour downtime over a daily digest due 5 h before restart, it is delivered once at restart, marked late', async () => {
    const h = createHarness({ start: '2026-06-01T00:00:00Z' });
    h.subscriptions.add(CHAN, { text: 'space daily 08:00 UTC' });
    await h.runUntil('2026-06-01T03:00:00Z', { stepMs: 5 * 60_000 });
    const id = addStory(h.store, { topic: 'space', at: '2026-06-01T04:00:00Z' });
    // Down from 03:00 to 13:00: no ticks.
    h.clock.set('2026-06-01T13:00:00Z');
    await h.runUntil('2026-06-01T20:00:00Z', { stepMs: 5 * 60_000 });
    expect(h.publisher.sink.map((d) => d.at)).toEqual(['2026-06-01T13:00:00.000Z']);
    expect(storiesIn(h.publisher.sink)).toEqual([id]);
    const reply = h.publisher.sink[0].reply;
    expect(reply.kind === 'digest' && reply.digest.title).toMatch(/late, due .*08:00/);
    expect(h.log.lines.some((l) => l.msg === 'missed digest caught up')).toBe(true);
  });

  it('given a 10-hour downtime over a digest due 9 h before restart, it is skipped with a log line and its stories go in the next one', async () => {
    const h = createHarness({ start: '2026-06-01T00:00:00Z' });
    h.subscriptions.add(CHAN, { text: 'space daily 02:00 UTC' });
    await h.runUntil('2026-06-01T01:00:00Z', { stepMs: 5 * 60_000 });
    const id = addStory(h.store, { topic: 'space', at: '2026-06-01T01:30:00Z' });
    h.clock.set('2026-06-01T11:00:00Z');
    await h.runUntil('2026-06-02T03:00:00Z', { stepMs: 5 * 60_000 });
    expect(h.publisher.sink.map((d) => d.at)).toEqual(['2026-06-02T02:00:00.000Z']);
    expect(storiesIn(h.publisher.sink)).toEqual([id]);
    const skip = h.log.lines.filter((l) => l.msg === 'digest skipped: missed by more than the catch-up age');
    expect(skip).toHaveLength(1);
    expect(skip[0].obj).toMatchObject({ dueAt: '2026-06-01T02:00:00.000Z', lateHours: 9 });
  });

  it('given an hourly digest and a 10-hour downtime, exactly one catch-up digest (the latest missed run), then hourly again', async () => {
    const h = createHarness({ start: '2026-06-01T00:00:00Z' });
    h.subscriptions.add(CHAN, { topics: 'space', schedule: '30 * * * *', tz: 'UTC' });
    await h.runUntil('2026-06-01T02:00:00Z', { stepMs: 5 * 60_000 });
    const before = h.publisher.sink.length;
    for (let k = 0; k < 5; k++) addStory(h.store, { topic: 'space', at: new Date(Date.parse('2026-06-01T03:00:00Z') + k * 2 * 3_600_000) });
    h.clock.set('2026-06-01T12:45:00Z');
    await h.runUntil('2026-06-01T15:00:00Z', {
      stepMs: 5 * 60_000,
      each: (now) => {
        if (now.getUTCMinutes() === 0) addStory(h.store, { topic: 'space', at: now });
      },
    });
    const after = h.publisher.sink.slice(before).map((d) => d.at);
    expect(after).toEqual(['2026-06-01T12:45:00.000Z', '2026-06-01T13:30:00.000Z', '2026-06-01T14:30:00.000Z']);
    expect(h.log.lines.find((l) => l.msg === 'missed digests skipped; only the latest is caught up')?.obj).toMatchObject({ missed: 10 });
    // The catch-up digest carries every story of the downtime, once.
    expect(h.publisher.sink[before].storyIds).toHaveLength(5);
    expect(new Set(storiesIn(h.publisher.sink)).size).toBe(storiesIn(h.publisher.sink).length);
  });
});

describe('restart in the middle of a delivery and two processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-sched-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a process that dies after 2 of 4 messages, a restarted process posts messages 3 and 4 only', async () => {
    const db = join(dir, 'n.db');
    const sink: Delivered[] = [];
    const a = createHarness({ start: '2026-06-01T07:00:00Z', dbPath: db, sink, owner: 'a' });
    a.subscriptions.add(CHAN, { text: 'space daily 08:00 UTC', threads: true });
    const ids = [0, 1, 2].map((k) => addStory(a.store, { topic: 'space', at: `2026-06-01T0${4 + k}:00:00Z`, publisher: `Wire ${k}` }));
    // The process "dies" during the third post: its post never returns.
    const realPost = a.publisher.post.bind(a.publisher);
    let calls = 0;
    a.publisher.post = async (c, r) => (++calls === 3 ? new Promise(() => {}) : realPost(c, r));
    a.clock.set('2026-06-01T08:00:00Z');
    void a.scheduler.tick();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(sink).toHaveLength(2);

    const b = createHarness({ start: '2026-06-01T08:01:00Z', dbPath: db, sink, owner: 'b' });
    await b.scheduler.tick();
    expect(sink).toHaveLength(2); // a's lease still holds
    await b.runUntil('2026-06-01T08:10:00Z');
    expect(sink.map((d) => d.storyIds.length)).toEqual([0, 1, 1, 1]);
    expect(sink[0].reply.kind).toBe('text');
    expect(sink.flatMap((d) => d.storyIds).sort()).toEqual([...ids].sort());
    expect(b.subscriptions.status(CHAN)[0].last?.status).toBe('delivered');
    a.store.close();
    b.store.close();
  });

  it('given two processes ticking on one database, every digest is delivered exactly once', async () => {
    const db = join(dir, 'two.db');
    const sink: Delivered[] = [];
    const a = createHarness({ start: '2026-06-01T00:00:00Z', dbPath: db, sink, owner: 'a' });
    const b = createHarness({ start: '2026-06-01T00:00:00Z', dbPath: db, sink, owner: 'b' });
    for (let i = 0; i < 6; i++) a.subscriptions.add({ ...CHAN, channel: `c${i}` }, { topics: 'all', schedule: `${i * 7} * * * *`, tz: 'UTC', threads: i % 2 === 0 });
    for (let t = Date.parse('2026-06-01T00:00:00Z'); t <= Date.parse('2026-06-01T06:00:00Z'); t += 60_000) {
      a.clock.set(new Date(t));
      b.clock.set(new Date(t));
      if (t % (20 * 60_000) === 0) addStory(a.store, { topic: 'world', at: new Date(t) });
      await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    }
    // One digest per channel and due time: the header of a threaded digest, or the one digest message.
    for (let i = 0; i < 6; i++) {
      const heads = sink.filter((d) => d.channel === `console:local:c${i}` && d.reply.kind === (i % 2 === 0 ? 'text' : 'digest')).map((d) => d.at);
      expect(new Set(heads).size, `c${i}`).toBe(heads.length);
      expect(heads.length, `c${i}`).toBeGreaterThanOrEqual(5);
    }
    const byChannelStory = sink.map((d) => d.storyIds.map((s) => `${d.channel}/${s}`)).flat();
    expect(new Set(byChannelStory).size).toBe(byChannelStory.length);
    a.store.close();
    b.store.close();
  });
});

describe('a failing channel', () => {
  it('given one channel without permission, the other is delivered; the failing one is marked, retried with backoff and delivered once it heals', async () => {
    const h = createHarness({ start: '2026-06-01T07:00:00Z' });
    const bad = { ...CHAN, channel: 'bad' };
    const good = { ...CHAN, channel: 'good' };
    h.subscriptions.add(bad, { text: 'space daily 08:00 UTC' });
    h.subscriptions.add(good, { text: 'space daily 08:00 UTC' });
    addStory(h.store, { topic: 'space', at: '2026-06-01T06:00:00Z' });
    h.publisher.failing.add(key(bad));
    const attempts: string[] = [];
    const realPost = h.publisher.post.bind(h.publisher);
    h.publisher.post = async (c, r) => {
      if (c.channel === 'bad') attempts.push(h.clock.now().toISOString());
      return realPost(c, r);
    };
    await h.runUntil('2026-06-01T08:20:00Z');
    expect(h.publisher.sink.map((d) => d.channel)).toEqual([key(good)]);
    expect(attempts).toEqual(['2026-06-01T08:00:00.000Z', '2026-06-01T08:01:00.000Z', '2026-06-01T08:03:00.000Z', '2026-06-01T08:07:00.000Z', '2026-06-01T08:15:00.000Z']);
    const status = h.subscriptions.status(bad)[0];
    expect(status.channelFailure).toMatchObject({ failures: 5, errorCode: 'DELIVERY_FAILED' });
    expect(status.last?.lastError).toMatch(/missing permission/);
    expect(h.subscriptions.why(bad, String(status.last!.storyIds[0])).reason).toBe('delivery-error');
    h.publisher.failing.clear();
    await h.runUntil('2026-06-01T09:00:00Z');
    expect(h.publisher.sink.map((d) => d.channel)).toEqual([key(good), key(bad)]);
    expect(h.publisher.sink[1].at).toBe('2026-06-01T08:31:00.000Z');
    expect(h.subscriptions.status(bad)[0].channelFailure).toBeUndefined();
  });
});

describe('node-cron driving the ticks', () => {
  it('given start(), one tick runs at once (so a restart catches up without waiting a minute) and stop() ends the task', async () => {
    const h = createHarness({ start: '2026-06-01T08:03:00Z' });
    h.subscriptions.add(CHAN, { text: 'space daily 08:00 UTC' });
    h.store.db.prepare("UPDATE subscriptions SET cursor_at = '2026-06-01T07:00:00.000Z'").run();
    addStory(h.store, { topic: 'space', at: '2026-06-01T06:00:00Z' });
    h.scheduler.start();
    await h.scheduler.tick(); // queued behind the tick start() ran
    expect(h.publisher.sink.map((d) => d.at)).toEqual(['2026-06-01T08:03:00.000Z']);
    await h.scheduler.stop();
    expect(h.log.lines.some((l) => l.msg === 'scheduler started')).toBe(true);
  });
});

describe('publishers that connect later', () => {
  it('given a digest due while its platform is not connected, it waits (marked failing) and is delivered once the adapter joins', async () => {
    const h = createHarness({ start: '2026-06-01T07:00:00Z' });
    const slack: ChannelRef = { platform: 'slack', scope: 'T1', channel: 'C1' };
    h.subscriptions.add(slack, { text: 'space daily 08:00 UTC' });
    addStory(h.store, { topic: 'space', at: '2026-06-01T06:00:00Z' });
    const publishers = [h.publisher];
    const { createScheduler } = await import('../../src/app/scheduler.js');
    const { recordingPublisher } = await import('../support/schedule-harness.js');
    const scheduler = createScheduler({ subscriptions: h.subscriptions, publishers, clock: h.clock, log: h.log, catchUpHours: 6 });
    h.clock.set('2026-06-01T08:00:00Z');
    await scheduler.tick();
    expect(h.subscriptions.status(slack)[0].last?.lastError).toMatch(/No slack connection is running/);
    const late = recordingPublisher('slack', h.clock);
    publishers.push(late);
    for (const t of ['2026-06-01T08:01:00Z', '2026-06-01T08:02:00Z']) {
      h.clock.set(t);
      await scheduler.tick();
    }
    expect(late.sink.map((d) => [d.channel, d.at])).toEqual([['slack:T1:C1', '2026-06-01T08:01:00.000Z']]);
  });
});

describe('giving up', () => {
  it('given a channel that keeps failing, retries back off up to 6 hours apart and stop a day after the due time', async () => {
    const h = createHarness({ start: '2026-06-01T07:00:00Z' });
    h.subscriptions.add(CHAN, { text: 'space daily 08:00 UTC' });
    addStory(h.store, { topic: 'space', at: '2026-06-01T06:00:00Z' });
    h.publisher.failing.add(key(CHAN));
    const attempts: number[] = [];
    const realPost = h.publisher.post.bind(h.publisher);
    h.publisher.post = async (c, r) => {
      attempts.push(h.clock.now().getTime());
      return realPost(c, r);
    };
    await h.runUntil('2026-06-02T10:00:00Z', { stepMs: 60_000 });
    const gaps = attempts.slice(1).map((t, i) => (t - attempts[i]) / 60_000);
    expect(gaps.slice(0, 6)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(360);
    expect(attempts[attempts.length - 1]).toBeLessThanOrEqual(Date.parse('2026-06-02T08:00:00Z') + 360 * 60_000);
    const last = h.subscriptions.status(CHAN)[0].last!;
    expect(last.status).toBe('failed');
    expect(h.subscriptions.why(CHAN, String(last.storyIds[0]))).toMatchObject({ reason: 'delivery-error', lines: [expect.any(String), 'Newsdesk gave up on that digest.'] });
    // The next day's digest is tried afresh once the channel works again.
    h.publisher.failing.clear();
    addStory(h.store, { topic: 'space', at: '2026-06-02T12:00:00Z' });
    await h.runUntil('2026-06-03T14:30:00Z', { stepMs: 5 * 60_000 });
    expect(h.publisher.sink).toHaveLength(1);
  });
});

