import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaySimulation } from '../src/sim/replay/replay.ts';
import { parseScenario } from '../src/sim/scenario/scenario.ts';
import { simulationSetupFor } from '../src/sim/scenario/setup.ts';
import { scoreAttempt } from '../src/sim/scoring/score.ts';
import { applyCommand, createSimulation, stepSimulation } from '../src/sim/simulation.ts';
import { SIM_STEP_HZ } from '../src/sim/version.ts';
import type { Benchmark } from './run.ts';

/**
 * Re-simulating a 10-minute attempt from its commands (what the main process does to verify a
 * submitted attempt, and the replay player to seek): the celiac drill, catheter and wire pushed,
 * pulled and turned every two seconds, fluoroscopy on and off, a DSA run with an injection every
 * two minutes. Recorded once, then re-simulated and timed. Bar (issue #7): 20× real time.
 */
export const benchmark: Benchmark = {
  name: 'replay-resimulation',
  description: 're-simulation of a recorded 10-minute attempt: simulated seconds per wall second',
  run() {
    const file = join(import.meta.dirname, '../assets/scenarios/drill-celiac.json');
    const { scenario, tree } = parseScenario(JSON.parse(readFileSync(file, 'utf8')), 'drill-celiac.json');
    const setup = simulationSetupFor(scenario, tree);
    const live = createSimulation(setup);
    const totalSteps = 10 * 60 * SIM_STEP_HZ;
    for (let step = 0; step < totalSteps; step++) {
      const second = step / SIM_STEP_HZ;
      if (step % (2 * SIM_STEP_HZ) === 0) {
        const phase = Math.floor(second / 2) % 6;
        const advance = [30, 20, -10, 25, 0, -15][phase]!;
        applyCommand(live, {
          kind: 'hub',
          device: 1,
          command: { advanceMmPerS: advance, rotateDegPerS: phase % 2 ? 90 : -60 },
        });
        applyCommand(live, { kind: 'hub', device: 0, command: { advanceMmPerS: advance * 0.8, rotateDegPerS: 0 } });
        applyCommand(live, { kind: 'beam', beam: phase < 4 ? 'fluoro' : 'off' });
      }
      if (step % (120 * SIM_STEP_HZ) === 60 * SIM_STEP_HZ) {
        applyCommand(live, { kind: 'beam', beam: 'acquire' });
      }
      if (step % (120 * SIM_STEP_HZ) === 61 * SIM_STEP_HZ)
        applyCommand(live, { kind: 'inject', rateMlPerS: 4, volumeMl: 8 });
      stepSimulation(live);
    }
    const started = performance.now();
    const replayed = replaySimulation(setup, live.commands, live.stepCount);
    const seconds = (performance.now() - started) / 1000;
    const simulated = replayed.stepCount / SIM_STEP_HZ;
    return {
      simulatedSeconds: simulated,
      commands: live.commands.length,
      wallSeconds: Number(seconds.toFixed(2)),
      timesRealTime: Number((simulated / seconds).toFixed(1)),
      bar: 20,
      sameScore: scoreAttempt(scenario, replayed).total === scoreAttempt(scenario, live).total,
      nodes: replayed.physics.devices.reduce((sum, { rod }) => sum + rod.activeCount, 0),
    };
  },
};
