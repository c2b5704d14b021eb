/**
 * The terminal adapter, the embedded default: runs the same commands as the chat adapters.
 * Interactive prompt on a TTY; with piped stdin it runs each line and ends at end of input.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChannelRef, Reply } from '../../core/model.js';
import type { Clock, Posted, Publisher } from '../../core/ports.js';
import type { CommandRunner } from '../../app/command-runner.js';
import { renderReply } from './render.js';

/** The terminal's only channel. */
export const CONSOLE_CHANNEL: ChannelRef = { platform: 'console', scope: 'local', channel: 'main' };

/** Options of {@link createConsoleAdapter}. */
export interface ConsoleAdapterOptions {
  runner: CommandRunner;
  clock: Clock;
  input: Readable;
  output: Writable;
  /** Interactive terminal: prompt and colours. */
  tty: boolean;
  width?: number;
}

/** The terminal adapter. */
export function createConsoleAdapter(opts: ConsoleAdapterOptions) {
  const width = Math.min(opts.width ?? 100, 120);
  let posted = 0;
  const print = (reply: Reply) => opts.output.write(`${renderReply(reply, { width, colour: opts.tty, now: opts.clock.now() })}\n\n`);

  const publisher: Publisher = {
    platform: 'console',
    async post(_channel, reply): Promise<Posted[]> {
      print(reply);
      return [{ messageId: `console:${++posted}` }];
    },
  };

  /** Reads commands until end of input (or `/quit`). Resolves when done. */
  async function run(): Promise<void> {
    const rl = createInterface({ input: opts.input, output: opts.tty ? opts.output : undefined, terminal: opts.tty });
    const at = { channel: CONSOLE_CHANNEL, caller: { id: 'local-user', name: 'you', canManage: true } };
    if (opts.tty) {
      rl.setPrompt('newsdesk> ');
      rl.prompt();
    }
    for await (const raw of rl) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) {
        if (opts.tty) rl.prompt();
        continue;
      }
      if (/^\/?(quit|exit)$/i.test(line)) break;
      if (!opts.tty) opts.output.write(`> ${line}\n`);
      print(await opts.runner.runText(line, at));
      if (opts.tty) rl.prompt();
    }
    rl.close();
  }

  return { publisher, run, print };
}
