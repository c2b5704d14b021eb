/**
 * One walk over a parsed page that finds every element the extractor asks for by name: the
 * metadata elements, the title, the markup cut before extraction, and the names of all elements
 * present. Each of those used to be its own walk over the whole document through a CSS selector
 * (eight of them), and a full walk of a linkedom document costs about as much as a tenth of its
 * parse. The matching follows the selectors it replaces as linkedom's css-select applies them to
 * HTML: tag names in lower case, the `type` and `rel` attributes compared without case, and
 * nothing inside a `<template>`.
 */

/** The few element methods the index and its readers use. */
export interface IndexedElement {
  localName: string;
  getAttribute(name: string): string | null;
  textContent: string | null;
}

/** The elements a page's metadata is read from, each list in document order. */
export interface PageElements {
  /** `<meta>` elements. */
  metas: IndexedElement[];
  /** `<script type="application/ld+json">` elements. */
  jsonLd: IndexedElement[];
  /** The first `<link rel="canonical">`. */
  canonical?: IndexedElement;
  /** The first `<time datetime>`. */
  time?: IndexedElement;
  /** The root element, for its `lang`. */
  root?: IndexedElement | null;
}

/** Everything {@link indexPage} finds. */
export interface PageIndex<E extends IndexedElement> extends PageElements {
  /** The first `<title>`. */
  title?: E;
  /** `<noscript>` elements. */
  noscripts: E[];
  /** Elements that never hold article text (scripts other than JSON-LD, styles, templates, noscript), to be cut. */
  nonContent: E[];
  /**
   * Lower-case names of every element of the document, template contents included: a name not
   * in this set names no element of the page.
   */
  names: Set<string>;
}

/** The part of a DOM document the walk needs (linkedom's, or any standard one). */
interface WalkableDocument<E> {
  documentElement: E | null;
  createTreeWalker(root: unknown, whatToShow: number): { nextNode(): E | null };
}

const SHOW_ELEMENT = 1;
const CANONICAL = /(?:^|\s)canonical(?:$|\s)/i;

function isJsonLd(el: IndexedElement): boolean {
  return el.getAttribute('type')?.toLowerCase() === 'application/ld+json';
}

/** Walks `document` once, in document order. */
export function indexPage<E extends IndexedElement & { contains(other: E): boolean }>(document: WalkableDocument<E>): PageIndex<E> {
  const index: PageIndex<E> = { metas: [], jsonLd: [], noscripts: [], nonContent: [], names: new Set(), root: document.documentElement };
  const walker = document.createTreeWalker(document, SHOW_ELEMENT);
  // Selectors never match inside a template (its content is a separate fragment in a browser).
  let template: E | undefined;
  for (let el = walker.nextNode(); el; el = walker.nextNode()) {
    const name = el.localName.toLowerCase();
    index.names.add(name);
    if (template) {
      if (template.contains(el)) continue;
      template = undefined;
    }
    switch (name) {
      case 'meta':
        index.metas.push(el);
        break;
      case 'script':
        if (isJsonLd(el)) index.jsonLd.push(el);
        else index.nonContent.push(el);
        break;
      case 'link':
        if (!index.canonical && CANONICAL.test(el.getAttribute('rel') ?? '')) index.canonical = el;
        break;
      case 'time':
        if (!index.time && el.getAttribute('datetime') !== null) index.time = el;
        break;
      case 'title':
        index.title ??= el;
        break;
      case 'noscript':
        index.noscripts.push(el);
        index.nonContent.push(el);
        break;
      case 'style':
        index.nonContent.push(el);
        break;
      case 'template':
        index.nonContent.push(el);
        template = el;
        break;
    }
  }
  return index;
}
