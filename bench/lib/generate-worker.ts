/**
 * Worker threads of the store generator, one module for both roles (`workerData.role`):
 * - `'articles'` makes the articles and prepares them for the store (`prepareArticle`: the
 *   CPU-heavy part that needs no database) one batch ahead and sends them to the writer, and at
 *   the end posts its CPU time (`{ log }`) to the parent;
 * - `'writer'` writes them into the store ({@link writeStore}) and posts progress lines
 *   (`{ log }`) and at the end `{ done }` to the parent.
 * The two talk over a `MessagePort` pair the parent hands them: the writer posts `'next'` for
 * each batch, the article thread answers with a batch (array of PreparedItem: strings and small
 * arrays, no article object, so the writer's structured clone is cheap) or `null` at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { prepareArticle } from '../../src/core/store/sqlite-store.js';
import { generateArticles, threadCpuSeconds, writeStore, type PreparedItem } from '../generate-store.js';

const data = workerData as
  | { role: 'articles'; count: number; seed: number; port: MessagePort }
  | { role: 'writer'; path: string; count: number; startedAt: number; port: MessagePort };

if (data.role === 'writer') {
  const written = await writeStore(data.path, data.count, data.port, { startedAt: data.startedAt, log: (line) => parentPort!.postMessage({ log: line }) });
  parentPort!.postMessage({ done: written });
} else {
  const { port } = data;
  const batches = generateArticles(data.count, data.seed);
  let ended = false;
  port.on('message', () => {
    const next = batches.next();
    if (next.done) {
      port.postMessage(null);
      // Several requests are in flight, so the end is asked for more than once.
      if (!ended) parentPort!.postMessage({ log: `  article thread ${threadCpuSeconds() ?? '?'} s CPU` });
      ended = true;
      return;
    }
    port.postMessage(
      next.value.map(({ article, now, origin, storyKey }): PreparedItem => {
        // Every item has its story key, so the writer never compares fingerprints: only their JSON goes.
        const { vector: _compared, ...prepared } = prepareArticle(article, now, origin);
        return { prepared, storyKey };
      }),
    );
  });
}
