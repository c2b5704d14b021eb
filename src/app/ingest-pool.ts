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
   * `onDocument` sees each outcome as it is stored (for progress).
   */
  ingestAll(store: SqliteStore, inputs: DocumentInput[], opts: { now: () => Date; onDocument?: (o: PoolOutcome, index: number) => void }): Promise<PoolOutcome[]>;
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

/**
 * Starts `size` workers (default: one per core). Close the pool when done; an open pool keeps
 * the process alive.
 */
export function createIngestPool(opts: { size?: number } = {}): IngestPool {
  const size = Math.max(1, opts.size ?? availableParallelism());
  const workers = Array.from({ length: size }, () =>
    startWorker(new URL(import.meta.url), { workerData: { mark: WORKER_MARK }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }),
  );

  async function ingestAll(store: SqliteStore, inputs: DocumentInput[], o: { now: () => Date; onDocument?: (x: PoolOutcome, i: number) => void }): Promise<PoolOutcome[]> {
    const outcomes: PoolOutcome[] = new Array(inputs.length);
    if (!inputs.length) return outcomes;
    let done = 0;
    const arrived = new Map<number, JobResult>();
    const sizes = inputs.map(sizeOf);
    const handedOut = new Uint8Array(inputs.length);
    /** The lowest index not yet handed out. */
    let first = 0;
    /** Ingestion times, given in input order whatever order documents are handed out in. */
    const times: Date[] = [];
    const timeOf = (i: number) => {
      while (times.length <= i) times.push(o.now());
      return times[i];
    };
    return new Promise((resolve, reject) => {
      const listeners: [Worker, (r: JobResult) => void, (e: Error) => void][] = [];
      const finish = (err?: Error) => {
        for (const [w, onMessage, onError] of listeners) {
          w.off('message', onMessage);
          w.off('error', onError);
        }
        if (err) reject(err);
        else resolve(outcomes);
      };
      // Documents handed out but not yet stored stay within a window, so one slow document
      // never lets finished results pile up in memory. Within the window the largest document
      // goes first: a long page handed out last would leave the other workers idle at the end.
      const maxAhead = Math.max(workers.length * 4, LOOKAHEAD);
      const idle: Worker[] = [];
      const feed = (w: Worker) => {
        if (first >= inputs.length) return;
        const id = largestWaiting(sizes, handedOut, first, Math.min(inputs.length, done + maxAhead));
        if (id < 0) {
          idle.push(w);
          return;
        }
        handedOut[id] = 1;
        while (first < inputs.length && handedOut[first]) first++;
        w.postMessage({ id, input: inputs[id], now: timeOf(id) } satisfies Job);
      };
      for (const w of workers) {
        const onMessage = (r: JobResult) => {
          feed(w);
          // Results are stored in input order, whatever order the workers finish in, so the
          // same documents give the same rows as one-by-one ingestion (which of two copies is
          // the duplicate, which story an article joins).
          arrived.set(r.id, r);
          try {
            for (let ready = arrived.get(done); ready; ready = arrived.get(done)) {
              arrived.delete(done);
              outcomes[ready.id] = storeResult(store, inputs[ready.id], ready);
              o.onDocument?.(outcomes[ready.id], ready.id);
              done++;
            }
            while (idle.length && first < Math.min(inputs.length, done + maxAhead)) feed(idle.shift()!);
          } catch (err) {
            finish(err as Error);
            return;
          }
          if (done === inputs.length) finish();
        };
        const onError = (err: Error) => finish(err);
        listeners.push([w, onMessage, onError]);
        w.on('message', onMessage);
        w.on('error', onError);
        // Two jobs per worker keep each one busy while its previous answer is being stored.
        feed(w);
        feed(w);
      }
    });
  }

  return {
    size,
    ingestAll,
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
