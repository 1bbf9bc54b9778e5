import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApiError } from '../../contract/errors.ts';
import { buildAtlas } from '../../sim/anatomy/atlas/index.ts';
import { replaySimulation } from '../../sim/replay/replay.ts';
import { asAssigned, type AssignedTerms } from '../../sim/scenario/assigned.ts';
import type { Scenario } from '../../sim/scenario/scenario.ts';
import { simulationSetupFor } from '../../sim/scenario/setup.ts';
import type { AttemptFilters } from '../../contract/program.ts';
import { termsOf } from './assignments.ts';
import { scoreAttempt, type AttemptScore } from '../../sim/scoring/score.ts';
import { simulationStateHash, type RecordedCommand, type SimEvent } from '../../sim/simulation.ts';
import { SIM_CORE_VERSION, SIM_STEP_HZ } from '../../sim/version.ts';
import { findProfile } from './profiles.ts';
import { finishUnfinished, openUnfinished } from './unfinished.ts';
import { getScenario } from './scenarios.ts';
import type { Store } from './store/store.ts';
import type { Verifier } from './verifier.ts';

/**
 * Finished attempts. The workstation sends what the trainee did (the recorded commands) and the
 * score it showed; the main process re-simulates the commands on the case, scores the result
 * itself and stores that score, marked "verified" when it matches the claim and "mismatch" when
 * it does not (a mismatch is never shown as earned). Row and log are written in one transaction.
 *
 * The re-simulation takes seconds for a long attempt, so it runs in a worker thread (`verifier.ts`):
 * the main process (in Electron, the window) stays responsive meanwhile. What the submission
 * depends on is checked before it and again in the transaction after it, since other calls run
 * while it is away (the same attempt submitted twice, a backup restored).
 */

/** Longest attempt accepted: two hours of simulated time. */
export const maxAttemptSteps = 2 * 3600 * SIM_STEP_HZ;

export interface AttemptSubmission {
  /** The id `attemptStart` gave (its assignment and terms come from there). */
  attemptId?: string | undefined;
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
  assignmentId: string | null;
  passMark: number;
  metrics: Record<string, number>;
}

export interface AttemptRecord extends AttemptSummary {
  score: AttemptScore;
  events: SimEvent[];
}

/** What is re-simulated: the case and version, the recorded commands and how long it ran. */
export interface RescoreRequest {
  scenarioId: string;
  scenarioVersion: number;
  commands: RecordedCommand[];
  totalSteps: number;
  /** The anatomy variation it was played on (a replay file's `seed`); absent or null: the case's own. */
  seed?: number | null | undefined;
}

/** What re-simulating an attempt gives: the case as played, its score, log and final state hash. */
export interface Rescored {
  scenario: Scenario;
  score: AttemptScore;
  events: SimEvent[];
  finalStateHash: string;
  /** A learning aid the terms forbid was shown (the workstation never allows it: a forged log). */
  forbiddenAidUsed: boolean;
}

/**
 * Re-simulates recorded commands on a case from the library, as assigned, and scores the result.
 * The one place attempts are judged: submission, import and the command line all come here
 * (the first two through the verifier's worker thread).
 */
export function rescoreAttempt(assetsDir: string, attempt: RescoreRequest, terms: AssignedTerms): Rescored {
  const library = getScenario(join(assetsDir, 'scenarios'), attempt.scenarioId);
  if (library.version !== attempt.scenarioVersion) {
    throw new ApiError(
      'conflict',
      `scenarioVersion: the attempt was made on version ${attempt.scenarioVersion} of "${library.id}", this workstation has version ${library.version}.`,
    );
  }
  if (attempt.totalSteps > maxAttemptSteps) {
    throw new ApiError(
      'invalid-input',
      `totalSteps: ${attempt.totalSteps} is longer than the ${maxAttemptSteps} steps (2 h) an attempt may last.`,
    );
  }
  const assigned = asAssigned(library, terms);
  const scenario =
    attempt.seed === undefined || attempt.seed === null
      ? assigned
      : { ...assigned, atlas: { ...assigned.atlas, seed: attempt.seed } };
  const tree = buildAtlas(scenario.anatomy, scenario.atlas);
  try {
    const simulation = replaySimulation(simulationSetupFor(scenario, tree), attempt.commands, attempt.totalSteps);
    const events = simulation.events;
    const forbiddenAidUsed = events.some(
      (event) =>
        event.kind === 'aid' &&
        event.on &&
        ((event.aid === 'see-through' && !scenario.aids.seeThrough) ||
          (event.aid === 'roadmap' && !scenario.aids.roadmap)),
    );
    return {
      scenario,
      score: scoreAttempt(scenario, simulation),
      events,
      finalStateHash: simulationStateHash(simulation),
      forbiddenAidUsed,
    };
  } catch (error) {
    throw new ApiError('invalid-input', `commands: the attempt cannot be re-simulated: ${(error as Error).message}`);
  }
}

/**
 * What submitting and importing attempts need: the database (read at each use, never kept across
 * a wait: a restored backup replaces it) and the verifier that re-simulates in a worker thread.
 * The API's `ServiceContext` is one.
 */
export interface AttemptServices {
  readonly store: Store;
  readonly verifier: Verifier;
  /** Folder holding `scenarios/`. */
  readonly assetsDir: string;
}

