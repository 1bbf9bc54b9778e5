import type { Rod } from './rod.ts';
import { createWallContact, type LumenField } from './lumen-field.ts';

/**
 * The rod solver. Devices are thin, light and moved slowly by hand, so the solver seeks the
 * quasi-static shape each step rather than integrating inertia:
 *
 *  1. slide: the hub's insertion moves every node along the rod's current path (a push reaches
 *     the tip at once: pushability), the part beyond the old tip continuing along the tip's
 *     direction; nodes enter and leave at the sheath;
 *  2. per substep, position-based relaxation (Müller et al. 2007; small substeps, Macklin 2019):
 *     a. bend: each interior node is moved toward its rest offset from its neighbours'
 *        weighted midpoint,  C = a·x₋ + b·x₊ − x − (hₐh_b/2)·κ₀·m,  a = h_b/(hₐ+h_b),
 *        b = hₐ/(hₐ+h_b), by a fraction that grows with the local bending stiffness EI;
 *     b. shape: over the shaped distal part (the tip's bends), each edge is turned toward the
 *        direction its rest shape gives relative to the edge behind it, so a shaped tip recovers
 *        its curve within a fraction of a second once nothing holds it;
 *     c. coaxial: where a device runs inside another, the pair bends as one rod: the outer one
 *        carries the summed stiffness and a rest curvature reduced by EI_outer / EI_sum, and the
 *        inner one is kept within its lumen at the same depth from the sheath;
 *     d. contact: nodes pushed back inside the lumen by their radius, with Coulomb friction on
 *        the tangential motion of the substep;
 *     e. length: edge lengths restored from the sheath outward (inextensible devices), then
 *        contact once more, so no node ends a substep outside the lumen;
 *  3. twist, solved quasi-statically along each rod (see `solveTwist`), and wall forces.
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
function depthMm(rod: Rod, k: number): number {
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

/**
 * Moves the rod to a new inserted length. Every free node behind the shaped tip moves by the
 * change along its own tangent (toward the tip when advancing), so a push at the hub reaches the
 * tip at once and the rod slides along the path it lies in without remembering the path it has
 * passed; the shaped tip moves rigidly with the node just behind it, so its curve is carried, not
 * bent further. The nodes in the sheath stay on its axis; nodes enter or leave the body as their
 * depth crosses zero.
 */
export function slideToInsertedLength(
  rod: Rod,
  newInsertedMm: number,
  sheath: Sheath,
  settings: SolverSettings,
  scratch: SolverScratch,
): void {
  const delta = newInsertedMm - rod.insertedMm;
  const oldActive = rod.activeCount;
  const free = freeNodeCount(rod, settings);
  const p = rod.positions;
  const moved = scratch.slid;
  const shaped = Math.min(rod.shapedNodeCount, free - 1);
  for (let k = Math.max(0, shaped); k < free; k++) {
    let dx: number;
    let dy: number;
    let dz: number;
    if (oldActive < 2) {
      dx = sheath.direction[0]!;
      dy = sheath.direction[1]!;
      dz = sheath.direction[2]!;
    } else {
      const front = k === 0 ? 0 : k - 1;
      const back = Math.min(oldActive - 1, k + 1);
      dx = p[3 * front]! - p[3 * back]!;
      dy = p[3 * front + 1]! - p[3 * back + 1]!;
      dz = p[3 * front + 2]! - p[3 * back + 2]!;
      const length = Math.sqrt(dx * dx + dy * dy + dz * dz) || 1;
      dx /= length;
      dy /= length;
      dz /= length;
    }
    moved[3 * k] = p[3 * k]! + dx * delta;
    moved[3 * k + 1] = p[3 * k + 1]! + dy * delta;
    moved[3 * k + 2] = p[3 * k + 2]! + dz * delta;
  }
  if (shaped > 0) {
    const carryX = moved[3 * shaped]! - p[3 * shaped]!;
    const carryY = moved[3 * shaped + 1]! - p[3 * shaped + 1]!;
    const carryZ = moved[3 * shaped + 2]! - p[3 * shaped + 2]!;
    for (let k = 0; k < shaped; k++) {
      moved[3 * k] = p[3 * k]! + carryX;
      moved[3 * k + 1] = p[3 * k + 1]! + carryY;
      moved[3 * k + 2] = p[3 * k + 2]! + carryZ;
    }
  }
  for (let i = 0; i < 3 * free; i++) p[i] = moved[i]!;
  let active = 0;
  while (active < rod.nodeCount && rod.materialFromTipMm[active]! <= newInsertedMm) active++;
  if (active === 0 && newInsertedMm > 0) active = 1;
  rod.insertedMm = newInsertedMm;
  rod.activeCount = active;
  // Nodes now in the sheath (new ones, and free ones pulled back into it) sit on its axis.
  const nowFree = freeNodeCount(rod, settings);
  for (let k = nowFree; k < active; k++) placeOnSheath(rod, k, sheath);
  for (let k = oldActive; k < active; k++) {
    rod.materialAngle[k] = rod.hubAngle;
    rod.wallForce[k] = 0;
  }
}

