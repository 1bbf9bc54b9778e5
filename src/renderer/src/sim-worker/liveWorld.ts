import type { VesselTree } from '../../../sim/anatomy/model.ts';
import { coilMasses } from '../../../sim/flow/embolics.ts';
import {
  extravasationPools,
  sampleConcentrations,
  territoryConcentrations,
  type ContrastFlowOptions,
} from '../../../sim/flow/contrast.ts';
import { sampleAtArc } from '../../../sim/anatomy/model.ts';
import type { DeviceLoad, PhysicsWorld } from '../../../sim/physics/world.ts';
import {
  createSimulation,
  injecting,
  simulatedSeconds,
  stepSimulation,
  type Simulation,
} from '../../../sim/simulation.ts';
import { SIM_STEP_HZ } from '../../../sim/version.ts';
import type { DeviceDescription, DeviceFrame, ImagingFrame } from './messages.ts';

/**
 * The live simulation and its clock: wall time accumulates here and is spent in whole fixed
 * steps of 1 / SIM_STEP_HZ s, so the core never sees the clock. A stall (a background tab, a
 * debugger) is not caught up beyond `maxStepsPerAdvance`: the simulation slows instead of
 * spiralling.
 */
export interface LiveWorld {
  simulation: Simulation;
  accumulatedS: number;
}

export const maxStepsPerAdvance = 24;

export function createLiveWorld(
  tree: VesselTree,
  accessKey: string,
  devices: readonly DeviceLoad[],
  patientThicknessCm: number,
  flow: ContrastFlowOptions = {},
  wallForceLimitN?: number,
): LiveWorld {
  return {
    simulation: createSimulation({
      tree,
      accessKey,
      devices,
      patientThicknessCm,
      flow,
      ...(wallForceLimitN === undefined ? {} : { wallForceLimitN }),
    }),
    accumulatedS: 0,
  };
}

/** Spends `elapsedS` of wall time in fixed steps; returns how many were taken. */
export function advanceLiveWorld(live: LiveWorld, elapsedS: number): number {
  const dt = 1 / SIM_STEP_HZ;
  live.accumulatedS = Math.min(live.accumulatedS + Math.max(0, elapsedS), maxStepsPerAdvance * dt);
  let steps = 0;
  while (live.accumulatedS >= dt) {
    stepSimulation(live.simulation);
    live.accumulatedS -= dt;
    steps++;
  }
  return steps;
}

export function describeDevices(world: PhysicsWorld): DeviceDescription[] {
  return world.devices.map(({ rod, outer }) => ({
    deviceId: rod.device.id,
    through: outer,
    name: rod.device.name,
    kind: rod.device.kind,
    radiusMm: rod.radiusMm,
    nodeCount: rod.nodeCount,
  }));
}

/**
 * Copies one device's state into a frame, into `buffer` when it is large enough (a recycled
 * one), else into a new one sized for the whole device so it can be reused later.
 */
export function deviceFrame(world: PhysicsWorld, index: number, buffer: Float32Array | undefined): DeviceFrame {
  const rod = world.devices[index]!.rod;
  const positions = buffer && buffer.length >= 3 * rod.nodeCount ? buffer : new Float32Array(3 * rod.nodeCount);
  const count = 3 * rod.activeCount;
  for (let i = 0; i < count; i++) positions[i] = rod.positions[i]!;
  return {
    positions,
    activeCount: rod.activeCount,
    insertedMm: rod.insertedMm,
    hubAngleDeg: (rod.hubAngle * 180) / Math.PI,
  };
}

const poolPoint = new Float64Array(3);

/** The imaging side of a frame, its arrays written into `concentrations` and `territory` (recycled or new). */
export function imagingFrame(
  simulation: Simulation,
  concentrations: Float32Array,
  territory: Float32Array,
): ImagingFrame {
  sampleConcentrations(simulation.flow, concentrations);
  territoryConcentrations(simulation.flow, territory);
  const pools = extravasationPools(simulation.flow).map((pool) => {
    sampleAtArc(simulation.tree.segments[pool.segmentIndex]!, pool.arcMm, poolPoint);
    return {
      centreLps: [poolPoint[0]!, poolPoint[1]!, poolPoint[2]!] as [number, number, number],
      volumeMl: pool.volumeMl,
      concentration: pool.concentration,
    };
  });
  const { network, embolic } = simulation.flow;
  const coils = coilMasses(network, embolic).map((mass) => {
    const segment = simulation.tree.segments[network.cellSegment[mass.cell]!]!;
    sampleAtArc(segment, (network.cellStartArcMm[mass.cell]! + network.cellEndArcMm[mass.cell]!) / 2, poolPoint);
    return {
      centreLps: [poolPoint[0]!, poolPoint[1]!, poolPoint[2]!] as [number, number, number],
      radiusMm: mass.radiusMm,
      packing: mass.packing,
    };
  });
  return {
    beam: simulation.beam,
    mode: simulation.exposure.mode,
    pulsesPerSecond: simulation.exposure.pulsesPerSecond,
    pose: simulation.pose,
    settings: simulation.imaging,
    dose: { ...simulation.dose },
    contrastInjectedMl: simulation.flow.contrastInjectedMl,
    injecting: injecting(simulation),
    simulatedS: simulatedSeconds(simulation),
    concentrations,
    territory,
    pools,
    coils,
  };
}
