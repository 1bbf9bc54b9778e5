import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch, openServices } from '../../../../src/main/services/api.ts';
import { getScenario } from '../../../../src/main/services/scenarios.ts';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { replaySimulation } from '../../../../src/sim/replay/replay.ts';
import { simulationSetupFor } from '../../../../src/sim/scenario/setup.ts';
import { scoreAttempt } from '../../../../src/sim/scoring/score.ts';
import type { RecordedCommand } from '../../../../src/sim/simulation.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const fixtures = join(import.meta.dirname, '../../../fixtures');

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

async function withTrainee(dataDir: string) {
  const services = openServices({ dataDir, assetsDir: fixtures, runtime: 'cli', appVersion: '9.9.9' });
  const created = await dispatch(services.handlers, 'profileCreate', { displayName: 'Ana Trainee', role: 'trainee' });
  if (!created.ok) throw new Error(created.error.message);
  return { ...services, profileId: (created.value as { id: string }).id };
}

function submission(profileId: string, claimed: { total: number; passed: boolean }) {
  return {
    profileId,
    scenarioId: 'carotid-drill',
    scenarioVersion: 1,
    startedAt: '2026-11-23T10:00:00.000Z',
    commands,
    totalSteps,
    claimed,
  };
}

describe('attempts', () => {
  it('re-simulates a submitted attempt, stores the score it computed, and marks it verified when the claim matches', async () => {
    const dataDir = tempDir();
    const { handlers, close, profileId } = await withTrainee(dataDir);
    const claimed = claimedScore();
    const result = await dispatch(handlers, 'attemptSubmit', submission(profileId, claimed));
    expect(result).toMatchObject({ ok: true, value: { verification: 'verified', scenarioTitle: expect.any(String) } });
    if (!result.ok) return;
    const summary = result.value as { id: string; total: number; durationS: number };
    expect(summary.total).toBeCloseTo(claimed.total, 9);
    expect(summary.durationS).toBeCloseTo(2.5, 9);
    close();
    // Reopened: the attempt, its score and its event log are there.
    const reopened = openServices({ dataDir, assetsDir: fixtures, runtime: 'cli', appVersion: '9.9.9' });
    const list = await dispatch(reopened.handlers, 'attemptList', { profileId });
    expect(list.ok && (list.value as { attempts: { id: string }[] }).attempts.map((a) => a.id)).toEqual([summary.id]);
    const record = await dispatch(reopened.handlers, 'attemptGet', { id: summary.id });
    expect(record.ok).toBe(true);
    if (record.ok) {
      const value = record.value as { score: { metrics: { acquisitionRuns: number } }; events: { kind: string }[] };
      expect(value.score.metrics.acquisitionRuns).toBe(1);
      expect(value.events.map((event) => event.kind)).toContain('injection');
    }
    // The replay player gets the commands back exactly as recorded, with the verified result.
    const replay = await dispatch(reopened.handlers, 'attemptReplay', { id: summary.id });
    expect(replay).toMatchObject({ ok: true, value: { scenarioId: 'carotid-drill', totalSteps, commands } });
    if (replay.ok) {
      const value = replay.value as { claimed: { total: number; finalStateHash: string } };
      expect(value.claimed.total).toBeCloseTo(claimed.total, 9);
      expect(value.claimed.finalStateHash).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}$/);
    }
    reopened.close();
  });

  it('flags a claimed score the re-simulation does not give, and never counts it as passed', async () => {
    const { handlers, close, profileId } = await withTrainee(tempDir());
    const claimed = claimedScore();
    const result = await dispatch(handlers, 'attemptSubmit', submission(profileId, { total: 100, passed: true }));
    expect(result).toMatchObject({ ok: true, value: { verification: 'mismatch', passed: false } });
    if (result.ok) expect((result.value as { total: number }).total).toBeCloseTo(claimed.total, 9);
    close();
  });

  it('refuses an attempt it cannot re-simulate, naming why, and stores nothing', async () => {
    const { handlers, close, profileId } = await withTrainee(tempDir());
    const outOfOrder = { ...submission(profileId, claimedScore()), commands: [...commands].reverse() };
    const refused = await dispatch(handlers, 'attemptSubmit', outOfOrder);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!refused.ok)
      expect(refused.error.message).toMatch(/commands: the attempt cannot be re-simulated: commands\[1\]/);
    const badValue = await dispatch(handlers, 'attemptSubmit', {
      ...submission(profileId, claimedScore()),
      commands: [{ step: 0, command: { kind: 'inject', rateMlPerS: 'fast', volumeMl: 3 } }],
    });
    expect(badValue).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!badValue.ok) expect(badValue.error.message).toMatch(/commands/);
    const wrongVersion = await dispatch(handlers, 'attemptSubmit', {
      ...submission(profileId, claimedScore()),
      scenarioVersion: 7,
    });
    expect(wrongVersion).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const list = await dispatch(handlers, 'attemptList', {});
    expect(list).toMatchObject({ ok: true, value: { attempts: [] } });
    close();
  });
});

