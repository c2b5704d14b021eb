/**
 * Date parsing for feeds: RFC 822/1123 (RSS), RFC 3339 and W3CDTF (Atom, Dublin Core, JSON Feed)
 * and the common variants real feeds use (named zones, missing seconds, two-digit years,
 * missing day names, "UT", military letters, "+05:30" in RFC 822 dates).
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9,
  october: 10, november: 11, december: 12,
};

/** Offsets in minutes of the zone names RFC 822 allows plus a few common ones. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, cet: 60, met: 60, cest: 120, mest: 120, eet: 120, eest: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  ist: 330, jst: 540, kst: 540, hkt: 480, sgt: 480, aest: 600, aedt: 660, acst: 570, awst: 480, nzst: 720, nzdt: 780,
  msk: 180,
};

function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const z = zone.trim().toLowerCase();
  if (z in ZONES) return ZONES[z];
  const m = /^(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (m) {
    const sign = m[1] === '-' ? -1 : 1;
    return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  }
  // Military single letters: A–I, K–M are +1…+12, N–Y are −1…−12 (RFC 822 got the sign backwards;
  // like feedparser we treat them all as UTC except Z, which is the only one seen in practice).
  if (/^[a-ik-y]$/.test(z)) return 0;
  return undefined;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offsetMin * 60_000;
  if (!Number.isFinite(t)) return undefined;
  const date = new Date(t);
  // Reject impossible calendar days such as 31 February, which Date.UTC silently rolls over.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCMonth() !== mo - 1) return undefined;
  return date.toISOString();
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  if (y.length === 3) return 1900 + n;
  return n;
}

/** RFC 3339 / ISO 8601 / W3CDTF: 2003-12-13T18:30:02Z, 2003-12-13, 2003-12, 2003, 20031213T183002Z. */
function parseIso(s: string): string | undefined {
  const m =
    /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[Tt ]+(\d{1,2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{2,5})?)?)?)?$/.exec(
      s,
    );
  if (!m) return undefined;
  const off = zoneOffset(m[8]);
  if (off === undefined) return undefined;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return build(Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms, off);
}

/** RFC 822 and its relatives: "Sat, 07 Sep 2002 00:00:01 GMT", "7 Sep 02 0:00 EDT", "Sep 7 2002". */
function parseRfc822(s: string): string | undefined {
  const cleaned = s
    .replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  // day month year time zone
  let m = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -,]+(\d{2,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([A-Za-z]{1,5}|(?:GMT|UTC)?[+-]\d{1,2}:?\d{2})?)?$/.exec(cleaned);
  let day: string, mon: string, year: string;
  if (m) {
    [, day, mon, year] = m;
  } else {
    // month day year time zone (Unix `date`, some CMSs)
    m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([A-Za-z]{1,5}|(?:GMT|UTC)?[+-]\d{1,2}:?\d{2})?)?$/.exec(cleaned);
    if (!m) {
      // asctime: "Sun Sep 7 00:00:01 2002" (day name already removed)
      const a = /^([A-Za-z]{3,9}) (\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))? (?:([A-Za-z]{1,5}|[+-]\d{4}) )?(\d{4})$/.exec(cleaned);
      if (!a) return undefined;
      const mo = MONTHS[a[1].toLowerCase()];
      const off = zoneOffset(a[6]);
      if (!mo || off === undefined) return undefined;
      return build(Number(a[7]), mo, Number(a[2]), Number(a[3]), Number(a[4]), Number(a[5] ?? 0), 0, off);
    }
    [, mon, day, year] = m;
  }
  const mo = MONTHS[mon.toLowerCase()];
  const off = zoneOffset(m[7]);
  if (!mo || off === undefined) return undefined;
  return build(fullYear(year), mo, Number(day), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, off);
}

/**
 * Parses a date as feeds write it and returns an ISO 8601 instant (UTC), or undefined when the
 * text is not a recognisable date. A date without a zone is taken as UTC; a date without a time
 * as midnight UTC.
 */
export function parseFeedDate(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).replace(/\s+/g, ' ').trim();
  if (!s) return undefined;
  const iso = parseIso(s) ?? parseRfc822(s);
  if (iso) return iso;
  // An ISO-shaped string that failed above is an impossible date; the JavaScript parser would roll it over.
  if (/^\d{4}-\d{2}/.test(s)) return undefined;
  // Last resort: the JavaScript parser, but only for strings that contain a four-digit year,
  // so that numbers and words are never turned into dates.
  if (/\b\d{4}\b/.test(s)) {
    const t = Date.parse(s);
    if (Number.isFinite(t)) return new Date(t).toISOString();
  }
  return undefined;
}
