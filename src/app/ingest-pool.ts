/**
 * Worker threads for the CPU-bound part of ingestion (decode, recognise, parse, analyse, and
 * prepare each article's rows with `prepareArticle`: similarity fingerprint, content hash, JSON),
 * with the calling thread doing only the store writes. SQLite has one writer and parsing HTML
 * is where the time goes, so N workers feed one writer; each document is still stored in one
 * transaction, with the same rows and the same story grouping as `ingestDocument`.
 *
 * The worker side lives in this same file (started with a marker in `workerData`).
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, workerData, type Worker } from 'node:worker_threads';
import { startWorker } from './start-worker.js';
import type { AnalysedArticle } from '../core/model.js';
import { NewsdeskError, UserError } from '../core/errors.js';
import { analyseAll, parseDocument, type DocumentInput, type IngestReport } from '../core/ingest/ingest-document.js';
import { prepareArticle, type PreparedArticle, type SqliteStore } from '../core/store/sqlite-store.js';

/** A document the pool could not ingest, with the coded error's code and safe message. */
export interface RefusedDocument {
  name: string;
  code: string;
  message: string;
}

/**
 * Outcome of {@link IngestPool.ingestAll}: one entry per input, in input order. `articles` are
 * read back from what was stored when asked for (most callers need only the report).
 */
export type PoolOutcome = { ok: true; report: IngestReport; readonly articles: AnalysedArticle[] } | { ok: false; refused: RefusedDocument };

/** Parallel ingestion of many documents into one store. */
export interface IngestPool {
  /** Number of worker threads. */
  readonly size: number;
  /**
   * Parses and analyses `inputs` on the workers and stores each document (one transaction per
   * document) on this thread, in input order as results arrive. `now` is the ingestion time of each write.
   * `onDocument` sees each outcome as it is stored (for progress). Calls may overlap; calls on
   * one store store their documents in call order, as if each began when the one before ended.
   */
  ingestAll(store: SqliteStore, inputs: DocumentInput[], opts: { now: () => Date; onDocument?: (o: PoolOutcome, index: number) => void }): Promise<PoolOutcome[]>;
  /** Milliseconds each worker has spent working since it started (its event loop's active time). */
  activeMs(): number[];
  /** Stops the workers. */
  close(): Promise<void>;
}

interface Job {
  id: number;
  input: DocumentInput;
  now: Date;
}

type JobResult =
  // The prepared articles only: each holds its article as JSON, so the article objects are not sent too.
  | { id: number; ok: true; kind: IngestReport['kind']; illFormed?: boolean; prepared: PreparedArticle[] }
  | { id: number; ok: false; code: string; message: string };

const WORKER_MARK = 'newsdesk-ingest-worker';

/**
 * Young generation of each worker, in MB (V8's default is 16 to 48 by heap size). Parsing a page
 * makes tens of megabytes of short-lived DOM nodes and strings; with a young generation this size
 * (twice the semi-space Node gives it here), scavenges run half as often and more of those objects
 * die before one, which cut CPU per page by 4% and 15% in two single-thread comparisons (each the
 * best of five or six runs over the 130 extraction test pages). Only folder ingestion runs the
 * pool; the bot's feed polls do not, so its memory is unchanged.
 */
const YOUNG_GENERATION_MB = 96;

/**
 * How many documents past the first one not yet stored may be handed out. Results that arrive
 * early wait for it (a few hundred KB each at most), and within this window the largest document
 * is handed out first.
 */
const LOOKAHEAD = 32;

/**
 * The index in [from, to) of the largest document not yet handed out (the first of equals), or
 * -1 when every one is.
 */
export function largestWaiting(sizes: number[], handedOut: Uint8Array, from: number, to: number): number {
  let id = -1;
  for (let i = from; i < to; i++) if (!handedOut[i] && (id < 0 || sizes[i] > sizes[id])) id = i;
  return id;
}

/** A document's size in bytes (or characters), the guess of how long it takes. */
function sizeOf(input: DocumentInput): number {
  return input.bytes?.byteLength ?? input.text?.length ?? 0;
}

