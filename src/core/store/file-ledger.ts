/**
 * Which files were ingested, with the SHA-256 of the content that was read. The start-up seed
 * pass asks it before parsing: a seed file whose content is unchanged since it was stored has
 * nothing new to add (its articles are already stored or deduplicated), so it is skipped
 * without loading the ingestion pipeline at all.
 *
 * The table is created with IF NOT EXISTS when the ledger opens rather than as a numbered
 * migration: it is a cache of work done, not part of the article schema, and losing it only
 * costs one more read of each seed file.
 */
import type Database from 'better-sqlite3';

/** Records of files already ingested into one database. */
export interface FileLedger {
  /** True when `path` was ingested before with exactly this content (`sha256`, hex). */
  unchanged(path: string, sha256: string): boolean;
  /** Records that `path` with content `sha256` was ingested completely at `at`. */
  record(path: string, sha256: string, at: Date): void;
}

/** The ledger table, idempotent. */
export const FILE_LEDGER_SQL = `
  CREATE TABLE IF NOT EXISTS ingested_files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    ingested_at TEXT NOT NULL
  ) WITHOUT ROWID;
`;

/** Opens the ledger of the database `db` (creating its table when needed). */
export function createFileLedger(db: Database.Database): FileLedger {
  db.exec(FILE_LEDGER_SQL);
  const get = db.prepare<[string], { sha256: string }>('SELECT sha256 FROM ingested_files WHERE path = ?');
  const put = db.prepare<[string, string, string]>('INSERT OR REPLACE INTO ingested_files (path, sha256, ingested_at) VALUES (?, ?, ?)');
  return {
    unchanged: (path, sha256) => get.get(path)?.sha256 === sha256,
    record: (path, sha256, at) => {
      put.run(path, sha256, at.toISOString());
    },
  };
}
