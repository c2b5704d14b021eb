/**
 * Schedules as people write them: presets (`hourly`, `daily 08:00`, `weekdays 07:30`,
 * `weekly mon 09:00`), `live`, or a 5-field cron expression, turned into one cron expression.
 */
import { UserError } from '../errors.js';
import { parseCron, type CronExpression } from './cron-expression.js';

/** A parsed schedule. `live` posts each new story as it arrives instead of on a schedule. */
export type Schedule =
  | { kind: 'cron'; text: string; cron: CronExpression }
  | { kind: 'live'; text: 'live' };

const DAY_NAMES: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};

function clock(text: string, schedule: string): { h: number; m: number } {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(text ?? '');
  const h = m ? Number(m[1]) : NaN;
  const min = m?.[2] ? Number(m[2]) : 0;
  if (!m || h > 23 || min > 59) {
    throw new UserError('SCHEDULE_INVALID', `Invalid time "${text ?? ''}" in schedule "${schedule}": use 24-hour HH:MM, e.g. 08:00 or 17:30.`);
  }
  return { h, m: min };
}

/** Words that start a schedule in free text (`/subscribe space daily 08:00`). */
export const SCHEDULE_WORDS = ['hourly', 'daily', 'weekdays', 'weekly', 'live'];

/**
 * Parses a schedule; throws a SCHEDULE_INVALID user error naming the problem.
 * `daily 8:00` → `0 8 * * *`; `weekdays 07:30` → `30 7 * * 1-5`; `weekly fri 17:00` → `0 17 * * 5`.
 */
export function parseSchedule(text: string): Schedule {
  const t = text.trim().replace(/\s+/g, ' ');
  const words = t.toLowerCase().split(' ');
  const usage = 'Use hourly, daily HH:MM, weekdays HH:MM, weekly DAY HH:MM, live, or a 5-field cron expression.';
  switch (words[0]) {
    case '':
      throw new UserError('SCHEDULE_INVALID', `Missing schedule. ${usage}`);
    case 'live':
      if (words.length > 1) throw new UserError('SCHEDULE_INVALID', `"live" takes no time. ${usage}`);
      return { kind: 'live', text: 'live' };
    case 'hourly': {
      if (words.length > 1) throw new UserError('SCHEDULE_INVALID', `"hourly" takes no time (it runs at minute 0). For another minute use cron, e.g. "15 * * * *".`);
      return { kind: 'cron', text: 'hourly', cron: parseCron('0 * * * *') };
    }
    case 'daily':
    case 'weekdays': {
      if (words.length !== 2) throw new UserError('SCHEDULE_INVALID', `"${words[0]}" needs a time, e.g. "${words[0]} 08:00". ${usage}`);
      const { h, m } = clock(words[1], t);
      const hhmm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
      return { kind: 'cron', text: `${words[0]} ${hhmm}`, cron: parseCron(`${m} ${h} * * ${words[0] === 'daily' ? '*' : '1-5'}`) };
    }
    case 'weekly': {
      const day = DAY_NAMES[words[1] ?? ''];
      if (words.length !== 3 || day === undefined) throw new UserError('SCHEDULE_INVALID', `"weekly" needs a day and a time, e.g. "weekly mon 09:00". ${usage}`);
      const { h, m } = clock(words[2], t);
      const hhmm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
      return { kind: 'cron', text: `weekly ${Object.keys(DAY_NAMES).find((k) => DAY_NAMES[k] === day && k.length === 3)} ${hhmm}`, cron: parseCron(`${m} ${h} * * ${day}`) };
    }
    default: {
      const cron = parseCron(t);
      if (cron.minutes.length * cron.hours.length > 24 * 12) {
        throw new UserError('SCHEDULE_INVALID', `"${t}" runs more often than every 5 minutes; choose a calmer schedule or "live".`);
      }
      return { kind: 'cron', text: cron.source, cron };
    }
  }
}