/** Advances all devices by one step of `dt` seconds (their inserted lengths already slid). */
export function stepRods(
  devices: readonly DeviceInBody[],
  sheath: Sheath,
  lumen: LumenField,
  dt: number,
  settings: SolverSettings,
  scratch: SolverScratch,
): void {
  sumInnerStiffness(devices);
  for (let substep = 0; substep < settings.substeps; substep++) {
    for (const device of devices) beginSubstep(device.rod, sheath, settings);
    for (const device of devices) solveBending(device.rod, shieldedDepth(device, devices), settings);
    for (const device of devices) solveShape(device.rod, shieldedDepth(device, devices), settings);
    for (let i = 0; i < devices.length; i++) {
      const device = devices[i]!;
      if (device.outer >= 0) solveCoaxial(device.rod, devices[device.outer]!.rod, settings);
    }
    for (const device of devices) solveContact(device.rod, lumen, shieldedDepth(device, devices), settings, scratch);
    for (const device of devices) restoreLengths(device.rod, settings);
    for (const device of devices) solveContact(device.rod, lumen, shieldedDepth(device, devices), settings, scratch);
  }
  for (const device of devices) {
    updateVelocities(device.rod, dt);
    solveTwist(device.rod, sheath, settings, scratch);
    measureWallForces(device.rod, lumen, shieldedDepth(device, devices), settings, scratch);
  }
}

/**
 * For every device, the summed bending stiffness of the devices inside it at each of its nodes,
 * innermost first so a three-deep stack adds up (microwire in microcatheter in guide).
 */
function sumInnerStiffness(devices: readonly DeviceInBody[]): void {
  for (const device of devices) device.rod.innerStiffness.fill(0, 0, device.rod.activeCount);
  for (let d = devices.length - 1; d >= 0; d--) {
    const device = devices[d]!;
    if (device.outer < 0) continue;
    const inner = device.rod;
    const outer = devices[device.outer]!.rod;
    if (inner.activeCount < 2) continue;
    // Walk the outer device's nodes, reading the inner one's stiffness at the same depth
    // (interpolated, so unequal node spacings give no stripes).
    let i = 0;
    for (let j = 0; j < outer.activeCount; j++) {
      const depth = outer.insertedMm - outer.materialFromTipMm[j]!;
      const innerMaterial = inner.insertedMm - depth;
      if (innerMaterial < 0) continue; // beyond the inner device's tip
      while (i < inner.activeCount - 2 && inner.materialFromTipMm[i + 1]! < innerMaterial) i++;
      const u0 = inner.materialFromTipMm[i]!;
      const u1 = inner.materialFromTipMm[i + 1]!;
      if (innerMaterial > u1) break; // past the inner device's last active node
      const t = Math.min(1, Math.max(0, (innerMaterial - u0) / (u1 - u0)));
      const stiffness0 = inner.bendingStiffness[i]! + inner.innerStiffness[i]!;
      const stiffness1 = inner.bendingStiffness[i + 1]! + inner.innerStiffness[i + 1]!;
      outer.innerStiffness[j] = outer.innerStiffness[j]! + stiffness0 * (1 - t) + stiffness1 * t;
    }
  }
}

