/**
 * OPML import and export of feed subscriptions (the format every feed reader exchanges).
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { UserError } from '../errors.js';

/** One subscription read from or written to OPML. */
export interface OpmlFeed {
  title?: string;
  url: string;
}

function attr(el: Element, name: string): string | undefined {
  // Attribute names in real OPML files vary in case (xmlUrl, xmlurl, XMLURL).
  for (const [k, v] of Object.entries(el.attribs)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/**
 * Reads the feed subscriptions of an OPML document, from nested outlines too, in document order,
 * without duplicates. Outlines without an http(s) `xmlUrl` are skipped. Throws
 * `UserError('INPUT_UNRECOGNISED')` when the text is not OPML.
 */
export function parseOpml(xml: string): OpmlFeed[] {
  const doc = parseDocument(xml.replace(/^\uFEFF/, ''), { xmlMode: true, decodeEntities: true });
  const root = DomUtils.findOne((el) => el.name.toLowerCase() === 'opml', doc.children, true);
  if (!root) throw new UserError('INPUT_UNRECOGNISED', 'This file is not OPML (no <opml> element).');
  const seen = new Set<string>();
  const feeds: OpmlFeed[] = [];
  for (const el of DomUtils.findAll((e) => e.name.toLowerCase() === 'outline', root.children)) {
    const raw = attr(el, 'xmlurl')?.trim();
    if (!raw) continue;
    let url: string;
    try {
      url = new URL(raw).href;
    } catch {
      continue;
    }
    if (!/^https?:$/.test(new URL(url).protocol) || seen.has(url)) continue;
    seen.add(url);
    const title = (attr(el, 'title') ?? attr(el, 'text'))?.trim();
    feeds.push(title ? { title, url } : { url });
  }
  return feeds;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Writes subscriptions as an OPML 2.0 document that {@link parseOpml} and other readers accept. */
export function toOpml(feeds: readonly OpmlFeed[], title: string): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(title)}</title>`,
    '  </head>',
    '  <body>',
    ...feeds.map((f) => {
      const text = escapeXml(f.title ?? f.url);
      return `    <outline type="rss" text="${text}" title="${text}" xmlUrl="${escapeXml(f.url)}"/>`;
    }),
    '  </body>',
    '</opml>',
    '',
  ];
  return lines.join('\n');
}
