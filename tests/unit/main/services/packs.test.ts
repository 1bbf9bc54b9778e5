import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssignmentPack, AttemptPack } from '../../../../src/contract/packs.ts';
import { ApiError } from '../../../../src/contract/errors.ts';
import { submitAttempt } from '../../../../src/main/services/attempts.ts';
import { exportAssignmentPack, exportAttemptPack, importPack } from '../../../../src/main/services/packs.ts';
import { getScenario } from '../../../../src/main/services/scenarios.ts';
import { createVerifier } from '../../../../src/main/services/verifier.ts';
import { DATABASE_FILE_NAME, openStore, type Store } from '../../../../src/main/services/store/store.ts';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { replaySimulation } from '../../../../src/sim/replay/replay.ts';
import { simulationSetupFor } from '../../../../src/sim/scenario/setup.ts';
import { scoreAttempt } from '../../../../src/sim/scoring/score.ts';
import type { RecordedCommand } from '../../../../src/sim/simulation.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const fixtures = join(import.meta.dirname, '../../../fixtures');
const now = new Date('2026-11-23T16:40:00.000Z');
const later = new Date('2026-11-24T09:00:00.000Z');
const verifier = createVerifier(fixtures);
afterAll(() => verifier.close());
const services = (store: Store) => ({ store, verifier, assetsDir: fixtures });

const ids = {
  director: '00000000-0000-4000-8000-000000000001',
  ana: '00000000-0000-4000-8000-000000000002',
  ben: '00000000-0000-4000-8000-000000000003',
  curriculum: '00000000-0000-4000-8000-000000000010',
  caseAssignment: '00000000-0000-4000-8000-000000000020',
  curriculumAssignment: '00000000-0000-4000-8000-000000000021',
  stranger: '00000000-0000-4000-8000-000000000099',
};
const directorHash = 'scrypt$N=16384$c2FsdHNhbHQ$secret-director-hash';

function emptyStore(): Store {
  return openStore(join(tempDir(), DATABASE_FILE_NAME));
}