/** Records where each node starts the substep (for friction) and holds the sheath's nodes on its axis. */
function beginSubstep(rod: Rod, sheath: Sheath, settings: SolverSettings): void {
  const n = rod.activeCount;
  const free = freeNodeCount(rod, settings);
  for (let k = 0; k < n; k++) {
    if (k >= free) placeOnSheath(rod, k, sheath);
    const i = 3 * k;
    rod.substepStart[i] = rod.positions[i]!;
    rod.substepStart[i + 1] = rod.positions[i + 1]!;
    rod.substepStart[i + 2] = rod.positions[i + 2]!;
  }
}

function relaxationFraction(settings: SolverSettings, maxFraction: number, stiffness: number): number {
  const min = Math.min(settings.bendMinFraction, maxFraction);
  return min + ((maxFraction - min) * stiffness) / (stiffness + settings.bendHalfStiffnessNmm2);
}

function solveBending(rod: Rod, shieldedDepthMm: number, settings: SolverSettings): void {
  const n = rod.activeCount;
  const free = freeNodeCount(rod, settings);
  const p = rod.positions;
  const m = rod.materialNormal;
  for (let k = 1; k < Math.min(free + 1, n - 1); k++) {
    // Inside another device, this one takes the outer one's shape (see solveCoaxial).
    if (depthMm(rod, k - 1) < shieldedDepthMm) break;
    const ha = rod.restLengthMm[k]!;
    const hb = rod.restLengthMm[k - 1]!;
    const a = hb / (ha + hb);
    const b = ha / (ha + hb);
    const ownStiffness = rod.bendingStiffness[k]!;
    const compositeStiffness = ownStiffness + rod.innerStiffness[k]!;
    const fraction = relaxationFraction(settings, settings.bendMaxFraction, compositeStiffness);
    // Each of the three nodes takes a share of the correction; held nodes take none.
    const wa = k + 1 < free ? 1 : 0;
    const wk = k < free ? 1 : 0;
    const wb = 1;
    const denominator = a * a * wa + wk + b * b * wb;
    let mx = 0;
    let my = 0;
    let mz = 0;
    const curvature = (rod.restCurvature[k]! * ownStiffness) / compositeStiffness;
    if (curvature !== 0) {
      let tx = p[3 * k - 3]! - p[3 * k + 3]!;
      let ty = p[3 * k - 2]! - p[3 * k + 4]!;
      let tz = p[3 * k - 1]! - p[3 * k + 5]!;
      const tLength = Math.sqrt(tx * tx + ty * ty + tz * tz) || 1;
      tx /= tLength;
      ty /= tLength;
      tz /= tLength;
      mx = m[3 * k]!;
      my = m[3 * k + 1]!;
      mz = m[3 * k + 2]!;
      const along = mx * tx + my * ty + mz * tz;
      mx -= along * tx;
      my -= along * ty;
      mz -= along * tz;
      const mLength = Math.sqrt(mx * mx + my * my + mz * mz) || 1;
      const scale = (((ha * hb) / 2) * curvature) / mLength;
      mx *= scale;
      my *= scale;
      mz *= scale;
    }
    for (let axis = 0; axis < 3; axis++) {
      const offset = axis === 0 ? mx : axis === 1 ? my : mz;
      const c = a * p[3 * (k + 1) + axis]! + b * p[3 * (k - 1) + axis]! - p[3 * k + axis]! - offset;
      const step = (-c / denominator) * fraction;
      p[3 * (k + 1) + axis] = p[3 * (k + 1) + axis]! + wa * a * step;
      p[3 * k + axis] = p[3 * k + axis]! - wk * step;
      p[3 * (k - 1) + axis] = p[3 * (k - 1) + axis]! + wb * b * step;
    }
  }
}

/**
 * Shape memory of the distal part: from the node behind the first bend to the tip, each edge is
 * turned toward its rest direction, the edge behind it turned by the rest bend angle
 * (κ₀·h̄) toward the material normal. Sweeping base to tip restores the whole tip shape in one
 * pass; the fraction (by EI) lets the wall win for a floppy tip.
 */
