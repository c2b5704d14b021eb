/**
 * Golden cases for the copied-text parser: one folder per page layout under
 * tests/golden/copied-text/<case>/ with source.txt (the copied page) and expected.json.
 * Every field is its own test, so a failure names the case, the article and the field.
 * Add a case with `npx tsx scripts/add-golden-case.ts <name> <file>` and review the result by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dateline, ParsedArticle } from '../../src/core/model.js';
import { parseCopiedText } from '../../src/core/parse/copied-text.js';

interface ExpectedArticle {
  title: string;
  publisher: string | null;
  byline: string | null;
  publishedAt: string | null;
  updatedAt?: string;
  dateline: Dateline | null;
  caption?: string | null;
  headings: string[];
  firstParagraphStartsWith: string | null;
  teaser?: boolean;
  /** Strings no paragraph block may contain (chrome, captions, datelines, glued headings). */
  bodyMustNotContain: string[];
}

interface ExpectedCase {
  capturedAt: string;
  count: number;
  articles: ExpectedArticle[];
}

const root = join(import.meta.dirname, 'copied-text');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('golden: copied page text', () => {
  it('has at least eight cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of cases) {
    describe(name, () => {
      const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as ExpectedCase;
      const source = readFileSync(join(root, name, 'source.txt'), 'utf8');
      const actual: ParsedArticle[] = parseCopiedText(source, { capturedAt: new Date(expected.capturedAt) });

      it('article count', () => {
        expect(actual.map((a) => a.title)).toHaveLength(expected.count);
      });

      expected.articles.forEach((want, i) => {
        const label = `article ${i} (${want.title.slice(0, 40)})`;
        const got = (): ParsedArticle => {
          const a = actual[i];
          if (!a) throw new Error(`${label} missing`);
          return a;
        };
        const paragraphs = (): string[] => got().blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);

        it(`${label}: title`, () => expect(got().title).toBe(want.title));
        it(`${label}: publisher`, () => expect(got().publisher ?? null).toBe(want.publisher));
        it(`${label}: byline`, () => expect(got().byline ?? null).toBe(want.byline));
        it(`${label}: publishedAt`, () => expect(got().publishedAt ?? null).toBe(want.publishedAt));
        if ('updatedAt' in want) it(`${label}: updatedAt`, () => expect(got().updatedAt ?? null).toBe(want.updatedAt));
        it(`${label}: dateline`, () => expect(got().dateline ?? null).toEqual(want.dateline));
        if ('caption' in want) it(`${label}: caption`, () => expect(got().caption ?? null).toBe(want.caption));
        it(`${label}: headings`, () => expect(got().headings).toEqual(want.headings));
        it(`${label}: heading blocks match headings`, () =>
          expect(got().blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual(want.headings));
        it(`${label}: first paragraph`, () => {
          const first = paragraphs()[0] ?? null;
          if (want.firstParagraphStartsWith === null) expect(first).toBeNull();
          else expect(first?.startsWith(want.firstParagraphStartsWith), `first paragraph: ${first?.slice(0, 80)}`).toBe(true);
        });
        it(`${label}: teaser`, () => expect(got().teaser ?? false).toBe(want.teaser ?? false));
        it(`${label}: body excludes chrome, captions and glued headings`, () => {
          for (const text of paragraphs()) {
            for (const bad of want.bodyMustNotContain) expect(text, `paragraph contains "${bad}"`).not.toContain(bad);
            for (const h of got().headings) expect(text, `heading "${h}" glued into a paragraph`).not.toContain(`${h} `);
          }
        });
      });
    });
  }
});
