import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { getScenario } from '../../main/services/scenarios.ts';
import { buildAtlas } from '../../sim/anatomy/atlas/index.ts';
import { replayFileFormat, type ReplayFile } from '../../sim/replay/replay-file.ts';
import { runOperator, type OperatorKind } from '../../sim/scenario/operators.ts';
import { simulationStateHash } from '../../sim/simulation.ts';
import { SIM_CORE_VERSION, SIM_STEP_HZ } from '../../sim/version.ts';
import { UsageError } from '../command.ts';

/**
 * `scenario run <id> --autopilot expert|novice --seed N [--replay out.irreplay]`: an operator
 * works the case through hub, pedal and injector commands; prints the score, pass or fail and
 * every metric. The seed picks the anatomy's variation and the operator's hesitations.
 */
export function runScenarioCommand(args: string[], assetsDir: string): unknown {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { autopilot: { type: 'string' }, seed: { type: 'string' }, replay: { type: 'string' } },
  });
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) throw new UsageError('scenario run: give exactly one case id');
  const kind = values.autopilot;
  if (kind !== 'expert' && kind !== 'novice')
    throw new UsageError(`scenario run: --autopilot must be expert or novice (got ${JSON.stringify(kind ?? '')})`);
  const seed = values.seed === undefined ? 0 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new UsageError(`scenario run: --seed ${values.seed} is not a whole number from 0 to 4294967295`);
  const scenario = getScenario(join(assetsDir, 'scenarios'), id);
  const played = { ...scenario, atlas: { ...scenario.atlas, seed } };
  const tree = buildAtlas(played.anatomy, played.atlas);
  const run = runOperator(played, tree, kind as OperatorKind, seed);
  if (values.replay) {
    const file: ReplayFile = {
      format: replayFileFormat,
      scenarioId: scenario.id,
      scenarioVersion: scenario.version,
      coreVersion: SIM_CORE_VERSION,
      seed,
      totalSteps: run.simulation.stepCount,
      commands: run.simulation.commands,
      claimed: {
        total: run.score.total,
        passed: run.score.passed,
        finalStateHash: simulationStateHash(run.simulation),
      },
    };
    writeFileSync(values.replay, gzipSync(JSON.stringify(file)));
  }
  const { score } = run;
  return {
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    autopilot: kind,
    seed,
    simulatedSeconds: run.simulation.stepCount / SIM_STEP_HZ,
    total: score.total,
    passMark: score.passMark,
    passed: score.passed,
    stoppedBecause: run.stoppedBecause,
    groups: score.groups,
    objectives: score.objectives,
    errors: score.errors,
    process: score.process,
    metrics: score.metrics,
    ...(values.replay ? { replay: values.replay } : {}),
  };
}
