import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateArticles, generateStore, TermRows } from '../../bench/generate-store.js';
import { createSqliteStore, prepareArticle, type BulkItem } from '../../src/core/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'newsdesk-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every table of a database (full-text shadow tables included) as rows in a canonical order, and its schema. */
function contents(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    return tables(db);
  } finally {
    db.close();
  }
}

/** Every table of an open database as rows in a canonical order, and its schema. */
function tables(db: Database.Database): Record<string, unknown[]> {
  const schema = db.prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name').all();
  const out: Record<string, unknown[]> = { schema };
  for (const { name, sql } of schema) {
    if (!sql || !/^CREATE TABLE/i.test(sql)) continue;
    const width = db.prepare(`SELECT * FROM "${name}" LIMIT 0`).columns().length;
    const order = Array.from({ length: width }, (_, i) => i + 1).join(', ');
    out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).raw().all();
  }
  return out;
}

describe('generateStore', () => {
  it('given a count and seed, writes the same database, row for row and full-text segment for segment, as bulkIngest one day at a time', async () => {
    const fast = join(dir, 'fast.db');
    const info = await generateStore(fast, 3_000, { seed: 5, force: true });
    expect(info.articles).toBe(3_000);

    const plain = join(dir, 'plain.db');
    const store = createSqliteStore(plain);
    for (const day of generateArticles(3_000, 5)) store.bulkIngest(day);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();

    const a = contents(fast);
    const b = contents(plain);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(a.article_terms.length).toBeGreaterThan(3_000 * 20);
    for (const table of Object.keys(b)) expect(a[table], table).toEqual(b[table]);
  }, 120_000);
});

describe('bulkIngest', () => {
  it('given articles that join stories already stored, writes the same articles, terms and story views as ingest one by one', () => {
    // Story grouping by similarity: later reports join stories whose first articles were stored
    // before, so a story's view is rebuilt from articles written in this call and earlier ones.
    const items = [...generateArticles(600, 3)].flat().map(({ storyKey: _key, ...item }) => item);
    const first = items.slice(0, 200);
    const rest = items.slice(200);

    const one = createSqliteStore(':memory:');
    for (const it of items) one.ingest(it.article, { now: it.now, origin: it.origin });
    const bulk = createSqliteStore(':memory:');
    for (const it of first) bulk.ingest(it.article, { now: it.now, origin: it.origin });
    for (let i = 0; i < rest.length; i += 100) bulk.bulkIngest(rest.slice(i, i + 100));

    const rows = (store: typeof one, sql: string) => store.db.prepare(sql).raw().all();
    for (const sql of [
      'SELECT * FROM articles ORDER BY id',
      'SELECT * FROM stories ORDER BY id',
      'SELECT * FROM article_terms ORDER BY term, sort_ms, article_id',
      'SELECT * FROM fts_parts ORDER BY month',
    ]) {
      expect(rows(bulk, sql), sql).toEqual(rows(one, sql));
    }
    const joined = bulk.db.prepare<[], { n: number }>('SELECT count(DISTINCT story_id) AS n FROM articles WHERE id <= 200 AND story_id IN (SELECT story_id FROM articles WHERE id > 200)').get()!.n;
    expect(joined).toBeGreaterThan(0);
    one.close();
    bulk.close();
  }, 60_000);
});

describe('prepareArticle', () => {
  it('given articles prepared, with the vector or with it left out, and sent between threads, bulkIngest writes the same database as from the articles', () => {
    // No story keys: grouping by similarity reads the prepared fingerprints.
    const items = [...generateArticles(600, 3)].flat().map(({ storyKey: _key, ...item }) => item);
    const variants: Record<string, (it: (typeof items)[number]) => BulkItem> = {
      articles: (it) => it,
      prepared: (it) => ({ prepared: structuredClone(prepareArticle(it.article, it.now, it.origin)) }),
      'prepared, the vector left out': (it) => {
        const { vector: _left, ...prepared } = prepareArticle(it.article, it.now, it.origin);
        return { prepared: structuredClone(prepared) };
      },
    };
    const written: Record<string, Record<string, unknown[]>> = {};
    for (const [name, variant] of Object.entries(variants)) {
      const store = createSqliteStore(':memory:');
      for (let i = 0; i < items.length; i += 100) store.bulkIngest(items.slice(i, i + 100).map(variant));
      written[name] = tables(store.db);
      store.close();
    }
    const reference = written.articles;
    expect(reference.article_terms.length).toBeGreaterThan(600 * 20);
    expect(new Set((reference.articles as unknown[][]).map((r) => r[1])).size).toBeLessThan(600);
    for (const [name, rows] of Object.entries(written)) {
      for (const table of Object.keys(reference)) expect(rows[table], `${name}: ${table}`).toEqual(reference[table]);
    }
  }, 60_000);
});

describe('TermRows', () => {
  it('given rows of many terms over several calls, gives them back in key order: terms by UTF-8 bytes, each term in load order, across full chunks', () => {
    // U+FF21 sorts before U+1F600 in UTF-8 but after it in UTF-16 (a surrogate pair starts at 0xD83D).
    const terms = ['t:sport', 'e:zed', 'e:émile', 'v:\uFF21', 'v:\u{1F600}', 'e:a', 't:politics'];
    const rows = new TermRows(16);
    const loaded: [string, number, number, number, number][] = [];
    let id = 0;
    for (let call = 0; call < 40; call++) {
      const values: (string | number)[] = [];
      for (let k = 0; k < 25; k++) {
        // Skewed: the first terms get many rows (past several chunks of 16), the last few.
        const term = terms[((k * k + call) % 37) % terms.length];
        const row: [string, number, number, number, number] = [term, 1_700_000_000_000 + id * 1000, ++id, Math.ceil(id / 3), Math.round(Math.sin(id) * 1000) / 1000];
        loaded.push(row);
        values.push(...row);
      }
      rows.add(values);
    }
    expect(rows.length).toBe(1_000);
    const seen: unknown[] = [];
    rows.forEachInKeyOrder((term, chunk, o) => seen.push([term, chunk[o], chunk[o + 1], chunk[o + 2], chunk[o + 3]]));
    const utf8 = (t: string) => Buffer.from(t, 'utf8');
    const expected = loaded.map((row, i) => ({ row, i })).sort((a, b) => Buffer.compare(utf8(a.row[0]), utf8(b.row[0])) || a.i - b.i).map(({ row }) => row);
    expect(seen).toEqual(expected);
    const counts = new Map<string, number>();
    for (const [t] of loaded) counts.set(t, (counts.get(t) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeGreaterThan(8 + 16 + 16);
  });
});
