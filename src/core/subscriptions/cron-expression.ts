/**
 * Five-field cron expressions (`minute hour day-of-month month day-of-week`) and their runs in
 * an IANA time zone, DST-correct:
 * - a wall-clock time that occurs twice when clocks go back runs once, at its first occurrence;
 *   jobs whose hour field is `*` follow real time instead (an hourly digest runs every real hour);
 * - a time that does not exist when clocks go forward runs once, shifted by the gap
 *   (02:30 → 03:30); jobs whose hour field is `*` simply have one run fewer that day.
 * Day-of-month and day-of-week combine as in Vixie cron: when both are restricted, either matches.
 */
import { UserError } from '../errors.js';
import { instantsOf, localTime, offsetAt } from './time-zone.js';

/** A parsed cron expression. */
export interface CronExpression {
  /** The expression as given, normalised to single spaces. */
  source: string;
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Day-of-month / day-of-week restricted (not `*`). */
  domRestricted: boolean;
  dowRestricted: boolean;
  /** Hour field is `*`: the job follows real time across DST changes. */
  everyHour: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, base: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, base: 0 },
] as const;

function bad(expr: string, why: string): UserError {
  return new UserError('SCHEDULE_INVALID', `Invalid cron expression "${expr}": ${why}. Use five fields (minute hour day month weekday), e.g. "30 7 * * 1-5", or a preset: hourly, daily 08:00, weekdays 07:30, weekly mon 09:00.`);
}

