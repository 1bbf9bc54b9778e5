import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getScenario } from '../../main/services/scenarios.ts';
import { buildAtlas } from '../../sim/anatomy/atlas/index.ts';
import { parseReplayFile } from '../../sim/replay/replay-file.ts';
import { replaySimulation } from '../../sim/replay/replay.ts';
import { simulationSetupFor } from '../../sim/scenario/setup.ts';
import { scoreAttempt } from '../../sim/scoring/score.ts';
import { simulationStateHash } from '../../sim/simulation.ts';
import { SIM_CORE_VERSION } from '../../sim/version.ts';
import { shippedAssetsDir, UsageError, type Command } from '../command.ts';

/**
 * `replay verify <file>`: re-simulates a `.irreplay` on its case and prints the score it earns
 * and the final state hash; a file that is not gzip, not a replay, from another core or of a
 * case version this workstation does not have is refused with what is wrong.
 */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay files: `replay verify <file.irreplay>` re-simulates one and prints its verified score',
  usage: 'replay verify <file.irreplay>',
  run(args) {
    const [verb, file, ...extra] = args;
    if (verb !== 'verify') throw new UsageError(`replay: unknown subcommand "${verb ?? ''}"; usage: ${this.usage}`);
    if (!file || extra.length > 0) throw new UsageError('replay verify: give exactly one replay file');
    const name = basename(file);
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch (error) {
      throw new Error(
        `${name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        {
          cause: error,
        },
      );
    }
    let text: string;
    try {
      text = gunzipSync(raw).toString('utf8');
    } catch (error) {
      throw new Error(`${name}: not a replay file (not gzip-compressed, or cut short)`, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`${name}: the replay's contents are not valid JSON (the file is damaged)`, { cause: error });
    }
    const replay = parseReplayFile(json, name);
    if (replay.coreVersion !== SIM_CORE_VERSION)
      throw new Error(
        `${name}: recorded with simulation core ${replay.coreVersion}, this is ${SIM_CORE_VERSION}; it cannot be re-simulated here`,
      );
    const scenario = getScenario(join(shippedAssetsDir, 'scenarios'), replay.scenarioId);
    if (scenario.version !== replay.scenarioVersion)
      throw new Error(
        `${name}: made on version ${replay.scenarioVersion} of "${scenario.id}", this workstation has version ${scenario.version}`,
      );
    const played = replay.seed === null ? scenario : { ...scenario, atlas: { ...scenario.atlas, seed: replay.seed } };
    let simulation;
    try {
      simulation = replaySimulation(
        simulationSetupFor(played, buildAtlas(played.anatomy, played.atlas)),
        replay.commands,
        replay.totalSteps,
      );
    } catch (error) {
      throw new Error(`${name}: the commands cannot be re-simulated: ${(error as Error).message}`, { cause: error });
    }
    const score = scoreAttempt(played, simulation);
    const finalStateHash = simulationStateHash(simulation);
    if (
      finalStateHash !== replay.claimed.finalStateHash ||
      score.total !== replay.claimed.total ||
      score.passed !== replay.claimed.passed
    ) {
      throw new Error(
        `${name}: altered: re-simulating its commands gives ${score.total.toFixed(1)} (${score.passed ? 'pass' : 'fail'}, state ${finalStateHash}), the file claims ${replay.claimed.total.toFixed(1)} (${replay.claimed.passed ? 'pass' : 'fail'}, state ${replay.claimed.finalStateHash})`,
      );
    }
    return {
      file: name,
      scenarioId: scenario.id,
      scenarioVersion: scenario.version,
      coreVersion: SIM_CORE_VERSION,
      seed: replay.seed,
      totalSteps: replay.totalSteps,
      finalStateHash,
      total: score.total,
      passed: score.passed,
      passMark: score.passMark,
      objectives: score.objectives.map(({ id, met, atS }) => ({ id, met, atS })),
    };
  },
};
