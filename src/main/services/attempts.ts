import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApiError } from '../../contract/errors.ts';
import { buildAtlas } from '../../sim/anatomy/atlas/index.ts';
import { replaySimulation } from '../../sim/replay/replay.ts';
import { simulationSetupFor } from '../../sim/scenario/setup.ts';
import { scoreAttempt, type AttemptScore } from '../../sim/scoring/score.ts';
import { simulationStateHash, type RecordedCommand, type SimEvent } from '../../sim/simulation.ts';
import { SIM_CORE_VERSION, SIM_STEP_HZ } from '../../sim/version.ts';
import { findProfile } from './profiles.ts';
import { getScenario } from './scenarios.ts';
import type { Store } from './store/store.ts';

/**
 * Finished attempts. The workstation sends what the trainee did (the recorded commands) and the
 * score it showed; the main process re-simulates the commands on the case, scores the result
 * itself and stores that score, marked "verified" when it matches the claim and "mismatch" when
 * it does not (a mismatch is never shown as earned). Row and log are written in one transaction.
 *
 * The re-simulation runs on the calling thread for now (a drill of a few minutes takes seconds);
 * moving it to a worker thread is part of the replay work (issue #7).
 */

/** Longest attempt accepted: two hours of simulated time. */
export const maxAttemptSteps = 2 * 3600 * SIM_STEP_HZ;

export interface AttemptSubmission {
  profileId: string;
  scenarioId: string;
  scenarioVersion: number;
  startedAt: string;
  commands: RecordedCommand[];
  totalSteps: number;
  claimed: { total: number; passed: boolean };
}

export interface AttemptSummary {
  id: string;
  profileId: string;
  scenarioId: string;
  scenarioVersion: number;
  scenarioTitle: string;
  coreVersion: string;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  total: number;
  passed: boolean;
  verification: 'verified' | 'mismatch';
}

export interface AttemptRecord extends AttemptSummary {
  score: AttemptScore;
  events: SimEvent[];
}

