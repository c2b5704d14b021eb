import { describe, expect, it, beforeAll, afterAll, vi } from 'vitest';

// Each case starts the real program (a cold TypeScript start) once or twice.
vi.setConfig({ testTimeout: 120_000 });
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const SEED = 'seeds/000_2efa281a93b9656a.txt';

/** Runs `npm start` (the real program) with piped stdin, as a user would. */
function start(input: string, env: Record<string, string>) {
  const r = spawnSync('npm', ['start', '--silent'], {
    input,
    env: { ...process.env, NEWSDESK_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The answer printed after the echoed command line `> /news …`. */
function answerTo(out: string, command: string): string {
  const start = out.indexOf(`> ${command}\n`);
  expect(start, `no answer to ${command} in:\n${out}`).toBeGreaterThanOrEqual(0);
  const rest = out.slice(start + command.length + 3);
  const next = rest.indexOf('\n> ');
  return next < 0 ? rest : rest.slice(0, next);
}

function firstStoryTitle(answer: string): string {
  const m = /\[\d+\] (.+)/.exec(answer);
  return m ? m[1] : '';
}

describe('terminal adapter: the embedded default', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-console-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given piped /news commands, answers each with the expected story first and an empty match with the available topics', () => {
    const db = join(dir, 'a.db');
    const r = start('/news space\n/news north korea\n/news ukraine\n/news gardening\n', { NEWSDESK_DB: db });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Newsdesk: the latest news/);
    expect(firstStoryTitle(answerTo(r.out, '/news space'))).toMatch(/Musk threatens to withdraw Dragon spacecraft/);
    expect(firstStoryTitle(answerTo(r.out, '/news north korea'))).toMatch(/North Korea says it has raised a capsized destroyer/);
    expect(firstStoryTitle(answerTo(r.out, '/news ukraine'))).toMatch(/Russia and Ukraine Swap Hundreds of Prisoners/);
    const none = answerTo(r.out, '/news gardening');
    expect(none).toMatch(/Nothing matches "gardening"/);
    expect(none).toMatch(/Topics with stories: .*\(\d+\)/);
  });

  it('given other lookups users try, finds the right story', () => {
    const db = join(dir, 'b.db');
    const cmds = ['/news nasa', '/news prisoners of war', '/news diplomacy'];
    const r = start(cmds.join('\n') + '\n', { NEWSDESK_DB: db });
    expect(r.code, r.err).toBe(0);
    expect(firstStoryTitle(answerTo(r.out, '/news nasa'))).toMatch(/Dragon/);
    expect(firstStoryTitle(answerTo(r.out, '/news prisoners of war'))).toMatch(/Prisoners/);
    expect(answerTo(r.out, '/news diplomacy')).toMatch(/Japan, Guatemala|Prisoners/);
  });

  it('given npm start run twice on one database, the seed file is stored exactly once (4 articles)', () => {
    const db = join(dir, 'twice.db');
    expect(start('', { NEWSDESK_DB: db }).code).toBe(0);
    const count = () => {
      const d = new Database(db, { readonly: true });
      const seed = d.prepare("SELECT count(*) AS n FROM articles WHERE origin LIKE '%000_2efa281a93b9656a.txt'").get() as { n: number };
      const all = d.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
      d.close();
      return { seed: seed.n, all: all.n };
    };
    const first = count();
    expect(start('', { NEWSDESK_DB: db }).code).toBe(0);
    expect(first.seed).toBe(4);
    expect(count()).toEqual(first);
  }, 180_000);

  it('given /help, /topics, /story and a bad command, answers each and keeps running', () => {
    const db = join(dir, 'c.db');
    const r = start('/help\n/topics\n/story 1\n/story 99999\n/frobnicate\n/news space limit:99\n', { NEWSDESK_DB: db });
    expect(r.code, r.err).toBe(0);
    expect(answerTo(r.out, '/help')).toMatch(/\/news <topic>/);
    expect(answerTo(r.out, '/topics')).toMatch(/\(\/news \w+\)/);
    expect(answerTo(r.out, '/story 1')).toMatch(/Key points/);
    expect(answerTo(r.out, '/story 99999')).toMatch(/There is no story 99999/);
    expect(answerTo(r.out, '/frobnicate')).toMatch(/Unknown command \/frobnicate/);
    expect(answerTo(r.out, '/news space limit:99')).toMatch(/limit: choose a number from 1 to 10/);
  });

  it('given unreadable seed files beside a good one, refuses each with a specific reason and stores the rest', () => {
    const seeds = join(dir, 'seeds');
    mkdirSync(seeds, { recursive: true });
    copyFileSync(SEED, join(seeds, 'good.txt'));
    writeFileSync(join(seeds, 'empty.txt'), '');
    writeFileSync(join(seeds, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0]));
    writeFileSync(join(seeds, 'latin1.txt'), Buffer.from('Caf\xe9 news: the mayor said \xabyes\xbb to the plan today in the town hall.\n', 'latin1'));
    const r = start('/news space\n', { NEWSDESK_DB: join(dir, 'd.db'), NEWSDESK_SEEDS: seeds, NEWSDESK_LOG_LEVEL: 'warn' });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/empty/i);
    expect(r.err).toMatch(/binary/i);
    expect(r.err).toMatch(/UTF-8/);
    expect(firstStoryTitle(answerTo(r.out, '/news space'))).toMatch(/Dragon/);
    expect(readdirSync(seeds)).toHaveLength(4);
  });

  it('given invalid configuration, exits before touching the database and lists every problem without the secret', () => {
    const db = join(dir, 'never.db');
    const r = start('', { NEWSDESK_DB: db, DISCORD_TOKEN: 'super-secret-token-value', SLACK_PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/DISCORD_APPLICATION_ID/);
    expect(r.err).toMatch(/SLACK_PORT/);
    expect(r.err + r.out).not.toContain('super-secret-token-value');
    expect(readdirSync(dir)).not.toContain('never.db');
  });
});
