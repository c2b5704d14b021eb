/**
 * Team discussion threads: one per story per channel. In a text channel a public thread named
 * after the headline whose first message has the key points and every source; in a forum
 * channel one post per story with forum tags for its topics. A story that comes back with new
 * coverage goes into its existing thread (the story → thread map lives in SQLite).
 */
import type Database from 'better-sqlite3';
import { ChannelType, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { APIChannel, APIGuildForumTag, APIMessage, REST } from 'discord.js';
import type { StoryView } from '../../core/model.js';
import type { Clock, Log } from '../../core/ports.js';
import { renderNewCoverage, renderThreadStart, threadName, type DiscordMessage } from './render.js';

/** The REST calls threads need (discord.js `client.rest`; it honours 429s itself). */
export type DiscordRest = Pick<REST, 'get' | 'post' | 'patch'>;

/** What happened to one story's thread. */
export interface ThreadOutcome {
  storyId: number;
  threadId: string;
  /** Created now (false: an existing thread was reused). */
  created: boolean;
  /** Messages posted into the thread (0 when the thread already had all coverage). */
  posted: number;
  /** Id of the first message posted, if any. */
  messageId?: string;
  /** The story's message in the parent channel that the thread hangs from, when one was posted. */
  starterId?: string;
}

/** Options of {@link StoryThreads.publish}. */
export interface PublishOptions {
  /**
   * In a text channel, post this message for each new story and hang its thread from it
   * (one message per story). Without it, threads stand alone (the stories were shown elsewhere).
   */
  starter?: (story: StoryView, index: number) => DiscordMessage & { allowed_mentions?: AllowedMentions };
}

/** Who a message may ping. */
export interface AllowedMentions {
  parse: ('roles' | 'users' | 'everyone')[];
  roles?: string[];
  users?: string[];
}

/** Thread keeping over one channel or forum. */
export interface StoryThreads {
  /** Ensures each story has its thread in `channelId` and that it holds the story's coverage. Sequential. */
  publish(channelId: string, stories: StoryView[], opts?: PublishOptions): Promise<ThreadOutcome[]>;
  /** The story's thread in `channelId`, created when missing (the "Discuss" button). */
  open(channelId: string, story: StoryView): Promise<ThreadOutcome>;
  /** The known thread of a story in a channel. */
  find(channelId: string, storyId: number): string | undefined;
}

/** How a channel holds threads. */
type Mode = { kind: 'text'; threadType: ChannelType.PublicThread | ChannelType.AnnouncementThread } | { kind: 'forum'; tags: APIGuildForumTag[] } | { kind: 'none' };

const FORUM_TAG_MAX = 20;
const FORUM_TAG_NAME = 20;
const APPLIED_TAGS_MAX = 5;

interface Row {
  thread_id: string;
  article_ids: string;
}

/** Creates the thread keeper. The Discord tables must exist (see applyDiscordMigrations). */
export function createStoryThreads(deps: { rest: DiscordRest; db: Database.Database; clock: Clock; log: Log }): StoryThreads {
  const { rest, db, clock, log } = deps;
  const q = {
    get: db.prepare<[string, number], Row>('SELECT thread_id, article_ids FROM discord_story_threads WHERE channel_id = ? AND story_id = ?'),
    upsert: db.prepare(
      `INSERT INTO discord_story_threads (channel_id, story_id, guild_id, thread_id, article_ids, created_at, updated_at)
       VALUES (@channel, @story, @guild, @thread, @articles, @now, @now)
       ON CONFLICT (channel_id, story_id) DO UPDATE SET thread_id = excluded.thread_id, article_ids = excluded.article_ids, updated_at = excluded.updated_at`,
    ),
    drop: db.prepare('DELETE FROM discord_story_threads WHERE channel_id = ? AND story_id = ?'),
  };
  // One operation per channel+story at a time, so two clicks never open two threads.
  const locks = new Map<string, Promise<unknown>>();
  function locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    locks.set(key, next);
    void next.finally(() => {
      if (locks.get(key) === next) locks.delete(key);
    }).catch(() => undefined);
    return next;
  }

  async function modeOf(channelId: string): Promise<{ mode: Mode; guildId: string }> {
    const ch = (await rest.get(Routes.channel(channelId))) as APIChannel & { guild_id?: string; available_tags?: APIGuildForumTag[] };
    const guildId = ch.guild_id ?? '';
    if (ch.type === ChannelType.GuildText) return { mode: { kind: 'text', threadType: ChannelType.PublicThread }, guildId };
    if (ch.type === ChannelType.GuildAnnouncement) return { mode: { kind: 'text', threadType: ChannelType.AnnouncementThread }, guildId };
    if (ch.type === ChannelType.GuildForum || ch.type === ChannelType.GuildMedia) return { mode: { kind: 'forum', tags: ch.available_tags ?? [] }, guildId };
    return { mode: { kind: 'none' }, guildId };
  }

  async function send(channelId: string, msg: DiscordMessage & { allowed_mentions?: AllowedMentions }): Promise<APIMessage> {
    const body = { ...payload(msg), ...(msg.allowed_mentions ? { allowed_mentions: msg.allowed_mentions } : { allowed_mentions: { parse: [] } }) };
    return (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
  }

  /** Forum tag ids for a story's topics, creating missing tags when the bot may. */
  async function tagsFor(channelId: string, mode: Extract<Mode, { kind: 'forum' }>, story: StoryView): Promise<string[]> {
    const wanted = story.topics.slice(0, APPLIED_TAGS_MAX).map((t) => t.label.slice(0, FORUM_TAG_NAME));
    const byName = (name: string) => mode.tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
    const missing = wanted.filter((n) => !byName(n));
    const room = FORUM_TAG_MAX - mode.tags.length;
    if (missing.length && room > 0) {
      try {
        const body = { available_tags: [...mode.tags.map((t) => ({ id: t.id, name: t.name, moderated: t.moderated, emoji_id: t.emoji_id, emoji_name: t.emoji_name })), ...missing.slice(0, room).map((name) => ({ name }))] };
        const updated = (await rest.patch(Routes.channel(channelId), { body })) as { available_tags?: APIGuildForumTag[] };
        mode.tags = updated.available_tags ?? mode.tags;
      } catch (err) {
        log.warn({ channelId, missing, err: describe(err) }, 'cannot create forum tags; posting without them');
      }
    }
    return wanted.map(byName).filter((t): t is APIGuildForumTag => !!t).map((t) => t.id);
  }

  async function create(channelId: string, guildId: string, mode: Mode, story: StoryView, starter?: DiscordMessage & { allowed_mentions?: AllowedMentions }): Promise<ThreadOutcome> {
    const now = clock.now();
    const messages = renderThreadStart(story, now);
    let threadId: string;
    let messageId: string | undefined;
    let starterId: string | undefined;
    let rest0 = messages;
    if (mode.kind === 'forum') {
      const applied = await tagsFor(channelId, mode, story);
      const thread = (await rest.post(Routes.threads(channelId), {
        body: { name: threadName(story.title), auto_archive_duration: 10080, message: payload(messages[0]), applied_tags: applied },
      })) as APIChannel & { message?: APIMessage };
      threadId = thread.id;
      messageId = thread.message?.id ?? thread.id;
      rest0 = messages.slice(1);
    } else if (mode.kind === 'text' && starter) {
      starterId = (await send(channelId, starter)).id;
      const thread = (await rest.post(Routes.threads(channelId, starterId), {
        body: { name: threadName(story.title), auto_archive_duration: 10080 },
      })) as APIChannel;
      threadId = thread.id;
    } else if (mode.kind === 'text') {
      const thread = (await rest.post(Routes.threads(channelId), {
        body: { name: threadName(story.title), type: mode.threadType, auto_archive_duration: 10080 },
      })) as APIChannel;
      threadId = thread.id;
    } else {
      throw new Error('channel cannot hold threads');
    }
    for (const m of rest0) {
      const sent = await send(threadId, m);
      messageId ??= sent.id;
    }
    q.upsert.run({ channel: channelId, story: story.id, guild: guildId, thread: threadId, articles: JSON.stringify(story.sources.map((s) => s.articleId)), now: now.toISOString() });
    log.info({ channelId, threadId, storyId: story.id, kind: mode.kind }, 'story thread created');
    return { storyId: story.id, threadId, created: true, posted: messages.length, messageId, starterId };
  }

  /** Posts new coverage into an existing thread; undefined when the thread is gone. */
  async function update(channelId: string, guildId: string, row: Row, story: StoryView): Promise<ThreadOutcome | undefined> {
    const known = new Set<number>(JSON.parse(row.article_ids) as number[]);
    const added = story.sources.filter((s) => !known.has(s.articleId));
    if (!added.length) return { storyId: story.id, threadId: row.thread_id, created: false, posted: 0 };
    const now = clock.now();
    let messageId: string | undefined;
    try {
      for (const m of renderNewCoverage(story, added, now)) messageId ??= (await send(row.thread_id, m)).id;
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
    q.upsert.run({ channel: channelId, story: story.id, guild: guildId, thread: row.thread_id, articles: JSON.stringify(story.sources.map((s) => s.articleId)), now: now.toISOString() });
    log.info({ channelId, threadId: row.thread_id, storyId: story.id, added: added.length }, 'new coverage posted to story thread');
    return { storyId: story.id, threadId: row.thread_id, created: false, posted: 1, messageId };
  }

  async function ensure(channelId: string, guildId: string, mode: Mode, story: StoryView, starter?: () => DiscordMessage & { allowed_mentions?: AllowedMentions }): Promise<ThreadOutcome> {
    return locked(`${channelId}:${story.id}`, async () => {
      const row = q.get.get(channelId, story.id);
      if (row) {
        const done = await update(channelId, guildId, row, story);
        if (done) return done;
        q.drop.run(channelId, story.id);
        log.info({ channelId, threadId: row.thread_id, storyId: story.id }, 'story thread was deleted; opening a new one');
      }
      return create(channelId, guildId, mode, story, starter?.());
    });
  }

  return {
    async publish(channelId, stories, opts = {}) {
      const { mode, guildId } = await modeOf(channelId);
      if (mode.kind === 'none') return [];
      const out: ThreadOutcome[] = [];
      let i = 0;
      for (const story of stories) {
        const n = i++;
        out.push(await ensure(channelId, guildId, mode, story, opts.starter ? () => opts.starter!(story, n) : undefined));
      }
      return out;
    },
    async open(channelId, story) {
      const row = q.get.get(channelId, story.id);
      if (row) {
        try {
          await rest.get(Routes.channel(row.thread_id));
          return { storyId: story.id, threadId: row.thread_id, created: false, posted: 0 };
        } catch (err) {
          if (!isGone(err)) throw err;
          q.drop.run(channelId, story.id);
          log.info({ channelId, threadId: row.thread_id, storyId: story.id }, 'story thread was deleted; opening a new one');
        }
      }
      const { mode, guildId } = await modeOf(channelId);
      return ensure(channelId, guildId, mode, story);
    },
    find(channelId, storyId) {
      return q.get.get(channelId, storyId)?.thread_id;
    },
  };
}

/** The JSON body of a message. */
export function payload(m: DiscordMessage): { content?: string; embeds: DiscordMessage['embeds']; components: DiscordMessage['components'] } {
  return { ...(m.content ? { content: m.content } : {}), embeds: m.embeds, components: m.components };
}

function isGone(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === RESTJSONErrorCodes.UnknownChannel || code === RESTJSONErrorCodes.ThreadLocked;
}

/** An error reduced to fields safe to log (no request URLs, which may carry tokens). */
export function describe(err: unknown): { name?: string; message: string; code?: unknown; status?: unknown } {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; status?: unknown };
    return { name: e.name, message: e.message, code: e.code, status: e.status };
  }
  return { message: String(err) };
}
