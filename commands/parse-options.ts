/**
 * Parses and validates option values against a command's specs. Text form (Slack, terminal):
 * `/news north korea since:7d limit:5`: `name:value` pairs anywhere, the remaining words go to
 * the command's `rest` option, a leading word may pick a subcommand (`/feeds add <url>`).
 */
import { UserError } from '../src/core/errors.js';
import type { CommandDefinition, CommandInput, OptionSpec, OptionValues } from './types.js';

const DURATION = /^(\d{1,4})\s*(m|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d` → milliseconds. Throws a UserError naming the option on bad input. */
export function parseDuration(value: string, option = 'since'): number {
  const m = DURATION.exec(value.trim());
  if (!m) throw new UserError('BAD_OPTION', `${option}: "${value}" is not a duration; use e.g. 12h, 1d, 7d or 30d.`);
  const ms = Number(m[1]) * UNIT_MS[m[2].toLowerCase()];
  if (ms <= 0 || ms > 366 * 86_400_000) throw new UserError('BAD_OPTION', `${option}: choose a duration between 1m and 366d.`);
  return ms;
}

/** Splits text into words, keeping "quoted phrases" together. */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(\w[\w-]*):"([^"]*)"|"([^"]*)"|“([^”]*)”|(\S+)/g)) {
    if (m[1] !== undefined) out.push(`${m[1]}:${m[2]}`);
    else out.push(m[3] ?? m[4] ?? m[5]);
  }
  return out;
}

/** Converts one raw value to the option's type, checking bounds and choices. */
export function coerceOption(spec: OptionSpec, raw: string | number | boolean): string | number | boolean {
  if (spec.type === 'integer') {
    const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
    if (!Number.isInteger(n)) throw new UserError('BAD_OPTION', `${spec.name}: "${raw}" is not a whole number.`);
    if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
      throw new UserError('BAD_OPTION', `${spec.name}: choose a number from ${spec.min ?? '…'} to ${spec.max ?? '…'}.`);
    }
    return n;
  }
  if (spec.type === 'duration') return typeof raw === 'number' ? raw : parseDuration(String(raw), spec.name);
  if (spec.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    const v = String(raw).toLowerCase();
    if (['yes', 'true', 'on', '1'].includes(v)) return true;
    if (['no', 'false', 'off', '0'].includes(v)) return false;
    throw new UserError('BAD_OPTION', `${spec.name}: use yes or no.`);
  }
  const s = String(raw).trim();
  if (s.length > 500) throw new UserError('BAD_OPTION', `${spec.name}: at most 500 characters.`);
  if (spec.choices && !spec.choices.some((c) => c.value === s)) {
    throw new UserError('BAD_OPTION', `${spec.name}: choose one of ${spec.choices.map((c) => c.value).join(', ')}.`);
  }
  return s;
}

/** Checks required options and coerces values given by a platform that already split them (Discord). */
export function validateOptions(specs: OptionSpec[], given: Record<string, string | number | boolean | undefined>, usage: string): OptionValues {
  const out: OptionValues = {};
  for (const spec of specs) {
    const v = given[spec.name];
    if (v === undefined || v === '') {
      if (spec.required) throw new UserError('BAD_OPTION', `Missing ${spec.name}. Usage: ${usage}`);
      continue;
    }
    out[spec.name] = coerceOption(spec, v);
  }
  return out;
}

/** Parses the text after a command name into a {@link CommandInput}. */
export function parseCommandText(def: CommandDefinition, text: string): CommandInput {
  let words = splitWords(text.trim());
  let specs = def.options;
  let subcommand: string | undefined;
  let usage = def.usage;
  if (def.subcommands?.length) {
    const sub = def.subcommands.find((s) => s.name === words[0]?.toLowerCase());
    if (!sub) {
      const names = def.subcommands.map((s) => s.name).join('|');
      throw new UserError('BAD_OPTION', words[0] ? `Unknown subcommand "${words[0]}". Usage: ${usage}` : `Choose ${names}. Usage: ${usage}`);
    }
    subcommand = sub.name;
    specs = sub.options;
    usage = `/${def.name} ${sub.name} ${sub.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}:…]`)).join(' ')}`.trim();
    words = words.slice(1);
  }
  const given: Record<string, string> = {};
  const free: string[] = [];
  for (const w of words) {
    const m = /^([a-z][\w-]*):(.*)$/i.exec(w);
    const spec = m && specs.find((s) => s.name === m[1].toLowerCase());
    if (m && spec && !spec.rest) given[spec.name] = m[2];
    else free.push(w);
  }
  const positional = specs.filter((s) => !(s.name in given) && (s.rest || s.required));
  const rest = positional.find((s) => s.rest);
  // Required single-word options take words in order; the rest option takes what remains.
  for (const spec of positional.filter((s) => !s.rest)) {
    const w = free.shift();
    if (w !== undefined) given[spec.name] = w;
  }
  if (rest && free.length) given[rest.name] = free.join(' ');
  else if (free.length) throw new UserError('BAD_OPTION', `Unexpected "${free.join(' ')}". Usage: ${usage}`);
  return { subcommand, options: validateOptions(specs, given, usage) };
}
