/**
 * Soak test of scheduled digests: 1,000 subscriptions (one channel each) on three platforms,
 * mixed schedules in ten time zones, ticked every simulated minute for a week that crosses the
 * European DST change, with a process restart and a 3-hour downtime in the middle. Deliveries
 * that the publishers received are counted against the expected schedule.
 *
 * The expected schedule is computed by a peer: a brute-force scan of every minute's wall-clock
 * time in each zone (no cron arithmetic), which also times our `nextRun` against it.
 *
 *   npx tsx bench/soak-schedule.ts [--subs 1000] [--days 7] [--seed 1]
 *
 * Prints a table and writes bench/results/soak-schedule.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelRef, Reply } from '../src/core/model.js';
import type { Posted, Publisher } from '../src/core/ports.js';
import { silentLog } from '../src/core/ports.js';
import { createSqliteStore } from '../src/core/store/sqlite-store.js';
import { createSubscriptions } from '../src/core/subscriptions/index.js';
import { parseSchedule } from '../src/core/subscriptions/schedule-spec.js';
import { runsBetween, type CronExpression } from '../src/core/subscriptions/cron-expression.js';
import { localTime } from '../src/core/subscriptions/time-zone.js';
import { createScheduler } from '../src/app/scheduler.js';
import { addStory } from '../tests/support/schedule-stories.js';
import { printTable } from './lib/table.js';
import { percentile } from './lib/stats.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const SUBS = arg('subs', 1000);
const DAYS = arg('days', 7);
let seed = arg('seed', 1);
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const START = Date.parse('2026-10-22T00:00:00Z');
const END = START + DAYS * 86_400_000;
// Downtime: no ticks in (DOWN_FROM, DOWN_TO]; the process restarts at DOWN_TO.
const DOWN_FROM = START + 3.5 * 86_400_000;
const DOWN_TO = DOWN_FROM + 3 * 3_600_000;
const ZONES = ['Europe/Paris', 'Europe/London', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Asia/Kolkata', 'America/St_Johns', 'Australia/Sydney', 'UTC'];
const TOPICS = ['space', 'science', 'world', 'business', 'technology'];
const PLATFORMS: ChannelRef['platform'][] = ['console', 'discord', 'slack'];
// Fixed-hour schedules avoid 01:00–02:59, the hours a DST change repeats or skips (the peer scan
// is wall-clock only); hourly schedules run through them.
const HOURS = [0, 3, 5, 6, 7, 8, 9, 12, 13, 17, 18, 21, 23];
const MINUTES = [0, 5, 15, 30, 45];
const DAYS_OF_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function scheduleFor(): string {
  const r = rand();
  const hhmm = () => `${String(pick(HOURS)).padStart(2, '0')}:${String(pick(MINUTES)).padStart(2, '0')}`;
  if (r < 0.1) return 'hourly';
  if (r < 0.2) return '30 7-19/3 * * 1-5';
  if (r < 0.65) return `daily ${hhmm()}`;
  if (r < 0.9) return `weekdays ${hhmm()}`;
  return `weekly ${pick(DAYS_OF_WEEK)} ${hhmm()}`;
}

/** Peer: every minute whose wall-clock time in `tz` matches the cron fields (per-zone table). */
function bruteForce(c: CronExpression, minutes: { m: number; d: number; h: number; mo: number; wd: number; mi: number }[]): number[] {
  const out: number[] = [];
  const mins = new Set(c.minutes);
  const hours = new Set(c.hours);
  for (const t of minutes) {
    if (!mins.has(t.mi) || !hours.has(t.h) || !c.months.has(t.mo)) continue;
    const dom = c.days.has(t.d);
    const dow = c.weekdays.has(t.wd);
    if (c.domRestricted && c.dowRestricted ? dom || dow : dom && dow) out.push(t.m);
  }
  return out;
}

