/**
 * The Discord Publisher: posts any Reply to a channel, sequentially, within a message budget
 * per call (discord.js waits out 429s). Digests:
 * - in a forum channel, one post per story tagged with its topics (a forum holds no plain
 *   messages, so other replies, such as a scheduled digest's header, are skipped there);
 * - in a text channel with `threadPerStory: false`, the stories share messages (split within limits);
 * - otherwise one message per story with a discussion thread hanging from it; a story that
 *   already has a thread here gets its new coverage in that thread instead of a new message.
 */
import { ChannelType, Routes } from 'discord.js';
import type { ChannelRef, Reply, StoryView } from '../../core/model.js';
import type { Clock, Log, Posted, Publisher } from '../../core/ports.js';
import { NewsdeskError } from '../../core/errors.js';
import { render, type DiscordMessage } from './render.js';
import { payload, type AllowedMentions, type DiscordRest, type StoryThreads } from './threads.js';

/** Options of {@link createDiscordPublisher}. */
export interface DiscordPublisherOptions {
  rest: () => DiscordRest;
  threads: () => StoryThreads;
  clock: Clock;
  log: Log;
  /** Most channel messages per call (≥ 2). */
  maxMessages: number;
  /** Most threads opened or updated per call. */
  maxThreads: number;
  /** Removes secrets from error text. */
  scrub: (text: string) => string;
}

type DigestReply = Extract<Reply, { kind: 'digest' }>;

/** Stories of a digest in reading order. */
export function digestStories(reply: DigestReply): StoryView[] {
  return reply.digest.sections.flatMap((s) => s.stories);
}

/** Who the mention tokens may ping, and nobody else. */
export function allowedMentions(tokens: string[] = []): AllowedMentions {
  const roles = tokens.flatMap((t) => /^<@&(\d+)>$/.exec(t)?.[1] ?? []);
  const users = tokens.flatMap((t) => /^<@!?(\d+)>$/.exec(t)?.[1] ?? []);
  const everyone = tokens.some((t) => t === '@everyone' || t === '@here');
  return { parse: everyone ? ['everyone'] : [], ...(roles.length ? { roles } : {}), ...(users.length ? { users } : {}) };
}

/** Caps messages at `max`; the last slot says what was left out. */
export function capMessages(messages: DiscordMessage[], max: number): DiscordMessage[] {
  if (messages.length <= max) return messages;
  const kept = messages.slice(0, max - 1);
  const left = messages.slice(max - 1).reduce((n, m) => n + m.storyIds.length, 0);
  kept.push({
    embeds: [{ description: left ? `…and ${left} more ${left === 1 ? 'story' : 'stories'}. Use /news <topic> to see them.` : '…shortened to avoid flooding the channel.', color: 0x99aab5 }],
    components: [],
    storyIds: [],
  });
  return kept;
}

