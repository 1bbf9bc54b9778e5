import { SIM_STEP_HZ } from '../version.ts';
import { findDevice, loadingProblem } from '../devices/catalogue.ts';
import { stackAfterLoading, stackAfterRemoving } from './device-stack.ts';
import type { LumenField } from './lumen-field.ts';
import { createRod, defaultRodLayout, type Rod, type RodLayout } from './rod.ts';
import {
  createSolverScratch,
  defaultSolverSettings,
  slideToInsertedLength,
  solveTwist,
  stepRods,
  type DeviceInBody,
  type Sheath,
  type SolverScratch,
  type SolverSettings,
} from './solver.ts';

/**
 * The devices in one patient: a stack loaded through the access sheath (outermost first), each
 * driven at its hub by a device-independent command: advance/retract speed and rotation speed.
 * This is what controls produce and what replays record.
 */
export interface HubCommand {
  /** mm/s; negative retracts. */
  advanceMmPerS: number;
  /** deg/s; positive turns clockwise seen from the operator (about the device's own axis toward the tip). */
  rotateDegPerS: number;
}

export interface LoadedDevice extends DeviceInBody {
  hub: HubCommand;
}

export interface PhysicsWorld {
  lumen: LumenField;
  sheath: Sheath;
  devices: LoadedDevice[];
  settings: SolverSettings;
  scratch: SolverScratch;
  stepCount: number;
  /** Node spacing the devices were built with (a device loaded later gets the same). */
  layout: RodLayout;
  /** Counts loads and removals: a viewer compares it to know when to describe the stack again. */
  stackChanges: number;
}

export interface DeviceLoad {
  deviceId: string;
  /** Index (in this list) of the device it is loaded through; -1 for the sheath. */
  through: number;
}

/** Fastest hub motion a hand makes (est.): 100 mm/s push, two turns a second. */
export const maxAdvanceMmPerS = 100;
export const maxRotateDegPerS = 720;

export function createPhysicsWorld(options: {
  lumen: LumenField;
  sheath: Sheath;
  devices: readonly DeviceLoad[];
  settings?: Partial<SolverSettings>;
  /** Node spacing along the devices; finer costs more per step. */
  layout?: Partial<RodLayout>;
}): PhysicsWorld {
  const layout = { ...defaultRodLayout, ...options.layout };
  const devices: LoadedDevice[] = options.devices.map((load, index) => {
    const device = findDevice(load.deviceId);
    if (load.through >= index)
      throw new Error(`device ${index} (${load.deviceId}) must be loaded through an earlier device`);
    if (load.through >= 0) {
      const outer = findDevice(options.devices[load.through]!.deviceId);
      const problem = loadingProblem(device, outer);
      if (problem) throw new Error(problem);
    }
    return { rod: createRod(device, layout), outer: load.through, hub: { advanceMmPerS: 0, rotateDegPerS: 0 } };
  });
  const maxNodes = Math.max(1, ...devices.map((device) => device.rod.nodeCount));
  return {
    lumen: options.lumen,
    sheath: options.sheath,
    devices,
    settings: { ...defaultSolverSettings, ...options.settings },
    scratch: createSolverScratch(maxNodes),
    stepCount: 0,
    layout,
    stackChanges: 0,
  };
}

/** The stack as loads (device id and what it goes through), outermost first. */
export function worldStack(world: PhysicsWorld): DeviceLoad[] {
  return world.devices.map(({ rod, outer }) => ({ deviceId: rod.device.id, through: outer }));
}

/**
 * Loads a device through the innermost one (or the sheath when none is in), with nothing of it
 * in the body yet: the trainee then pushes it in. Refused (nothing changes) when it does not fit.
 */
export function loadDevice(world: PhysicsWorld, deviceId: string): void {
  const change = stackAfterLoading(worldStack(world), deviceId);
  if (!change.stack) throw new Error(change.problem);
  const rod = createRod(findDevice(deviceId), world.layout);
  world.devices.push({ rod, outer: world.devices.length - 1, hub: { advanceMmPerS: 0, rotateDegPerS: 0 } });
  if (rod.nodeCount > world.scratch.twistDiagonal.length) world.scratch = createSolverScratch(rod.nodeCount);
  world.stackChanges++;
}

