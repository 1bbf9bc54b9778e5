import { deviceCatalogue, findDevice, loadingProblem } from '../devices/catalogue.ts';
import type { DeviceLoad } from './world.ts';

/**
 * The rules for a device stack: the outermost device goes in through the access sheath, each next
 * one is loaded through the innermost so far (coaxial), and only a device with nothing inside it
 * can come out. An exchange is a removal and a new load. The catalogue's `loadingProblem` says
 * whether a device fits, in words naming both devices. The cath lab checks a change with these
 * before asking for it, and the simulation refuses the same changes (`load-device`,
 * `remove-device`), so a replay can never hold a stack the table would not have allowed.
 *
 * The access sheath is part of the access (`sheathInAccessVessel`), not of the stack, and the
 * world does not give it a size, so what goes through it is not checked against one.
 */

export type StackChange = { stack: DeviceLoad[]; problem: null } | { stack: null; problem: string };

/** Why a proposed stack cannot be built, or null. Checks every device in order, outermost first. */
export function stackProblem(stack: readonly DeviceLoad[]): string | null {
  for (let index = 0; index < stack.length; index++) {
    const load = stack[index]!;
    const device = deviceCatalogue.find((candidate) => candidate.id === load.deviceId);
    if (!device) return `There is no device "${load.deviceId}" in the catalogue.`;
    if (!Number.isInteger(load.through) || load.through < -1 || load.through >= index)
      return `${device.name} must be loaded through the sheath or a device already in (through ${load.through}).`;
    if (load.through === -1) {
      if (device.kind === 'sheath') return `${device.name} is a sheath: the access sheath is already in the vessel.`;
      continue;
    }
    const problem = loadingProblem(device, findDevice(stack[load.through]!.deviceId));
    if (problem) return problem;
  }
  return null;
}

/** The device a new one goes through: the innermost (the last), or the sheath (-1) when empty. */
export function loadTarget(stack: readonly DeviceLoad[]): number {
  return stack.length - 1;
}

/** The stack with `deviceId` loaded through the innermost device, or the reason it cannot go in. */
export function stackAfterLoading(stack: readonly DeviceLoad[], deviceId: string): StackChange {
  const proposed = [...stack, { deviceId, through: loadTarget(stack) }];
  const problem = stackProblem(proposed);
  return problem ? { stack: null, problem } : { stack: proposed, problem: null };
}

/** Whether the device at `index` has nothing loaded through it (so it can be pulled out). */
export function canRemove(stack: readonly DeviceLoad[], index: number): boolean {
  return index >= 0 && index < stack.length && !stack.some((load) => load.through === index);
}

/** The stack without the device at `index` (later indices renumbered), or why it cannot come out. */
export function stackAfterRemoving(stack: readonly DeviceLoad[], index: number): StackChange {
  const load = stack[index];
  if (!load) return { stack: null, problem: `There is no device ${index} in the stack of ${stack.length}.` };
  if (!canRemove(stack, index)) {
    const inner = stack.filter((other) => other.through === index).map((other) => findDevice(other.deviceId).name);
    return {
      stack: null,
      problem: `${findDevice(load.deviceId).name} has ${inner.join(', ')} inside it: remove that first.`,
    };
  }
  const remaining = stack
    .filter((_, other) => other !== index)
    .map((other) => ({ ...other, through: other.through > index ? other.through - 1 : other.through }));
  return { stack: remaining, problem: null };
}