/** Creates the publisher; `rest` and `threads` are read at call time (the client starts later). */
export function createDiscordPublisher(o: DiscordPublisherOptions): Publisher {
  const { clock, log } = o;

  async function send(channelId: string, m: DiscordMessage, mentions?: string[]): Promise<Posted> {
    const body = {
      ...payload(m),
      ...(mentions?.length ? { content: [mentions.join(' '), m.content].filter(Boolean).join('\n') } : {}),
      allowed_mentions: allowedMentions(mentions),
    };
    const sent = (await o.rest().post(Routes.channelMessages(channelId), { body })) as { id: string };
    return { messageId: sent.id };
  }

  async function sendAll(channelId: string, messages: DiscordMessage[], mentions?: string[]): Promise<Posted[]> {
    const out: Posted[] = [];
    const list = capMessages(messages, o.maxMessages);
    if (list.length < messages.length) log.warn({ channelId, messages: messages.length, max: o.maxMessages }, 'reply shortened to stay within the message budget');
    for (const [i, m] of list.entries()) out.push(await send(channelId, m, i === 0 ? mentions : undefined));
    return out;
  }

  // A channel's type never changes: read it once per channel.
  const types = new Map<string, number>();
  async function channelType(channelId: string): Promise<number | undefined> {
    const known = types.get(channelId);
    if (known !== undefined) return known;
    try {
      const type = ((await o.rest().get(Routes.channel(channelId))) as { type?: number }).type;
      if (type !== undefined) types.set(channelId, type);
      return type;
    } catch {
      return undefined;
    }
  }

  const isForum = (type: number | undefined) => type === ChannelType.GuildForum || type === ChannelType.GuildMedia;

  async function postDigest(channel: ChannelRef, reply: DigestReply): Promise<Posted[]> {
    const stories = digestStories(reply);
    const type = await channelType(channel.channel);
    if (isForum(type)) {
      const outcomes = await o.threads().publish(channel.channel, stories.slice(0, o.maxThreads));
      return outcomes.map((x) => ({ messageId: x.messageId ?? x.threadId, threadId: x.threadId }));
    }
    const now = clock.now();
    const canThread = type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement;
    if (reply.threadPerStory === false || !canThread) return sendAll(channel.channel, render(reply, { now }), reply.mentions);

    // One message per story, each with its thread. A header first when several stories share the post.
    const posted: Posted[] = [];
    const header = stories.length > 1;
    const room = Math.max(1, Math.min(o.maxThreads, o.maxMessages - (header ? 2 : 1)));
    const threaded = stories.slice(0, room);
    const left = stories.length - threaded.length;
    const fresh = threaded.filter((st) => !o.threads().find(channel.channel, st.id)).length;
    const withHeader = header && fresh > 0;
    if (withHeader) {
      const known = threaded.length - fresh;
      const line = `${fresh} new ${fresh === 1 ? 'story' : 'stories'}, one thread each below${known ? `; ${known} already ${known === 1 ? 'has its' : 'have their'} thread, where new coverage goes` : ''}.`;
      const [first] = render({ ...reply, digest: { ...reply.digest, sections: [] } }, { now });
      posted.push(await send(channel.channel, { ...first, embeds: first.embeds.map((e) => ({ ...e, description: line })) }, reply.mentions));
    }
    let mentioned = withHeader;
    const outcomes = await o.threads().publish(channel.channel, threaded, {
      starter: (story) => {
        const [m] = render({ kind: 'digest', digest: { ...reply.digest, sections: [{ topic: sectionOf(reply, story), stories: [story] }], total: 1 } }, { now });
        // Only the story's embed (the digest header is not repeated), with its buttons.
        const single: DiscordMessage = { embeds: m.embeds.slice(1), components: m.components, storyIds: m.storyIds };
        const mentions = mentioned ? undefined : reply.mentions;
        mentioned = true;
        return { ...single, ...(mentions?.length ? { content: mentions.join(' ') } : {}), allowed_mentions: allowedMentions(mentions) };
      },
    });
    for (const x of outcomes) posted.push({ messageId: x.starterId ?? x.messageId ?? x.threadId, threadId: x.threadId });
    if (left > 0) {
      posted.push(await send(channel.channel, { embeds: [{ description: `…and ${left} more ${left === 1 ? 'story' : 'stories'}. Use /news <topic> to see them.`, color: 0x99aab5 }], components: [], storyIds: [] }));
    }
    return posted;
  }

  return {
    platform: 'discord',
    async post(channel, reply) {
      try {
        if (reply.kind !== 'digest' && isForum(await channelType(channel.channel))) {
          // A forum holds only posts; a digest's header or a quiet-day note has no place there.
          log.info({ channel: channel.channel, kind: reply.kind }, 'forum channel: only story posts are published; reply skipped');
          return [];
        }
        const posted = reply.kind === 'digest' ? await postDigest(channel, reply) : await sendAll(channel.channel, render(reply, { now: clock.now() }));
        log.info({ channel: channel.channel, kind: reply.kind, posted: posted.length }, 'posted to channel');
        return posted;
      } catch (err) {
        const message = o.scrub(err instanceof Error ? err.message : String(err));
        log.warn({ channel: channel.channel, kind: reply.kind, err: { message, code: (err as { code?: unknown }).code } }, 'discord delivery failed');
        throw new NewsdeskError('DELIVERY_FAILED', `Discord delivery to channel ${channel.channel} failed: ${message}`);
      }
    },
  };
}

function sectionOf(reply: DigestReply, story: StoryView): { id: string; label: string } {
  return reply.digest.sections.find((s) => s.stories.includes(story))?.topic ?? { id: story.topics[0]?.id ?? 'news', label: story.topics[0]?.label ?? 'News' };
}
