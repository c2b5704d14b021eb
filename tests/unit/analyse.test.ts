import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../src/core/analyse.js';
import type { Block, ParsedArticle } from '../../src/core/model.js';
import { isLikelyEnglish } from '../../src/core/summarise/tokenise.js';

/**
 * The seed file holds four stories copied from a news page: the first with one paragraph
 * per line and short subheadings, the three "related articles" as a title line followed by
 * one long paragraph. This splits it into articles without the product's parser.
 */
function seedArticles(): ParsedArticle[] {
  const raw = readFileSync(resolve(__dirname, '../../seeds/000_2efa281a93b9656a.txt'), 'utf8');
  const [first, related] = raw.split('Related Articles');
  const lines = first.split('\n').map((l) => l.trim()).filter(Boolean);
  const end = lines.indexOf('Hashtags');
  const blocks: Block[] = lines.slice(3, end).map((text) => ({
    kind: /[.!?'"]$/.test(text) ? 'paragraph' : 'heading',
    text,
  }));
  const articles: ParsedArticle[] = [{ title: lines[0], headings: [], blocks }];
  for (const chunk of related.split(/\n\s*\n\s*\n/).map((c) => c.trim()).filter(Boolean)) {
    const l = chunk.split('\n');
    articles.push({ title: l[3], headings: [], blocks: [{ kind: 'paragraph', text: l.slice(4).join(' ') }] });
  }
  return articles;
}

const [swap, dragon, destroyer, japan] = seedArticles().map(analyseArticle);
const topicIds = (a: typeof swap) => a.topics.map((t) => t.id);
const entityNames = (a: typeof swap) => a.entities.map((e) => e.name);

describe('analyseArticle on the seed stories', () => {
  it('reads four stories from the seed', () => {
    expect([swap, dragon, destroyer, japan].every((a) => a.title.length > 0)).toBe(true);
    expect(japan.title).toMatch(/Japan, Guatemala/);
  });

  it('prisoner swap: war & conflict first, diplomacy and world; Zelenskyy, Putin, Chernihiv, Istanbul', () => {
    expect(topicIds(swap)[0]).toBe('war-conflict');
    expect(topicIds(swap)).toContain('diplomacy');
    expect(topicIds(swap)).toContain('world');
    for (const n of ['Volodymyr Zelenskyy', 'Vladimir Putin', 'Chernihiv', 'Istanbul', 'Russia', 'Ukraine']) expect(entityNames(swap)).toContain(n);
    expect(swap.entities.find((e) => e.name === 'Vladimir Putin')?.kind).toBe('person');
  });

  it('Dragon: space first, then technology or business; Musk, NASA, SpaceX', () => {
    expect(topicIds(dragon)[0]).toBe('space');
    expect(topicIds(dragon).some((t) => t === 'technology' || t === 'business')).toBe(true);
    expect(entityNames(dragon)).toEqual(expect.arrayContaining(['Elon Musk', 'NASA', 'SpaceX']));
    expect(dragon.entities.find((e) => e.name === 'NASA')?.kind).toBe('organisation');
  });

  it('destroyer: military & defence first; Kim Jong Un, Chongjin, North Korea', () => {
    expect(topicIds(destroyer)[0]).toBe('military-defence');
    expect(entityNames(destroyer)).toEqual(expect.arrayContaining(['Kim Jong Un', 'Chongjin', 'North Korea']));
    expect(entityNames(destroyer)[0]).toBe('Kim Jong Un');
  });

  it('Japan–Guatemala: diplomacy first; Ishiba, Arevalo, Guatemala, Taiwan', () => {
    expect(topicIds(japan)[0]).toBe('diplomacy');
    expect(entityNames(japan)).toEqual(expect.arrayContaining(['Shigeru Ishiba', 'Bernardo Arevalo', 'Guatemala', 'Taiwan']));
  });

  it('summaries are whole body sentences without the wire dateline and TL;DRs fit 280 characters', () => {
    for (const a of [swap, dragon, destroyer, japan]) {
      expect(a.summary.tldr.length).toBeGreaterThan(20);
      expect(a.summary.tldr.length).toBeLessThanOrEqual(280);
      expect(a.summary.tldr).not.toMatch(/\((?:AP)\)/);
      expect(a.summary.short.length).toBeGreaterThanOrEqual(2);
      expect(a.keywords.length).toBeGreaterThan(3);
    }
    expect(swap.summary.tldr).toMatch(/prisoner exchange/);
    expect(destroyer.summary.tldr).toMatch(/destroyer/);
    expect(swap.summary.keyPoints.some((s) => /^Exchanges at the Belarus/.test(s))).toBe(false);
  });

  it('keeps the parsed fields and is deterministic', () => {
    const again = seedArticles().map(analyseArticle)[0];
    expect(again).toEqual(swap);
    expect(swap.blocks.length).toBeGreaterThan(10);
  });
});

describe('analyseArticle on text that is not English', () => {
  const french: ParsedArticle = {
    title: 'Le projet de loi adopté à l’Assemblée',
    headings: [],
    blocks: [
      {
        kind: 'paragraph',
        text: 'Les députés ont adopté mardi le projet de loi sur le renseignement, défendu par le gouvernement de Manuel Valls. Le texte sera examiné par le Sénat en juin, à Paris, avant une saisine du Conseil constitutionnel.',
      },
    ],
  };

  it('takes topics only from categories and uses entity names as keywords', () => {
    const a = analyseArticle(french);
    expect(a.topics).toEqual([]);
    expect(a.keywords).toEqual(a.entities.slice(0, 10).map((e) => e.name));
    expect(a.keywords).toContain('Manuel Valls');
    expect(a.summary.tldr.length).toBeGreaterThan(0);
    expect(analyseArticle({ ...french, categories: ['Politics'] }).topics.map((t) => t.id)).toEqual(['politics']);
  });

  it('trusts a declared language over the word test', () => {
    expect(isLikelyEnglish('Les députés ont adopté mardi le projet de loi sur le renseignement.', 'en-GB')).toBe(true);
    expect(isLikelyEnglish('The deputies adopted the bill on Tuesday and it was sent to the Senate.', 'fr')).toBe(false);
    expect(isLikelyEnglish('The deputies adopted the bill on Tuesday, and it was sent to the Senate, which has the final say on the text of the law.')).toBe(true);
  });
});
