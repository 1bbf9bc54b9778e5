import { deviceCatalogue, deviceKinds } from '../../../../sim/devices/catalogue.ts';
import type { DeviceKind, DeviceSpec } from '../../../../sim/devices/catalogue.ts';

export {
  canRemove,
  loadTarget,
  stackAfterLoading,
  stackAfterRemoving,
  stackProblem,
  type StackChange,
} from '../../../../sim/physics/device-stack.ts';

/** The devices a trainee can put in the stack (every kind but sheaths), grouped by kind in catalogue order. */
export function chooseableDevices(): { kind: DeviceKind; devices: DeviceSpec[] }[] {
  return deviceKinds
    .filter((kind) => kind !== 'sheath')
    .map((kind) => ({ kind, devices: deviceCatalogue.filter((device) => device.kind === kind) }))
    .filter((group) => group.devices.length > 0);
}

/**
 * A device's size the way the clinic states it: wires by their diameter in inches, catheters by
 * their outer diameter in French (Fr = 3 × OD in mm, DOMAIN.md), both with mm.
 */
export function deviceSizeLabel(device: DeviceSpec): string {
  const mm = `${device.outerDiameterMm.toFixed(2)} mm`;
  if (device.innerDiameterMm === 0) return `${mm} (${(device.outerDiameterMm / 25.4).toFixed(3).replace(/^0/, '')}")`;
  const french = device.outerDiameterMm * 3;
  return `${mm} (${Number(french.toFixed(1))}F)`;
}
