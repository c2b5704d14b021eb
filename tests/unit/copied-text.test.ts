import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseCopiedText } from '../../src/core/parse/copied-text.js';
import { findGluedHeading, flatParagraphBlocks } from '../../src/core/parse/glued-headings.js';
import { relativeAgeMs, resolveRelativeAge, splitAgeLine } from '../../src/core/parse/relative-time.js';
import { splitLeadingCaption } from '../../src/core/parse/text-caption.js';
import { isChromeLine } from '../../src/core/parse/text-chrome.js';
import { isClockLine, parseDateLine } from '../../src/core/parse/text-date.js';
import { splitDateline } from '../../src/core/parse/text-dateline.js';
import { parseByline } from '../../src/core/parse/text-lines.js';
import { splitSentences } from '../../src/core/parse/text-sentences.js';

const capturedAt = new Date('2025-06-06T12:00:00.000Z');
const HOUR = 3_600_000;
const seedText = readFileSync(join(import.meta.dirname, '../../seeds/000_2efa281a93b9656a.txt'), 'utf8');

describe('parseCopiedText on the copied AP page with a related list', () => {
  const articles = parseCopiedText(seedText, { capturedAt, source: 'seeds/000.txt' });
  const [main, dragon, korea, guatemala] = articles;
  const paragraphs = (i: number): string[] => articles[i]!.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);

  it('finds exactly four articles with their titles and publishers', () => {
    expect(articles.map((a) => [a.title, a.publisher])).toEqual([
      ['Russia and Ukraine Swap Hundreds of Prisoners in First Phase of a Major Exchange', 'The Associated Press'],
      ['Musk threatens to withdraw Dragon spacecraft, a key space station link for NASA', 'The Mainichi'],
      ['North Korea says it has raised a capsized destroyer upright as it continues repair', 'The Mainichi'],
      ['Japan, Guatemala to Upgrade Ties to Strategic Partnership', 'Yomiuri Shimbun'],
    ]);
    expect(articles.every((a) => a.source === 'seeds/000.txt')).toBe(true);
  });

  it('keeps every chrome line out of every body', () => {
    const chrome = ['Hashtags', 'Try Our AI Features', 'Explore what Daily8 AI can do for you:', 'Comments', 'No comments yet...', 'Related Articles', '- The Mainichi', '3 hours ago'];
    for (const a of articles) {
      for (const b of a.blocks) for (const c of chrome) expect(b.text).not.toContain(c);
    }
  });

  it('dates the main article from its caption and keeps the caption out of the body', () => {
    expect(main!.publishedAt?.slice(0, 10)).toBe('2025-05-23');
    expect(main!.caption).toMatch(/^A Ukrainian serviceman Alexander, 45, hugs his wife/);
    expect(main!.caption).toContain('Friday, May 23, 2025');
    expect(main!.blocks.some((b) => b.text.includes('hugs his wife'))).toBe(false);
  });

  it('parses and removes the dateline of the first paragraph', () => {
    expect(main!.dateline).toEqual({ place: 'CHERNIHIV REGION, Ukraine', agency: 'AP' });
    expect(paragraphs(0)[0]).toMatch(/^Russia and Ukraine began a major prisoner exchange Friday/);
  });

  it('keeps the three subheadings as headings and heading blocks, never inside a paragraph', () => {
    const headings = ['Exchanges at the Belarus-Ukrainian border', 'Emotional reunions for some, but others must wait', 'No new Russia-Ukraine talks are set'];
    expect(main!.headings).toEqual(headings);
    expect(main!.blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual(headings);
    for (const p of paragraphs(0)) for (const h of headings) expect(p).not.toContain(h);
    const i = main!.blocks.findIndex((b) => b.text === headings[0]);
    expect(main!.blocks[i + 1]!.text).toMatch(/^The swap took place at the border with Belarus/);
  });

  it('dates related entries by counting their age back from capturedAt', () => {
    expect(dragon!.publishedAt).toBe(new Date(capturedAt.getTime() - 3 * HOUR).toISOString());
    expect(korea!.publishedAt).toBe(new Date(capturedAt.getTime() - 4 * HOUR).toISOString());
    expect(guatemala!.publishedAt).toBe(new Date(capturedAt.getTime() - 4 * HOUR).toISOString());
  });

  it('strips "(AP) -- " and parses the SEOUL dateline of related entries', () => {
    expect(paragraphs(1)[0]).toMatch(/^As President Donald Trump and Elon Musk argued/);
    expect(dragon!.dateline).toBeUndefined();
    expect(korea!.dateline).toEqual({ place: 'SEOUL, South Korea', agency: 'AP' });
    expect(paragraphs(2)[0]).toMatch(/^North Korea said Friday it had righted/);
  });

  it('turns the glued headings of the flattened Dragon entry into heading blocks', () => {
    expect(dragon!.headings).toEqual(['The Dragon capsule', "NASA's other option: Russia", "SpaceX's other government launches"]);
    const texts = dragon!.blocks.map((b) => `${b.kind}: ${b.text.split(' ').slice(0, 5).join(' ')}`);
    expect(texts).toEqual([
      'paragraph: As President Donald Trump and',
      'heading: The Dragon capsule',
      'paragraph: SpaceX is the only U.S.',
      "heading: NASA's other option: Russia",
      "paragraph: Russia's Soyuz capsules are the",
      "heading: SpaceX's other government launches",
      'paragraph: The company has used its',
    ]);
    expect(paragraphs(1)[0]).toMatch(/keeping the space station running\. NASA also relies heavily on SpaceX .* moon\.$/);
  });

  it('finds no heading in the flattened Korea entry', () => {
    expect(korea!.headings).toEqual([]);
    expect(paragraphs(2)).toHaveLength(1);
  });

  it('moves the photo credit and caption glued to the Guatemala entry into caption', () => {
    expect(guatemala!.caption).toContain('Taiwan Presidential Office via AP');
    expect(guatemala!.caption).toMatch(/during a ceremony in Taipei on Thursday$/);
    expect(paragraphs(3)[0]).toMatch(/^Japan and Guatemala are likely to upgrade their bilateral relationship/);
  });

  it('marks none of the complete entries as teasers', () => {
    expect(articles.map((a) => a.teaser ?? false)).toEqual([false, false, false, false]);
  });
});

