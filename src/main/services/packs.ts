import { join } from 'node:path';
import { ApiError } from '../../contract/errors.ts';
import {
  assignmentPackFormat,
  AssignmentPackSchema,
  attemptPackFormat,
  AttemptPackSchema,
  PackHeaderSchema,
  packVersion,
  type AssignmentPack,
  type AttemptPack,
  type PackAssignment,
  type PackAttempt,
  type PackCurriculum,
  type PackProfile,
} from '../../contract/packs.ts';
import type { PackImportReport } from '../../contract/program.ts';
import { describeSchemaIssues } from '../../sim/schema-errors.ts';
import type { AttemptServices, Rescored } from './attempts.ts';
import { nameKey } from './profiles.ts';
import {
  importedAttemptTerms,
  type ImportedTerms,
  insertImportedProfile,
  profileNameClash,
  storeImportedAttempt,
} from './imported-records.ts';
import { listScenarios } from './scenarios.ts';
import type { Store } from './store/store.ts';
import {
  attemptColumns,
  readProfiles,
  toPackProfile,
  toPackAssignment,
  toPackAttempt,
  curriculumFromRow,
  type AssignmentRow,
  type AttemptRow,
  type CurriculumRow,
  type ProfileRow,
} from './pack-rows.ts';

/**
 * Packs: the training program (roster, curricula, assignments) and finished attempts, carried
 * between workstations as versioned JSON files (`contract/packs.ts`). An import runs in one
 * transaction: it lands whole or not at all, and a conflict is reported, never forced.
 *
 * Merge rules, record by record (by id):
 * - Absent here: added, with the pack's revision, and marked synced at that revision.
 * - Same content here: unchanged (so importing a pack twice changes nothing the second time).
 * - Different content, not edited here since the last exchange (revision = synced revision) and
 *   the pack's revision newer: fast-forwarded (content and revision replaced, synced at it).
 * - Different content otherwise (edited on both sides, or the pack's copy older): a conflict
 *   naming what differs; the record here is left exactly as it was.
 * - Profiles: a new profile whose name is taken here by another, or a role that differs, is a
 *   conflict (a role never changes by pack: that would let a file make someone a director).
 * - Curricula and assignments must name cases installed here, and an assignment's trainees and
 *   curriculum must exist once the pack's own records are in; otherwise a conflict.
 * - Attempts are never overwritten: one already here is unchanged. A new one is re-simulated and
 *   scored here (`rescoreAttempt`, in the verifier's worker thread, before the transaction: a
 *   transaction cannot wait), stored "verified" only when that gives the exporting
 *   workstation's total, pass and final state hash, else "mismatch" and not passed. One that
 *   cannot be re-simulated here (case missing, another version, a bad log) is a conflict; the
 *   others still import. Replay files (`replay-import.ts`) file their attempt the same way.
 *
 * An export marks what it wrote as synced (synced revision = revision): the copy in the file is
 * the last one both workstations agree on, so a later edit on either side is told apart from an
 * edit on both.
 *
 * Passphrase hashes and failed sign-ins never leave the workstation: an imported director
 * profile has no passphrase until one is set on the importing workstation (from the command
 * line: `profile set-passphrase`). That is deliberate: a lost USB stick gives no one a
 * director's passphrase hash to attack.
 */

export function exportAssignmentPack(store: Store, now: Date): AssignmentPack {
  return store.transaction(() => {
    const pack: AssignmentPack = {
      format: assignmentPackFormat,
      version: packVersion,
      exportedAt: now.toISOString(),
      profiles: readProfiles(store, 'SELECT * FROM profiles ORDER BY display_name_key, id'),
      curricula: (
        store.db.prepare('SELECT * FROM curricula ORDER BY created_at, id').all() as unknown as CurriculumRow[]
      ).map(curriculumFromRow),
      assignments: (
        store.db.prepare('SELECT * FROM assignments ORDER BY created_at, id').all() as unknown as AssignmentRow[]
      ).map((row) => toPackAssignment(store, row)),
    };
    for (const table of ['profiles', 'curricula', 'assignments']) {
      store.db.exec(`UPDATE ${table} SET synced_revision = revision`);
    }
    return pack;
  });
}