export function submitAttempt(
  store: Store,
  assetsDir: string,
  input: AttemptSubmission,
  now: () => Date,
): AttemptSummary {
  if (!findProfile(store, input.profileId))
    throw new ApiError('not-found', `profileId: no profile with id ${input.profileId}.`);
  const scenario = getScenario(join(assetsDir, 'scenarios'), input.scenarioId);
  if (scenario.version !== input.scenarioVersion) {
    throw new ApiError(
      'conflict',
      `scenarioVersion: the attempt was made on version ${input.scenarioVersion} of "${scenario.id}", this workstation has version ${scenario.version}.`,
    );
  }
  if (input.totalSteps > maxAttemptSteps) {
    throw new ApiError(
      'invalid-input',
      `totalSteps: ${input.totalSteps} is longer than the ${maxAttemptSteps} steps (2 h) an attempt may last.`,
    );
  }
  const tree = buildAtlas(scenario.anatomy, scenario.atlas);
  let score: AttemptScore;
  let events: SimEvent[];
  let finalStateHash: string;
  try {
    const simulation = replaySimulation(simulationSetupFor(scenario, tree), input.commands, input.totalSteps);
    score = scoreAttempt(scenario, simulation);
    events = simulation.events;
    finalStateHash = simulationStateHash(simulation);
  } catch (error) {
    throw new ApiError('invalid-input', `commands: the attempt cannot be re-simulated: ${(error as Error).message}`);
  }
  const verification =
    Math.abs(score.total - input.claimed.total) < 1e-6 && score.passed === input.claimed.passed
      ? 'verified'
      : 'mismatch';
  const summary: AttemptSummary = {
    id: randomUUID(),
    profileId: input.profileId,
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    scenarioTitle: scenario.title,
    coreVersion: SIM_CORE_VERSION,
    startedAt: input.startedAt,
    finishedAt: now().toISOString(),
    durationS: input.totalSteps / SIM_STEP_HZ,
    total: score.total,
    passed: score.passed && verification === 'verified',
    verification,
  };
  store.transaction(() => {
    store.db
      .prepare(
        `INSERT INTO attempts (id, profile_id, scenario_id, scenario_version, scenario_title, core_version, started_at,
           finished_at, total_steps, score_total, passed, verification, score_json, events_json, commands_json,
           final_state_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        summary.id,
        summary.profileId,
        summary.scenarioId,
        summary.scenarioVersion,
        summary.scenarioTitle,
        summary.coreVersion,
        summary.startedAt,
        summary.finishedAt,
        input.totalSteps,
        summary.total,
        summary.passed ? 1 : 0,
        summary.verification,
        JSON.stringify(score),
        JSON.stringify(events),
        JSON.stringify(input.commands),
        finalStateHash,
      );
  });
  return summary;
}

interface AttemptRow {
  id: string;
  profile_id: string;
  scenario_id: string;
  scenario_version: number;
  scenario_title: string;
  core_version: string;
  started_at: string;
  finished_at: string;
  total_steps: number;
  score_total: number;
  passed: number;
  verification: 'verified' | 'mismatch';
}

const summaryColumns = `id, profile_id, scenario_id, scenario_version, scenario_title, core_version, started_at,
  finished_at, total_steps, score_total, passed, verification`;

function toSummary(row: AttemptRow): AttemptSummary {
  return {
    id: row.id,
    profileId: row.profile_id,
    scenarioId: row.scenario_id,
    scenarioVersion: row.scenario_version,
    scenarioTitle: row.scenario_title,
    coreVersion: row.core_version,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationS: row.total_steps / SIM_STEP_HZ,
    total: row.score_total,
    passed: row.passed === 1,
    verification: row.verification,
  };
}

/** A profile's attempts (or everyone's), newest first. */
export function listAttempts(store: Store, profileId: string | undefined): AttemptSummary[] {
  const rows = (profileId === undefined
    ? store.db.prepare(`SELECT ${summaryColumns} FROM attempts ORDER BY finished_at DESC, id`).all()
    : store.db
        .prepare(`SELECT ${summaryColumns} FROM attempts WHERE profile_id = ? ORDER BY finished_at DESC, id`)
        .all(profileId)) as unknown as AttemptRow[];
  return rows.map(toSummary);
}

export function getAttempt(store: Store, id: string): AttemptRecord {
  const row = store.db
    .prepare(`SELECT ${summaryColumns}, score_json, events_json FROM attempts WHERE id = ?`)
    .get(id) as (AttemptRow & { score_json: string; events_json: string }) | undefined;
  if (!row) throw new ApiError('not-found', `There is no attempt with id ${id}.`);
  return {
    ...toSummary(row),
    score: JSON.parse(row.score_json) as AttemptScore,
    events: JSON.parse(row.events_json) as SimEvent[],
  };
}

/** The recorded commands of an attempt, for the replay player. */
export function getAttemptReplay(
  store: Store,
  id: string,
): {
  id: string;
  scenarioId: string;
  scenarioVersion: number;
  coreVersion: string;
  totalSteps: number;
  commands: RecordedCommand[];
  claimed: { total: number; passed: boolean; finalStateHash: string };
} {
  const row = store.db
    .prepare(
      `SELECT id, scenario_id, scenario_version, core_version, total_steps, commands_json, score_json,
              final_state_hash FROM attempts WHERE id = ?`,
    )
    .get(id) as
    | {
        id: string;
        scenario_id: string;
        scenario_version: number;
        core_version: string;
        total_steps: number;
        commands_json: string;
        score_json: string;
        final_state_hash: string;
      }
    | undefined;
  if (!row) throw new ApiError('not-found', `There is no attempt with id ${id}.`);
  return {
    id: row.id,
    scenarioId: row.scenario_id,
    scenarioVersion: row.scenario_version,
    coreVersion: row.core_version,
    totalSteps: row.total_steps,
    commands: JSON.parse(row.commands_json) as RecordedCommand[],
    // What the main process's own re-simulation gave (the stored score), not the workstation's claim.
    claimed: (() => {
      const score = JSON.parse(row.score_json) as AttemptScore;
      return { total: score.total, passed: score.passed, finalStateHash: row.final_state_hash };
    })(),
  };
}
