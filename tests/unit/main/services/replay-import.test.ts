import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { CallName, CallOutput } from '../../../../src/contract/calls.ts';
import { dispatch, openServices } from '../../../../src/main/services/api.ts';
import { rescoreAttempt } from '../../../../src/main/services/attempts.ts';
import { replayFileFormat, type ReplayFile } from '../../../../src/sim/replay/replay-file.ts';
import type { RecordedCommand } from '../../../../src/sim/simulation.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

/**
 * A replay file carried to another workstation: built here exactly as the replay player exports
 * one (with the `attempt` block saying whose attempt it is), imported there with `replayImport`.
 */

const tempDir = useTempDirs();
const fixtures = join(import.meta.dirname, '../../../fixtures');

/** A short attempt at the fixture drill: a DSA run with contrast through the sheath. */
const commands: RecordedCommand[] = [
  { step: 0, command: { kind: 'beam', beam: 'acquire' } },
  { step: 60, command: { kind: 'inject', rateMlPerS: 4, volumeMl: 3 } },
  { step: 240, command: { kind: 'beam', beam: 'off' } },
];
const totalSteps = 300;

/** One workstation, as the command line's operator (who may make director calls). */
function workstation() {
  const services = openServices({ dataDir: tempDir(), assetsDir: fixtures, runtime: 'cli', appVersion: '9.9.9' });
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
  return { ...services, call, refusal };
}

/** Ana submits an attempt on one workstation; the replay player's export of it. */
async function exportedReplay(): Promise<ReplayFile> {
  const here = workstation();
  const ana = await here.call('profileCreate', { displayName: 'Ana Trainee', role: 'trainee', trainingYear: 2 });
  // What the cath lab showed the trainee (the same core, so the same score).
  const shown = rescoreAttempt(
    fixtures,
    { scenarioId: 'carotid-drill', scenarioVersion: 1, commands, totalSteps },
    {
      passMark: null,
      aids: null,
    },
  );
  const first = await here.call('attemptSubmit', {
    profileId: ana.id,
    scenarioId: 'carotid-drill',
    scenarioVersion: 1,
    startedAt: '2026-11-23T10:00:00.000Z',
    commands,
    totalSteps,
    claimed: { total: shown.score.total, passed: shown.score.passed },
  });
  const summary = await here.call('attemptGet', { id: first.id });
  const replay = await here.call('attemptReplay', { id: first.id });
  here.close();
  return {
    format: replayFileFormat,
    scenarioId: replay.scenarioId,
    scenarioVersion: replay.scenarioVersion,
    coreVersion: replay.coreVersion,
    seed: null,
    totalSteps: replay.totalSteps,
    commands: replay.commands,
    claimed: replay.claimed,
    attempt: {
      id: summary.id,
      profile: {
        id: ana.id,
        displayName: ana.displayName,
        role: ana.role,
        trainingYear: ana.trainingYear,
        createdAt: ana.createdAt,
      },
      startedAt: summary.startedAt,
      finishedAt: summary.finishedAt,
      assignmentId: summary.assignmentId,
      passMark: summary.passMark,
      verification: summary.verification,
    },
  };
}

const fileOf = (replay: unknown): string => gzipSync(JSON.stringify(replay)).toString('base64');