export async function submitAttempt(
  services: AttemptServices,
  input: AttemptSubmission,
  now: () => Date,
): Promise<AttemptSummary> {
  const { assignmentId } = checkSubmission(services.store, input);
  const terms = assignmentId === null ? { passMark: null, aids: null } : termsOf(services.store, assignmentId);
  const { scenario, score, events, finalStateHash, forbiddenAidUsed } = await services.verifier.rescore(input, terms);
  const verification =
    Math.abs(score.total - input.claimed.total) < 1e-6 && score.passed === input.claimed.passed && !forbiddenAidUsed
      ? 'verified'
      : 'mismatch';
  const store = services.store;
  return store.transaction(() => {
    // Again, now that the attempt is back from the worker: a second submission of it (a double
    // click) may have finished it meanwhile, or a restore replaced the database.
    const { opened } = checkSubmission(store, input);
    const summary: AttemptSummary = {
      id: opened?.id ?? randomUUID(),
      profileId: input.profileId,
      scenarioId: scenario.id,
      scenarioVersion: scenario.version,
      scenarioTitle: scenario.title,
      coreVersion: SIM_CORE_VERSION,
      startedAt: opened?.startedAt ?? input.startedAt,
      finishedAt: now().toISOString(),
      durationS: input.totalSteps / SIM_STEP_HZ,
      total: score.total,
      passed: score.passed && verification === 'verified',
      verification,
      assignmentId,
      passMark: score.passMark,
      metrics: { ...score.metrics },
    };
    insertAttempt(store, summary, {
      totalSteps: input.totalSteps,
      score,
      events,
      commands: input.commands,
      finalStateHash,
    });
    if (opened) finishUnfinished(store, opened.id, now());
    return summary;
  });
}

/** The profile exists and the attempt it names is open, this profile's and on this case. */
function checkSubmission(
  store: Store,
  input: AttemptSubmission,
): { opened: ReturnType<typeof openUnfinished> | undefined; assignmentId: string | null } {
  if (!findProfile(store, input.profileId))
    throw new ApiError('not-found', `profileId: no profile with id ${input.profileId}.`);
  const opened = input.attemptId === undefined ? undefined : openUnfinished(store, input.attemptId);
  if (opened && (opened.profileId !== input.profileId || opened.scenarioId !== input.scenarioId)) {
    throw new ApiError(
      'invalid-input',
      `attemptId: attempt ${opened.id} was started by another profile or on another case.`,
    );
  }
  return { opened, assignmentId: opened?.assignmentId ?? null };
}

/** Writes one attempt row (inside the caller's transaction). */
export function insertAttempt(
  store: Store,
  summary: AttemptSummary,
  detail: {
    totalSteps: number;
    score: AttemptScore;
    events: SimEvent[];
    commands: RecordedCommand[];
    finalStateHash: string;
  },
): void {
  store.db
    .prepare(
      `INSERT INTO attempts (id, profile_id, scenario_id, scenario_version, scenario_title, core_version, started_at,
         finished_at, total_steps, score_total, passed, verification, score_json, events_json, commands_json,
         final_state_hash, assignment_id, pass_mark)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      detail.totalSteps,
      summary.total,
      summary.passed ? 1 : 0,
      summary.verification,
      JSON.stringify(detail.score),
      JSON.stringify(detail.events),
      JSON.stringify(detail.commands),
      detail.finalStateHash,
      summary.assignmentId,
      summary.passMark,
    );
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
  assignment_id: string | null;
  pass_mark_used: number;
  metrics_json: string;
}

export const summaryColumns = `id, profile_id, scenario_id, scenario_version, scenario_title, core_version, started_at,
  finished_at, total_steps, score_total, passed, verification, assignment_id,
  coalesce(pass_mark, json_extract(score_json, '$.passMark')) AS pass_mark_used,
  json_extract(score_json, '$.metrics') AS metrics_json`;

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
    assignmentId: row.assignment_id,
    passMark: row.pass_mark_used,
    metrics: JSON.parse(row.metrics_json) as Record<string, number>,
  };
}

/** The WHERE clause (and its parameters) that picks the attempts matching `filters`. */
export function attemptFilterSql(filters: AttemptFilters): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, value: string | number): void => {
    clauses.push(clause);
    params.push(value);
  };
  if (filters.profileId !== undefined) add('profile_id = ?', filters.profileId);
  if (filters.scenarioId !== undefined) add('scenario_id = ?', filters.scenarioId);
  if (filters.assignmentId !== undefined) add('assignment_id = ?', filters.assignmentId);
  if (filters.passed !== undefined) add('passed = ?', filters.passed ? 1 : 0);
  if (filters.from !== undefined) add('finished_at >= ?', new Date(filters.from).toISOString());
  if (filters.to !== undefined) add('finished_at < ?', new Date(filters.to).toISOString());
  return { where: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

/** Attempts matching the filters (everyone's when none), newest first. */
export function listAttempts(store: Store, filters: AttemptFilters = {}): AttemptSummary[] {
  const { where, params } = attemptFilterSql(filters);
  const rows = store.db
    .prepare(`SELECT ${summaryColumns} FROM attempts ${where} ORDER BY finished_at DESC, id`)
    .all(...params) as unknown as AttemptRow[];
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