interface Received {
  at: number;
  reply: Reply;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const store = createSqliteStore(':memory:');
  let now = START;
  const clock = { now: () => new Date(now) };
  const received = new Map<string, Received[]>();
  const publishers: Publisher[] = PLATFORMS.map((platform) => ({
    platform,
    async post(channel, reply): Promise<Posted[]> {
      const list = received.get(channel.channel) ?? [];
      list.push({ at: now, reply });
      received.set(channel.channel, list);
      return [{ messageId: `${platform}-${channel.channel}-${list.length}` }];
    },
  }));

  // Subscriptions, created when the week starts (their first runs are strictly after START).
  let subscriptions = createSubscriptions({ store, clock, log: silentLog });
  const subs = Array.from({ length: SUBS }, (_, i) => {
    const platform = PLATFORMS[i % 3];
    const channel: ChannelRef = { platform, scope: platform === 'console' ? 'local' : `S${i % 7}`, channel: `ch-${i}` };
    const sub = subscriptions.add(channel, { topics: pick([...TOPICS, 'all']), schedule: scheduleFor(), tz: pick(ZONES), threads: rand() < 0.2, max: 5 });
    return sub;
  });

  // Peer schedule: brute-force scan per zone.
  const tPeer = performance.now();
  const table = new Map<string, { m: number; d: number; h: number; mo: number; wd: number; mi: number }[]>();
  for (const tz of ZONES) {
    const rows = [];
    for (let m = START + 60_000; m < END; m += 60_000) {
      const l = localTime(tz, m);
      rows.push({ m, d: l.day, h: l.hour, mo: l.month, wd: l.weekday, mi: l.minute });
    }
    table.set(tz, rows);
  }
  const expected = subs.map((s) => {
    const sch = parseSchedule(s.schedule);
    return sch.kind === 'cron' ? bruteForce(sch.cron, table.get(s.timeZone)!) : [];
  });
  const peerMs = performance.now() - tPeer;
  const tOurs = performance.now();
  let agree = 0;
  for (const [i, s] of subs.entries()) {
    const sch = parseSchedule(s.schedule);
    if (sch.kind !== 'cron') continue;
    const ours = runsBetween(sch.cron, s.timeZone, new Date(START), new Date(END - 1)).map((d) => d.getTime());
    if (ours.length === expected[i].length && ours.every((t, k) => t === expected[i][k])) agree++;
  }
  const oursMs = performance.now() - tOurs;

  // A story per topic every 30 minutes, so every digest has something to post.
  let stories = 0;
  const tickMs: number[] = [];
  let scheduler = createScheduler({ subscriptions, publishers, clock, log: silentLog, catchUpHours: 6 });
  for (const at of [START - 50 * 60_000, START - 20 * 60_000]) for (const topic of TOPICS) (addStory(store, { topic, at: new Date(at) }), stories++);
  for (now = START; now < END; now += 60_000) {
    // Stories keep arriving during the downtime (stored when fetched, with their publication time).
    if (now % 1_800_000 === 600_000) for (const topic of TOPICS) (addStory(store, { topic, at: new Date(now) }), stories++);
    if (now > DOWN_FROM && now < DOWN_TO) continue;
    if (now === DOWN_TO) {
      // Restart: new services over the same database.
      subscriptions = createSubscriptions({ store, clock, log: silentLog });
      scheduler = createScheduler({ subscriptions, publishers, clock, log: silentLog, catchUpHours: 6 });
    }
    const t = performance.now();
    await scheduler.tick();
    tickMs.push(performance.now() - t);
  }

