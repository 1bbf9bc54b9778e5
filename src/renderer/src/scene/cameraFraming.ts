import type { Bounds } from './patientPlacement.ts';

/**
 * Where the orbit camera should go: a fixed pose, or "fit these bounds, seen from this
 * direction", which the camera works out for its own field of view and aspect.
 */
export type CameraView =
  | { kind: 'pose'; position: readonly [number, number, number]; target: readonly [number, number, number] }
  | { kind: 'fit'; bounds: Bounds; direction: readonly [number, number, number] };

/** The whole room from a corner at the foot end, on the operator's side. */
export const roomView: CameraView = { kind: 'pose', position: [-2600, 1300, 2600], target: [0, -200, 200] };

/** From the operator's side (the patient's right, −x), above and a little toward the feet. */
export const operatorSideDirection = [-1, 1.1, 0.45] as const;

/**
 * The camera position that shows all of `bounds` from along `direction` (room axes, need not be
 * unit length) with a perspective camera of vertical field `fovDeg` and width/height `aspect`:
 * for each corner of the box, the distance at which it falls just inside the frustum, horizontally
 * and vertically; the farthest of those, plus a small margin. Looks at the box's centre.
 */
export function fitBounds(
  bounds: Bounds,
  direction: readonly [number, number, number],
  fovDeg: number,
  aspect: number,
): { position: [number, number, number]; target: [number, number, number] } {
  const centre = [0, 1, 2].map((axis) => (bounds.min[axis]! + bounds.max[axis]!) / 2);
  const length = Math.hypot(direction[0], direction[1], direction[2]);
  const back = direction.map((value) => value / length); // from the target toward the camera
  // Camera right = forward × world up, with forward = −back; camera up = right × forward.
  let right = [-back[2]!, 0, back[0]!];
  const rightLength = Math.hypot(right[0]!, right[2]!) || 1;
  right = right.map((value) => value / rightLength);
  const up = [
    right[1]! * -back[2]! - right[2]! * -back[1]!,
    right[2]! * -back[0]! - right[0]! * -back[2]!,
    right[0]! * -back[1]! - right[1]! * -back[0]!,
  ];
  const tanVertical = Math.tan(((fovDeg / 2) * Math.PI) / 180);
  const tanHorizontal = tanVertical * aspect;
  let distance = 0;
  for (let corner = 0; corner < 8; corner++) {
    const offset = [0, 1, 2].map(
      (axis) => ((corner >> axis) & 1 ? bounds.max[axis]! : bounds.min[axis]!) - centre[axis]!,
    );
    const dot = (v: number[]): number => v[0]! * offset[0]! + v[1]! * offset[1]! + v[2]! * offset[2]!;
    const towardCamera = dot(back);
    distance = Math.max(
      distance,
      towardCamera + Math.abs(dot(right)) / tanHorizontal,
      towardCamera + Math.abs(dot(up)) / tanVertical,
    );
  }
  distance = Math.max(distance * 1.06, 80);
  return {
    target: [centre[0]!, centre[1]!, centre[2]!],
    position: [centre[0]! + back[0]! * distance, centre[1]! + back[1]! * distance, centre[2]! + back[2]! * distance],
  };
}
