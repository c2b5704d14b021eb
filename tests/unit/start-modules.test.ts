import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = process.cwd();

/** Value imports of a source file: `import type` and all-type `import { type A }` are left out, as the compiler erases them. */
function staticImports(file: string): { local: string[]; packages: string[] } {
  const src = readFileSync(file, 'utf8');
  const local: string[] = [];
  const packages: string[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm)) {
    const [, , typeOnly, clause, spec] = m;
    if (typeOnly) continue;
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    if (named && named[1].split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))) continue;
    if (spec.startsWith('.')) local.push(join(dirname(file), spec).replace(/\.js$/, '.ts'));
    else packages.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
  }
  // Side-effect imports (`import './x.js'`) load modules too.
  for (const m of src.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) {
    if (m[1].startsWith('.')) local.push(join(dirname(file), m[1]).replace(/\.js$/, '.ts'));
    else packages.push(m[1]);
  }
  return { local, packages };
}

/** Every module and package a file loads before its first line runs (static imports, transitively). */
function loadedAtStart(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (files.has(file)) return;
    expect(existsSync(file), `${file} exists`).toBe(true);
    files.add(file);
    const { local, packages: pkgs } = staticImports(file);
    for (const p of pkgs) packages.add(p);
    for (const l of local) walk(l);
  };
  walk(join(root, entry));
  return { files, packages };
}

/** Libraries of ingestion and fetching: only needed once something is ingested, fetched or polled. */
const INGEST_ONLY = ['compromise', 'linkedom', '@mozilla/readability', 'sentence-splitter', 'feedsmith', 'fast-xml-parser', 'undici', 'iconv-lite', 'jsdom'];

describe('what start-up loads', () => {
  it('given the composition root, its static imports reach no ingestion, feed-parsing or HTTP library', () => {
    const { packages, files } = loadedAtStart('src/main.ts');
    expect(INGEST_ONLY.filter((p) => packages.has(p))).toEqual([]);
    const rel = [...files].map((f) => relative(root, f));
    expect(rel).not.toContain('src/core/ingest/ingest-document.ts');
    expect(rel).not.toContain('src/app/poller.ts');
    expect(rel).not.toContain('src/core/ingest/http-client.ts');
  });

  it('given the command line, a lookup command (search, digest) loads no ingestion library either', () => {
    const { packages } = loadedAtStart('src/cli.ts');
    expect(INGEST_ONLY.filter((p) => packages.has(p))).toEqual([]);
  });

  it('given the facade, a lookup needs none of the ingestion pipeline', () => {
    const { packages } = loadedAtStart('src/core/newsdesk.ts');
    expect(INGEST_ONLY.filter((p) => packages.has(p))).toEqual([]);
  });

  it('given the ingestion pipeline itself, the walk finds its libraries (the checks above can fail)', () => {
    const { packages } = loadedAtStart('src/core/ingest/ingest-document.ts');
    expect([...packages]).toEqual(expect.arrayContaining(['compromise', 'linkedom', '@mozilla/readability', 'feedsmith']));
  });
});
