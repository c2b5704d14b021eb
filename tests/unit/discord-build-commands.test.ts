import { describe, expect, test } from 'vitest';
import { buildCommand, buildCommands, commandsHash } from '../../src/adapters/discord/build-commands.js';
import { canManage } from '../../src/adapters/discord/permissions.js';
import { COMMANDS } from '../../commands/index.js';
import type { CommandDefinition } from '../../commands/types.js';

const feeds: CommandDefinition = {
  name: 'feeds',
  description: 'The server feeds',
  usage: '/feeds add|remove|list',
  options: [],
  subcommands: [
    { name: 'add', description: 'Add a feed', manages: true, options: [{ name: 'name', description: 'Label', type: 'string' }, { name: 'url', description: 'Feed URL', type: 'string', required: true }] },
    { name: 'list', description: 'List feeds', options: [] },
  ],
  async run() {
    return { kind: 'text', tone: 'info', lines: [] };
  },
};

/** Discord's rules for command JSON, checked independently of the builder. */
function problems(cmd: any): string[] {
  const out: string[] = [];
  const nameOk = (n: string) => /^[-_\p{Ll}\p{N}]{1,32}$/u.test(n);
  let chars = cmd.name.length + cmd.description.length;
  if (!nameOk(cmd.name)) out.push(`name ${cmd.name}`);
  if (cmd.description.length < 1 || cmd.description.length > 100) out.push('description');
  const walk = (opts: any[] | undefined) => {
    if (!opts) return;
    if (opts.length > 25) out.push('> 25 options');
    let optional = false;
    for (const o of opts) {
      chars += o.name.length + o.description.length;
      if (!nameOk(o.name)) out.push(`option ${o.name}`);
      if (o.description.length < 1 || o.description.length > 100) out.push(`option ${o.name} description`);
      if (o.type === 1 || o.type === 2) walk(o.options);
      else {
        if (o.required && optional) out.push(`${o.name} required after optional`);
        if (!o.required) optional = true;
      }
      if (o.choices && o.autocomplete) out.push(`${o.name} choices with autocomplete`);
      for (const c of o.choices ?? []) chars += c.name.length + String(c.value).length;
    }
  };
  walk(cmd.options);
  if (chars > 4000) out.push('> 4000 characters');
  return out;
}

describe('buildCommands', () => {
  test('every command of the product builds into valid Discord JSON', () => {
    const built = buildCommands(COMMANDS);
    expect(built.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    for (const c of built) expect(problems(c)).toEqual([]);
  });

  test('/news has required topic with autocomplete, since with fixed choices, and bounded integers', () => {
    const news = buildCommand(COMMANDS.find((c) => c.name === 'news')!) as any;
    const byName = Object.fromEntries(news.options.map((o: any) => [o.name, o]));
    expect(news.options[0].name).toBe('topic');
    expect(byName.topic).toMatchObject({ type: 3, required: true, autocomplete: true });
    expect(byName.since.type).toBe(3);
    expect(byName.since.choices.map((c: any) => c.value)).toEqual(['1d', '7d', '30d']);
    expect(byName.since.autocomplete).toBeUndefined();
    expect(byName.limit).toMatchObject({ type: 4, min_value: 1, max_value: 10, required: false });
    expect(news.contexts).toEqual([0]);
  });

  test('subcommands become type-1 options with required options first', () => {
    const cmd = buildCommand(feeds) as any;
    expect(cmd.options.map((o: any) => [o.name, o.type])).toEqual([['add', 1], ['list', 1]]);
    expect(cmd.options[0].options.map((o: any) => o.name)).toEqual(['url', 'name']);
    expect(problems(cmd)).toEqual([]);
  });

  test('the hash is stable for equal commands and changes with any change', () => {
    const a = commandsHash(buildCommands(COMMANDS));
    expect(commandsHash(buildCommands(COMMANDS))).toBe(a);
    const changed = COMMANDS.map((c) => (c.name === 'help' ? { ...c, description: 'Something else' } : c));
    expect(commandsHash(buildCommands(changed))).not.toBe(a);
    expect(commandsHash(buildCommands([...COMMANDS, feeds]))).not.toBe(a);
  });
});

describe('canManage', () => {
  test('Manage Server, Manage Channels or Administrator can manage; others cannot', () => {
    expect(canManage(String(1n << 5n))).toBe(true);
    expect(canManage(String(1n << 4n))).toBe(true);
    expect(canManage(String(1n << 3n))).toBe(true);
    expect(canManage(1n << 5n)).toBe(true);
    expect(canManage(String((1n << 10n) | (1n << 11n) | (1n << 38n)))).toBe(false);
    expect(canManage('0')).toBe(false);
    expect(canManage(undefined)).toBe(false);
    expect(canManage(null)).toBe(false);
    expect(canManage('not a number')).toBe(false);
  });
});
