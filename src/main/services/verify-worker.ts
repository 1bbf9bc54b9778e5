import { parentPort, workerData } from 'node:worker_threads';
import { ApiError, type ApiErrorCode } from '../../contract/errors.ts';
import type { AssignedTerms } from '../../sim/scenario/assigned.ts';
import { rescoreAttempt, type Rescored, type RescoreRequest } from './attempts.ts';

/**
 * The verifier's worker thread (`verifier.ts` starts it): re-simulates and scores one attempt per
 * message with `rescoreAttempt`, in the order they come, and posts the result or the error back.
 * Loaded as TypeScript source under Node (bridge, CLI, tests) and as `out/main/verify-worker.js`
 * in the Electron build (a second main entry in electron.vite.config.ts).
 */

export interface VerifyRequest {
  id: number;
  attempt: RescoreRequest;
  terms: AssignedTerms;
}

/** An error as it crosses the thread boundary (structured clone would drop an ApiError's code). */
export interface CarriedError {
  name: string;
  message: string;
  code?: ApiErrorCode;
  stack?: string;
}

export type VerifyReply = { kind: 'ready' } | { kind: 'done'; id: number; rescored: Rescored } | CarriedFailure;
interface CarriedFailure {
  kind: 'failed';
  id: number;
  error: CarriedError;
}

function carry(error: unknown): CarriedError {
  if (error instanceof ApiError) return { name: error.name, message: error.message, code: error.code };
  if (error instanceof Error)
    return { name: error.name, message: error.message, ...(error.stack && { stack: error.stack }) };
  return { name: 'Error', message: String(error) };
}

const port = parentPort;
if (!port) throw new Error("verify-worker.ts runs as the verifier's worker thread (see verifier.ts), not on its own.");
const { assetsDir } = workerData as { assetsDir: string };

port.on('message', (request: VerifyRequest) => {
  let reply: VerifyReply;
  try {
    reply = { kind: 'done', id: request.id, rescored: rescoreAttempt(assetsDir, request.attempt, request.terms) };
  } catch (error) {
    reply = { kind: 'failed', id: request.id, error: carry(error) };
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    // A result that cannot be copied to the main thread is a bug; say so rather than go silent.
    port.postMessage({ kind: 'failed', id: request.id, error: carry(error) } satisfies VerifyReply);
  }
});
// Every import above has loaded: the verifier counts the worker as started from here.
port.postMessage({ kind: 'ready' } satisfies VerifyReply);