describe('parseCopiedText on small pages', () => {
  it('given only chrome, returns no article', () => {
    expect(parseCopiedText('Share\nComments\nNo comments yet...\nRelated Articles\n', { capturedAt })).toEqual([]);
  });

  it('given a related entry cut mid-word, drops the fragment and marks a teaser', () => {
    const page = [
      'Harbour ferry fares frozen for another year',
      'Bayside Herald',
      'The harbour authority said on Monday that ferry fares will stay at current levels for another year, citing a rise in passenger numbers.',
      'Officials said the decision would cost about $1 million in lost revenue.',
      'Related Articles',
      'Bayside Herald',
      '5 hours ago',
      'Night buses return to the waterfront',
      'Night bus service will return to the waterfront on Friday after a two-year pause. The routes will run every 30 minutes. Drivers said they welcomed the retu',
    ].join('\n');
    const [, entry] = parseCopiedText(page, { capturedAt });
    expect(entry!.title).toBe('Night buses return to the waterfront');
    expect(entry!.teaser).toBe(true);
    expect(entry!.blocks.map((b) => b.text)).toEqual(['Night bus service will return to the waterfront on Friday after a two-year pause. The routes will run every 30 minutes.']);
    expect(entry!.publishedAt).toBe(new Date(capturedAt.getTime() - 5 * HOUR).toISOString());
  });

  it('given navigation labels above the headline, picks the headline followed by header lines and text', () => {
    const page = [
      'Home', 'World News', 'Europe Politics Business',
      'Dutch parliament backs new flood barrier funding',
      'Lowland Post',
      'By Anke de Vries',
      'The Dutch parliament on Tuesday approved 2.4 billion euros for new flood barriers along the Rhine delta.',
    ].join('\n');
    const [a] = parseCopiedText(page, { capturedAt });
    expect([a!.title, a!.publisher, a!.byline]).toEqual(['Dutch parliament backs new flood barrier funding', 'Lowland Post', 'Anke de Vries']);
    expect(a!.blocks).toHaveLength(1);
  });

  it('given a section label under the headline, does not take it for the publisher', () => {
    const page = 'Why the harbour tunnel is running late\nAnalysis\nBy Tom Reyes\nThe harbour tunnel was due to open this spring, but flooding in the eastern shaft has pushed the date back a year.';
    const [a] = parseCopiedText(page, { capturedAt });
    expect(a!.publisher).toBeUndefined();
    expect(a!.byline).toBe('Tom Reyes');
  });

  it('given text that starts with a paragraph, names the article after its first sentence and keeps it', () => {
    const page = 'Snow closed the mountain pass on Sunday. Crews expect to reopen it by Tuesday afternoon.\nDrivers were told to use the valley road instead, which adds about an hour.';
    const [a] = parseCopiedText(page, { capturedAt });
    expect(a!.title).toBe('Snow closed the mountain pass on Sunday');
    expect(a!.blocks.map((b) => b.text.slice(0, 20))).toEqual(['Snow closed the moun', 'Drivers were told to']);
  });

  it('given a cookie banner above the article, drops it', () => {
    const page = 'We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.\nLibrary fines abolished across the county\nShire Weekly\nThe county council on Monday abolished overdue fines at all 14 of its libraries, saying they kept poorer families away.';
    const [a] = parseCopiedText(page, { capturedAt });
    expect(a!.title).toBe('Library fines abolished across the county');
    expect(a!.blocks.map((b) => b.text).join(' ')).not.toContain('cookies');
  });

  it('given a relative age under the main title, dates the main article from capturedAt', () => {
    const page = 'Tram strike called off after late-night deal\nCity Wire\n45 minutes ago\nUnions called off a planned tram strike on Thursday after reaching a late-night pay deal with the city transport operator.';
    const [a] = parseCopiedText(page, { capturedAt });
    expect(a!.publisher).toBe('City Wire');
    expect(a!.publishedAt).toBe(new Date(capturedAt.getTime() - 45 * 60_000).toISOString());
  });
});

