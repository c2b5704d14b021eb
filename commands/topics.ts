/**
 * `/topics`: the topics that have stories, with counts.
 */
import type { CommandDefinition } from './types.js';

/** Lists topics with stories. */
export const topics: CommandDefinition = {
  name: 'topics',
  description: 'Topics that have stories, with counts',
  usage: '/topics',
  options: [],
  async run(_input, ctx) {
    const list = ctx.newsdesk.topics();
    if (!list.length) return { kind: 'text', tone: 'info', lines: ['No stories stored yet.'], ephemeral: true };
    return { kind: 'topics', topics: list };
  },
};
