import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ApiError } from '../../contract/errors.ts';
import type { UnfinishedAttempt } from '../../contract/program.ts';
import type { AssignedTerms } from '../../sim/scenario/assigned.ts';
import type { RecordedCommand } from '../../sim/simulation.ts';
import { checkMayStart, termsOf } from './assignments.ts';
import { getScenario } from './scenarios.ts';
import { isDirector, type SessionState } from './session.ts';
import type { Store } from './store/store.ts';

/**
 * Attempts under way. `attemptStart` writes a row before the case begins (refusing it when the
 * assignment allows no more attempts or the case is locked); the workstation appends the commands
 * it records every few seconds (`attemptCheckpoint`), so a crash or power cut loses at most those
 * seconds. An attempt still open on the next start is offered for resumption (its commands are
 * re-simulated to where they stopped, which the deterministic core makes exact) or abandoned; an
 * abandoned attempt counts as used. Submitting (attempts.ts) marks the row finished in the same
 * transaction that stores the scored attempt under the same id.
 */

interface UnfinishedRow {
  id: string;
  profile_id: string;
  scenario_id: string;
  scenario_version: number;
  assignment_id: string | null;
  started_at: string;
  updated_at: string;
  steps: number;
  status: 'open' | 'abandoned' | 'finished';
}

const columns = 'id, profile_id, scenario_id, scenario_version, assignment_id, started_at, updated_at, steps, status';

function toUnfinished(row: UnfinishedRow): UnfinishedAttempt {
  return {
    id: row.id,
    profileId: row.profile_id,
    scenarioId: row.scenario_id,
    scenarioVersion: row.scenario_version,
    assignmentId: row.assignment_id,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    steps: row.steps,
  };
}

function row(store: Store, id: string): UnfinishedRow {
  const found = store.db.prepare(`SELECT ${columns} FROM unfinished_attempts WHERE id = ?`).get(id) as
    UnfinishedRow | undefined;
  if (!found) throw new ApiError('not-found', `attemptId: there is no attempt under way with id ${id}.`);
  return found;
}

/** The open attempt with this id (finished or abandoned ones are refused with what became of them). */
export function openUnfinished(store: Store, id: string): UnfinishedAttempt {
  const found = row(store, id);
  if (found.status !== 'open') throw new ApiError('conflict', `attemptId: attempt ${id} is already ${found.status}.`);
  return toUnfinished(found);
}

function ownOpen(store: Store, session: SessionState, id: string): UnfinishedAttempt {
  const attempt = openUnfinished(store, id);
  if (!isDirector(store, session) && attempt.profileId !== session.profileId) {
    throw new ApiError('forbidden', `attemptId: attempt ${id} belongs to another profile.`);
  }
  return attempt;
}

export function listUnfinished(store: Store, profileId: string): UnfinishedAttempt[] {
  const rows = store.db
    .prepare(`SELECT ${columns} FROM unfinished_attempts WHERE profile_id = ? AND status = 'open' ORDER BY started_at`)
    .all(profileId) as unknown as UnfinishedRow[];
  return rows.map(toUnfinished);
}

export function startAttempt(
  store: Store,
  assetsDir: string,
  input: { profileId: string; scenarioId: string; scenarioVersion: number; assignmentId: string | null },
  now: Date,
): { attemptId: string; startedAt: string; terms: AssignedTerms } {
  const scenario = getScenario(join(assetsDir, 'scenarios'), input.scenarioId);
  if (scenario.version !== input.scenarioVersion) {
    throw new ApiError(
      'conflict',
      `scenarioVersion: version ${input.scenarioVersion} of "${scenario.id}" was asked for; this workstation has version ${scenario.version}.`,
    );
  }
  const startedAt = now.toISOString();
  const attemptId = randomUUID();
  const terms = store.transaction(() => {
    const allowed = checkMayStart(
      store,
      join(assetsDir, 'scenarios'),
      input.profileId,
      input.scenarioId,
      input.assignmentId,
      now,
    );
    store.db
      .prepare(
        `INSERT INTO unfinished_attempts (id, profile_id, scenario_id, scenario_version, assignment_id, started_at,
           updated_at, steps, commands_json, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0, '[]', 'open')`,
      )
      .run(attemptId, input.profileId, scenario.id, scenario.version, input.assignmentId, startedAt, startedAt);
    return allowed;
  });
  return { attemptId, startedAt, terms };
}

export function checkpointAttempt(
  store: Store,
  session: SessionState,
  input: { attemptId: string; fromIndex: number; commands: RecordedCommand[]; steps: number },
  now: Date,
): { commandCount: number; steps: number } {
  return store.transaction(() => {
    const attempt = ownOpen(store, session, input.attemptId);
    const stored = JSON.parse(
      (
        store.db.prepare('SELECT commands_json FROM unfinished_attempts WHERE id = ?').get(input.attemptId) as {
          commands_json: string;
        }
      ).commands_json,
    ) as RecordedCommand[];
    if (input.fromIndex !== stored.length) {
      throw new ApiError(
        'conflict',
        `fromIndex: ${stored.length} commands are saved for attempt ${input.attemptId}; the checkpoint starts at ${input.fromIndex}.`,
      );
    }
    if (input.steps < attempt.steps) {
      throw new ApiError('invalid-input', `steps: ${input.steps} is before the ${attempt.steps} steps already saved.`);
    }
    const last = stored.at(-1)?.step ?? 0;
    input.commands.forEach((command, i) => {
      const previous = i === 0 ? last : input.commands[i - 1]!.step;
      if (command.step < previous || command.step > input.steps) {
        throw new ApiError('invalid-input', `commands[${i}].step: ${command.step} is out of order.`);
      }
    });
    const commands = stored.concat(input.commands);
    store.db
      .prepare('UPDATE unfinished_attempts SET commands_json = ?, steps = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(commands), input.steps, now.toISOString(), input.attemptId);
    return { commandCount: commands.length, steps: input.steps };
  });
}

export function abandonAttempt(store: Store, session: SessionState, id: string, now: Date): UnfinishedAttempt {
  return store.transaction(() => {
    const attempt = ownOpen(store, session, id);
    store.db
      .prepare("UPDATE unfinished_attempts SET status = 'abandoned', updated_at = ? WHERE id = ?")
      .run(now.toISOString(), id);
    return attempt;
  });
}

export function resumeAttempt(
  store: Store,
  session: SessionState,
  id: string,
): UnfinishedAttempt & { commands: RecordedCommand[]; terms: AssignedTerms } {
  const attempt = ownOpen(store, session, id);
  const { commands_json } = store.db.prepare('SELECT commands_json FROM unfinished_attempts WHERE id = ?').get(id) as {
    commands_json: string;
  };
  const terms = attempt.assignmentId === null ? { passMark: null, aids: null } : termsOf(store, attempt.assignmentId);
  return { ...attempt, commands: JSON.parse(commands_json) as RecordedCommand[], terms };
}

/** Marks an attempt under way as finished (inside the transaction that stores its score). */
export function finishUnfinished(store: Store, id: string, now: Date): void {
  store.db
    .prepare("UPDATE unfinished_attempts SET status = 'finished', updated_at = ? WHERE id = ? AND status = 'open'")
    .run(now.toISOString(), id);
}
