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
 * Ingests every file under `paths`. `capturedAt` overrides each file's modification time.
 * With `ledger`, a file whose content (SHA-256) was ingested before under the same path is
 * skipped without parsing, and each file ingested without error is recorded; refused files
 * are not recorded, so they are reported again on the next pass.
 */
export async function ingestPaths(newsdesk: Newsdesk, paths: string[], opts: { capturedAt?: Date; log: Log; ledger?: FileLedger }): Promise<PathsReport> {
  const report: PathsReport = { ingested: [], refused: [], unchanged: [] };
  let files: string[];
  try {
    files = listFiles(paths);
  } catch (err) {
    report.refused.push({ name: paths.join(' '), code: 'NOT_FOUND', message: `Cannot read ${paths.join(', ')}: ${(err as Error).message}` });
    return report;
  }
  for (const file of files) {
    try {
      const bytes = readCapped(file, MAX_FILE_BYTES);
      const key = resolve(file);
      const sha256 = opts.ledger ? createHash('sha256').update(bytes).digest('hex') : '';
      if (opts.ledger?.unchanged(key, sha256)) {
        report.unchanged.push(file);
        opts.log.debug({ file }, 'file unchanged since it was ingested');
        continue;
      }
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