function solveShape(rod: Rod, shieldedDepthMm: number, settings: SolverSettings): void {
  const free = freeNodeCount(rod, settings);
  const first = Math.min(rod.shapedNodeCount, free - 1);
  if (first < 1 || depthMm(rod, 0) < shieldedDepthMm) return;
  const p = rod.positions;
  const m = rod.materialNormal;
  for (let k = first; k >= 1; k--) {
    // Edge behind node k: from node k+1 to node k; the edge to shape: from node k to node k-1.
    let dx = p[3 * k]! - p[3 * k + 3]!;
    let dy = p[3 * k + 1]! - p[3 * k + 4]!;
    let dz = p[3 * k + 2]! - p[3 * k + 5]!;
    const behind = Math.sqrt(dx * dx + dy * dy + dz * dz) || 1;
    dx /= behind;
    dy /= behind;
    dz /= behind;
    if (depthMm(rod, k) < shieldedDepthMm) continue;
    const ownStiffness = rod.bendingStiffness[k]!;
    const compositeStiffness = ownStiffness + rod.innerStiffness[k]!;
    const angle =
      ((rod.restCurvature[k]! * ownStiffness) / compositeStiffness) *
      0.5 *
      (rod.restLengthMm[k]! + rod.restLengthMm[k - 1]!);
    let tx = dx;
    let ty = dy;
    let tz = dz;
    if (angle !== 0) {
      let mx = m[3 * k]!;
      let my = m[3 * k + 1]!;
      let mz = m[3 * k + 2]!;
      const along = mx * dx + my * dy + mz * dz;
      mx -= along * dx;
      my -= along * dy;
      mz -= along * dz;
      const mLength = Math.sqrt(mx * mx + my * my + mz * mz);
      if (mLength > 1e-9) {
        const c = Math.cos(angle);
        const s = Math.sin(angle) / mLength;
        tx = c * dx + s * mx;
        ty = c * dy + s * my;
        tz = c * dz + s * mz;
      }
    }
    const length = rod.restLengthMm[k - 1]!;
    const fraction = relaxationFraction(
      settings,
      settings.shapeMaxFraction,
      rod.bendingStiffness[k - 1]! + rod.innerStiffness[k - 1]!,
    );
    for (let axis = 0; axis < 3; axis++) {
      const target = p[3 * k + axis]! + (axis === 0 ? tx : axis === 1 ? ty : tz) * length;
      p[3 * (k - 1) + axis] = p[3 * (k - 1) + axis]! + (target - p[3 * (k - 1) + axis]!) * fraction;
    }
  }
}

/** Edge lengths back to rest, from the sheath outward: each node placed along its current direction from the one behind it. */
function restoreLengths(rod: Rod, settings: SolverSettings): void {
  const free = freeNodeCount(rod, settings);
  const n = rod.activeCount;
  const p = rod.positions;
  for (let k = Math.min(free, n - 1) - 1; k >= 0; k--) {
    const dx = p[3 * k]! - p[3 * k + 3]!;
    const dy = p[3 * k + 1]! - p[3 * k + 4]!;
    const dz = p[3 * k + 2]! - p[3 * k + 5]!;
    const length = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (length < 1e-12) continue;
    const scale = rod.restLengthMm[k]! / length;
    p[3 * k] = p[3 * k + 3]! + dx * scale;
    p[3 * k + 1] = p[3 * k + 4]! + dy * scale;
    p[3 * k + 2] = p[3 * k + 5]! + dz * scale;
  }
}

/**
 * Keeps an inner device's free nodes within the outer device's lumen where both are inside the
 * body: the outer point at the same depth from the sheath is interpolated between its nodes, and
 * the two are pulled together until they are within the radial clearance, each moving in
 * inverse proportion to its bending stiffness (the stiffer sets the pair's shape).
 */
