import { randomUUID } from 'node:crypto';
import { ApiError } from '../../contract/errors.ts';
import type {
  Assignment,
  AssignmentProgress,
  AssignmentTarget,
  AssignmentTerms,
  Curriculum,
  UnfinishedAttempt,
} from '../../contract/program.ts';
import type { AssignedTerms } from '../../sim/scenario/assigned.ts';
import { curriculumFromRow, type AssignmentRow, type CurriculumRow } from './pack-rows.ts';
import { findProfile } from './profiles.ts';
import { listScenarios } from './scenarios.ts';
import { listUnfinished } from './unfinished.ts';
import type { Store } from './store/store.ts';

/**
 * What a program director gives trainees: curricula (ordered cases) and assignments (a case or a
 * curriculum, with a due date, a pass mark, attempts allowed and the aids allowed), and where each
 * trainee stands on them.
 *
 * Progress is derived from the attempts, never stored: an attempt counts for an assignment when it
 * was made under it. A curriculum's step unlocks when the previous step has been passed
 * `passesInARow` times in a row (proficiency-based progression); a single case needs one pass.
 * Attempts allowed are counted per case (per step); an attempt abandoned or still unfinished
 * counts as used, so leaving a case half-way does not buy another try. Edits bump `revision`, which
 * assignment packs use to tell a newer copy from a conflicting one.
 */

export function listCurricula(store: Store): Curriculum[] {
  const rows = store.db.prepare('SELECT * FROM curricula ORDER BY title, id').all() as unknown as CurriculumRow[];
  return rows.map(curriculumFromRow);
}

function findCurriculum(store: Store, id: string): Curriculum | undefined {
  const row = store.db.prepare('SELECT * FROM curricula WHERE id = ?').get(id) as CurriculumRow | undefined;
  return row ? curriculumFromRow(row) : undefined;
}

/** Titles of the installed cases, by id. */
function caseTitles(scenariosDir: string): Map<string, string> {
  return new Map(listScenarios(scenariosDir).scenarios.map((header) => [header.id, header.title]));
}

function assertCasesInstalled(scenariosDir: string, scenarioIds: readonly string[], field: string): void {
  const titles = caseTitles(scenariosDir);
  scenarioIds.forEach((id, i) => {
    if (!titles.has(id))
      throw new ApiError('invalid-input', `${field}[${i}]: there is no case "${id}" in the library.`);
  });
}

