import { sampleAtArc, type VesselTree } from '../../../sim/anatomy/model.ts';

/** A point picked on a vessel: which vessel, where along it, and its calibre there. */
export interface VesselPick {
  segmentIndex: number;
  /** The centreline sample nearest the picked point. */
  sampleIndex: number;
  /** Arc length of the picked point's projection on the centreline (mm from the vessel's start). */
  arcMm: number;
  /** Lumen diameter there (mm), from the tree's radii, not from the drawn surface. */
  diameterMm: number;
}

const scratch = new Float64Array(3);

/**
 * Projects `point` (patient mm) onto the centreline of vessel `segmentIndex` (the nearest point
 * of its polyline) and reads the lumen radius there.
 */
export function pickOnVessel(
  tree: VesselTree,
  segmentIndex: number,
  point: readonly [number, number, number],
): VesselPick {
  const segment = tree.segments[segmentIndex]!;
  const p = segment.points;
  const count = segment.radiiMm.length;
  let bestDistance = Infinity;
  let bestArc = 0;
  let bestSample = 0;
  for (let i = 0; i + 1 < count; i++) {
    const ax = p[3 * i]!;
    const ay = p[3 * i + 1]!;
    const az = p[3 * i + 2]!;
    const ex = p[3 * i + 3]! - ax;
    const ey = p[3 * i + 4]! - ay;
    const ez = p[3 * i + 5]! - az;
    const lengthSquared = ex * ex + ey * ey + ez * ez;
    const t =
      lengthSquared > 0
        ? Math.min(1, Math.max(0, ((point[0] - ax) * ex + (point[1] - ay) * ey + (point[2] - az) * ez) / lengthSquared))
        : 0;
    const distance = Math.hypot(point[0] - ax - t * ex, point[1] - ay - t * ey, point[2] - az - t * ez);
    if (distance < bestDistance) {
      bestDistance = distance;
      bestArc = segment.arcMm[i]! + t * (segment.arcMm[i + 1]! - segment.arcMm[i]!);
      bestSample = t < 0.5 ? i : i + 1;
    }
  }
  return {
    segmentIndex,
    sampleIndex: bestSample,
    arcMm: bestArc,
    diameterMm: 2 * sampleAtArc(segment, bestArc, scratch),
  };
}
