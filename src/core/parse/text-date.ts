/**
 * Absolute dates and times as news pages print them: "Friday, May 23, 2025",
 * "Updated 2:15 PM EST, Tue March 4, 2025", "23 May 2025 10.42 BST", "2025-05-23".
 */

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};

/** UTC offsets in minutes of the zone abbreviations news pages use. */
const ZONES: Record<string, number> = {
  UTC: 0, GMT: 0, Z: 0, BST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180, MSK: 180, IST: 330,
  JST: 540, KST: 540, HKT: 480, SGT: 480, AEST: 600, AEDT: 660,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

/** Generic US zones ("ET") resolve to daylight time from March through October as a simple rule. */
const GENERIC_US: Record<string, [number, number]> = { ET: [-300, -240], CT: [-360, -300], MT: [-420, -360], PT: [-480, -420] };

const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const MDY = new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const DMY = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_RE},?\\s+(\\d{4})\\b`, 'i');
const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const TIME = /\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b)?(?:\s*\(?\b([A-Z]{1,4})\b\)?)?/g;

/** A date found in text. */
export interface FoundDate {
  /** The instant; date-only values are placed at 12:00 UTC so the calendar day survives any display zone within ±11 h. */
  date: Date;
  /** True when a clock time was found with the date. */
  hasTime: boolean;
}

/** Finds the first calendar date in `text` (with a clock time and zone when present). */
export function findDate(text: string): FoundDate | undefined {
  let y: number, mo: number, d: number, at: number, len: number;
  const mdy = MDY.exec(text);
  const dmy = DMY.exec(text);
  const iso = ISO.exec(text);
  const first = [mdy, dmy, iso].filter((m): m is RegExpExecArray => m !== null).sort((a, b) => a.index - b.index)[0];
  if (!first) return undefined;
  if (first === mdy) {
    mo = MONTHS[first[1]!.toLowerCase().replace('.', '')]!;
    d = Number(first[2]);
    y = Number(first[3]);
  } else if (first === dmy) {
    d = Number(first[1]);
    mo = MONTHS[first[2]!.toLowerCase().replace('.', '')]!;
    y = Number(first[3]);
  } else {
    y = Number(first[1]);
    mo = Number(first[2]);
    d = Number(first[3]);
  }
  if (!mo || d < 1 || d > 31 || mo > 12 || y < 1900 || y > 2200) return undefined;
  at = first.index;
  len = first[0].length;
  const rest = text.slice(0, at) + ' '.repeat(len) + text.slice(at + len);
  const time = findTime(rest, mo);
  if (!time) return { date: new Date(Date.UTC(y, mo - 1, d, 12, 0, 0)), hasTime: false };
  const utc = Date.UTC(y, mo - 1, d, time.hours, time.minutes) - time.offsetMinutes * 60_000;
  return { date: new Date(utc), hasTime: true };
}

/** A clock time with its zone offset (0 when no zone is given). */
interface ClockTime {
  hours: number;
  minutes: number;
  offsetMinutes: number;
}

function findTime(text: string, month: number): ClockTime | undefined {
  for (const m of text.matchAll(TIME)) {
    const hasMinutes = m[2] !== undefined;
    const meridiem = m[3]?.toLowerCase().replace(/\./g, '');
    if (!hasMinutes && !meridiem) continue;
    let hours = Number(m[1]);
    const minutes = hasMinutes ? Number(m[2]) : 0;
    if (hours > 23 || minutes > 59) continue;
    if (meridiem === 'pm' && hours < 12) hours += 12;
    if (meridiem === 'am' && hours === 12) hours = 0;
    return { hours, minutes, offsetMinutes: zoneOffset(m[4], month) };
  }
  return undefined;
}

function zoneOffset(zone: string | undefined, month: number): number {
  if (!zone) return 0;
  const z = zone.toUpperCase();
  if (z in ZONES) return ZONES[z]!;
  const generic = GENERIC_US[z];
  if (generic) return month >= 3 && month <= 10 ? generic[1] : generic[0];
  return 0;
}

/**
 * A header line that is only a date, optionally labelled: "Updated 2:15 PM EST, Tue March 4, 2025",
 * "Published May 23, 2025", "Fri 23 May 2025 10.42 BST". Returns the date and whether the label
 * says "updated".
 */
export function parseDateLine(line: string): { date: Date; updated: boolean } | undefined {
  const t = line.trim();
  if (t.length > 90 || /[.!?]$/.test(t.replace(/\b(a\.m|p\.m)\.$/i, ''))) return undefined;
  const found = findDate(t);
  if (!found) return undefined;
  // Everything left after removing date words must be labels, not prose.
  const leftover = t
    .replace(/\b(updated|published|posted|last updated|first published|on|at|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?/gi, ' ')
    .replace(/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi, ' ')
    .replace(new RegExp(MONTH_RE, 'gi'), ' ')
    .replace(/\b(a\.m\.|p\.m\.|am|pm)/gi, ' ')
    .replace(/\b[A-Z]{1,4}\b/g, ' ')
    .replace(/[\d:.,|·•\-–—/()]+/g, ' ')
    .trim();
  if (leftover !== '') return undefined;
  return { date: found.date, updated: /\bupdated\b/i.test(t) };
}

/**
 * True when the whole line is a clock time as live blogs print entry stamps: "10:42 a.m. ET",
 * "14:05 GMT", "9.30am", optionally with a date.
 */
export function isClockLine(line: string): boolean {
  const t = line.trim();
  if (t.length > 40) return false;
  return /^(\d{1,2}[:.]\d{2}\s*(a\.m\.|p\.m\.|am|pm)?|\d{1,2}\s*(a\.m\.|p\.m\.|am|pm))(\s*\(?[A-Z]{1,4}\)?)?(,?\s+.*\d{4})?$/i.test(t);
}
