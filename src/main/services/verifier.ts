import { Worker } from 'node:worker_threads';
import { ApiError } from '../../contract/errors.ts';
import type { AssignedTerms } from '../../sim/scenario/assigned.ts';
import { rescoreAttempt, type Rescored, type RescoreRequest } from './attempts.ts';
import type { CarriedError, VerifyReply, VerifyRequest } from './verify-worker.ts';

/**
 * Re-simulates attempts off the main thread. A long attempt takes seconds to re-simulate; on the
 * main process's own thread that would freeze the Electron window (and stall the bridge) for as
 * long. One long-lived worker (`verify-worker.ts`) takes the requests one at a time, in order;
 * errors come back with their ApiError code and message unchanged.
 *
 * - The worker starts on the first request, and holds the process open only while it works
 *   (an idle verifier never keeps the CLI or a test run from exiting).
 * - A worker that dies while working (out of memory, a crash in the core) fails that one request
 *   with an internal error; the next request starts a fresh worker.
 * - A worker that cannot start at all (its file missing from a damaged install, a runtime without
 *   worker threads) is the one case where attempts are re-simulated on the calling thread: the
 *   window freezes while it runs, but attempts are still scored rather than refused.
 */
export interface Verifier {
  rescore(attempt: RescoreRequest, terms: AssignedTerms): Promise<Rescored>;
  /** Stops the worker; requests still waiting are refused. */
  close(): void;
}

export interface VerifierOptions {
  /**
   * The worker's entry. Default: `verify-worker.ts` beside this file, which Node (bridge, CLI,
   * tests) runs as TypeScript source. The Electron build passes `out/main/verify-worker.js`.
   */
  workerUrl?: URL | undefined;
}

interface Job {
  request: VerifyRequest;
  resolve(rescored: Rescored): void;
  reject(error: Error): void;
}

export function createVerifier(assetsDir: string, options: VerifierOptions = {}): Verifier {
  const workerUrl = options.workerUrl ?? new URL('./verify-worker.ts', import.meta.url);
  const queue: Job[] = [];
  let working: Job | undefined;
  let worker: Worker | undefined;
  /** Why the worker could not start; set once, and attempts are re-simulated here from then on. */
  let cannotStart: string | undefined;
  let closed = false;
  let nextId = 1;

  function startWorker(): Worker {
    const started = new Worker(workerUrl, { workerData: { assetsDir } });
    let ready = false;
    let failure: string | undefined;
    started.on('message', (reply: VerifyReply) => {
      if (reply.kind === 'ready') {
        ready = true;
        return;
      }
      const job = working;
      if (!job || job.request.id !== reply.id) return;
      working = undefined;
      if (reply.kind === 'done') job.resolve(reply.rescored);
      else job.reject(uncarry(reply.error));
      next();
    });
    started.on('error', (error) => {
      failure = error.message;
    });
    started.on('exit', (exitCode) => {
      if (worker !== started) return; // closed
      worker = undefined;
      const job = working;
      working = undefined;
      const why = failure ?? `exit code ${exitCode}`;
      if (!ready) {
        cannotStart = why;
        console.warn(
          `The verifier's worker thread could not start (${why}); attempts are re-simulated on the main thread.`,
        );
        if (job) queue.unshift(job);
      } else if (job) {
        job.reject(
          new ApiError(
            'internal',
            `The attempt could not be checked: the verifier's worker thread stopped while re-simulating it (${why}).`,
          ),
        );
      }
      next();
    });
    return started;
  }

  /** Hands the next waiting request to the worker (or, where none can start, runs it here). */
  function next(): void {
    if (closed || working) {
      return;
    }
    const job = queue.shift();
    if (!job) {
      worker?.unref();
      return;
    }
    if (cannotStart === undefined) {
      try {
        worker ??= startWorker();
      } catch (error) {
        cannotStart = (error as Error).message;
        console.warn(
          `The verifier's worker thread could not start (${cannotStart}); attempts are re-simulated on the main thread.`,
        );
      }
    }
    if (cannotStart !== undefined || !worker) {
      runHere(job);
      next();
      return;
    }
    working = job;
    worker.ref();
    worker.postMessage(job.request);
  }

  function runHere(job: Job): void {
    try {
      job.resolve(rescoreAttempt(assetsDir, job.request.attempt, job.request.terms));
    } catch (error) {
      job.reject(error as Error);
    }
  }

  return {
    rescore(attempt, terms) {
      if (closed) return Promise.reject(new ApiError('internal', 'The verifier is closed.'));
      return new Promise<Rescored>((resolve, reject) => {
        queue.push({ request: { id: nextId++, attempt, terms }, resolve, reject });
        next();
      });
    },
    close() {
      if (closed) return;
      closed = true;
      const stopped = worker;
      worker = undefined;
      void stopped?.terminate();
      const refused = new ApiError('internal', 'The verifier was closed before the attempt was checked.');
      for (const job of [...(working ? [working] : []), ...queue.splice(0)]) job.reject(refused);
      working = undefined;
    },
  };
}

/** The error the worker threw, rebuilt on this side: an ApiError keeps its code and message. */
function uncarry(carried: CarriedError): Error {
  if (carried.code !== undefined) return new ApiError(carried.code, carried.message);
  const error = new Error(carried.message);
  error.name = carried.name;
  if (carried.stack !== undefined) error.stack = carried.stack;
  return error;
}
