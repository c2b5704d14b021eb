/**
 * Child process for tests/e2e/kill-restart.test.ts: one Newsdesk process that delivers the due
 * digest of a subscription to a publisher appending one line per message to a file.
 *
 * Env: KR_DB (database file), KR_OUT (file of posted messages), KR_NOW (the injected time),
 * KR_BLOCK_AFTER (when set, the post after that many messages never returns and the process
 * prints "blocked" so the test can SIGKILL it mid-digest).
 */
import { appendFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import type { Posted, Publisher } from '../../src/core/ports.js';
import { silentLog } from '../../src/core/ports.js';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { createSubscriptions } from '../../src/core/subscriptions/index.js';
import { createScheduler } from '../../src/app/scheduler.js';
import { addStory } from './schedule-stories.js';

const env = process.env;
const now = new Date(env.KR_NOW ?? '2026-06-01T08:00:00Z');
const clock = { now: () => now };
const blockAfter = env.KR_BLOCK_AFTER ? Number(env.KR_BLOCK_AFTER) : Infinity;
const out = env.KR_OUT!;
const store = createSqliteStore(env.KR_DB!);
const subscriptions = createSubscriptions({ store, clock, log: silentLog });
const channel = { platform: 'console' as const, scope: 'local', channel: 'main' };

if (!subscriptions.list(channel).length) {
  subscriptions.add(channel, { text: 'space daily 08:00 UTC', threads: true, max: 10 });
  for (let k = 0; k < 5; k++) addStory(store, { topic: 'space', at: `2026-06-01T0${2 + k}:00:00Z`, publisher: `Wire ${k}`, now: new Date('2026-05-31T23:00:00Z') });
  // The subscription was created the evening before.
  store.db.prepare("UPDATE subscriptions SET cursor_at = '2026-05-31T23:00:00.000Z', created_at = '2026-05-31T23:00:00.000Z'").run();
}

let posted = 0;
const publisher: Publisher = {
  platform: 'console',
  async post(_c, reply): Promise<Posted[]> {
    if (posted >= blockAfter) {
      process.stdout.write('blocked\n');
      return new Promise(() => {});
    }
    posted++;
    const stories = reply.kind === 'digest' ? reply.digest.sections.flatMap((s) => s.stories.map((x) => x.id)) : [];
    const line = JSON.stringify({ pid: process.pid, kind: reply.kind, stories, title: reply.kind === 'text' ? reply.title : reply.kind === 'digest' ? reply.digest.title : '' });
    appendFileSync(out, `${line}\n`);
    const fd = openSync(out, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    return [{ messageId: `m-${process.pid}-${posted}` }];
  },
};

const scheduler = createScheduler({ subscriptions, publishers: [publisher], clock, log: silentLog, catchUpHours: 6 });
const report = await scheduler.tick();
process.stdout.write(`done ${JSON.stringify(report)}\n`);
store.close();
