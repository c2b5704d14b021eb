import { describe, expect, test } from 'vitest';
import type { APIEmbed } from 'discord.js';
import type { Digest, Reply, StoryView } from '../../src/core/model.js';
import { formatAge } from '../../src/core/digest/format-age.js';
import {
  pageCustomId,
  parsePageCustomId,
  parseStoryCustomId,
  render,
  renderNewCoverage,
  renderThreadStart,
  storyEmbed,
  threadName,
  topicColour,
  type DiscordMessage,
} from '../../src/adapters/discord/render.js';

const NOW = new Date('2026-03-10T12:00:00Z');

function story(id: number, o: { title?: string; sources?: number; tldr?: string; topic?: [string, string]; keyPoints?: string[] } = {}): StoryView {
  const [tid, tlabel] = o.topic ?? ['space', 'Space'];
  return {
    id,
    title: o.title ?? `Story ${id} headline`,
    url: `https://news.example/${id}`,
    sources: Array.from({ length: o.sources ?? 2 }, (_, i) => ({
      articleId: id * 1000 + i,
      publisher: `Outlet ${i} [wire]`,
      title: `Report ${i} on story ${id} `.padEnd(120, 'x'),
      url: `https://outlet${i}.example/${id}/${i}`,
    })),
    publishedAt: '2026-03-10T08:00:00Z',
    updatedAt: '2026-03-10T09:00:00Z',
    tldr: o.tldr ?? `Summary of story ${id}.`,
    short: [`Summary of story ${id}.`],
    keyPoints: o.keyPoints ?? [`Point one of ${id}.`, `Point two of ${id}.`],
    topics: [{ id: tid, label: tlabel, score: 0.9 }, { id: 'science', label: 'Science', score: 0.4 }],
    entities: [],
  };
}

/** Discord's limits, checked independently of the renderer's own constants. */
function problems(m: DiscordMessage): string[] {
  const out: string[] = [];
  if ((m.content ?? '').length > 2000) out.push('content > 2000');
  if (m.embeds.length > 10) out.push('> 10 embeds');
  let total = 0;
  for (const e of m.embeds) {
    const n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((a, f) => a + f.name.length + f.value.length, 0);
    if ((e.title?.length ?? 0) > 256) out.push('title > 256');
    if ((e.description?.length ?? 0) > 4096) out.push('description > 4096');
    if ((e.fields?.length ?? 0) > 25) out.push('> 25 fields');
    for (const f of e.fields ?? []) if (f.value.length > 1024) out.push('field > 1024');
    total += n;
  }
  if (total > 6000) out.push(`embeds total ${total} > 6000`);
  if (m.components.length > 5) out.push('> 5 rows');
  const ids = new Set<string>();
  for (const row of m.components) {
    if (row.components.length > 5) out.push('> 5 buttons in a row');
    for (const b of row.components) {
      if (b.custom_id.length > 100) out.push('custom_id > 100');
      if ((b.label ?? '').length > 80) out.push('label > 80');
      if (ids.has(b.custom_id)) out.push(`duplicate ${b.custom_id}`);
      ids.add(b.custom_id);
    }
  }
  if (!m.content && !m.embeds.length) out.push('empty');
  return out;
}

function digestOf(stories: StoryView[]): Digest {
  const bySection = new Map<string, StoryView[]>();
  for (const s of stories) bySection.set(s.topics[0].id, [...(bySection.get(s.topics[0].id) ?? []), s]);
  return {
    title: 'Top stories',
    from: '2026-03-09T12:00:00Z',
    to: '2026-03-10T12:00:00Z',
    generatedAt: NOW.toISOString(),
    sections: [...bySection.entries()].map(([id, list]) => ({ topic: { id, label: list[0].topics[0].label }, stories: list })),
    total: stories.length,
  };
}

