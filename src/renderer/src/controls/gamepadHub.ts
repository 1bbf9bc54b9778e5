import type { HubCommand } from '../../../sim/physics/world.ts';

/**
 * The gamepad's hub controls (W3C "standard" mapping): the left stick pushed forward advances
 * the active device and pulled back retracts it, the right stick turns its hub, the shoulder
 * buttons pick the previous / next device. Speeds are proportional to the stick past its dead
 * zone, up to the keyboard's full speeds; the result is the same hub command as a key or a replay.
 */
export const gamepadHubSettings = {
  /** Stick deflection (0–1) ignored: pads rest a few percent off centre. */
  deadZone: 0.15,
  advanceMmPerS: 20,
  rotateDegPerS: 90,
  /**
   * Commands are rounded to these steps so that a stick held still (which jitters by a few
   * thousandths) does not send a new command every animation frame.
   */
  advanceStepMmPerS: 0.5,
  rotateStepDegPerS: 1,
} as const;

/** Indices in `Gamepad.axes` and `Gamepad.buttons` of the standard mapping. */
export const standardGamepad = {
  leftStickY: 1,
  rightStickX: 2,
  leftShoulder: 4,
  rightShoulder: 5,
} as const;

/** A stick axis past the dead zone, rescaled so it runs from 0 at the dead zone's edge to ±1 at full deflection. */
export function stickDeflection(axis: number, deadZone: number = gamepadHubSettings.deadZone): number {
  const magnitude = Math.min(1, Math.abs(axis));
  if (!(magnitude > deadZone)) return 0;
  return (Math.sign(axis) * (magnitude - deadZone)) / (1 - deadZone);
}

function quantised(value: number, step: number): number {
  // `+ 0` turns -0 into 0, so a centred stick reads as exactly no motion.
  return Math.round(value / step) * step + 0;
}

/** Advance speed (mm/s) from the left stick's Y axis: the standard mapping reads -1 with the stick pushed forward. */
export function gamepadAdvanceMmPerS(leftStickY: number): number {
  const { advanceMmPerS, advanceStepMmPerS } = gamepadHubSettings;
  return quantised(-stickDeflection(leftStickY) * advanceMmPerS, advanceStepMmPerS);
}

/**
 * Rotation speed (deg/s) from the right stick's X axis: right turns clockwise seen from the
 * operator (positive), like D on the keyboard; `invertRotation` (the user's setting) swaps it.
 */
export function gamepadRotateDegPerS(rightStickX: number, invertRotation: boolean): number {
  const { rotateDegPerS, rotateStepDegPerS } = gamepadHubSettings;
  return quantised(stickDeflection(rightStickX) * rotateDegPerS * (invertRotation ? -1 : 1), rotateStepDegPerS);
}

/** The hub command for a pad's axes (standard mapping); missing axes read as centred. */
export function hubCommandFromGamepad(axes: readonly number[], invertRotation: boolean): HubCommand {
  return {
    advanceMmPerS: gamepadAdvanceMmPerS(axes[standardGamepad.leftStickY] ?? 0),
    rotateDegPerS: gamepadRotateDegPerS(axes[standardGamepad.rightStickX] ?? 0, invertRotation),
  };
}

/**
 * The device step for the shoulder buttons: +1 when the right one goes down, -1 for the left,
 * 0 otherwise (held buttons do not repeat; both pressed together cancel).
 */
export function shoulderStep(wasLeft: boolean, wasRight: boolean, left: boolean, right: boolean): -1 | 0 | 1 {
  const step = (right && !wasRight ? 1 : 0) - (left && !wasLeft ? 1 : 0);
  return step as -1 | 0 | 1;
}

/** The active device after a step, wrapping round the stack. */
export function steppedDevice(active: number, step: number, deviceCount: number): number {
  if (deviceCount < 1) return 0;
  return (((active + step) % deviceCount) + deviceCount) % deviceCount;
}
