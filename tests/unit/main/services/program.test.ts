import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callAccess, callNames, type CallName, type CallOutput } from '../../../../src/contract/calls.ts';
import { dispatch, openServices } from '../../../../src/main/services/api.ts';
import { getScenario } from '../../../../src/main/services/scenarios.ts';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { replaySimulation } from '../../../../src/sim/replay/replay.ts';
import { asAssigned, type AssignedTerms } from '../../../../src/sim/scenario/assigned.ts';
import { simulationSetupFor } from '../../../../src/sim/scenario/setup.ts';
import { scoreAttempt } from '../../../../src/sim/scoring/score.ts';
import type { RecordedCommand } from '../../../../src/sim/simulation.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

/**
 * The training program through the contract, as the app's screens make the calls (runtime
 * 'bridge': a signed-in session, not the command line's operator): who may do what, assignments
 * from creation to pass or fail, proficiency-based progression and attempts that survive a crash.
 */

const tempDir = useTempDirs();
const assetsDir = join(import.meta.dirname, '../../../fixtures/program');
const passphrase = 'director passphrase';

/** A short attempt at the fixture drill (a DSA run through the sheath). */
const commands: RecordedCommand[] = [
  { step: 0, command: { kind: 'beam', beam: 'acquire' } },
  { step: 60, command: { kind: 'inject', rateMlPerS: 4, volumeMl: 3 } },
  { step: 240, command: { kind: 'beam', beam: 'off' } },
];
const totalSteps = 300;

function openProgram(dataDir = tempDir()) {
  // A clock that moves a second per reading, so attempts have distinct, ordered times.
  let tick = Date.parse('2026-11-23T10:00:00Z');
  const services = openServices({
    dataDir,
    assetsDir,
    runtime: 'bridge',
    appVersion: '9.9.9',
    now: () => new Date((tick += 1000)),
  });
  async function call<N extends CallName>(name: N, input: unknown): Promise<CallOutput<N>> {
    const result = await dispatch(services.handlers, name, input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as CallOutput<N>;
  }
  async function refusal(name: CallName, input: unknown): Promise<{ code: string; message: string }> {
    const result = await dispatch(services.handlers, name, input);
    if (result.ok) throw new Error(`${name} was allowed`);
    return result.error;
  }
  return { ...services, dataDir, call, refusal };
}

type Program = ReturnType<typeof openProgram>;

async function withPeople(program: Program) {
  const director = await program.call('profileCreate', { displayName: 'Dr Osei', role: 'director', passphrase });
  const ana = await program.call('profileCreate', { displayName: 'Ana', role: 'trainee', trainingYear: 2 });
  const ben = await program.call('profileCreate', { displayName: 'Ben', role: 'trainee', trainingYear: 4 });
  const asDirector = () => program.call('sessionSignIn', { profileId: director.id, passphrase });
  const asTrainee = (profileId: string) => program.call('sessionSignIn', { profileId });
  return { director, ana, ben, asDirector, asTrainee };
}

/** What the workstation computes for these commands on the case as assigned. */
function claimFor(scenarioId: string, terms: AssignedTerms) {
  const scenario = asAssigned(getScenario(join(assetsDir, 'scenarios'), scenarioId), terms);
  const tree = buildAtlas(scenario.anatomy, scenario.atlas);
  const score = scoreAttempt(scenario, replaySimulation(simulationSetupFor(scenario, tree), commands, totalSteps));
  return { total: score.total, passed: score.passed };
}

/**
 * One attempt by a signed-in trainee: started, then submitted. An honest claim on an assignment
 * with pass mark 0 passes; a false claim is a mismatch, which never counts as a pass.
 */
async function attempt(
  program: Program,
  profileId: string,
  scenarioId: string,
  assignmentId: string | null,
  honest = true,
) {
  const started = await program.call('attemptStart', { profileId, scenarioId, scenarioVersion: 1, assignmentId });
  const claimed = honest ? claimFor(scenarioId, started.terms) : { total: 99, passed: true };
  return program.call('attemptSubmit', {
    attemptId: started.attemptId,
    profileId,
    scenarioId,
    scenarioVersion: 1,
    startedAt: started.startedAt,
    commands,
    totalSteps,
    claimed,
  });
}

const caseTerms = { dueAt: null, passMark: 0, attemptsAllowed: null, aids: { seeThrough: false, roadmap: true } };

describe('role enforcement through the contract', () => {
  it('refuses every director call to a trainee and to nobody, before reading its input', async () => {
    const program = openProgram();
    const { ana, asTrainee } = await withPeople(program);
    const directorCalls = callNames.filter((name) => callAccess[name] === 'director');
    expect(directorCalls.length).toBeGreaterThanOrEqual(12);
    await program.call('sessionSignOut', {});
    for (const name of callNames.filter((candidate) => callAccess[candidate] !== 'anyone')) {
      expect(await program.refusal(name, {}), name).toEqual({ code: 'forbidden', message: `${name}: sign in first.` });
    }
    await asTrainee(ana.id);
    for (const name of directorCalls) {
      expect(await program.refusal(name, {}), name).toEqual({
        code: 'forbidden',
        message: `${name}: only a program director may do this (signed in as Ana, a trainee).`,
      });
    }
    program.close();
  });

  it('lets a trainee act only as themself, and never make themself a director', async () => {
    const program = openProgram();
    const { ana, ben, director, asTrainee, asDirector } = await withPeople(program);
    await asTrainee(ana.id);
    const start = { profileId: ben.id, scenarioId: 'carotid-drill', scenarioVersion: 1, assignmentId: null };
    expect(await program.refusal('attemptStart', start)).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/^profileId: signed in as Ana; a trainee acts only as themself/),
    });
    expect((await program.refusal('traineeHome', { profileId: ben.id })).code).toBe('forbidden');
    expect((await program.refusal('profileUpdate', { profileId: ben.id, trainingYear: 9 })).code).toBe('forbidden');
    expect(await program.call('profileUpdate', { profileId: ana.id, trainingYear: 3 })).toMatchObject({
      trainingYear: 3,
    });
    expect(
      await program.refusal('profileCreate', {
        displayName: 'Ana Boss',
        role: 'director',
        passphrase: 'let me in now',
      }),
    ).toMatchObject({ code: 'forbidden', message: expect.stringContaining('only a signed-in program director') });
    expect((await program.refusal('sessionSignIn', { profileId: director.id })).code).toBe('forbidden');
    expect(await program.call('sessionGet', {})).toMatchObject({ profile: { displayName: 'Ana' } });
    // The director, signed in with the passphrase, may do all of it.
    await asDirector();
    expect(await program.call('profileUpdate', { profileId: ben.id, trainingYear: 5 })).toMatchObject({
      trainingYear: 5,
    });
    expect((await program.call('traineeHome', { profileId: ben.id })).assignments).toEqual([]);
    program.close();
  });
});

