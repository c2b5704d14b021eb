import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.cwd();

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const p = join(dir, name);
    if (statSync(join(root, p)).isDirectory()) out.push(...files(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const src = readFileSync(join(root, file), 'utf8');
  return [...src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const PLATFORM = /^(discord\.js|@discordjs\/|@slack\/|node-cron)/;

describe('module boundaries', () => {
  it('given core files, none imports a chat platform, the scheduler, the adapters or process.env', () => {
    const bad: string[] = [];
    for (const f of files('src/core')) {
      for (const spec of imports(f)) {
        if (PLATFORM.test(spec)) bad.push(`${f} imports ${spec}`);
        if (spec.startsWith('.') && /\/(adapters|app)\//.test(join(f, '..', spec) + '/')) bad.push(`${f} imports ${spec}`);
        if (spec === 'better-sqlite3' && !f.startsWith('src/core/store/')) bad.push(`${f} imports better-sqlite3 outside core/store`);
      }
      if (/process\.env/.test(readFileSync(join(root, f), 'utf8'))) bad.push(`${f} reads process.env`);
    }
    expect(bad).toEqual([]);
  });

  it('given command files, they import only core types, errors and each other', () => {
    const bad: string[] = [];
    for (const f of files('commands')) {
      for (const spec of imports(f)) {
        if (!spec.startsWith('.') && !spec.startsWith('node:')) bad.push(`${f} imports ${spec}`);
        const target = relative(root, join(root, f, '..', spec));
        if (spec.startsWith('.') && !(target.startsWith('commands') || target.startsWith('src/core'))) bad.push(`${f} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('given each adapter, it never imports another adapter or the other platform SDK', () => {
    const bad: string[] = [];
    const adapters = readdirSync(join(root, 'src/adapters'));
    for (const a of adapters) {
      for (const f of files(`src/adapters/${a}`)) {
        for (const spec of imports(f)) {
          for (const other of adapters.filter((x) => x !== a)) {
            if (spec.includes(`/adapters/${other}/`) || (spec.startsWith('..') && spec.includes(`/${other}/`))) bad.push(`${f} imports ${spec}`);
          }
          if (a !== 'discord' && /^(discord\.js|@discordjs\/)/.test(spec)) bad.push(`${f} imports ${spec}`);
          if (a !== 'slack' && /^@slack\//.test(spec)) bad.push(`${f} imports ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('given the whole source, only src/config.ts reads process.env', () => {
    const readers = [...files('src'), ...files('commands')].filter((f) => /process\.env\b/.test(readFileSync(join(root, f), 'utf8')));
    expect(readers.filter((f) => !['src/config.ts', 'src/main.ts', 'src/cli.ts', 'src/adapters/discord/deploy.ts'].includes(f))).toEqual([]);
  });
});
