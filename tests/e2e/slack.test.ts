/**
 * The real Bolt app against the local Slack emulator, in HTTP mode and in Socket Mode:
 * every command, the story buttons, threaded digests, permissions, rate limits, signature
 * checks, reconnects, the Home tab, error isolation and token hygiene.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/core/store/sqlite-store.js';
import { createNewsdesk, type Newsdesk } from '../../src/core/newsdesk.js';
import { createCommandRunner } from '../../src/app/command-runner.js';
import { COMMANDS } from '../../commands/index.js';
import type { CommandDefinition } from '../../commands/types.js';
import { silentLog, type Clock, type Log } from '../../src/core/ports.js';
import type { Digest, StoryView } from '../../src/core/model.js';
import { createSlackApp, type SlackApp } from '../../src/adapters/slack/slack-app.js';
import { subscriptionLines } from '../../src/adapters/slack/home-tab.js';
import { createSubscriptions } from '../../src/core/subscriptions/index.js';
import { postSigned, signSlackRequest, startSlackEmulator, type SlackEmulator } from './fakes/slack-emulator.js';
import { dragonFollowUp, seedSampleStories } from '../support/slack-sample-stories.js';

const BOT_TOKEN = 'xoxb-1111-2222-e2ebottokenvalue';
const APP_TOKEN = 'xapp-1-A0NEWSDESK-3333-e2eapptokenvalue';
const SIGNING_SECRET = 'e2e-signing-secret-4b7f0c';
const NOW = new Date('2026-11-25T08:00:00Z');
const ADMIN = 'U0ADMIN';
const MEMBER = 'U0MEMBER';
const LISTED = 'U0LISTED';

/** A Log that keeps every line, so tests can search what was logged. */
function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  const make = (bindings: object): Log => {
    const put = (level: string) => (obj: object, msg: string) => {
      lines.push(`${level} ${msg} ${JSON.stringify({ ...bindings, ...obj }, (_k, v) => (v instanceof Error ? { message: v.message, stack: v.stack } : v))}`);
    };
    return { debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error'), child: (b) => make({ ...bindings, ...b }) };
  };
  return Object.assign(make({}), { lines });
}

/** Test-only commands: one that changes setup, one that fails inside. */
const manageCommand: CommandDefinition = {
  name: 'manage-test',
  description: 'Test stand-in for a command that changes the setup',
  usage: '/manage-test <url>',
  manages: true,
  options: [{ name: 'url', description: 'Feed URL', type: 'string', required: true, rest: true }],
  async run(input) {
    return { kind: 'text', tone: 'success', lines: [`Added ${String(input.options.url)}`], ephemeral: true };
  },
};
const failingCommand: CommandDefinition = {
  name: 'boom',
  description: 'Test command that throws',
  usage: '/boom',
  options: [],
  async run() {
    throw new Error('backend exploded');
  },
};

/** Test-only command with an answer longer than the five messages a response_url takes. */
const hugeCommand: CommandDefinition = {
  name: 'huge-test',
  description: 'Test command with an 80-story answer',
  usage: '/huge-test',
  options: [],
  async run(_input, ctx) {
    const base = ctx.newsdesk.story(1)!;
    return { kind: 'stories', query: 'everything', stories: Array.from({ length: 80 }, (_, i) => ({ ...base, id: i + 1 })), page: 1, pageCount: 1 };
  },
};

type Mode = 'http' | 'socket';

interface Harness {
  emu: SlackEmulator;
  app: SlackApp;
  store: SqliteStore;
  newsdesk: Newsdesk;
  log: Log & { lines: string[] };
  sleeps: number[];
  dragonStoryId: number;
  eventsUrl?: string;
  /** Sends a slash command; resolves with the ack payload and the response_url id. */
  command(command: string, text: string, opts?: { user?: string; channel?: string }): Promise<{ ack: any; rid: string }>;
  /** Clicks a story button; resolves with the response_url id. */
  click(actionId: string, storyId: number, opts?: { channel?: string; user?: string }): Promise<{ rid: string }>;
  /** Opens the App Home tab. */
  openHome(user: string): Promise<void>;
  /** Moves the injected clock forward. */
  advance(ms: number): void;
  /** Waits for the n-th response posted to a response_url id (1-based). */
  response(rid: string, n?: number): Promise<any>;
}

let seq = 0;