describe('assignments', () => {
  it('runs from creation to pass: the assignment pass mark and aids apply, and the trainee sees it on their home', async () => {
    const program = openProgram();
    const { ana, ben, asDirector, asTrainee } = await withPeople(program);
    await asDirector();
    const assignment = await program.call('assignmentCreate', {
      ...caseTerms,
      dueAt: '2026-12-01T23:59:00Z',
      target: { kind: 'case', scenarioId: 'carotid-drill' },
      traineeIds: [ana.id, ben.id],
    });
    expect(assignment).toMatchObject({
      title: 'Navigation drill: left common carotid artery',
      traineeIds: [ana.id, ben.id].sort(),
      passMark: 0,
      revision: 1,
    });
    // A director cannot be assigned work; an unknown case is named.
    expect(
      await program.refusal('assignmentCreate', {
        ...caseTerms,
        target: { kind: 'case', scenarioId: 'no-such-case' },
        traineeIds: [ana.id],
      }),
    ).toEqual({
      code: 'invalid-input',
      message: 'target.scenarioId[0]: there is no case "no-such-case" in the library.',
    });

    await asTrainee(ana.id);
    let home = await program.call('traineeHome', { profileId: ana.id });
    expect(home.assignments.map((entry) => [entry.assignment.id, entry.progress.status])).toEqual([
      [assignment.id, 'not-started'],
    ]);
    // Free practice of the same case is judged against the case's own pass mark (60): a fail.
    const practice = await attempt(program, ana.id, 'carotid-drill', null);
    expect(practice).toMatchObject({ assignmentId: null, passMark: 60, passed: false, verification: 'verified' });
    // Under the assignment, its pass mark (0) applies: a pass, and it does not count free practice.
    const assigned = await attempt(program, ana.id, 'carotid-drill', assignment.id);
    expect(assigned).toMatchObject({
      assignmentId: assignment.id,
      passMark: 0,
      passed: true,
      verification: 'verified',
    });
    home = await program.call('traineeHome', { profileId: ana.id });
    expect(home.assignments[0]!.progress).toMatchObject({ status: 'passed', attemptsUsed: 1, nextScenarioId: null });
    // The list filters by assignment.
    expect((await program.call('attemptList', { assignmentId: assignment.id })).attempts.map((a) => a.id)).toEqual([
      assigned.id,
    ]);

    await asDirector();
    const overview = await program.call('programOverview', {});
    expect(overview.progress.map((entry) => [entry.profileId === ana.id ? 'Ana' : 'Ben', entry.status]).sort()).toEqual(
      [
        ['Ana', 'passed'],
        ['Ben', 'not-started'],
      ],
    );
    program.close();
  });

  it('counts attempts against the limit (an abandoned one too) and fails the trainee when none are left', async () => {
    const program = openProgram();
    const { ana, asDirector, asTrainee } = await withPeople(program);
    await asDirector();
    const assignment = await program.call('assignmentCreate', {
      ...caseTerms,
      attemptsAllowed: 2,
      target: { kind: 'case', scenarioId: 'carotid-drill' },
      traineeIds: [ana.id],
    });
    await asTrainee(ana.id);
    const mismatch = await attempt(program, ana.id, 'carotid-drill', assignment.id, false);
    expect(mismatch).toMatchObject({ verification: 'mismatch', passed: false });
    const started = await program.call('attemptStart', {
      profileId: ana.id,
      scenarioId: 'carotid-drill',
      scenarioVersion: 1,
      assignmentId: assignment.id,
    });
    await program.call('attemptAbandon', { attemptId: started.attemptId });
    const home = await program.call('traineeHome', { profileId: ana.id });
    expect(home.assignments[0]!.progress).toMatchObject({
      status: 'failed',
      attemptsUsed: 2,
      steps: [{ attemptsUsed: 2, attemptsLeft: 0, complete: false }],
    });
    expect(
      await program.refusal('attemptStart', {
        profileId: ana.id,
        scenarioId: 'carotid-drill',
        scenarioVersion: 1,
        assignmentId: assignment.id,
      }),
    ).toEqual({
      code: 'forbidden',
      message: 'assignmentId: no attempts left at Navigation drill: left common carotid artery (2 of 2 used).',
    });
    // The director gives one more attempt: the trainee may go again.
    await asDirector();
    const updated = await program.call('assignmentUpdate', { id: assignment.id, attemptsAllowed: 3 });
    expect(updated.revision).toBe(2);
    await asTrainee(ana.id);
    expect((await attempt(program, ana.id, 'carotid-drill', assignment.id)).passed).toBe(true);
    program.close();
  });

  it('marks an unpassed assignment overdue after its due date, and a withdrawn one leaves the lists', async () => {
    const program = openProgram();
    const { ana, asDirector, asTrainee } = await withPeople(program);
    await asDirector();
    const overdue = await program.call('assignmentCreate', {
      ...caseTerms,
      passMark: null,
      dueAt: '2026-11-01T23:59:00Z',
      target: { kind: 'case', scenarioId: 'carotid-drill' },
      traineeIds: [ana.id],
    });
    const later = await program.call('assignmentCreate', {
      ...caseTerms,
      dueAt: '2027-01-31T23:59:00Z',
      target: { kind: 'case', scenarioId: 'carotid-drill-b' },
      traineeIds: [ana.id],
    });
    await asTrainee(ana.id);
    await attempt(program, ana.id, 'carotid-drill', overdue.id);
    let home = await program.call('traineeHome', { profileId: ana.id });
    expect(home.assignments.map((entry) => [entry.progress.status, entry.progress.overdue])).toEqual([
      ['in-progress', true],
      ['not-started', false],
    ]);
    await asDirector();
    await program.call('assignmentDelete', { id: later.id });
    await asTrainee(ana.id);
    home = await program.call('traineeHome', { profileId: ana.id });
    expect(home.assignments.map((entry) => entry.assignment.id)).toEqual([overdue.id]);
    expect(
      (
        await program.refusal('attemptStart', {
          profileId: ana.id,
          scenarioId: 'carotid-drill-b',
          scenarioVersion: 1,
          assignmentId: later.id,
        })
      ).message,
    ).toBe('assignmentId: this assignment was withdrawn.');
    program.close();
  });
});