/** Runs one job: pure CPU work, no store. */
function work(job: Job): JobResult {
  try {
    const parsed = parseDocument(job.input);
    const articles = analyseAll(parsed.articles);
    if (!articles.length) throw new UserError('INPUT_NO_ARTICLE', `${job.input.name}: no article with body text found.`);
    const origin = job.input.url ?? job.input.name;
    const prepared = articles.map((a) => prepareArticle(a, job.now, origin));
    return { id: job.id, ok: true, kind: parsed.kind, illFormed: parsed.illFormed, prepared };
  } catch (err) {
    const coded = err instanceof NewsdeskError;
    return {
      id: job.id,
      ok: false,
      code: coded ? err.code : 'INTERNAL',
      message: err instanceof UserError ? err.message : `${job.input.name}: internal error (${(err as Error).message})`,
    };
  }
}

if (!isMainThread && (workerData as { mark?: string } | undefined)?.mark === WORKER_MARK) {
  parentPort!.on('message', (job: Job) => parentPort!.postMessage(work(job)));
}

/** One {@link IngestPool.ingestAll} call in progress. */
interface Batch {
  store: SqliteStore;
  inputs: DocumentInput[];
  now: () => Date;
  onDocument?: (o: PoolOutcome, index: number) => void;
  outcomes: PoolOutcome[];
  sizes: number[];
  handedOut: Uint8Array;
  /** The lowest index not yet handed out. */
  first: number;
  /** Documents stored so far: every index below this one. */
  done: number;
  /** Results that came back before an earlier document's, by index. */
  arrived: Map<number, JobResult>;
  /** Ingestion times, read in input order whatever order documents are handed out in. */
  times: Date[];
  settle(err?: Error): void;
}

/**
 * Starts `size` workers (default: one per core). Close the pool when done; an open pool keeps
 * the process alive. Calls to `ingestAll` may overlap: their documents share the workers, the
 * earlier call's first, so the workers never wait while one call stores its last documents and
 * the next begins; on one store, a later call's results wait until the earlier call is done.
 */
