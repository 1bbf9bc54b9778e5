import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ApiError } from '../../contract/errors.ts';
import { parseReplayFile, replayFileFormat, type ReplayFile } from '../../sim/replay/replay-file.ts';
import type { Scenario } from '../../sim/scenario/scenario.ts';
import { SchemaError } from '../../sim/schema-errors.ts';
import { SIM_CORE_VERSION } from '../../sim/version.ts';
import type { AttemptServices, Rescored } from './attempts.ts';
import {
  importedAttemptTerms,
  insertImportedProfile,
  profileNameClash,
  storeImportedAttempt,
} from './imported-records.ts';
import { findProfile } from './profiles.ts';
import { getScenario } from './scenarios.ts';

/**
 * Replay files (`.irreplay`) read on this workstation: checked by `replay verify` (the CLI) and
 * filed as attempts by `replayImport`. Both read the file the same way (`readReplayFile`,
 * `replayCase`) and refuse one whose commands no longer give what it claims (`alteredReason`).
 *
 * An import refuses, naming the file: bytes that are not gzip or are cut short, contents that
 * are not JSON or not a replay (the field named), another core version (its re-simulation could
 * differ), a case not installed or of another version, an altered file, and a file without the
 * `attempt` block that says whose attempt it is. A file that passes is stored the way an
 * attempt pack's attempt is (`storeImportedAttempt` in packs.ts): its profile added when absent
 * (refused when its name is taken here by another, or its role differs), judged by its
 * assignment when that is here. The same attempt imported again changes nothing.
 */

/** Gunzipped contents above this are refused unread (a two-hour attempt is a few megabytes). */
const maxReplayBytes = 256 * 1024 * 1024;