async function boot(mode: Mode): Promise<Harness> {
  const emu = await startSlackEmulator();
  emu.users.set(ADMIN, { is_admin: true });
  // The permission cache reads this clock; tests move it forward with `advance`.
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(NOW.getTime() + offsetMs) };
  const store = createSqliteStore(':memory:');
  const { dragonStoryId } = seedSampleStories(store, NOW);
  const log = memoryLog();
  // The runner logs to its own sink: the token check below covers what the Slack adapter and Bolt log.
  const newsdesk = createNewsdesk({ store, clock, log: silentLog });
  const subscriptions = createSubscriptions({ store, clock, log: silentLog });
  const runner = createCommandRunner({ commands: [...COMMANDS, manageCommand, failingCommand, hugeCommand], newsdesk, clock, log: silentLog, services: { subscriptions } });
  const sleeps: number[] = [];
  const app = createSlackApp({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: mode === 'socket' ? APP_TOKEN : undefined,
    port: 0,
    host: '127.0.0.1',
    apiUrl: emu.apiUrl,
    adminUsers: [LISTED],
    runner,
    newsdesk,
    log,
    clock,
    home: { subscriptions: subscriptionLines(subscriptions) },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    clientRetries: 0,
    // Reconnect after 1 s instead of 5 s; also the pong deadline, so not lower.
    socketPingTimeoutMs: 1000,
    boltLogLevel: 'debug' as never,
  });
  const started = await app.start();
  const eventsUrl = started.port ? `http://127.0.0.1:${started.port}/slack/events` : undefined;

  async function deliver(type: 'slash_commands' | 'interactive' | 'events_api', form: string, json: unknown, contentType: string): Promise<any> {
    if (mode === 'socket') return (await emu.push(type, json)).payload;
    const res = await postSigned(eventsUrl!, SIGNING_SECRET, form, { contentType });
    expect(res.status).toBe(200);
    return res.text ? JSON.parse(res.text) : undefined;
  }

  return {
    emu,
    app,
    store,
    newsdesk,
    log,
    sleeps,
    dragonStoryId,
    eventsUrl,
    async command(command, text, opts = {}) {
      const rid = `${mode}-${++seq}`;
      const payload = {
        token: 'legacy-verification-token',
        team_id: emu.teamId,
        team_domain: 'newsroom',
        channel_id: opts.channel ?? 'C0NEWS',
        channel_name: 'news',
        user_id: opts.user ?? MEMBER,
        user_name: 'reader',
        command,
        text,
        api_app_id: 'A0NEWSDESK',
        is_enterprise_install: 'false',
        response_url: emu.responseUrl(rid),
        trigger_id: `trigger-${rid}`,
      };
      const ack = await deliver('slash_commands', new URLSearchParams(payload).toString(), payload, 'application/x-www-form-urlencoded');
      return { ack, rid };
    },
    async click(actionId, storyId, opts = {}) {
      const rid = `${mode}-${++seq}`;
      const channel = opts.channel ?? 'C0NEWS';
      const payload = {
        type: 'block_actions',
        team: { id: emu.teamId, domain: 'newsroom' },
        user: { id: opts.user ?? MEMBER, username: 'reader', team_id: emu.teamId },
        api_app_id: 'A0NEWSDESK',
        token: 'legacy-verification-token',
        container: { type: 'message', message_ts: '1764057000.000001', channel_id: channel, is_ephemeral: false },
        trigger_id: `trigger-${rid}`,
        channel: { id: channel, name: 'news' },
        message: { type: 'message', ts: '1764057000.000001', text: 'stories', user: 'U0NEWSBOT' },
        response_url: emu.responseUrl(rid),
        actions: [{ type: 'button', action_id: actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value: String(storyId), action_ts: '1764057001.000001' }],
      };
      await deliver('interactive', `payload=${encodeURIComponent(JSON.stringify(payload))}`, payload, 'application/x-www-form-urlencoded');
      return { rid };
    },
    async openHome(user) {
      const body = {
        token: 'legacy-verification-token',
        team_id: emu.teamId,
        api_app_id: 'A0NEWSDESK',
        type: 'event_callback',
        event_id: `Ev${++seq}`,
        event_time: Math.floor(NOW.getTime() / 1000),
        authorizations: [{ team_id: emu.teamId, user_id: 'U0NEWSBOT', is_bot: true, is_enterprise_install: false }],
        event: { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: '1764057002.000001' },
      };
      await deliver('events_api', JSON.stringify(body), body, 'application/json');
    },
    advance(ms) {
      offsetMs += ms;
    },
    response(rid, n = 1) {
      return emu.waitFor(() => emu.responses.filter((r) => r.id === rid)[n - 1]?.body, 5000, `response ${n} on ${rid}`);
    },
  };
}