describe('relativeAgeMs', () => {
  it.each([
    ['3 hours ago', 3 * HOUR],
    ['an hour ago', HOUR],
    ['1 hour ago', HOUR],
    ['2 min ago', 2 * 60_000],
    ['45 minutes ago', 45 * 60_000],
    ['5m ago', 5 * 60_000],
    ['a day ago', 24 * HOUR],
    ['3 days ago', 72 * HOUR],
    ['2 weeks ago', 14 * 24 * HOUR],
    ['yesterday', 24 * HOUR],
    ['Yesterday', 24 * HOUR],
    ['just now', 0],
    ['Updated 10 mins ago', 10 * 60_000],
  ])('reads "%s"', (line, ms) => {
    expect(relativeAgeMs(line)).toBe(ms);
  });

  it.each(['3 hours', '3h', 'ago', 'Three hours ago the bridge collapsed.', 'Comments'])('rejects "%s"', (line) => {
    expect(relativeAgeMs(line)).toBeUndefined();
  });

  it('reads a publisher printed beside the age', () => {
    expect(splitAgeLine('The Mainichi · 3 hours ago')).toEqual({ age: '3 hours ago', publisher: 'The Mainichi' });
    expect(splitAgeLine('2h ago | Yomiuri Shimbun')).toEqual({ age: '2h ago', publisher: 'Yomiuri Shimbun' });
    expect(splitAgeLine('yesterday')).toEqual({ age: 'yesterday' });
    expect(splitAgeLine('Prices rose 3 hours ago')).toBeUndefined();
  });

  it('counts back from the capture time', () => {
    expect(resolveRelativeAge('2 days ago', capturedAt)?.toISOString()).toBe('2025-06-04T12:00:00.000Z');
  });
});

describe('isChromeLine', () => {
  it.each([
    'Hashtags', 'Try Our AI Features', 'Explore what Newsbot AI can do for you:', 'Comments', 'Comments (12)',
    'No comments yet...', 'Be the first to comment', 'Related Articles', 'Share this article', 'Advertisement',
    'Sign up for our newsletter', 'Most Read', 'Recommended for you', 'Trending now', 'Follow us on Facebook',
    'Read more: Council approves new bike lanes', '© 2025 Example Media. All rights reserved.', 'Skip to main content',
    'Listen to this article', 'Accept cookies', 'Get the top stories in your inbox every morning.',
    'Reporting by Ana Ruiz; Editing by Tom Hale',
  ])('drops "%s"', (line) => {
    expect(isChromeLine(line)).toBe(true);
  });

  it.each([
    'Share prices tumble after profit warning', 'What comes next', 'Exchanges at the Belarus-Ukrainian border',
    'The newsletter industry is booming, analysts said.', 'Readers shared their memories of the flood.',
    'Emotional reunions for some, but others must wait',
  ])('keeps "%s"', (line) => {
    expect(isChromeLine(line)).toBe(false);
  });
});

