import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getScenario } from '../../../src/main/services/scenarios.ts';
import { buildAtlas } from '../../../src/sim/anatomy/atlas/index.ts';
import { parseReplayFile } from '../../../src/sim/replay/replay-file.ts';
import { replaySimulation } from '../../../src/sim/replay/replay.ts';
import { simulationSetupFor } from '../../../src/sim/scenario/setup.ts';
import { scoreAttempt } from '../../../src/sim/scoring/score.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

describe('cli scenario run', () => {
  it('runs a case with an operator, prints the score and every metric, the same for the same seed, and writes a replay that re-simulates to that score', () => {
    const replayPath = join(tempDir(), 'run.irreplay');
    const args = ['scenario', 'run', 'drill-celiac', '--autopilot', 'expert', '--seed', '3'];
    const first = runCli([...args, '--replay', replayPath]);
    expect(first.status).toBe(0);
    const result = first.json() as {
      total: number;
      passed: boolean;
      objectives: { id: string; met: boolean }[];
      metrics: Record<string, number>;
      groups: Record<string, { weight: number; earned: number }>;
    };
    expect(result).toMatchObject({ scenarioId: 'drill-celiac', autopilot: 'expert', seed: 3, passMark: 60 });
    expect(result.objectives.map((objective) => objective.id)).toEqual(['selected', 'angiogram']);
    for (const metric of [
      'fluoroscopyTimeS',
      'contrastMl',
      'referenceAirKermaMGy',
      'kermaAreaProductGyCm2',
      'wallForceEvents',
    ])
      expect(typeof result.metrics[metric]).toBe('number');
    const sum = Object.values(result.groups).reduce((total, group) => total + group.earned, 0);
    expect(result.total).toBeCloseTo(sum, 9);

    const again = runCli(args);
    expect((again.json() as { total: number; metrics: unknown }).metrics).toEqual(result.metrics);

    const file = parseReplayFile(JSON.parse(gunzipSync(readFileSync(replayPath)).toString('utf8')), 'run.irreplay');
    expect(file).toMatchObject({ scenarioId: 'drill-celiac', seed: 3 });
    const scenario = getScenario(join(import.meta.dirname, '../../../assets/scenarios'), 'drill-celiac');
    const played = { ...scenario, atlas: { ...scenario.atlas, seed: file.seed } };
    const simulation = replaySimulation(
      simulationSetupFor(played, buildAtlas(played.anatomy, played.atlas)),
      file.commands,
      file.totalSteps,
    );
    expect(scoreAttempt(played, simulation).total).toBe(result.total);
  }, 120_000);

  it('names what is wrong with a bad run request', () => {
    const noOperator = runCli(['scenario', 'run', 'drill-celiac']);
    expect(noOperator.status).toBe(2);
    expect(noOperator.stderr).toMatch(/--autopilot must be expert or novice/);
    const unknown = runCli(['scenario', 'run', 'no-such-case', '--autopilot', 'expert']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/There is no case with id "no-such-case"/);
    const badSeed = runCli(['scenario', 'run', 'drill-celiac', '--autopilot', 'novice', '--seed=-4']);
    expect(badSeed.status).toBe(2);
    expect(badSeed.stderr).toMatch(/--seed -4/);
  });
});
