import { useCallback, useState } from 'react';
import type { DeviceLoad } from '../../../../sim/physics/world.ts';
import type { SimCommand } from '../../../../sim/simulation.ts';
import type { LiveFrames } from '../../sim-worker/liveFrames.ts';

/**
 * The device stack at the table. In free practice a new stack builds a fresh patient (nothing of
 * the old one matters). In a case the patient carries on: a load or a removal is a command to the
 * simulation (`load-device`, `remove-device`), recorded and replayed like any other, and the stack
 * shown is the one the worker reports; the dose, the contrast and the clot stay as they were.
 */
export function useDeviceStack(inCase: boolean, initial: readonly DeviceLoad[]) {
  const [built, setBuilt] = useState<readonly DeviceLoad[]>(initial);

  /** The stack to show: the worker's in a case (it changes inside the patient), the built one otherwise. */
  const shown = useCallback(
    (frames: LiveFrames | null): readonly DeviceLoad[] =>
      inCase && frames
        ? frames.devices.map(({ description }) => ({ deviceId: description.deviceId, through: description.through }))
        : built,
    [inCase, built],
  );

  /** Applies a stack the device panel checked: a rebuild in free practice, one command in a case. */
  const change = useCallback(
    (current: readonly DeviceLoad[], next: readonly DeviceLoad[], send: (command: SimCommand) => void): void => {
      if (!inCase) {
        setBuilt(next);
        return;
      }
      if (next.length === current.length + 1) {
        send({ kind: 'load-device', deviceId: next[next.length - 1]!.deviceId });
      } else if (next.length === current.length - 1) {
        let removed = current.length - 1;
        for (let d = 0; d < next.length; d++) {
          if (next[d]!.deviceId !== current[d]!.deviceId) {
            removed = d;
            break;
          }
        }
        send({ kind: 'remove-device', device: removed });
      }
    },
    [inCase],
  );

  return { built, shown, change };
}
