/**
 * The real discord.js client against a local Discord emulator on 127.0.0.1: every command,
 * autocomplete, buttons, threads in text and forum channels, permission refusals, a 429 in
 * the middle of a digest, a dropped gateway connection and an oversized digest. After each
 * test, every payload the emulator received must have been within Discord's limits.
 */
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startDiscordEmulator, type DiscordEmulator, type RecordedRequest, type SentInteraction } from './fakes/discord-emulator.js';
import { createDiscordBot, type DiscordBot } from '../../src/adapters/discord/discord-bot.js';
import { deployCommands } from '../../src/adapters/discord/deploy.js';
import { threadName } from '../../src/adapters/discord/render.js';
import { createCommandRunner } from '../../src/app/command-runner.js';
import { createNewsdesk, type Newsdesk } from '../../src/core/newsdesk.js';
import { createLogger } from '../../src/logger.js';
import type { AnalysedArticle, ChannelRef, Reply } from '../../src/core/model.js';
import { COMMANDS, findCommand } from '../../commands/index.js';
import type { CommandDefinition } from '../../commands/types.js';
import { dragonFollowUp, manyArticles, sampleStore, SAMPLE_NOW } from '../support/sample-stories.js';

/** Test-only commands standing in for setup commands not (yet) in the command list. */
const stand_ins: CommandDefinition[] = [
  {
    name: 'feeds',
    description: 'Manage feeds (test stand-in)',
    usage: '/feeds add <url>',
    options: [],
    subcommands: [
      { name: 'add', description: 'Add a feed', options: [{ name: 'url', description: 'Feed URL', type: 'string', required: true }], manages: true },
      { name: 'list', description: 'List feeds', options: [] },
    ],
    async run(input) {
      return { kind: 'text', tone: 'success', lines: [`feeds ${input.subcommand} done`] };
    },
  },
  {
    name: 'subscribe',
    description: 'Subscribe this channel (test stand-in)',
    usage: '/subscribe [topic]',
    manages: true,
    options: [{ name: 'topic', description: 'Topic', type: 'string' }],
    async run() {
      return { kind: 'text', tone: 'success', lines: ['subscribed'] };
    },
  },
];

const boom: CommandDefinition = {
  name: 'boom',
  description: 'Always fails (test only)',
  usage: '/boom',
  options: [],
  async run() {
    throw new Error('kaboom');
  },
};

/** A command that answers only when the test opens its gate (to exceed the reply deadline without sleeping). */
let openGate: () => void = () => {};
const gated: CommandDefinition = {
  name: 'gated',
  description: 'Answers when the test says so (test only)',
  usage: '/gated',
  options: [],
  async run() {
    await new Promise<void>((resolve) => {
      openGate = resolve;
    });
    return { kind: 'text', tone: 'info', lines: ['finally'] };
  },
};

function commandList(): CommandDefinition[] {
  return [...COMMANDS, ...stand_ins.filter((s) => !findCommand(s.name)), boom, gated];
}

/** Values for a command's required options, so it runs past option checks. */
function requiredOptions(def: CommandDefinition, sub?: string): Record<string, string | number | boolean> {
  const specs = sub ? def.subcommands!.find((x) => x.name === sub)!.options : def.options;
  return Object.fromEntries(
    specs
      .filter((o) => o.required)
      .map((o) => [o.name, o.type === 'integer' ? Math.max(1, o.min ?? 1) : o.type === 'boolean' ? true : o.choices?.[0]?.value ?? (o.type === 'duration' ? '1d' : 'space')]),
  );
}

interface Rig {
  emu: DiscordEmulator;
  bot: DiscordBot;
  newsdesk: Newsdesk;
  logs: string[];
}

/**
 * A debug logger whose lines are kept in `logs`. The bot token is not among its secrets: the
 * adapter itself must keep it out of the log.
 */
function capturedLog() {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  return { logs, log: createLogger({ level: 'debug', destination: sink, secrets: ['unrelated-secret-value'] }) };
}