export function createCurriculum(
  store: Store,
  scenariosDir: string,
  input: { title: string; passesInARow: number; scenarioIds: string[] },
  now: Date,
): Curriculum {
  assertCasesInstalled(scenariosDir, input.scenarioIds, 'scenarioIds');
  const stamp = now.toISOString();
  const curriculum: Curriculum = { id: randomUUID(), ...input, createdAt: stamp, updatedAt: stamp, revision: 1 };
  store.db
    .prepare(
      `INSERT INTO curricula (id, title, passes_in_a_row, steps_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(curriculum.id, curriculum.title, curriculum.passesInARow, JSON.stringify(input.scenarioIds), stamp, stamp);
  return curriculum;
}

export function updateCurriculum(
  store: Store,
  scenariosDir: string,
  input: {
    id: string;
    title?: string | undefined;
    passesInARow?: number | undefined;
    scenarioIds?: string[] | undefined;
  },
  now: Date,
): Curriculum {
  const existing = findCurriculum(store, input.id);
  if (!existing) throw new ApiError('not-found', `id: there is no curriculum with id ${input.id}.`);
  if (input.scenarioIds) assertCasesInstalled(scenariosDir, input.scenarioIds, 'scenarioIds');
  const next: Curriculum = {
    ...existing,
    title: input.title ?? existing.title,
    passesInARow: input.passesInARow ?? existing.passesInARow,
    scenarioIds: input.scenarioIds ?? existing.scenarioIds,
    updatedAt: now.toISOString(),
    revision: existing.revision + 1,
  };
  store.db
    .prepare(
      'UPDATE curricula SET title = ?, passes_in_a_row = ?, steps_json = ?, updated_at = ?, revision = ? WHERE id = ?',
    )
    .run(next.title, next.passesInARow, JSON.stringify(next.scenarioIds), next.updatedAt, next.revision, next.id);
  return next;
}

function traineesOf(store: Store, assignmentId: string): string[] {
  const rows = store.db
    .prepare('SELECT profile_id FROM assignment_trainees WHERE assignment_id = ? ORDER BY profile_id')
    .all(assignmentId) as { profile_id: string }[];
  return rows.map((row) => row.profile_id);
}

function toAssignment(store: Store, row: AssignmentRow, titles: Map<string, string>): Assignment {
  const target: AssignmentTarget =
    row.scenario_id !== null
      ? { kind: 'case', scenarioId: row.scenario_id }
      : { kind: 'curriculum', curriculumId: row.curriculum_id! };
  const title =
    target.kind === 'case'
      ? (titles.get(target.scenarioId) ?? target.scenarioId)
      : (findCurriculum(store, target.curriculumId)?.title ?? 'Curriculum');
  return {
    id: row.id,
    target,
    title,
    traineeIds: traineesOf(store, row.id),
    dueAt: row.due_at,
    passMark: row.pass_mark,
    attemptsAllowed: row.attempts_allowed,
    aids: { seeThrough: row.allow_see_through === 1, roadmap: row.allow_roadmap === 1 },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: row.revision,
  };
}

function assignmentRow(store: Store, id: string): AssignmentRow {
  const row = store.db.prepare('SELECT * FROM assignments WHERE id = ?').get(id) as AssignmentRow | undefined;
  if (!row) throw new ApiError('not-found', `assignmentId: there is no assignment with id ${id}.`);
  return row;
}

/** The pass mark and aids a case is played and judged under when made for this assignment. */
export function termsOf(store: Store, assignmentId: string): AssignedTerms {
  const row = assignmentRow(store, assignmentId);
  return {
    passMark: row.pass_mark,
    aids: { seeThrough: row.allow_see_through === 1, roadmap: row.allow_roadmap === 1 },
  };
}

function assertTrainees(store: Store, traineeIds: readonly string[]): void {
  traineeIds.forEach((id, i) => {
    const profile = findProfile(store, id);
    if (!profile) throw new ApiError('not-found', `traineeIds[${i}]: no profile with id ${id}.`);
    if (profile.role !== 'trainee') {
      throw new ApiError('invalid-input', `traineeIds[${i}]: ${profile.displayName} is a director, not a trainee.`);
    }
  });
}

function setTrainees(store: Store, assignmentId: string, traineeIds: readonly string[]): void {
  store.db.prepare('DELETE FROM assignment_trainees WHERE assignment_id = ?').run(assignmentId);
  const insert = store.db.prepare('INSERT INTO assignment_trainees (assignment_id, profile_id) VALUES (?, ?)');
  for (const id of new Set(traineeIds)) insert.run(assignmentId, id);
}

export function createAssignment(
  store: Store,
  scenariosDir: string,
  session: { profileId: string | null },
  input: AssignmentTerms & { target: AssignmentTarget; traineeIds: string[] },
  now: Date,
): Assignment {
  if (input.target.kind === 'case') assertCasesInstalled(scenariosDir, [input.target.scenarioId], 'target.scenarioId');
  else if (!findCurriculum(store, input.target.curriculumId)) {
    throw new ApiError(
      'not-found',
      `target.curriculumId: there is no curriculum with id ${input.target.curriculumId}.`,
    );
  }
  assertTrainees(store, input.traineeIds);
  const id = randomUUID();
  const stamp = now.toISOString();
  store.transaction(() => {
    store.db
      .prepare(
        `INSERT INTO assignments (id, scenario_id, curriculum_id, due_at, pass_mark, attempts_allowed, allow_see_through,
           allow_roadmap, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.target.kind === 'case' ? input.target.scenarioId : null,
        input.target.kind === 'curriculum' ? input.target.curriculumId : null,
        input.dueAt === null ? null : new Date(input.dueAt).toISOString(),
        input.passMark,
        input.attemptsAllowed,
        input.aids.seeThrough ? 1 : 0,
        input.aids.roadmap ? 1 : 0,
        session.profileId ?? 'operator',
        stamp,
        stamp,
      );
    setTrainees(store, id, input.traineeIds);
  });
  return toAssignment(store, assignmentRow(store, id), caseTitles(scenariosDir));
}

export function updateAssignment(
  store: Store,
  scenariosDir: string,
  input: Partial<AssignmentTerms> & { id: string; traineeIds?: string[] | undefined },
  now: Date,
): Assignment {
  const row = assignmentRow(store, input.id);
  if (row.archived === 1) throw new ApiError('conflict', `id: assignment ${input.id} was withdrawn.`);
  if (input.traineeIds) assertTrainees(store, input.traineeIds);
  store.transaction(() => {
    store.db
      .prepare(
        `UPDATE assignments SET due_at = ?, pass_mark = ?, attempts_allowed = ?, allow_see_through = ?, allow_roadmap = ?,
           updated_at = ?, revision = revision + 1 WHERE id = ?`,
      )
      .run(
        input.dueAt === undefined ? row.due_at : input.dueAt === null ? null : new Date(input.dueAt).toISOString(),
        input.passMark === undefined ? row.pass_mark : input.passMark,
        input.attemptsAllowed === undefined ? row.attempts_allowed : input.attemptsAllowed,
        input.aids === undefined ? row.allow_see_through : input.aids.seeThrough ? 1 : 0,
        input.aids === undefined ? row.allow_roadmap : input.aids.roadmap ? 1 : 0,
        now.toISOString(),
        input.id,
      );
    if (input.traineeIds) setTrainees(store, input.id, input.traineeIds);
  });
  return toAssignment(store, assignmentRow(store, input.id), caseTitles(scenariosDir));
}

