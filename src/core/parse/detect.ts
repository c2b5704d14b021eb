/**
 * Recognises what kind of document a piece of input is, by its content (the name and content
 * type are hints only, used when the content is ambiguous).
 */

/** What {@link detectInput} recognised. */
export type InputKind = 'feed' | 'html' | 'text';

/** Options of {@link detectInput}. */
export interface DetectOptions {
  /** File name or URL, e.g. "news.xml". */
  name?: string;
  /** HTTP Content-Type, e.g. "application/rss+xml; charset=utf-8". */
  contentType?: string;
}

/** Skips a BOM, whitespace, the XML declaration, processing instructions, comments and DOCTYPE. */
function stripProlog(text: string): string {
  let s = text.replace(/^\uFEFF/, '');
  for (;;) {
    const before = s;
    s = s.replace(/^\s+/, '');
    s = s.replace(/^<\?[\s\S]*?\?>/, '');
    s = s.replace(/^<!--[\s\S]*?-->/, '');
    s = s.replace(/^<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/i, '');
    if (s === before) return s;
  }
}

function isJsonFeed(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{')) return false;
  // A JSON Feed names its version URL; checking the text avoids parsing megabytes of JSON twice.
  if (/"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\/[\d.]+"/.test(t.slice(0, 4096))) return true;
  try {
    const v = (JSON.parse(t) as { version?: unknown }).version;
    return typeof v === 'string' && /jsonfeed\.org\/version/.test(v);
  } catch {
    return false;
  }
}

/**
 * Returns `'feed'` for RSS (0.9x/2.0), RSS 1.0 (RDF), Atom and JSON Feed documents, `'html'` for
 * web pages, and `'text'` for anything else (copied page text).
 */
export function detectInput(text: string, opts: DetectOptions = {}): InputKind {
  const body = stripProlog(text);
  const root = /^<([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)/.exec(body);
  if (root) {
    const name = root[2].toLowerCase();
    if (name === 'rss' || name === 'feed' || (name === 'rdf' && root[1]?.toLowerCase() === 'rdf:') || name === 'channel') return 'feed';
    if (name === 'html' || name === 'head' || name === 'body') return 'html';
  }
  if (isJsonFeed(text)) return 'feed';
  const head = text.slice(0, 8192);
  if (/^\s*(?:\uFEFF)?<!DOCTYPE\s+html/i.test(text)) return 'html';
  if (root) {
    // Some other root element: a feed if the document has feed structure, a page if it has page structure.
    if (/<(?:[\w-]+:)?(?:rss|feed)[\s>]|<rdf:RDF[\s>]/i.test(head) && /<(?:item|entry)[\s>]/i.test(text)) return 'feed';
    if (/<(?:html|head|body|div|p|article|main|section|title|meta|h1)[\s>]/i.test(head)) return 'html';
  }
  const type = (opts.contentType ?? '').toLowerCase();
  const name = (opts.name ?? '').toLowerCase();
  if (root && (/(rss|atom|rdf)\+xml|\/xml/.test(type) || /\.(rss|atom|xml|rdf)$/.test(name))) return 'feed';
  if (root && (/html/.test(type) || /\.html?$/.test(name))) return 'html';
  return 'text';
}