/** The named attempts (all when `attemptIds` is undefined) and the profiles who made them. */
export function exportAttemptPack(store: Store, attemptIds: string[] | undefined, now: Date): AttemptPack {
  return store.transaction(() => {
    const select = store.db.prepare(`SELECT ${attemptColumns} FROM attempts WHERE id = ?`);
    const rows =
      attemptIds === undefined
        ? (store.db.prepare(`SELECT ${attemptColumns} FROM attempts`).all() as unknown as AttemptRow[])
        : [...new Set(attemptIds)].map((id, index) => {
            const row = select.get(id) as AttemptRow | undefined;
            if (!row) throw new ApiError('not-found', `attemptIds[${index}]: there is no attempt with id ${id}.`);
            return row;
          });
    rows.sort((a, b) => a.finished_at.localeCompare(b.finished_at) || a.id.localeCompare(b.id));
    const profileIds = [...new Set(rows.map((row) => row.profile_id))];
    const profiles = readProfiles(
      store,
      `SELECT * FROM profiles WHERE id IN (SELECT value FROM json_each(?)) ORDER BY display_name_key, id`,
      JSON.stringify(profileIds),
    );
    store.db
      .prepare('UPDATE profiles SET synced_revision = revision WHERE id IN (SELECT value FROM json_each(?))')
      .run(JSON.stringify(profileIds));
    return {
      format: attemptPackFormat,
      version: packVersion,
      exportedAt: now.toISOString(),
      profiles,
      attempts: rows.map(toPackAttempt),
    };
  });
}

/**
 * Reads a pack and merges it in (rules above). `_now` is unused: imported records keep the times
 * they carry.
 */
export async function importPack(services: AttemptServices, json: string, _now: Date): Promise<PackImportReport> {
  const pack = parsePack(json);
  const installed = new Set(listScenarios(join(services.assetsDir, 'scenarios')).scenarios.map((header) => header.id));
  const rescored = pack.format === attemptPackFormat ? await rescoreNewAttempts(services, pack, installed) : new Map();
  const store = services.store;
  return store.transaction(() => {
    const merge = new Merge(store, installed, pack, rescored);
    for (const profile of pack.profiles) merge.profile(profile);
    if (pack.format === assignmentPackFormat) {
      for (const curriculum of pack.curricula) merge.curriculum(curriculum);
      for (const assignment of pack.assignments) merge.assignment(assignment);
    } else {
      for (const attempt of pack.attempts) merge.attempt(attempt);
    }
    return merge.report;
  });
}

/** An attempt re-simulated for import: the terms it was judged by, and the result or why it failed. */
interface Rescoring {
  judged: ImportedTerms;
  outcome: Rescored | ApiError;
}

/**
 * Re-simulates the pack's attempts that could be added (not here yet, case installed, profile in
 * the pack or here), all queued on the verifier at once.
 */
async function rescoreNewAttempts(
  services: AttemptServices,
  pack: AttemptPack,
  installed: ReadonlySet<string>,
): Promise<Map<string, Rescoring>> {
  const store = services.store;
  const packProfiles = new Set(pack.profiles.map((profile) => profile.id));
  const candidates = pack.attempts.filter(
    (incoming) =>
      installed.has(incoming.scenarioId) &&
      !attemptHere(store, incoming.id) &&
      (packProfiles.has(incoming.profileId) ||
        store.db.prepare('SELECT 1 FROM profiles WHERE id = ?').get(incoming.profileId)),
  );
  const rescorings = candidates.map(async (incoming): Promise<[string, Rescoring]> => {
    const judged = importedAttemptTerms(store, incoming);
    try {
      return [incoming.id, { judged, outcome: await services.verifier.rescore(incoming, judged.terms) }];
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return [incoming.id, { judged, outcome: error }];
    }
  });
  return new Map(await Promise.all(rescorings));
}

