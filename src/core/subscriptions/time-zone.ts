/**
 * IANA time-zone arithmetic on top of `Intl` (no dependency): wall-clock parts of an instant,
 * the UTC offset in force at an instant, and the instants at which a wall-clock time occurs
 * (none in a spring-forward gap, two in a fall-back overlap).
 */
import { UserError } from '../errors.js';

/** Wall-clock fields in a time zone. `month` is 1–12, `weekday` 0 (Sunday) – 6. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** True when `tz` is an IANA zone name this runtime knows (e.g. `Europe/Paris`, `Etc/GMT+12`, `UTC`). */
export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The canonical spelling of a zone (`europe/paris` → `Europe/Paris`); throws a TIMEZONE_INVALID user error. */
export function normaliseTimeZone(tz: string): string {
  const t = tz.trim();
  if (!isTimeZone(t)) {
    throw new UserError('TIMEZONE_INVALID', `Unknown time zone "${tz}". Use an IANA name such as Europe/Paris, America/New_York, Asia/Tokyo or UTC.`);
  }
  // Keep the name people know (ICU may resolve Asia/Kolkata to Asia/Calcutta); fix only its case.
  const resolved = formatter(t).resolvedOptions().timeZone;
  if (resolved.toLowerCase() === t.toLowerCase()) return resolved;
  const known = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === t.toLowerCase());
  return known ?? (/[A-Z]/.test(t) ? t : resolved);
}

/** Wall-clock fields of an instant (milliseconds since the epoch) in `tz`, to the minute. */
export function localTime(tz: string, ms: number): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday] ?? 0,
  };
}

/** UTC offset in force in `tz` at an instant, in milliseconds (Paris in summer: +7,200,000). */
export function offsetAt(tz: string, ms: number): number {
  const t = Math.floor(ms / 60_000) * 60_000;
  const key = `${tz}|${t}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const l = localTime(tz, t);
  const o = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute) - t;
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, o);
  return o;
}

const offsets = new Map<string, number>();

/**
 * The instants, in order, at which the wall-clock time occurs in `tz`: one normally, none in a
 * spring-forward gap, two in a fall-back overlap.
 */
export function instantsOf(tz: string, year: number, month: number, day: number, hour: number, minute: number): number[] {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets in force within a day either side cover every transition that can touch this time.
  const offsets = new Set([offsetAt(tz, asUtc - 86_400_000), offsetAt(tz, asUtc), offsetAt(tz, asUtc + 86_400_000)]);
  const out: number[] = [];
  for (const o of offsets) {
    const u = asUtc - o;
    if (offsetAt(tz, u) === o && !out.includes(u)) out.push(u);
  }
  return out.sort((a, b) => a - b);
}

const displays = new Map<string, Intl.DateTimeFormat>();

/** "Mon, 30 Mar 2026, 08:00 CEST" in `tz`. */
export function formatInZone(tz: string, at: Date): string {
  let f = displays.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    displays.set(tz, f);
  }
  return f.format(at);
}
