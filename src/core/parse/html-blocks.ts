/**
 * HTML fragment → clean text blocks, shared by the feed parser (item summaries and content)
 * and the web-page extractor (Readability's article HTML).
 */
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import type { Block } from '../model.js';

/** Elements whose text is never article text. */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed',
  'head', 'button', 'select', 'textarea', 'form', 'nav', 'canvas', 'audio', 'video',
]);

/** Elements that start and end a block of text. */
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'pre',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
  'figure', 'figcaption', 'address', 'center', 'details', 'summary', 'hr', 'body', 'html',
  'h1', 'h5', 'h6', 'caption', 'fieldset', 'legend',
]);

/** Sub-headings kept as heading blocks (h1 is the page title, h5/h6 are rarely structure). */
const HEADING = new Set(['h2', 'h3', 'h4']);

/** Collapses runs of whitespace (including non-breaking spaces) to one space and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/**
 * Converts an HTML fragment (or a whole document) to blocks in reading order.
 * Headings h2–h4 become heading blocks; every other block-level element, `<br><br>` and
 * blank lines in plain text separate paragraphs. Scripts, styles, forms and media are dropped.
 * Entities are decoded. Empty input gives an empty array.
 */
export function htmlToBlocks(html: string): Block[] {
  if (!html || !html.trim()) return [];
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const blocks: Block[] = [];
  let buffer = '';
  let pendingBreaks = 0;

  const flush = (kind: Block['kind'] = 'paragraph'): void => {
    const text = collapseWhitespace(buffer);
    buffer = '';
    pendingBreaks = 0;
    if (text) blocks.push({ kind, text });
  };

  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      const data = (node as unknown as { data: string }).data;
      // A blank line inside a text node (plain-text summaries) separates paragraphs.
      const parts = data.split(/\n[ \t\u00a0]*\n/);
      parts.forEach((part, i) => {
        if (i > 0) flush();
        if (part.trim()) {
          pendingBreaks = 0;
        }
        buffer += part;
      });
      return;
    }
    if (node.type === 'cdata') {
      for (const child of (node as unknown as { children: AnyNode[] }).children) walk(child);
      return;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style' && node.type !== 'root') {
      return;
    }
    if (node.type === 'root') {
      for (const child of node.children) walk(child);
      return;
    }
    const el = node as Element;
    const name = el.name.toLowerCase();
    if (SKIPPED.has(name)) return;
    if (el.attribs && ('hidden' in el.attribs || /display\s*:\s*none/i.test(el.attribs.style ?? ''))) return;
    if (name === 'br') {
      pendingBreaks += 1;
      if (pendingBreaks >= 2) flush();
      else buffer += ' ';
      return;
    }
    if (name === 'img') {
      return;
    }
    if (HEADING.has(name)) {
      flush();
      for (const child of el.children) walk(child);
      flush('heading');
      return;
    }
    if (BLOCK.has(name)) {
      flush();
      for (const child of el.children) walk(child);
      flush();
      return;
    }
    if (name === 'td' || name === 'th') buffer += ' ';
    for (const child of el.children) walk(child);
  };

  walk(doc);
  flush();
  return blocks;
}

/** Plain text of an HTML fragment: its blocks joined by blank lines. */
export function htmlToText(html: string): string {
  return blocksToText(htmlToBlocks(html));
}

/** Joins blocks into text, one blank line between blocks. */
export function blocksToText(blocks: readonly Block[]): string {
  return blocks.map((b) => b.text).join('\n\n');
}