function solveCoaxial(inner: Rod, outer: Rod, settings: SolverSettings): void {
  const clearance = Math.max(0, (outer.device.innerDiameterMm - inner.device.outerDiameterMm) / 2);
  const innerFree = freeNodeCount(inner, settings);
  const outerFree = freeNodeCount(outer, settings);
  const p = inner.positions;
  const q = outer.positions;
  let j = 0;
  for (let k = 0; k < innerFree; k++) {
    const depth = inner.insertedMm - inner.materialFromTipMm[k]!;
    const outerMaterial = outer.insertedMm - depth;
    if (outerMaterial < 0) continue; // beyond the outer device's tip
    // Find the outer edge [j, j+1] holding that material coordinate (monotone in k).
    while (j < outer.activeCount - 2 && outer.materialFromTipMm[j + 1]! < outerMaterial) j++;
    if (j >= outer.activeCount - 1) break;
    const u0 = outer.materialFromTipMm[j]!;
    const u1 = outer.materialFromTipMm[j + 1]!;
    const t = Math.min(1, Math.max(0, (outerMaterial - u0) / (u1 - u0)));
    const ox = q[3 * j]! * (1 - t) + q[3 * j + 3]! * t;
    const oy = q[3 * j + 1]! * (1 - t) + q[3 * j + 4]! * t;
    const oz = q[3 * j + 2]! * (1 - t) + q[3 * j + 5]! * t;
    const dx = p[3 * k]! - ox;
    const dy = p[3 * k + 1]! - oy;
    const dz = p[3 * k + 2]! - oz;
    const distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (distance <= clearance || distance === 0) continue;
    const excess = (distance - clearance) / distance;
    // The outer device already bends with the pair's summed stiffness; the inner one follows it.
    const innerShare = 1;
    const outerShare = 0;
    void outerFree;
    p[3 * k] = p[3 * k]! - dx * excess * innerShare;
    p[3 * k + 1] = p[3 * k + 1]! - dy * excess * innerShare;
    p[3 * k + 2] = p[3 * k + 2]! - dz * excess * innerShare;
    if (outerShare > 0) {
      for (const [node, weight] of [
        [j, 1 - t],
        [j + 1, t],
      ] as const) {
        if (node >= outerFree) continue;
        q[3 * node] = q[3 * node]! + dx * excess * outerShare * weight;
        q[3 * node + 1] = q[3 * node + 1]! + dy * excess * outerShare * weight;
        q[3 * node + 2] = q[3 * node + 2]! + dz * excess * outerShare * weight;
      }
    }
  }
}

/**
 * Depth from the sheath up to which a device runs inside the one it is loaded through (mm): its
 * nodes there touch that device's lumen (the coaxial constraint), not the vessel wall.
 */
function shieldedDepth(device: DeviceInBody, devices: readonly DeviceInBody[]): number {
  if (device.outer < 0) return -Infinity;
  return devices[device.outer]!.rod.insertedMm - 1;
}

/** Clearance can shrink no faster than the node moves; 5% allows for tapering walls. */
const clearanceLipschitz = 1.05;
const contactSkinMm = 0.05;

/** Queries the wall for node k unless its last answer proves it is clear; returns whether it is near a wall. */
function nearWall(rod: Rod, k: number, lumen: LumenField, scratch: SolverScratch): boolean {
  const p = rod.positions;
  const q = rod.queryPosition;
  const i = 3 * k;
  const moved = Math.sqrt((p[i]! - q[i]!) ** 2 + (p[i + 1]! - q[i + 1]!) ** 2 + (p[i + 2]! - q[i + 2]!) ** 2);
  if (rod.clearanceAtQuery[k]! - clearanceLipschitz * moved > rod.radiusMm + contactSkinMm) return false;
  lumen.wallContact(p[i]!, p[i + 1]!, p[i + 2]!, scratch.contact);
  rod.clearanceAtQuery[k] = scratch.contact.clearanceMm;
  q[i] = p[i]!;
  q[i + 1] = p[i + 1]!;
  q[i + 2] = p[i + 2]!;
  return scratch.contact.clearanceMm <= rod.radiusMm + contactSkinMm;
}

