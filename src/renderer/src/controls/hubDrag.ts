import type { HubCommand } from '../../../sim/physics/world.ts';

/**
 * The mouse's hub control: drag on the hub pad and the distance from where the button went down
 * sets the speeds — up pushes, down pulls, right turns clockwise seen from the operator — like a
 * joystick. Speeds grow linearly beyond a small dead zone, to the keyboard's full speeds at
 * `fullDragPx`, and snap to whole numbers so a resting hand sends nothing new.
 */
export const hubDrag = { deadZonePx: 6, fullDragPx: 80, maxAdvanceMmPerS: 30, maxRotateDegPerS: 180 } as const;

function axis(offsetPx: number): number {
  const magnitude = Math.abs(offsetPx);
  if (magnitude <= hubDrag.deadZonePx) return 0;
  return (
    Math.sign(offsetPx) * Math.min(1, (magnitude - hubDrag.deadZonePx) / (hubDrag.fullDragPx - hubDrag.deadZonePx))
  );
}

/** The hub command for a drag of (dx, dy) pixels from where it started (screen y grows downward). */
export function hubCommandFromDrag(dxPx: number, dyPx: number, invertRotation: boolean): HubCommand {
  return {
    advanceMmPerS: Math.round(-axis(dyPx) * hubDrag.maxAdvanceMmPerS) || 0,
    rotateDegPerS: Math.round(axis(dxPx) * hubDrag.maxRotateDegPerS) * (invertRotation ? -1 : 1) || 0,
  };
}
