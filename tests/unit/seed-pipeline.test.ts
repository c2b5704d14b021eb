import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDocument, analyseAll } from '../../src/core/ingest/ingest-document.js';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { createNewsdesk } from '../../src/core/newsdesk.js';
import { silentLog } from '../../src/core/ports.js';
import { NewsdeskError } from '../../src/core/errors.js';

const SEED = 'seeds/000_2efa281a93b9656a.txt';
const capturedAt = new Date('2025-06-06T12:00:00Z');
const CHROME = ['Hashtags', 'Try Our AI Features', 'Explore what', 'Comments', 'No comments yet', 'Related Articles'];

function pipeline() {
  const parsed = parseDocument({ bytes: readFileSync(SEED), name: SEED, capturedAt });
  return { parsed, analysed: analyseAll(parsed.articles) };
}

describe('the seed through the real pipeline', () => {
  const { parsed, analysed } = pipeline();

  it('given the copied page, recognises copied text and yields exactly the 4 articles with titles and publishers', () => {
    expect(parsed.kind).toBe('text');
    expect(analysed.map((a) => [a.title, a.publisher])).toEqual([
      ['Russia and Ukraine Swap Hundreds of Prisoners in First Phase of a Major Exchange', 'The Associated Press'],
      ['Musk threatens to withdraw Dragon spacecraft, a key space station link for NASA', 'The Mainichi'],
      ['North Korea says it has raised a capsized destroyer upright as it continues repair', 'The Mainichi'],
      ['Japan, Guatemala to Upgrade Ties to Strategic Partnership', 'Yomiuri Shimbun'],
    ]);
  });

  it('given the main article, dates it 2025-05-23, parses the dateline and keeps three subheadings as headings', () => {
    const main = analysed[0];
    expect(main.publishedAt?.slice(0, 10)).toBe('2025-05-23');
    expect(main.dateline).toEqual({ place: 'CHERNIHIV REGION, Ukraine', agency: 'AP' });
    expect(main.headings).toEqual([
      'Exchanges at the Belarus-Ukrainian border',
      'Emotional reunions for some, but others must wait',
      'No new Russia-Ukraine talks are set',
    ]);
    expect(main.blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual(main.headings);
    expect(main.blocks.find((b) => b.kind === 'paragraph')!.text).toMatch(/^Russia and Ukraine began a major prisoner exchange Friday/);
    expect(main.caption).toMatch(/hugs his wife/);
  });

  it('given related entries, dates them from their relative age against the capture time', () => {
    expect(analysed[1].publishedAt).toBe('2025-06-06T09:00:00.000Z');
    expect(analysed[2].publishedAt).toBe('2025-06-06T08:00:00.000Z');
    expect(analysed[2].dateline).toEqual({ place: 'SEOUL, South Korea', agency: 'AP' });
  });

  it('given every article, no chrome line, caption or leading agency marker survives in the body', () => {
    for (const a of analysed) {
      const body = a.blocks.map((b) => b.text);
      for (const chrome of CHROME) expect(body.some((t) => t.startsWith(chrome)), `${a.title}: ${chrome}`).toBe(false);
      if (a.caption) expect(body.join('\n')).not.toContain(a.caption);
      expect(body[0]).not.toMatch(/^\(AP\)|^[A-Z ,]+\(AP\)/);
    }
  });

  it('given every summary, sentences are whole body sentences without caption, heading or chrome text, and the TL;DR fits 280 characters', () => {
    for (const a of analysed) {
      const body = a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text).join('\n');
      const sentences = [a.summary.tldr, ...a.summary.short, ...a.summary.keyPoints];
      expect(a.summary.tldr.length).toBeLessThanOrEqual(280);
      expect(a.summary.short.length).toBeGreaterThanOrEqual(Math.min(2, a.summary.keyPoints.length));
      expect(a.summary.short.length).toBeLessThanOrEqual(3);
      expect(a.summary.keyPoints.length).toBeLessThanOrEqual(5);
      for (const s of sentences) {
        expect(body, `${a.title}: "${s}" is not in the body`).toContain(s);
        expect(s).toMatch(/[.!?'"’”)]$/);
        for (const h of [...a.headings, ...CHROME]) expect(s, `${a.title}: heading "${h}" inside "${s}"`).not.toContain(h);
        if (a.caption) expect(s).not.toContain(a.caption.slice(0, 40));
      }
    }
  });

  it('given the seed stories, tags sensible topics and their main names', () => {
    const topicIds = analysed.map((a) => a.topics.map((t) => t.id));
    const names = analysed.map((a) => a.entities.map((e) => e.name).join(' | '));
    expect(topicIds[0]).toEqual(expect.arrayContaining(['war-conflict', 'diplomacy']));
    expect(topicIds[1][0]).toBe('space');
    expect(topicIds[2][0]).toBe('military-defence');
    expect(topicIds[3][0]).toBe('diplomacy');
    for (const n of ['Zelenskyy', 'Putin', 'Chernihiv', 'Istanbul']) expect(names[0]).toContain(n);
    for (const n of ['Musk', 'NASA', 'SpaceX']) expect(names[1]).toContain(n);
    for (const n of ['Kim Jong Un', 'Chongjin']) expect(names[2]).toContain(n);
    for (const n of ['Ishiba', 'Arevalo', 'Guatemala', 'Taiwan']) expect(names[3]).toContain(n);
  });
});

describe('unreadable input leaves the store as it was', () => {
  const cases: [string, Uint8Array, string][] = [
    ['binary.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), 'INPUT_BINARY'],
    ['empty.txt', new Uint8Array(), 'INPUT_EMPTY'],
    ['blank.txt', new TextEncoder().encode('  \n\n \t\n'), 'INPUT_EMPTY'],
    ['huge.txt', new Uint8Array(20 * 1024 * 1024).fill(0x61), 'INPUT_TOO_LARGE'],
    ['latin1.txt', Uint8Array.from([...Buffer.from('Caf'), 0xe9, ...Buffer.from(' au lait and a long enough line of news text here.')]), 'INPUT_ENCODING'],
  ];
  for (const [name, bytes, code] of cases) {
    it(`given ${name}, fails with ${code} and stores nothing`, async () => {
      const store = createSqliteStore(':memory:');
      const newsdesk = createNewsdesk({ store, clock: { now: () => capturedAt }, log: silentLog });
      await newsdesk.ingest({ bytes: readFileSync(SEED), name: SEED, capturedAt });
      const before = store.counts();
      let err: unknown;
      try {
        await newsdesk.ingest({ bytes, name, capturedAt });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NewsdeskError);
      expect((err as NewsdeskError).code).toBe(code);
      expect((err as Error).message).toContain(name);
      expect(store.counts()).toEqual(before);
      store.close();
    });
  }
});
