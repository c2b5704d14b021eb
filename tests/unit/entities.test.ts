import { describe, expect, it } from 'vitest';
import nlp from 'compromise';
import { extractEntities, lexiconNames } from '../../src/core/topics/entities.js';

const names = (title: string, text: string) => extractEntities(title, text).map((e) => `${e.name}/${e.kind}`);

describe('extractEntities', () => {
  it('merges a surname into the full name and strips titles and possessives', () => {
    const text =
      "President Volodymyr Zelenskyy said the swap brought home 390 Ukrainians. Russia's Defense Ministry said it received the same number. Zelenskyy thanked all who worked on it, and Zelenskyy's office said more would follow.";
    const ents = extractEntities('Prisoner swap', text);
    const z = ents.find((e) => e.name === 'Volodymyr Zelenskyy');
    expect(z).toEqual({ name: 'Volodymyr Zelenskyy', kind: 'person', count: 3 });
    expect(ents.map((e) => e.name)).not.toContain('Zelenskyy');
    expect(ents.map((e) => e.name)).toContain('Russia');
    expect(ents.map((e) => e.name).some((n) => /'s$|President/.test(n))).toBe(false);
  });

  it('classifies titled people, places by context and organisations by suffix or acronym', () => {
    const text =
      'Prime Minister Shigeru Ishiba met officials in the northeastern port of Chongjin. NASA and the Korean Central News Agency reported it. Fighting continued in the Kherson region, according to regional Gov. Oleh Kiper.';
    const got = names('Meeting', text);
    expect(got).toContain('Shigeru Ishiba/person');
    expect(got).toContain('Chongjin/place');
    expect(got).toContain('NASA/organisation');
    expect(got).toContain('Korean Central News Agency/organisation');
    expect(got).toContain('Kherson/place');
    expect(got).toContain('Oleh Kiper/person');
  });

  it('keeps "Kim Jong Un" whole and counts "Kim" as him', () => {
    const text =
      'North Korea said it had repaired the destroyer that leader Kim Jong Un called a key asset. Kim set a deadline for the repair. Kim also watched missile tests.';
    const kim = extractEntities('Destroyer repaired', text).find((e) => e.name.startsWith('Kim'));
    expect(kim).toEqual({ name: 'Kim Jong Un', kind: 'person', count: 3 });
  });

  it('drops sentence-initial common words, demonyms and lone title words', () => {
    const got = names('Talks', 'The talks ended. Russian officials left. However, Ukrainian diplomats stayed in Istanbul.').map((n) => n.split('/')[0]);
    expect(got).toContain('Istanbul');
    for (const junk of ['The', 'Russian', 'However', 'Ukrainian']) expect(got).not.toContain(junk);
  });

  it('counts title mentions only for names the body uses, and sorts by count', () => {
    const ents = extractEntities('Japan and Guatemala Upgrade Ties', 'Japan and Guatemala agreed to talks. Japan will host the visit.');
    expect(ents[0]).toEqual({ name: 'Japan', kind: 'place', count: 3 });
    expect(ents.map((e) => e.name)).not.toContain('Upgrade Ties');
  });

  it('returns nothing for empty text', () => {
    expect(extractEntities('', '')).toEqual([]);
  });

  it('keeps middle initials, ends a name at an acronym closing a sentence, and ignores capitalised chrome', () => {
    const text =
      'George W. Bush spoke. Facebook bought Oculus VR. Zuckerberg said the deal, with Mark Zuckerberg as chief, was done. SIGN UP FOR OUR NEWSLETTER today.';
    const got = extractEntities('Deal', text);
    expect(got.map((e) => e.name)).toContain('George W. Bush');
    expect(got.find((e) => e.name === 'Mark Zuckerberg')).toEqual({ name: 'Mark Zuckerberg', kind: 'person', count: 2 });
    expect(got.some((e) => /SIGN|NEWSLETTER|VR Zuckerberg/.test(e.name))).toBe(false);
  });

  it('does not guess a person from a word the article also uses in lowercase, nor from a demonym', () => {
    const text =
      'The Bill would force providers to keep data. Critics of the bill met Tunisian Islamists, and Tunisian Islamists said they would vote against the Bill.';
    const names = extractEntities('Data bill', text).map((e) => e.name);
    expect(names).not.toContain('Bill');
    expect(names).not.toContain('Tunisian Islamists');
  });
});

describe('names of a kind read from the tagged name list (lexiconNames)', () => {
  const LISTS = [
    'Donald Trump\nWashington\nEuropean Union\nMara Lindqvist\nGoogle\nSpaceX\nKim Jong Un\nChernihiv\nMonday\nNew York City\nBBC\nReuters\nApple Inc\nJohn Smith\nLondon\nUkraine\nRussian\nVladimir Putin\nMicrosoft',
    'Bank of England\nUnited Nations Security Council\nParis Saint-Germain\nSão Paulo\nAngela Merkel Berlin\nIMF\nNorth Korea\nSt Louis',
    // Honorifics, possessives and commas: the list goes through compromise's own finders.
    'President Joe Biden\nDr Anthony Fauci\nGermany’s Olaf Scholz\nParis, France\nQueen Elizabeth',
  ];

  it('gives exactly what compromise’s organizations(), places() and people() give', () => {
    const hooks = (nlp.world() as unknown as { hooks: string[] }).hooks.filter((h) => h !== 'postTagger' && h !== 'chunks');
    for (const list of LISTS) {
      const doc = nlp.tokenize(list);
      doc.compute(hooks);
      const sentences = (doc as unknown as { docs: Parameters<typeof lexiconNames>[1] }).docs;
      const names = lexiconNames(doc, sentences);
      expect(names.organisation, list).toEqual(doc.organizations().out('array'));
      expect(names.place, list).toEqual(doc.places().out('array'));
      expect(names.person, list).toEqual(doc.people().out('array'));
    }
  });
});