/** Story ids on a message's buttons. */
function buttonValues(blocks: any[] | undefined, actionId = 'nd_more'): string[] {
  return (blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.elements.filter((e: any) => e.action_id === actionId).map((e: any) => e.value) : []));
}

function allText(body: any): string {
  return JSON.stringify(body);
}

describe.each<Mode>(['http', 'socket'])('Slack app in %s mode against the emulator', (mode) => {
  let h: Harness;
  beforeAll(async () => {
    h = await boot(mode);
  });
  afterAll(async () => {
    await h?.app.stop();
    await h?.emu.close();
    h?.store.close();
  });

  it('checks the token with auth.test before connecting', () => {
    expect(h.emu.callsOf('auth.test').length).toBeGreaterThanOrEqual(1);
    expect(h.emu.connections).toBe(mode === 'socket' ? 1 : 0);
  });

  it('/news space answers with the Dragon story in Block Kit, with buttons', async () => {
    const { ack, rid } = await h.command('/news', 'space');
    expect(ack?.text).toBeUndefined(); // plain ack: the answer follows on response_url
    const body = await h.response(rid);
    expect(body.response_type).toBe('in_channel');
    expect(body.text).toContain('SpaceX Dragon');
    const section = body.blocks.find((b: any) => b.type === 'section' && b.text.text.includes('Dragon capsule docks'));
    expect(section.text.text).toContain('<https://news.example/dragon-docks|SpaceX Dragon capsule docks');
    expect(buttonValues(body.blocks)).toEqual([String(h.dragonStoryId)]);
    expect(buttonValues(body.blocks, 'nd_discuss')).toEqual([String(h.dragonStoryId)]);
    const context = body.blocks.find((b: any) => b.type === 'context');
    expect(context.elements.map((e: any) => e.text).join(' ')).toMatch(/Orbital Times · 3 h ago/);
  });

  it('/news with options and several words, /topics, /help and /story answer', async () => {
    const limited = await h.command('/news', 'space since:7d limit:5');
    expect(allText(await h.response(limited.rid))).toContain('Dragon capsule docks');

    const none = await h.command('/news', 'north korea');
    const noneBody = await h.response(none.rid);
    expect(noneBody.text).toContain('No stories about north korea');
    expect(allText(noneBody.blocks)).toContain('Space');

    const topics = await h.command('/topics', '');
    expect(allText(await h.response(topics.rid))).toContain('Space');

    const help = await h.command('/help', '');
    const helpBody = await h.response(help.rid);
    expect(helpBody.response_type).toBe('ephemeral');
    expect(allText(helpBody.blocks)).toContain('/news &lt;topic&gt;');

    const story = await h.command('/story', String(h.dragonStoryId));
    const storyBody = await h.response(story.rid);
    expect(storyBody.blocks[0]).toMatchObject({ type: 'header' });
    expect(allText(storyBody.blocks)).toContain('Key points');
    expect(allText(storyBody.blocks)).toContain('Orbital Times: SpaceX Dragon');
  });

  it('unknown syntax and unknown commands get a usage line, never silence', async () => {
    const bad = await h.command('/story', 'abc');
    const badBody = await h.response(bad.rid);
    expect(badBody.response_type).toBe('ephemeral');
    expect(badBody.text).toMatch(/not a whole number|Usage/);

    const missing = await h.command('/story', '');
    expect((await h.response(missing.rid)).text).toContain('Usage: /story <id>');

    const unknown = await h.command('/bogus', 'x');
    expect((await h.response(unknown.rid)).text).toContain('Unknown command /bogus');
  });

  it('an answer longer than five response_url messages is cut to five, and says so', async () => {
    const { rid } = await h.command('/huge-test', '');
    const last = await h.response(rid, 5);
    expect(last.text).toContain('more parts were left out');
    const parts = h.emu.responses.filter((r) => r.id === rid);
    expect(parts.slice(0, 4).every((r) => r.body.blocks.length <= 50)).toBe(true);
    const shown = parts.slice(0, 4).flatMap((r) => buttonValues(r.body.blocks));
    expect(shown.length).toBeGreaterThan(40);
    expect(shown).toEqual(shown.map((_, i) => String(i + 1))); // in order, none repeated
    expect(parts).toHaveLength(5);
  });

  it('More, Related and Discuss buttons answer the clicker', async () => {
    const more = await h.click('nd_more', h.dragonStoryId);
    const moreBody = await h.response(more.rid);
    expect(moreBody).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(allText(moreBody.blocks)).toContain('Key points');
    expect(allText(moreBody.blocks)).toContain('NASA said the crew would spend six months');

    const related = await h.click('nd_related', h.dragonStoryId);
    const relatedBody = await h.response(related.rid);
    expect(relatedBody.response_type).toBe('ephemeral');

    const before = h.emu.messages.length;
    const discuss = await h.click('nd_discuss', h.dragonStoryId, { channel: 'C0DISCUSS' });
    const discussBody = await h.response(discuss.rid);
    const root = h.emu.messages.find((m) => m.channel === 'C0DISCUSS' && !m.thread_ts)!;
    expect(root).toBeDefined();
    expect(discussBody.text).toContain(`https://emulated.slack.test/archives/C0DISCUSS/p${root.ts.replace('.', '')}`);
    // The story message and its key-points reply.
    expect(h.emu.messages.length - before).toBe(2);
    expect(h.emu.messages.at(-1)!.thread_ts).toBe(root.ts);

    const again = await h.click('nd_discuss', h.dragonStoryId, { channel: 'C0DISCUSS' });
    expect((await h.response(again.rid)).text).toContain(root.ts.replace('.', ''));
    expect(h.emu.messages.length - before).toBe(2); // same thread, nothing new posted
  });

  it('a digest posts one message per story with key points and sources in its thread; later coverage replies in that thread', async () => {
    const channel = 'C0DIGEST';
    // The ack (Slack allows 3 s) goes out before any work; the result follows on the response URL.
    const { ack, rid } = await h.command('/digest', '', { channel });
    expect(ack).toMatchObject({ response_type: 'ephemeral', text: 'Working…' });
    const done = await h.response(rid);
    expect(done.text).toMatch(/^Digest posted: 10 new stories/);

    const inChannel = () => h.emu.messages.filter((m) => m.channel === channel);
    const roots = inChannel().filter((m) => !m.thread_ts && buttonValues(m.blocks).length);
    expect(roots).toHaveLength(10);
    expect(inChannel().filter((m) => !m.thread_ts && m.blocks?.[0]?.type === 'header')).toHaveLength(1);
    for (const r of roots) {
      const replies = inChannel().filter((m) => m.thread_ts === r.ts);
      expect(replies.length).toBeGreaterThanOrEqual(1);
      const text = allText(replies[0].blocks);
      expect(text).toContain('Key points');
      expect(text).toContain('Sources (1)');
    }
    const dragonRoot = roots.find((r) => buttonValues(r.blocks)[0] === String(h.dragonStoryId))!;
    expect(dragonRoot).toBeDefined();
    const rows = h.store.db.prepare('SELECT count(*) AS n FROM slack_story_threads WHERE channel_id = ?').get(channel) as { n: number };
    expect(rows.n).toBe(10);

    // New coverage of the Dragon story arrives, then the next digest.
    expect(h.store.ingest(dragonFollowUp(NOW), { now: NOW }).storyId).toBe(h.dragonStoryId);
    const count = inChannel().length;
    const second = await h.command('/digest', '', { channel });
    const secondDone = await h.response(second.rid);
    expect(secondDone.text).toContain('1 with new coverage in its thread');
    const added = inChannel().slice(count);
    // Only the header and one thread reply in the Dragon thread: no story is posted twice.
    expect(added.filter((m) => !m.thread_ts)).toHaveLength(1);
    const threadReplies = added.filter((m) => m.thread_ts);
    expect(threadReplies).toHaveLength(1);
    expect(threadReplies[0].thread_ts).toBe(dragonRoot.ts);
    expect(allText(threadReplies[0].blocks)).toContain('New coverage');
    expect(allText(threadReplies[0].blocks)).toContain('Space Wire: SpaceX Dragon capsule docks at International Space Station');
    expect(allText(threadReplies[0].blocks)).not.toContain('Orbital Times');
  });

  it('two digests at once in one channel post each story once', async () => {
    const channel = 'C0TWICE';
    const [a, b] = await Promise.all([h.command('/digest', '', { channel }), h.command('/digest', '', { channel })]);
    const texts = [(await h.response(a.rid)).text, (await h.response(b.rid)).text].sort();
    expect(texts[0]).toMatch(/^Digest posted: 0 new stories, 10 already posted/);
    expect(texts[1]).toMatch(/^Digest posted: 10 new stories/);
    const ids = h.emu.messages.filter((m) => m.channel === channel && !m.thread_ts).flatMap((m) => buttonValues(m.blocks));
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it('a non-admin cannot run a command that changes the setup; admins and allow-listed users can', async () => {
    const denied = await h.command('/manage-test', 'https://example.org/rss', { user: MEMBER });
    const deniedBody = await h.response(denied.rid);
    expect(deniedBody.response_type).toBe('ephemeral');
    expect(deniedBody.text).toContain('Only people who can manage this workspace');
    expect(h.emu.callsOf('users.info').some((c) => c.args.user === MEMBER)).toBe(true);

    const admin = await h.command('/manage-test', 'https://example.org/rss', { user: ADMIN });
    expect((await h.response(admin.rid)).text).toContain('Added https://example.org/rss');

    const listed = await h.command('/manage-test', 'https://example.org/rss', { user: LISTED });
    expect((await h.response(listed.rid)).text).toContain('Added');
    expect(h.emu.callsOf('users.info').some((c) => c.args.user === LISTED)).toBe(false);

    // The real /subscribe changes the setup too.
    const sub = await h.command('/subscribe', 'space daily 08:00 Europe/Paris', { user: MEMBER, channel: 'C0SUBS' });
    expect((await h.response(sub.rid)).text).toContain('Only people who can manage this workspace');
    const adminSub = await h.command('/subscribe', 'space daily 08:00 Europe/Paris', { user: ADMIN, channel: 'C0SUBS' });
    expect(allText(await h.response(adminSub.rid))).toMatch(/space/i);
    const listing = await h.command('/subscriptions', '', { channel: 'C0SUBS' });
    expect(allText(await h.response(listing.rid))).toContain('08:00');

    // The answer is cached: a second refusal costs no second users.info call.
    const lookups = h.emu.callsOf('users.info').length;
    const deniedAgain = await h.command('/manage-test', 'https://example.org/rss', { user: MEMBER });
    expect((await h.response(deniedAgain.rid)).text).toContain('Only people who can manage');
    expect(h.emu.callsOf('users.info').length).toBe(lookups);

    // Promoted to admin: honoured once the cached answer is older than five minutes.
    h.emu.users.set(MEMBER, { is_admin: true });
    h.advance(4 * 60_000);
    const stillCached = await h.command('/manage-test', 'https://example.org/rss', { user: MEMBER });
    expect((await h.response(stillCached.rid)).text).toContain('Only people who can manage');
    h.advance(2 * 60_000);
    const promoted = await h.command('/manage-test', 'https://example.org/rss', { user: MEMBER });
    expect((await h.response(promoted.rid)).text).toContain('Added');
    expect(h.emu.callsOf('users.info').length).toBe(lookups + 1);
    h.emu.users.delete(MEMBER);
    h.advance(6 * 60_000);
  });

  it('a 429 during a digest waits Retry-After and delivers every story exactly once', async () => {
    const channel = 'C0RATE';
    h.sleeps.length = 0;
    h.emu.failNext('chat.postMessage', { status: 429, retryAfter: 2 }, { after: 3 });
    const { rid } = await h.command('/digest', '', { channel });
    expect((await h.response(rid)).text).toMatch(/^Digest posted: 10 new stories/);
    expect(h.sleeps).toEqual([2000]);
    expect(h.emu.callsOf('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(1);
    const roots = h.emu.messages.filter((m) => m.channel === channel && !m.thread_ts && buttonValues(m.blocks).length);
    const ids = roots.map((r) => buttonValues(r.blocks)[0]);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it('gives up on a Retry-After beyond the bound or after the last attempt, and says so', async () => {
    h.sleeps.length = 0;
    h.emu.failNext('chat.postMessage', { status: 429, retryAfter: 120 });
    const long = await h.command('/digest', '', { channel: 'C0RATE2' });
    expect((await h.response(long.rid)).text).toContain('Slack kept rate-limiting chat.postMessage');
    expect(h.sleeps).toEqual([]); // a two-minute wait is refused, not slept

    h.emu.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, { times: 4 });
    const many = await h.command('/digest', '', { channel: 'C0RATE3' });
    expect((await h.response(many.rid)).text).toContain('Slack kept rate-limiting chat.postMessage');
    expect(h.sleeps).toEqual([1000, 1000, 1000]); // four attempts in all
    expect(h.emu.messages.filter((m) => m.channel === 'C0RATE2' || m.channel === 'C0RATE3')).toEqual([]);
  });

  it('an oversized digest is split into messages within Slack limits, never rejected', async () => {
    const channel = 'C0BIG';
    const story = (id: number, sources: number): StoryView => ({
      id,
      title: `Big story ${id} ${'with a very long headline '.repeat(10)}`,
      url: `https://news.example/big-${id}`,
      sources: Array.from({ length: sources }, (_, i) => ({ articleId: id * 1000 + i, publisher: `Outlet ${i}`, title: `Coverage ${i} ${'of the same long event '.repeat(6)}`, url: `https://outlet${i}.example/a/${id}` })),
      publishedAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      tldr: 'A summary sentence. '.repeat(200),
      short: [],
      keyPoints: Array.from({ length: 12 }, (_, i) => `Key point ${i}: ${'detail '.repeat(80)}`),
      topics: [{ id: 'politics', label: 'Politics', score: 0.9 }],
      entities: [],
    });
    const stories = [story(9001, 1000), ...Array.from({ length: 34 }, (_, i) => story(9100 + i, 2))];
    const digest: Digest = { title: 'Big digest '.repeat(30), from: NOW.toISOString(), to: NOW.toISOString(), generatedAt: NOW.toISOString(), sections: [{ topic: { id: 'politics', label: 'Politics' }, stories }], total: stories.length };
    const violationsBefore = h.emu.violations.length;
    const posted = await h.app.publisher.post({ platform: 'slack', scope: h.emu.teamId, channel }, { kind: 'digest', digest });
    expect(h.emu.violations.slice(violationsBefore)).toEqual([]);
    const inChannel = h.emu.messages.filter((m) => m.channel === channel);
    expect(inChannel.filter((m) => !m.thread_ts)).toHaveLength(36); // header + 35 stories
    const bigRoot = inChannel.find((m) => !m.thread_ts && buttonValues(m.blocks)[0] === '9001')!;
    const bigReplies = inChannel.filter((m) => m.thread_ts === bigRoot.ts);
    expect(bigReplies.length).toBeGreaterThan(1); // 1,000 sources do not fit one message
    for (const m of bigReplies) expect(m.blocks!.length).toBeLessThanOrEqual(50);
    const listed = bigReplies.map((m) => allText(m.blocks)).join('');
    for (let i = 0; i < 1000; i++) expect(listed).toContain(`https://outlet${i}.example/a/9001"`.slice(0, -1));
    expect(posted.length).toBe(inChannel.length);

    // A 35-story list posted as one reply is split over several messages, every story kept.
    const flat = await h.app.publisher.post({ platform: 'slack', scope: h.emu.teamId, channel: 'C0BIGFLAT' }, { kind: 'stories', query: 'politics', stories, page: 1, pageCount: 1 });
    expect(flat.length).toBeGreaterThan(2);
    const flatMessages = h.emu.messages.filter((m) => m.channel === 'C0BIGFLAT');
    expect(flatMessages.flatMap((m) => buttonValues(m.blocks))).toEqual(stories.map((s) => String(s.id)));
    expect(h.emu.violations.slice(violationsBefore)).toEqual([]);
  });

  it('scheduled digests: one story per reply without a second header, new coverage in the thread, or one shared message', async () => {
    const channel = 'C0SCHEDULED';
    const ref = { platform: 'slack' as const, scope: h.emu.teamId, channel };
    const digestOf = (stories: StoryView[]): Digest => ({ title: 'Space, daily', from: NOW.toISOString(), to: NOW.toISOString(), generatedAt: NOW.toISOString(), sections: [{ topic: { id: 'space', label: 'Space' }, stories }], total: stories.length });
    const dragon = h.newsdesk.story(h.dragonStoryId)!;
    const first = await h.app.publisher.post(ref, { kind: 'digest', digest: digestOf([{ ...dragon, sources: dragon.sources.slice(0, 1) }]), threadPerStory: true, mentions: ['<!subteam^S0SPACE>'] });
    const inChannel = () => h.emu.messages.filter((m) => m.channel === channel);
    const roots = inChannel().filter((m) => !m.thread_ts);
    expect(roots).toHaveLength(1); // no header of our own: the scheduler posts its opening message
    expect(roots[0].text!.startsWith('<!subteam^S0SPACE> SpaceX Dragon')).toBe(true);
    expect(first[0].threadId).toBe(`slack:${channel}:${roots[0].ts}`);
    expect(inChannel().filter((m) => m.thread_ts === roots[0].ts)).toHaveLength(1);

    await h.app.publisher.post(ref, { kind: 'digest', digest: digestOf([dragon]), threadPerStory: true });
    expect(inChannel().filter((m) => !m.thread_ts)).toHaveLength(1);
    const replies = inChannel().filter((m) => m.thread_ts === roots[0].ts);
    expect(replies).toHaveLength(2);
    expect(allText(replies[1].blocks)).toContain('New coverage');

    const shared = h.newsdesk.digest({ latest: true, limit: 5 });
    const posted = await h.app.publisher.post({ ...ref, channel: 'C0SHARED' }, { kind: 'digest', digest: shared, threadPerStory: false });
    expect(posted).toHaveLength(1);
    const [one] = h.emu.messages.filter((m) => m.channel === 'C0SHARED');
    expect(buttonValues(one.blocks)).toHaveLength(5);
  });

  it('the Home tab shows stored topics and the subscriptions hook', async () => {
    const before = h.emu.callsOf('views.publish').length;
    await h.openHome(MEMBER);
    const call = await h.emu.waitFor(() => h.emu.callsOf('views.publish')[before], 5000, 'views.publish');
    expect(call.args.user_id).toBe(MEMBER);
    expect(call.args.view.type).toBe('home');
    const text = allText(call.args.view.blocks);
    expect(text).toContain('Space');
    expect(text).toMatch(/<#C0SUBS> `#\d+` space: daily 08:00 \(Europe\/Paris\), next 2026-11-26 07:00 UTC/);
    expect(text).toContain('Feed health is not available');
  });

  it('an error in one request never takes the app down', async () => {
    const boom = await h.command('/boom', '');
    expect((await h.response(boom.rid)).text).toMatch(/Sorry, something went wrong on our side \(error id [0-9a-f]{8}\)/);

    const priv = await h.command('/digest', '', { channel: 'CPRIVATE1' });
    expect((await h.response(priv.rid)).text).toContain('cannot post in this channel (not_in_channel)');

    h.emu.setResponseUrlStatus(500);
    const lost = await h.command('/help', '');
    await h.response(lost.rid);
    h.emu.setResponseUrlStatus(200);

    h.emu.failNext('users.info', { error: 'internal_error' });
    const failedLookup = await h.command('/manage-test', 'https://example.org/rss', { user: 'U0NEWCOMER' });
    expect((await h.response(failedLookup.rid)).text).toContain('Only people who can manage'); // fails closed

    // A Slack error that echoes the token fails one story; the others are posted, the token is not logged.
    h.emu.failNext('chat.postMessage', { error: `token_revoked ${BOT_TOKEN}` }, { after: 3 });
    const leak = await h.command('/digest', '', { channel: 'C0LEAK' });
    expect((await h.response(leak.rid)).text).toMatch(/^Digest posted: 10 new stories.*1 could not be posted/);
    expect(h.log.lines.some((l) => l.includes('token_revoked [redacted]'))).toBe(true);

    const discuss = await h.click('nd_discuss', h.dragonStoryId, { channel: 'CPRIVATE2' });
    expect((await h.response(discuss.rid)).text).toContain('cannot post in this channel (not_in_channel)');

    const after = await h.command('/news', 'space');
    expect((await h.response(after.rid)).text).toContain('SpaceX Dragon');
  });

  if (mode === 'http') {
    it('rejects a wrong signature and a 6-minute-old timestamp, changing nothing', async () => {
      const rid = 'forged';
      const body = new URLSearchParams({ command: '/digest', text: '', team_id: h.emu.teamId, channel_id: 'C0FORGED', user_id: ADMIN, response_url: h.emu.responseUrl(rid), api_app_id: 'A0NEWSDESK', trigger_id: 't' }).toString();
      const snapshot = () => ({
        calls: h.emu.calls.length,
        messages: h.emu.messages.length,
        threads: (h.store.db.prepare('SELECT count(*) AS n FROM slack_story_threads').get() as { n: number }).n,
      });
      const before = snapshot();
      const now = Math.floor(Date.now() / 1000);

      const wrong = await postSigned(h.eventsUrl!, SIGNING_SECRET, body, { signature: signSlackRequest('not-the-secret', now, body), timestamp: now });
      expect(wrong.status).toBe(401);
      const stale = await postSigned(h.eventsUrl!, SIGNING_SECRET, body, { timestamp: now - 6 * 60 });
      expect(stale.status).toBe(401);
      const tampered = await postSigned(h.eventsUrl!, SIGNING_SECRET, body.replace('C0FORGED', 'C0OTHER'), { signature: signSlackRequest(SIGNING_SECRET, now, body), timestamp: now });
      expect(tampered.status).toBe(401);

      const unsigned = await fetch(h.eventsUrl!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal: AbortSignal.timeout(5000) });
      expect(unsigned.status).toBe(401);

      // A valid request sent afterwards is answered; the rejected ones left no trace.
      const ok = await h.command('/help', '');
      await h.response(ok.rid);
      expect(h.emu.responses.filter((r) => r.id === rid)).toEqual([]);
      expect(snapshot()).toEqual(before);
    });
  }

  if (mode === 'http') {
    it('answers Slack\'s URL verification challenge and a health check', async () => {
      const body = JSON.stringify({ token: 'legacy', challenge: 'c-123', type: 'url_verification' });
      const res = await postSigned(h.eventsUrl!, SIGNING_SECRET, body, { contentType: 'application/json' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('c-123');
      const health = await fetch(h.eventsUrl!.replace('/slack/events', '/healthz'), { signal: AbortSignal.timeout(5000) });
      expect(health.status).toBe(200);
    });
  }

  if (mode === 'socket') {
    it('reconnects when Slack asks it to, and keeps answering', async () => {
      const opened = h.emu.callsOf('apps.connections.open').length;
      const connections = h.emu.connections;
      h.emu.askToReconnect();
      await h.emu.waitFor(() => h.emu.connections > connections, 5000, 'a new socket connection');
      expect(h.emu.callsOf('apps.connections.open').length).toBeGreaterThan(opened);
      const { rid } = await h.command('/news', 'space');
      expect((await h.response(rid)).text).toContain('SpaceX Dragon');
    });
  }

  it('never logs a token or the signing secret', () => {
    const all = h.log.lines.join('\n');
    expect(h.log.lines.length).toBeGreaterThan(20);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(APP_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toMatch(/xox[bp]-\d/);
  });

  it('sent nothing that breaks Slack limits', () => {
    expect(h.emu.violations).toEqual([]);
  });
});

describe('Slack app start-up', () => {
  it('refuses a bad bot token, a bad app-level token and a busy port with coded errors', async () => {
    const emu = await startSlackEmulator();
    const store = createSqliteStore(':memory:');
    const clock: Clock = { now: () => NOW };
    const newsdesk = createNewsdesk({ store, clock, log: silentLog });
    const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock, log: silentLog });
    const log = memoryLog();
    const make = (over: Partial<Parameters<typeof createSlackApp>[0]>) =>
      createSlackApp({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: emu.apiUrl, adminUsers: [], runner, newsdesk, log, clock, clientRetries: 0, ...over });
    try {
      await expect(make({ botToken: 'not-a-bot-token' }).start()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('invalid_auth') });
      await expect(make({ appToken: 'bogus-app-token' }).start()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('SLACK_APP_TOKEN') });
      const first = make({});
      const { port } = await first.start();
      await expect(make({ port }).start()).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining(`port ${port}`) });
      await first.stop();
      expect(log.lines.join('\n')).not.toContain(BOT_TOKEN);
    } finally {
      await emu.close();
      store.close();
    }
  });
});
