/**
 * The story buttons: More (key points, only for the clicker), Related (stories like this one)
 * and Discuss (a link to the story's thread in this channel, posting the story first when it
 * has none). The button's value is the story id.
 */
import { randomBytes } from 'node:crypto';
import type { Newsdesk } from '../../core/newsdesk.js';
import type { Clock, Log } from '../../core/ports.js';
import { ACTIONS, escapeText, link, renderKeyPoints, renderReply, type SlackMessage } from './render.js';
import type { StoryThreads } from './threads.js';
import type { RespondMessage } from './handle-command.js';
import { safeError } from './slack-log.js';
import { deliveryError, type SlackPublisher } from './slack-publisher.js';

/** The parts of Bolt's block-action arguments the handler uses. */
export interface ActionArgs {
  ack(): Promise<void>;
  respond(message: RespondMessage): Promise<unknown>;
  action: { action_id: string; value?: string };
  body: { user: { id: string; team_id?: string }; team?: { id: string } | null; channel?: { id: string } };
}

/** Creates the button handler. */
export function createActionHandler(deps: { newsdesk: Newsdesk; threads: StoryThreads; publisher: SlackPublisher; clock: Clock; log: Log; redact: (t: string) => string }) {
  const { newsdesk, threads, publisher, clock, log, redact } = deps;
  const ephemeral = (m: SlackMessage): RespondMessage => ({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: m.blocks });

  return async function handleAction({ ack, respond, action, body }: ActionArgs): Promise<void> {
    await ack();
    try {
      const id = Number(action.value);
      const story = Number.isInteger(id) && id > 0 ? newsdesk.story(id) : undefined;
      if (!story) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'That story is no longer stored. Try /news <topic>.' });
        return;
      }
      const now = clock.now();
      if (action.action_id === ACTIONS.more) {
        for (const m of renderKeyPoints(story, { now })) await respond(ephemeral(m));
      } else if (action.action_id === ACTIONS.related) {
        const related = newsdesk.related(id, 5);
        const reply = related.length
          ? { kind: 'stories' as const, query: `like “${story.title}”`, stories: related, page: 1, pageCount: 1 }
          : { kind: 'text' as const, tone: 'info' as const, lines: [`No related stories for “${story.title}” yet.`] };
        for (const m of renderReply(reply, { now })) await respond(ephemeral(m));
      } else if (action.action_id === ACTIONS.discuss) {
        const teamId = body.team?.id ?? body.user.team_id ?? '';
        const channelId = body.channel?.id;
        if (!channelId) {
          await respond({ response_type: 'ephemeral', replace_original: false, text: 'Open this story in a channel to discuss it.' });
          return;
        }
        const thread = await publisher.ensureThread({ platform: 'slack', scope: teamId, channel: channelId }, story);
        const url = await threads.permalink(channelId, thread.threadTs);
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: `Discuss “${escapeText(story.title)}” in its thread: ${url ? link(url, 'open the thread') : 'see the story message in this channel'}.`,
        });
      }
    } catch (err) {
      const errorId = randomBytes(4).toString('hex');
      log.error({ errorId, action: action.action_id, err: safeError(err, redact) }, 'slack action failed');
      // "Cannot post in this channel" has a message the user can act on.
      const known = deliveryError(err);
      const safe = known.details?.slackError && known.message !== 'Posting to Slack failed.' ? `${known.message} ` : '';
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, text: `${safe}Sorry, something went wrong (error id ${errorId}).` });
      } catch (again) {
        log.warn({ errorId, err: safeError(again, redact) }, 'slack apology not delivered');
      }
    }
  };
}
