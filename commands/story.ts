/**
 * `/story <id>`: one story in full: key points, every source, topics, related stories.
 */
import { UserError } from '../src/core/errors.js';
import type { CommandDefinition } from './types.js';

/** Shows one story by id. */
export const story: CommandDefinition = {
  name: 'story',
  description: 'One story in full: key points, every source, topics',
  usage: '/story <id>',
  options: [{ name: 'id', description: 'Story id (shown beside each story)', type: 'integer', required: true, min: 1 }],
  async run(input, ctx) {
    const id = Number(input.options.id);
    const s = ctx.newsdesk.story(id);
    if (!s) throw new UserError('NOT_FOUND', `There is no story ${id}. Try /news <topic> to find one.`);
    return { kind: 'story', story: s, related: ctx.newsdesk.related(id, 3) };
  },
};
