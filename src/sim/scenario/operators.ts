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
import { coilDiametersMm } from '../devices/therapeutic.ts';
import { cellAtSite } from '../flow/contrast.ts';
import { radiusAtArc, SINK_BLEED } from '../flow/flow-network.ts';
import { flowFraction, isWithin, nearStasisFraction, stasisFraction } from '../scoring/embolization.ts';
import { scoreAttempt, type AttemptScore } from '../scoring/score.ts';
import {
  applyCommand,
  createSimulation,
  injectionSite,
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
 * Embolization by particles from where the catheter is (`embolizeWithParticles`) and a bleed by
 * coils (`coilUntilStopped`); recanalization (an exchange to the aspiration catheter and a pass)
 * is not driven yet, and an operator stops there.
 *
 * - expert: fluoroscopy at 7.5 pulses/s and only while steering (approaching and entering a
 *   junction, bringing the catheter up), one DSA run per angiogram with the volume the vessel needs;
 * - novice: hesitant (pauses of 0.5–2 s at random), fluoroscopy at 15 pulses/s all the time,
 *   pushing faster so it overshoots and retries, an extra run and twice the contrast per angiogram.
 * Treating, the expert injects 500–700 µm particles at half the flow at the tip and stops at the
 * endpoint, and sizes coils 15% over the vessel; the novice uses 300–500 µm particles at a fixed
 * 1.5 mL/s and two more syringes past the endpoint (the bed is full, the rest refluxes) and coils
 * 15% under the vessel (they migrate).
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
    } else if (objective.kind === 'embolize' || objective.kind === 'stop-bleed') {
      // Treat only from a catheter on the way to the target; particles or coils from anywhere
      // else would go where they must not (an operator that could not get there stops).
      const target =
        objective.kind === 'embolize'
          ? objective.vessel
          : simulation.tree.segments[simulation.flow.network.poolSegment[objective.bleed]!]!.key;
      const tip = injectionSite(simulation);
      if (tip.deviceId === 'sheath' || !isWithin(tree, target, tree.segments[tip.segmentIndex]!.key)) {
        stoppedBecause = `${objective.id}: no catheter is on the way to ${target} to treat from`;
        break;
      }
      if (objective.kind === 'embolize') embolizeWithParticles(simulation, objective.vessel, objective.endpoint, kind);
      else coilUntilStopped(simulation, objective.bleed, kind);
    } else {
      stoppedBecause = `${objective.id}: the operators do not drive recanalization (exchange and pass) yet`;
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

/** Most treatment rounds (injections, coils) an operator makes for one objective. */
const maxTreatmentRounds = 30;

/** Particle injections from the catheter where it is, until the target vessel's flow reaches the endpoint. */
export function embolizeWithParticles(
  simulation: Simulation,
  target: string,
  endpoint: 'stasis' | 'near-stasis',
  kind: OperatorKind,
): void {
  const targetIndex = simulation.tree.segments.findIndex((segment) => segment.key === target);
  const limit = endpoint === 'stasis' ? stasisFraction : nearStasisFraction;
  beam(simulation, 'fluoro');
  // The novice does not trust the endpoint: two more syringes after it (over-embolization).
  let beyond = kind === 'expert' ? 0 : 2;
  for (let round = 0; round < maxTreatmentRounds; round++) {
    if (flowFraction(simulation.flow, targetIndex) < limit && beyond-- <= 0) break;
    const tipFlow = simulation.flow.bloodFlow[cellAtSite(simulation.flow, injectionSite(simulation))]!;
    const rate = kind === 'expert' ? Math.min(2, Math.max(0.1, 0.5 * tipFlow)) : 1.5;
    applyCommand(simulation, {
      kind: 'inject',
      rateMlPerS: rate,
      volumeMl: 2 * rate,
      particles: { diameterMm: kind === 'expert' ? 0.6 : 0.4, mlPerMl: 0.1 },
    });
    while (simulation.flow.injection.active) stepSimulation(simulation);
    wait(simulation, 0.5);
  }
  if (kind === 'expert') beam(simulation, 'off');
}

/** Coils from the catheter's tip, sized to the vessel there, until the bleed's outflow stops. */
export function coilUntilStopped(simulation: Simulation, bleed: number, kind: OperatorKind): void {
  const { network } = simulation.flow;
  const sink = Array.from({ length: network.sinkCount }, (_, k) => k).find(
    (k) => network.sinkKind[k] === SINK_BLEED && network.sinkRef[k] === bleed,
  );
  if (sink === undefined) return;
  beam(simulation, 'fluoro');
  for (let round = 0; round < maxTreatmentRounds / 3; round++) {
    if (simulation.flow.sinkBloodFlow[sink]! < stasisFraction * simulation.flow.restingSinkFlow[sink]!) break;
    const site = injectionSite(simulation);
    const segment = simulation.tree.segments[site.segmentIndex]!;
    const vesselDiameterMm = 2 * radiusAtArc(segment.arcMm, segment.radiiMm, site.arcMm);
    const sized = vesselDiameterMm * (kind === 'expert' ? 1.15 : 0.85);
    const diameterMm = coilDiametersMm.reduce((best, d) => (Math.abs(d - sized) < Math.abs(best - sized) ? d : best));
    applyCommand(simulation, { kind: 'deploy-coil', diameterMm, lengthCm: 10 });
    wait(simulation, 2);
  }
  if (kind === 'expert') beam(simulation, 'off');
}