describe('storyEmbed', () => {
  test('given a story, the embed has a linked title, TL;DR, linked sources with age, topic tags and the topic colour', () => {
    const e = storyEmbed(story(7), { now: NOW, index: 2, section: 'Space' });
    expect(e.title).toBe('2. Story 7 headline');
    expect(e.url).toBe('https://news.example/7');
    expect(e.description).toContain('Summary of story 7.');
    expect(e.description).toContain('[Outlet 0 \\[wire\\]](https://outlet0.example/7/0)');
    expect(e.description).toContain('updated 3 h ago');
    expect(e.footer?.text).toBe('Story #7 · Space · Science');
    expect(e.author?.name).toBe('Space');
    expect(e.color).toBe(topicColour('space'));
    expect(topicColour('space')).not.toBe(topicColour('politics'));
    expect(topicColour('made-up')).toBe(topicColour('made-up'));
  });

  test('given huge fields, the embed is cut to Discord limits and a bad URL is left out', () => {
    const s = { ...story(1, { title: 'T'.repeat(400), tldr: 'w '.repeat(5000), sources: 40 }), url: 'javascript:alert(1)' };
    const e = storyEmbed(s, { now: NOW });
    expect(e.title!.length).toBeLessThanOrEqual(256);
    expect(e.description!.length).toBeLessThanOrEqual(4096);
    expect(e.description).toContain('+34 more');
    expect(e.url).toBe('https://outlet0.example/1/0');
  });

  test('age reads in minutes, hours and days', () => {
    expect(formatAge('2026-03-10T11:59:30Z', NOW)).toBe('just now');
    expect(formatAge('2026-03-10T11:15:00Z', NOW)).toBe('45 min ago');
    expect(formatAge('2026-03-08T12:00:00Z', NOW)).toBe('2 d ago');
  });
});

