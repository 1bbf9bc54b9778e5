import type { PackAttempt, PackProfile } from '../../contract/packs.ts';
import type { AssignedTerms } from '../../sim/scenario/assigned.ts';
import type { RecordedCommand } from '../../sim/simulation.ts';
import { SIM_CORE_VERSION, SIM_STEP_HZ } from '../../sim/version.ts';
import { termsOf } from './assignments.ts';
import { insertAttempt, type AttemptSummary, type Rescored } from './attempts.ts';
import { nameKey } from './profiles.ts';
import type { Store } from './store/store.ts';

/**
 * Filing what another workstation made: an attempt re-simulated here (from a pack or a replay
 * file) and the profile it belongs to. Used by `packs.ts` and `replay-import.ts`.
 */

/** The terms an imported attempt is judged by here, and the assignment it is filed under. */
export interface ImportedTerms {
  terms: AssignedTerms;
  /** Its assignment when that is here; null (free practice) otherwise. */
  assignmentId: string | null;
}

/**
 * The assignment an attempt was made under judges it when that assignment is here; otherwise the
 * pass mark it carries does, and it is filed as free practice (its assignment is not here to
 * point at).
 */
export function importedAttemptTerms(
  store: Store,
  incoming: { assignmentId: string | null; passMark: number | null },
): ImportedTerms {
  const assignmentId = incoming.assignmentId;
  if (assignmentId !== null && store.db.prepare('SELECT 1 FROM assignments WHERE id = ?').get(assignmentId)) {
    return { terms: termsOf(store, assignmentId), assignmentId };
  }
  return { terms: { passMark: incoming.passMark, aids: null }, assignmentId: null };
}

/** What an imported attempt carries to be stored (a pack's attempt, or a replay file's). */
export type ImportedAttempt = Pick<
  PackAttempt,
  | 'id'
  | 'profileId'
  | 'scenarioId'
  | 'scenarioVersion'
  | 'scenarioTitle'
  | 'startedAt'
  | 'finishedAt'
  | 'totalSteps'
  | 'commands'
  | 'claimed'
>;

/**
 * Stores an imported attempt with the score re-simulated here (inside the caller's transaction):
 * "verified" only when it gives the total, pass and final state hash the file claims, shows no
 * aid the terms forbid and was not flagged where it was made; otherwise "mismatch", never passed.
 */
export function storeImportedAttempt(
  store: Store,
  incoming: ImportedAttempt,
  rescored: Rescored,
  filedUnder: string | null,
  flaggedThere = false,
): AttemptSummary {
  const { score, events, finalStateHash, forbiddenAidUsed } = rescored;
  const { claimed } = incoming;
  const verification =
    Math.abs(score.total - claimed.total) < 1e-6 &&
    score.passed === claimed.passed &&
    finalStateHash === claimed.finalStateHash &&
    !forbiddenAidUsed &&
    !flaggedThere
      ? 'verified'
      : 'mismatch';
  const summary: AttemptSummary = {
    id: incoming.id,
    profileId: incoming.profileId,
    scenarioId: incoming.scenarioId,
    scenarioVersion: incoming.scenarioVersion,
    scenarioTitle: incoming.scenarioTitle,
    // The stored score and hash are this core's, whatever core the attempt was first played on.
    coreVersion: SIM_CORE_VERSION,
    startedAt: incoming.startedAt,
    finishedAt: incoming.finishedAt,
    durationS: incoming.totalSteps / SIM_STEP_HZ,
    total: score.total,
    passed: score.passed && verification === 'verified',
    verification,
    assignmentId: filedUnder,
    passMark: score.passMark,
    metrics: { ...score.metrics },
  };
  const commands: RecordedCommand[] = incoming.commands;
  insertAttempt(store, summary, { totalSteps: incoming.totalSteps, score, events, commands, finalStateHash });
  return summary;
}

/** Why a profile from another workstation cannot take its name here (another profile has it). */
export function profileNameClash(store: Store, incoming: { id: string; displayName: string }): string | undefined {
  const clash = store.db
    .prepare('SELECT id, display_name FROM profiles WHERE display_name_key = ? AND id <> ?')
    .get(nameKey(incoming.displayName), incoming.id) as { id: string; display_name: string } | undefined;
  return clash
    ? `the name "${incoming.displayName}" is taken here by another profile ("${clash.display_name}", id ${clash.id}); rename one of them and export again.`
    : undefined;
}

/** Adds a profile from another workstation, marked synced at its revision, with no passphrase. */
export function insertImportedProfile(store: Store, incoming: PackProfile): void {
  store.db
    .prepare(
      `INSERT INTO profiles (id, display_name, display_name_key, role, training_year, passphrase_hash, created_at,
         revision, synced_revision)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
    )
    .run(
      incoming.id,
      incoming.displayName,
      nameKey(incoming.displayName),
      incoming.role,
      incoming.trainingYear,
      incoming.createdAt,
      incoming.revision,
      incoming.revision,
    );
}