/**
 * Takes a device out (pulled out through the sheath or the device it was in; later devices
 * renumbered). Refused while another device is loaded through it.
 */
export function removeDevice(world: PhysicsWorld, index: number): void {
  const change = stackAfterRemoving(worldStack(world), index);
  if (!change.stack) throw new Error(change.problem);
  world.devices.splice(index, 1);
  for (const device of world.devices) if (device.outer > index) device.outer--;
  world.stackChanges++;
}

export function setHubCommand(world: PhysicsWorld, deviceIndex: number, command: HubCommand): void {
  const device = world.devices[deviceIndex];
  if (!device) throw new Error(`no device ${deviceIndex} in the stack`);
  device.hub.advanceMmPerS = clamp(command.advanceMmPerS, -maxAdvanceMmPerS, maxAdvanceMmPerS);
  device.hub.rotateDegPerS = clamp(command.rotateDegPerS, -maxRotateDegPerS, maxRotateDegPerS);
}

/** One fixed step (1 / SIM_STEP_HZ s): hub motion, then the rod solver. */
export function stepPhysics(world: PhysicsWorld): void {
  const dt = 1 / SIM_STEP_HZ;
  for (const device of world.devices) applyHub(device, world, dt);
  stepRods(world.devices, world.sheath, world.lumen, dt, world.settings, world.scratch);
  world.stepCount++;
}

function applyHub(device: LoadedDevice, world: PhysicsWorld, dt: number): void {
  const rod = device.rod;
  rod.stepStart.set(rod.positions.subarray(0, 3 * rod.activeCount));
  const target = clamp(rod.insertedMm + device.hub.advanceMmPerS * dt, 0, rod.device.lengthMm - 50);
  rod.hubAngle += (device.hub.rotateDegPerS * Math.PI * dt) / 180;
  const wasEmpty = rod.activeCount === 0;
  if (target !== rod.insertedMm) slideToInsertedLength(rod, target, world.sheath, world.settings, world.scratch);
  if (wasEmpty && rod.activeCount > 0) {
    rod.stepStart.set(rod.positions.subarray(0, 3 * rod.activeCount));
    solveTwist(rod, world.sheath, world.settings, world.scratch);
  }
}

/** Position of a device's tip (node 0). */
export function tipPosition(rod: Rod, out: Float64Array): Float64Array {
  out[0] = rod.positions[0]!;
  out[1] = rod.positions[1]!;
  out[2] = rod.positions[2]!;
  return out;
}

/**
 * A 32-bit FNV-1a hash over every number that defines the state (positions, velocities, angles,
 * inserted lengths, hub angles, step count): equal hashes mean bit-identical states.
 */
export function physicsStateHash(world: PhysicsWorld): string {
  let hash = 0x811c9dc5;
  const view = new DataView(new ArrayBuffer(8));
  const mix = (value: number) => {
    view.setFloat64(0, value);
    for (let i = 0; i < 8; i++) {
      hash ^= view.getUint8(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  };
  mix(world.stepCount);
  for (const { rod } of world.devices) {
    mix(rod.insertedMm);
    mix(rod.hubAngle);
    mix(rod.activeCount);
    for (let i = 0; i < 3 * rod.activeCount; i++) {
      mix(rod.positions[i]!);
      mix(rod.velocities[i]!);
    }
    for (let k = 0; k < rod.activeCount; k++) mix(rod.materialAngle[k]!);
  }
  return hash.toString(16).padStart(8, '0');
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Deepest any free node of any device reaches past the vessel wall (mm; 0 when all are inside). */
export function maxWallPenetrationMm(world: PhysicsWorld): number {
  const contact = world.scratch.contact;
  let worst = 0;
  for (const { rod } of world.devices) {
    for (let k = 0; k < rod.activeCount; k++) {
      world.lumen.wallContact(rod.positions[3 * k]!, rod.positions[3 * k + 1]!, rod.positions[3 * k + 2]!, contact);
      worst = Math.max(worst, rod.radiusMm - contact.clearanceMm);
    }
  }
  return worst;
}

/** Largest wall normal force on any node of any device in the last step (N). */
export function maxWallForceN(world: PhysicsWorld): number {
  let worst = 0;
  for (const { rod } of world.devices)
    for (let k = 0; k < rod.activeCount; k++) worst = Math.max(worst, rod.wallForce[k]!);
  return worst;
}
