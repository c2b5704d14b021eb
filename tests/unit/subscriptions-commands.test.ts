import { describe, expect, it } from 'vitest';
import type { ChannelRef, Reply } from '../../src/core/model.js';
import { createCommandRunner } from '../../src/app/command-runner.js';
import { COMMANDS } from '../../commands/index.js';
import { addStory, createHarness } from '../support/schedule-harness.js';

const CHAN: ChannelRef = { platform: 'slack', scope: 'T1', channel: 'C1' };
const text = (r: Reply) => (r.kind === 'text' ? [r.title, ...r.lines].filter(Boolean).join('\n') : JSON.stringify(r));

function setup() {
  const h = createHarness({ start: '2026-06-01T12:00:00Z', platform: 'slack' });
  const runner = createCommandRunner({ commands: COMMANDS, newsdesk: h.newsdesk, clock: h.clock, log: h.log, services: { subscriptions: h.subscriptions } });
  const as = (canManage: boolean) => ({ channel: CHAN, caller: { id: canManage ? 'U-admin' : 'U-member', canManage } });
  return { h, run: (line: string, canManage = true) => runner.runText(line, as(canManage)) };
}

describe('subscription commands', () => {
  it('given a member who cannot manage, /subscribe and /unsubscribe are refused but /subscriptions and /why answer', async () => {
    const { run } = setup();
    expect(text(await run('/subscribe space daily 08:00 UTC', false))).toMatch(/Only people who can manage this workspace/);
    expect(text(await run('/unsubscribe 1', false))).toMatch(/Only people who can manage/);
    expect(text(await run('/subscriptions', false))).toMatch(/No subscriptions in this channel/);
    expect(text(await run('/why 1', false))).toMatch(/no story 1|Not fetched/i);
  });

  it('given two subscriptions, /subscriptions lists each with its next run in its zone; /unsubscribe removes one, then all', async () => {
    const { run } = setup();
    await run('/subscribe space daily 08:00 Europe/Paris');
    await run('/subscribe topics:business schedule:"weekly fri 17:30" tz:America/New_York summary:short');
    const list = text(await run('/subscriptions'));
    expect(list).toMatch(/#1: space · daily 08:00 Europe\/Paris · max 8\n\s+next: Tue, 2 Jun 2026, 08:00 CEST · last: no delivery yet/);
    expect(list).toMatch(/#2: business · weekly fri 17:30 America\/New_York · max 8 · short summaries\n\s+next: Fri, 5 Jun 2026, 17:30 GMT-4/);
    expect(text(await run('/unsubscribe 7'))).toMatch(/no subscription #7/);
    expect(text(await run('/unsubscribe #1'))).toMatch(/Subscription #1 removed/);
    expect(text(await run('/subscriptions'))).not.toMatch(/#1:/);
    expect(text(await run('/unsubscribe all'))).toMatch(/Removed 1 subscription from this channel/);
    expect(text(await run('/subscriptions'))).toMatch(/No subscriptions/);
  });

  it('given a delivered digest and a failing channel, /subscriptions shows the last result and the channel error', async () => {
    const { h, run } = setup();
    await run('/subscribe space daily 08:00 UTC');
    addStory(h.store, { topic: 'space', at: '2026-06-01T20:00:00Z' });
    addStory(h.store, { topic: 'space', at: '2026-06-01T21:00:00Z' });
    await h.runUntil('2026-06-02T08:00:00Z', { stepMs: 10 * 60_000 });
    expect(text(await run('/subscriptions'))).toMatch(/last: delivered Tue, 2 Jun 2026, 08:00 UTC \(2 stories\)/);
    h.publisher.failing.add('slack:T1:C1');
    addStory(h.store, { topic: 'space', at: '2026-06-02T20:00:00Z' });
    await h.runUntil('2026-06-03T08:02:00Z', { stepMs: 60_000 });
    const shown = text(await run('/subscriptions'));
    expect(shown).toMatch(/last: retrying Wed, 3 Jun 2026, 08:00 UTC: Newsdesk cannot post in C1 \(missing permission\)/);
    expect(shown).toMatch(/This channel is failing: .*missing permission.* \(2 attempts\); next retry Wed, 3 Jun 2026, 08:03 UTC/);
  });

  it('given /unsubscribe while a digest is failing, its pending delivery is dropped and never posted', async () => {
    const { h, run } = setup();
    await run('/subscribe space daily 08:00 UTC');
    addStory(h.store, { topic: 'space', at: '2026-06-01T20:00:00Z' });
    h.publisher.failing.add('slack:T1:C1');
    await h.runUntil('2026-06-02T08:05:00Z');
    await run('/unsubscribe 1');
    h.publisher.failing.clear();
    await h.runUntil('2026-06-02T12:00:00Z', { stepMs: 5 * 60_000 });
    expect(h.publisher.sink).toHaveLength(0);
  });

  it('given /subscriptions preview:<id>, it shows what the digest would post now without recording anything', async () => {
    const { h, run } = setup();
    await run('/subscribe space daily 08:00 UTC exclude:rumour');
    const keep = addStory(h.store, { topic: 'space', at: '2026-06-01T09:00:00Z', title: 'Comet Halvar brightens over the southern sky' });
    addStory(h.store, { topic: 'space', at: '2026-06-01T10:00:00Z', title: 'Rumour of hidden lunar base denied again' });
    const preview = await run('/subscriptions preview:1');
    expect(preview.kind).toBe('digest');
    if (preview.kind !== 'digest') return;
    expect(preview.ephemeral).toBe(true);
    expect(preview.digest.title).toBe('Preview of #1: Newsdesk: space');
    expect(preview.digest.sections.flatMap((s) => s.stories.map((x) => x.id))).toEqual([keep]);
    expect(text(await run('/subscriptions preview:9'))).toMatch(/no subscription #9/);
    // Nothing was recorded: the real digest still posts the story.
    await h.runUntil('2026-06-02T08:00:00Z', { stepMs: 10 * 60_000 });
    expect(h.publisher.sink.flatMap((d) => d.storyIds)).toEqual([keep]);
  });
});
