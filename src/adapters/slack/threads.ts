/**
 * Story discussion threads. Each digest story is its own channel message, so the team replies
 * in that message's thread; Newsdesk posts the key points and every source as the first
 * thread reply. Later coverage of the same story goes into the same thread, listing only the
 * sources not posted there before. Thread roots are kept per channel in SQLite.
 */
import type Database from 'better-sqlite3';
import type { ChannelRef, SourceRef, StoryView } from '../../core/model.js';
import type { Clock, Log, Posted } from '../../core/ports.js';
import type { SlackCalls } from './slack-call.js';
import { safeError } from './slack-log.js';
import { renderStoryMessage, renderThreadDetails, renderThreadUpdate, type SlackMessage } from './render.js';

/** A story's thread in one channel. */
export interface StoryThread {
  teamId: string;
  channelId: string;
  storyId: number;
  /** Timestamp of the root message (the story message). */
  threadTs: string;
  /** Articles whose sources were already listed in the thread. */
  postedArticleIds: number[];
}

/** What posting a story now would do. */
export type ThreadPlan =
  | { kind: 'new' }
  | { kind: 'update'; thread: StoryThread; fresh: SourceRef[] }
  | { kind: 'unchanged'; thread: StoryThread };

/** Story threads of every channel. */
export interface StoryThreads {
  find(channel: ChannelRef, storyId: number): StoryThread | undefined;
  plan(channel: ChannelRef, story: StoryView): ThreadPlan;
  /** Posts a story following its plan: a new message and thread, a thread reply, or nothing. */
  post(channel: ChannelRef, story: StoryView, plan?: ThreadPlan, mentions?: string[]): Promise<Posted[]>;
  /** The story's thread in this channel, posting the story first when it has none. */
  ensure(channel: ChannelRef, story: StoryView): Promise<StoryThread>;
  /** A link to a message, or undefined when Slack gives none. */
  permalink(channelId: string, ts: string): Promise<string | undefined>;
}

/** Opaque id of a Slack message or thread: `slack:<channel>:<ts>`. */
export function slackMessageId(channelId: string, ts: string): string {
  return `slack:${channelId}:${ts}`;
}

interface Row {
  team_id: string;
  channel_id: string;
  story_id: number;
  thread_ts: string;
  posted_article_ids: string;
}

/** Creates the thread keeper over the database (run applySlackMigrations first). */
export function createStoryThreads(deps: { db: Database.Database; calls: SlackCalls; clock: Clock; log: Log; redact: (t: string) => string }): StoryThreads {
  const { db, calls, clock, log, redact } = deps;
  const q = {
    get: db.prepare<[string, string, number], Row>('SELECT * FROM slack_story_threads WHERE team_id = ? AND channel_id = ? AND story_id = ?'),
    upsert: db.prepare(`INSERT INTO slack_story_threads (team_id, channel_id, story_id, thread_ts, posted_article_ids, created_at, updated_at)
      VALUES (@teamId, @channelId, @storyId, @threadTs, @posted, @now, @now)
      ON CONFLICT (team_id, channel_id, story_id) DO UPDATE SET thread_ts = excluded.thread_ts, posted_article_ids = excluded.posted_article_ids, updated_at = excluded.updated_at`),
  };

  const toThread = (r: Row): StoryThread => ({
    teamId: r.team_id,
    channelId: r.channel_id,
    storyId: r.story_id,
    threadTs: r.thread_ts,
    postedArticleIds: JSON.parse(r.posted_article_ids) as number[],
  });

  function save(t: StoryThread): void {
    q.upsert.run({ teamId: t.teamId, channelId: t.channelId, storyId: t.storyId, threadTs: t.threadTs, posted: JSON.stringify(t.postedArticleIds), now: clock.now().toISOString() });
  }

  async function send(channelId: string, m: SlackMessage, threadTs?: string): Promise<string> {
    const res = await calls.call<{ ts?: string }>('chat.postMessage', {
      channel: channelId,
      text: m.text,
      blocks: m.blocks,
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    if (!res.ts) throw new Error('chat.postMessage returned no ts');
    return res.ts;
  }

  function find(channel: ChannelRef, storyId: number): StoryThread | undefined {
    const r = q.get.get(channel.scope, channel.channel, storyId);
    return r ? toThread(r) : undefined;
  }

  function plan(channel: ChannelRef, story: StoryView): ThreadPlan {
    const thread = find(channel, story.id);
    if (!thread) return { kind: 'new' };
    const seen = new Set(thread.postedArticleIds);
    const fresh = story.sources.filter((s) => !seen.has(s.articleId));
    return fresh.length ? { kind: 'update', thread, fresh } : { kind: 'unchanged', thread };
  }

  async function postNew(channel: ChannelRef, story: StoryView, mentions: string[] = []): Promise<{ thread: StoryThread; posted: Posted[] }> {
    const now = clock.now();
    const rootTs = await send(channel.channel, renderStoryMessage(story, { now }, mentions));
    const threadId = slackMessageId(channel.channel, rootTs);
    const thread: StoryThread = { teamId: channel.scope, channelId: channel.channel, storyId: story.id, threadTs: rootTs, postedArticleIds: [] };
    save(thread); // the root exists now: never post the story twice, even if the details fail
    const posted: Posted[] = [{ messageId: threadId, threadId }];
    try {
      for (const m of renderThreadDetails(story, { now })) posted.push({ messageId: slackMessageId(channel.channel, await send(channel.channel, m, rootTs)), threadId });
      thread.postedArticleIds = story.sources.map((s) => s.articleId);
      save(thread);
    } catch (err) {
      log.warn({ channel: channel.channel, storyId: story.id, err: safeError(err, redact) }, 'story thread details not posted');
    }
    return { thread, posted };
  }

  return {
    find,
    plan,
    async post(channel, story, given, mentions) {
      const p = given ?? plan(channel, story);
      if (p.kind === 'unchanged') return [];
      if (p.kind === 'new') return (await postNew(channel, story, mentions)).posted;
      const threadId = slackMessageId(channel.channel, p.thread.threadTs);
      const posted: Posted[] = [];
      for (const m of renderThreadUpdate(story, p.fresh, { now: clock.now() })) {
        posted.push({ messageId: slackMessageId(channel.channel, await send(channel.channel, m, p.thread.threadTs)), threadId });
      }
      save({ ...p.thread, postedArticleIds: [...p.thread.postedArticleIds, ...p.fresh.map((s) => s.articleId)] });
      return posted;
    },
    async ensure(channel, story) {
      return find(channel, story.id) ?? (await postNew(channel, story)).thread;
    },
    async permalink(channelId, ts) {
      try {
        const res = await calls.call<{ permalink?: string }>('chat.getPermalink', { channel: channelId, message_ts: ts });
        return res.permalink;
      } catch (err) {
        log.debug({ channelId, err: safeError(err, redact) }, 'chat.getPermalink failed');
        return undefined;
      }
    },
  };
}