describe('proficiency-based progression', () => {
  it('unlocks the next case of a curriculum only after the previous one is passed N times in a row', async () => {
    const program = openProgram();
    const { ana, asDirector, asTrainee } = await withPeople(program);
    await asDirector();
    const curriculum = await program.call('curriculumCreate', {
      title: 'Carotid basics',
      passesInARow: 2,
      scenarioIds: ['carotid-drill', 'carotid-drill-b'],
    });
    const assignment = await program.call('assignmentCreate', {
      ...caseTerms,
      target: { kind: 'curriculum', curriculumId: curriculum.id },
      traineeIds: [ana.id],
    });
    await asTrainee(ana.id);
    const lockedStart = {
      profileId: ana.id,
      scenarioId: 'carotid-drill-b',
      scenarioVersion: 1,
      assignmentId: assignment.id,
    };
    const lockedMessage =
      'scenarioId: Navigation drill: left common carotid artery (second pass) is not unlocked yet in "Carotid basics".';
    expect(await program.refusal('attemptStart', lockedStart)).toEqual({ code: 'forbidden', message: lockedMessage });
    // Locked for free practice too, with the reason.
    let home = await program.call('traineeHome', { profileId: ana.id });
    expect(home.locked).toEqual([
      {
        scenarioId: 'carotid-drill-b',
        reason:
          'Carotid basics: unlocks after Navigation drill: left common carotid artery is passed 2 times in a row.',
      },
    ]);
    expect((await program.refusal('attemptStart', { ...lockedStart, assignmentId: null })).message).toMatch(
      /is locked\. Carotid basics: unlocks after/,
    );

    // Pass, fail, pass: not two in a row yet.
    for (const honest of [true, false, true]) await attempt(program, ana.id, 'carotid-drill', assignment.id, honest);
    home = await program.call('traineeHome', { profileId: ana.id });
    expect(home.assignments[0]!.progress).toMatchObject({
      status: 'in-progress',
      nextScenarioId: 'carotid-drill',
      steps: [
        { unlocked: true, complete: false, passesInARow: 1, attemptsUsed: 3 },
        { unlocked: false, complete: false, attemptsUsed: 0 },
      ],
    });
    // A second pass in a row unlocks the next case.
    await attempt(program, ana.id, 'carotid-drill', assignment.id);
    home = await program.call('traineeHome', { profileId: ana.id });
    expect(home.locked).toEqual([]);
    expect(home.assignments[0]!.progress).toMatchObject({
      status: 'in-progress',
      nextScenarioId: 'carotid-drill-b',
      steps: [
        { complete: true, passesInARow: 2 },
        { unlocked: true, complete: false },
      ],
    });
    await attempt(program, ana.id, 'carotid-drill-b', assignment.id);
    await attempt(program, ana.id, 'carotid-drill-b', assignment.id);
    home = await program.call('traineeHome', { profileId: ana.id });
    expect(home.assignments[0]!.progress).toMatchObject({ status: 'passed', attemptsUsed: 6 });
    program.close();
  });
});