function parseField(expr: string, text: string, f: (typeof FIELDS)[number]): Set<number> {
  const out = new Set<number>();
  const value = (v: string): number => {
    const lower = v.toLowerCase();
    if ('names' in f) {
      const i = (f.names as readonly string[]).indexOf(lower);
      if (i >= 0) return i + f.base;
    }
    if (!/^\d{1,2}$/.test(v)) throw bad(expr, `"${v}" is not a valid ${f.name}`);
    const n = Number(v);
    if (n < f.min || n > f.max) throw bad(expr, `${f.name} ${n} is outside ${f.min}-${f.max}`);
    return n;
  };
  for (const part of text.split(',')) {
    const m = /^(\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:\/(\d{1,2}))?$/i.exec(part);
    if (!m) throw bad(expr, `"${part}" is not a valid ${f.name}`);
    const step = m[2] === undefined ? 1 : Number(m[2]);
    if (step < 1) throw bad(expr, `step ${m[2]} must be at least 1`);
    let lo: number;
    let hi: number;
    if (m[1] === '*') {
      lo = f.min;
      hi = f.max;
    } else if (m[1].includes('-')) {
      const [a, b] = m[1].split('-');
      lo = value(a);
      hi = value(b);
      if (lo > hi) throw bad(expr, `range ${m[1]} runs backwards`);
    } else {
      lo = value(m[1]);
      hi = m[2] === undefined ? lo : f.max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses a 5-field expression; throws a SCHEDULE_INVALID user error saying what is wrong. */
export function parseCron(expression: string): CronExpression {
  const source = expression.trim().replace(/\s+/g, ' ');
  const fields = source.split(' ');
  if (!source || fields.length !== 5) throw bad(expression, `it has ${source ? fields.length : 0} fields, not 5`);
  const sets = fields.map((t, i) => parseField(expression, t, FIELDS[i]));
  const weekdays = new Set([...sets[4]].map((d) => d % 7));
  const cron: CronExpression = {
    source,
    minutes: [...sets[0]].sort((a, b) => a - b),
    hours: [...sets[1]].sort((a, b) => a - b),
    days: sets[2],
    months: sets[3],
    weekdays,
    domRestricted: !fields[2].startsWith('*'),
    dowRestricted: !fields[4].startsWith('*'),
    everyHour: sets[1].size === 24,
  };
  if (!someDayMatches(cron)) throw bad(expression, 'it never runs (no such date)');
  return cron;
}

function dayMatches(c: CronExpression, y: number, m: number, d: number): boolean {
  if (!c.months.has(m)) return false;
  const dom = c.days.has(d);
  const dow = c.weekdays.has(new Date(Date.UTC(y, m - 1, d)).getUTCDay());
  if (c.domRestricted && c.dowRestricted) return dom || dow;
  return dom && dow;
}

function someDayMatches(c: CronExpression): boolean {
  // 28 years cover every calendar (leap years and weekdays repeat).
  for (let t = Date.UTC(2024, 0, 1), end = Date.UTC(2052, 0, 1); t < end; t += 86_400_000) {
    const d = new Date(t);
    if (dayMatches(c, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())) return true;
  }
  return false;
}

/** Instants (ms) at which one matching wall-clock time runs, per the DST rules above. */
function runsAt(c: CronExpression, tz: string, y: number, mo: number, d: number, h: number, mi: number): number[] {
  const found = instantsOf(tz, y, mo, d, h, mi);
  if (found.length > 1) return c.everyHour ? found : [found[0]];
  if (found.length === 1) return found;
  if (c.everyHour) return [];
  // In a spring-forward gap: keep the offset in force before the gap, i.e. shift by the gap.
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  return [asUtc - offsetAt(tz, asUtc - 86_400_000)];
}

/** How far (wall-clock ms) candidates are checked past the first hit, to order gap-shifted runs. */
const LOOKAHEAD_MS = 3 * 3_600_000;
/** Search horizon in days: every valid expression runs within it. */
const HORIZON_DAYS = 366 * 29;

/** True when the UTC offset changes anywhere in [a, b] (checked every 6 hours; changes are months apart). */
function changesBetween(tz: string, a: number, b: number): boolean {
  const first = offsetAt(tz, a);
  for (let t = a; t < b; t += 6 * 3_600_000) if (offsetAt(tz, t) !== first) return true;
  return offsetAt(tz, b) !== first;
}

/** The first run strictly after `after` in `tz`; `undefined` only for expressions that never run. */
export function nextRun(c: CronExpression, tz: string, after: Date): Date | undefined {
  const afterMs = after.getTime();
  // Start a few hours early in wall-clock time: around a change, wall order and real order differ.
  const start = localTime(tz, afterMs - LOOKAHEAD_MS);
  let best: number | undefined;
  let bestWall = 0;
  let day = Date.UTC(start.year, start.month - 1, start.day);
  for (let i = 0; i < HORIZON_DAYS; i++, day += 86_400_000) {
    const dd = new Date(day);
    const y = dd.getUTCFullYear();
    const mo = dd.getUTCMonth() + 1;
    const d = dd.getUTCDate();
    if (best !== undefined && day > bestWall + LOOKAHEAD_MS) break;
    if (!dayMatches(c, y, mo, d)) continue;
    for (const h of c.hours) {
      if (i === 0 && h < start.hour) continue;
      for (const mi of c.minutes) {
        if (i === 0 && h === start.hour && mi < start.minute) continue;
        const wall = day + h * 3_600_000 + mi * 60_000;
        if (best !== undefined && wall > bestWall + LOOKAHEAD_MS) return new Date(best);
        for (const u of runsAt(c, tz, y, mo, d, h, mi)) {
          if (u > afterMs && (best === undefined || u < best)) {
            best = u;
            bestWall = wall;
            // No offset change near here: wall order is real order, the first hit is the answer.
            if (!changesBetween(tz, afterMs - LOOKAHEAD_MS - 86_400_000, u + LOOKAHEAD_MS + 86_400_000)) return new Date(u);
          }
        }
      }
    }
  }
  return best === undefined ? undefined : new Date(best);
}

/** The last run strictly before `before`, or `undefined` when none within about a year. */
export function previousRun(c: CronExpression, tz: string, before: Date): Date | undefined {
  const b = before.getTime();
  for (const back of [3_600_000, 26 * 3_600_000, 8 * 86_400_000, 32 * 86_400_000, 367 * 86_400_000]) {
    let cur = nextRun(c, tz, new Date(b - back - 1));
    if (!cur || cur.getTime() >= b) continue;
    for (let n = nextRun(c, tz, cur); n && n.getTime() < b; n = nextRun(c, tz, n)) cur = n;
    return cur;
  }
  return undefined;
}

/** Every run in (after, until], in order (bounded by `max`). */
export function runsBetween(c: CronExpression, tz: string, after: Date, until: Date, max = 100_000): Date[] {
  const out: Date[] = [];
  for (let n = nextRun(c, tz, after); n && n.getTime() <= until.getTime() && out.length < max; n = nextRun(c, tz, n)) out.push(n);
  return out;
}
