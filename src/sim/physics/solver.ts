import type { Rod } from './rod.ts';
import type { LumenField } from './lumen-field.ts';
import { measureWallForces, shieldedDepth, solveContact } from './contact.ts';
import {
  depthMm,
  freeNodeCount,
  placeOnSheath,
  type DeviceInBody,
  type Sheath,
  type SolverScratch,
  type SolverSettings,
} from './solver-base.ts';
import { solveTwist } from './twist.ts';

export {
  createSolverScratch,
  defaultSolverSettings,
  freeNodeCount,
  placeOnSheath,
  type DeviceInBody,
  type Sheath,
  type SolverScratch,
  type SolverSettings,
} from './solver-base.ts';
export { solveTwist } from './twist.ts';

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

/** Node velocities over the step (mm/s), for display interpolation and friction; set after the substeps. */
function updateVelocities(rod: Rod, dt: number): void {
  const n = 3 * rod.activeCount;
  for (let i = 0; i < n; i++) rod.velocities[i] = (rod.positions[i]! - rod.stepStart[i]!) / dt;
}
