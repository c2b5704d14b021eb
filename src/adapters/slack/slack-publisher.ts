/**
 * The Slack Publisher: posts any Reply to a channel. A digest is threaded (unless its
 * `threadPerStory` is false: then it is one message, split only when too big): a header message,
 * then one message per story (its thread holds the key points, the sources and the team's
 * discussion); a story already posted in the channel gets new coverage as a thread reply
 * instead of a second message. One story failing does not stop the others.
 */
import type { ChannelRef, Digest, Reply, StoryView } from '../../core/model.js';
import type { Clock, Log, Posted, Publisher } from '../../core/ports.js';
import { NewsdeskError } from '../../core/errors.js';
import type { SlackCalls } from './slack-call.js';
import type { StoryThread, StoryThreads, ThreadPlan } from './threads.js';
import { slackMessageId } from './threads.js';
import { renderDigestHeader, renderReply, type SlackMessage } from './render.js';
import { safeError } from './slack-log.js';

/** Slack errors that mean the bot cannot post in the channel at all. */
const CHANNEL_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'missing_scope']);

/** Options of {@link SlackPublisher.postDigest}. */
export interface DigestPostOptions {
  /** Mention tokens for the opening message (or each story message without a header). */
  mentions?: string[];
  /** Post the digest's header message first (default true). The scheduled path posts its own. */
  header?: boolean;
}

/** The Slack Publisher, with the digest's per-story outcome for callers that report it. */
export interface SlackPublisher extends Publisher {
  /** Posts a digest threaded and says what happened to each story. */
  postDigest(channel: ChannelRef, digest: Digest, opts?: DigestPostOptions): Promise<{ posted: Posted[]; fresh: number; updates: number; unchanged: number; failed: number }>;
  /** The story's thread in the channel, posting the story first when it has none (in turn with digests). */
  ensureThread(channel: ChannelRef, story: StoryView): Promise<StoryThread>;
}

/** Turns a Slack "cannot post here" answer into a coded, user-safe error. */
export function deliveryError(err: unknown): NewsdeskError {
  const code = (err as { data?: { error?: string } })?.data?.error;
  if (code && CHANNEL_ERRORS.has(code)) {
    return new NewsdeskError('DELIVERY_FAILED', `Newsdesk cannot post in this channel (${code}). Invite it with /invite @Newsdesk, or use a public channel.`, { cause: err, details: { slackError: code } });
  }
  if (err instanceof NewsdeskError) return err;
  return new NewsdeskError('DELIVERY_FAILED', 'Posting to Slack failed.', { cause: err, details: { slackError: code } });
}

/** Creates the publisher. */
export function createSlackPublisher(deps: { calls: SlackCalls; threads: StoryThreads; clock: Clock; log: Log; redact: (t: string) => string }): SlackPublisher {
  const { calls, threads, clock, log, redact } = deps;
  // Digests to one channel run one after another, so two at once (a scheduled one and a
  // /digest) never both post the same story as a new thread.
  const channelQueues = new Map<string, Promise<unknown>>();
  function serial<T>(channel: ChannelRef, job: () => Promise<T>): Promise<T> {
    const key = `${channel.scope}:${channel.channel}`;
    const run = (channelQueues.get(key) ?? Promise.resolve()).catch(() => undefined).then(job);
    channelQueues.set(key, run);
    void run.catch(() => undefined).finally(() => {
      if (channelQueues.get(key) === run) channelQueues.delete(key);
    });
    return run;
  }

  async function send(channel: ChannelRef, m: SlackMessage): Promise<Posted> {
    try {
      const res = await calls.call<{ ts?: string }>('chat.postMessage', { channel: channel.channel, text: m.text, blocks: m.blocks, unfurl_links: false, unfurl_media: false });
      return { messageId: slackMessageId(channel.channel, res.ts ?? '') };
    } catch (err) {
      throw deliveryError(err);
    }
  }

  function postDigest(channel: ChannelRef, digest: Digest, opts: DigestPostOptions = {}) {
    return serial(channel, () => postDigestNow(channel, digest, opts));
  }

  async function postDigestNow(channel: ChannelRef, digest: Digest, opts: DigestPostOptions) {
    const mentions = opts.mentions ?? [];
    const withHeader = opts.header ?? true;
    const stories = digest.sections.flatMap((s) => s.stories);
    const plans = new Map<number, ThreadPlan>(stories.map((s) => [s.id, threads.plan(channel, s)]));
    const count = (k: ThreadPlan['kind']) => [...plans.values()].filter((p) => p.kind === k).length;
    const result = { posted: [] as Posted[], fresh: count('new'), updates: count('update'), unchanged: count('unchanged'), failed: 0 };
    if (withHeader) result.posted.push(await send(channel, renderDigestHeader(digest, { fresh: result.fresh, updates: result.updates, unchanged: result.unchanged }, mentions)));
    for (const story of stories) {
      try {
        result.posted.push(...(await threads.post(channel, story, plans.get(story.id), withHeader ? [] : mentions)));
      } catch (err) {
        const e = deliveryError(err);
        if (e.details?.slackError && CHANNEL_ERRORS.has(String(e.details.slackError))) throw e;
        result.failed++;
        log.warn({ channel: channel.channel, storyId: story.id, err: safeError(err, redact) }, 'digest story not posted');
      }
    }
    if (stories.length && result.failed === stories.length) {
      // Nothing reached the channel: tell the caller, so a scheduled delivery is retried.
      throw new NewsdeskError('DELIVERY_FAILED', 'No story of the digest could be posted.', { details: { failed: result.failed } });
    }
    log.info({ channel: channel.channel, stories: stories.length, fresh: result.fresh, updates: result.updates, unchanged: result.unchanged, failed: result.failed }, 'slack digest posted');
    return result;
  }

  return {
    platform: 'slack',
    postDigest,
    ensureThread: (channel, story) => serial(channel, () => threads.ensure(channel, story)),
    async post(channel, reply: Reply) {
      // A digest is threaded (one message per story) unless the subscription asked for one
      // message. The scheduled path sends `threadPerStory: true` one story at a time after its
      // own opening message, so no header then.
      if (reply.kind === 'digest' && reply.threadPerStory !== false) {
        return (await postDigest(channel, reply.digest, { mentions: reply.mentions, header: reply.threadPerStory !== true })).posted;
      }
      const out: Posted[] = [];
      for (const m of renderReply(reply, { now: clock.now() })) out.push(await send(channel, m));
      return out;
    },
  };
}
