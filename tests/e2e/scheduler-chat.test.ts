/**
 * Scheduled digests through the chat emulators: `/subscribe` typed in Slack (the real Bolt app
 * on the local emulator), the digest posted by the Slack publisher at the due time, once, and
 * not again after a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createSqliteStore, type SqliteStore } from '../../src/core/store/sqlite-store.js';
import { createNewsdesk } from '../../src/core/newsdesk.js';
import { createCommandRunner } from '../../src/app/command-runner.js';
import { createScheduler } from '../../src/app/scheduler.js';
import { createSubscriptions, type Subscriptions } from '../../src/core/subscriptions/index.js';
import { silentLog } from '../../src/core/ports.js';
import { COMMANDS } from '../../commands/index.js';
import { addStory, manualClock, type ManualClock } from '../support/schedule-harness.js';

const SLACK = existsSync('src/adapters/slack/slack-app.ts') && existsSync('tests/e2e/fakes/slack-emulator.ts');
const BOT_TOKEN = 'xoxb-1111-2222-schedulebottoken';
const SIGNING_SECRET = 'schedule-signing-secret-1';
const ADMIN = 'U0ADMIN';
const CHANNEL = 'C0SCHED';

describe.skipIf(!SLACK)('scheduled digests on Slack (emulator)', () => {
  let emu: any;
  let app: any;
  let store: SqliteStore;
  let clock: ManualClock;
  let subscriptions: Subscriptions;
  let eventsUrl: string;
  let postSigned: any;

  beforeAll(async () => {
    const fakes = await import('./fakes/slack-emulator.js');
    const { createSlackApp } = await import('../../src/adapters/slack/slack-app.js');
    postSigned = fakes.postSigned;
    emu = await fakes.startSlackEmulator();
    emu.users.set(ADMIN, { is_admin: true });
    clock = manualClock('2026-11-24T12:00:00Z');
    store = createSqliteStore(':memory:');
    const newsdesk = createNewsdesk({ store, clock, log: silentLog });
    subscriptions = createSubscriptions({ store, clock, log: silentLog });
    const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock, log: silentLog, services: { subscriptions } });
    app = createSlackApp({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', apiUrl: emu.apiUrl, adminUsers: [], runner, newsdesk, log: silentLog, clock, clientRetries: 0, sleep: async () => {} });
    const started = await app.start();
    eventsUrl = `http://127.0.0.1:${started.port}/slack/events`;
  });
  afterAll(async () => {
    await app?.stop();
    await emu?.close();
    store?.close();
  });

  async function slash(command: string, text: string, user = ADMIN): Promise<any> {
    const rid = `sched-${Math.random().toString(36).slice(2)}`;
    const payload = { token: 't', team_id: emu.teamId, team_domain: 'newsroom', channel_id: CHANNEL, channel_name: 'news', user_id: user, user_name: 'editor', command, text, api_app_id: 'A0NEWSDESK', is_enterprise_install: 'false', response_url: emu.responseUrl(rid), trigger_id: `trigger-${rid}` };
    const res = await postSigned(eventsUrl, SIGNING_SECRET, new URLSearchParams(payload).toString(), { contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    const ack = res.text ? JSON.parse(res.text) : undefined;
    if (ack && (ack.text || ack.blocks)) return ack;
    return (await emu.waitFor(() => emu.responses.find((r: any) => r.id === rid), 10_000, `response to ${command}`)).body;
  }

  it('given /subscribe typed in Slack, the digest is posted at 08:00 Paris once, one message per story, and not again after a restart', async () => {
    const answer = JSON.stringify(await slash('/subscribe', 'space daily 08:00 Europe/Paris threads:yes'));
    expect(answer).toMatch(/Subscribed/);
    expect(answer).toMatch(/Next digest: Wed, 25 Nov 2026, 08:00 CET/);
    const refused = JSON.stringify(await slash('/subscribe', 'space daily 08:00 Europe/Paris', 'U0MEMBER'));
    expect(refused).toMatch(/Only people who can manage/);
    const titles = ['Probe Arden reaches orbit around Europa', 'Belvo rocket engine passes its final static fire', 'Corin telescope mirror unfolds without a hitch'];
    const ids = titles.map((title, k) => addStory(store, { topic: 'space', at: `2026-11-24T2${k}:00:00Z`, title }));
    expect(new Set(ids).size).toBe(3);
    const first = createScheduler({ subscriptions, publishers: [app.publisher], clock, log: silentLog, catchUpHours: 6 });
    const top = () => emu.messages.filter((m: any) => m.channel === CHANNEL && !m.thread_ts);
    clock.set('2026-11-25T06:59:00Z');
    await first.tick();
    expect(top()).toHaveLength(0);
    clock.set('2026-11-25T07:00:00Z');
    const report = await first.tick();
    expect(report).toMatchObject({ delivered: 1, failed: 0 });
    const posted = top();
    // The header, then one message per story, each opening its thread (key points as the first reply).
    expect(posted).toHaveLength(4);
    for (const t of titles) expect(posted.filter((m: any) => JSON.stringify(m).includes(t)), t).toHaveLength(1);
    expect(report.messages).toBe(4);
    const roots = new Set(posted.slice(1).map((m: any) => m.ts));
    expect(emu.messages.filter((m: any) => m.channel === CHANNEL && roots.has(m.thread_ts)).length).toBeGreaterThanOrEqual(3);
    expect(emu.violations).toEqual([]);
    // A restarted process over the same database posts nothing more.
    const second = createScheduler({ subscriptions, publishers: [app.publisher], clock, log: silentLog, catchUpHours: 6 });
    for (const t of ['2026-11-25T07:01:00Z', '2026-11-25T07:30:00Z']) {
      clock.set(t);
      await second.tick();
    }
    expect(top()).toHaveLength(posted.length);
    const status = JSON.stringify(await slash('/subscriptions', ''));
    expect(status).toMatch(/delivered Wed, 25 Nov 2026, 08:00 CET \(3 stories\)/);
    const why = JSON.stringify(await slash('/why', String(ids[1])));
    expect(why).toMatch(/was posted here/);
  });
});

const DISCORD = existsSync('src/adapters/discord/discord-bot.ts') && existsSync('tests/e2e/fakes/discord-emulator.ts');

describe.skipIf(!DISCORD)('scheduled digests on Discord (emulator)', () => {
  it('given /subscribe from a server manager, the digest is posted at 07:30 Tokyo once, a message per story, and not again after a restart', async () => {
    const { startDiscordEmulator } = await import('./fakes/discord-emulator.js');
    const { createDiscordBot } = await import('../../src/adapters/discord/discord-bot.js');
    const emu = await startDiscordEmulator();
    const clock = manualClock('2026-11-24T12:00:00Z');
    const store = createSqliteStore(':memory:');
    const newsdesk = createNewsdesk({ store, clock, log: silentLog });
    const subscriptions = createSubscriptions({ store, clock, log: silentLog });
    const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock, log: silentLog, services: { subscriptions } });
    const bot = createDiscordBot({ token: emu.token, applicationId: emu.applicationId, apiUrl: emu.apiUrl, runner, newsdesk, log: silentLog, clock, restRetries: 0 });
    try {
      await bot.start();
      const answer = async (it: { id: string; token: string }) =>
        JSON.stringify((await emu.waitUntil(() => emu.requestsFor(it as never).find((r) => r.status < 300 && /Subscribed|Only people|posted here/.test(JSON.stringify(r.body))), 5000, 'the answer')).body);
      const refused = await answer(emu.sendCommand('subscribe', { options: { topics: 'space', schedule: 'weekdays 07:30', tz: 'Asia/Tokyo' }, permissions: emu.perms.plain }));
      expect(refused).toMatch(/Only people who can manage this server/);
      const ok = await answer(emu.sendCommand('subscribe', { options: { topics: 'space', schedule: 'weekdays 07:30', tz: 'Asia/Tokyo', threads: true }, permissions: emu.perms.manageGuild }));
      expect(ok).toMatch(/Next digest: Wed, 25 Nov 2026, 07:30 GMT\+9/);
      const titles = ['Probe Arden reaches orbit around Europa', 'Belvo rocket engine passes its final static fire', 'Corin telescope mirror unfolds without a hitch'];
      const ids = titles.map((title, k) => addStory(store, { topic: 'space', at: `2026-11-24T1${3 + k}:00:00Z`, title }));
      const channel = emu.channels.get(emu.textChannelId)!;
      const before = channel.messages.length;
      const first = createScheduler({ subscriptions, publishers: [bot.publisher], clock, log: silentLog, catchUpHours: 6 });
      clock.set('2026-11-24T22:29:00Z');
      await first.tick();
      expect(channel.messages.length).toBe(before);
      clock.set('2026-11-24T22:30:00Z');
      const report = await first.tick();
      expect(report).toMatchObject({ delivered: 1, messages: 4, failed: 0 });
      const posted = channel.messages.slice(before);
      for (const t of titles) expect(posted.filter((m) => JSON.stringify(m).includes(t)), t).toHaveLength(1);
      expect(emu.violations).toEqual([]);
      const second = createScheduler({ subscriptions, publishers: [bot.publisher], clock, log: silentLog, catchUpHours: 6 });
      for (const t of ['2026-11-24T22:31:00Z', '2026-11-24T23:30:00Z']) {
        clock.set(t);
        await second.tick();
      }
      expect(channel.messages.length).toBe(before + posted.length);
      const why = await answer(emu.sendCommand('why', { options: { story: String(ids[2]) } }));
      expect(why).toMatch(/was posted here/);
    } finally {
      await bot.stop();
      await emu.close();
      store.close();
    }
  });
});
