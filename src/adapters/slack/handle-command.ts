/**
 * Slash commands. Acks at once (an ephemeral "Working…" for slow commands), then answers
 * through response_url, or posts a digest to the channel as threaded story messages.
 * Everything after the ack is inside one boundary: the user always gets an answer.
 */
import { randomBytes } from 'node:crypto';
import type { ChannelRef } from '../../core/model.js';
import type { Clock, Log } from '../../core/ports.js';
import { NewsdeskError } from '../../core/errors.js';
import type { CommandRunner } from '../../app/command-runner.js';
import type { Permissions } from './permissions.js';
import type { SlackPublisher } from './slack-publisher.js';
import { renderReply, type Block } from './render.js';
import { safeError } from './slack-log.js';

/** A message sent through response_url. */
export interface RespondMessage {
  text: string;
  blocks?: Block[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

/** The parts of Bolt's slash-command arguments the handler uses. */
export interface CommandArgs {
  command: { command: string; text: string; user_id: string; user_name?: string; team_id: string; channel_id: string };
  ack(response?: RespondMessage): Promise<void>;
  respond(message: RespondMessage): Promise<unknown>;
}

/** Slack accepts at most five messages per response_url. */
export const RESPONSE_URL_MAX = 5;

/** Text of the immediate ack for commands that may take longer than Slack's 3 seconds. */
export const WORKING_TEXT = 'Working…';

/** Creates the slash-command handler. */
export function createCommandHandler(deps: { runner: CommandRunner; permissions: Permissions; publisher: SlackPublisher; clock: Clock; log: Log; redact: (t: string) => string }) {
  const { runner, permissions, publisher, clock, log, redact } = deps;

  return async function handleCommand({ command, ack, respond }: CommandArgs): Promise<void> {
    const name = command.command.replace(/^\//, '').toLowerCase();
    const def = runner.find(name);
    try {
      await ack(def?.slow ? { response_type: 'ephemeral', text: WORKING_TEXT } : undefined);
    } catch (err) {
      log.warn({ command: name, err: safeError(err, redact) }, 'slack command ack failed');
    }
    const channel: ChannelRef = { platform: 'slack', scope: command.team_id, channel: command.channel_id };
    try {
      const needsManager = Boolean(def && (def.manages || def.subcommands?.some((s) => s.manages)));
      const canManage = needsManager ? await permissions.canManage(command.team_id, command.user_id) : false;
      const reply = await runner.runText(command.text ?? '', { channel, caller: { id: command.user_id, name: command.user_name, canManage } }, name);
      if (reply.kind === 'digest' && !reply.ephemeral) {
        const r = await publisher.postDigest(channel, reply.digest);
        const parts = [`${r.fresh} new ${r.fresh === 1 ? 'story' : 'stories'}`];
        if (r.updates) parts.push(`${r.updates} with new coverage in ${r.updates === 1 ? 'its thread' : 'their threads'}`);
        if (r.unchanged) parts.push(`${r.unchanged} already posted`);
        if (r.failed) parts.push(`${r.failed} could not be posted`);
        await respond({ response_type: 'ephemeral', text: `Digest posted: ${parts.join(', ')}. Reply in a story's thread to discuss it.` });
        return;
      }
      const messages = renderReply(reply, { now: clock.now() });
      const sent = messages.length > RESPONSE_URL_MAX ? messages.slice(0, RESPONSE_URL_MAX - 1) : messages;
      for (const m of sent) {
        await respond({ response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', text: m.text, blocks: m.blocks });
      }
      if (sent.length < messages.length) {
        await respond({ response_type: 'ephemeral', text: `That answer was too long for Slack: ${messages.length - sent.length} more parts were left out. Narrow it down (for example with limit:).` });
      }
    } catch (err) {
      const errorId = randomBytes(4).toString('hex');
      log.error({ errorId, command: name, team: command.team_id, channel: command.channel_id, err: safeError(err, redact) }, 'slack command failed');
      const safe = err instanceof NewsdeskError && err.code === 'DELIVERY_FAILED' ? `${err.message} ` : '';
      try {
        await respond({ response_type: 'ephemeral', text: `${safe}Sorry, something went wrong (error id ${errorId}).` });
      } catch (again) {
        log.warn({ errorId, err: safeError(again, redact) }, 'slack apology not delivered');
      }
    }
  };
}
