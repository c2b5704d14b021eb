import { describe, expect, it } from 'vitest';
import { parseCron, runsBetween } from '../../src/core/subscriptions/cron-expression.js';
import { localTime } from '../../src/core/subscriptions/time-zone.js';

/** Peer: every minute whose wall-clock time matches the fields (no cron arithmetic at all). */
function scan(expr: string, wall: { m: number; l: ReturnType<typeof localTime> }[]): string[] {
  const c = parseCron(expr);
  const out: string[] = [];
  for (const { m, l } of wall) {
    if (!c.minutes.includes(l.minute) || !c.hours.includes(l.hour) || !c.months.has(l.month)) continue;
    const dom = c.days.has(l.day);
    const dow = c.weekdays.has(l.weekday);
    if (c.domRestricted && c.dowRestricted ? dom || dow : dom && dow) out.push(new Date(m).toISOString());
  }
  return out;
}

describe('nextRun against a brute-force wall-clock scan', () => {
  // Fixed hours avoid 01:00-02:59, the hours a change repeats or skips (the scan cannot know
  // which occurrence is meant); hourly expressions run through the change and must agree too.
  const exprs = ['0 8 * * *', '30 7 * * 1-5', '15 */4 * * *', '0 * * * *', '45 23 * * 0', '5 0 1,15 * *', '0 9 * * 1 ', '10,40 6-20/2 * * mon-fri', '0 12 13 * 5'];
  const zones = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Etc/GMT+12', 'America/St_Johns', 'Pacific/Chatham'];
  for (const tz of zones) {
    it(`given ${tz} from 26 Sep to 3 Nov 2026 (DST changes in both hemispheres), every expression agrees minute for minute`, () => {
      const from = Date.parse('2026-09-26T00:00:00Z');
      const to = Date.parse('2026-11-03T00:00:00Z');
      const wall = [];
      // Every expression fires on a multiple of 5 minutes and every zone's offset is one of 15, so a
      // 5-minute scan sees every run.
      for (let m = from + 300_000; m <= to; m += 300_000) wall.push({ m, l: localTime(tz, m) });
      for (const e of exprs) {
        const ours = runsBetween(parseCron(e), tz, new Date(from), new Date(to)).map((d) => d.toISOString());
        expect(ours, `${e} in ${tz}`).toEqual(scan(e, wall));
      }
    });
  }
});
