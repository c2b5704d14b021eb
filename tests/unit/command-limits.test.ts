import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';

// Discord: names 1-32 lowercase, descriptions 1-100, at most 25 options and 25 choices.
// Slack: command names at most 32 characters including the slash, descriptions shown in the picker are cut at 100.
describe('command definitions', () => {
  it('given every command, option and subcommand, names and descriptions fit both platforms', () => {
    const problems: string[] = [];
    const name = /^[a-z0-9_-]{1,32}$/;
    for (const c of COMMANDS) {
      if (!name.test(c.name) || c.name.length + 1 > 32) problems.push(`command ${c.name}`);
      if (c.description.length < 1 || c.description.length > 100) problems.push(`description of ${c.name}`);
      if (!c.usage.startsWith(`/${c.name}`)) problems.push(`usage of ${c.name}`);
      const groups = [c.options, ...(c.subcommands ?? []).map((s) => s.options)];
      for (const s of c.subcommands ?? []) {
        if (!name.test(s.name) || s.description.length > 100) problems.push(`subcommand ${c.name} ${s.name}`);
      }
      for (const opts of groups) {
        if (opts.length > 25) problems.push(`${c.name} has more than 25 options`);
        if (opts.filter((o) => o.rest).length > 1) problems.push(`${c.name} has two rest options`);
        let seenOptional = false;
        for (const o of opts) {
          if (!name.test(o.name)) problems.push(`option ${c.name}.${o.name}`);
          if (o.description.length < 1 || o.description.length > 100) problems.push(`description of ${c.name}.${o.name}`);
          if ((o.choices?.length ?? 0) > 25) problems.push(`${c.name}.${o.name} has more than 25 choices`);
          if (o.choices?.some((ch) => ch.name.length > 100 || ch.value.length > 100)) problems.push(`choice of ${c.name}.${o.name}`);
          if (o.required && seenOptional) problems.push(`${c.name}.${o.name}: required after optional (Discord refuses it)`);
          if (!o.required) seenOptional = true;
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('given the command list, names are unique', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
