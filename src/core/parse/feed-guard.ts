/**
 * Protection against XML entity-expansion ("billion laughs") and external-entity attacks.
 *
 * The DOCTYPE is removed before any XML parser sees the document. Plain internal entities
 * (`<!ENTITY name "text">`, as some old feeds declare for `&nbsp;` and friends) are expanded
 * once by simple substitution, with bounded output; entities that refer to other entities,
 * external entities (SYSTEM/PUBLIC) and parameter entities are never expanded.
 */
import { UserError } from '../errors.js';

/** Most entity declarations accepted in one DOCTYPE. */
const MAX_DECLARATIONS = 256;
/** Most characters the expansion of declared entities may add to a document. */
const MAX_EXPANSION_GROWTH = 1_000_000;

/** Result of {@link guardXmlEntities}. */
export interface GuardedXml {
  xml: string;
  /** True when a DOCTYPE was present and removed. */
  hadDoctype: boolean;
  /** Entities that were declared but refused (external, parameter or nested). */
  refused: string[];
}

/** Finds the end of a DOCTYPE declaration starting at `start`, honouring an internal subset and quotes. */
function doctypeEnd(xml: string, start: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start + 9; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Removes the DOCTYPE and expands plain internal entities once. Throws
 * `UserError('FEED_INVALID')` when the declarations look like an expansion attack (entities that
 * reference entities, or more declarations or expansion than any real feed needs).
 */
export function guardXmlEntities(xml: string): GuardedXml {
  const start = xml.search(/<!DOCTYPE/i);
  if (start < 0) return { xml, hadDoctype: false, refused: [] };
  let end = doctypeEnd(xml, start);
  if (end < 0) end = xml.length;
  const doctype = xml.slice(start, end);
  const rest = xml.slice(0, start) + xml.slice(end);

  const plain = new Map<string, string>();
  const refused: string[] = [];
  const decl = /<!ENTITY\s+(%\s+)?([\w.:-]+)\s+(SYSTEM|PUBLIC|"([^"]*)"|'([^']*)')/gi;
  let count = 0;
  for (let m = decl.exec(doctype); m; m = decl.exec(doctype)) {
    count++;
    if (count > MAX_DECLARATIONS) {
      throw new UserError('FEED_INVALID', `The feed declares more than ${MAX_DECLARATIONS} XML entities; refused as a possible entity-expansion attack.`);
    }
    const name = m[2];
    const value = m[4] ?? m[5];
    if (m[1] || value === undefined) {
      refused.push(name);
      continue;
    }
    if (/&[\w.:-]+;|%[\w.:-]+;/.test(value.replace(/&(?:#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, ''))) {
      throw new UserError('FEED_INVALID', `The feed declares nested XML entities (“${name}”); refused as a possible entity-expansion attack.`);
    }
    plain.set(name, value);
  }
  if (plain.size === 0) return { xml: rest, hadDoctype: true, refused };

  let growth = 0;
  const expanded = rest.replace(/&([\w.:-]+);/g, (whole, name: string) => {
    const value = plain.get(name);
    if (value === undefined) return whole;
    growth += value.length;
    if (growth > MAX_EXPANSION_GROWTH) {
      throw new UserError('FEED_INVALID', 'Expanding the XML entities of the feed would exceed 1 MB; refused as a possible entity-expansion attack.');
    }
    return value;
  });
  return { xml: expanded, hadDoctype: true, refused };
}
