/**
 * Starting worker threads from a module URL, for the ingest pool and the benchmarks. A module of
 * its own, so that a caller does not load what the pool loads (the whole ingestion pipeline).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker from a module URL. TypeScript sources (when running under tsx) get tsx's ESM
 * loader registered inside the worker first, because loaders registered in the main thread do
 * not reach workers.
 */
export function startWorker(url: URL, opts: WorkerOptions = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, opts);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { ...opts, eval: true });
}
