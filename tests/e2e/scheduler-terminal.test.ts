import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createConsoleAdapter } from '../../src/adapters/console/console-adapter.js';
import { createCommandRunner } from '../../src/app/command-runner.js';
import { createScheduler } from '../../src/app/scheduler.js';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { createNewsdesk } from '../../src/core/newsdesk.js';
import { createSubscriptions } from '../../src/core/subscriptions/index.js';
import { silentLog } from '../../src/core/ports.js';
import { COMMANDS } from '../../commands/index.js';
import { addStory, manualClock } from '../support/schedule-harness.js';

/** The embedded default wired as in main.ts: store, core, commands, terminal adapter, scheduler. */
async function terminal(start: string, commands: string[]) {
  const clock = manualClock(start);
  const store = createSqliteStore(':memory:');
  const newsdesk = createNewsdesk({ store, clock, log: silentLog });
  const subscriptions = createSubscriptions({ store, clock, log: silentLog });
  const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock, log: silentLog, services: { subscriptions } });
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString()));
  const adapter = createConsoleAdapter({ runner, clock, input, output, tty: false, width: 100 });
  const scheduler = createScheduler({ newsdesk, subscriptions, publishers: [adapter.publisher], clock, log: silentLog, catchUpHours: 6 });
  const done = adapter.run();
  input.end(commands.map((c) => `${c}\n`).join(''));
  await done;
  return { clock, store, scheduler, output: () => text };
}

describe('terminal: /subscribe schedules a digest that arrives on time', () => {
  it('given /subscribe space daily 08:00 Europe/Paris, the digest prints at 08:00 Paris time and not a minute before', async () => {
    const t = await terminal('2026-06-01T12:00:00Z', ['/subscribe space daily 08:00 Europe/Paris', '/subscriptions']);
    expect(t.output()).toMatch(/Subscribed/);
    expect(t.output()).toMatch(/#1: space · daily 08:00 Europe\/Paris/);
    expect(t.output()).toMatch(/Next digest: Tue, 2 Jun 2026, 08:00 CEST/);
    expect(t.output()).toMatch(/next: Tue, 2 Jun 2026, 08:00 CEST · last: no delivery yet/);
    const space = addStory(t.store, { topic: 'space', at: '2026-06-01T20:00:00Z', title: 'Lunar lander touches down near the south pole crater' });
    addStory(t.store, { topic: 'sport', at: '2026-06-01T21:00:00Z', title: 'Cup final decided on penalties after extra time' });
    const printed = t.output().length;
    for (let m = Date.parse('2026-06-02T05:50:00Z'); m < Date.parse('2026-06-02T06:00:00Z'); m += 60_000) {
      t.clock.set(new Date(m));
      await t.scheduler.tick();
    }
    expect(t.output().length).toBe(printed);
    t.clock.set('2026-06-02T06:00:00Z');
    await t.scheduler.tick();
    const digest = t.output().slice(printed);
    expect(digest).toMatch(/== Newsdesk: space ==/);
    expect(digest).toMatch(new RegExp(`\\[${space}\\] Lunar lander touches down`));
    expect(digest).not.toMatch(/Cup final/);
    // The next minutes print nothing more.
    for (let m = Date.parse('2026-06-02T06:01:00Z'); m < Date.parse('2026-06-02T06:10:00Z'); m += 60_000) {
      t.clock.set(new Date(m));
      await t.scheduler.tick();
    }
    expect(t.output().slice(printed)).toBe(digest);
  });

  it('given bad input, /subscribe answers with clear errors for a bad cron, an unknown zone and an empty topic set', async () => {
    const t = await terminal('2026-06-01T12:00:00Z', [
      '/subscribe topics:space schedule:"61 * * * *"',
      '/subscribe space daily 08:00 Mars/Olympus',
      '/subscribe daily 08:00 Europe/Paris',
      '/subscribe topics:space,science schedule:"weekdays 07:30" tz:Europe/Paris max:8 min:2 quiet:note threads:yes exclude:sport',
      '/subscriptions',
    ]);
    const out = t.output().replace(/\s+/g, ' ');
    expect(out).toMatch(/Invalid cron expression "61 \* \* \* \*": minute 61 is outside 0-59\. Use five fields/);
    expect(out).toMatch(/Unknown time zone "Mars\/Olympus"/);
    expect(out).toMatch(/Choose at least one topic/);
    expect(out).toMatch(/#1: space, science · weekdays 07:30 Europe\/Paris · max 8 · min 2 \(quiet-day note below\) · excluding sport · thread per story/);
  });

  it('given the clock going back in Paris, the terminal prints exactly one digest a day at 08:00 local, each with its own story', async () => {
    const t = await terminal('2026-10-23T12:00:00Z', ['/subscribe space daily 08:00 Europe/Paris']);
    const printedAt: string[] = [];
    const stories: number[] = [];
    for (let m = Date.parse('2026-10-23T12:00:00Z'); m <= Date.parse('2026-10-26T12:00:00Z'); m += 60_000) {
      t.clock.set(new Date(m));
      if (new Date(m).getUTCHours() === 2 && new Date(m).getUTCMinutes() === 0) stories.push(addStory(t.store, { topic: 'space', at: new Date(m) }));
      const before = t.output().length;
      await t.scheduler.tick();
      if (t.output().length > before) printedAt.push(new Date(m).toISOString());
    }
    expect(printedAt).toEqual(['2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z']);
    const out = t.output();
    expect(out.match(/== Newsdesk: space ==/g)).toHaveLength(3);
    for (const id of stories) expect(out.match(new RegExp(`\\[${id}\\]`, 'g')), `story ${id}`).toHaveLength(1);
  });
});

