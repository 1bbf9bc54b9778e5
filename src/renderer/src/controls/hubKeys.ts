import type { HubCommand } from '../../../sim/physics/world.ts';

/**
 * The keyboard's hub controls: W/S push and pull the active device, A/D turn its hub, Shift for
 * fine motion. Keys name a hand's motion, never a device: the result is the same hub command a
 * gamepad or a replay would give.
 */
export const hubKeySpeeds = {
  advanceMmPerS: 20,
  fineAdvanceMmPerS: 4,
  rotateDegPerS: 90,
  fineRotateDegPerS: 20,
} as const;

/** Physical keys (`KeyboardEvent.code`), so the layout does not move them. */
export const hubKeyCodes = {
  advance: 'KeyW',
  retract: 'KeyS',
  turnLeft: 'KeyA',
  turnRight: 'KeyD',
} as const;

export type HubKey = keyof typeof hubKeyCodes;

export function hubKeyOf(code: string): HubKey | null {
  for (const key of Object.keys(hubKeyCodes) as HubKey[]) if (hubKeyCodes[key] === code) return key;
  return null;
}

/**
 * The command for the keys held. D turns clockwise seen from the operator (positive), A
 * counter-clockwise; `invertRotation` (the user's setting) swaps them. Opposite keys cancel.
 */
export function hubCommandFromKeys(held: ReadonlySet<HubKey>, fine: boolean, invertRotation: boolean): HubCommand {
  const advance = fine ? hubKeySpeeds.fineAdvanceMmPerS : hubKeySpeeds.advanceMmPerS;
  const rotate = fine ? hubKeySpeeds.fineRotateDegPerS : hubKeySpeeds.rotateDegPerS;
  const push = (held.has('advance') ? 1 : 0) - (held.has('retract') ? 1 : 0);
  const turn = ((held.has('turnRight') ? 1 : 0) - (held.has('turnLeft') ? 1 : 0)) * (invertRotation ? -1 : 1);
  return { advanceMmPerS: push * advance, rotateDegPerS: turn * rotate };
}
