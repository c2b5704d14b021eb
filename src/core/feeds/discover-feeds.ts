/**
 * Feed autodiscovery: the feeds a web page advertises with
 * `<link rel="alternate" type="application/rss+xml" href="…">` (and the Atom and JSON Feed types),
 * so that a user who pastes a site's address is told which feed to add.
 */
import { Parser } from 'htmlparser2';

/** A feed a page links to. */
export interface DiscoveredFeed {
  /** Absolute URL of the feed. */
  url: string;
  title?: string;
  /** The declared MIME type, e.g. `application/rss+xml`. */
  type: string;
}

const FEED_TYPES = /^application\/(?:rss|atom|rdf|feed)\+(?:xml|json)$|^application\/json$/i;

/**
 * Lists the feeds `html` advertises, in document order, without duplicates; relative links are
 * resolved against `pageUrl`. Only http(s) links are returned. Never throws.
 */
export function discoverFeeds(html: string, pageUrl?: string): DiscoveredFeed[] {
  const found: DiscoveredFeed[] = [];
  const seen = new Set<string>();
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name !== 'link' && name !== 'a') return;
        const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
        const type = (attrs.type ?? '').trim().toLowerCase();
        if (!rel.includes('alternate') || !FEED_TYPES.test(type) || !attrs.href) return;
        let url: string;
        try {
          url = new URL(attrs.href.trim(), pageUrl).href;
        } catch {
          return;
        }
        if (!/^https?:/i.test(url) || seen.has(url)) return;
        seen.add(url);
        const title = attrs.title?.trim();
        found.push(title ? { url, title, type } : { url, type });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  try {
    // Feed links live in the head; a megabyte is more than any head needs.
    parser.write(html.slice(0, 1_000_000));
    parser.end();
  } catch {
    // htmlparser2 does not throw on bad markup; this guards against the unexpected only.
  }
  return found;
}
