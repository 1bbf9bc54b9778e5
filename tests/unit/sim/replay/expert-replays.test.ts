import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaySimulation } from '../../../../src/sim/replay/replay.ts';
import { runOperator } from '../../../../src/sim/scenario/operators.ts';
import { parseScenario } from '../../../../src/sim/scenario/scenario.ts';
import { simulationSetupFor } from '../../../../src/sim/scenario/setup.ts';
import { scoreAttempt } from '../../../../src/sim/scoring/score.ts';
import { simulationStateHash } from '../../../../src/sim/simulation.ts';

/**
 * Issue #7: record then replay gives an identical final state hash and score for each case's
 * expert run. The expert operator works each case of the library by hub and treatment commands;
 * its recorded commands, re-simulated from the case's setup, must end in the same state, bit for
 * bit, and score the same.
 */
const library = join(import.meta.dirname, '../../../../assets/scenarios');
const cases = readdirSync(library)
  .filter((file) => file.endsWith('.json'))
  .sort();

describe("each case's expert run, recorded and replayed", () => {
  it.each(cases)(
    '%s replays to the same final state and score',
    (file) => {
      const { scenario, tree } = parseScenario(JSON.parse(readFileSync(join(library, file), 'utf8')), file);
      const run = runOperator(scenario, tree, 'expert', 1);
      const recorded = run.simulation;
      expect(recorded.commands.length).toBeGreaterThan(0);
      const replayed = replaySimulation(simulationSetupFor(scenario, tree), recorded.commands, recorded.stepCount);
      expect(simulationStateHash(replayed)).toBe(simulationStateHash(recorded));
      expect(scoreAttempt(scenario, replayed)).toEqual(run.score);
      // A stroke case runs its operator for two simulated minutes with a three-deep stack and then
      // re-simulates them: 16-21 s here on a busy day, over vitest's default budget. Not a speed
      // check (that is `npm run bench`), so it gets the time it needs.
    },
    90_000,
  );
});