describe('findGluedHeading', () => {
  it('splits before a sentence-only word after a content word', () => {
    expect(findGluedHeading('Budget talks stall The mayor said on Friday that no deal was near.')).toEqual({
      heading: 'Budget talks stall',
      rest: 'The mayor said on Friday that no deal was near.',
    });
  });

  it('splits where a capitalised heading word starts the sentence', () => {
    expect(findGluedHeading("Plan B: Canada Canada's offer remains on the table for now.")?.heading).toBe('Plan B: Canada');
    expect(findGluedHeading('Water shortages Water deliveries will resume next week, officials said.')?.heading).toBe('Water shortages');
  });

  it('splits a title-like phrase before a one-word name and a verb', () => {
    expect(findGluedHeading('The Orion module Lockheed is building the next three capsules under contract.')?.heading).toBe('The Orion module');
  });

  it('leaves ordinary sentences alone', () => {
    for (const s of [
      'Satellite images analyzed by The Associated Press showed the ship upright and floating.',
      'The official spoke to The Associated Press on condition of anonymity.',
      'NASA has also used Russian spacecraft for cargo, along with U.S. contractors.',
      'Kim met with Russian Security Council Secretary Sergei Shoigu in Pyongyang on Wednesday.',
      'Former president Trump said the deal was unfair to farmers.',
      'Officials said the bridge would reopen on Monday after repairs.',
      'Rail operator Northlink has cut its timetable for the winter months.',
      "The studio's new film The Long Road opens in cinemas on Friday.",
      'Mr Hale said on Tuesday that Mr Ortiz would stay on as chair.',
      '"I think I can win this race," she told reporters after qualifying.',
      'Her debut single Make It Home topped the chart for three weeks.',
      'Regulator Finwatch said the review of the bank was continuing.',
    ]) {
      expect(findGluedHeading(s), s).toBeUndefined();
    }
  });
});

describe('flatParagraphBlocks', () => {
  it('puts glued headings in their own blocks between whole sentences', () => {
    const flat = 'The port reopened on Monday. Crews cleared debris overnight. Damage assessment The harbor master said two cranes were lost. Repairs will take weeks.';
    expect(flatParagraphBlocks(flat)).toEqual([
      { kind: 'paragraph', text: 'The port reopened on Monday. Crews cleared debris overnight.' },
      { kind: 'heading', text: 'Damage assessment' },
      { kind: 'paragraph', text: 'The harbor master said two cranes were lost. Repairs will take weeks.' },
    ]);
  });
});

describe('splitSentences', () => {
  it('does not split after abbreviations and initials', () => {
    expect(splitSentences('Gov. Oleh Kiper said the U.S. Navy helped. Jo C. Smith agreed. "It worked." He left.')).toEqual([
      'Gov. Oleh Kiper said the U.S. Navy helped.',
      'Jo C. Smith agreed.',
      '"It worked."',
      'He left.',
    ]);
  });
});

describe('splitLeadingCaption', () => {
  it('separates a caption glued before the first sentence', () => {
    const r = splitLeadingCaption('Jane Roe/Reuters Firefighters on a ridge above the town on Sunday Crews have contained half of the fire, officials said on Monday.');
    expect(r.caption).toBe('Jane Roe/Reuters Firefighters on a ridge above the town on Sunday');
    expect(r.rest).toBe('Crews have contained half of the fire, officials said on Monday.');
  });

  it('ends the caption at a parenthesised credit', () => {
    const r = splitLeadingCaption('A rescuer carries a dog through floodwater. (AP Photo/Sam Lee) Rivers crested on Tuesday across the region.');
    expect(r.caption).toBe('A rescuer carries a dog through floodwater. (AP Photo/Sam Lee)');
    expect(r.rest).toBe('Rivers crested on Tuesday across the region.');
  });

  it('leaves text without a photo credit alone', () => {
    const text = 'The council met on Monday. It approved the budget.';
    expect(splitLeadingCaption(text)).toEqual({ rest: text });
  });
});

