import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../src/contract/errors.ts';
import { dispatch, openServices } from '../../../../src/main/services/api.ts';
import { rescoreAttempt, type RescoreRequest } from '../../../../src/main/services/attempts.ts';
import { createVerifier, type Verifier } from '../../../../src/main/services/verifier.ts';
import type { AssignedTerms } from '../../../../src/sim/scenario/assigned.ts';
import type { RecordedCommand } from '../../../../src/sim/simulation.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

/**
 * The verifier re-simulates attempts in a worker thread: the main thread keeps running meanwhile,
 * the result is the one `rescoreAttempt` gives in-thread, errors keep their codes, requests queue.
 */

const tempDir = useTempDirs();
const fixtures = join(import.meta.dirname, '../../../fixtures');
const freePractice: AssignedTerms = { passMark: null, aids: null };

/** The wire pushed and turned through the drill with fluoroscopy on: real solver work every step. */
const workingCommands: RecordedCommand[] = [
  { step: 0, command: { kind: 'hub', device: 1, command: { advanceMmPerS: 20, rotateDegPerS: 30 } } },
  { step: 1, command: { kind: 'hub', device: 0, command: { advanceMmPerS: 10, rotateDegPerS: 0 } } },
  { step: 2, command: { kind: 'beam', beam: 'fluoro' } },
  { step: 240, command: { kind: 'inject', rateMlPerS: 4, volumeMl: 3 } },
];

function attemptOf(totalSteps: number, commands = workingCommands): RescoreRequest {
  return { scenarioId: 'carotid-drill', scenarioVersion: 1, commands, totalSteps };
}

const opened: Verifier[] = [];
function verifierFor(options?: Parameters<typeof createVerifier>[1]): Verifier {
  const verifier = createVerifier(fixtures, options);
  opened.push(verifier);
  return verifier;
}
afterEach(() => {
  for (const verifier of opened.splice(0)) verifier.close();
  vi.restoreAllMocks();
});

/** Counts timer ticks on this thread while `work` is under way. */
async function ticksDuring<T>(work: () => Promise<T>): Promise<{ value: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 5);
  try {
    const value = await work();
    return { value, ticks };
  } finally {
    clearInterval(timer);
  }
}