function addProfile(
  store: Store,
  profile: { id: string; name: string; role: 'trainee' | 'director'; year?: number; passphraseHash?: string },
): void {
  store.db
    .prepare(
      `INSERT INTO profiles (id, display_name, display_name_key, role, training_year, passphrase_hash, failed_sign_ins,
         created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      profile.id,
      profile.name,
      profile.name.toLowerCase(),
      profile.role,
      profile.year ?? null,
      profile.passphraseHash ?? null,
      profile.passphraseHash ? 2 : 0,
      '2026-11-01T08:00:00.000Z',
    );
}

/** A small program, written straight into the tables: a director, two trainees, a curriculum, two assignments. */
function seedProgram(store: Store): void {
  addProfile(store, { id: ids.director, name: 'Dr Osei', role: 'director', passphraseHash: directorHash });
  addProfile(store, { id: ids.ana, name: 'Ana Lima', role: 'trainee', year: 2 });
  addProfile(store, { id: ids.ben, name: 'Ben Carter', role: 'trainee', year: 4 });
  store.db
    .prepare(
      `INSERT INTO curricula (id, title, passes_in_a_row, steps_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(
      ids.curriculum,
      'Carotid basics',
      2,
      JSON.stringify(['carotid-drill']),
      '2026-11-02T08:00:00.000Z',
      '2026-11-02T08:00:00.000Z',
    );
  const insertAssignment = store.db.prepare(
    `INSERT INTO assignments (id, scenario_id, curriculum_id, due_at, pass_mark, attempts_allowed, allow_see_through,
       allow_roadmap, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  insertAssignment.run(
    ids.caseAssignment,
    'carotid-drill',
    null,
    '2026-12-01T23:59:59.000Z',
    70,
    3,
    0,
    1,
    ids.director,
    '2026-11-03T08:00:00.000Z',
    '2026-11-03T08:00:00.000Z',
  );
  insertAssignment.run(
    ids.curriculumAssignment,
    null,
    ids.curriculum,
    null,
    null,
    null,
    1,
    1,
    ids.director,
    '2026-11-04T08:00:00.000Z',
    '2026-11-04T08:00:00.000Z',
  );
  const addTrainee = store.db.prepare('INSERT INTO assignment_trainees (assignment_id, profile_id) VALUES (?, ?)');
  addTrainee.run(ids.caseAssignment, ids.ben);
  addTrainee.run(ids.caseAssignment, ids.ana);
  addTrainee.run(ids.curriculumAssignment, ids.ana);
}

function rowCounts(store: Store): Record<string, number> {
  const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return Object.fromEntries(
    ['profiles', 'curricula', 'assignments', 'assignment_trainees', 'attempts'].map((table) => [table, count(table)]),
  );
}

function withoutTime<T extends { exportedAt: string }>(pack: T): Omit<T, 'exportedAt'> {
  const { exportedAt: _exportedAt, ...rest } = pack;
  return rest;
}

const transfer = (pack: AssignmentPack | AttemptPack): string => JSON.stringify(pack, null, 2);

async function importError(store: Store, json: string): Promise<string> {
  try {
    await importPack(services(store), json, later);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid-input');
    return (error as ApiError).message;
  }
  throw new Error('the import was expected to fail');
}

describe('assignment packs', () => {
  it('carries the roster, curricula and assignments to an empty workstation unchanged, and a second import changes nothing', async () => {
    const here = emptyStore();
    seedProgram(here);
    const pack = exportAssignmentPack(here, now);
    expect(pack.assignments.find((a) => a.id === ids.caseAssignment)?.traineeIds).toEqual([ids.ana, ids.ben]);

    const there = emptyStore();
    const first = await importPack(services(there), transfer(pack), later);
    expect(first).toEqual({ kind: 'assignment-pack', added: 6, updated: 0, unchanged: 0, conflicts: [] });
    expect(withoutTime(exportAssignmentPack(there, later))).toEqual(withoutTime(pack));

    const counts = rowCounts(there);
    const second = await importPack(services(there), transfer(pack), later);
    expect(second).toEqual({ kind: 'assignment-pack', added: 0, updated: 0, unchanged: 6, conflicts: [] });
    expect(rowCounts(there)).toEqual(counts);
    // The director arrives without a passphrase: one is set on this workstation.
    expect(
      there.db.prepare('SELECT passphrase_hash, failed_sign_ins FROM profiles WHERE id = ?').get(ids.director),
    ).toEqual({
      passphrase_hash: null,
      failed_sign_ins: 0,
    });
    here.close();
    there.close();
  });

  it('never writes a passphrase hash or sign-in counters into the file', () => {
    const here = emptyStore();
    seedProgram(here);
    const json = transfer(exportAssignmentPack(here, now));
    expect(json).not.toContain(directorHash);
    expect(json).not.toContain('secret-director-hash');
    expect(json).not.toMatch(/passphrase|failed|locked/i);
    here.close();
  });

  it('fast-forwards records edited only on the other workstation', async () => {
    const here = emptyStore();
    seedProgram(here);
    const there = emptyStore();
    await importPack(services(there), transfer(exportAssignmentPack(here, now)), now);

    there.db.exec(`UPDATE curricula SET title = 'Carotid basics II', revision = revision + 1`);
    there.db.exec(`UPDATE profiles SET training_year = 3, revision = revision + 1 WHERE id = '${ids.ana}'`);
    there.db.exec(`UPDATE assignments SET pass_mark = 80, revision = revision + 1 WHERE id = '${ids.caseAssignment}'`);
    there.db.exec(
      `DELETE FROM assignment_trainees WHERE assignment_id = '${ids.caseAssignment}' AND profile_id = '${ids.ben}'`,
    );
    const edited = exportAssignmentPack(there, later);

    const report = await importPack(services(here), transfer(edited), later);
    expect(report).toEqual({ kind: 'assignment-pack', added: 0, updated: 3, unchanged: 3, conflicts: [] });
    expect(withoutTime(exportAssignmentPack(here, later))).toEqual(withoutTime(edited));
    expect(here.db.prepare('SELECT title, revision, synced_revision FROM curricula').get()).toEqual({
      title: 'Carotid basics II',
      revision: 2,
      synced_revision: 2,
    });
    // The director's passphrase here is untouched by the import.
    expect(here.db.prepare('SELECT passphrase_hash FROM profiles WHERE id = ?').get(ids.director)).toEqual({
      passphrase_hash: directorHash,
    });
    here.close();
    there.close();
  });

  it('reports a record edited on both workstations, and an older copy, and keeps the one here', async () => {
    const here = emptyStore();
    seedProgram(here);
    const there = emptyStore();
    await importPack(services(there), transfer(exportAssignmentPack(here, now)), now);

    here.db.exec(`UPDATE curricula SET title = 'Carotid (here)', revision = revision + 1`);
    there.db.exec(`UPDATE curricula SET title = 'Carotid (there)', revision = revision + 1`);
    here.db.exec(
      `UPDATE assignments SET attempts_allowed = 5, revision = revision + 1 WHERE id = '${ids.caseAssignment}'`,
    );
    const before = rowsOf(here);

    const report = await importPack(services(here), transfer(exportAssignmentPack(there, later)), later);
    expect(report).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
    expect(report.conflicts).toEqual([
      {
        record: 'curriculum',
        id: ids.curriculum,
        message: expect.stringMatching(
          /edited on both workstations.*title \("Carotid \(here\)" here, "Carotid \(there\)" in the pack\)/,
        ),
      },
      {
        record: 'assignment',
        id: ids.caseAssignment,
        message: expect.stringMatching(/older copy.*attemptsAllowed \(5 here, 3 in the pack\)/),
      },
    ]);
    expect(rowsOf(here)).toEqual(before);
    here.close();
    there.close();
  });

  it('refuses a profile whose name is taken here, a changed role, and assignments left pointing at nothing', async () => {
    const here = emptyStore();
    seedProgram(here);
    here.db
      .exec(`INSERT INTO assignments (id, scenario_id, allow_see_through, allow_roadmap, created_by, created_at, updated_at)
      VALUES ('00000000-0000-4000-8000-000000000022', 'femoral-drill', 0, 0, 'operator', '2026-11-05T08:00:00.000Z', '2026-11-05T08:00:00.000Z')`);
    const pack = exportAssignmentPack(here, now);

    const there = emptyStore();
    addProfile(there, { id: ids.stranger, name: 'ANA LIMA', role: 'trainee' });
    addProfile(there, { id: ids.ben, name: 'Ben Carter', role: 'director' });
    const report = await importPack(services(there), transfer(pack), later);
    const conflicts = Object.fromEntries(report.conflicts.map((conflict) => [conflict.id, conflict]));
    expect(conflicts[ids.ana]).toMatchObject({
      record: 'profile',
      message: expect.stringMatching(/"Ana Lima" is taken here/),
    });
    expect(conflicts[ids.ben]).toMatchObject({
      record: 'profile',
      message: expect.stringMatching(/director here and a trainee/),
    });
    expect(conflicts[ids.caseAssignment]).toMatchObject({
      message: expect.stringMatching(/its trainee Ana Lima \(.*\) is not here: that profile conflicted/),
    });
    expect(conflicts[ids.curriculumAssignment]).toMatchObject({ message: expect.stringContaining(ids.ana) });
    expect(conflicts['00000000-0000-4000-8000-000000000022']).toMatchObject({
      message: expect.stringContaining('case "femoral-drill" is not installed here'),
    });
    expect(report).toMatchObject({ added: 2, updated: 0 }); // the director and the curriculum
    expect(rowCounts(there)).toMatchObject({ profiles: 3, curricula: 1, assignments: 0 });
    here.close();
    there.close();
  });

  it('refuses a broken pack whole, naming the field and the value', async () => {
    const here = emptyStore();
    seedProgram(here);
    const pack = exportAssignmentPack(here, now);
    const there = emptyStore();

    expect(await importError(there, '{"format": ')).toMatch(/^pack: not JSON/);
    expect(await importError(there, transfer({ ...pack, format: 'zip-of-cats' } as never))).toMatch(
      /format "zip-of-cats" is not an IR Trainer pack/,
    );
    expect(await importError(there, transfer({ ...pack, version: 2 } as never))).toMatch(
      /version 2 was written by a newer IR Trainer/,
    );
    const badRole = structuredClone(pack) as unknown as { profiles: { role: string }[] };
    badRole.profiles[1]!.role = 'surgeon';
    expect(await importError(there, JSON.stringify(badRole))).toMatch(/profiles\[1\]\.role: .*\(found "surgeon"\)/);
    const badCurriculum = structuredClone(pack) as unknown as { curricula: { passesInARow: number }[] };
    badCurriculum.curricula[0]!.passesInARow = 0;
    expect(await importError(there, JSON.stringify(badCurriculum))).toMatch(
      /curricula\[0\]\.passesInARow: must be 1 to 10 \(found 0\)/,
    );
    expect(rowCounts(there)).toMatchObject({ profiles: 0, curricula: 0, assignments: 0 });
    here.close();
    there.close();
  });
});

function rowsOf(store: Store): unknown[] {
  return ['profiles', 'curricula', 'assignments', 'assignment_trainees'].map((table) =>
    store.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all(),
  );
}

/** A short attempt at the fixture drill: a DSA run with contrast through the sheath. */
const commands: RecordedCommand[] = [
  { step: 0, command: { kind: 'beam', beam: 'acquire' } },
  { step: 60, command: { kind: 'inject', rateMlPerS: 4, volumeMl: 3 } },
  { step: 240, command: { kind: 'beam', beam: 'off' } },
];
const totalSteps = 300;

/** What the workstation computes and shows the trainee. */
function claimedScore(): { total: number; passed: boolean } {
  const scenario = getScenario(join(fixtures, 'scenarios'), 'carotid-drill');
  const tree = buildAtlas(scenario.anatomy, scenario.atlas);
  const score = scoreAttempt(scenario, replaySimulation(simulationSetupFor(scenario, tree), commands, totalSteps));
  return { total: score.total, passed: score.passed };
}

/** A workstation where Ana made one verified attempt at the fixture drill. */
async function storeWithAttempt(): Promise<{ store: Store; attemptId: string; total: number }> {
  const store = emptyStore();
  addProfile(store, { id: ids.ana, name: 'Ana Lima', role: 'trainee', year: 2 });
  const summary = await submitAttempt(
    services(store),
    {
      profileId: ids.ana,
      scenarioId: 'carotid-drill',
      scenarioVersion: 1,
      startedAt: '2026-11-23T10:00:00.000Z',
      commands,
      totalSteps,
      claimed: claimedScore(),
    },
    () => now,
  );
  expect(summary.verification).toBe('verified');
  return { store, attemptId: summary.id, total: summary.total };
}

describe('attempt packs', () => {
  it('re-simulates an imported attempt, stores it verified with the same score, and never stores it twice', async () => {
    const { store: here, attemptId, total } = await storeWithAttempt();
    const pack = exportAttemptPack(here, [attemptId], now);
    expect(pack.profiles.map((profile) => profile.id)).toEqual([ids.ana]);
    expect(JSON.stringify(pack)).not.toMatch(/events|score_json|"metrics"/);

    const there = emptyStore();
    expect(await importPack(services(there), transfer(pack), later)).toEqual({
      kind: 'attempt-pack',
      added: 2,
      updated: 0,
      unchanged: 0,
      conflicts: [],
    });
    const stored = there.db
      .prepare('SELECT verification, score_total, passed, profile_id, finished_at FROM attempts WHERE id = ?')
      .get(attemptId) as { verification: string; score_total: number; profile_id: string; finished_at: string };
    expect(stored).toMatchObject({ verification: 'verified', profile_id: ids.ana, finished_at: now.toISOString() });
    expect(stored.score_total).toBe(total);

    const again = await importPack(services(there), transfer(pack), later);
    expect(again).toEqual({ kind: 'attempt-pack', added: 0, updated: 0, unchanged: 2, conflicts: [] });
    expect(rowCounts(there).attempts).toBe(1);
    here.close();
    there.close();
  });

  it('stores an attempt whose commands were changed in the file as a mismatch, never passed', async () => {
    const { store: here, attemptId } = await storeWithAttempt();
    const pack = exportAttemptPack(here, undefined, now);
    const tampered = structuredClone(pack);
    tampered.attempts[0]!.commands[1] = { step: 60, command: { kind: 'inject', rateMlPerS: 4, volumeMl: 9 } };

    const there = emptyStore();
    expect(await importPack(services(there), transfer(tampered), later)).toMatchObject({ added: 2, conflicts: [] });
    expect(there.db.prepare('SELECT verification, passed FROM attempts WHERE id = ?').get(attemptId)).toEqual({
      verification: 'mismatch',
      passed: 0,
    });
    here.close();
    there.close();
  });

  it('reports an attempt on a case not installed here and still imports the others; refuses an unknown id on export', async () => {
    const { store: here, attemptId } = await storeWithAttempt();
    const pack = exportAttemptPack(here, undefined, now);
    const elsewhere = {
      ...structuredClone(pack.attempts[0]!),
      id: '00000000-0000-4000-8000-0000000000a1',
      scenarioId: 'femoral-drill',
    };
    const unknownProfile = {
      ...structuredClone(pack.attempts[0]!),
      id: '00000000-0000-4000-8000-0000000000a2',
      profileId: ids.stranger,
    };
    const mixed: AttemptPack = { ...pack, attempts: [elsewhere, ...pack.attempts, unknownProfile] };

    const there = emptyStore();
    const report = await importPack(services(there), transfer(mixed), later);
    expect(report).toMatchObject({ added: 2, updated: 0, unchanged: 0 });
    expect(report.conflicts).toEqual([
      {
        record: 'attempt',
        id: elsewhere.id,
        message: expect.stringContaining('case "femoral-drill" is not installed here'),
      },
      {
        record: 'attempt',
        id: unknownProfile.id,
        message: expect.stringContaining(`profile ${ids.stranger} is neither`),
      },
    ]);
    expect(there.db.prepare('SELECT id FROM attempts').all()).toEqual([{ id: attemptId }]);

    expect(() => exportAttemptPack(here, [attemptId, ids.stranger], now)).toThrow(
      expect.objectContaining({ code: 'not-found', message: expect.stringContaining(ids.stranger) }),
    );
    here.close();
    there.close();
  });
});
