import type { LumenIndex } from './lumen-index.ts';
import {
  anyCapsuleClearer,
  clearestCapsule,
  clearestCapsuleNear,
  closestFraction,
  deepestCapsule,
  found,
  nearestCapsule,
  type WallCandidates,
} from './lumen-search.ts';

export { createWallCandidates, type WallCandidates } from './lumen-search.ts';
import type { Territory, VesselTree } from './model.ts';

/**
 * Queries on a `LumenIndex`. None allocates: answers go into result objects the caller made once
 * (`createNearestResult`, `createWallResult`), as the physics calls these for every rod node on
 * every substep. The searches themselves are in `lumen-search.ts`.
 *
 * The per-capsule clearance is f = r(t) − d: the radius at the closest point's parameter t minus
 * the distance to it, measured across the centreline. It is positive inside, and its zero set is
 * the wall. Across a taper k = dr/ds it exceeds the true distance to the wall by a factor
 * √(1 + k²) (under 0.1% for k < 0.045, steeper than any atlas vessel); the normal is the
 * true one. For the union, the clearance is the largest f: exact outside the lumen, and inside it
 * a lower bound where two lumens merge (at branch points), which errs towards reporting contact.
 */

export interface NearestResult {
  /** Index in `tree.segments` of the vessel whose centreline is closest; -1 before any answer. */
  segment: number;
  /** Index, within that segment, of the sample starting the closest sample-to-sample piece. */
  sample: number;
  /** Where the closest point lies along that piece: 0 at `sample`, 1 at the next sample. */
  fraction: number;
  /** Arc length along the segment to the closest point (mm). */
  arcMm: number;
  /** The closest centreline point, x,y,z (mm). */
  point: Float64Array;
  /** Distance from the query point to the centreline (mm). */
  distanceMm: number;
  /** Lumen radius interpolated at the closest point (mm). */
  radiusMm: number;
}

export function createNearestResult(): NearestResult {
  return { segment: -1, sample: -1, fraction: 0, arcMm: 0, point: new Float64Array(3), distanceMm: 0, radiusMm: 0 };
}

export interface WallResult {
  /** Signed distance to the nearest wall (mm): positive inside the lumen, negative outside. */
  clearanceMm: number;
  /** Index in `tree.segments` of the vessel that wall belongs to; -1 for a non-finite point. */
  segment: number;
  /** Arc length along that segment opposite the query point (mm). */
  arcMm: number;
  /** Outward unit normal of that wall, x,y,z: from the lumen into the vessel wall. */
  normal: Float64Array;
  /**
   * The index capsule whose wall it is (-1 none). Set it before a query to the capsule a nearby
   * point found (the same rod node a substep ago): it is tried first, which lets the search skip
   * most others sooner. The answer does not depend on it.
   */
  capsule: number;
}

export function createWallResult(): WallResult {
  return { clearanceMm: 0, segment: -1, arcMm: 0, normal: new Float64Array(3), capsule: -1 };
}

const scratchWall = createWallResult();

/**
 * Closest point of the vessel centrelines to (x, y, z). Exact: the grid search visits every cell
 * that could hold anything closer than the best found; a point outside the grid (beyond every
 * lumen by more than a cell) is answered by a scan of every capsule. Returns false, leaving
 * `out` as it was, only for a non-finite point.
 */
export function nearestCentrelinePoint(
  index: LumenIndex,
  x: number,
  y: number,
  z: number,
  out: NearestResult,
): boolean {
  const slot = nearestCapsule(index, x, y, z);
  if (slot < 0) return false;
  const start = index.startMm;
  const axis = index.axisMm;
  const t = closestFraction(index, slot, x, y, z);
  for (let i = 0; i < 3; i++) out.point[i] = start[3 * slot + i]! + t * axis[3 * slot + i]!;
  out.segment = index.segment[slot]!;
  out.sample = index.sample[slot]!;
  out.fraction = t;
  out.arcMm = index.arcStartMm[slot]! + t * index.arcLengthMm[slot]!;
  out.distanceMm = Math.sqrt(found.distanceSq);
  out.radiusMm = index.radiusStartMm[slot]! + t * index.radiusChangeMm[slot]!;
  return true;
}

/**
 * Whether (x, y, z) lies inside the lumen shrunk by `marginMm` (the device radius): some capsule
 * has clearance f > marginMm. Agrees with `lumenClearanceMm(...) > marginMm`. A negative margin
 * (the lumen grown) takes the slower clearance search.
 */
export function isInsideLumen(index: LumenIndex, x: number, y: number, z: number, marginMm = 0): boolean {
  if (!(marginMm >= 0)) return lumenClearanceMm(index, x, y, z, scratchWall) > marginMm;
  // Any capsule with clearance above a margin ≥ 0 contains the point: the cell's lumen list has it.
  return anyCapsuleClearer(index, x, y, z, marginMm);
}

/**
 * Signed distance from (x, y, z) to the nearest wall of the lumen (mm, positive inside), with that
 * wall's vessel, arc length and outward normal in `out`. NaN (and segment -1) for a non-finite point.
 */
export function lumenClearanceMm(index: LumenIndex, x: number, y: number, z: number, out: WallResult): number {
  const slot = clearestCapsule(index, x, y, z, out.capsule);
  out.capsule = slot;
  if (slot < 0) {
    out.clearanceMm = NaN;
    out.segment = -1;
    return NaN;
  }
  writeWall(index, slot, found.clearanceMm, x, y, z, out);
  return found.clearanceMm;
}