describe('review comments', () => {
  it('pins comments to moments, lists them in time order after a reload, and keeps trainees out when the setting says so', async () => {
    const dataDir = tempDir();
    const { handlers, close, profileId } = await withTrainee(dataDir);
    const director = await dispatch(handlers, 'profileCreate', {
      displayName: 'Dr Osei',
      role: 'director',
      passphrase: 'osei passphrase',
    });
    if (!director.ok) throw new Error(director.error.message);
    const directorId = (director.value as { id: string }).id;
    const submitted = await dispatch(handlers, 'attemptSubmit', submission(profileId, claimedScore()));
    if (!submitted.ok) throw new Error(submitted.error.message);
    const attemptId = (submitted.value as { id: string }).id;

    const late = await dispatch(handlers, 'commentAdd', {
      attemptId,
      authorProfileId: directorId,
      step: 200,
      text: 'Inject after the mask.',
    });
    expect(late).toMatchObject({ ok: true, value: { authorName: 'Dr Osei', authorRole: 'director', step: 200 } });
    const early = await dispatch(handlers, 'commentAdd', {
      attemptId,
      authorProfileId: profileId,
      step: 10,
      text: 'Why so much fluoro?',
    });
    expect(early.ok).toBe(true);
    const beyond = await dispatch(handlers, 'commentAdd', {
      attemptId,
      authorProfileId: directorId,
      step: 5000,
      text: 'x',
    });
    expect(beyond).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const blank = await dispatch(handlers, 'commentAdd', {
      attemptId,
      authorProfileId: directorId,
      step: 5,
      text: '   ',
    });
    expect(blank).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    // Only a director may change who comments: the trainee at the table (the app's screens, not
    // the command line's operator) is refused.
    const app = openServices({ dataDir, assetsDir: fixtures, runtime: 'bridge', appVersion: '9.9.9' });
    await dispatch(app.handlers, 'sessionSignIn', { profileId });
    const byTrainee = await dispatch(app.handlers, 'settingsSet', { traineesMayComment: false });
    expect(byTrainee).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await dispatch(app.handlers, 'sessionSignIn', { profileId: directorId, passphrase: 'osei passphrase' });
    expect(await dispatch(app.handlers, 'settingsSet', { traineesMayComment: false })).toMatchObject({ ok: true });
    await dispatch(app.handlers, 'sessionSignIn', { profileId });
    const refused = await dispatch(app.handlers, 'commentAdd', {
      attemptId,
      authorProfileId: profileId,
      step: 20,
      text: 'Me again',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    app.close();
    close();

    const reopened = openServices({ dataDir, assetsDir: fixtures, runtime: 'cli', appVersion: '9.9.9' });
    const list = await dispatch(reopened.handlers, 'commentList', { attemptId });
    expect(
      list.ok && (list.value as { comments: { step: number; text: string }[] }).comments.map((c) => [c.step, c.text]),
    ).toEqual([
      [10, 'Why so much fluoro?'],
      [200, 'Inject after the mask.'],
    ]);
    reopened.close();
  });
});
