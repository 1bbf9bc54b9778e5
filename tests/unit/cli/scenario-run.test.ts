import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
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
    const played = { ...scenario, atlas: { ...scenario.atlas, seed: file.seed ?? undefined } };
    const simulation = replaySimulation(
      simulationSetupFor(played, buildAtlas(played.anatomy, played.atlas)),
      file.commands,
      file.totalSteps,
    );
    expect(scoreAttempt(played, simulation).total).toBe(result.total);

    // `replay verify` re-simulates the file and agrees.
    const verified = runCli(['replay', 'verify', replayPath]);
    expect(verified.status).toBe(0);
    expect(verified.json()).toMatchObject({ scenarioId: 'drill-celiac', seed: 3, total: result.total });
    expect((verified.json() as { finalStateHash: string }).finalStateHash).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}$/);

    // A damaged, truncated or altered file is refused with what is wrong.
    const dir = tempDir();
    const truncated = join(dir, 'truncated.irreplay');
    writeFileSync(truncated, readFileSync(replayPath).subarray(0, 40));
    expect(runCli(['replay', 'verify', truncated]).stderr).toMatch(/truncated\.irreplay: not a replay file/);
    const altered = join(dir, 'altered.irreplay');
    writeFileSync(
      altered,
      gzipSync(JSON.stringify({ ...file, commands: [{ step: 'zero', command: { kind: 'beam', beam: 'on' } }] })),
    );
    const alteredRun = runCli(['replay', 'verify', altered]);
    expect(alteredRun.status).not.toBe(0);
    expect(alteredRun.stderr).toMatch(/altered\.irreplay: commands\[0\]/);
    // One command changed (a slower push): the commands no longer give the claimed result.
    const firstHub = file.commands.findIndex((recorded) => recorded.command.kind === 'hub');
    const changed = structuredClone(file);
    const hubCommand = changed.commands[firstHub]!.command as { command: { advanceMmPerS: number } };
    hubCommand.command.advanceMmPerS *= 0.5;
    const tampered = join(dir, 'tampered.irreplay');
    writeFileSync(tampered, gzipSync(JSON.stringify(changed)));
    const tamperedRun = runCli(['replay', 'verify', tampered]);
    expect(tamperedRun.status).not.toBe(0);
    expect(tamperedRun.stderr).toMatch(/tampered\.irreplay: altered: re-simulating its commands gives/);
    // The score changed by hand: refused too.
    const rescored = join(dir, 'rescored.irreplay');
    writeFileSync(
      rescored,
      gzipSync(JSON.stringify({ ...file, claimed: { ...file.claimed, total: 100, passed: true } })),
    );
    expect(runCli(['replay', 'verify', rescored]).stderr).toMatch(/rescored\.irreplay: altered/);
    const oldCore = join(dir, 'old-core.irreplay');
    writeFileSync(oldCore, gzipSync(JSON.stringify({ ...file, coreVersion: '0.0.1' })));
    expect(runCli(['replay', 'verify', oldCore]).stderr).toMatch(/recorded with simulation core 0\.0\.1/);
  }, 180_000);

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
