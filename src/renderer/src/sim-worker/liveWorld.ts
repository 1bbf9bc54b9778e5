import { createLumenIndex } from '../../../sim/anatomy/lumen-index.ts';
import type { VesselTree } from '../../../sim/anatomy/model.ts';
import { sheathInAccessVessel } from '../../../sim/physics/access.ts';
import { anatomyLumen } from '../../../sim/physics/lumen-field.ts';
import { createPhysicsWorld, stepPhysics, type DeviceLoad, type PhysicsWorld } from '../../../sim/physics/world.ts';
import { SIM_STEP_HZ } from '../../../sim/version.ts';
import type { DeviceDescription, DeviceFrame } from './messages.ts';

/**
 * The live world and its clock: wall time accumulates here and is spent in whole fixed steps of
 * 1 / SIM_STEP_HZ s, so the core never sees the clock. A stall (a background tab, a debugger)
 * is not caught up beyond `maxStepsPerAdvance`: the simulation slows instead of spiralling.
 */
export interface LiveWorld {
  world: PhysicsWorld;
  accumulatedS: number;
}

export const maxStepsPerAdvance = 24;

export function createLiveWorld(tree: VesselTree, accessKey: string, devices: readonly DeviceLoad[]): LiveWorld {
  if (!tree.segments.some((segment) => segment.key === accessKey)) {
    throw new Error(`${tree.name} has no vessel "${accessKey}" to hold the access sheath, so no devices can go in`);
  }
  const sheath = sheathInAccessVessel(tree, accessKey);
  const world = createPhysicsWorld({ lumen: anatomyLumen(createLumenIndex(tree)), sheath, devices });
  return { world, accumulatedS: 0 };
}

/** Spends `elapsedS` of wall time in fixed steps; returns how many were taken. */
export function advanceLiveWorld(live: LiveWorld, elapsedS: number): number {
  const dt = 1 / SIM_STEP_HZ;
  live.accumulatedS = Math.min(live.accumulatedS + Math.max(0, elapsedS), maxStepsPerAdvance * dt);
  let steps = 0;
  while (live.accumulatedS >= dt) {
    stepPhysics(live.world);
    live.accumulatedS -= dt;
    steps++;
  }
  return steps;
}

export function describeDevices(world: PhysicsWorld): DeviceDescription[] {
  return world.devices.map(({ rod }) => ({
    deviceId: rod.device.id,
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
