/**
 * `/digest [topic] [since:1d]`: a digest now (a preview of what a subscription would post).
 */
import type { CommandDefinition } from './types.js';

/** Posts the digest of the last day (or of the newest news when the last day is empty). */
export const digest: CommandDefinition = {
  name: 'digest',
  description: 'A digest of the top stories, now',
  usage: '/digest [topic] [since:1d|7d] [limit:1-30]',
  slow: true,
  options: [
    { name: 'topic', description: 'Only stories about this topic or name', type: 'string', rest: true, autocomplete: true },
    { name: 'since', description: 'Period covered (default 1d)', type: 'duration' },
    { name: 'limit', description: 'Maximum stories (default 10)', type: 'integer', min: 1, max: 30 },
  ],
  async run(input, ctx) {
    const d = ctx.newsdesk.digest({
      topic: input.options.topic as string | undefined,
      windowMs: input.options.since as number | undefined,
      limit: input.options.limit as number | undefined,
      latest: true,
    });
    if (!d.total) {
      const what = input.options.topic ? ` about "${input.options.topic}"` : '';
      return { kind: 'text', tone: 'info', lines: [`No stories${what} in this period yet.`], ephemeral: true };
    }
    return { kind: 'digest', digest: d };
  },
  async suggest(_option, partial, ctx) {
    return ctx.newsdesk.suggest(partial, 25);
  },
};
