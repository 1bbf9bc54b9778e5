import type { VesselTree } from '../anatomy/model.ts';
import { createRandomState, nextInRange, nextUnit, type RandomState } from '../math/random.ts';
import {
  autopilotStep,
  createAutopilot,
  defaultAutopilotOptions,
  recordAutopilotStep,
  type AutopilotOptions,
  type AutopilotState,
} from '../physics/autopilot.ts';
import type { HubCommand } from '../physics/world.ts';
import { scoreAttempt, type AttemptScore } from '../scoring/score.ts';
import {
  applyCommand,
  createSimulation,
  stepSimulation,
  type ImagingSettings,
  type Simulation,
} from '../simulation.ts';
import { SIM_STEP_HZ } from '../version.ts';
import type { Scenario } from './scenario.ts';
import { simulationSetupFor } from './setup.ts';

/**
 * Operators that run a whole case through the same commands a trainee's controls produce (hub,
 * pedals, injector), recorded by the simulation like any attempt. They work the case's
 * objectives in order: `reach` by the navigation autopilot (a catheter objective then brings the
 * catheter up over the wire), `angiogram` by a DSA run with an injection after the X-ray delay.
 * Clinical objectives (recanalize, embolize, stop a bleed) need therapeutic devices the
 * simulator does not have yet; an operator stops there.
 *
 * - expert: fluoroscopy at 7.5 pulses/s and only while steering (approaching and entering a
 *   junction, bringing the catheter up), one DSA run per angiogram with the volume the vessel needs;
 * - novice: hesitant (pauses of 0.5–2 s at random), fluoroscopy at 15 pulses/s all the time,
 *   pushing faster so it overshoots and retries, an extra run and twice the contrast per angiogram.
 */
export type OperatorKind = 'expert' | 'novice';

export interface OperatorRun {
  simulation: Simulation;
  score: AttemptScore;
  /** Objectives the operator worked through before it stopped (met or not). */
  attempted: string[];
  /** Why it stopped early, if it did. */
  stoppedBecause: string | null;
}

/** Longest any one objective may take the operator (s of simulated time). */
const objectiveTimeoutS = 150;

export function runOperator(scenario: Scenario, tree: VesselTree, kind: OperatorKind, seed: number): OperatorRun {
  const simulation = createSimulation(simulationSetupFor(scenario, tree));
  const random = createRandomState(seed ^ (kind === 'expert' ? 0x5eed : 0xbad));
  const imaging: ImagingSettings = {
    fluoroscopyMode: 'fluoro',
    fluoroscopyPulsesPerSecond: kind === 'expert' ? 7.5 : 15,
    acquisitionMode: 'dsa',
    acquisitionFramesPerSecond: kind === 'expert' ? 2 : 4,
  };
  applyCommand(simulation, { kind: 'imaging', settings: imaging });
  if (kind === 'novice') applyCommand(simulation, { kind: 'beam', beam: 'fluoro' });
  const attempted: string[] = [];
  let stoppedBecause: string | null = null;
  for (const objective of scenario.objectives) {
    attempted.push(objective.id);
    if (objective.kind === 'reach') {
      const reached = navigate(simulation, tree, objective.vessel, kind, random);
      if (!reached) {
        stoppedBecause = `${objective.id}: the navigation autopilot did not reach ${objective.vessel}`;
        break;
      }
      if (objective.by === 'catheter') bringCatheterUp(simulation, objective.vessel, kind);
    } else if (objective.kind === 'angiogram') {
      angiogram(simulation, kind);
    } else {
      stoppedBecause = `${objective.id}: the operators do not drive the treatment commands (${objective.kind}) yet`;
      break;
    }
  }
  beam(simulation, 'off');
  return { simulation, score: scoreAttempt(scenario, simulation), attempted, stoppedBecause };
}

/** Sends a hub command only when it differs from the device's current one, as controls do. */
function hub(simulation: Simulation, device: number, command: HubCommand): void {
  const current = simulation.physics.devices[device]!.hub;
  if (current.advanceMmPerS === command.advanceMmPerS && current.rotateDegPerS === command.rotateDegPerS) return;
  applyCommand(simulation, { kind: 'hub', device, command: { ...command } });
}

