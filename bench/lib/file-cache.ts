/**
 * Reading a store file once before timing lookups on it, so that the timings measure the
 * lookups and not the disk: a bot that has been answering keeps its store's pages in the OS
 * file cache (when the machine's memory holds them), while a benchmark that runs right after
 * another store was written or copied may find its own evicted, and its first queries then wait
 * on reads from disk.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { nowMs } from './stats.js';

/** Reads `path` (and its `-wal` file, if any) through once; returns the bytes and seconds taken. */
export function warmFileCache(path: string): { bytes: number; seconds: number } {
  const t0 = nowMs();
  const buf = Buffer.allocUnsafe(16 * 1024 * 1024);
  let bytes = 0;
  for (const file of [path, `${path}-wal`]) {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      continue;
    }
    try {
      for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) bytes += n;
    } finally {
      closeSync(fd);
    }
  }
  return { bytes, seconds: (nowMs() - t0) / 1000 };
}