describe('splitDateline', () => {
  it.each([
    ['CHERNIHIV REGION, Ukraine (AP) — Russia and', { place: 'CHERNIHIV REGION, Ukraine', agency: 'AP' }, 'Russia and'],
    ['SEOUL, South Korea (AP) -- North Korea said', { place: 'SEOUL, South Korea', agency: 'AP' }, 'North Korea said'],
    ['LONDON, March 4 (Reuters) - Copper prices rose', { place: 'LONDON', agency: 'Reuters' }, 'Copper prices rose'],
    ['WASHINGTON (Reuters) - The Senate voted', { place: 'WASHINGTON', agency: 'Reuters' }, 'The Senate voted'],
    ['GENEVA — Researchers found', { place: 'GENEVA' }, 'Researchers found'],
    ['ST. LOUIS, Mo. — The city', { place: 'ST. LOUIS, Mo.' }, 'The city'],
  ])('parses "%s"', (text, dateline, rest) => {
    expect(splitDateline(text)).toEqual({ dateline, rest, removed: true });
  });

  it('removes a bare agency marker without inventing a place', () => {
    expect(splitDateline('(AP) -- As President Trump')).toEqual({ rest: 'As President Trump', removed: true });
  });

  it.each(['Russia and Ukraine — two neighbours — met.', 'The U.S.-led talks (in Geneva) - stalled.', 'Kyiv — the capital — was quiet.'])(
    'leaves "%s" alone',
    (text) => {
      expect(splitDateline(text).removed).toBe(false);
    },
  );
});

describe('parseByline and date lines', () => {
  it('reads bylines with and without an outlet', () => {
    expect(parseByline('By Priya Raman')).toEqual({ byline: 'Priya Raman' });
    expect(parseByline('By Hannah Cole and Viktor Brandt, Reuters')).toEqual({ byline: 'Hannah Cole and Viktor Brandt', publisher: 'Reuters' });
    expect(parseByline('By Carla Jensen, Mark Liu and Sam Patel')).toEqual({ byline: 'Carla Jensen, Mark Liu and Sam Patel' });
    expect(parseByline('By the time the polls closed, turnout had reached 70%.')).toBeUndefined();
  });

  it('reads labelled date lines with zones', () => {
    expect(parseDateLine('Updated 2:15 PM EST, Tue March 4, 2025')).toEqual({ date: new Date('2025-03-04T19:15:00Z'), updated: true });
    expect(parseDateLine('Published May 12, 2025')).toEqual({ date: new Date('2025-05-12T12:00:00Z'), updated: false });
    expect(parseDateLine('Fri 23 May 2025 10.42 BST')?.date.toISOString()).toBe('2025-05-23T09:42:00.000Z');
    expect(parseDateLine('Updated 11:05 a.m. ET, Thu January 23, 2025')?.date.toISOString()).toBe('2025-01-23T16:05:00.000Z');
    expect(parseDateLine('The vote was held on May 12, 2025.')).toBeUndefined();
  });

  it('recognises live-blog clock stamps', () => {
    expect(['10:42 a.m. ET', '14:05 GMT', '9.30am', '3 p.m.'].every(isClockLine)).toBe(true);
    expect(isClockLine('10 people were hurt')).toBe(false);
  });
});

/**
 * Ordinary articles pasted as plain text (title line, then paragraphs): the parser must keep them
 * whole. Uses the BBC development set in ../shared when present.
 */
const bbcRoot = join(import.meta.dirname, '../../../shared/data/summaries/bbc/articles');
describe.skipIf(!existsSync(bbcRoot))('parseCopiedText on 444 plain BBC articles (../shared data)', () => {
  const files = existsSync(bbcRoot)
    ? readdirSync(bbcRoot).flatMap((cat) => readdirSync(join(bbcRoot, cat)).map((f) => join(bbcRoot, cat, f)))
    : [];

  it('keeps the title (99%), one article and at least 99.5% of the body text, with glued-heading false alarms under 0.05% of sentences', () => {
    let titles = 0;
    let single = 0;
    let want = 0;
    let kept = 0;
    let sentences = 0;
    let falseHeadings = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
      const articles = parseCopiedText(text, { capturedAt });
      if (articles.length === 1) single++;
      const a = articles[0];
      if (a?.title === lines[0]) titles++;
      const body = (a?.blocks ?? []).filter((b) => b.kind === 'paragraph').map((b) => b.text).join(' ');
      want += lines.slice(1).join(' ').length;
      kept += Math.min(body.length, lines.slice(1).join(' ').length);
      for (const line of lines.slice(1)) {
        for (const sentence of splitSentences(line)) {
          sentences++;
          if (findGluedHeading(sentence)) falseHeadings++;
        }
      }
    }
    expect(files.length).toBe(444);
    // Three files put a second headline-like line (a result line, a kick-off time) above the text.
    expect(titles / files.length).toBeGreaterThanOrEqual(0.99);
    expect(single).toBe(files.length);
    expect(kept / want).toBeGreaterThan(0.995);
    expect(sentences).toBeGreaterThan(8000);
    expect(falseHeadings / sentences).toBeLessThan(0.0005);
  });
});