export function createIngestPool(opts: { size?: number } = {}): IngestPool {
  const size = Math.max(1, opts.size ?? availableParallelism());
  const workers = Array.from({ length: size }, () =>
    startWorker(new URL(import.meta.url), { workerData: { mark: WORKER_MARK }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }),
  );
  // Documents handed out but not yet stored stay within a window per call, so one slow
  // document never lets finished results pile up in memory. Within the window the largest
  // document goes first: a long page handed out last would leave the other workers idle.
  const maxAhead = Math.max(size * 4, LOOKAHEAD);
  /** Calls in progress, oldest first. */
  const batches: Batch[] = [];
  /** Where each job handed out belongs, by job id. */
  const jobs = new Map<number, { batch: Batch; index: number }>();
  let nextJob = 0;
  /** Jobs each worker holds; two keep it busy while its previous answer is being stored. */
  const held = new Map<Worker, number>(workers.map((w) => [w, 0]));
  /** Workers that stopped with an error: they get no more documents. */
  const failed = new Set<Worker>();

  /** The next document to hand out: the largest waiting in the oldest call's window that has one. */
  function nextDocument(): { batch: Batch; index: number } | undefined {
    for (const batch of batches) {
      const index = largestWaiting(batch.sizes, batch.handedOut, batch.first, Math.min(batch.inputs.length, batch.done + maxAhead));
      if (index >= 0) return { batch, index };
    }
    return undefined;
  }

  /** Hands out documents until every worker holds two or none is waiting. */
  function feed(): void {
    for (const w of workers) {
      while (!failed.has(w) && held.get(w)! < 2) {
        const next = nextDocument();
        if (!next) return;
        const { batch, index } = next;
        batch.handedOut[index] = 1;
        while (batch.first < batch.inputs.length && batch.handedOut[batch.first]) batch.first++;
        while (batch.times.length <= index) batch.times.push(batch.now());
        const id = nextJob++;
        jobs.set(id, next);
        held.set(w, held.get(w)! + 1);
        w.postMessage({ id, input: batch.inputs[index], now: batch.times[index] } satisfies Job);
      }
    }
  }

  /** Ends a call: it leaves the queue, and results still coming for it are dropped. */
  function end(batch: Batch, err?: Error): void {
    const at = batches.indexOf(batch);
    if (at < 0) return;
    batches.splice(at, 1);
    batch.settle(err);
    // The next call on the same store may have results waiting for this one to finish.
    const next = batches.find((b) => b.store === batch.store);
    if (next) storeReady(next);
  }

  /**
   * Stores a call's results that are ready, in input order. Calls on one store are stored in
   * call order, so overlapping calls give the same rows as one after the other: a call waits
   * while an earlier call on its store is in progress.
   */
  function storeReady(b: Batch): void {
    if (batches.find((x) => x.store === b.store) !== b) return;
    try {
      for (let ready = b.arrived.get(b.done); ready; ready = b.arrived.get(b.done)) {
        const i = b.done;
        b.arrived.delete(i);
        b.outcomes[i] = storeResult(b.store, b.inputs[i], ready);
        b.onDocument?.(b.outcomes[i], i);
        b.done++;
      }
      if (b.done === b.inputs.length) end(b);
    } catch (err) {
      end(b, err as Error);
    }
  }

  for (const w of workers) {
    w.on('message', (r: JobResult) => {
      held.set(w, held.get(w)! - 1);
      // The worker gets its next document before this thread spends time storing.
      feed();
      const job = jobs.get(r.id);
      jobs.delete(r.id);
      if (job && batches.includes(job.batch)) {
        // Results are stored in input order, whatever order the workers finish in, so the
        // same documents give the same rows as one-by-one ingestion (which of two copies is
        // the duplicate, which story an article joins).
        job.batch.arrived.set(job.index, r);
        storeReady(job.batch);
      }
      feed();
    });
    // A worker that fails takes every call in progress with it; later calls use the others.
    w.on('error', (err: Error) => {
      failed.add(w);
      for (const b of [...batches]) end(b, err);
    });
  }

  function ingestAll(store: SqliteStore, inputs: DocumentInput[], o: { now: () => Date; onDocument?: (x: PoolOutcome, i: number) => void }): Promise<PoolOutcome[]> {
    const outcomes: PoolOutcome[] = new Array(inputs.length);
    if (!inputs.length) return Promise.resolve(outcomes);
    if (failed.size === workers.length) return Promise.reject(new Error('The ingest pool has no working threads left.'));
    return new Promise((resolve, reject) => {
      batches.push({
        store,
        inputs,
        now: o.now,
        onDocument: o.onDocument,
        outcomes,
        sizes: inputs.map(sizeOf),
        handedOut: new Uint8Array(inputs.length),
        first: 0,
        done: 0,
        arrived: new Map(),
        times: [],
        settle: (err) => (err ? reject(err) : resolve(outcomes)),
      });
      feed();
    });
  }

  return {
    size,
    ingestAll,
    activeMs: () => workers.map((w) => w.performance.eventLoopUtilization().active),
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Stores one worker result (one transaction), as `ingestDocument` would. */
function storeResult(store: SqliteStore, input: DocumentInput, r: JobResult): PoolOutcome {
  // One bad document never stops the others: internal failures are reported like refusals.
  if (!r.ok) return { ok: false, refused: { name: input.name, code: r.code, message: r.message } };
  const results = store.bulkIngest(r.prepared.map((prepared) => ({ prepared })));
  const report: IngestReport = {
    name: input.name,
    kind: r.kind,
    articles: results.map((x, i) => ({ ...x, title: r.prepared[i].title })),
    stored: results.filter((x) => x.status === 'stored').length,
    duplicates: results.filter((x) => x.status === 'duplicate').length,
    illFormed: r.illFormed,
  };
  let articles: AnalysedArticle[] | undefined;
  return {
    ok: true,
    report,
    get articles() {
      return (articles ??= r.prepared.map((p) => JSON.parse(p.data) as AnalysedArticle));
    },
  };
}