  // Count what each channel received against the expected schedule.
  type Row = { subs: number; expected: number; delivered: number; onTime: number; caughtUp: number; missing: number; duplicates: number; unexpected: number; messages: number; repeatedStories: number };
  const mismatches: { sub: number; schedule: string; tz: string; missing: string[]; unexpected: string[] }[] = [];
  const rows = new Map<string, Row>(PLATFORMS.map((p) => [p, { subs: 0, expected: 0, delivered: 0, onTime: 0, caughtUp: 0, missing: 0, duplicates: 0, unexpected: 0, messages: 0, repeatedStories: 0 }]));
  for (const [i, s] of subs.entries()) {
    const r = rows.get(s.channel.platform)!;
    r.subs++;
    // Runs inside the downtime collapse into one catch-up digest at restart (the latest one).
    const exp: { due: number; at: number }[] = [];
    const down = expected[i].filter((t) => t > DOWN_FROM && t <= DOWN_TO);
    for (const t of expected[i]) if (!(t > DOWN_FROM && t <= DOWN_TO)) exp.push({ due: t, at: t });
    if (down.length) exp.push({ due: down[down.length - 1], at: DOWN_TO });
    exp.sort((a, b) => a.at - b.at);
    const got = received.get(s.channel.channel) ?? [];
    r.messages += got.length;
    const digests = got.filter((g) => (g.reply.kind === 'digest' && g.reply.threadPerStory === false) || g.reply.kind === 'text').map((g) => g.at);
    const seen = new Map<number, number>();
    for (const at of digests) seen.set(at, (seen.get(at) ?? 0) + 1);
    r.expected += exp.length;
    r.delivered += digests.length;
    for (const e of exp) {
      const n = seen.get(e.at) ?? 0;
      if (n === 0) r.missing++;
      else {
        if (e.at === e.due) r.onTime++;
        else r.caughtUp++;
        if (n > 1) r.duplicates += n - 1;
      }
    }
    const expAt = new Set(exp.map((e) => e.at));
    const extra = digests.filter((at) => !expAt.has(at));
    r.unexpected += extra.length;
    const lost = exp.filter((e) => !seen.has(e.at));
    if ((lost.length || extra.length) && mismatches.length < 50) {
      mismatches.push({ sub: s.id, schedule: s.schedule, tz: s.timeZone, missing: lost.map((e) => new Date(e.at).toISOString()), unexpected: extra.map((at) => new Date(at).toISOString()) });
    }
    const ids = got.flatMap((g) => (g.reply.kind === 'digest' ? g.reply.digest.sections.flatMap((sec) => sec.stories.map((x) => x.id)) : []));
    r.repeatedStories += ids.length - new Set(ids).size;
  }
  const totalMs = performance.now() - t0;
  const headers = ['platform', 'subs', 'expected', 'delivered', 'on time', 'caught up', 'missing', 'duplicate', 'unexpected', 'messages', 'repeated stories'];
  const out = [...rows.entries()].map(([p, r]) => [p, r.subs, r.expected, r.delivered, r.onTime, r.caughtUp, r.missing, r.duplicates, r.unexpected, r.messages, r.repeatedStories]);
  printTable(`Scheduled digests over ${DAYS} simulated days (${SUBS} subscriptions, ${stories} stories, restart + 3 h downtime)`, headers, out);
  const ticks = { count: tickMs.length, p50: percentile(tickMs, 50), p95: percentile(tickMs, 95), p99: percentile(tickMs, 99), max: Math.max(...tickMs) };
  printTable('Ticks (ms)', ['ticks', 'p50', 'p95', 'p99', 'max'], [[ticks.count, ticks.p50, ticks.p95, ticks.p99, ticks.max]]);
  const cronSubs = subs.filter((s) => s.schedule !== 'live').length;
  printTable('Schedule computation: ours vs brute-force wall-clock scan (peer)', ['method', 'subs', 'ms', 'agreeing with peer'], [
    ['brute force (peer)', cronSubs, peerMs, undefined],
    ['nextRun (ours)', cronSubs, oursMs, agree],
  ]);
  process.stdout.write(`\nTotal ${(totalMs / 1000).toFixed(1)} s\n`);
  const dir = join(process.cwd(), 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'soak-schedule.json'),
    JSON.stringify({ ranAt: new Date().toISOString(), node: process.version, subs: SUBS, days: DAYS, start: new Date(START).toISOString(), downtime: [new Date(DOWN_FROM).toISOString(), new Date(DOWN_TO).toISOString()], stories, mismatches, platforms: Object.fromEntries(rows), ticks, schedule: { peerMs, oursMs, agree, cronSubs }, totalMs }, null, 2),
  );
  store.close();
}

await main();
