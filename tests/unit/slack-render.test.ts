/**
 * Block Kit rendering: content, escaping, and Slack's limits on every output (checked with the
 * emulator's validator, so the unit tests and the end-to-end tests judge by the same rules).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { Digest, Reply, StoryView } from '../../src/core/model.js';
import {
  ACTIONS,
  escapeText,
  link,
  linesToSections,
  mentionLine,
  renderDigestHeader,
  renderReply,
  renderStoryMessage,
  renderThreadDetails,
  renderThreadUpdate,
  SLACK_LIMITS,
  type SlackMessage,
} from '../../src/adapters/slack/render.js';
import { buildHomeView } from '../../src/adapters/slack/home-tab.js';
import { validateBlocks, validateMessage } from '../e2e/fakes/slack-emulator.js';

const NOW = new Date('2026-11-25T08:00:00Z');

function story(id: number, over: Partial<StoryView> = {}): StoryView {
  return {
    id,
    title: `Story ${id}`,
    url: `https://news.example/s/${id}`,
    sources: [
      { articleId: id * 10, publisher: 'Orbital Times', title: `Story ${id}`, url: `https://news.example/s/${id}`, publishedAt: '2026-11-25T05:00:00Z' },
      { articleId: id * 10 + 1, publisher: 'Space Wire', title: `Story ${id} again`, url: `https://wire.example/s/${id}`, publishedAt: '2026-11-25T07:00:00Z' },
    ],
    publishedAt: '2026-11-25T05:00:00Z',
    updatedAt: '2026-11-25T05:00:00Z',
    tldr: `What happened in story ${id}.`,
    short: [],
    keyPoints: [`First point of ${id}.`, `Second point of ${id}.`],
    topics: [{ id: 'space', label: 'Space', score: 0.9 }],
    entities: [{ name: 'NASA', kind: 'organisation', count: 2 }],
    ...over,
  };
}

function digestOf(stories: StoryView[], title = 'Morning digest'): Digest {
  return { title, from: '2026-11-24T08:00:00Z', to: NOW.toISOString(), generatedAt: NOW.toISOString(), sections: [{ topic: { id: 'space', label: 'Space' }, stories }], total: stories.length };
}

function expectValid(messages: SlackMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  messages.forEach((m, i) => {
    expect(validateMessage(m, `message ${i}`)).toEqual([]);
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  });
}

const buttons = (m: SlackMessage, action: string = ACTIONS.more) =>
  m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.filter((e) => 'action_id' in e && e.action_id === action).map((e) => (e as { value?: string }).value) : []));

describe('renderReply', () => {
  it('draws a story list with a linked title, sources and age, tags and the three buttons', () => {
    const [m, ...rest] = renderReply({ kind: 'stories', query: 'space', stories: [story(7)], page: 1, pageCount: 1 }, { now: NOW });
    expect(rest).toEqual([]);
    expectValid([m]);
    const section = m.blocks.find((b) => b.type === 'section' && 'text' in b && b.text?.text.includes('Story 7'));
    expect(section).toMatchObject({ text: { type: 'mrkdwn', text: expect.stringContaining('*<https://news.example/s/7|Story 7>*') } });
    expect(JSON.stringify(section)).toContain('What happened in story 7.');
    const context = m.blocks.find((b) => b.type === 'context');
    expect(JSON.stringify(context)).toContain('Orbital Times, Space Wire (2 sources) · 3 h ago');
    expect(JSON.stringify(context)).toContain('#space');
    expect(buttons(m, ACTIONS.discuss)).toEqual(['7']);
    expect(buttons(m, ACTIONS.more)).toEqual(['7']);
    expect(buttons(m, ACTIONS.related)).toEqual(['7']);
    expect(m.text).toContain('Story 7');
  });

  it('escapes mrkdwn control characters and links only http(s) URLs', () => {
    expect(escapeText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(link('https://x.example/a|b>c', 'T <x>')).toBe('<https://x.example/a%7Cb%3Ec|T &lt;x&gt;>');
    expect(link('javascript:alert(1)', 'Click')).toBe('Click');
    const [m] = renderReply({ kind: 'stories', query: '<b>', stories: [story(1, { title: 'Q&A <live>', url: 'ftp://x' })], page: 1, pageCount: 1 }, { now: NOW });
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('Q&amp;A &lt;live&gt;');
    expect(text).not.toContain('<live>');
    expect(text).not.toContain('ftp://x');
  });

  it('splits a 60-story digest over messages of at most 50 blocks, keeping each story whole and in order', () => {
    const stories = Array.from({ length: 60 }, (_, i) => story(i + 1));
    const messages = renderReply({ kind: 'digest', digest: digestOf(stories) }, { now: NOW });
    expect(messages.length).toBeGreaterThan(4);
    expectValid(messages);
    expect(messages.flatMap((m) => buttons(m))).toEqual(stories.map((s) => String(s.id)));
    for (const m of messages) {
      // A story's buttons sit in the same message as its section.
      for (const id of buttons(m)) expect(JSON.stringify(m.blocks)).toContain(`|Story ${id}>`);
      expect(m.blocks.at(-1)!.type).not.toBe('divider');
    }
    expect(messages[1].text).toContain('part 2 of');
  });

  it('truncates a huge TL;DR and a long header to the limits instead of failing', () => {
    const long = story(3, { title: 'Headline '.repeat(40), tldr: 'word '.repeat(3000) });
    const list = renderReply({ kind: 'stories', query: 'x', stories: [long], page: 1, pageCount: 1 }, { now: NOW });
    expectValid(list);
    const full = renderReply({ kind: 'story', story: long, related: [story(4)] }, { now: NOW });
    expectValid(full);
    const head = full[0].blocks[0];
    expect(head.type).toBe('header');
    expect((head as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    expect((head as { text: { text: string } }).text.text.endsWith('…')).toBe(true);
  });

  it('lists every source of a story with a thousand sources across sections and messages', () => {
    const sources = Array.from({ length: 1000 }, (_, i) => ({ articleId: i, publisher: `Outlet ${i}`, title: `Report ${i} ${'on the event '.repeat(8)}`, url: `https://o${i}.example/r` }));
    const s = story(5, { sources });
    const details = renderThreadDetails(s, { now: NOW });
    expect(details.length).toBeGreaterThan(1);
    expectValid(details);
    const all = details.map((m) => JSON.stringify(m.blocks)).join('');
    for (let i = 0; i < 1000; i += 1) expect(all).toContain(`https://o${i}.example/r|`);
    expect(all).toContain('First point of 5.');
  });

  it('draws every other reply kind within limits', () => {
    const replies: Reply[] = [
      { kind: 'no-match', query: 'north korea', available: [{ id: 'space', label: 'Space', count: 3 }] },
      { kind: 'topics', topics: Array.from({ length: 300 }, (_, i) => ({ id: `t${i}`, label: `Topic ${i}`, count: i })) },
      { kind: 'help', commands: [{ usage: '/news <topic> [since:7d]', description: 'Stories about a topic' }] },
      { kind: 'text', tone: 'warning', title: 'Careful', lines: ['Only admins can do that.', 'x'.repeat(5000)] },
      { kind: 'story', story: story(9), related: [story(10), story(11)] },
    ];
    for (const r of replies) expectValid(renderReply(r, { now: NOW }));
    const [noMatch] = renderReply(replies[0], { now: NOW });
    expect(noMatch.text).toBe('No stories about north korea yet.');
    expect(JSON.stringify(noMatch.blocks)).toContain('*Space* (`space`): 3 stories');
    const [help] = renderReply(replies[2], { now: NOW });
    expect(JSON.stringify(help.blocks)).toContain('/news &lt;topic&gt; [since:7d]');
  });
});

describe('threaded digest messages', () => {
  it('a story message carries the buttons; its first thread reply carries key points and every source', () => {
    const s = story(12);
    const root = renderStoryMessage(s, { now: NOW });
    expectValid([root]);
    expect(buttons(root)).toEqual(['12']);
    const [details] = renderThreadDetails(s, { now: NOW });
    const text = JSON.stringify(details.blocks);
    expect(text).toContain('Key points');
    expect(text).toContain('Second point of 12.');
    expect(text).toContain('<https://news.example/s/12|Orbital Times: Story 12>');
    expect(text).toContain('<https://wire.example/s/12|Space Wire: Story 12 again>');
  });

  it('an update lists only the new sources', () => {
    const s = story(13);
    const [update] = renderThreadUpdate(s, [s.sources[1]], { now: NOW });
    const text = JSON.stringify(update.blocks);
    expect(text).toContain('New coverage');
    expect(text).toContain('Space Wire');
    expect(text).not.toContain('Orbital Times');
  });

  it('the header counts updates; mentions keep Slack tokens, drop malformed ones and never ping everyone', () => {
    const h = renderDigestHeader(digestOf([story(1), story(2)]), { fresh: 1, updates: 1, unchanged: 0 }, ['<!subteam^S0NEWS>', '<@U1>', '@everyone', '<http://evil|x>']);
    expectValid([h]);
    expect(h.text.startsWith('<!subteam^S0NEWS> <@U1> @everyone Morning digest')).toBe(true);
    expect(JSON.stringify(h.blocks)).toContain('1 with new coverage in its thread');
    expect(JSON.stringify(h.blocks)).not.toContain('evil');
    expect(mentionLine(['<!here>', '<!everyone>', '@channel', '@security <x>'])).toBe('<!here> <!channel> @security &lt;x&gt;');
  });
});

describe('building blocks', () => {
  it('linesToSections keeps every line and each section within 3,000 characters', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• line ${i} ${'x'.repeat(i % 90)}`);
    lines.push('y'.repeat(7000));
    const sections = linesToSections(lines, 'Title');
    for (const b of sections) expect((b as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
    const all = sections.map((b) => (b as { text: { text: string } }).text.text).join('\n');
    for (let i = 0; i < 400; i++) expect(all).toContain(`• line ${i} `);
    expect(all.startsWith('*Title*')).toBe(true);
  });

  it('the Home view stays within 100 blocks whatever it lists', () => {
    const view = buildHomeView({
      counts: { articles: 900, stories: 700 },
      topics: Array.from({ length: 200 }, (_, i) => ({ id: `t${i}`, label: `Topic ${i}`, count: i })),
      subscriptions: Array.from({ length: 2000 }, (_, i) => `#c${i}: topic ${i}, daily 08:00 Europe/Paris`),
      feedHealth: [],
    });
    expect(validateBlocks(view.blocks, 'home', SLACK_LIMITS.blocksPerHomeView)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('700 stories from 900 articles');
    expect(JSON.stringify(view.blocks)).toContain('No feeds yet');
  });
});

describe('slack-app-manifest.yml', () => {
  const manifest = readFileSync(new URL('../../slack-app-manifest.yml', import.meta.url), 'utf8');
  const declared = [...manifest.matchAll(/^\s*- command: \/(\S+)$/gm)].map((m) => m[1]);

  it('declares every command the app answers, plus the setup commands', () => {
    for (const c of COMMANDS) expect(declared).toContain(c.name);
    for (const c of ['news', 'digest', 'story', 'topics', 'help', 'subscribe', 'unsubscribe', 'subscriptions', 'feeds', 'why']) expect(declared).toContain(c);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('asks for the scopes the adapter uses and enables the Home tab, interactivity and Socket Mode', () => {
    for (const scope of ['commands', 'chat:write', 'chat:write.public', 'users:read', 'channels:read', 'groups:read']) expect(manifest).toMatch(new RegExp(`^\\s*- ${scope}$`, 'm'));
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
    expect(manifest).toMatch(/- app_home_opened/);
  });
});