describe('render', () => {
  test('given a 30-story digest with long text, every message is within limits with at most 5 stories, and every story appears once in order', () => {
    const stories = Array.from({ length: 30 }, (_, i) =>
      story(i + 1, { title: `Headline ${i} `.padEnd(300, 'h'), tldr: 'A long summary sentence. '.repeat(60), sources: 12, topic: i % 2 ? ['politics', 'Politics'] : ['space', 'Space'] }),
    );
    const messages = render({ kind: 'digest', digest: digestOf(stories) }, { now: NOW });
    expect(messages.length).toBeGreaterThanOrEqual(6);
    for (const m of messages) {
      expect(problems(m)).toEqual([]);
      expect(m.storyIds.length).toBeLessThanOrEqual(5);
    }
    const ids = messages.flatMap((m) => m.storyIds);
    const expected = digestOf(stories).sections.flatMap((s) => s.stories.map((x) => x.id));
    expect(ids).toEqual(expected);
    // Buttons for each story of a message: More, Related, Discuss.
    const buttonIds = messages[0].components.flatMap((r) => r.components.map((b) => b.custom_id));
    for (const id of messages[0].storyIds) expect(buttonIds).toEqual(expect.arrayContaining([`nd:more:${id}`, `nd:related:${id}`, `nd:discuss:${id}`]));
  });

  test('given a story with 60 sources, /story lists every source across valid messages', () => {
    const s = story(5, { sources: 60, keyPoints: Array.from({ length: 5 }, (_, i) => `Key point ${i} `.padEnd(500, 'k')) });
    const messages = render({ kind: 'story', story: s, related: [story(6), story(8)] }, { now: NOW });
    for (const m of messages) expect(problems(m)).toEqual([]);
    const text = JSON.stringify(messages);
    for (const src of s.sources) expect(text).toContain(src.url!);
    expect(text).toContain('Key point 4');
    expect(text).toContain('#6 Story 6 headline');
    expect(messages[0].components.flatMap((r) => r.components.map((b) => b.custom_id))).toEqual(['nd:related:5', 'nd:discuss:5']);
  });

  test('given a lookup with more pages, the last message has paging buttons keeping page size and period', () => {
    const reply: Reply = { kind: 'stories', query: 'space', stories: [story(1), story(2)], page: 2, pageCount: 4 };
    const [m] = render(reply, { now: NOW, pageSize: 2, since: '7d' });
    expect(problems(m)).toEqual([]);
    expect(m.content).toContain('page 2 of 4');
    const paging = m.components[m.components.length - 1].components;
    expect(paging.map((b) => b.custom_id)).toEqual(['nd:page:1:2:7d:space', 'nd:noop:page', 'nd:page:3:2:7d:space']);
    expect(paging.map((b) => b.disabled ?? false)).toEqual([false, true, false]);
  });

  test('on the first page the previous button is disabled and ids stay unique', () => {
    const [m] = render({ kind: 'stories', query: 'x', stories: [story(1)], page: 1, pageCount: 2 }, { now: NOW });
    const paging = m.components[m.components.length - 1].components;
    expect(paging[0].disabled).toBe(true);
    expect(paging[2].custom_id).toBe('nd:page:2:1::x');
    expect(problems(m)).toEqual([]);
  });

  test('text, help, topics and no-match replies render as valid embeds', () => {
    const replies: Reply[] = [
      { kind: 'text', tone: 'error', lines: ['Sorry (error id abcd1234).'], ephemeral: true },
      { kind: 'help', commands: [{ usage: '/news <topic>', description: 'Stories' }] },
      { kind: 'topics', topics: Array.from({ length: 300 }, (_, i) => ({ id: `t${i}`, label: `Topic ${i}`, count: i })) },
      { kind: 'no-match', query: 'q'.repeat(600), available: [{ id: 'space', label: 'Space', count: 3 }] },
    ];
    for (const r of replies) {
      const ms = render(r, { now: NOW });
      expect(ms.length).toBeGreaterThan(0);
      for (const m of ms) expect(problems(m)).toEqual([]);
    }
    expect(render(replies[0], { now: NOW })[0].embeds[0].color).toBe(0xed4245);
    expect(JSON.stringify(render(replies[2], { now: NOW }))).toContain('Topic 299');
  });

  test('thread start and new coverage messages hold key points and sources within limits', () => {
    const s = story(3, { sources: 45 });
    const start = renderThreadStart(s, NOW);
    for (const m of start) expect(problems(m)).toEqual([]);
    expect(JSON.stringify(start)).toContain('Point two of 3.');
    for (const src of s.sources) expect(JSON.stringify(start)).toContain(src.url!);
    const more = renderNewCoverage(s, s.sources.slice(40), NOW);
    for (const m of more) expect(problems(m)).toEqual([]);
    expect((more[0].embeds[0] as APIEmbed).title).toBe('New coverage (5 sources)');
    expect(JSON.stringify(more)).toContain(s.sources[44].url!);
    expect(JSON.stringify(more)).not.toContain(s.sources[0].url!);
  });
});

describe('custom ids and thread names', () => {
  test('a paging id with a long query fits in 100 characters and parses back', () => {
    const id = pageCustomId(12, 10, '30d', 'north korea '.repeat(20));
    expect(id.length).toBeLessThanOrEqual(100);
    const parsed = parsePageCustomId(id)!;
    expect(parsed).toMatchObject({ page: 12, pageSize: 10, since: '30d' });
    expect('north korea '.repeat(20).startsWith(parsed.query)).toBe(true);
    expect(parsePageCustomId('nd:page:2:5::a:b')).toEqual({ page: 2, pageSize: 5, since: undefined, query: 'a:b' });
    expect(parsePageCustomId('nd:more:1')).toBeUndefined();
  });

  test('story button ids parse; others do not', () => {
    expect(parseStoryCustomId('nd:discuss:42')).toEqual({ action: 'discuss', storyId: 42 });
    expect(parseStoryCustomId('nd:delete:42')).toBeUndefined();
    expect(parseStoryCustomId('nd:more:abc')).toBeUndefined();
  });

  test('thread names follow the headline, collapse whitespace and stay within 100 characters', () => {
    expect(threadName('  A   headline\nhere ')).toBe('A headline here');
    expect(threadName('x'.repeat(150))).toHaveLength(100);
    expect(threadName('   ')).toBe('Story');
    expect(threadName(`${'a'.repeat(98)}😀😀`).length).toBeLessThanOrEqual(100);
  });
});
