import type { ProfileRole } from '../../contract/calls.ts';
import type { PackAssignment, PackAttempt, PackCurriculum, PackProfile } from '../../contract/packs.ts';
import type { RecordedCommand } from '../../sim/simulation.ts';
import type { Store } from './store/store.ts';

/** The database rows packs read, and how each becomes its record in a pack file (`packs.ts`). */

export interface ProfileRow {
  id: string;
  display_name: string;
  role: ProfileRole;
  training_year: number | null;
  created_at: string;
  revision: number;
  synced_revision: number;
}

export function readProfiles(store: Store, sql: string, ...params: string[]): PackProfile[] {
  return (store.db.prepare(sql).all(...params) as unknown as ProfileRow[]).map(toPackProfile);
}

/** Only these columns leave the workstation: never the passphrase hash nor the sign-in counters. */
export function toPackProfile(row: ProfileRow): PackProfile {
  return {
    id: row.id,
    displayName: row.display_name,
    role: row.role,
    trainingYear: row.training_year,
    createdAt: row.created_at,
    revision: row.revision,
  };
}

export interface CurriculumRow {
  id: string;
  title: string;
  passes_in_a_row: number;
  steps_json: string;
  created_at: string;
  updated_at: string;
  revision: number;
  synced_revision: number;
}

/** A curriculum row as the app and the packs both give it (the two shapes are the same). */
export function curriculumFromRow(row: CurriculumRow): PackCurriculum {
  return {
    id: row.id,
    title: row.title,
    passesInARow: row.passes_in_a_row,
    scenarioIds: JSON.parse(row.steps_json) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: row.revision,
  };
}

export interface AssignmentRow {
  id: string;
  scenario_id: string | null;
  curriculum_id: string | null;
  due_at: string | null;
  pass_mark: number | null;
  attempts_allowed: number | null;
  allow_see_through: number;
  allow_roadmap: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  archived: number;
  revision: number;
  synced_revision: number;
}

export function toPackAssignment(store: Store, row: AssignmentRow): PackAssignment {
  const trainees = store.db
    .prepare('SELECT profile_id FROM assignment_trainees WHERE assignment_id = ? ORDER BY profile_id')
    .all(row.id) as { profile_id: string }[];
  return {
    id: row.id,
    target:
      row.scenario_id !== null
        ? { kind: 'case', scenarioId: row.scenario_id }
        : { kind: 'curriculum', curriculumId: row.curriculum_id! },
    traineeIds: trainees.map((trainee) => trainee.profile_id),
    dueAt: row.due_at,
    passMark: row.pass_mark,
    attemptsAllowed: row.attempts_allowed,
    aids: { seeThrough: row.allow_see_through === 1, roadmap: row.allow_roadmap === 1 },
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archived: row.archived === 1,
    revision: row.revision,
  };
}

export const attemptColumns = `id, profile_id, scenario_id, scenario_version, scenario_title, core_version, started_at,
  finished_at, total_steps, assignment_id, pass_mark, commands_json, score_total, passed, final_state_hash`;

export interface AttemptRow {
  id: string;
  profile_id: string;
  scenario_id: string;
  scenario_version: number;
  scenario_title: string;
  core_version: string;
  started_at: string;
  finished_at: string;
  total_steps: number;
  assignment_id: string | null;
  pass_mark: number | null;
  commands_json: string;
  score_total: number;
  passed: number;
  final_state_hash: string;
}

export function toPackAttempt(row: AttemptRow): PackAttempt {
  return {
    id: row.id,
    profileId: row.profile_id,
    scenarioId: row.scenario_id,
    scenarioVersion: row.scenario_version,
    scenarioTitle: row.scenario_title,
    coreVersion: row.core_version,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    totalSteps: row.total_steps,
    assignmentId: row.assignment_id,
    passMark: row.pass_mark,
    commands: JSON.parse(row.commands_json) as RecordedCommand[],
    // The stored score is this workstation's own re-simulation. `passed` is the stored flag, false
    // for a mismatch, so an attempt flagged here cannot come back passed and verified elsewhere.
    claimed: { total: row.score_total, passed: row.passed === 1, finalStateHash: row.final_state_hash },
  };
}
