/**
 * The last two steps of the ingestion path for articles parsed elsewhere (a polled feed, a
 * fetched page): analyse, then store in one transaction, as {@link ingestDocument} does.
 */
import type { ParsedArticle } from '../model.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import type { IngestReport } from '../ingest/ingest-document.js';
import { analyseAll } from '../ingest/ingest-document.js';

/**
 * Analyses and stores `articles` (those without body text are dropped). Runs inside one
 * transaction, together with `alsoInTransaction` (bookkeeping that must not outlive a rollback),
 * so either everything is written or nothing is.
 */
export function storeArticles(
  store: SqliteStore,
  articles: ParsedArticle[],
  opts: { now: Date; origin: string; name: string; kind: IngestReport['kind']; illFormed?: boolean },
  alsoInTransaction?: (report: IngestReport) => void,
): IngestReport {
  const analysed = analyseAll(articles);
  return store.db.transaction(() => {
    const results = analysed.map((a) => ({ ...store.ingest(a, { now: opts.now, origin: opts.origin }), title: a.title }));
    const report: IngestReport = {
      name: opts.name,
      kind: opts.kind,
      articles: results,
      stored: results.filter((r) => r.status === 'stored').length,
      duplicates: results.filter((r) => r.status === 'duplicate').length,
    };
    if (opts.illFormed !== undefined) report.illFormed = opts.illFormed;
    alsoInTransaction?.(report);
    return report;
  }).immediate();
}
