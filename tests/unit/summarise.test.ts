import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/core/model.js';
import { TLDR_MAX_CHARS, rankSentences, stripDateline, summarise } from '../../src/core/summarise/summarise.js';

const p = (text: string): Block => ({ kind: 'paragraph', text });
const h = (text: string): Block => ({ kind: 'heading', text });

const article: Block[] = [
  p(
    'The city council approved a new budget for the harbour bridge repair on Tuesday, ending months of dispute over the cost of the works. The vote passed by nine to four.',
  ),
  h('Years of delay on the harbour bridge'),
  p(
    'Engineers warned last year that the harbour bridge needed urgent repair after inspectors found corroded cables. The repair will cost about 40 million euros, the council said.',
  ),
  p("'It's about time,' said one resident. Wow."),
  p(
    'Work on the harbour bridge repair is due to start in March and to last two years, with one lane kept open for traffic during the works.',
  ),
  p('Local shops near the bridge fear that the works will keep customers away during the busy summer season.'),
];

describe('rankSentences', () => {
  it('ranks only paragraph sentences, never headings', () => {
    const ranked = rankSentences(article, { title: 'Council approves harbour bridge repair' });
    expect(ranked.map((r) => r.text)).not.toContain('Years of delay on the harbour bridge');
    expect(ranked).toHaveLength(8);
  });

  it('puts the central lead sentence first and fragments and quotes last', () => {
    const ranked = rankSentences(article, { title: 'Council approves harbour bridge repair' });
    expect(ranked[0].text).toMatch(/^The city council approved/);
    const wow = ranked.findIndex((r) => r.text === 'Wow.');
    const quote = ranked.findIndex((r) => r.text.startsWith("'It's about time,'"));
    expect(wow).toBeGreaterThanOrEqual(ranked.length - 2);
    expect(quote).toBeGreaterThanOrEqual(ranked.length - 3);
  });

  it('is deterministic', () => {
    expect(rankSentences(article)).toEqual(rankSentences(article));
  });

  it('returns nothing for an article without paragraphs', () => {
    expect(rankSentences([h('Only a heading')])).toEqual([]);
  });

  it('does not pick a near-duplicate of a chosen sentence among the top three', () => {
    const dup: Block[] = [
      p('The central bank raised interest rates by half a point on Thursday to fight inflation.'),
      p('On Thursday the central bank raised interest rates by half a point to fight inflation.'),
      p('Economists had expected a smaller rise, and shares in banks fell sharply after the decision.'),
      p('The governor said further rises in interest rates could follow if prices keep climbing.'),
      p('Mortgage holders will see their monthly payments rise from next month.'),
    ];
    const top3 = rankSentences(dup, { title: 'Central bank raises interest rates' }).slice(0, 3).map((r) => r.index);
    expect(top3.includes(0) && top3.includes(1)).toBe(false);
  });
});

describe('summarise', () => {
  it('returns whole sentences: a TL;DR, 2-3 short sentences and up to 5 key points in article order', () => {
    const s = summarise(article, { title: 'Council approves harbour bridge repair' });
    expect(s.tldr).toMatch(/^The city council approved/);
    expect(s.short.length).toBeGreaterThanOrEqual(2);
    expect(s.short.length).toBeLessThanOrEqual(3);
    expect(s.keyPoints.length).toBeLessThanOrEqual(5);
    const all = rankSentences(article).map((r) => r.text);
    const order = (xs: string[]) => xs.map((x) => all.indexOf(x));
    for (const list of [s.short, s.keyPoints]) {
      for (const x of list) expect(all).toContain(x);
      const idx = list.map((x) => article.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : [])).join(' ').indexOf(x));
      expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    }
    expect(order(s.short).every((i) => i >= 0)).toBe(true);
  });

  it('chooses a TL;DR that fits 280 characters rather than cutting a longer top sentence', () => {
    const long = `The government announced ${'a very long list of measures including new taxes, '.repeat(8)}and more.`;
    const blocks = [p(long), p('The government announced new taxes on fuel and tobacco to pay for the measures.')];
    const s = summarise(blocks, { title: 'Government announces new taxes' });
    expect(long.length).toBeGreaterThan(TLDR_MAX_CHARS);
    expect(s.tldr).toBe('The government announced new taxes on fuel and tobacco to pay for the measures.');
  });

  it('cuts at a word boundary with an ellipsis only when no sentence fits', () => {
    const long = `The government announced ${'a very long list of measures including new taxes, '.repeat(8)}and more.`;
    const s = summarise([p(long)]);
    expect(s.tldr.length).toBeLessThanOrEqual(TLDR_MAX_CHARS);
    expect(s.tldr.endsWith('…')).toBe(true);
    expect(long.startsWith(s.tldr.slice(0, -1))).toBe(true);
  });

  it('gives an empty summary for no paragraphs', () => {
    expect(summarise([])).toEqual({ tldr: '', short: [], keyPoints: [] });
  });
});

describe('stripDateline', () => {
  it('removes wire datelines at the start of the lead', () => {
    expect(stripDateline('SEOUL, South Korea (AP) -- North Korea said Friday it had righted a destroyer.')).toBe(
      'North Korea said Friday it had righted a destroyer.',
    );
    expect(stripDateline('CHERNIHIV REGION, Ukraine (AP) — Russia and Ukraine began a swap.')).toBe(
      'Russia and Ukraine began a swap.',
    );
    expect(stripDateline('LONDON — Shares fell.')).toBe('Shares fell.');
    expect(stripDateline('NASA said the launch — delayed twice — went well.')).toBe('NASA said the launch — delayed twice — went well.');
  });
});