async function refusalOf(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('verifier', () => {
  it('re-simulates in a worker thread: timers on this thread keep firing, and the result is the in-thread one', async () => {
    const verifier = verifierFor();
    const attempt = attemptOf(3000); // 25 s of simulated time: most of a second of solver work
    const { value: rescored, ticks } = await ticksDuring(() => verifier.rescore(attempt, freePractice));
    // In-thread, the same call blocks this thread and no timer fires until it returns.
    expect(ticks).toBeGreaterThan(10);
    const here = await ticksDuring(async () => rescoreAttempt(fixtures, attempt, freePractice));
    expect(here.ticks).toBe(0);
    expect(rescored).toEqual(here.value);
    expect(rescored.finalStateHash).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}$/);
  }, 60_000);

  it('carries errors back with the code and message rescoreAttempt throws', async () => {
    const verifier = verifierFor();
    const cases: RescoreRequest[] = [
      attemptOf(300, [...workingCommands].reverse()), // out of order: invalid-input
      { ...attemptOf(300), scenarioVersion: 7 }, // another case version: conflict
      { ...attemptOf(300), scenarioId: 'no-such-case' }, // not-found
      attemptOf(10 * 3600 * 120), // longer than an attempt may last: invalid-input
    ];
    const codes: string[] = [];
    for (const attempt of cases) {
      const inThread = (await refusalOf(() => rescoreAttempt(fixtures, attempt, freePractice))) as ApiError;
      const fromWorker = await refusalOf(() => verifier.rescore(attempt, freePractice));
      expect(fromWorker).toBeInstanceOf(ApiError);
      expect(fromWorker).toMatchObject({ code: inThread.code, message: inThread.message });
      codes.push(inThread.code);
    }
    expect(codes).toEqual(['invalid-input', 'conflict', 'not-found', 'invalid-input']);
    // The worker survives a refusal: the next request is answered.
    await expect(verifier.rescore(attemptOf(300), freePractice)).resolves.toMatchObject({ forbiddenAidUsed: false });
  }, 60_000);

  it('answers queued requests in order and each with its own result', async () => {
    const verifier = verifierFor();
    const lengths = [900, 300, 600, 420, 450];
    const results = await Promise.all(lengths.map((steps) => verifier.rescore(attemptOf(steps), freePractice)));
    for (const [index, steps] of lengths.entries()) {
      expect(results[index]!.finalStateHash).toBe(
        rescoreAttempt(fixtures, attemptOf(steps), freePractice).finalStateHash,
      );
    }
    expect(new Set(results.map((result) => result.finalStateHash)).size).toBe(lengths.length);
  }, 60_000);

  it('fails only the request a dying worker had, and starts a fresh worker for the next', async () => {
    // A stand-in worker that dies on the case "crash" and answers anything else.
    const source = `
      import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (request) => {
        if (request.attempt.scenarioId === 'crash') process.exit(3);
        parentPort.postMessage({ kind: 'done', id: request.id, rescored: { finalStateHash: request.attempt.scenarioId } });
      });
      parentPort.postMessage({ kind: 'ready' });`;
    const verifier = verifierFor({ workerUrl: new URL(`data:text/javascript,${encodeURIComponent(source)}`) });
    const crashed = verifier.rescore({ ...attemptOf(10), scenarioId: 'crash' }, freePractice);
    const after = verifier.rescore({ ...attemptOf(10), scenarioId: 'after' }, freePractice);
    await expect(crashed).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/stopped/) });
    await expect(after).resolves.toEqual({ finalStateHash: 'after' });
  });

  it('re-simulates on this thread when no worker can start, rather than refuse the attempt', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const missing = pathToFileURL(join(tempDir(), 'no-such-worker.js'));
    const verifier = verifierFor({ workerUrl: missing });
    const [first, second] = await Promise.all([
      verifier.rescore(attemptOf(300), freePractice),
      verifier.rescore(attemptOf(600), freePractice),
    ]);
    expect(first).toEqual(rescoreAttempt(fixtures, attemptOf(300), freePractice));
    expect(second.finalStateHash).toBe(rescoreAttempt(fixtures, attemptOf(600), freePractice).finalStateHash);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/could not start/);
  });

  it('refuses requests once closed', async () => {
    const verifier = verifierFor();
    const pending = verifier.rescore(attemptOf(3000), freePractice);
    verifier.close();
    await expect(pending).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/closed/) });
    await expect(verifier.rescore(attemptOf(10), freePractice)).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('submitting through the verifier', () => {
  async function withTrainee() {
    const services = openServices({ dataDir: tempDir(), assetsDir: fixtures, runtime: 'cli', appVersion: '9.9.9' });
    const created = await dispatch(services.handlers, 'profileCreate', { displayName: 'Ana Trainee', role: 'trainee' });
    if (!created.ok) throw new Error(created.error.message);
    return { ...services, profileId: (created.value as { id: string }).id };
  }

  function submission(profileId: string, totalSteps: number, claimed: { total: number; passed: boolean }) {
    return {
      profileId,
      scenarioId: 'carotid-drill',
      scenarioVersion: 1,
      startedAt: '2026-11-23T10:00:00.000Z',
      commands: workingCommands,
      totalSteps,
      claimed,
    };
  }

  const claimedOf = ({ total, passed }: { total: number; passed: boolean }) => ({ total, passed });

  it('scores a long submitted attempt while the main thread keeps running, as rescoreAttempt would', async () => {
    const { handlers, close, profileId } = await withTrainee();
    const expected = rescoreAttempt(fixtures, attemptOf(3000), freePractice);
    const claimed = { total: expected.score.total, passed: expected.score.passed };
    const { value: result, ticks } = await ticksDuring(() =>
      dispatch(handlers, 'attemptSubmit', submission(profileId, 3000, claimed)),
    );
    expect(ticks).toBeGreaterThan(10);
    expect(result).toMatchObject({ ok: true, value: { verification: 'verified', total: expected.score.total } });
    close();
  }, 60_000);

  it('completes concurrent submissions, each stored once', async () => {
    const { handlers, close, profileId } = await withTrainee();
    const lengths = [300, 900, 600, 450];
    const results = await Promise.all(
      lengths.map((steps) => {
        const { score } = rescoreAttempt(fixtures, attemptOf(steps), freePractice);
        return dispatch(handlers, 'attemptSubmit', submission(profileId, steps, claimedOf(score)));
      }),
    );
    expect(
      results.map((result) =>
        result.ok ? (result.value as { verification: string }).verification : result.error.message,
      ),
    ).toEqual(lengths.map(() => 'verified'));
    const list = await dispatch(handlers, 'attemptList', { profileId });
    expect(list.ok && (list.value as { attempts: unknown[] }).attempts).toHaveLength(lengths.length);
    close();
  }, 60_000);

  it('refuses the second of two submissions of the same attempt made at once (a double click)', async () => {
    const { handlers, close, profileId } = await withTrainee();
    const started = await dispatch(handlers, 'attemptStart', {
      profileId,
      scenarioId: 'carotid-drill',
      scenarioVersion: 1,
      assignmentId: null,
    });
    if (!started.ok) throw new Error(started.error.message);
    const attemptId = (started.value as { attemptId: string }).attemptId;
    const { score } = rescoreAttempt(fixtures, attemptOf(600), freePractice);
    const input = { ...submission(profileId, 600, claimedOf(score)), attemptId };
    const [first, second] = await Promise.all([
      dispatch(handlers, 'attemptSubmit', input),
      dispatch(handlers, 'attemptSubmit', input),
    ]);
    expect(first).toMatchObject({ ok: true, value: { id: attemptId, verification: 'verified' } });
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/already finished/) },
    });
    close();
  }, 60_000);
});