function solveContact(
  rod: Rod,
  lumen: LumenField,
  shieldedDepthMm: number,
  settings: SolverSettings,
  scratch: SolverScratch,
): void {
  const free = freeNodeCount(rod, settings);
  const p = rod.positions;
  const start = rod.substepStart;
  const contact = scratch.contact;
  const mu = rod.device.wallFriction;
  for (let k = 0; k < free; k++) {
    if (depthMm(rod, k) < shieldedDepthMm) continue;
    if (!nearWall(rod, k, lumen, scratch)) continue;
    const i = 3 * k;
    const penetration = rod.radiusMm - contact.clearanceMm;
    if (penetration <= 0) continue;
    const nx = contact.normal[0]!;
    const ny = contact.normal[1]!;
    const nz = contact.normal[2]!;
    p[i] = p[i]! - nx * penetration;
    p[i + 1] = p[i + 1]! - ny * penetration;
    p[i + 2] = p[i + 2]! - nz * penetration;
    // Coulomb friction on the substep's tangential motion (Macklin's position-based friction).
    let tx = p[i]! - start[i]!;
    let ty = p[i + 1]! - start[i + 1]!;
    let tz = p[i + 2]! - start[i + 2]!;
    const normalPart = tx * nx + ty * ny + tz * nz;
    tx -= normalPart * nx;
    ty -= normalPart * ny;
    tz -= normalPart * nz;
    const slide = Math.sqrt(tx * tx + ty * ty + tz * tz);
    if (slide === 0) continue;
    const limit = mu * penetration;
    const cancel = slide <= limit ? 1 : limit / slide;
    p[i] = p[i]! - tx * cancel;
    p[i + 1] = p[i + 1]! - ty * cancel;
    p[i + 2] = p[i + 2]! - tz * cancel;
  }
}

/** Node velocities over the step (mm/s), for display interpolation and friction; set after the substeps. */
function updateVelocities(rod: Rod, dt: number): void {
  const n = 3 * rod.activeCount;
  for (let i = 0; i < n; i++) rod.velocities[i] = (rod.positions[i]! - rod.stepStart[i]!) / dt;
}

/**
 * Twist, quasi-statically. Carry a twist-free frame from the sheath (where hub angle 0 means
 * the material normal points along `sheath.reference`) along the rod by parallel transport;
 * the material normal of node k is that frame turned by its material angle ψₖ. The angles
 * minimise torsion energy Σ GJ/(2l)(ψₖ − ψₖ₊₁)² with ψ fixed to the hub angle in the sheath,
 * plus the bending energy of a shaped tip, which turns the tip toward the plane in which the
 * vessel bends it: torque τ = EI·h̄·κ₀·κ·(t × m). One Newton step per step on the
 * tridiagonal system; wall friction resists turning like a stiff spring to the last angle.
 */
