/**
 * `/help`: every command with its usage.
 */
import type { CommandDefinition } from './types.js';

/** Builds /help over a command list (the list is passed in to avoid an import cycle). */
export function createHelp(list: () => CommandDefinition[]): CommandDefinition {
  return {
    name: 'help',
    description: 'What Newsdesk can do',
    usage: '/help',
    options: [],
    async run() {
      return { kind: 'help', commands: list().map((c) => ({ usage: c.usage, description: c.description })), ephemeral: true };
    },
  };
}