function beam(simulation: Simulation, request: Simulation['beam']): void {
  if (simulation.beam !== request) applyCommand(simulation, { kind: 'beam', beam: request });
}

function stopAll(simulation: Simulation): void {
  for (let d = 0; d < simulation.physics.devices.length; d++)
    hub(simulation, d, { advanceMmPerS: 0, rotateDegPerS: 0 });
}

function wait(simulation: Simulation, seconds: number): void {
  for (let i = 0; i < Math.round(seconds * SIM_STEP_HZ); i++) stepSimulation(simulation);
}

function navigate(
  simulation: Simulation,
  tree: VesselTree,
  target: string,
  kind: OperatorKind,
  random: RandomState,
): boolean {
  const options: Partial<AutopilotOptions> =
    kind === 'expert'
      ? { maxSeconds: objectiveTimeoutS }
      : {
          maxSeconds: objectiveTimeoutS,
          cruiseMmPerS: defaultAutopilotOptions.cruiseMmPerS * 1.4,
          approachMmPerS: defaultAutopilotOptions.approachMmPerS * 1.8,
        };
  const state: AutopilotState = createAutopilot(simulation.physics, tree, simulation.lumenIndex, target, options);
  let pauseStepsLeft = 0;
  while (state.phase !== 'arrived' && state.phase !== 'failed') {
    autopilotStep(state);
    if (kind === 'novice' && pauseStepsLeft === 0 && nextUnit(random) < 1 / (4 * SIM_STEP_HZ)) {
      // About every 4 s, a hesitation of 0.5–2 s with the hands still.
      pauseStepsLeft = Math.round(nextInRange(random, 0.5, 2) * SIM_STEP_HZ);
    }
    if (pauseStepsLeft > 0) {
      pauseStepsLeft--;
      stopAll(simulation);
    } else {
      for (let d = 0; d < state.commands.length; d++) hub(simulation, d, state.commands[d]!);
    }
    if (kind === 'expert') beam(simulation, state.phase === 'cruise' ? 'off' : 'fluoro');
    stepSimulation(simulation);
    recordAutopilotStep(state);
  }
  stopAll(simulation);
  if (kind === 'expert') beam(simulation, 'off');
  // Arrived, or a device's tip is in the target anyway (a catheter that led in while the wire was retried).
  const targetIndex = tree.segments.findIndex((segment) => segment.key === target);
  return state.phase === 'arrived' || simulation.tipSegment.includes(targetIndex);
}

/** With the wire held, advance the outermost catheter until its tip is in the target vessel (or 20 s pass). */
function bringCatheterUp(simulation: Simulation, target: string, kind: OperatorKind): void {
  const devices = simulation.physics.devices;
  const catheter = devices.findIndex(({ rod }) => rod.device.kind !== 'guidewire' && rod.device.kind !== 'microwire');
  if (catheter < 0) return;
  const targetIndex = simulation.tree.segments.findIndex((segment) => segment.key === target);
  beam(simulation, 'fluoro');
  hub(simulation, catheter, { advanceMmPerS: kind === 'expert' ? 10 : 20, rotateDegPerS: 0 });
  for (let i = 0; i < 20 * SIM_STEP_HZ && simulation.tipSegment[catheter] !== targetIndex; i++) {
    stepSimulation(simulation);
  }
  stopAll(simulation);
  if (kind === 'expert') beam(simulation, 'off');
}

/** A DSA run with contrast: mask first, inject after the X-ray delay, keep acquiring through the washout. */
function angiogram(simulation: Simulation, kind: OperatorKind): void {
  const runs = kind === 'expert' ? 1 : 2;
  for (let run = 0; run < runs; run++) {
    beam(simulation, 'acquire');
    wait(simulation, 1);
    applyCommand(simulation, { kind: 'inject', rateMlPerS: 4, volumeMl: kind === 'expert' ? 6 : 12 });
    while (simulation.flow.injection.active) stepSimulation(simulation);
    wait(simulation, kind === 'expert' ? 1.5 : 3);
    beam(simulation, kind === 'expert' ? 'off' : 'fluoro');
  }
}
