/**
 * Relative ages as pages print them next to a story ("3 hours ago", "2 min ago", "yesterday").
 */

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

const UNIT_ALIASES: [RegExp, keyof typeof UNIT_MS][] = [
  [/^(s|secs?|seconds?)$/, 's'],
  [/^(m|mins?|minutes?)$/, 'm'],
  [/^(h|hrs?|hours?)$/, 'h'],
  [/^(d|days?)$/, 'd'],
  [/^(w|wks?|weeks?)$/, 'w'],
  [/^(mo|mos|months?)$/, 'mo'],
  [/^(y|yrs?|years?)$/, 'y'],
];

const RELATIVE =
  /^(?:(?:updated|published|posted|last updated)\s*:?\s*)?(an?|one|\d{1,3})\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|mos|months?|y|yrs?|years?)\.?\s+ago$/i;

/**
 * Age in milliseconds of a whole-line relative time, or undefined when the line is not one.
 * Accepts "3 hours ago", "an hour ago", "2 min ago", "5m ago", "1 day ago", "2 weeks ago",
 * "yesterday", "just now", with an optional "Updated"/"Published" prefix. Months count as 30 days.
 */
export function relativeAgeMs(line: string): number | undefined {
  const t = line.trim().replace(/\s+/g, ' ');
  if (/^(just now|now|moments? ago|a moment ago|seconds ago)$/i.test(t)) return 0;
  if (/^(?:(?:updated|published|posted)\s+)?yesterday$/i.test(t)) return UNIT_MS.d;
  const m = RELATIVE.exec(t);
  if (!m) return undefined;
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : 1;
  const unitText = m[2]!.toLowerCase();
  const unit = UNIT_ALIASES.find(([re]) => re.test(unitText))?.[1];
  return unit === undefined ? undefined : n * UNIT_MS[unit]!;
}

/** True when the whole line is a relative age ("3 hours ago", "yesterday", "just now"). */
export function isRelativeAge(line: string): boolean {
  return relativeAgeMs(line) !== undefined;
}

/** `capturedAt` minus the age the line states, or undefined when the line is not a relative age. */
export function resolveRelativeAge(line: string, capturedAt: Date): Date | undefined {
  const age = relativeAgeMs(line);
  return age === undefined ? undefined : new Date(capturedAt.getTime() - age);
}

/**
 * A line holding a relative age, alone or beside a publisher: "3 hours ago",
 * "The Mainichi · 3 hours ago", "3h ago | Yomiuri Shimbun". Returns the age text and the publisher.
 */
export function splitAgeLine(line: string): { age: string; publisher?: string } | undefined {
  const t = line.trim();
  if (isRelativeAge(t)) return { age: t };
  const parts = t.split(/\s+[·•|–—-]\s+/);
  if (parts.length !== 2) return undefined;
  const [a, b] = parts as [string, string];
  if (isRelativeAge(b) && a.length <= 48 && /^\p{Lu}/u.test(a)) return { age: b, publisher: a };
  if (isRelativeAge(a) && b.length <= 48 && /^\p{Lu}/u.test(b)) return { age: a, publisher: b };
  return undefined;
}