export function solveTwist(rod: Rod, sheath: Sheath, settings: SolverSettings, scratch: SolverScratch): void {
  const n = rod.activeCount;
  if (n === 0) return;
  const p = rod.positions;
  const t = scratch.tangent;
  const r = scratch.reference;
  // Tangents pointing toward the tip.
  for (let k = 0; k < n; k++) {
    let dx: number;
    let dy: number;
    let dz: number;
    if (n === 1) {
      dx = sheath.direction[0]!;
      dy = sheath.direction[1]!;
      dz = sheath.direction[2]!;
    } else {
      const front = k === 0 ? 0 : k - 1;
      const back = k === n - 1 ? n - 1 : k + 1;
      dx = p[3 * front]! - p[3 * back]!;
      dy = p[3 * front + 1]! - p[3 * back + 1]!;
      dz = p[3 * front + 2]! - p[3 * back + 2]!;
    }
    const length = Math.sqrt(dx * dx + dy * dy + dz * dz) || 1;
    t[3 * k] = dx / length;
    t[3 * k + 1] = dy / length;
    t[3 * k + 2] = dz / length;
  }
  // Parallel transport of the sheath reference from the base node to the tip.
  let rx = sheath.reference[0]!;
  let ry = sheath.reference[1]!;
  let rz = sheath.reference[2]!;
  let px = sheath.direction[0]!;
  let py = sheath.direction[1]!;
  let pz = sheath.direction[2]!;
  for (let k = n - 1; k >= 0; k--) {
    const qx = t[3 * k]!;
    const qy = t[3 * k + 1]!;
    const qz = t[3 * k + 2]!;
    // Rotate r by the rotation taking tangent p to tangent q (Rodrigues, about p × q).
    const cx = py * qz - pz * qy;
    const cy = pz * qx - px * qz;
    const cz = px * qy - py * qx;
    const cosine = px * qx + py * qy + pz * qz;
    if (cosine > -0.999999) {
      const factor = 1 / (1 + cosine);
      const crossR = [cy * rz - cz * ry, cz * rx - cx * rz, cx * ry - cy * rx] as const;
      const dotCR = cx * rx + cy * ry + cz * rz;
      const nrx = rx * cosine + crossR[0] + cx * dotCR * factor;
      const nry = ry * cosine + crossR[1] + cy * dotCR * factor;
      const nrz = rz * cosine + crossR[2] + cz * dotCR * factor;
      rx = nrx;
      ry = nry;
      rz = nrz;
    }
    // Re-orthonormalise against the tangent (drift).
    const along = rx * qx + ry * qy + rz * qz;
    rx -= along * qx;
    ry -= along * qy;
    rz -= along * qz;
    const rLength = Math.sqrt(rx * rx + ry * ry + rz * rz) || 1;
    rx /= rLength;
    ry /= rLength;
    rz /= rLength;
    r[3 * k] = rx;
    r[3 * k + 1] = ry;
    r[3 * k + 2] = rz;
    px = qx;
    py = qy;
    pz = qz;
  }

  const free = freeNodeCount(rod, settings);
  const psi = rod.materialAngle;
  for (let k = free; k < n; k++) psi[k] = rod.hubAngle;
  if (free > 0) {
    const diagonal = scratch.twistDiagonal;
    const off = scratch.twistOff;
    const rhs = scratch.twistRhs;
    for (let k = 0; k < free; k++) {
      const kTip = k > 0 ? rod.torsionStiffness[k - 1]! / rod.restLengthMm[k - 1]! : 0;
      const kBase = rod.torsionStiffness[k]! / rod.restLengthMm[k]!;
      const psiTip = k > 0 ? psi[k - 1]! : psi[k]!;
      const psiBase = psi[k + 1]!;
      // Residual of torsion equilibrium at node k (external torque from the shaped tip added below).
      let residual = -(kTip * (psi[k]! - psiTip) + kBase * (psi[k]! - psiBase));
      let stiffness = kTip + kBase;
      const restCurvature = rod.restCurvature[k]!;
      if (restCurvature !== 0 && k > 0 && k < n - 1) {
        const share = 0.5 * (rod.restLengthMm[k - 1]! + rod.restLengthMm[k]!);
        const kappa = curvatureVector(p, k, rod);
        const { mx, my, mz, bx, by, bz } = materialAxes(psi[k]!, r, t, k);
        const kappaDotBinormal = kappa[0] * bx + kappa[1] * by + kappa[2] * bz;
        const kappaDotNormal = kappa[0] * mx + kappa[1] * my + kappa[2] * mz;
        const bendingWeight = rod.bendingStiffness[k]! * share * restCurvature;
        residual += bendingWeight * kappaDotBinormal;
        stiffness += Math.max(0, bendingWeight * kappaDotNormal);
      }
      // Wall friction holds the angle of a node pressed on the wall (a stiff spring to its last value).
      const frictionStiffness = rod.wallForce[k]! * rod.device.wallFriction * rod.radiusMm * 50;
      stiffness += frictionStiffness;
      diagonal[k] = stiffness;
      off[k] = k < free - 1 ? -(rod.torsionStiffness[k]! / rod.restLengthMm[k]!) : 0;
      rhs[k] = residual;
    }
    // Newton step: tridiagonal (free nodes; the node after the last free one is fixed by the hub).
    for (let k = 1; k < free; k++) {
      const factor = off[k - 1]! / diagonal[k - 1]!;
      diagonal[k] = diagonal[k]! - factor * off[k - 1]!;
      rhs[k] = rhs[k]! - factor * rhs[k - 1]!;
    }
    for (let k = free - 1; k >= 0; k--) {
      const next = k < free - 1 ? off[k]! * rhs[k + 1]! : 0;
      rhs[k] = (rhs[k]! - next) / diagonal[k]!;
    }
    for (let k = 0; k < free; k++) psi[k] = psi[k]! + rhs[k]!;
  }
  const m = rod.materialNormal;
  for (let k = 0; k < n; k++) {
    const { mx, my, mz } = materialAxes(psi[k]!, r, t, k);
    m[3 * k] = mx;
    m[3 * k + 1] = my;
    m[3 * k + 2] = mz;
  }
}

const kappaScratch: [number, number, number] = [0, 0, 0];

