import {
  createCentrelineProjection,
  projectOntoCentreline,
  sampleAtArc,
  type VesselTree,
} from '../../../sim/anatomy/model.ts';

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
const projection = createCentrelineProjection();

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
  const { arcMm, sample } = projectOntoCentreline(segment, point[0], point[1], point[2], projection);
  return {
    segmentIndex,
    sampleIndex: sample,
    arcMm,
    diameterMm: 2 * sampleAtArc(segment, arcMm, scratch),
  };
}
