/**
 * `/news <topic> [since:7d] [limit:5] [page:1]`: stories for a topic, entity or words.
 */
import type { Reply } from '../src/core/model.js';
import type { CommandDefinition } from './types.js';

/** Lookup by topic. An empty result lists the topics that do have stories. */
export const news: CommandDefinition = {
  name: 'news',
  description: 'Stories about a topic, a name or some words',
  usage: '/news <topic> [since:1d|7d|30d] [limit:1-10]',
  options: [
    { name: 'topic', description: 'A topic (space, politics), a name (NASA, North Korea) or words', type: 'string', required: true, rest: true, autocomplete: true },
    { name: 'since', description: 'Only stories from this period', type: 'duration', choices: [
      { name: 'last 24 hours', value: '1d' },
      { name: 'last 7 days', value: '7d' },
      { name: 'last 30 days', value: '30d' },
    ] },
    { name: 'limit', description: 'How many stories (1-10)', type: 'integer', min: 1, max: 10 },
    { name: 'page', description: 'Result page', type: 'integer', min: 1, max: 50 },
  ],
  async run(input, ctx): Promise<Reply> {
    const query = String(input.options.topic);
    const page = Number(input.options.page ?? 1) - 1;
    const found = ctx.newsdesk.search(query, {
      sinceMs: input.options.since as number | undefined,
      limit: (input.options.limit as number | undefined) ?? 5,
      page,
    });
    if (!found.total) return { kind: 'no-match', query, available: ctx.newsdesk.topics() };
    if (!found.stories.length) {
      return { kind: 'text', tone: 'warning', lines: [`There are only ${found.pageCount} page(s) of results for "${query}".`], ephemeral: true };
    }
    return { kind: 'stories', query, stories: found.stories, page: found.page + 1, pageCount: found.pageCount };
  },
  async suggest(_option, partial, ctx) {
    return ctx.newsdesk.suggest(partial, 25);
  },
};
