import {
  applyCommand,
  createSimulation,
  stepSimulation,
  type RecordedCommand,
  type Simulation,
  type SimulationSetup,
} from '../simulation.ts';

/**
 * Re-runs an attempt from its setup and recorded commands: each command is applied before the
 * step it was recorded at, exactly as live, then the simulation is stepped to `totalSteps`.
 * Same setup, same commands, same core: the same state, bit for bit.
 */
export function replaySimulation(
  setup: SimulationSetup,
  commands: readonly RecordedCommand[],
  totalSteps: number,
): Simulation {
  const simulation = createSimulation(setup);
  let next = 0;
  for (let i = 1; i < commands.length; i++) {
    if (commands[i]!.step < commands[i - 1]!.step)
      throw new Error(
        `commands[${i}]: step ${commands[i]!.step} comes before the previous command's ${commands[i - 1]!.step}`,
      );
  }
  if (commands.length > 0 && commands[commands.length - 1]!.step > totalSteps)
    throw new Error(
      `the last command is at step ${commands[commands.length - 1]!.step}, after the end (${totalSteps})`,
    );
  while (simulation.stepCount < totalSteps || next < commands.length) {
    while (next < commands.length && commands[next]!.step === simulation.stepCount) {
      applyCommand(simulation, commands[next]!.command);
      next++;
    }
    if (simulation.stepCount >= totalSteps) break;
    stepSimulation(simulation);
  }
  return simulation;
}
