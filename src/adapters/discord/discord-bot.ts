/**
 * The Discord bot: the discord.js client, one interaction handler with its own error boundary,
 * and the Publisher that posts replies and digests (with discussion threads) to channels.
 */
import { ApplicationCommandOptionType, Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  CommandInteractionOption,
  Interaction,
  RepliableInteraction,
} from 'discord.js';
import type { Reply, StoryView } from '../../core/model.js';
import type { Clock, Log, Publisher } from '../../core/ports.js';
import type { Newsdesk } from '../../core/newsdesk.js';
import { newErrorId, type CommandRunner, type Invocation } from '../../app/command-runner.js';
import { applyDiscordMigrations } from './discord-migrations.js';
import { canManage } from './permissions.js';
import { parsePageCustomId, parseStoryCustomId, render, renderThreadStart, type DiscordMessage } from './render.js';
import { createStoryThreads, describe, payload, type StoryThreads } from './threads.js';
import { capMessages, createDiscordPublisher, digestStories } from './discord-publisher.js';

/** Options of {@link createDiscordBot}. */
export interface DiscordBotOptions {
  token: string;
  applicationId: string;
  /** Base URL of the REST API (tests point it at an emulator on 127.0.0.1), e.g. `http://127.0.0.1:1234/api`. */
  apiUrl?: string;
  runner: CommandRunner;
  newsdesk: Newsdesk;
  log: Log;
  clock: Clock;
  /** Most messages one reply or digest may post to a channel (default 12); the rest is summarised in a last line. */
  maxMessagesPerPost?: number;
  /** Most discussion threads a digest opens or updates per run (default 10); others open on "Discuss". */
  maxThreadsPerPost?: number;
  /** A command still running after this many ms is deferred (default 2000; Discord's deadline is 3 s). */
  deferAfterMs?: number;
  /** REST retries on 5xx and network errors (default 3). 429s are always waited out and retried. */
  restRetries?: number;
}

/** A running Discord bot. */
export interface DiscordBot {
  start(): Promise<void>;
  stop(): Promise<void>;
  publisher: Publisher;
}

