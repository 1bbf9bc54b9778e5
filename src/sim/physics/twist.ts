import type { Rod } from './rod.ts';
import { freeNodeCount, type Sheath, type SolverScratch, type SolverSettings } from './solver-base.ts';

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
      const crossX = cy * rz - cz * ry;
      const crossY = cz * rx - cx * rz;
      const crossZ = cx * ry - cy * rx;
      const dotCR = cx * rx + cy * ry + cz * rz;
      const nrx = rx * cosine + crossX + cx * dotCR * factor;
      const nry = ry * cosine + crossY + cy * dotCR * factor;
      const nrz = rz * cosine + crossZ + cz * dotCR * factor;
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
