/**
 * Ed25519 signature checks for signed requests, off the event loop and in batches.
 *
 * A signed request's signature check is the largest part of its CPU. Handed to libuv's thread
 * pool one by one (crypto.verify with a callback), each check also cost the event loop a job
 * dispatch and a wake-up, and OpenSSL's Ed25519 itself took about twice libsodium's time.
 * Here the checks that arrive in one turn of the event loop go to a worker thread as one
 * message, and the worker answers them together (central/ed25519-worker.ts, libsodium when
 * its prebuilt addon loads, node:crypto otherwise). Both libraries accept every signature a
 * kiosk makes; libsodium refuses some malformed ones OpenSSL lets through (non-canonical or
 * small-order points), which no honest signer produces.
 *
 * Nothing is lost when a worker dies: the checks it held are done on the event loop with
 * node:crypto, and the next batch starts a new worker. After close(), checks run on the loop.
 */
import { verify } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type Ed25519Job,
  type Ed25519Library,
  keyObjectOf,
  PUBLIC_KEY_BYTES,
  packJobs,
  SIGNATURE_BYTES,
} from './ed25519-jobs.ts';

export type Ed25519Pool = {
  /** True when `signature` is `message` signed by the raw 32-byte `publicKey`. */
  verify(message: Uint8Array, publicKey: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /** What the workers check with; null until one has started. */
  library(): Ed25519Library | null;
  /** Starts a worker if none runs, and answers what it checks with once it says so. */
  started(): Promise<Ed25519Library>;
  /** The worker threads now running (a test ends one to see its checks still answered). */
  threads(): readonly Worker[];
  /** Ends the workers; checks asked for later run on the event loop. */
  close(): Promise<void>;
};

export type Ed25519PoolOptions = {
  /** What the workers check with: libsodium where its addon loads (the default), or node:crypto. */
  library?: Ed25519Library;
  /**
   * Worker threads; by default two (one on a single core). A burst of checks is split among
   * them: on two cores, two threads answered a burst sooner than one, though the event loop
   * shares those cores.
   */
  threads?: number;
};

type Waiting = Ed25519Job & { resolve(verified: boolean): void };
type Thread = { worker: Worker; batches: Map<number, Waiting[]>; jobs: number };

const WORKER_URL = new URL('./ed25519-worker.ts', import.meta.url);

/** On the event loop, with node:crypto: for checks whose worker died, and after close(). */
function verifyHere(job: Ed25519Job): boolean {
  try {
    return verify(null, job.message, keyObjectOf(job.publicKey), job.signature);
  } catch {
    return false;
  }
}

export function createEd25519Pool(options: Ed25519PoolOptions = {}): Ed25519Pool {
  const size = options.threads ?? Math.min(2, availableParallelism());
  const running: Thread[] = [];
  let queued: Waiting[] = [];
  let flushing = false;
  let closed = false;
  let nextBatchId = 1;
  let library: Ed25519Library | null = null;
  const told = new Set<(library: Ed25519Library) => void>();

  const answerHere = (jobs: readonly Waiting[]) => {
    for (const job of jobs) job.resolve(verifyHere(job));
  };

  const start = (): Thread => {
    const worker = new Worker(WORKER_URL, {
      workerData: { library: options.library ?? 'libsodium' },
    });
    const thread: Thread = { worker, batches: new Map(), jobs: 0 };
    // A worker that throws also exits: its checks are answered on 'exit', once.
    worker.on('error', () => {});
    worker.on('exit', () => {
      const index = running.indexOf(thread);
      if (index >= 0) running.splice(index, 1);
      for (const jobs of thread.batches.values()) answerHere(jobs);
      thread.batches.clear();
    });
    worker.on(
      'message',
      (answer: { id: number; results: Uint8Array } | { library: Ed25519Library }) => {
        if ('library' in answer) {
          library = answer.library;
          for (const tell of told) tell(answer.library);
          told.clear();
          return;
        }
        const jobs = thread.batches.get(answer.id);
        if (jobs === undefined) return;
        thread.batches.delete(answer.id);
        thread.jobs -= jobs.length;
        for (const [index, job] of jobs.entries()) job.resolve(answer.results[index] === 1);
      },
    );
    // Idle workers do not keep the process alive; a check waiting for one is kept by its request.
    worker.unref();
    running.push(thread);
    return thread;
  };

  const flush = () => {
    flushing = false;
    const jobs = queued;
    queued = [];
    if (jobs.length === 0) return;
    if (closed) {
      answerHere(jobs);
      return;
    }
    // A burst is shared among the threads, so its last check is not behind all the others.
    while (running.length < Math.min(size, jobs.length)) start();
    const parts = Math.min(running.length, jobs.length);
    const threads = [...running].sort((a, b) => a.jobs - b.jobs).slice(0, parts);
    for (const [index, thread] of threads.entries()) {
      const from = Math.floor((jobs.length * index) / parts);
      const part = jobs.slice(from, Math.floor((jobs.length * (index + 1)) / parts));
      const id = nextBatchId;
      nextBatchId += 1;
      const packed = packJobs(part);
      thread.batches.set(id, part);
      thread.jobs += part.length;
      thread.worker.postMessage({ id, packed }, [packed.buffer]);
    }
  };

  return {
    verify(message, publicKey, signature) {
      // Not a key or not a signature: nothing to send a worker.
      if (publicKey.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES) {
        return Promise.resolve(false);
      }
      return new Promise((resolve) => {
        queued.push({ message, publicKey, signature, resolve });
        if (!flushing) {
          flushing = true;
          // Every check asked for in this turn of the event loop goes in one batch.
          setImmediate(flush);
        }
      });
    },
    library: () => library,
    started() {
      if (library !== null) return Promise.resolve(library);
      // Closed: checks run on the event loop, with node:crypto.
      if (closed) return Promise.resolve('node:crypto');
      if (running.length === 0) start();
      return new Promise((resolve) => told.add(resolve));
    },
    threads: () => running.map((thread) => thread.worker),
    async close() {
      closed = true;
      await Promise.all(running.map((thread) => thread.worker.terminate()));
    },
  };
}

let shared: Ed25519Pool | null = null;

/** The process's pool, started on first use (its workers are unref'd: nothing to close). */
export function sharedEd25519Pool(): Ed25519Pool {
  shared ??= createEd25519Pool();
  return shared;
}