/**
 * A select-all copy simulated on real pages: the text of each Readability test page with a line
 * break around every block element. The parser's main article is scored against the page's
 * expected article with the 4-gram shingle F1 of ../shared/data/README.md, beside the whole page
 * text (doing nothing) measured in the same run.
 */
const readabilityRoot = join(import.meta.dirname, '../../../shared/data/extraction/readability');
describe.skipIf(!existsSync(readabilityRoot))('parseCopiedText on simulated copies of 130 real pages (../shared data)', () => {
  const BLOCKS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'UL', 'OL', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'NAV', 'ASIDE', 'BLOCKQUOTE', 'FIGURE', 'FIGCAPTION', 'TABLE', 'TR', 'TD', 'TH', 'BR', 'HR', 'MAIN', 'FORM', 'PRE', 'DL', 'DT', 'DD', 'ADDRESS', 'BUTTON']);
  interface DomNode { nodeType: number; tagName?: string; textContent: string | null; childNodes: ArrayLike<DomNode> }
  const copyText = (html: string): string => {
    const { document } = parseHTML(html);
    for (const el of document.querySelectorAll('script,style,noscript,template,svg,iframe,head')) el.remove();
    const out: string[] = [];
    const walk = (n: DomNode): void => {
      if (n.nodeType === 3) out.push((n.textContent ?? '').replace(/\s+/g, ' '));
      if (n.nodeType !== 1) return;
      const block = BLOCKS.has(n.tagName ?? '');
      if (block) out.push('\n');
      for (const c of Array.from(n.childNodes)) walk(c);
      if (block) out.push('\n');
    };
    walk((document.body ?? document.documentElement) as unknown as DomNode);
    return out.join('');
  };
  const shingles = (text: string): Map<string, number> => {
    const tokens = text.match(/\w+/gu) ?? [];
    const m = new Map<string, number>();
    for (let i = 0; i + 4 <= tokens.length; i++) m.set(tokens.slice(i, i + 4).join(' '), (m.get(tokens.slice(i, i + 4).join(' ')) ?? 0) + 1);
    return m;
  };
  const f1 = (pairs: [Map<string, number>, Map<string, number>][]): number => {
    let p = 0, np = 0, r = 0, nr = 0;
    for (const [pred, truth] of pairs) {
      let tp = 0, fp = 0, fn = 0;
      for (const [k, c] of pred) { tp += Math.min(c, truth.get(k) ?? 0); fp += Math.max(0, c - (truth.get(k) ?? 0)); }
      for (const [k, c] of truth) fn += Math.max(0, c - (pred.get(k) ?? 0));
      if (tp + fp > 0) { p += tp / (tp + fp); np++; }
      if (tp + fn > 0) { r += tp / (tp + fn); nr++; }
    }
    const P = p / np, R = r / nr;
    return (2 * P * R) / (P + R);
  };

  it('scores at least the whole page text on body F1', () => {
    const ours: [Map<string, number>, Map<string, number>][] = [];
    const whole: [Map<string, number>, Map<string, number>][] = [];
    for (const name of readdirSync(readabilityRoot)) {
      const dir = join(readabilityRoot, name);
      if (!existsSync(join(dir, 'source.html'))) continue;
      const page = copyText(readFileSync(join(dir, 'source.html'), 'utf8'));
      const { document } = parseHTML(`<html><body>${readFileSync(join(dir, 'expected.html'), 'utf8')}</body></html>`);
      const truth = shingles(document.body.textContent ?? '');
      const [a] = parseCopiedText(page, { capturedAt });
      ours.push([shingles(a ? `${a.title} ${a.blocks.map((b) => b.text).join(' ')}` : ''), truth]);
      whole.push([shingles(page), truth]);
    }
    const oursF1 = f1(ours);
    const wholeF1 = f1(whole);
    console.log(`copied-text body F1 on ${ours.length} simulated page copies: parser ${oursF1.toFixed(3)}, whole page ${wholeF1.toFixed(3)}`);
    expect(ours.length).toBeGreaterThanOrEqual(120);
    expect(oursF1).toBeGreaterThanOrEqual(wholeF1);
  }, 300_000); // parsing 130 HTML pages takes 5–40 s depending on machine load
});