/** Reads a replay file's bytes: gzip, JSON, the schema, the core version. Throws `invalid-input`. */
export function readReplayFile(bytes: Uint8Array, fileName: string): ReplayFile {
  let text: string;
  try {
    text = gunzipSync(bytes, { maxOutputLength: maxReplayBytes }).toString('utf8');
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
        ? `it unpacks to more than ${maxReplayBytes / 1024 / 1024} MB`
        : `it does not decompress: ${(error as Error).message}`;
    throw new ApiError('invalid-input', `${fileName}: not a replay file, or a truncated one (${why}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ApiError(
      'invalid-input',
      `${fileName}: not a replay file: its contents are not JSON (${(error as Error).message}); the file is damaged.`,
    );
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format !== replayFileFormat) {
    throw new ApiError(
      'invalid-input',
      `${fileName}: replay format ${format}; this workstation reads format ${replayFileFormat}${format > replayFileFormat ? ' (a newer IR Trainer wrote it: update this one)' : ''}.`,
    );
  }
  let replay: ReplayFile;
  try {
    replay = parseReplayFile(json, fileName);
  } catch (error) {
    if (error instanceof SchemaError) throw new ApiError('invalid-input', error.message);
    throw error;
  }
  if (replay.coreVersion !== SIM_CORE_VERSION) {
    throw new ApiError(
      'invalid-input',
      `${fileName}: recorded with simulation core ${replay.coreVersion}; this workstation runs ${SIM_CORE_VERSION}: its re-simulation could differ, so it is refused.`,
    );
  }
  return replay;
}

/** The case the replay was played on, from this workstation's library: installed, same version. */
export function replayCase(assetsDir: string, replay: ReplayFile, fileName: string): Scenario {
  let scenario: Scenario;
  try {
    scenario = getScenario(join(assetsDir, 'scenarios'), replay.scenarioId);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'not-found') throw error;
    throw new ApiError(
      'invalid-input',
      `${fileName}: case "${replay.scenarioId}" is not installed on this workstation; install it and try again.`,
    );
  }
  if (scenario.version !== replay.scenarioVersion) {
    throw new ApiError(
      'invalid-input',
      `${fileName}: made on version ${replay.scenarioVersion} of "${scenario.id}", this workstation has version ${scenario.version}: it would be scored on another case, so it is refused.`,
    );
  }
  return scenario;
}

/**
 * Why the file's claims are not what its commands give (undefined when they are). `passed` is
 * compared only when `comparePassed`: an attempt judged here by another pass mark (its assignment
 * here was changed since) may pass here and not there, without anyone altering the file.
 */
export function alteredReason(
  fileName: string,
  replay: ReplayFile,
  rescored: Rescored,
  comparePassed = true,
): string | undefined {
  const { score, finalStateHash } = rescored;
  const { claimed } = replay;
  if (
    finalStateHash === claimed.finalStateHash &&
    Math.abs(score.total - claimed.total) < 1e-6 &&
    (!comparePassed || score.passed === claimed.passed)
  ) {
    return undefined;
  }
  const outcome = (total: number, passed: boolean, hash: string): string =>
    `${total.toFixed(1)} (${passed ? 'pass' : 'fail'}, state ${hash})`;
  return `${fileName}: altered: re-simulating its commands gives ${outcome(score.total, score.passed, finalStateHash)}, the file claims ${outcome(claimed.total, claimed.passed, claimed.finalStateHash)}.`;
}

export interface ReplayImportResult {
  attemptId: string;
  status: 'imported' | 'already-here';
}

/** `replayImport`: checks a replay file (rules above) and files its attempt. */
export async function importReplayFile(
  services: AttemptServices,
  input: { fileName: string; base64: string },
): Promise<ReplayImportResult> {
  const name = input.fileName;
  const replay = readReplayFile(Buffer.from(input.base64, 'base64'), name);
  const attempt = replay.attempt;
  if (!attempt) {
    throw new ApiError(
      'invalid-input',
      `${name}: has no attempt details to file it under (it was not exported from a stored attempt); \`replay verify\` can still check it.`,
    );
  }
  // Checked in full even when the attempt is here already: an altered copy is refused as altered.
  replayCase(services.assetsDir, replay, name);
  const judged = importedAttemptTerms(services.store, attempt);
  let rescored: Rescored;
  try {
    const { scenarioId, scenarioVersion, commands, totalSteps, seed } = replay;
    rescored = await services.verifier.rescore(
      { scenarioId, scenarioVersion, commands, totalSteps, seed },
      judged.terms,
    );
  } catch (error) {
    if (!(error instanceof ApiError) || error.code === 'internal') throw error;
    throw new ApiError('invalid-input', `${name}: ${error.message}`);
  }
  const altered = alteredReason(name, replay, rescored, rescored.score.passMark === attempt.passMark);
  if (altered) throw new ApiError('invalid-input', altered);
  const already = alreadyHere(services, replay, name);
  if (already) return already;

  const store = services.store;
  return store.transaction(() => {
    // Again, after the wait: the same file may have been imported meanwhile.
    const meanwhile = alreadyHere(services, replay, name);
    if (meanwhile) return meanwhile;
    if (JSON.stringify(importedAttemptTerms(store, attempt)) !== JSON.stringify(judged)) {
      throw new ApiError('conflict', `${name}: its assignment changed while it was being checked; import it again.`);
    }
    const { profile } = attempt;
    const here = findProfile(store, profile.id);
    if (here && here.role !== profile.role) {
      throw new ApiError(
        'conflict',
        `${name}: ${here.displayName} is a ${here.role} here and a ${profile.role} in the file; a file never changes a role, so it is refused.`,
      );
    }
    if (!here) {
      const clash = profileNameClash(store, profile);
      if (clash) throw new ApiError('conflict', `${name}: its profile cannot be added: ${clash}`);
      insertImportedProfile(store, { ...profile, revision: 1 });
    }
    storeImportedAttempt(
      store,
      {
        id: attempt.id,
        profileId: profile.id,
        scenarioId: replay.scenarioId,
        scenarioVersion: replay.scenarioVersion,
        scenarioTitle: rescored.scenario.title,
        startedAt: attempt.startedAt,
        finishedAt: attempt.finishedAt,
        totalSteps: replay.totalSteps,
        commands: replay.commands,
        claimed: replay.claimed,
      },
      rescored,
      judged.assignmentId,
      attempt.verification === 'mismatch',
    );
    return { attemptId: attempt.id, status: 'imported' };
  });
}

/** The file's attempt, when it is already stored here; refused when that id holds another attempt. */
function alreadyHere(services: AttemptServices, replay: ReplayFile, name: string): ReplayImportResult | undefined {
  const attempt = replay.attempt!;
  const row = services.store.db
    .prepare('SELECT profile_id, scenario_id, total_steps FROM attempts WHERE id = ?')
    .get(attempt.id) as { profile_id: string; scenario_id: string; total_steps: number } | undefined;
  if (!row) return undefined;
  if (
    row.profile_id !== attempt.profile.id ||
    row.scenario_id !== replay.scenarioId ||
    row.total_steps !== replay.totalSteps
  ) {
    throw new ApiError(
      'conflict',
      `${name}: attempt ${attempt.id} is already here, and it is another attempt (another profile, case or length); refused.`,
    );
  }
  return { attemptId: attempt.id, status: 'already-here' };
}
