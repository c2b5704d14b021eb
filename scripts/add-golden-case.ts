/**
 * Adds a golden case for the copied-text parser:
 *   npx tsx scripts/add-golden-case.ts <case-name> <path/to/copied.txt> [capturedAt ISO]
 * Copies the text to tests/golden/copied-text/<case-name>/source.txt and writes expected.json from
 * what the parser produces today. Read every field before committing: the file is the truth the
 * parser is held to, so a wrong value written here hides a bug. Fill `bodyMustNotContain` by hand
 * with the chrome and caption lines of the page.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCopiedText } from '../src/core/parse/copied-text.js';

const [name, sourcePath, captured = '2025-06-06T12:00:00.000Z'] = process.argv.slice(2);
if (!name || !sourcePath || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: npx tsx scripts/add-golden-case.ts <case-name (kebab-case)> <source.txt> [capturedAt]');
  process.exit(2);
}
const dir = join('tests', 'golden', 'copied-text', name);
if (existsSync(join(dir, 'expected.json'))) {
  console.error(`${dir}/expected.json exists; delete it first to regenerate`);
  process.exit(1);
}
mkdirSync(dir, { recursive: true });
if (sourcePath !== join(dir, 'source.txt')) copyFileSync(sourcePath, join(dir, 'source.txt'));
const capturedAt = new Date(captured);
const articles = parseCopiedText(readFileSync(join(dir, 'source.txt'), 'utf8'), { capturedAt });
const expected = {
  capturedAt: capturedAt.toISOString(),
  count: articles.length,
  articles: articles.map((a) => ({
    title: a.title,
    publisher: a.publisher ?? null,
    byline: a.byline ?? null,
    publishedAt: a.publishedAt ?? null,
    ...(a.updatedAt ? { updatedAt: a.updatedAt } : {}),
    dateline: a.dateline ?? null,
    caption: a.caption ?? null,
    headings: a.headings,
    firstParagraphStartsWith: a.blocks.find((b) => b.kind === 'paragraph')?.text.slice(0, 60) ?? null,
    ...(a.teaser ? { teaser: true } : {}),
    bodyMustNotContain: [] as string[],
  })),
};
writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
console.log(`wrote ${dir}/expected.json (${articles.length} articles); review it and fill bodyMustNotContain`);
