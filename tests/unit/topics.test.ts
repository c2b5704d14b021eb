import { describe, expect, it } from 'vitest';
import { TAXONOMY, findTopic } from '../../src/core/topics/taxonomy.js';
import { tagTopics } from '../../src/core/topics/tag-topics.js';
import { keywords } from '../../src/core/topics/keywords.js';

describe('TAXONOMY', () => {
  it('has at least 16 topics with unique ids, weights in 0.5–1.5 and cue words', () => {
    expect(TAXONOMY.length).toBeGreaterThanOrEqual(16);
    expect(new Set(TAXONOMY.map((t) => t.id)).size).toBe(TAXONOMY.length);
    for (const t of TAXONOMY) {
      expect(t.weight).toBeGreaterThanOrEqual(0.5);
      expect(t.weight).toBeLessThanOrEqual(1.5);
      expect(Object.keys(t.keywords).length).toBeGreaterThan(10);
    }
  });

  it('covers the required news fields', () => {
    for (const q of ['world', 'politics', 'elections', 'war', 'diplomacy', 'military', 'business', 'economy', 'technology', 'science', 'space', 'health', 'climate', 'sport', 'entertainment', 'crime']) {
      expect(findTopic(q), q).toBeDefined();
    }
  });
});

describe('findTopic', () => {
  it('matches ids, labels and aliases case-insensitively', () => {
    expect(findTopic('space')?.id).toBe('space');
    expect(findTopic('Tech')?.id).toBe('technology');
    expect(findTopic('war')?.id).toBe('war-conflict');
    expect(findTopic('War & conflict')?.id).toBe('war-conflict');
    expect(findTopic('entertainment')?.id).toBe('culture-entertainment');
    expect(findTopic('sports')?.id).toBe('sport');
    expect(findTopic('  CLIMATE  ')?.id).toBe('climate-environment');
    expect(findTopic('defence')?.id).toBe('military-defence');
  });

  it('returns undefined for unknown or empty queries', () => {
    expect(findTopic('knitting')).toBeUndefined();
    expect(findTopic('')).toBeUndefined();
  });
});

describe('tagTopics', () => {
  const ids = (input: Parameters<typeof tagTopics>[0]) => tagTopics(input).map((t) => t.id);

  it('tags a football report as sport', () => {
    const text =
      'The striker scored twice in the second half as the home team beat their rivals 3-1 to reach the cup final. The coach praised his players after the match, and the club captain said the fans had lifted the squad.';
    expect(ids({ title: 'Late goals send United into cup final', text, entities: [] })[0]).toBe('sport');
  });

  it('tags company results as business', () => {
    const text =
      'The retailer reported a 12% rise in quarterly profits as sales grew in its stores and online. Shares rose 4% after the results, and the chief executive said investors should expect a higher dividend.';
    expect(ids({ title: 'Retailer profits rise', text, entities: [] })[0]).toBe('business');
  });

  it('tags a film awards story as culture & entertainment', () => {
    const text =
      'The drama won best film at the awards ceremony, and its star was named best actress. The director thanked the studio and the audiences who made the movie a box office hit.';
    expect(ids({ title: 'Drama sweeps film awards', text, entities: [] })[0]).toBe('culture-entertainment');
  });

  it('returns scores in [0, 1], best first, at most five', () => {
    const text =
      'The war escalated as troops shelled the city; diplomats met for ceasefire talks while the military moved missiles. The economy shrank, inflation rose and the election was postponed. Police arrested protesters.';
    const topics = tagTopics({ title: 'War, talks and elections', text, entities: [] });
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.length).toBeLessThanOrEqual(5);
    for (let i = 0; i < topics.length; i += 1) {
      expect(topics[i].score).toBeGreaterThan(0);
      expect(topics[i].score).toBeLessThanOrEqual(1);
      if (i > 0) expect(topics[i].score).toBeLessThanOrEqual(topics[i - 1].score);
    }
  });

  it('returns no topic for text without cue words', () => {
    expect(tagTopics({ title: 'Hello', text: 'The cat sat on the mat and looked at the garden.', entities: [] })).toEqual([]);
  });

  it('uses publisher categories as evidence', () => {
    const text = 'The new model will be available next month in three colours.';
    expect(ids({ title: 'A new model', text, categories: ['Technology'], entities: [] })[0]).toBe('technology');
  });

  it('counts words with other senses ("trial", "judge") for crime & justice only beside its other cues or a category naming it', () => {
    const pilot =
      'Two underwater turbines began feeding the grid on Monday, the start of a three-year trial. The council will publish the data so that other towns can judge whether the technology suits them, and engineers will inspect the turbines throughout the trial.';
    expect(ids({ title: 'Harbour town opens tidal energy pilot', text: pilot, entities: [] })).not.toContain('crime-justice');
    const court =
      'The trial of the former mayor opened at the crown court on Monday. Prosecutors told the jury he took bribes over six years; the judge said the trial would last a month.';
    expect(ids({ title: 'Former mayor goes on trial', text: court, entities: [] })[0]).toBe('crime-justice');
    const courtScore = (categories?: string[]) => tagTopics({ title: 'Closing words on Friday', text: 'The judge will sum up on Friday after a long trial.', categories, entities: [] }).find((t) => t.id === 'crime-justice')?.score ?? 0;
    expect(courtScore()).toBe(0);
    expect(courtScore(['Crime'])).toBeGreaterThan(tagTopics({ title: 'Closing words on Friday', text: 'A quiet day.', categories: ['Crime'], entities: [] })[0].score);
  });
});

describe('keywords', () => {
  it('returns up to ten distinctive terms, title terms and repeated phrases first', () => {
    const text =
      'The harbour bridge will close for repairs. Engineers found corroded cables on the harbour bridge. The council said the repairs would cost 40 million euros and the harbour bridge would reopen in 2027.';
    const kws = keywords('Harbour bridge to close for repairs', text);
    expect(kws.length).toBeLessThanOrEqual(10);
    expect(kws[0].toLowerCase()).toBe('harbour bridge');
    expect(kws.map((k) => k.toLowerCase())).toContain('repairs');
    expect(kws.map((k) => k.toLowerCase())).not.toContain('the');
  });

  it('keeps compass words inside names ("North Korea") but never alone, and drops contractions', () => {
    const text =
      "North Korea said the destroyer was repaired. The North's navy will test the destroyer. I've seen North Korea's port, an analyst said, and North Korea plans more ships.";
    const kws = keywords('North Korea repairs destroyer', text);
    expect(kws).toContain('North Korea');
    expect(kws.map((k) => k.toLowerCase())).not.toContain('north');
    expect(kws.some((k) => /'/.test(k))).toBe(false);
  });
});
