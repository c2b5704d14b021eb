import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHILD = join(process.cwd(), 'tests/support/kill-restart-child.ts');

/** Runs the child; with `killOn`, SIGKILLs it as soon as it prints that word. */
function runChild(env: Record<string, string>, killOn?: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child timed out; stdout: ${out}; stderr: ${err}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killOn && out.includes(killOn)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}

function lines(file: string): { pid: number; kind: string; stories: number[]; title: string }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('a process killed with SIGKILL in the middle of a digest', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-kill-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a 6-message digest killed after message 3, the restarted process posts messages 4 to 6 and nothing twice', async () => {
    const env = { KR_DB: join(dir, 'n.db'), KR_OUT: join(dir, 'posted.jsonl') };
    const first = await runChild({ ...env, KR_NOW: '2026-06-01T08:00:00Z', KR_BLOCK_AFTER: '3' }, 'blocked');
    expect(first.signal, first.err).toBe('SIGKILL');
    const before = lines(env.KR_OUT);
    expect(before).toHaveLength(3);
    expect(before[0].kind).toBe('text');

    // Restarted three minutes later: the dead process's lease (2 minutes) has expired.
    const second = await runChild({ ...env, KR_NOW: '2026-06-01T08:03:00Z' });
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/"delivered":1,"messages":3/);
    const all = lines(env.KR_OUT);
    expect(all).toHaveLength(6);
    expect(all.slice(0, 3)).toEqual(before);
    expect(new Set(all.slice(3).map((l) => l.pid)).size).toBe(1);
    expect(all[3].pid).not.toBe(all[0].pid);
    const stories = all.flatMap((l) => l.stories);
    expect(stories).toHaveLength(5);
    expect(new Set(stories).size).toBe(5);

    // A third start finds nothing left to do.
    const third = await runChild({ ...env, KR_NOW: '2026-06-01T08:10:00Z' });
    expect(third.code, third.err).toBe(0);
    expect(lines(env.KR_OUT)).toHaveLength(6);
  });
});
