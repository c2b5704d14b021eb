import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../src/app/command-runner.js';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { createNewsdesk } from '../../src/core/newsdesk.js';
import type { Log } from '../../src/core/ports.js';
import type { CommandDefinition } from '../../commands/types.js';

const records: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
const log: Log = {
  debug: (obj, msg) => records.push({ level: 'debug', obj: obj as Record<string, unknown>, msg }),
  info: (obj, msg) => records.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
  warn: (obj, msg) => records.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  error: (obj, msg) => records.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  child: () => log,
};

const setup: CommandDefinition = {
  name: 'setup',
  description: 'changes a channel',
  usage: '/setup add <url>',
  options: [],
  subcommands: [
    { name: 'add', description: 'add', options: [{ name: 'url', description: 'u', type: 'string', required: true }], manages: true },
    { name: 'list', description: 'list', options: [] },
  ],
  run: async (input) => ({ kind: 'text', tone: 'success', lines: [`ran ${input.subcommand}`] }),
};
const broken: CommandDefinition = {
  name: 'broken',
  description: 'fails',
  usage: '/broken',
  options: [],
  run: async () => {
    throw new Error('database is on fire');
  },
};

function runner() {
  const store = createSqliteStore(':memory:');
  const clock = { now: () => new Date('2025-05-23T12:00:00Z') };
  return createCommandRunner({ commands: [setup, broken], newsdesk: createNewsdesk({ store, clock, log }), clock, log });
}
const channel = { platform: 'slack' as const, scope: 'T1', channel: 'C1' };
const member = { channel, caller: { id: 'U1', canManage: false } };
const admin = { channel, caller: { id: 'U2', canManage: true } };

describe('command runner', () => {
  it('given a non-manager and a setup subcommand, refuses before reading options', async () => {
    const r = await runner().runText('/setup add', member);
    expect(r).toMatchObject({ kind: 'text', tone: 'warning', ephemeral: true });
    expect(JSON.stringify(r)).toMatch(/Only people who can manage this workspace/);
  });

  it('given a non-manager and a read-only subcommand, runs it', async () => {
    expect(await runner().runText('/setup list', member)).toMatchObject({ lines: ['ran list'] });
  });

  it('given a manager, runs the setup subcommand and validates its options', async () => {
    expect(await runner().runText('/setup add https://example.com/feed', admin)).toMatchObject({ lines: ['ran add'] });
    expect(JSON.stringify(await runner().runText('/setup add', admin))).toMatch(/Missing url/);
  });

  it('given an internal error, answers with an error id that the error log line carries, without internals', async () => {
    records.length = 0;
    const r = await runner().run('broken', { options: {} }, admin);
    const text = JSON.stringify(r);
    const id = /error id ([0-9a-f]{8})/.exec(text)?.[1];
    expect(id).toBeDefined();
    expect(text).not.toContain('on fire');
    expect(records.find((x) => x.level === 'error')?.obj.errorId).toBe(id);
  });

  it('given an unknown command, lists the commands', async () => {
    expect(JSON.stringify(await runner().runText('/nope', admin))).toMatch(/Unknown command \/nope.*\/setup, \/broken/);
  });
});
