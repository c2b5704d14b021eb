import { describe, expect, it } from 'vitest';
import { nextRun, parseCron, previousRun, runsBetween } from '../../src/core/subscriptions/cron-expression.js';
import { parseSchedule } from '../../src/core/subscriptions/schedule-spec.js';
import { instantsOf, normaliseTimeZone } from '../../src/core/subscriptions/time-zone.js';
import { hasCode } from '../../src/core/errors.js';

const iso = (d: Date[]) => d.map((x) => x.toISOString());
const cronOf = (text: string) => {
  const s = parseSchedule(text);
  if (s.kind !== 'cron') throw new Error('not cron');
  return s.cron;
};

describe('schedule presets', () => {
  it('given presets, they become the matching cron expressions', () => {
    expect(cronOf('hourly').source).toBe('0 * * * *');
    expect(cronOf('daily 8:00').source).toBe('0 8 * * *');
    expect(cronOf('weekdays 07:30').source).toBe('30 7 * * 1-5');
    expect(cronOf('weekly Friday 17:05').source).toBe('5 17 * * 5');
    expect(parseSchedule('live').kind).toBe('live');
    expect(parseSchedule('daily 8:00').kind === 'cron' && parseSchedule('daily 8:00').text).toBe('daily 08:00');
  });

  it('given bad schedules, each fails with SCHEDULE_INVALID and a message that names the problem', () => {
    const cases: [string, RegExp][] = [
      ['daily 25:00', /Invalid time "25:00"/],
      ['daily', /needs a time/],
      ['weekly someday 09:00', /needs a day and a time/],
      ['61 * * * *', /minute 61 is outside 0-59/],
      ['* * * *', /4 fields, not 5/],
      ['0 0 31 2 *', /never runs/],
      ['0 0 * * 1-x', /not a valid day of week/],
      ['* * * * *', /more often than every 5 minutes/],
      ['', /Missing schedule/],
    ];
    for (const [text, msg] of cases) {
      let caught: unknown;
      try {
        parseSchedule(text);
      } catch (err) {
        caught = err;
      }
      expect(hasCode(caught, 'SCHEDULE_INVALID'), text).toBe(true);
      expect((caught as Error).message, text).toMatch(msg);
    }
  });

  it('given an unknown time zone, it fails with TIMEZONE_INVALID; known ones are normalised', () => {
    expect(() => normaliseTimeZone('Mars/Olympus')).toThrow(/Unknown time zone "Mars\/Olympus"/);
    try {
      normaliseTimeZone('Europe/Pariss');
    } catch (err) {
      expect(hasCode(err, 'TIMEZONE_INVALID')).toBe(true);
    }
    expect(normaliseTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(normaliseTimeZone('Etc/GMT+12')).toBe('Etc/GMT+12');
  });
});

describe('next run in a time zone', () => {
  it('given 08:00 Europe/Paris across the spring change, it runs at 08:00 local on both sides (07:00Z then 06:00Z)', () => {
    const runs = runsBetween(cronOf('daily 08:00'), 'Europe/Paris', new Date('2026-03-27T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    expect(iso(runs)).toEqual(['2026-03-27T07:00:00.000Z', '2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z', '2026-03-30T06:00:00.000Z']);
  });

  it('given 08:00 Europe/Paris across the autumn change, it runs once a day at 08:00 local', () => {
    const runs = runsBetween(cronOf('daily 08:00'), 'Europe/Paris', new Date('2026-10-23T00:00:00Z'), new Date('2026-10-27T00:00:00Z'));
    expect(iso(runs)).toEqual(['2026-10-23T06:00:00.000Z', '2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z']);
  });

  it('given 02:30 Paris, it runs once on the day 02:30 happens twice (first one) and once, shifted to 03:30, on the day it does not exist', () => {
    const c = parseCron('30 2 * * *');
    expect(instantsOf('Europe/Paris', 2026, 10, 25, 2, 30)).toHaveLength(2);
    expect(instantsOf('Europe/Paris', 2026, 3, 29, 2, 30)).toHaveLength(0);
    expect(iso(runsBetween(c, 'Europe/Paris', new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T12:00:00Z')))).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
    expect(iso(runsBetween(c, 'Europe/Paris', new Date('2026-03-28T12:00:00Z'), new Date('2026-03-30T12:00:00Z')))).toEqual([
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('given an hourly schedule, it follows real hours: 25 runs on the long day, 23 on the short day, one hour apart', () => {
    const long = runsBetween(cronOf('hourly'), 'Europe/Paris', new Date('2026-10-24T21:59:00Z'), new Date('2026-10-25T22:59:00Z'));
    expect(long).toHaveLength(25);
    const short = runsBetween(cronOf('hourly'), 'Europe/Paris', new Date('2026-03-28T22:59:00Z'), new Date('2026-03-29T21:59:00Z'));
    expect(short).toHaveLength(23);
    for (const runs of [long, short]) for (let i = 1; i < runs.length; i++) expect(runs[i].getTime() - runs[i - 1].getTime()).toBe(3_600_000);
  });

  it('given Pacific/Kiritimati (UTC+14), runs around local midnight fall on the right UTC day', () => {
    const runs = runsBetween(parseCron('30 23,0 * * *'), 'Pacific/Kiritimati', new Date('2026-06-01T00:00:00Z'), new Date('2026-06-02T12:00:00Z'));
    // 23:30 local = 09:30Z the same date; 00:30 local = 10:30Z the previous date.
    expect(iso(runs)).toEqual(['2026-06-01T09:30:00.000Z', '2026-06-01T10:30:00.000Z', '2026-06-02T09:30:00.000Z', '2026-06-02T10:30:00.000Z']);
    const weekly = runsBetween(cronOf('weekly mon 00:15'), 'Pacific/Kiritimati', new Date('2026-06-01T00:00:00Z'), new Date('2026-06-15T00:00:00Z'));
    // Monday 00:15 at UTC+14 is Sunday 10:15Z.
    expect(iso(weekly)).toEqual(['2026-06-07T10:15:00.000Z', '2026-06-14T10:15:00.000Z']);
  });

  it('given Etc/GMT+12 (UTC-12), a weekdays 23:45 digest lands on the next UTC day', () => {
    const runs = runsBetween(cronOf('weekdays 23:45'), 'Etc/GMT+12', new Date('2026-06-05T00:00:00Z'), new Date('2026-06-10T00:00:00Z'));
    // Thu 4 June 23:45 local = Fri 5 June 11:45Z; Fri 5 = Sat 6 11:45Z; none for Sat/Sun local; Mon 8 = Tue 9 11:45Z.
    expect(iso(runs)).toEqual(['2026-06-05T11:45:00.000Z', '2026-06-06T11:45:00.000Z', '2026-06-09T11:45:00.000Z']);
  });

  it('given a run time, previousRun and nextRun are inverse around it', () => {
    const c = cronOf('weekdays 07:30');
    const at = nextRun(c, 'Europe/Paris', new Date('2026-10-23T12:00:00Z'))!;
    expect(at.toISOString()).toBe('2026-10-26T06:30:00.000Z');
    expect(previousRun(c, 'Europe/Paris', at)!.toISOString()).toBe('2026-10-23T05:30:00.000Z');
  });
});
