/**
 * Time from spawning the real bot (the command `npm start` runs, in terminal mode) until its
 * first answer to a `/news` lookup is on stdout: what a user waits for after a restart. The bot
 * ingests `seeds/` at start, which writes to its database, so it runs on a private copy of the
 * generated store (made once beside it and reused while the original is unchanged); the
 * original is never opened for writing.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMs } from './stats.js';

/** The repository root (where `npm start` runs). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One start of the bot. */
export interface BotStart {
  /** Spawn to the first byte on stdout (the opening digest), ms. */
  firstOutputMs: number;
  /** Spawn to the complete answer to the lookup, ms. */
  answerMs: number;
}

/** The program and arguments of package.json's `start` script, with `node` as this Node. */
export function startCommand(): { program: string; args: string[] } {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [first, ...rest] = pkg.scripts.start.trim().split(/\s+/);
  if (first === 'node') return { program: process.execPath, args: rest };
  if (first === 'tsx') return { program: process.execPath, args: ['--import', 'tsx', ...rest] };
  throw new Error(`Cannot run the start script "${pkg.scripts.start}" without npm`);
}

/**
 * A private copy of the generated store at `path` for the bot to write to, in
 * `<dir of path>/bot/`; copied again only when the original changed (size or mtime).
 */
export function botStoreCopy(path: string, log: (line: string) => void = () => {}): string {
  const dir = join(dirname(path), 'bot');
  const copy = join(dir, basename(path));
  const stampPath = `${copy}.source.json`;
  const st = statSync(path);
  const stamp = JSON.stringify({ size: st.size, mtimeMs: st.mtimeMs });
  if (existsSync(copy) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return copy;
  mkdirSync(dir, { recursive: true });
  for (const f of [copy, `${copy}-wal`, `${copy}-shm`, stampPath]) rmSync(f, { force: true });
  log(`  copying ${path} for the bot to write to (${Math.round(st.size / 1_048_576)} MB, once)`);
  // A clone where the file system offers one, a plain copy elsewhere.
  copyFileSync(path, copy, constants.COPYFILE_FICLONE);
  writeFileSync(stampPath, stamp);
  return copy;
}

/**
 * Starts the bot once with `dbPath`, types `/news <query>` on its stdin, and times the first
 * output and the complete answer (the echoed command line, then the reply up to its blank line).
 */
export function startBotOnce(dbPath: string, query: string, opts: { seedsDir?: string; timeoutMs?: number } = {}): Promise<BotStart> {
  const { program, args } = startCommand();
  const command = `/news ${query}`;
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(program, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, NEWSDESK_DB: dbPath, NEWSDESK_SEEDS: opts.seedsDir ?? join(REPO_ROOT, 'seeds'), NEWSDESK_LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let firstOutputMs: number | undefined;
    let answerMs: number | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const t = nowMs() - t0;
      firstOutputMs ??= t;
      out += chunk;
      const at = out.indexOf(`> ${command}\n`);
      if (answerMs === undefined && at >= 0 && out.indexOf('\n\n', at) >= 0) {
        answerMs = t;
        child.stdin.end();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 || firstOutputMs === undefined || answerMs === undefined) {
        reject(new Error(`bot start failed (exit ${code}): ${err.slice(0, 2000)}\n${out.slice(-500)}`));
      } else resolve({ firstOutputMs, answerMs });
    });
    child.stdin.write(`${command}\n`);
  });
}

/**
 * One start that may rebuild the bundle and ingest changed seeds (`first`), then `runs` restarts
 * with nothing changed, the case a restarted bot is in.
 */
export async function botFirstAnswer(dbPath: string, query: string, runs: number): Promise<{ first: BotStart; restarts: BotStart[] }> {
  const first = await startBotOnce(dbPath, query);
  const restarts: BotStart[] = [];
  for (let i = 0; i < runs; i++) restarts.push(await startBotOnce(dbPath, query));
  return { first, restarts };
}
