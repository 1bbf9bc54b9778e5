import type { Rod } from './rod.ts';
import { createWallContact } from './lumen-field.ts';

/**
 * What every part of the rod solver shares: its settings, the sheath the devices enter through,
 * the device stack, scratch buffers, and where a node sits relative to the sheath.
 */

export interface SolverSettings {
  substeps: number;
  /** Length of rod held straight on the sheath's axis inside the vessel (mm). */
  sheathGuideMm: number;
  /**
   * Bending relaxation per substep: fraction = min + (max − min) · EI / (EI + halfStiffnessNmm2).
   * With nothing holding it, any device returns to its rest shape within a few substeps; where
   * the wall and the rod disagree, a stiff shaft corrects harder than a floppy tip.
   */
  bendMinFraction: number;
  bendMaxFraction: number;
  bendHalfStiffnessNmm2: number;
  /** Shape recovery per substep for the shaped distal part, same form. */
  shapeMaxFraction: number;
}

export const defaultSolverSettings: Readonly<SolverSettings> = {
  substeps: 4,
  sheathGuideMm: 12,
  bendMinFraction: 0.2,
  bendMaxFraction: 0.6,
  bendHalfStiffnessNmm2: 20,
  shapeMaxFraction: 0.5,
};

/** Where devices enter: the sheath's tip inside the access vessel and its axis into the body. */
export interface Sheath {
  point: Float64Array;
  direction: Float64Array;
  /** A unit vector perpendicular to `direction`: hub angle 0 points the material normal here. */
  reference: Float64Array;
}

export interface DeviceInBody {
  rod: Rod;
  /** Index of the device this one is loaded through, or -1 for the sheath itself. */
  outer: number;
}

/** Scratch buffers sized for the longest rod, so a step allocates nothing. */
export interface SolverScratch {
  slid: Float64Array;
  force: Float64Array;
  tangent: Float64Array;
  reference: Float64Array;
  twistDiagonal: Float64Array;
  twistOff: Float64Array;
  twistRhs: Float64Array;
  contact: ReturnType<typeof createWallContact>;
}

export function createSolverScratch(maxNodes: number): SolverScratch {
  return {
    slid: new Float64Array(3 * maxNodes),
    force: new Float64Array(3 * maxNodes),
    tangent: new Float64Array(3 * maxNodes),
    reference: new Float64Array(3 * maxNodes),
    twistDiagonal: new Float64Array(maxNodes),
    twistOff: new Float64Array(maxNodes),
    twistRhs: new Float64Array(maxNodes),
    contact: createWallContact(),
  };
}

/** Depth of node k below the sheath tip along the device (mm); nodes with depth < guide sit on the axis. */
export function depthMm(rod: Rod, k: number): number {
  return rod.insertedMm - rod.materialFromTipMm[k]!;
}

/** Number of nodes not held by the sheath guide, counted from the tip. */
export function freeNodeCount(rod: Rod, settings: SolverSettings): number {
  let free = 0;
  while (free < rod.activeCount && depthMm(rod, free) >= settings.sheathGuideMm) free++;
  return free;
}

export function placeOnSheath(rod: Rod, k: number, sheath: Sheath): void {
  const depth = Math.max(0, depthMm(rod, k));
  for (let axis = 0; axis < 3; axis++)
    rod.positions[3 * k + axis] = sheath.point[axis]! + sheath.direction[axis]! * depth;
}
