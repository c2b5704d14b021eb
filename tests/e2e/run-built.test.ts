import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The launcher behind `npm start`, run on a small project of its own in a temporary folder
// (src/run-built.mjs builds into .build/ beside its own src/ folder).
describe('npm start launcher: a cached bundle of a TypeScript entry', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-run-built-'));
    mkdirSync(join(dir, 'src'));
    copyFileSync('src/run-built.mjs', join(dir, 'src', 'run-built.mjs'));
    symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    writeFileSync(join(dir, 'src', 'greet.ts'), "export const greet = (name: string): string => `hello ${name}`;\n");
    writeFileSync(join(dir, 'src', 'later.ts'), "export const word: string = 'later';\n");
    writeFileSync(
      join(dir, 'src', 'hello.ts'),
      [
        "import { greet } from './greet.js';",
        "const isEntry = /hello\\.(ts|js)$/.test(process.argv[1] ?? '');",
        'if (isEntry) {',
        "  const { word } = await import('./later.js');",
        "  console.log(`${greet('you')} ${word} [${process.argv.slice(2).join(',')}]`);",
        '}',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, ['src/run-built.mjs', 'src/hello.ts', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  const manifest = () => JSON.parse(readFileSync(join(dir, '.build', 'hello.json'), 'utf8')) as { dir: string; main: string };

  it('given a first start, builds the entry with its dynamic import as a separate chunk and runs it with its arguments', () => {
    const r = run('a', 'b');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('hello you later [a,b]\n');
    const m = manifest();
    const files = readdirSync(join(dir, '.build', m.dir));
    expect(files).toContain(m.main);
    expect(files.some((f) => /^later-.*\.js$/.test(f))).toBe(true);
  });

  it('given unchanged sources, reuses the bundle; given a changed source, rebuilds and runs the new code', () => {
    run();
    const first = manifest().dir;
    // A rebuild rewrites the manifest (even when it lands on the same folder): it must not happen.
    const written = statSync(join(dir, '.build', 'hello.json')).mtimeMs;
    expect(run().stdout).toBe('hello you later []\n');
    expect(statSync(join(dir, '.build', 'hello.json')).mtimeMs).toBe(written);
    writeFileSync(join(dir, 'src', 'greet.ts'), "export const greet = (name: string): string => `hi ${name}`;\n");
    expect(run().stdout).toBe('hi you later []\n');
    expect(manifest().dir).not.toBe(first);
  });

  it('given several first starts at once, each runs the complete program', async () => {
    const once = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['src/run-built.mjs', 'src/hello.ts'], { cwd: dir });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        child.on('error', reject);
        child.on('close', () => resolve(out));
      });
    const outs = await Promise.all([once(), once(), once()]);
    expect(outs).toEqual(Array(3).fill('hello you later []\n'));
    expect(run().stdout).toBe('hello you later []\n');
  });
});
