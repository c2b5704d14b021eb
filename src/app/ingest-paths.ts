/**
 * Ingests files and folders (recursively), one error boundary per file: a bad file is
 * reported as refused and never stops the others. With a ledger, files whose content was
 * already ingested are skipped before any parsing (the start-up seed pass).
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join, basename, resolve } from 'node:path';
import type { Newsdesk } from '../core/newsdesk.js';
import type { Log } from '../core/ports.js';
import type { IngestReport } from '../core/ingest/ingest-document.js';
import type { FileLedger } from '../core/store/file-ledger.js';
import type { IngestPool } from './ingest-pool.js';
import { NewsdeskError, UserError } from '../core/errors.js';

/** Largest file read from disk; larger ones are refused before reading (10 MB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What happened to each file. */
export interface PathsReport {
  ingested: IngestReport[];
  refused: { name: string; code: string; message: string }[];
  /** Files skipped because the ledger holds their exact content already (only with a ledger). */
  unchanged: string[];
}

/** Every regular file under the paths, sorted, skipping dotfiles and README files. */
export function listFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) walk(join(p, name));
    } else if (st.isFile() && !/^readme(\.|$)/i.test(basename(p))) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

/** Reads at most `max + 1` bytes, so a huge file is refused without loading it. */
function readCapped(path: string, max: number): Uint8Array {
  const size = statSync(path).size;
  if (size > max) {
    throw new UserError('INPUT_TOO_LARGE', `${path}: ${(size / 1048576).toFixed(1)} MB is larger than the ${max / 1048576} MB limit for one document.`);
  }
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n <= 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a file for ingestion (refused when too large), with its ledger key and content hash;
 * undefined when the ledger holds this exact content for it already.
 */
function readFile(file: string, ledger: FileLedger | undefined): { bytes: Uint8Array; key: string; sha256: string } | undefined {
  const bytes = readCapped(file, MAX_FILE_BYTES);
  const key = resolve(file);
  const sha256 = ledger ? createHash('sha256').update(bytes).digest('hex') : '';
  return ledger?.unchanged(key, sha256) ? undefined : { bytes, key, sha256 };
}

/**
 * Ingests every file under `paths`. `capturedAt` overrides each file's modification time.
 * With `ledger`, a file whose content (SHA-256) was ingested before under the same path is
 * skipped without parsing, and each file ingested without error is recorded; refused files
 * are not recorded, so they are reported again on the next pass.
 */
export async function ingestPaths(
  newsdesk: Newsdesk,
  paths: string[],
  opts: { capturedAt?: Date; log: Log; ledger?: FileLedger; pool?: { minFiles: number; start: () => Promise<IngestPool> } },
): Promise<PathsReport> {
  const report: PathsReport = { ingested: [], refused: [], unchanged: [] };
  let files: string[];
  try {
    files = listFiles(paths);
  } catch (err) {
    report.refused.push({ name: paths.join(' '), code: 'NOT_FOUND', message: `Cannot read ${paths.join(', ')}: ${(err as Error).message}` });
    return report;
  }
  if (opts.pool && files.length >= opts.pool.minFiles) {
    await ingestOnPool(newsdesk, files, report, { ...opts, start: opts.pool.start });
    return report;
  }
  for (const file of files) {
    try {
      const read = readFile(file, opts.ledger);
      if (!read) {
        report.unchanged.push(file);
        opts.log.debug({ file }, 'file unchanged since it was ingested');
        continue;
      }
      const { bytes, key, sha256 } = read;
      const capturedAt = opts.capturedAt ?? statSync(file).mtime;
      const r = await newsdesk.ingest({ bytes, name: file, capturedAt });
      opts.ledger?.record(key, sha256, newsdesk.clock.now());
      report.ingested.push(r);
      opts.log.debug({ file, stored: r.stored, duplicates: r.duplicates }, 'file ingested');
    } catch (err) {
      if (err instanceof NewsdeskError && err instanceof UserError) {
        report.refused.push({ name: file, code: err.code, message: err.message });
      } else {
        opts.log.error({ file, err }, 'file ingest failed');
        report.refused.push({ name: file, code: 'INTERNAL', message: `${file}: internal error (${(err as Error).message})` });
      }
    }
  }
  return report;
}

/**
 * Files read and sent to the workers in one call. Two calls are in flight, so at most twice this
 * many files are held in memory, and the workers start on the next files while the last ones of
 * a call are stored.
 */
const POOL_BATCH = 32;

/**
 * Many files: parsed and analysed on worker threads (one per core), stored on this thread one
 * document per transaction, in calls of {@link POOL_BATCH}, two at a time (the pool stores calls
 * on one store in call order). Same rows, same report and same error boundary per file as the
 * one-by-one path.
 */
async function ingestOnPool(
  newsdesk: Newsdesk,
  files: string[],
  report: PathsReport,
  opts: { capturedAt?: Date; log: Log; ledger?: FileLedger; start: () => Promise<IngestPool> },
): Promise<void> {
  const pool = await opts.start();
  opts.log.debug({ files: files.length, workers: pool.size }, 'documents parsed on worker threads');
  /** Reads a batch of files and hands it to the pool; the report gets its entries in batch order. */
  const submit = (names: string[]) => {
    const batch: { file: string; key: string; sha256: string; bytes: Uint8Array; capturedAt: Date }[] = [];
    const unreadable: PathsReport['refused'] = [];
    const unchanged: string[] = [];
    for (const file of names) {
      try {
        const read = readFile(file, opts.ledger);
        if (!read) unchanged.push(file);
        else batch.push({ file, ...read, capturedAt: opts.capturedAt ?? statSync(file).mtime });
      } catch (err) {
        const coded = err instanceof UserError;
        unreadable.push({ name: file, code: coded ? err.code : 'INTERNAL', message: coded ? err.message : `${file}: ${(err as Error).message}` });
      }
    }
    const outcomes = pool.ingestAll(
      newsdesk.store,
      batch.map((b) => ({ bytes: b.bytes, name: b.file, capturedAt: b.capturedAt })),
      { now: () => newsdesk.clock.now() },
    );
    // Awaited in turn; if an earlier batch fails first, this one's failure is not left unhandled.
    outcomes.catch(() => undefined);
    return { batch, unreadable, unchanged, outcomes };
  };
  try {
    let next = 0;
    const take = () => {
      const names = files.slice(next, (next += POOL_BATCH));
      return names.length ? submit(names) : undefined;
    };
    let pending = take();
    while (pending) {
      const current = pending;
      // The next batch is read and handed out before this one's results are waited for.
      pending = take();
      const outcomes = await current.outcomes;
      report.unchanged.push(...current.unchanged);
      report.refused.push(...current.unreadable);
      outcomes.forEach((o, j) => {
        const b = current.batch[j];
        if (o.ok) {
          opts.ledger?.record(b.key, b.sha256, newsdesk.clock.now());
          report.ingested.push(o.report);
          opts.log.debug({ file: b.file, stored: o.report.stored, duplicates: o.report.duplicates }, 'file ingested');
        } else report.refused.push(o.refused);
      });
    }
  } finally {
    await pool.close();
  }
}
