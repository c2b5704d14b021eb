/**
 * Every command, as a static typed list (no directory scanning: survives builds).
 */
import type { CommandDefinition } from './types.js';
import { news } from './news.js';
import { digest } from './digest.js';
import { story } from './story.js';
import { topics } from './topics.js';
import { createHelp } from './help.js';
import { subscribe } from './subscribe.js';
import { unsubscribe } from './unsubscribe.js';
import { subscriptions } from './subscriptions.js';
import { why } from './why.js';
import { feeds } from './feeds.js';

/** All commands, in /help order. */
export const COMMANDS: CommandDefinition[] = [];
COMMANDS.push(news, digest, story, topics, createHelp(() => COMMANDS));
COMMANDS.push(subscribe, unsubscribe, subscriptions, why);
COMMANDS.push(feeds);

/** Finds a command by name (case-insensitive, leading slash allowed). */
export function findCommand(name: string): CommandDefinition | undefined {
  const n = name.replace(/^\//, '').toLowerCase();
  return COMMANDS.find((c) => c.name === n);
}

export type * from './types.js';
