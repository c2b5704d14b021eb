/**
 * The one path from raw input to stored stories: decode → recognise → parse → analyse → store.
 * Everything before the store is pure, so a bad document changes nothing; a document's
 * articles are stored in one transaction, so a crash never leaves half of it.
 */
import type { AnalysedArticle, ParsedArticle } from '../model.js';
import type { IngestResult, SqliteStore } from '../store/sqlite-store.js';
import { UserError } from '../errors.js';
import { decodeInput } from './read-input.js';
import { parseCopiedText } from '../parse/copied-text.js';
import { detectInput } from '../parse/detect.js';
import { parseFeed } from '../parse/feed.js';
import { extractHtml } from '../parse/html.js';
import { analyseArticle } from '../analyse.js';

/** A document to ingest. */
export interface DocumentInput {
  /** Raw bytes, or text already decoded (e.g. by the HTTP client, which knows the charset). */
  bytes?: Uint8Array;
  text?: string;
  /** File name or URL, for messages and provenance. */
  name: string;
  /** When the page was captured: resolves relative ages such as "3 hours ago". */
  capturedAt: Date;
  /** The HTTP content type, when fetched. */
  contentType?: string;
  /** The document's URL, when fetched (resolves relative links). */
  url?: string;
}

/** What ingesting one document did. */
export interface IngestReport {
  name: string;
  kind: 'text' | 'html' | 'feed';
  articles: (IngestResult & { title: string })[];
  stored: number;
  duplicates: number;
  /** Feed parsed with recovery (not well-formed XML). */
  illFormed?: boolean;
}

/** Parses a document into articles without touching the store. Throws {@link UserError} on unreadable input. */
export function parseDocument(input: DocumentInput): { kind: IngestReport['kind']; articles: ParsedArticle[]; illFormed?: boolean } {
  const text = input.text ?? decodeInput(input.bytes ?? new Uint8Array(), { name: input.name });
  const kind = detectInput(text, { name: input.name, contentType: input.contentType });
  if (kind === 'feed') {
    const { feed, items } = parseFeed(text, { url: input.url, now: input.capturedAt });
    return { kind, articles: items.map((i) => ({ ...i, source: i.source ?? input.name })), illFormed: feed.illFormed };
  }
  if (kind === 'html') {
    const page = extractHtml(text, { url: input.url });
    if (!page.hasArticle) {
      throw new UserError('INPUT_NO_ARTICLE', `${input.name}: no article found on this page (${page.reason ?? 'no main text'}).`);
    }
    const { hasArticle: _h, reason: _r, ...article } = page;
    return { kind, articles: [{ ...article, source: article.source ?? input.name }] };
  }
  const articles = parseCopiedText(text, { capturedAt: input.capturedAt, source: input.name });
  if (!articles.length) throw new UserError('INPUT_NO_ARTICLE', `${input.name}: no article text found.`);
  return { kind, articles };
}

/** Analyses articles (pure, CPU-bound). Articles without body text are dropped. */
export function analyseAll(articles: ParsedArticle[]): AnalysedArticle[] {
  return articles.filter((a) => a.title && a.blocks.some((b) => b.kind === 'paragraph')).map(analyseArticle);
}

/** Parses, analyses and stores one document. */
export function ingestDocument(store: SqliteStore, input: DocumentInput, now: Date): IngestReport {
  const parsed = parseDocument(input);
  // Articles already stored are reported as duplicates without analysing them again.
  const known = new Map<ParsedArticle, number>();
  for (const a of parsed.articles) {
    const id = store.findDuplicate(a);
    if (id !== undefined) known.set(a, id);
  }
  const analysed = analyseAll(parsed.articles.filter((a) => !known.has(a)));
  if (!analysed.length && !known.size) throw new UserError('INPUT_NO_ARTICLE', `${input.name}: no article with body text found.`);
  const duplicates = [...known.values()].map((articleId) => {
    const article = store.article(articleId)!;
    return { status: 'duplicate' as const, articleId, storyId: article.storyId, newStory: false, title: article.title };
  });
  const results = [
    ...duplicates,
    ...store.db.transaction(() => analysed.map((a) => ({ ...store.ingest(a, { now, origin: input.url ?? input.name }), title: a.title })))(),
  ];
  return {
    name: input.name,
    kind: parsed.kind,
    articles: results,
    stored: results.filter((r) => r.status === 'stored').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    illFormed: parsed.illFormed,
  };
}