describe('replay import', () => {
  it('files a replay from another workstation under its trainee, verified, and a second import changes nothing', async () => {
    const replay = await exportedReplay();
    const there = workstation();
    const imported = await there.call('replayImport', { fileName: 'ana.irreplay', base64: fileOf(replay) });
    expect(imported).toEqual({ attemptId: replay.attempt!.id, status: 'imported' });

    const profiles = await there.call('profileList', {});
    expect(profiles.profiles).toEqual([
      expect.objectContaining({ id: replay.attempt!.profile.id, displayName: 'Ana Trainee', trainingYear: 2 }),
    ]);
    const stored = await there.call('attemptGet', { id: replay.attempt!.id });
    expect(stored).toMatchObject({
      profileId: replay.attempt!.profile.id,
      verification: 'verified',
      total: replay.claimed.total,
      passed: replay.claimed.passed,
      startedAt: replay.attempt!.startedAt,
      finishedAt: replay.attempt!.finishedAt,
      assignmentId: null,
    });
    const replayThere = await there.call('attemptReplay', { id: replay.attempt!.id });
    expect(replayThere).toMatchObject({ commands, totalSteps, claimed: replay.claimed });

    const again = await there.call('replayImport', { fileName: 'ana.irreplay', base64: fileOf(replay) });
    expect(again).toEqual({ attemptId: replay.attempt!.id, status: 'already-here' });
    expect((await there.call('attemptList', {})).attempts).toHaveLength(1);
    expect((await there.call('profileList', {})).profiles).toHaveLength(1);
    there.close();
  });

  it('refuses a damaged, foreign or altered file, naming the file and what is wrong, and stores nothing', async () => {
    const replay = await exportedReplay();
    const there = workstation();
    const refused = async (fileName: string, base64: string): Promise<string> => {
      const error = await there.refusal('replayImport', { fileName, base64 });
      expect(error.code, error.message).toBe('invalid-input');
      expect(error.message.startsWith(`${fileName}: `), error.message).toBe(true);
      return error.message;
    };

    const bytes = gzipSync(JSON.stringify(replay));
    expect(await refused('cut.irreplay', bytes.subarray(0, 40).toString('base64'))).toMatch(
      /not a replay file, or a truncated one/,
    );
    expect(await refused('plain.irreplay', Buffer.from(JSON.stringify(replay)).toString('base64'))).toMatch(
      /not a replay file, or a truncated one/,
    );
    expect(await refused('text.irreplay', gzipSync('{"format": 1, ').toString('base64'))).toMatch(/not JSON/);
    expect(await refused('newer.irreplay', fileOf({ ...replay, format: 2 }))).toMatch(
      /replay format 2; this workstation reads format 1/,
    );
    expect(await refused('schema.irreplay', fileOf({ ...replay, totalSteps: -5 }))).toMatch(
      /schema\.irreplay: totalSteps: .*\(found -5\)/,
    );
    expect(await refused('core.irreplay', fileOf({ ...replay, coreVersion: '0.0.1' }))).toMatch(
      /recorded with simulation core 0\.0\.1; this workstation runs .*: its re-simulation could differ, so it is refused/,
    );
    expect(await refused('other-case.irreplay', fileOf({ ...replay, scenarioId: 'femoral-drill' }))).toMatch(
      /case "femoral-drill" is not installed/,
    );
    expect(await refused('old-case.irreplay', fileOf({ ...replay, scenarioVersion: 7 }))).toMatch(
      /made on version 7 of "carotid-drill", this workstation has version 1/,
    );
    const { attempt: _attempt, ...anonymous } = replay;
    expect(await refused('anonymous.irreplay', fileOf(anonymous))).toMatch(/has no attempt details to file it under/);

    // One command changed (more contrast): the commands no longer give what the file claims.
    const changed = structuredClone(replay);
    changed.commands[1] = { step: 60, command: { kind: 'inject', rateMlPerS: 4, volumeMl: 9 } };
    expect(await refused('command.irreplay', fileOf(changed))).toMatch(
      /command\.irreplay: altered: re-simulating its commands gives .* the file claims/,
    );
    // The score changed by hand: refused too.
    const rescored = { ...replay, claimed: { ...replay.claimed, total: 87, passed: true } };
    expect(await refused('score.irreplay', fileOf(rescored))).toMatch(
      new RegExp(
        `altered: re-simulating its commands gives ${replay.claimed.total.toFixed(1)} .*the file claims 87\\.0`,
      ),
    );

    expect((await there.call('attemptList', {})).attempts).toEqual([]);
    expect((await there.call('profileList', {})).profiles).toEqual([]);
    there.close();
  });

  it('files an attempt flagged where it was made as a mismatch, never passed', async () => {
    const replay = await exportedReplay();
    const there = workstation();
    const flagged = structuredClone(replay);
    flagged.attempt!.verification = 'mismatch';
    await there.call('replayImport', { fileName: 'flagged.irreplay', base64: fileOf(flagged) });
    expect(await there.call('attemptGet', { id: replay.attempt!.id })).toMatchObject({
      verification: 'mismatch',
      passed: false,
      total: replay.claimed.total,
    });
    there.close();
  });

  it('refuses to add the profile when another here has its name, or when its role differs', async () => {
    const replay = await exportedReplay();
    const there = workstation();
    await there.call('profileCreate', { displayName: 'ANA TRAINEE', role: 'trainee' });
    const clash = await there.refusal('replayImport', { fileName: 'ana.irreplay', base64: fileOf(replay) });
    expect(clash).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^ana\.irreplay: its profile cannot be added: the name "Ana Trainee" is taken/),
    });
    const asDirector = structuredClone(replay);
    asDirector.attempt!.profile = { ...asDirector.attempt!.profile, displayName: 'Other Name', role: 'director' };
    const imported = await there.call('replayImport', { fileName: 'ana.irreplay', base64: fileOf(asDirector) });
    expect(imported.status).toBe('imported');
    // A later file naming the same profile as a trainee does not change the role it has here.
    const other = structuredClone(replay);
    other.attempt!.id = '00000000-0000-4000-8000-0000000000b1';
    const role = await there.refusal('replayImport', { fileName: 'again.irreplay', base64: fileOf(other) });
    expect(role).toMatchObject({ code: 'conflict', message: expect.stringMatching(/director here and a trainee/) });
    there.close();
  });

  it('is a director call', async () => {
    const replay = await exportedReplay();
    const app = openServices({ dataDir: tempDir(), assetsDir: fixtures, runtime: 'bridge', appVersion: '9.9.9' });
    const refused = await dispatch(app.handlers, 'replayImport', { fileName: 'ana.irreplay', base64: fileOf(replay) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    app.close();
  });
});
