import { useEffect, useRef } from 'react';
import type { HubCommand } from '../../../sim/physics/world.ts';
import {
  gamepadAdvanceMmPerS,
  gamepadRotateDegPerS,
  shoulderStep,
  standardGamepad,
  steppedDevice,
} from './gamepadHub.ts';

/**
 * Gamepad → hub commands for the active device while the cath lab is open. The first pad with
 * the standard mapping is polled once per animation frame (the Gamepad API has no input
 * events), only while one is connected; a command is sent when it changes, never per frame, and
 * nothing here touches React state. A still stick sends nothing, so the keyboard is not
 * overridden; whichever input changed last drives the device.
 */
export function useHubGamepad(options: {
  deviceCount: number;
  active: number;
  onActiveChange: (device: number) => void;
  invertRotation: boolean;
  sendHub: (device: number, command: HubCommand) => void;
  /** Changes when the worker starts a fresh world, whose hubs are all still: a moving stick is sent again. */
  world: unknown;
}): void {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    if (typeof navigator.getGamepads !== 'function') return;
    let frame = 0;
    // What was last sent (device, speeds, world) and the shoulder buttons last seen.
    let sentDevice = -1;
    let sentAdvance = 0;
    let sentRotate = 0;
    let sentWorld: unknown = null;
    let wasLeft = false;
    let wasRight = false;

    const firstPad = (): Gamepad | null => {
      for (const pad of navigator.getGamepads()) if (pad?.connected && pad.mapping === 'standard') return pad;
      return null;
    };
    const stop = (): void => {
      const { sendHub, deviceCount } = latest.current;
      if ((sentAdvance !== 0 || sentRotate !== 0) && sentDevice >= 0 && sentDevice < deviceCount)
        sendHub(sentDevice, { advanceMmPerS: 0, rotateDegPerS: 0 });
      sentAdvance = 0;
      sentRotate = 0;
    };
    const poll = (): void => {
      const pad = firstPad();
      if (!pad) {
        stop();
        frame = 0;
        return;
      }
      frame = requestAnimationFrame(poll);
      const { active, deviceCount, invertRotation, onActiveChange, sendHub, world } = latest.current;

      const left = pad.buttons[standardGamepad.leftShoulder]?.pressed ?? false;
      const right = pad.buttons[standardGamepad.rightShoulder]?.pressed ?? false;
      const step = shoulderStep(wasLeft, wasRight, left, right);
      wasLeft = left;
      wasRight = right;
      if (step !== 0 && deviceCount > 1) onActiveChange(steppedDevice(active, step, deviceCount));
      if (active >= deviceCount) return;

      const advance = gamepadAdvanceMmPerS(pad.axes[standardGamepad.leftStickY] ?? 0);
      const rotate = gamepadRotateDegPerS(pad.axes[standardGamepad.rightStickX] ?? 0, invertRotation);
      const moving = advance !== 0 || rotate !== 0;
      const changed = advance !== sentAdvance || rotate !== sentRotate;
      const elsewhere = active !== sentDevice || world !== sentWorld;
      if (!changed && !(elsewhere && moving)) return;
      // The device the stick drove before stops when the stick now drives another.
      if (active !== sentDevice && world === sentWorld) stop();
      sendHub(active, { advanceMmPerS: advance, rotateDegPerS: rotate });
      sentDevice = active;
      sentWorld = world;
      sentAdvance = advance;
      sentRotate = rotate;
    };
    const start = (): void => {
      if (frame === 0) frame = requestAnimationFrame(poll);
    };
    window.addEventListener('gamepadconnected', start);
    start();
    return () => {
      window.removeEventListener('gamepadconnected', start);
      if (frame !== 0) cancelAnimationFrame(frame);
      stop();
    };
  }, []);
}
