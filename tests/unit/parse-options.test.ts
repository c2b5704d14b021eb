import { describe, expect, it } from 'vitest';
import { parseCommandText, parseDuration, splitWords } from '../../commands/parse-options.js';
import { news } from '../../commands/news.js';
import { story } from '../../commands/story.js';
import type { CommandDefinition } from '../../commands/types.js';
import { NewsdeskError } from '../../src/core/errors.js';

const feeds: CommandDefinition = {
  name: 'feeds',
  description: 'x',
  usage: '/feeds add|remove|list',
  options: [],
  subcommands: [
    { name: 'add', description: 'x', options: [{ name: 'url', description: 'u', type: 'string', required: true }], manages: true },
    { name: 'list', description: 'x', options: [] },
  ],
  run: async () => ({ kind: 'text', tone: 'info', lines: [] }),
};

describe('parseCommandText', () => {
  it('given free words and named options in any order, puts the words in the rest option', () => {
    expect(parseCommandText(news, 'north korea since:7d limit:5').options).toEqual({ topic: 'north korea', since: 7 * 86_400_000, limit: 5 });
    expect(parseCommandText(news, 'limit:2 space').options).toEqual({ topic: 'space', limit: 2 });
  });

  it('given a quoted phrase, keeps it as one value', () => {
    expect(splitWords('"prisoners of war" since:"7d"')).toEqual(['prisoners of war', 'since:7d']);
  });

  it('given a missing required option, fails with the usage line', () => {
    expect(() => parseCommandText(news, '')).toThrow(/Missing topic.*Usage: \/news/);
  });

  it('given out-of-range or malformed values, names the option', () => {
    expect(() => parseCommandText(news, 'space limit:99')).toThrow(/limit: choose a number from 1 to 10/);
    expect(() => parseCommandText(news, 'space since:forever')).toThrow(/since: "forever" is not a duration/);
    expect(() => parseCommandText(story, 'abc')).toThrow(/id: "abc" is not a whole number/);
  });

  it('given subcommands, picks one and parses its options, or says which exist', () => {
    expect(parseCommandText(feeds, 'add https://example.com/rss')).toEqual({ subcommand: 'add', options: { url: 'https://example.com/rss' } });
    expect(() => parseCommandText(feeds, 'frobnicate')).toThrow(/Unknown subcommand "frobnicate"/);
    expect(() => parseCommandText(feeds, 'list extra words')).toThrow(/Unexpected "extra words"/);
  });

  it('given durations, converts units and refuses nonsense', () => {
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(() => parseDuration('0d')).toThrow(NewsdeskError);
    expect(() => parseDuration('999w')).toThrow(/between/);
  });
});
