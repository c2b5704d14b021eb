/**
 * `/unsubscribe <id|all>`: stops a subscription of this channel (pending digests are dropped).
 */
import { UserError } from '../src/core/errors.js';
import type { CommandDefinition } from './types.js';
import { needSubscriptions } from './subscribe.js';

/** Removes one subscription, or all of the channel's. */
export const unsubscribe: CommandDefinition = {
  name: 'unsubscribe',
  description: 'Stop a scheduled digest in this channel',
  usage: '/unsubscribe <id|all>',
  manages: true,
  options: [{ name: 'id', description: 'Subscription number from /subscriptions, or all', type: 'string', required: true }],
  async run(input, ctx) {
    const subs = needSubscriptions(ctx);
    const raw = String(input.options.id).trim().replace(/^#/, '').toLowerCase();
    if (raw === 'all') {
      const n = subs.removeAll(ctx.channel);
      return { kind: 'text', tone: n ? 'success' : 'info', lines: [n ? `Removed ${n} subscription${n === 1 ? '' : 's'} from this channel.` : 'This channel has no subscriptions.'] };
    }
    if (!/^\d{1,9}$/.test(raw)) throw new UserError('BAD_OPTION', 'Give a subscription number from /subscriptions, or all.');
    if (!subs.remove(ctx.channel, Number(raw))) throw new UserError('NOT_FOUND', `This channel has no subscription #${raw}. See /subscriptions.`);
    return { kind: 'text', tone: 'success', lines: [`Subscription #${raw} removed.`] };
  },
};