function attemptHere(store: Store, id: string): boolean {
  return store.db.prepare('SELECT 1 FROM attempts WHERE id = ?').get(id) !== undefined;
}

function parsePack(json: string): AssignmentPack | AttemptPack {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ApiError('invalid-input', `pack: not JSON (${(error as Error).message}).`);
  }
  const header = PackHeaderSchema.safeParse(value);
  if (!header.success) {
    throw new ApiError(
      'invalid-input',
      `pack: ${describeSchemaIssues(header.error.issues, value)}. Is this an IR Trainer pack file?`,
    );
  }
  const { format, version } = header.data;
  const schema =
    format === assignmentPackFormat
      ? AssignmentPackSchema
      : format === attemptPackFormat
        ? AttemptPackSchema
        : undefined;
  if (!schema) {
    throw new ApiError(
      'invalid-input',
      `pack: format ${JSON.stringify(format)} is not an IR Trainer pack (expected "${assignmentPackFormat}" or "${attemptPackFormat}").`,
    );
  }
  if (version > packVersion) {
    throw new ApiError(
      'invalid-input',
      `pack: version ${version} was written by a newer IR Trainer (this one reads up to version ${packVersion}); update the app on this workstation to import it.`,
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError('invalid-input', `pack: ${describeSchemaIssues(parsed.error.issues, value)}`);
  }
  return parsed.data;
}

/** What a record here looks like next to the pack's copy. */
type Decision = 'add' | 'unchanged' | 'fast-forward' | { conflict: string };

function decide<T extends { revision: number }>(
  here: { record: T; syncedRevision: number } | undefined,
  incoming: T,
): Decision {
  if (!here) return 'add';
  const differences = describeDifferences(here.record, incoming);
  if (differences.length === 0) return 'unchanged';
  const { revision } = here.record;
  const editedHere = revision !== here.syncedRevision;
  const editedThere = incoming.revision > here.syncedRevision;
  if (!editedHere && editedThere) return 'fast-forward';
  const why =
    editedHere && editedThere
      ? `edited on both workstations since they last exchanged it at revision ${here.syncedRevision} (here revision ${revision}, the pack's ${incoming.revision})`
      : `the pack holds an older copy (revision ${incoming.revision}; here ${revision})`;
  return { conflict: `${why}: ${differences.join('; ')}. Kept as it is here.` };
}