/** Discrete curvature vector at node k (1/mm), pointing toward the centre of curvature. */
function curvatureVector(p: Float64Array, k: number, rod: Rod): [number, number, number] {
  const ax = p[3 * k]! - p[3 * k + 3]!;
  const ay = p[3 * k + 1]! - p[3 * k + 4]!;
  const az = p[3 * k + 2]! - p[3 * k + 5]!;
  const bx = p[3 * k - 3]! - p[3 * k]!;
  const by = p[3 * k - 2]! - p[3 * k + 1]!;
  const bz = p[3 * k - 1]! - p[3 * k + 2]!;
  const la = Math.sqrt(ax * ax + ay * ay + az * az) || 1;
  const lb = Math.sqrt(bx * bx + by * by + bz * bz) || 1;
  const scale = 2 / (rod.restLengthMm[k]! + rod.restLengthMm[k - 1]!);
  kappaScratch[0] = (bx / lb - ax / la) * scale;
  kappaScratch[1] = (by / lb - ay / la) * scale;
  kappaScratch[2] = (bz / lb - az / la) * scale;
  return kappaScratch;
}

const axesScratch = { mx: 0, my: 0, mz: 0, bx: 0, by: 0, bz: 0 };

/** Material normal m = cos ψ·r + sin ψ·(t × r) and its binormal t × m at node k. */
function materialAxes(psi: number, r: Float64Array, t: Float64Array, k: number) {
  const rx = r[3 * k]!;
  const ry = r[3 * k + 1]!;
  const rz = r[3 * k + 2]!;
  const tx = t[3 * k]!;
  const ty = t[3 * k + 1]!;
  const tz = t[3 * k + 2]!;
  const sx = ty * rz - tz * ry;
  const sy = tz * rx - tx * rz;
  const sz = tx * ry - ty * rx;
  const c = Math.cos(psi);
  const s = Math.sin(psi);
  axesScratch.mx = c * rx + s * sx;
  axesScratch.my = c * ry + s * sy;
  axesScratch.mz = c * rz + s * sz;
  axesScratch.bx = ty * axesScratch.mz - tz * axesScratch.my;
  axesScratch.by = tz * axesScratch.mx - tx * axesScratch.mz;
  axesScratch.bz = tx * axesScratch.my - ty * axesScratch.mx;
  return axesScratch;
}

/**
 * Wall normal force per node (N): the elastic bending force on a node that touches the wall,
 * resolved along the wall's outward normal, f = −∂E/∂x with E = ½·C·C/α per bending constraint.
 */
function measureWallForces(
  rod: Rod,
  lumen: LumenField,
  shieldedDepthMm: number,
  settings: SolverSettings,
  scratch: SolverScratch,
): void {
  const n = rod.activeCount;
  const force = scratch.force;
  force.fill(0, 0, 3 * n);
  const p = rod.positions;
  const m = rod.materialNormal;
  for (let k = 1; k < n - 1; k++) {
    const ha = rod.restLengthMm[k]!;
    const hb = rod.restLengthMm[k - 1]!;
    const a = hb / (ha + hb);
    const b = ha / (ha + hb);
    const offsetScale = (ha * hb) / 2;
    const stiffness = (rod.bendingStiffness[k]! * 0.5 * (ha + hb)) / (offsetScale * offsetScale);
    const curvature = rod.restCurvature[k]! * offsetScale;
    for (let axis = 0; axis < 3; axis++) {
      const c =
        a * p[3 * (k + 1) + axis]! + b * p[3 * (k - 1) + axis]! - p[3 * k + axis]! - curvature * m[3 * k + axis]!;
      const f = stiffness * c;
      force[3 * k + axis] = force[3 * k + axis]! + f;
      force[3 * (k + 1) + axis] = force[3 * (k + 1) + axis]! - a * f;
      force[3 * (k - 1) + axis] = force[3 * (k - 1) + axis]! - b * f;
    }
  }
  const free = freeNodeCount(rod, settings);
  const contact = scratch.contact;
  for (let k = 0; k < n; k++) {
    rod.wallForce[k] = 0;
    if (k >= free || depthMm(rod, k) < shieldedDepthMm) continue;
    if (!nearWall(rod, k, lumen, scratch)) continue;
    const outward =
      force[3 * k]! * contact.normal[0]! +
      force[3 * k + 1]! * contact.normal[1]! +
      force[3 * k + 2]! * contact.normal[2]!;
    rod.wallForce[k] = Math.max(0, -outward);
  }
}