async function boot(opts: { extra?: AnalysedArticle[]; maxMessagesPerPost?: number; deferAfterMs?: number } = {}): Promise<Rig> {
  const emu = await startDiscordEmulator();
  const { logs, log } = capturedLog();
  const clock = { now: () => SAMPLE_NOW };
  const newsdesk = createNewsdesk({ store: sampleStore({ extra: opts.extra }), clock, log });
  const runner = createCommandRunner({ commands: commandList(), newsdesk, clock, log });
  const bot = createDiscordBot({
    token: emu.token,
    applicationId: emu.applicationId,
    apiUrl: emu.apiUrl,
    runner,
    newsdesk,
    log,
    clock,
    restRetries: 0,
    maxMessagesPerPost: opts.maxMessagesPerPost,
    deferAfterMs: opts.deferAfterMs,
  });
  await bot.start();
  return { emu, bot, newsdesk, logs };
}

async function shutdown(rig: Rig | undefined) {
  if (!rig) return;
  await rig.bot.stop();
  await rig.emu.close();
}

/** The callback of an interaction, once it arrived. */
function callback(emu: DiscordEmulator, it: SentInteraction): Promise<RecordedRequest> {
  return emu.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${it.id}/${it.token}/callback`, 15_000, 'the interaction callback');
}

/** Every request made with the interaction's token, once `count` have arrived. */
function exchange(emu: DiscordEmulator, it: SentInteraction, count: number): Promise<RecordedRequest[]> {
  return emu.waitUntil(() => {
    const list = emu.requestsFor(it).filter((r) => r.status < 300);
    return list.length >= count ? list : undefined;
  }, 15_000, `${count} requests for the interaction`);
}

function allText(body: any): string {
  return JSON.stringify(body ?? {});
}

describe('Discord bot against the emulator', () => {
  let rig: Rig;
  beforeAll(async () => {
    // Two more space stories besides Dragon, so lookups have several pages.
    rig = await boot({ extra: manyArticles(6) });
  });
  afterAll(async () => {
    await shutdown(rig);
  });
  afterEach(() => {
    // Checked after each test and cleared, so one bad payload fails only its own test.
    const found = rig.emu.violations.splice(0);
    expect(found).toEqual([]);
  });

  test('given stories about space, /news topic:space answers with an embed for the Dragon story within the deadline', async () => {
    const { emu } = rig;
    const it = emu.sendCommand('news', { options: { topic: 'space' } });
    const cb = await callback(emu, it);
    // A direct reply (type 4), measured on the emulator's clock from dispatch to callback.
    expect(cb.body.type).toBe(4);
    expect(cb.at - it.at).toBeLessThan(3000);
    const embeds: any[] = cb.body.data.embeds;
    const dragon = embeds.find((e) => /Dragon/.test(e.title));
    expect(dragon).toBeDefined();
    expect(dragon.url).toBe('https://news.example/dragon-docks');
    expect(dragon.description).toContain('[Orbital Times](https://news.example/dragon-docks)');
    expect(dragon.description).toMatch(/updated 3 h ago/);
    expect(dragon.footer.text).toContain('Space');
    const ids = cb.body.data.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id));
    expect(ids).toEqual(expect.arrayContaining(['nd:more:1', 'nd:related:1', 'nd:discuss:1']));
  });

  test('given a partial topic, autocomplete answers with at most 25 choices including Space', async () => {
    const { emu } = rig;
    const it = emu.sendAutocomplete('news', 'topic', { options: { topic: 'sp' } });
    const cb = await callback(emu, it);
    expect(cb.body.type).toBe(8);
    const choices: { name: string; value: string }[] = cb.body.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices).toContainEqual({ name: 'Space', value: 'space' });
    expect(choices.some((c) => c.value === 'spacex')).toBe(true);
  });

  test('/help, /topics and /story answer directly; /help is ephemeral', async () => {
    const { emu } = rig;
    const help = await callback(emu, emu.sendCommand('help'));
    expect(help.body.type).toBe(4);
    expect(help.body.data.flags).toBe(64);
    expect(allText(help.body)).toContain('/news <topic>');

    const topics = await callback(emu, emu.sendCommand('topics'));
    expect(topics.body.type).toBe(4);
    expect(allText(topics.body)).toContain('**Space**');

    const story = await callback(emu, emu.sendCommand('story', { options: { id: 1 } }));
    expect(story.body.type).toBe(4);
    const text = allText(story.body);
    expect(text).toContain('Key points');
    expect(text).toContain('https://news.example/dragon-docks');
    const ids = story.body.data.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id));
    expect(ids).toEqual(['nd:related:1', 'nd:discuss:1']);
  });

  test('a lookup with no match lists the topics that have stories', async () => {
    const { emu } = rig;
    const cb = await callback(emu, emu.sendCommand('news', { options: { topic: 'zzqx unknown words' } }));
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.embeds[0].title).toContain('Nothing found');
    expect(allText(cb.body)).toContain('Space');
  });

  test('a story that does not exist gets an ephemeral explanation, not an error id', async () => {
    const { emu } = rig;
    const cb = await callback(emu, emu.sendCommand('story', { options: { id: 999 } }));
    expect(cb.body.data.flags).toBe(64);
    expect(allText(cb.body)).toContain('There is no story 999');
    expect(allText(cb.body)).not.toContain('error id');
  });

  test('"More" shows the key points ephemerally and "Related" lists similar stories ephemerally', async () => {
    const { emu } = rig;
    const more = await callback(emu, emu.clickButton('nd:more:1'));
    expect(more.body.type).toBe(4);
    expect(more.body.data.flags).toBe(64);
    expect(allText(more.body)).toContain('Key points');
    expect(allText(more.body)).toContain('200 experiments');

    const related = await callback(emu, emu.clickButton('nd:related:1'));
    expect(related.body.type).toBe(4);
    expect(related.body.data.flags).toBe(64);
  });

  test('paging buttons on a lookup update the message with the next page', async () => {
    const { emu } = rig;
    const first = await callback(emu, emu.sendCommand('news', { options: { topic: 'space', limit: 1 } }));
    expect(first.body.type).toBe(4);
    const ids: string[] = first.body.data.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id));
    const next = ids.find((id) => id.startsWith('nd:page:2:'));
    expect(next).toBe('nd:page:2:1::space');
    const page2 = await callback(emu, emu.clickButton(next!));
    expect(page2.body.type).toBe(7);
    expect(page2.body.data.content).toMatch(/page 2 of \d+/);
    expect(page2.body.data.embeds[0].title).not.toBe(first.body.data.embeds[0].title);
    const ids2: string[] = page2.body.data.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id));
    expect(ids2).toContain('nd:page:1:1::space');
  });

  test('"Discuss" opens the story\'s thread once and links to it afterwards', async () => {
    const { emu } = rig;
    const before = emu.threadsOf(emu.textChannelId).length;
    const it = emu.clickButton('nd:discuss:3');
    const [cb, edit] = await exchange(emu, it, 2);
    expect(cb.body.type).toBe(5);
    expect(cb.body.data.flags).toBe(64);
    expect(edit.method).toBe('PATCH');
    const threads = emu.threadsOf(emu.textChannelId);
    expect(threads.length).toBe(before + 1);
    const thread = threads[threads.length - 1];
    expect(edit.body.content).toContain(`<#${thread.id}>`);
    expect(thread.name).toBe('Central bank holds interest rates steady as inflation cools');
    expect(allText(thread.messages)).toContain('Key points');

    const again = emu.clickButton('nd:discuss:3');
    const [, edit2] = await exchange(emu, again, 2);
    expect(edit2.body.content).toContain(`<#${thread.id}>`);
    expect(emu.threadsOf(emu.textChannelId).length).toBe(before + 1);

    // Someone deleted the thread: the next click opens a new one.
    emu.channels.delete(thread.id);
    const third = emu.clickButton('nd:discuss:3');
    const [, edit3] = await exchange(emu, third, 2);
    const replaced = emu.threadsOf(emu.textChannelId).find((t) => t.name === thread.name)!;
    expect(replaced.id).not.toBe(thread.id);
    expect(edit3.body.content).toContain(`Opened a discussion: <#${replaced.id}>`);
  });

  test('a member without Manage Server cannot add a feed or subscribe; a manager can', async () => {
    const { emu } = rig;
    // Required options filled, so the refusal is about permissions and not a missing option.
    const required = (name: string, sub?: string) => {
      const def = commandList().find((c) => c.name === name)!;
      const specs = sub ? def.subcommands!.find((x) => x.name === sub)!.options : def.options;
      return Object.fromEntries(specs.filter((o) => o.required).map((o) => [o.name, o.type === 'integer' ? 1 : o.type === 'boolean' ? true : o.choices?.[0]?.value ?? (o.type === 'duration' ? '1d' : 'https://feeds.example/rss.xml')]));
    };
    const options = required('feeds', 'add');
    for (const perms of [emu.perms.plain]) {
      const add = await callback(emu, emu.sendCommand('feeds', { subcommand: 'add', options, permissions: perms }));
      expect(add.body.data.flags).toBe(64);
      expect(allText(add.body)).toContain('Only people who can manage this server');
      const sub = await callback(emu, emu.sendCommand('subscribe', { options: required('subscribe'), permissions: perms }));
      expect(sub.body.data.flags).toBe(64);
      expect(allText(sub.body)).toContain('Only people who can manage this server');
    }
    for (const perms of [emu.perms.manageGuild, emu.perms.manageChannels, emu.perms.admin]) {
      const it = emu.sendCommand('subscribe', { options: required('subscribe'), permissions: perms });
      const [first] = await exchange(emu, it, 1);
      const all = emu.requestsFor(it);
      expect(allText(all.map((r) => r.body))).not.toContain('Only people who can manage');
      expect(first.status).toBeLessThan(300);
    }
  });

  test('an error inside a command shows an error id, and the bot keeps answering', async () => {
    const { emu, logs } = rig;
    const cb = await callback(emu, emu.sendCommand('boom'));
    expect(cb.body.data.flags).toBe(64);
    const id = /error id ([0-9a-f]{8})/.exec(allText(cb.body))?.[1];
    expect(id).toBeDefined();
    expect(logs.join('')).toContain(id!);

    // A failure of Discord itself while answering: the handler's boundary logs it.
    emu.failNext('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, 500);
    const broken = emu.sendCommand('help');
    await emu.waitForRequest((r) => r.path.includes(broken.token) && r.status === 500);
    await emu.waitUntil(() => (logs.some((l) => l.includes('discord interaction failed')) ? true : undefined), 15_000, 'the failure logged');
    const ok = await callback(emu, emu.sendCommand('help'));
    expect(ok.status).toBe(204);
  });

  test('every command (and subcommand) gets an answer within the deadline, with no internal error', async () => {
    const { emu } = rig;
    for (const def of commandList().filter((c) => c !== boom && c !== gated)) {
      const subs = def.subcommands?.length ? def.subcommands.map((x) => x.name) : [undefined];
      for (const sub of subs) {
        const it = emu.sendCommand(def.name, { subcommand: sub, options: requiredOptions(def, sub) });
        const cb = await callback(emu, it);
        expect(cb.status, `/${def.name} ${sub ?? ''}`).toBe(204);
        expect(cb.at - it.at).toBeLessThan(3000);
        if (cb.body.type === 5) await exchange(emu, it, 2);
        const text = allText(emu.requestsFor(it).map((r) => r.body));
        expect(text, `/${def.name} ${sub ?? ''}`).not.toContain('something went wrong');
        // The options arrived as the command expects them (a parsing problem answers with its usage).
        expect(text, `/${def.name} ${sub ?? ''}`).not.toMatch(/Usage: |Unknown command/);
      }
    }
  });

  test('a slow /digest whose answer is ephemeral replaces the public deferral with an ephemeral follow-up', async () => {
    const { emu } = rig;
    const it = emu.sendCommand('digest', { options: { topic: 'zzqx nothing matches' } });
    const [defer, del, follow] = await exchange(emu, it, 3);
    expect(defer.body.type).toBe(5);
    expect(del.method).toBe('DELETE');
    expect(follow.method).toBe('POST');
    expect(follow.body.flags).toBe(64);
    expect(allText(follow.body)).toContain('No stories about');
  });

  test('/digest in a text channel defers, posts the digest and opens one thread per story with key points and every source', async () => {
    const { emu, newsdesk } = rig;
    const it = emu.sendCommand('digest', { options: { limit: 4 } });
    const [defer, edit] = await exchange(emu, it, 2);
    expect(defer.body.type).toBe(5);
    expect(defer.at - it.at).toBeLessThan(3000);
    expect(edit.method).toBe('PATCH');
    expect(edit.path.endsWith('/messages/@original')).toBe(true);
    const stories = newsdesk.digest({ limit: 4, latest: true }).sections.flatMap((s) => s.stories);
    expect(stories.length).toBe(4);
    const threads = await emu.waitUntil(() => {
      const list = emu.threadsOf(emu.textChannelId).filter((t) => stories.some((s) => t.name === threadName(s.title)) && t.messages.length > 0);
      return list.length >= stories.length ? list : undefined;
    }, 15_000, 'one thread per digest story');
    for (const s of stories) {
      const mine = threads.filter((t) => t.name === threadName(s.title));
      expect(mine).toHaveLength(1);
      expect(mine[0].name.length).toBeLessThanOrEqual(100);
      expect(s.title.startsWith(mine[0].name.replace(/…$/, ''))).toBe(true);
      const text = allText(mine[0].messages);
      for (const p of s.keyPoints) expect(text).toContain(p.slice(0, 60));
      for (const src of s.sources) expect(text).toContain(src.url!);
    }
  });
});