/** Creates the bot; nothing connects until {@link DiscordBot.start}. */
export function createDiscordBot(opts: DiscordBotOptions): DiscordBot {
  const { token, runner, newsdesk, clock } = opts;
  const log = opts.log.child({ adapter: 'discord' });
  const maxMessages = Math.max(2, opts.maxMessagesPerPost ?? 12);
  const maxThreads = opts.maxThreadsPerPost ?? 10;
  const deferAfterMs = opts.deferAfterMs ?? 2000;
  let client: Client | undefined;
  let threads: StoryThreads | undefined;

  /** Removes the bot token and interaction tokens from text bound for the log. */
  const scrub = (text: string) =>
    (token.length >= 6 ? text.split(token).join('[redacted]') : text)
      .replace(/(\/webhooks\/\d+\/)[^/\s?]+/g, '$1[redacted]')
      .replace(/(\/interactions\/\d+\/)[^/\s?]+/g, '$1[redacted]');
  const safe = (err: unknown) => {
    const d = describe(err);
    return { ...d, message: scrub(d.message) };
  };

  function invocation(i: Interaction): Invocation {
    return {
      channel: { platform: 'discord', scope: i.guildId ?? 'dm', channel: i.channelId ?? 'unknown' },
      caller: { id: i.user.id, name: i.user.username, canManage: canManage(i.memberPermissions?.bitfield ?? rawPermissions(i)) },
    };
  }

  function commandInput(i: ChatInputCommandInteraction | AutocompleteInteraction): { subcommand?: string; options: Record<string, string | number | boolean | undefined> } {
    let list: readonly CommandInteractionOption[] = i.options.data;
    let subcommand: string | undefined;
    // Discord leaves `options` out of a subcommand that has none: recognise it by type.
    let sub = list.find((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup);
    if (sub?.type === ApplicationCommandOptionType.SubcommandGroup) sub = sub.options?.[0];
    if (sub) {
      subcommand = sub.name;
      list = sub.options ?? [];
    }
    const options: Record<string, string | number | boolean | undefined> = {};
    for (const o of list) if (o.value !== undefined && o.value !== null) options[o.name] = o.value;
    return { subcommand, options };
  }

  function cap(messages: DiscordMessage[]): DiscordMessage[] {
    if (messages.length > maxMessages) log.warn({ messages: messages.length, max: maxMessages }, 'reply shortened to stay within the message budget');
    return capMessages(messages, maxMessages);
  }

  async function answer(i: RepliableInteraction, messages: DiscordMessage[], ephemeral: boolean, deferred: boolean): Promise<void> {
    const list = cap(messages);
    const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
    let rest = list;
    if (deferred) {
      if (ephemeral) {
        // The deferral was public; an ephemeral answer replaces it.
        await i.deleteReply();
      } else {
        await i.editReply(payload(list[0]));
        rest = list.slice(1);
      }
    } else {
      await i.reply({ ...payload(list[0]), flags });
      rest = list.slice(1);
    }
    for (const m of rest) await i.followUp({ ...payload(m), flags });
  }

  /** Resolves with the value, or with undefined once `ms` have passed. */
  function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, ms, undefined);
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  }

  async function onCommand(i: ChatInputCommandInteraction): Promise<void> {
    const at = invocation(i);
    const def = runner.find(i.commandName);
    const input = commandInput(i);
    let deferred = false;
    // A refused setup command answers privately at once instead of deferring in public.
    if (def?.slow && !runner.isRefused(i.commandName, input.subcommand, at)) {
      await i.deferReply();
      deferred = true;
    }
    const pending = runner.run(i.commandName, input, at);
    let reply: Reply | undefined = deferred ? await pending : await within(pending, deferAfterMs);
    if (!reply) {
      await i.deferReply();
      deferred = true;
      reply = await pending;
    }
    const messages = render(reply, { now: clock.now(), pageSize: num(input.options.limit), since: str(input.options.since) });
    await answer(i, messages, reply.ephemeral === true, deferred);
    log.debug({ command: i.commandName, kind: reply.kind, messages: messages.length, deferred }, 'command answered');
    if (reply.kind === 'digest' && !reply.ephemeral && i.guildId && i.channelId) {
      await digestThreads(i.channelId, digestStories(reply));
    }
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const found = await runner.suggest(i.commandName, focused.name, String(focused.value ?? ''), invocation(i));
    const choices = found
      .filter((c) => c.name && c.value)
      .slice(0, 25)
      .map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) }));
    await i.respond(choices);
  }

  function storyGone(id: number): DiscordMessage[] {
    return render({ kind: 'text', tone: 'warning', lines: [`Story ${id} is no longer available.`], ephemeral: true }, { now: clock.now() });
  }

  async function onButton(i: ButtonInteraction): Promise<void> {
    const id = i.customId;
    const page = parsePageCustomId(id);
    if (page) {
      const reply = await runner.run('news', { options: { topic: page.query, page: page.page, limit: page.pageSize, since: page.since } }, invocation(i));
      const messages = cap(render(reply, { now: clock.now(), pageSize: page.pageSize, since: page.since }));
      if (reply.kind !== 'stories') return answer(i, messages, true, false);
      await i.update(payload(messages[0]));
      for (const m of messages.slice(1)) await i.followUp(payload(m));
      return;
    }
    const action = parseStoryCustomId(id);
    if (!action) {
      if (id.startsWith('nd:noop')) return void (await i.deferUpdate());
      return answer(i, render({ kind: 'text', tone: 'warning', lines: ['This button is no longer valid.'], ephemeral: true }, { now: clock.now() }), true, false);
    }
    const story = newsdesk.story(action.storyId);
    if (action.action === 'more') {
      return answer(i, story ? renderThreadStart(story, clock.now()) : storyGone(action.storyId), true, false);
    }
    if (action.action === 'related') {
      const related = story ? newsdesk.related(story.id, 5) : [];
      const reply: Reply = related.length
        ? { kind: 'stories', query: `related to #${action.storyId}`, stories: related, page: 1, pageCount: 1, ephemeral: true }
        : { kind: 'text', tone: 'info', lines: [story ? 'No related stories yet.' : `Story ${action.storyId} is no longer available.`], ephemeral: true };
      return answer(i, render(reply, { now: clock.now() }), true, false);
    }
    // Discuss: opening a thread takes a few REST calls, so defer first.
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    if (!story) return void (await i.editReply(payload(storyGone(action.storyId)[0])));
    const channelId = i.channel?.isThread() ? i.channel.parentId : i.channelId;
    if (!channelId || !i.guildId) {
      await i.editReply({ content: 'Discussion threads are only available in a server channel.' });
      return;
    }
    const outcome = await threadKeeper().open(channelId, story);
    await i.editReply({ content: `${outcome.created ? 'Opened a discussion' : 'Discussion'}: <#${outcome.threadId}>` });
  }

  async function handle(i: Interaction): Promise<void> {
    try {
      if (i.isChatInputCommand()) await onCommand(i);
      else if (i.isAutocomplete()) await onAutocomplete(i);
      else if (i.isButton()) await onButton(i);
    } catch (err) {
      const errorId = newErrorId();
      log.error({ errorId, interaction: i.type, command: i.isCommand() || i.isAutocomplete() ? i.commandName : undefined, err: safe(err) }, 'discord interaction failed');
      if (!i.isRepliable()) return;
      const content = `Sorry, something went wrong on our side (error id ${errorId}).`;
      try {
        if (i.deferred || i.replied) await i.followUp({ content, flags: MessageFlags.Ephemeral });
        else await i.reply({ content, flags: MessageFlags.Ephemeral });
      } catch (err2) {
        log.warn({ errorId, err: safe(err2) }, 'could not tell the user about a failure');
      }
    }
  }

  function threadKeeper(): StoryThreads {
    if (!client || !threads) throw new Error('the Discord bot is not started');
    return threads;
  }

  async function digestThreads(channelId: string, stories: StoryView[]) {
    const picked = stories.slice(0, maxThreads);
    try {
      return await threadKeeper().publish(channelId, picked);
    } catch (err) {
      log.warn({ channelId, err: safe(err) }, 'story threads failed');
      return [];
    }
  }

  const publisher = createDiscordPublisher({
    rest: () => {
      if (!client) throw new Error('the Discord bot is not started');
      return client.rest;
    },
    threads: threadKeeper,
    clock,
    log,
    maxMessages,
    maxThreads,
    scrub,
  });

  return {
    publisher,
    async start() {
      applyDiscordMigrations(newsdesk.store.db);
      const c = new Client({
        intents: [GatewayIntentBits.Guilds],
        rest: { ...(opts.apiUrl ? { api: opts.apiUrl } : {}), retries: opts.restRetries ?? 3, timeout: 15_000 },
        ...(opts.apiUrl ? { waitGuildTimeout: 1000 } : {}),
      });
      c.on(Events.InteractionCreate, (i) => void handle(i));
      c.on(Events.Error, (err) => log.error({ err: safe(err) }, 'discord client error'));
      c.on(Events.ShardDisconnect, (ev, shard) => log.warn({ shard, code: ev.code }, 'discord gateway disconnected'));
      c.on(Events.ShardReconnecting, (shard) => log.info({ shard }, 'discord gateway reconnecting'));
      c.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'discord gateway resumed'));
      c.rest.on('rateLimited', (info) => log.warn({ route: scrub(info.route), method: info.method, retryAfterMs: info.retryAfter, global: info.global }, 'discord rate limit; waiting'));
      const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
      client = c;
      threads = createStoryThreads({ rest: c.rest, db: newsdesk.store.db, clock, log });
      try {
        await c.login(token);
      } catch (err) {
        client = undefined;
        await c.destroy().catch(() => undefined);
        log.error({ err: safe(err) }, 'discord login failed');
        throw new Error(`Discord login failed: ${safe(err).message}`);
      }
      await ready;
      log.info({ user: c.user?.tag, guilds: c.guilds.cache.size }, 'discord bot ready');
    },
    async stop() {
      const c = client;
      client = undefined;
      threads = undefined;
      if (c) await c.destroy();
    },
  };
}

function rawPermissions(i: Interaction): string | undefined {
  const m = i.member as { permissions?: unknown } | null;
  return typeof m?.permissions === 'string' ? m.permissions : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9a-z]{1,8}$/i.test(v) ? v : undefined;
}
