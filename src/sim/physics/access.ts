import { segmentByKey, type VesselTree } from '../anatomy/model.ts';
import type { Sheath } from './solver.ts';

/**
 * The introducer sheath in an access vessel (a common femoral artery, say): its tip sits
 * `depthMm` inside the vessel from the puncture at the vessel's distal end, pointing upstream
 * along the centreline, toward the heart. Hub angle 0 turns a shaped tip toward the patient's
 * anterior (−y in LPS), as an operator holds it by default.
 */
export function sheathInAccessVessel(tree: VesselTree, accessKey: string, depthMm = 20): Sheath {
  const vessel = segmentByKey(tree, accessKey);
  if (vessel.children.length > 0) {
    throw new Error(`${vessel.name} is not an access vessel: sheaths go into a vessel's distal end (a leaf)`);
  }
  const n = vessel.radiiMm.length;
  const length = vessel.arcMm[n - 1]!;
  const target = Math.max(0, length - depthMm);
  let i = n - 1;
  while (i > 0 && vessel.arcMm[i - 1]! >= target) i--;
  const p = vessel.points;
  const point = Float64Array.of(p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!);
  // Upstream direction: toward the previous sample.
  const j = Math.max(0, i - 1);
  const direction = Float64Array.of(
    p[3 * j]! - p[3 * i]!,
    p[3 * j + 1]! - p[3 * i + 1]!,
    p[3 * j + 2]! - p[3 * i + 2]!,
  );
  normalise(direction);
  // Anterior (−y) made perpendicular to the sheath axis; fall back to +z if they are parallel.
  const reference = Float64Array.of(0, -1, 0);
  let along = reference[0]! * direction[0]! + reference[1]! * direction[1]! + reference[2]! * direction[2]!;
  if (Math.abs(along) > 0.95) {
    reference.set([0, 0, 1]);
    along = direction[2]!;
  }
  for (let axis = 0; axis < 3; axis++) reference[axis] = reference[axis]! - along * direction[axis]!;
  normalise(reference);
  return { point, direction, reference };
}

function normalise(v: Float64Array): void {
  const length = Math.hypot(v[0]!, v[1]!, v[2]!) || 1;
  v[0] = v[0]! / length;
  v[1] = v[1]! / length;
  v[2] = v[2]! / length;
}
