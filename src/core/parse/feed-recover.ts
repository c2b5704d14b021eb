/**
 * Recovery path for ill-formed XML feeds: a lenient re-parse with htmlparser2 in XML mode
 * (which closes unclosed tags, tolerates truncation, stray `&` and mismatched end tags) and a
 * re-serialisation to well-formed XML that the strict feed parser can read.
 */
import { parseDocument, DomUtils } from 'htmlparser2';

/**
 * Returns a well-formed rewrite of `xml`, keeping entity references and CDATA sections as
 * written (the feed parser decodes them later). Never throws.
 */
export function repairXml(xml: string): string {
  // Drop everything before the first element except an XML declaration (stray bytes, BOM junk).
  const body = xml.replace(/^[^<]+/, '');
  const doc = parseDocument(body, {
    xmlMode: true,
    decodeEntities: false,
    recognizeCDATA: true,
    recognizeSelfClosing: true,
  });
  const out = DomUtils.getOuterHTML(doc.children, { xmlMode: true, decodeEntities: false, encodeEntities: false });
  // Bare ampersands that do not start an entity reference break strict parsers.
  return out.replace(/&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][\w.-]*;)/g, '&amp;');
}
