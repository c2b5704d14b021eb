/**
 * Datelines at the start of a dispatch: "CHERNIHIV REGION, Ukraine (AP) — ",
 * "SEOUL, South Korea (AP) -- ", "LONDON, March 4 (Reuters) - ", "WASHINGTON — ", "(AP) -- ".
 */
import type { Dateline } from '../model.js';

const DASH = '(?:—|–|--|-)';
/** Place: an upper-case first part ("SEOUL", "CHERNIHIV REGION", "ST. LOUIS"), then optional ", Country" parts. */
const PLACE = "([\\p{Lu}][\\p{Lu}\\p{M} .'’-]*[\\p{Lu}.](?:,\\s*[\\p{Lu}][\\p{L}\\p{M} .'’-]*?){0,2})";
const DATE_PART = '(?:,\\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2})?';
const AGENCY = '\\(([^()]{1,40})\\)';

const WITH_AGENCY = new RegExp(`^${PLACE}${DATE_PART}\\s*${AGENCY}\\s*${DASH}\\s*`, 'iu');
const AGENCY_ONLY = new RegExp(`^${AGENCY}\\s*${DASH}\\s*`, 'u');
/** Without an agency the dash must be an em/en dash or "--": a single hyphen is too common in text. */
const PLACE_ONLY = new RegExp(`^${PLACE}${DATE_PART}\\s*(?:—|–|--)\\s*`, 'u');

/** Longest opening examined for a dateline ("CHERNIHIV REGION, Ukraine, March 4 (Associated Press) — "). */
const MAX_DATELINE_CHARS = 120;

/** Result of {@link splitDateline}. */
export interface DatelineSplit {
  /** The dateline, when the paragraph names a place. */
  dateline?: Dateline;
  /** The paragraph without its dateline (unchanged when there is none). */
  rest: string;
  /** True when a dateline or bare agency marker was removed. */
  removed: boolean;
}

/**
 * Removes a leading dateline from a paragraph and parses it. A bare agency marker ("(AP) -- ")
 * is removed but gives no {@link Dateline}, since a dateline names a place.
 */
export function splitDateline(paragraph: string): DatelineSplit {
  const p = paragraph.trimStart();
  // Datelines are short; matching only the opening keeps the regexes linear on long paragraphs.
  const head = p.slice(0, MAX_DATELINE_CHARS);
  const withAgency = WITH_AGENCY.exec(head);
  if (withAgency && isUpperPlace(withAgency[1]!) && isAgency(withAgency[2]!)) {
    return {
      dateline: { place: cleanPlace(withAgency[1]!), agency: withAgency[2]!.trim() },
      rest: p.slice(withAgency[0].length),
      removed: true,
    };
  }
  const agencyOnly = AGENCY_ONLY.exec(head);
  if (agencyOnly && isAgency(agencyOnly[1]!)) return { rest: p.slice(agencyOnly[0].length), removed: true };
  const placeOnly = PLACE_ONLY.exec(head);
  if (placeOnly && isUpperPlace(placeOnly[1]!) && placeOnly[1]!.length <= 60) {
    return { dateline: { place: cleanPlace(placeOnly[1]!) }, rest: p.slice(placeOnly[0].length), removed: true };
  }
  return { rest: paragraph, removed: false };
}

/** The first comma part of a place is written in capitals in a dateline ("SEOUL", not "Seoul"). */
function isUpperPlace(place: string): boolean {
  const first = place.split(',')[0]!.trim();
  const letters = first.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase();
}

/** An agency tag: short, capitalised, no sentence inside ("AP", "Reuters", "AFP", "CNN", "Kyodo"). */
function isAgency(s: string): boolean {
  const t = s.trim();
  return t.length >= 2 && t.length <= 30 && /^[\p{Lu}]/u.test(t) && !/[.,;!?]\s/.test(t) && t.split(/\s+/).length <= 4;
}

function cleanPlace(s: string): string {
  return s.trim().replace(/[,\s]+$/, '');
}
