/**
 * Worker thread of the store generator: makes the articles and their similarity fingerprints
 * (the CPU-heavy, storage-free part) one batch ahead while the main thread writes.
 * Protocol: the parent posts `{ count, seed }` once, then `'next'` for each batch; the worker
 * answers with a batch (array of BulkItem) or `null` at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { articleFingerprint } from '../../src/core/store/sqlite-store.js';
import { generateArticles } from '../generate-store.js';

const { count, seed } = workerData as { count: number; seed: number };
const batches = generateArticles(count, seed);
parentPort!.on('message', () => {
  const next = batches.next();
  if (next.done) {
    parentPort!.postMessage(null);
    return;
  }
  for (const item of next.value) item.vector = articleFingerprint(item.article, item.now);
  parentPort!.postMessage(next.value);
});