describe('publishing digests to channels', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    const v = rig?.emu.violations ?? [];
    await shutdown(rig);
    rig = undefined;
    expect(v).toEqual([]);
  });

  function channel(r: Rig, id: string): ChannelRef {
    return { platform: 'discord', scope: r.emu.guildId, channel: id };
  }

  test('a digest in a forum channel makes one post per story with forum tags for its topics; new coverage goes to the same post', async () => {
    rig = await boot();
    const { emu, bot, newsdesk } = rig;
    const digest = newsdesk.digest({ limit: 5, latest: true });
    const posted = await bot.publisher.post(channel(rig, emu.forumChannelId), { kind: 'digest', digest });
    const stories = digest.sections.flatMap((s) => s.stories);
    const posts = emu.threadsOf(emu.forumChannelId);
    expect(posts).toHaveLength(stories.length);
    expect(posted.map((p) => p.threadId).sort()).toEqual(posts.map((p) => p.id).sort());
    const forum = emu.channels.get(emu.forumChannelId)!;
    for (const s of stories) {
      const post = posts.find((p) => p.name === threadName(s.title))!;
      expect(post).toBeDefined();
      const tagNames = (post.applied_tags ?? []).map((id) => forum.available_tags!.find((t) => t.id === id)?.name);
      expect(tagNames).toEqual(s.topics.slice(0, 5).map((t) => t.label.slice(0, 20)));
      expect(allText(post.messages)).toContain(s.sources[0].url!);
    }
    // A scheduled digest's header (a text reply) has no place in a forum: skipped, not failed.
    expect(await bot.publisher.post(channel(rig, emu.forumChannelId), { kind: 'text', tone: 'info', title: 'Space digest', lines: ['One thread per story below.'] })).toEqual([]);
    // No plain message is ever sent to a forum.
    expect(emu.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${emu.forumChannelId}/messages`)).toHaveLength(0);

    const dragonPost = posts.find((p) => /Dragon/.test(p.name))!;
    const joined = newsdesk.store.ingest(dragonFollowUp(), { now: SAMPLE_NOW });
    expect(joined.newStory).toBe(false);
    await bot.publisher.post(channel(rig, emu.forumChannelId), { kind: 'digest', digest: newsdesk.digest({ limit: 5, latest: true }) });
    expect(emu.threadsOf(emu.forumChannelId)).toHaveLength(stories.length);
    expect(dragonPost.messages).toHaveLength(2);
    expect(allText(dragonPost.messages[1])).toContain('https://other.example/dragon-docking-iss');
    for (const p of emu.threadsOf(emu.forumChannelId).filter((x) => x !== dragonPost)) expect(p.messages).toHaveLength(1);
  });

  test('a threaded digest in a text channel posts one message per story with its thread; later coverage goes into that thread, never a new one', async () => {
    rig = await boot();
    const { emu, bot, newsdesk } = rig;
    const ref = channel(rig, emu.textChannelId);
    const first = newsdesk.digest({ limit: 5, latest: true });
    const posted = await bot.publisher.post(ref, { kind: 'digest', digest: first });
    const stories = first.sections.flatMap((x) => x.stories);
    const main = emu.channels.get(emu.textChannelId)!;
    // A header, then one message per story, each with a thread hanging from it.
    expect(main.messages).toHaveLength(1 + stories.length);
    const threads = emu.threadsOf(emu.textChannelId);
    expect(threads).toHaveLength(stories.length);
    for (const t of threads) expect(main.messages.some((m) => m.id === t.id)).toBe(true);
    expect(emu.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages\/\d+\/threads$/.test(r.path))).toHaveLength(stories.length);
    expect(posted.filter((p) => p.threadId)).toHaveLength(stories.length);
    const dragon = threads.find((t) => /Dragon/.test(t.name))!;
    expect(dragon.messages).toHaveLength(1);
    expect(allText(dragon.messages)).toContain('Key points');

    newsdesk.store.ingest(dragonFollowUp(), { now: SAMPLE_NOW });
    await bot.publisher.post(ref, { kind: 'digest', digest: newsdesk.digest({ limit: 5, latest: true }) });
    expect(emu.threadsOf(emu.textChannelId)).toHaveLength(stories.length);
    // Nothing new in the channel itself: every story already had its thread.
    expect(main.messages).toHaveLength(1 + stories.length);
    expect(dragon.messages).toHaveLength(2);
    expect(allText(dragon.messages[1])).toContain('New coverage');
    expect(allText(dragon.messages[1])).toContain('https://other.example/dragon-docking-iss');
    // Unchanged stories get nothing new.
    for (const t of emu.threadsOf(emu.textChannelId).filter((x) => x !== dragon)) expect(t.messages).toHaveLength(1);
  });

  test('a scheduled single-story digest mentions only the given role and hangs the thread from the story message', async () => {
    rig = await boot();
    const { emu, bot, newsdesk } = rig;
    const d = newsdesk.digest({ topic: 'space', latest: true });
    const one = { ...d, sections: [{ ...d.sections[0], stories: d.sections[0].stories.slice(0, 1) }], total: 1 };
    await bot.publisher.post(channel(rig, emu.textChannelId), { kind: 'digest', digest: one, threadPerStory: true, mentions: ['<@&555000000000000001>'] });
    const [m] = emu.channels.get(emu.textChannelId)!.messages;
    expect(m.content).toBe('<@&555000000000000001>');
    expect(m.allowed_mentions).toEqual({ parse: [], roles: ['555000000000000001'] });
    expect(m.embeds).toHaveLength(1);
    expect(m.embeds[0].title).toMatch(/^SpaceX Dragon/);
    const [thread] = emu.threadsOf(emu.textChannelId);
    expect(thread.id).toBe(m.id);
    expect(thread.name).toBe(threadName(one.sections[0].stories[0].title));
  });

  test('a threaded digest larger than the message budget threads what fits and says how many are left', async () => {
    rig = await boot({ maxMessagesPerPost: 4 });
    const { emu, bot, newsdesk } = rig;
    await bot.publisher.post(channel(rig, emu.textChannelId), { kind: 'digest', digest: newsdesk.digest({ limit: 8, latest: true }) });
    const msgs = emu.channels.get(emu.textChannelId)!.messages;
    expect(msgs).toHaveLength(4);
    expect(emu.threadsOf(emu.textChannelId)).toHaveLength(2);
    expect(allText(msgs[3])).toContain('and 6 more stories');
  });

  test('a 30-story digest is split into valid messages of at most 5 stories, and a 429 in the middle is waited out', async () => {
    rig = await boot({ extra: manyArticles(30), maxMessagesPerPost: 10 });
    const { emu, bot, newsdesk } = rig;
    const digest = newsdesk.digest({ limit: 30, latest: true });
    expect(digest.total).toBe(30);
    const path = `/channels/${emu.textChannelId}/messages`;
    emu.rateLimitNext('POST', new RegExp(`^${path}$`), 0.25, { skip: 2 });
    const reply: Reply = { kind: 'digest', digest, threadPerStory: false };
    await bot.publisher.post(channel(rig, emu.textChannelId), reply);

    const sends = emu.requests.filter((r) => r.method === 'POST' && r.path === path);
    const limited = sends.findIndex((r) => r.status === 429);
    expect(limited).toBe(2);
    // The client waited the retry-after before sending the same payload again.
    expect(sends[limited + 1].at - sends[limited].at).toBeGreaterThanOrEqual(240);
    expect(sends[limited + 1].body).toEqual(sends[limited].body);
    const delivered = emu.channels.get(emu.textChannelId)!.messages;
    expect(delivered.length).toBeGreaterThan(1);
    expect(delivered.length).toBeLessThanOrEqual(10);
    const storyTitles = delivered.flatMap((m) => m.embeds.filter((e: any) => e.footer?.text?.startsWith('Story #')));
    expect(storyTitles).toHaveLength(30);
    for (const m of delivered) {
      expect(m.embeds.filter((e: any) => e.footer?.text?.startsWith('Story #')).length).toBeLessThanOrEqual(5);
    }
    // Sequential: no two sends to the channel overlapped out of order.
    const ats = sends.map((r) => r.at);
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    // One shared post: no threads (they open on "Discuss").
    expect(emu.threadsOf(emu.textChannelId)).toHaveLength(0);
  });

  test('with a small message budget, a long digest is shortened with a note instead of flooding', async () => {
    rig = await boot({ extra: manyArticles(30), maxMessagesPerPost: 3 });
    const { emu, bot, newsdesk } = rig;
    await bot.publisher.post(channel(rig, emu.textChannelId), { kind: 'digest', digest: newsdesk.digest({ limit: 30, latest: true }), threadPerStory: false });
    const delivered = emu.channels.get(emu.textChannelId)!.messages;
    expect(delivered).toHaveLength(3);
    expect(allText(delivered[2])).toMatch(/and \d+ more stories/);
  });

  test('a dropped gateway connection is resumed and later commands still work; tokens never reach the log', async () => {
    rig = await boot();
    const { emu, logs } = rig;
    emu.dropGateway();
    await emu.waitForResume();
    const cb = await callback(emu, emu.sendCommand('news', { options: { topic: 'space' } }));
    expect(cb.body.type).toBe(4);
    expect(emu.identifies).toBe(1);
    const log = logs.join('');
    expect(log).toContain('discord bot ready');
    expect(log).not.toContain(emu.token);
    for (const r of emu.requests) {
      const t = /\/(itok_[0-9a-f]+)/.exec(r.path)?.[1];
      if (t) expect(log).not.toContain(t);
    }
  });

  test('a command still running near the deadline is deferred, then its answer edits the original', async () => {
    rig = await boot({ deferAfterMs: 100 });
    const { emu } = rig;
    const it = emu.sendCommand('gated');
    const defer = await callback(emu, it);
    expect(defer.body.type).toBe(5);
    expect(defer.at - it.at).toBeLessThan(3000);
    openGate();
    const [, edit] = await exchange(emu, it, 2);
    expect(edit.method).toBe('PATCH');
    expect(allText(edit.body)).toContain('finally');
  });

  test('a wrong token makes start() fail with a clear message and the token stays out of the log', async () => {
    const emu = await startDiscordEmulator();
    const { logs, log } = capturedLog();
    const clock = { now: () => SAMPLE_NOW };
    const newsdesk = createNewsdesk({ store: sampleStore(), clock, log });
    const wrong = 'MTIzNDU2.wrong-token-value.abcdef';
    const bot = createDiscordBot({ token: wrong, applicationId: emu.applicationId, apiUrl: emu.apiUrl, runner: createCommandRunner({ commands: COMMANDS, newsdesk, clock, log }), newsdesk, log, clock, restRetries: 0 });
    try {
      const err = (await bot.start().catch((e: unknown) => e)) as Error;
      expect(err.message).toMatch(/Discord login failed/);
      expect(err.message).not.toContain(wrong);
      expect(logs.join('')).toContain('discord login failed');
      expect(logs.join('')).not.toContain(wrong);
    } finally {
      await bot.stop();
      await emu.close();
    }
  });

  test('deploy registers guild commands once and skips when unchanged', async () => {
    rig = await boot();
    const { emu, newsdesk } = rig;
    const base = { token: emu.token, applicationId: emu.applicationId, apiUrl: emu.apiUrl, db: newsdesk.store.db, commands: COMMANDS };
    const first = await deployCommands({ ...base, guildId: emu.guildId });
    expect(first.status).toBe('registered');
    expect(first.scope).toBe('guild');
    const registered = emu.commands.get(emu.guildId)!;
    expect(registered.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    const second = await deployCommands({ ...base, guildId: emu.guildId });
    expect(second.status).toBe('unchanged');
    expect(emu.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    const global = await deployCommands(base);
    expect(global.status).toBe('registered');
    expect(global.scope).toBe('global');
    expect(emu.commands.get('global')).toHaveLength(COMMANDS.length);
  });
});
