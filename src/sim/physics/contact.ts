import type { Rod } from './rod.ts';
import type { LumenField } from './lumen-field.ts';
import { depthMm, freeNodeCount, type DeviceInBody, type SolverScratch, type SolverSettings } from './solver-base.ts';

/** Wall contact: keeping nodes inside the lumen with friction, and the wall forces they exert. */

/**
 * Depth from the sheath up to which a device runs inside the one it is loaded through (mm): its
 * nodes there touch that device's lumen (the coaxial constraint), not the vessel wall.
 */
export function shieldedDepth(device: DeviceInBody, devices: readonly DeviceInBody[]): number {
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
  const contact = scratch.contact;
  contact.capsule = rod.wallCapsule[k]!;
  if (lumen.wallClearance) lumen.wallClearance(p[i]!, p[i + 1]!, p[i + 2]!, contact, rod.wallCandidates, k);
  else lumen.wallContact(p[i]!, p[i + 1]!, p[i + 2]!, contact);
  rod.wallCapsule[k] = contact.capsule;
  rod.clearanceAtQuery[k] = contact.clearanceMm;
  q[i] = p[i]!;
  q[i + 1] = p[i + 1]!;
  q[i + 2] = p[i + 2]!;
  // A node that touches the wall needs the wall itself (its normal): filled only then.
  if (!(contact.clearanceMm <= rod.radiusMm + contactSkinMm)) return false;
  if (lumen.completeWall) lumen.completeWall(p[i]!, p[i + 1]!, p[i + 2]!, contact);
  return true;
}

export function solveContact(
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

/**
 * Wall normal force per node (N): the elastic bending force on a node that touches the wall,
 * resolved along the wall's outward normal, f = −∂E/∂x with E = ½·C·C/α per bending constraint.
 */
export function measureWallForces(
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