/** Each field whose value differs, with both values: `title ("A" here, "B" in the pack)`. */
function describeDifferences<T extends { revision: number }>(here: T, incoming: T): string[] {
  const differences: string[] = [];
  for (const key of Object.keys(incoming) as (keyof T & string)[]) {
    if (key === 'revision') continue;
    const hereText = JSON.stringify(here[key]);
    const incomingText = JSON.stringify(incoming[key]);
    if (hereText !== incomingText) {
      differences.push(`${key} (${shorten(hereText)} here, ${shorten(incomingText)} in the pack)`);
    }
  }
  return differences;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** One import under way: applies each record's decision and keeps the report. */
class Merge {
  readonly report: PackImportReport;
  private readonly store: Store;
  /** Ids of the cases in this workstation's library. */
  private readonly installed: ReadonlySet<string>;
  /** The pack's profiles' names by id, to name a trainee in a message. */
  private readonly packNames: ReadonlyMap<string, string>;
  /** The pack's new attempts, re-simulated before the transaction, by id. */
  private readonly rescored: ReadonlyMap<string, Rescoring>;

  constructor(
    store: Store,
    installed: ReadonlySet<string>,
    pack: AssignmentPack | AttemptPack,
    rescored: ReadonlyMap<string, Rescoring>,
  ) {
    this.store = store;
    this.installed = installed;
    this.rescored = rescored;
    this.packNames = new Map(pack.profiles.map((profile) => [profile.id, profile.displayName]));
    const kind = pack.format === assignmentPackFormat ? 'assignment-pack' : 'attempt-pack';
    this.report = { kind, added: 0, updated: 0, unchanged: 0, conflicts: [] };
  }

  profile(incoming: PackProfile): void {
    const here = this.profileHere(incoming.id);
    if (here && here.record.role !== incoming.role) {
      return this.conflict(
        'profile',
        incoming.id,
        `${here.record.displayName} is a ${here.record.role} here and a ${incoming.role} in the pack; a role is never changed by a pack. Kept as it is here.`,
      );
    }
    const decision = decide(here, incoming);
    if (decision === 'add' || decision === 'fast-forward') {
      const clash = profileNameClash(this.store, incoming);
      if (clash) return this.conflict('profile', incoming.id, clash);
    }
    this.apply('profile', incoming.id, decision, {
      add: () => insertImportedProfile(this.store, incoming),
      replace: () =>
        this.store.db
          .prepare(
            `UPDATE profiles SET display_name = ?, display_name_key = ?, training_year = ?, created_at = ?, revision = ?,
               synced_revision = ? WHERE id = ?`,
          )
          .run(
            incoming.displayName,
            nameKey(incoming.displayName),
            incoming.trainingYear,
            incoming.createdAt,
            incoming.revision,
            incoming.revision,
            incoming.id,
          ),
    });
  }

  curriculum(incoming: PackCurriculum): void {
    const row = this.store.db.prepare('SELECT * FROM curricula WHERE id = ?').get(incoming.id) as
      CurriculumRow | undefined;
    const here = row && { record: curriculumFromRow(row), syncedRevision: row.synced_revision };
    const decision = decide(here, incoming);
    if (decision === 'add' || decision === 'fast-forward') {
      const missing = this.missingCases(incoming.scenarioIds);
      if (missing) return this.conflict('curriculum', incoming.id, `"${incoming.title}": ${missing}`);
    }
    const values = [
      incoming.title,
      incoming.passesInARow,
      JSON.stringify(incoming.scenarioIds),
      incoming.createdAt,
      incoming.updatedAt,
      incoming.revision,
      incoming.revision,
    ];
    this.apply('curriculum', incoming.id, decision, {
      add: () =>
        this.store.db
          .prepare(
            `INSERT INTO curricula (title, passes_in_a_row, steps_json, created_at, updated_at, revision, synced_revision, id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(...values, incoming.id),
      replace: () =>
        this.store.db
          .prepare(
            `UPDATE curricula SET title = ?, passes_in_a_row = ?, steps_json = ?, created_at = ?, updated_at = ?,
               revision = ?, synced_revision = ? WHERE id = ?`,
          )
          .run(...values, incoming.id),
    });
  }

  assignment(incoming: PackAssignment): void {
    const row = this.store.db.prepare('SELECT * FROM assignments WHERE id = ?').get(incoming.id) as
      AssignmentRow | undefined;
    const here = row && { record: toPackAssignment(this.store, row), syncedRevision: row.synced_revision };
    const decision = decide(here, incoming);
    if (decision === 'add' || decision === 'fast-forward') {
      const dangling = this.danglingReference(incoming);
      if (dangling) return this.conflict('assignment', incoming.id, dangling);
    }
    const { target, aids } = incoming;
    const values = [
      target.kind === 'case' ? target.scenarioId : null,
      target.kind === 'curriculum' ? target.curriculumId : null,
      incoming.dueAt,
      incoming.passMark,
      incoming.attemptsAllowed,
      aids.seeThrough ? 1 : 0,
      aids.roadmap ? 1 : 0,
      incoming.createdBy,
      incoming.createdAt,
      incoming.updatedAt,
      incoming.archived ? 1 : 0,
      incoming.revision,
      incoming.revision,
    ];
    const setTrainees = (): void => {
      this.store.db.prepare('DELETE FROM assignment_trainees WHERE assignment_id = ?').run(incoming.id);
      const insert = this.store.db.prepare('INSERT INTO assignment_trainees (assignment_id, profile_id) VALUES (?, ?)');
      for (const traineeId of new Set(incoming.traineeIds)) insert.run(incoming.id, traineeId);
    };
    this.apply('assignment', incoming.id, decision, {
      add: () => {
        this.store.db
          .prepare(
            `INSERT INTO assignments (scenario_id, curriculum_id, due_at, pass_mark, attempts_allowed, allow_see_through,
               allow_roadmap, created_by, created_at, updated_at, archived, revision, synced_revision, id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(...values, incoming.id);
        setTrainees();
      },
      replace: () => {
        this.store.db
          .prepare(
            `UPDATE assignments SET scenario_id = ?, curriculum_id = ?, due_at = ?, pass_mark = ?, attempts_allowed = ?,
               allow_see_through = ?, allow_roadmap = ?, created_by = ?, created_at = ?, updated_at = ?, archived = ?,
               revision = ?, synced_revision = ? WHERE id = ?`,
          )
          .run(...values, incoming.id);
        setTrainees();
      },
    });
  }

  /** A new attempt is stored with the score re-simulated here; one already here is never touched. */
  attempt(incoming: PackAttempt): void {
    if (attemptHere(this.store, incoming.id)) {
      this.report.unchanged += 1;
      return;
    }
    if (!this.profileHere(incoming.profileId)) {
      return this.conflict(
        'attempt',
        incoming.id,
        `its profile ${incoming.profileId} is neither in the pack nor here.`,
      );
    }
    const missing = this.missingCases([incoming.scenarioId]);
    if (missing) return this.conflict('attempt', incoming.id, missing);
    const rescoring = this.rescored.get(incoming.id);
    const judged = importedAttemptTerms(this.store, incoming);
    if (!rescoring || JSON.stringify(rescoring.judged) !== JSON.stringify(judged)) {
      // Its assignment (or the database) changed while the attempt was being re-simulated.
      return this.conflict('attempt', incoming.id, 'what it was judged by changed during the import; import again.');
    }
    if (rescoring.outcome instanceof ApiError) {
      return this.conflict('attempt', incoming.id, `it cannot be re-simulated here: ${rescoring.outcome.message}`);
    }
    storeImportedAttempt(this.store, incoming, rescoring.outcome, judged.assignmentId);
    this.report.added += 1;
  }

  private profileHere(id: string): { record: PackProfile; syncedRevision: number } | undefined {
    const row = this.store.db.prepare('SELECT * FROM profiles WHERE id = ?').get(id) as ProfileRow | undefined;
    return row && { record: toPackProfile(row), syncedRevision: row.synced_revision };
  }

  private missingCases(scenarioIds: readonly string[]): string | undefined {
    const missing = scenarioIds.find((id) => !this.installed.has(id));
    return missing === undefined ? undefined : `case "${missing}" is not installed here; install it and import again.`;
  }

  /** Why an assignment cannot be stored here: a case, curriculum or trainee that is not here. */
  private danglingReference(incoming: PackAssignment): string | undefined {
    const { target } = incoming;
    if (target.kind === 'case') {
      const missing = this.missingCases([target.scenarioId]);
      if (missing) return missing;
    } else if (!this.store.db.prepare('SELECT 1 FROM curricula WHERE id = ?').get(target.curriculumId)) {
      return `its curriculum ${target.curriculumId} is neither in the pack nor here (or it conflicted).`;
    }
    const absent = incoming.traineeIds.find((id) => !this.profileHere(id));
    if (absent === undefined) return undefined;
    const name = this.packNames.get(absent);
    return name === undefined
      ? `its trainee ${absent} is neither in the pack nor here.`
      : `its trainee ${name} (${absent}) is not here: that profile conflicted (see above).`;
  }

  private apply(
    record: PackImportReport['conflicts'][number]['record'],
    id: string,
    decision: Decision,
    write: { add: () => void; replace: () => void },
  ): void {
    if (decision === 'add') {
      write.add();
      this.report.added += 1;
    } else if (decision === 'fast-forward') {
      write.replace();
      this.report.updated += 1;
    } else if (decision === 'unchanged') {
      this.report.unchanged += 1;
    } else {
      this.conflict(record, id, decision.conflict);
    }
  }

  private conflict(record: PackImportReport['conflicts'][number]['record'], id: string, message: string): void {
    this.report.conflicts.push({ record, id, message });
  }
}