/**
 * The clearance alone (`lumenClearanceMm` without the wall's normal, vessel and arc): sets
 * `out.clearanceMm` and `out.capsule`, leaves the rest for `completeWall`. The solver asks this
 * of every node and needs the wall itself only for the few that touch it.
 */
export function lumenClearanceOnly(index: LumenIndex, x: number, y: number, z: number, out: WallResult): number {
  const slot = clearestCapsule(index, x, y, z, out.capsule);
  out.capsule = slot;
  out.clearanceMm = slot < 0 ? NaN : found.clearanceMm;
  return out.clearanceMm;
}

/**
 * `lumenClearanceOnly` for a point that moves a little between calls (rod node `node`): the
 * same answer, usually from the few capsules `cache` kept for it (see `WallCandidates`).
 */
export function lumenClearanceNear(
  index: LumenIndex,
  x: number,
  y: number,
  z: number,
  out: WallResult,
  cache: WallCandidates,
  node: number,
): number {
  const slot = clearestCapsuleNear(index, x, y, z, out.capsule, cache, node);
  out.capsule = slot;
  out.clearanceMm = slot < 0 ? NaN : found.clearanceMm;
  return out.clearanceMm;
}

/** Fills the rest of `out` after `lumenClearanceOnly` at the same point: exactly what `lumenClearanceMm` gives. */
export function completeWall(index: LumenIndex, x: number, y: number, z: number, out: WallResult): void {
  if (out.capsule < 0) {
    out.segment = -1;
    return;
  }
  writeWall(index, out.capsule, out.clearanceMm, x, y, z, out);
}

/** The segment whose capsule (x, y, z) is deepest inside (largest clearance); -1 outside the lumen. */
export function segmentAt(index: LumenIndex, x: number, y: number, z: number): number {
  const slot = deepestCapsule(index, x, y, z);
  return slot < 0 ? -1 : index.segment[slot]!;
}

/** Territory of the vessel containing (x, y, z) (see `segmentAt`), or null outside or in a trunk. */
export function territoryAt(tree: VesselTree, index: LumenIndex, x: number, y: number, z: number): Territory | null {
  const segment = segmentAt(index, x, y, z);
  return segment < 0 ? null : (tree.segments[segment]?.territory ?? null);
}

/**
 * Fills `out` for the wall of capsule `slot` seen from (x, y, z). Normal: −∇f / |∇f|. Along the
 * side, ∇f = k·â − û (â the unit axis, û the unit radial direction, k = dr / length), so the
 * normal is (û − k·â) / √(1 + k²), tilted by the taper; on the rounded ends it is û. On the
 * centreline itself û is undefined and any direction across the axis is as good: the one
 * closest to the coordinate axis least aligned with the vessel. `clearanceMm` is the value the
 * search compared, so it agrees bit for bit with `isInsideLumen`.
 */
function writeWall(
  index: LumenIndex,
  slot: number,
  clearanceMm: number,
  x: number,
  y: number,
  z: number,
  out: WallResult,
): void {
  const start = index.startMm;
  const axis = index.axisMm;
  const inverseLengthSq = index.inverseLengthSq[slot]!;
  const ax = axis[3 * slot]!;
  const ay = axis[3 * slot + 1]!;
  const az = axis[3 * slot + 2]!;
  const raw =
    ((x - start[3 * slot]!) * ax + (y - start[3 * slot + 1]!) * ay + (z - start[3 * slot + 2]!) * az) * inverseLengthSq;
  const t = raw < 0 ? 0 : raw > 1 ? 1 : raw;
  const inverseLength = Math.sqrt(inverseLengthSq);
  const n = out.normal;
  n[0] = x - (start[3 * slot]! + t * ax);
  n[1] = y - (start[3 * slot + 1]! + t * ay);
  n[2] = z - (start[3 * slot + 2]! + t * az);
  const distance = Math.sqrt(n[0]! * n[0]! + n[1]! * n[1]! + n[2]! * n[2]!);
  if (distance > 0) {
    for (let i = 0; i < 3; i++) n[i]! /= distance;
  } else {
    perpendicularTo(ax * inverseLength, ay * inverseLength, az * inverseLength, n);
  }
  if (raw > 0 && raw < 1) {
    const taper = index.radiusChangeMm[slot]! * inverseLength;
    n[0] = n[0]! - taper * ax * inverseLength;
    n[1] = n[1]! - taper * ay * inverseLength;
    n[2] = n[2]! - taper * az * inverseLength;
    const length = Math.hypot(n[0], n[1], n[2]);
    for (let i = 0; i < 3; i++) n[i]! /= length;
  }
  out.clearanceMm = clearanceMm;
  out.segment = index.segment[slot]!;
  out.arcMm = index.arcStartMm[slot]! + t * index.arcLengthMm[slot]!;
}

/** A unit vector across the unit vector (ux, uy, uz): the least aligned coordinate axis with its along-part removed. */
function perpendicularTo(ux: number, uy: number, uz: number, out: Float64Array): void {
  const absX = Math.abs(ux);
  const absY = Math.abs(uy);
  const absZ = Math.abs(uz);
  const ex = absX <= absY && absX <= absZ ? 1 : 0;
  const ey = ex === 0 && absY <= absZ ? 1 : 0;
  const ez = ex === 0 && ey === 0 ? 1 : 0;
  const along = ex * ux + ey * uy + ez * uz;
  out[0] = ex - along * ux;
  out[1] = ey - along * uy;
  out[2] = ez - along * uz;
  // At least √(2/3) for a unit vector; exactly 1 for a zero-length piece (u = 0).
  const length = Math.hypot(out[0], out[1], out[2]);
  for (let i = 0; i < 3; i++) out[i]! /= length;
}
