/**
 * `/why <story id or URL>`: was that story posted in this channel, and if not, why.
 */
import type { CommandDefinition } from './types.js';
import { needSubscriptions } from './subscribe.js';

/** Explains a story's fate in the channel. */
export const why: CommandDefinition = {
  name: 'why',
  description: 'Why a story was or was not posted in this channel',
  usage: '/why <story id or URL>',
  options: [{ name: 'story', description: 'Story id (e.g. 42) or article URL', type: 'string', required: true, rest: true }],
  async run(input, ctx) {
    const e = needSubscriptions(ctx).why(ctx.channel, String(input.options.story));
    return { kind: 'text', tone: e.tone, title: e.title, lines: e.lines, ephemeral: true };
  },
};
