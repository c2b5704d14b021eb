/**
 * Element-level `xml:lang` for feed items. feedsmith reports xml:lang on the feed and the item
 * only; Atom lets every text construct carry its own (a French feed with an English entry body).
 * This streaming pass finds the language in effect on each item's title, summary and content.
 */
import { Parser } from 'htmlparser2';

/** Effective language of an item's parts; `null` means explicitly unknown (`xml:lang=""`). */
export interface ItemLanguages {
  title?: string | null;
  summary?: string | null;
  content?: string | null;
}

const ITEM = new Set(['item', 'entry']);
const TITLE = new Set(['title']);
const SUMMARY = new Set(['summary', 'description', 'tagline', 'subtitle']);
const CONTENT = new Set(['content', 'content:encoded', 'encoded', 'body', 'fullitem']);

function local(name: string): string {
  const lower = name.toLowerCase();
  return lower === 'content:encoded' ? lower : lower.replace(/^[\w-]+:/, '');
}

/** True when the document sets xml:lang below its root, so that the scan is worth its cost. */
export function hasNestedLanguages(xml: string): boolean {
  const first = xml.indexOf('xml:lang');
  return first >= 0 && xml.indexOf('xml:lang', first + 8) >= 0;
}

/** Returns, per item in document order, the language in effect on its title, summary and content. */
export function scanItemLanguages(xml: string): ItemLanguages[] {
  const out: ItemLanguages[] = [];
  const stack: (string | null | undefined)[] = [];
  let itemDepth = -1;
  let current: ItemLanguages | undefined;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const declared = attribs['xml:lang'];
        const inherited = stack.length ? stack[stack.length - 1] : undefined;
        const effective = declared === undefined ? inherited : declared.trim() === '' ? null : declared.trim();
        stack.push(effective);
        const n = local(name);
        if (ITEM.has(n) && itemDepth < 0) {
          itemDepth = stack.length;
          current = {};
          out.push(current);
          return;
        }
        if (current && stack.length === itemDepth + 1) {
          const part = TITLE.has(n) ? 'title' : SUMMARY.has(n) ? 'summary' : CONTENT.has(n) ? 'content' : undefined;
          if (part && !(part in current)) current[part] = effective;
        }
      },
      onclosetag() {
        if (stack.length === itemDepth) {
          itemDepth = -1;
          current = undefined;
        }
        stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.write(xml);
  parser.end();
  return out;
}