describe('attempts under way', () => {
  it('keeps the checkpointed commands through a crash, offers the attempt for resumption, and finishes it under the same id', async () => {
    const program = openProgram();
    const { ana, asTrainee } = await withPeople(program);
    await asTrainee(ana.id);
    const started = await program.call('attemptStart', {
      profileId: ana.id,
      scenarioId: 'carotid-drill',
      scenarioVersion: 1,
      assignmentId: null,
    });
    expect(
      await program.call('attemptCheckpoint', {
        attemptId: started.attemptId,
        fromIndex: 0,
        commands: commands.slice(0, 2),
        steps: 120,
      }),
    ).toEqual({ commandCount: 2, steps: 120 });
    // A checkpoint that does not follow on from what is saved is refused, not merged.
    expect(
      await program.refusal('attemptCheckpoint', {
        attemptId: started.attemptId,
        fromIndex: 0,
        commands: commands.slice(2),
        steps: 250,
      }),
    ).toMatchObject({ code: 'conflict', message: expect.stringContaining('2 commands are saved') });
    program.close(); // the workstation dies here

    const restarted = openProgram(program.dataDir);
    // The trainee was signed in; the app opens as them again and offers the attempt.
    const home = await restarted.call('traineeHome', { profileId: ana.id });
    expect(home.unfinished).toEqual([
      expect.objectContaining({ id: started.attemptId, scenarioId: 'carotid-drill', steps: 120 }),
    ]);
    const resumed = await restarted.call('attemptResume', { attemptId: started.attemptId });
    expect(resumed.commands).toEqual(commands.slice(0, 2));
    await restarted.call('attemptCheckpoint', {
      attemptId: started.attemptId,
      fromIndex: 2,
      commands: commands.slice(2),
      steps: 250,
    });
    const summary = await restarted.call('attemptSubmit', {
      attemptId: started.attemptId,
      profileId: ana.id,
      scenarioId: 'carotid-drill',
      scenarioVersion: 1,
      startedAt: started.startedAt,
      commands,
      totalSteps,
      claimed: claimFor('carotid-drill', { passMark: null, aids: null }),
    });
    expect(summary).toMatchObject({ id: started.attemptId, verification: 'verified', startedAt: started.startedAt });
    expect((await restarted.call('traineeHome', { profileId: ana.id })).unfinished).toEqual([]);
    expect((await restarted.refusal('attemptResume', { attemptId: started.attemptId })).message).toBe(
      `attemptId: attempt ${started.attemptId} is already finished.`,
    );
    restarted.close();
  });
});