/** Withdraws an assignment: it leaves every list, its attempts stay with their scores. */
export function deleteAssignment(store: Store, id: string, now: Date): { id: string } {
  assignmentRow(store, id);
  store.db
    .prepare(
      'UPDATE assignments SET archived = 1, updated_at = ?, revision = revision + 1 WHERE id = ? AND archived = 0',
    )
    .run(now.toISOString(), id);
  return { id };
}

function activeAssignments(store: Store, profileId: string | undefined): AssignmentRow[] {
  return (profileId === undefined
    ? store.db.prepare('SELECT * FROM assignments WHERE archived = 0 ORDER BY created_at, id').all()
    : store.db
        .prepare(
          `SELECT a.* FROM assignments a JOIN assignment_trainees t ON t.assignment_id = a.id
             WHERE a.archived = 0 AND t.profile_id = ? ORDER BY a.created_at, a.id`,
        )
        .all(profileId)) as unknown as AssignmentRow[];
}

/** One try at an assignment's case: a finished attempt, or one left unfinished (never a pass). */
interface Try {
  scenarioId: string;
  at: string;
  passed: boolean;
  total: number | null;
}

function triesOf(store: Store, assignmentId: string, profileId: string): Try[] {
  const finished = store.db
    .prepare(
      `SELECT scenario_id, finished_at, passed, score_total FROM attempts WHERE assignment_id = ? AND profile_id = ?`,
    )
    .all(assignmentId, profileId) as {
    scenario_id: string;
    finished_at: string;
    passed: number;
    score_total: number;
  }[];
  const unfinished = store.db
    .prepare(
      `SELECT scenario_id, started_at FROM unfinished_attempts
       WHERE assignment_id = ? AND profile_id = ? AND status IN ('open', 'abandoned')`,
    )
    .all(assignmentId, profileId) as { scenario_id: string; started_at: string }[];
  const tries: Try[] = [
    ...finished.map((row) => ({
      scenarioId: row.scenario_id,
      at: row.finished_at,
      passed: row.passed === 1,
      total: row.score_total,
    })),
    ...unfinished.map((row) => ({ scenarioId: row.scenario_id, at: row.started_at, passed: false, total: null })),
  ];
  return tries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Where one trainee stands on one assignment (see the module comment for the rules). */
export function progressOf(
  store: Store,
  assignment: Assignment,
  profileId: string,
  titles: Map<string, string>,
  now: Date,
): AssignmentProgress {
  const curriculum =
    assignment.target.kind === 'curriculum' ? findCurriculum(store, assignment.target.curriculumId) : undefined;
  const scenarioIds =
    assignment.target.kind === 'case' ? [assignment.target.scenarioId] : (curriculum?.scenarioIds ?? []);
  const required = curriculum?.passesInARow ?? 1;
  const tries = triesOf(store, assignment.id, profileId);
  let unlockedSince: string | null = '';
  const steps = scenarioIds.map((scenarioId) => {
    const unlocked = unlockedSince !== null;
    const mine = unlocked ? tries.filter((t) => t.scenarioId === scenarioId && t.at >= unlockedSince!) : [];
    let streak = 0;
    let used = 0;
    let completedAt: string | null = null;
    for (const attempt of mine) {
      used++;
      streak = attempt.passed ? streak + 1 : 0;
      if (streak >= required) {
        completedAt = attempt.at;
        break;
      }
    }
    const totals = mine.flatMap((t) => (t.total === null ? [] : [t.total]));
    unlockedSince = completedAt;
    return {
      scenarioId,
      title: titles.get(scenarioId) ?? scenarioId,
      unlocked,
      complete: completedAt !== null,
      attemptsUsed: used,
      attemptsLeft: assignment.attemptsAllowed === null ? null : Math.max(0, assignment.attemptsAllowed - used),
      passesInARow: streak,
      bestScore: totals.length === 0 ? null : Math.max(...totals),
    };
  });
  const passed = steps.length > 0 && steps.every((step) => step.complete);
  const current = steps.find((step) => step.unlocked && !step.complete);
  const failed = !passed && current !== undefined && current.attemptsLeft === 0;
  const status = passed ? 'passed' : failed ? 'failed' : tries.length === 0 ? 'not-started' : 'in-progress';
  return {
    assignmentId: assignment.id,
    profileId,
    status,
    passesRequired: required,
    overdue: !passed && assignment.dueAt !== null && Date.parse(assignment.dueAt) < now.getTime(),
    steps,
    nextScenarioId: passed || failed ? null : (current?.scenarioId ?? null),
    attemptsUsed: tries.length,
    lastAttemptAt: tries.at(-1)?.at ?? null,
  };
}

export function traineeHome(
  store: Store,
  scenariosDir: string,
  profileId: string,
  now: Date,
): {
  assignments: { assignment: Assignment; progress: AssignmentProgress }[];
  locked: { scenarioId: string; reason: string }[];
  unfinished: UnfinishedAttempt[];
} {
  const titles = caseTitles(scenariosDir);
  const assignments = activeAssignments(store, profileId).map((row) => {
    const assignment = toAssignment(store, row, titles);
    return { assignment, progress: progressOf(store, assignment, profileId, titles, now) };
  });
  return {
    assignments,
    locked: lockedCases(assignments, titles),
    unfinished: listUnfinished(store, profileId),
  };
}

/**
 * Cases a trainee may not practise yet: a later step of one of their curricula, until the step
 * before it is passed often enough (a case unlocked or assigned directly elsewhere stays open).
 */
function lockedCases(
  assignments: { assignment: Assignment; progress: AssignmentProgress }[],
  titles: Map<string, string>,
): { scenarioId: string; reason: string }[] {
  const open = new Set<string>();
  const locked = new Map<string, string>();
  for (const { assignment, progress } of assignments) {
    progress.steps.forEach((step, i) => {
      if (step.unlocked) {
        open.add(step.scenarioId);
        return;
      }
      const previous = progress.steps[i - 1]!;
      if (!locked.has(step.scenarioId)) {
        locked.set(
          step.scenarioId,
          `${assignment.title}: unlocks after ${titles.get(previous.scenarioId) ?? previous.scenarioId} is passed ` +
            `${progress.passesRequired} ${progress.passesRequired === 1 ? 'time' : 'times in a row'}.`,
        );
      }
    });
  }
  return [...locked].filter(([id]) => !open.has(id)).map(([scenarioId, reason]) => ({ scenarioId, reason }));
}

export function programOverview(
  store: Store,
  scenariosDir: string,
  now: Date,
): { assignments: Assignment[]; progress: AssignmentProgress[]; curricula: Curriculum[] } {
  const titles = caseTitles(scenariosDir);
  const assignments = activeAssignments(store, undefined).map((row) => toAssignment(store, row, titles));
  const progress = assignments.flatMap((assignment) =>
    assignment.traineeIds.map((profileId) => progressOf(store, assignment, profileId, titles, now)),
  );
  return { assignments, progress, curricula: listCurricula(store) };
}

/**
 * Whether a trainee may start this case now, and under which assignment's terms. Throws
 * `forbidden` with the reason: not assigned to them, locked by progression, no attempts left.
 */
export function checkMayStart(
  store: Store,
  scenariosDir: string,
  profileId: string,
  scenarioId: string,
  assignmentId: string | null,
  now: Date,
): AssignedTerms {
  const titles = caseTitles(scenariosDir);
  const profile = findProfile(store, profileId);
  if (assignmentId === null) {
    if (profile?.role === 'director') return { passMark: null, aids: null };
    const home = traineeHome(store, scenariosDir, profileId, now);
    const lock = home.locked.find((entry) => entry.scenarioId === scenarioId);
    if (lock)
      throw new ApiError('forbidden', `scenarioId: ${titles.get(scenarioId) ?? scenarioId} is locked. ${lock.reason}`);
    return { passMark: null, aids: null };
  }
  const row = assignmentRow(store, assignmentId);
  if (row.archived === 1) throw new ApiError('forbidden', 'assignmentId: this assignment was withdrawn.');
  const assignment = toAssignment(store, row, titles);
  if (!assignment.traineeIds.includes(profileId)) {
    throw new ApiError(
      'forbidden',
      `assignmentId: "${assignment.title}" is not assigned to ${profile?.displayName ?? profileId}.`,
    );
  }
  const progress = progressOf(store, assignment, profileId, titles, now);
  const step = progress.steps.find((candidate) => candidate.scenarioId === scenarioId && candidate.unlocked);
  if (!step) {
    const any = progress.steps.some((candidate) => candidate.scenarioId === scenarioId);
    throw new ApiError(
      'forbidden',
      any
        ? `scenarioId: ${titles.get(scenarioId) ?? scenarioId} is not unlocked yet in "${assignment.title}".`
        : `scenarioId: ${titles.get(scenarioId) ?? scenarioId} is not part of "${assignment.title}".`,
    );
  }
  if (!step.complete && step.attemptsLeft === 0) {
    throw new ApiError(
      'forbidden',
      `assignmentId: no attempts left at ${step.title} (${step.attemptsUsed} of ${assignment.attemptsAllowed} used).`,
    );
  }
  return termsOf(store, assignmentId);
}
