/**
 * Builds Discord application commands from the platform-neutral command definitions. Pure.
 * The hash of the result lets the deploy script register commands only when they changed.
 */
import { createHash } from 'node:crypto';
import { ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType } from 'discord.js';
import type {
  APIApplicationCommandBasicOption,
  APIApplicationCommandSubcommandOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, OptionSpec } from '../../../commands/types.js';

/** Discord's JSON for one slash command. */
export type DiscordCommand = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Longest free-text option value accepted (the command parser allows 500). */
const MAX_STRING = 500;

function optionJson(o: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: o.name, description: o.description.slice(0, 100), required: o.required ?? false };
  switch (o.type) {
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(o.min !== undefined ? { min_value: o.min } : {}),
        ...(o.max !== undefined ? { max_value: o.max } : {}),
      };
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'string':
    case 'duration': {
      // Discord forbids choices together with autocomplete: fixed choices win.
      if (o.choices?.length) {
        return { ...base, type: ApplicationCommandOptionType.String, choices: o.choices.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) })) };
      }
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        max_length: o.type === 'duration' ? 8 : MAX_STRING,
        ...(o.autocomplete ? { autocomplete: true } : {}),
      };
    }
  }
}

/** Discord requires required options before optional ones; order is otherwise kept. */
function optionsJson(specs: OptionSpec[]): APIApplicationCommandBasicOption[] {
  return [...specs.filter((o) => o.required), ...specs.filter((o) => !o.required)].map(optionJson);
}

/** One command's JSON: options, or subcommands (which then carry the options). */
export function buildCommand(def: CommandDefinition): DiscordCommand {
  const cmd: DiscordCommand = {
    name: def.name,
    description: def.description.slice(0, 100),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
  };
  if (def.subcommands?.length) {
    cmd.options = def.subcommands.map(
      (s): APIApplicationCommandSubcommandOption => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: s.name,
        description: s.description.slice(0, 100),
        options: optionsJson(s.options),
      }),
    );
  } else if (def.options.length) {
    cmd.options = optionsJson(def.options);
  }
  return cmd;
}

/** Every command's JSON, in list order. */
export function buildCommands(defs: CommandDefinition[]): DiscordCommand[] {
  return defs.map(buildCommand);
}

/** A stable hash of the commands' JSON: equal hashes mean nothing to register. */
export function commandsHash(commands: DiscordCommand[]): string {
  return createHash('sha256').update(stableJson(commands)).digest('hex').slice(0, 16);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
