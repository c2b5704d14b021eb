import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/core/summarise/split-sentences.js';

describe('splitSentences', () => {
  it('keeps titles and abbreviations inside the sentence', () => {
    const text =
      'Russia launched two missiles at the port of Odesa, according to regional Gov. Oleh Kiper. It was the first attack since March 11.';
    expect(splitSentences(text)).toEqual([
      'Russia launched two missiles at the port of Odesa, according to regional Gov. Oleh Kiper.',
      'It was the first attack since March 11.',
    ]);
  });

  it('does not split on U.S.-led, U.K., Dr., Mr., St., Jan., Inc., Corp., Ltd., No. 5 or vs.', () => {
    const text =
      'Talks brought no breakthrough in U.S.-led efforts. Mr. Smith met Dr. Jones at St. Paul\'s on Jan. 5 with Sen. Kim and Rep. Lee of Acme Inc. and Foo Corp. and Bar Ltd. in the U.K. today. It rose 3.5% in No. 5 vs. last year.';
    expect(splitSentences(text)).toEqual([
      'Talks brought no breakthrough in U.S.-led efforts.',
      "Mr. Smith met Dr. Jones at St. Paul's on Jan. 5 with Sen. Kim and Rep. Lee of Acme Inc. and Foo Corp. and Bar Ltd. in the U.K. today.",
      'It rose 3.5% in No. 5 vs. last year.',
    ]);
  });

  it('keeps initials and multi-part names together', () => {
    expect(splitSentences('J. R. R. Tolkien wrote books. Kim Jong Un inspected the ship.')).toEqual([
      'J. R. R. Tolkien wrote books.',
      'Kim Jong Un inspected the ship.',
    ]);
  });

  it('keeps a quote ending in ??? inside the sentence when an em dash continues it', () => {
    const s =
      "He added in the post that 'this could lead to something big???' — apparently referring to other diplomatic efforts to stop the fighting.";
    expect(splitSentences(s)).toEqual([s]);
  });

  it('keeps an exclamation in quotes followed by a speech verb in one sentence', () => {
    const s = "'Vanya!' cried Nataliia Mosych, among the gathered relatives, 'My husband!'";
    expect(splitSentences(s)).toEqual([s]);
  });

  it('splits after a sentence that ends inside quotes', () => {
    expect(splitSentences("He said 'go.' Then he left.")).toEqual(["He said 'go.'", 'Then he left.']);
    expect(splitSentences('"The repair will vary," Lee said. "This could also affect it." Next came the report.')).toEqual([
      '"The repair will vary," Lee said.',
      '"This could also affect it."',
      'Next came the report.',
    ]);
  });

  it('never cuts inside balanced quotes or brackets, and cuts after them when a sentence follows', () => {
    expect(splitSentences('He said: "We will go. They will stay. Nobody knows." Then he left.')).toEqual([
      'He said: "We will go. They will stay. Nobody knows."',
      'Then he left.',
    ]);
    expect(splitSentences('The report (published in May. It was late.) was read. Then nothing.')).toEqual([
      'The report (published in May. It was late.) was read.',
      'Then nothing.',
    ]);
    // A name ending in "!" is not a sentence ("OutRage!'s Mr Lock").
    expect(splitSentences('OutRage!\'s Mr Lock said: "The players will act." Nobody agreed.')).toEqual([
      'OutRage!\'s Mr Lock said: "The players will act."',
      'Nobody agreed.',
    ]);
  });

  it('keeps numbers with separators, ranges and parentheses intact', () => {
    const text =
      'Outside experts say the 5,000-ton-class destroyer was damaged. Battles continued along the roughly 1,000-kilometer (620-mile) front line.';
    expect(splitSentences(text)).toHaveLength(2);
  });

  it('splits on ellipses, ?! and ???, and never inside an em dash clause', () => {
    expect(splitSentences('He waited... Then what?! Really??? Yes — no.')).toEqual([
      'He waited...',
      'Then what?!',
      'Really???',
      'Yes — no.',
    ]);
  });

  it('treats line breaks as paragraph boundaries and ignores blank input', () => {
    expect(splitSentences('First paragraph without a stop\n\nSecond one.')).toEqual([
      'First paragraph without a stop',
      'Second one.',
    ]);
    expect(splitSentences('   \n ')).toEqual([]);
  });

  it('keeps apostrophes in words from being taken as quotes', () => {
    expect(splitSentences("Rock 'n' roll is here. The '90s were fun.")).toEqual(["Rock 'n' roll is here.", "The '90s were fun."]);
  });

  it('splits after a year or number that ends a sentence, which the library misses', () => {
    expect(splitSentences('He was born in 1950. He moved to Kyiv in 1975.')).toEqual(['He was born in 1950.', 'He moved to Kyiv in 1975.']);
    expect(splitSentences('1. First item here.')).toEqual(['1. First item here.']);
  });

  it('splits after a closing parenthesis only when a new sentence follows', () => {
    expect(splitSentences('The firm (founded in 1998.) grew fast. (See the chart.) Next came growth.')).toEqual([
      'The firm (founded in 1998.) grew fast.',
      '(See the chart.)',
      'Next came growth.',
    ]);
  });

  it('cuts plain boundaries after words, amounts, acronyms and closing quotes', () => {
    expect(splitSentences('Costs rose by 47.3%. BA expects £59m. Profits were "pretty modest". "It is good," he said. "Fine." The BBC. The end came.')).toEqual([
      'Costs rose by 47.3%.',
      'BA expects £59m.',
      'Profits were "pretty modest".',
      '"It is good," he said.',
      '"Fine."',
      'The BBC.',
      'The end came.',
    ]);
  });

  it('never cuts inside straight double quotes or brackets, nor after an abbreviation word', () => {
    expect(splitSentences('He said: "We will win. They will lose." Then he left.')).toEqual(['He said: "We will win. They will lose."', 'Then he left.']);
    expect(splitSentences('It was big (really big. Huge.) and then it ended. Next one.')).toEqual(['It was big (really big. Huge.) and then it ended.', 'Next one.']);
    expect(splitSentences('It costs about ten dollars, says Gov. Smith of the party.')).toEqual(['It costs about ten dollars, says Gov. Smith of the party.']);
  });

  it('gives the same sentences for a paragraph as for its pieces between plain boundaries', () => {
    const pieces = ['The talks ended on Monday.', 'Mr. Smith of the U.S. Army said 3.5% was fair.', 'Officials agreed.', '"We are done," said J. R. Jones.', 'It rained... Then it stopped.'];
    const alone = pieces.flatMap((p) => splitSentences(p));
    expect(splitSentences(pieces.join(' '))).toEqual(alone);
    expect(alone.slice(0, 1)).toEqual(['The talks ended on Monday.']);
    expect(alone).toContain('Officials agreed.');
  });
});
