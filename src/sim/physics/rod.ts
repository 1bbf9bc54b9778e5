import { createWallCandidates, type WallCandidates } from '../anatomy/lumen-queries.ts';
import { stiffnessAt, type DeviceSpec } from '../devices/catalogue.ts';

/**
 * One device as a discretised elastic rod, laid out over its whole length once, tip first:
 * node 0 is the tip and node k sits `materialFromTipMm[k]` behind it. Only the nodes that are
 * inside the body take part in a step (`activeCount`, those within the inserted length), so
 * insertion feeds length in at the sheath and retraction takes it out without reallocating.
 *
 * Spacing is fine near the tip, where the shape and contact matter, and coarser along the shaft:
 * `tipSpacingMm` over the distal `fineLengthMm`, then growing by `growth` per node up to
 * `shaftSpacingMm`.
 *
 * Per node: position (x,y,z interleaved), the position at the start of the substep, a material
 * angle ψ (rotation of the device about its own axis relative to a twist-free frame carried from
 * the sheath) and the material normal m it gives. Per edge: rest length. All in mm and radians.
 */
export interface RodLayout {
  tipSpacingMm: number;
  fineLengthMm: number;
  growth: number;
  shaftSpacingMm: number;
}

export const defaultRodLayout: Readonly<RodLayout> = {
  tipSpacingMm: 1,
  fineLengthMm: 40,
  growth: 1.2,
  shaftSpacingMm: 4,
};

export interface Rod {
  device: DeviceSpec;
  radiusMm: number;
  nodeCount: number;
  /** Distance of each node behind the tip along the device (mm); increasing. */
  materialFromTipMm: Float64Array;
  /** Rest length of edge k, between nodes k and k+1 (mm). */
  restLengthMm: Float64Array;
  /** Bending stiffness EI at each node (N·mm²). */
  bendingStiffness: Float64Array;
  /**
   * Bending stiffness of the devices running inside this one at each node (N·mm²), summed; set
   * each step. Over a wire, a catheter bends as one rod of stiffness EI + this, with its rest
   * curvature reduced in proportion.
   */
  innerStiffness: Float64Array;
  /** Torsional stiffness GJ of each edge (N·mm²). */
  torsionStiffness: Float64Array;
  /** Signed rest curvature at each node (1/mm), in the plane of the material normal. */
  restCurvature: Float64Array;
  /** Nodes from the tip back to just behind the most proximal bend: the shaped part (0 if straight). */
  shapedNodeCount: number;
  positions: Float64Array;
  /** Positions at the start of the current substep (friction) and of the step (velocities). */
  substepStart: Float64Array;
  stepStart: Float64Array;
  velocities: Float64Array;
  /** Material angle ψ per node (rad), relative to the twist-free frame carried from the sheath. */
  materialAngle: Float64Array;
  /** Material normal m per node (unit, perpendicular to the local tangent); the tip bends toward it. */
  materialNormal: Float64Array;
  /** Wall normal force at each node in the last step (N). */
  wallForce: Float64Array;
  /**
   * Clearance found by the last wall query of each node and where the node was then. The
   * clearance changes no faster than the node moves (it is 1-Lipschitz, up to the taper factor),
   * so a node that was deep inside and has moved little needs no new query.
   */
  clearanceAtQuery: Float64Array;
  queryPosition: Float64Array;
  /** The lumen capsule each node's last wall query found (-1 none): tried first next time, for speed only. */
  wallCapsule: Int32Array;
  /** Per node, the capsules its last full wall search found clearest: later queries try only those (speed only, see `WallCandidates`). */
  wallCandidates: WallCandidates;
  /** Nodes inside the body: 0..activeCount-1. */
  activeCount: number;
  /** Length inside the body, from the sheath to the tip (mm). */
  insertedMm: number;
  /** Accumulated hub rotation (rad). */
  hubAngle: number;
}

export function layoutMaterialCoordinates(lengthMm: number, layout: RodLayout = defaultRodLayout): Float64Array {
  const coordinates: number[] = [0];
  let spacing = layout.tipSpacingMm;
  while (coordinates[coordinates.length - 1]! < lengthMm) {
    const last = coordinates[coordinates.length - 1]!;
    if (last >= layout.fineLengthMm) spacing = Math.min(layout.shaftSpacingMm, spacing * layout.growth);
    coordinates.push(Math.min(lengthMm, last + spacing));
  }
  // Avoid a sliver of an edge at the proximal end.
  const n = coordinates.length;
  if (n > 2 && coordinates[n - 1]! - coordinates[n - 2]! < 0.3 * spacing) coordinates.splice(n - 2, 1);
  return Float64Array.from(coordinates);
}

/** Rest curvature from the tip shape's bends: each bend spreads its angle evenly over its length. */
export function restCurvatureAt(device: DeviceSpec, fromTipMm: number): number {
  let curvature = 0;
  for (const bend of device.tipShape.bends) {
    const start = bend.centreFromTipMm - bend.lengthMm / 2;
    const end = bend.centreFromTipMm + bend.lengthMm / 2;
    if (fromTipMm >= start && fromTipMm <= end) curvature += (bend.angleDeg * Math.PI) / 180 / bend.lengthMm;
  }
  return curvature;
}

export function createRod(device: DeviceSpec, layout: RodLayout = defaultRodLayout): Rod {
  const material = layoutMaterialCoordinates(device.lengthMm, layout);
  const n = material.length;
  const restLengthMm = new Float64Array(n - 1);
  const torsionStiffness = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    restLengthMm[k] = material[k + 1]! - material[k]!;
    torsionStiffness[k] = stiffnessAt(device, (material[k]! + material[k + 1]!) / 2).torsionNmm2;
  }
  const bendingStiffness = new Float64Array(n);
  const restCurvature = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    bendingStiffness[k] = stiffnessAt(device, material[k]!).bendingNmm2;
    // Average the curvature over the node's share of the rod so short bends are not missed.
    const before = k > 0 ? restLengthMm[k - 1]! / 2 : 0;
    const after = k < n - 1 ? restLengthMm[k]! / 2 : 0;
    const samples = 8;
    let sum = 0;
    for (let s = 0; s < samples; s++) {
      sum += restCurvatureAt(device, material[k]! - before + ((s + 0.5) / samples) * (before + after));
    }
    restCurvature[k] = sum / samples;
  }
  return {
    device,
    radiusMm: device.outerDiameterMm / 2,
    nodeCount: n,
    materialFromTipMm: material,
    restLengthMm,
    bendingStiffness,
    innerStiffness: new Float64Array(n),
    torsionStiffness,
    restCurvature,
    shapedNodeCount: shapedNodes(restCurvature),
    positions: new Float64Array(3 * n),
    substepStart: new Float64Array(3 * n),
    stepStart: new Float64Array(3 * n),
    velocities: new Float64Array(3 * n),
    materialAngle: new Float64Array(n),
    materialNormal: new Float64Array(3 * n),
    wallForce: new Float64Array(n),
    clearanceAtQuery: new Float64Array(n).fill(-Infinity),
    queryPosition: new Float64Array(3 * n),
    wallCapsule: new Int32Array(n).fill(-1),
    wallCandidates: createWallCandidates(n),
    activeCount: 0,
    insertedMm: 0,
    hubAngle: 0,
  };
}

function shapedNodes(restCurvature: Float64Array): number {
  let last = -1;
  for (let k = 0; k < restCurvature.length; k++) if (restCurvature[k] !== 0) last = k;
  return last < 0 ? 0 : Math.min(restCurvature.length - 1, last + 2);
}
