/**
 * What attenuates the beam, as a flat list of solid primitives each with a uniform μ (per mm):
 * the exact geometry the X-ray image integrates. Three shapes cover the patient, the vessels and
 * the devices, each the image of a unit shape under an affine map:
 *   0 ellipsoid  — the unit ball; optionally hollow (an inner ellipsoid, in the unit ball's
 *                  coordinates, is left out: the skull) and cut by a plane (a hemisphere);
 *   1 cylinder   — x² + y² ≤ 1, |z| ≤ 1 (a vessel or device piece, a body slab, a rib piece);
 *   2 box        — |x|, |y|, |z| ≤ 1.
 * Each primitive stores the map local → world as three column vectors (the scaled local axes)
 * and an origin, 12 floats, so the GPU (`renderer/src/fluoro`) draws exactly what the CPU
 * reference `lineIntegral` computes. A ray's parameter is the same in both spaces under an affine
 * map, so a chord found in local coordinates is already in world millimetres.
 *
 * Structure of arrays, sized once; `count` says how many are in use so per-frame sets (devices)
 * are rewritten in place.
 */
export const attenuatorShape = { ellipsoid: 0, cylinder: 1, box: 2 } as const;
export type AttenuatorShape = (typeof attenuatorShape)[keyof typeof attenuatorShape];

export interface AttenuatorSet {
  capacity: number;
  count: number;
  shape: Uint8Array;
  /** Per primitive: local x, y, z axes (scaled) then the origin, 12 floats, world (LPS) mm. */
  transform: Float32Array;
  muPerMm: Float32Array;
  /** Ellipsoids only: semi-axes of the hollow inside, in unit-ball coordinates; 0,0,0 when solid. */
  hollow: Float32Array;
  /** Keep local points with dot(n, p) ≥ d: n.x, n.y, n.z, d; all zero keeps everything. */
  clip: Float32Array;
}

export function createAttenuatorSet(capacity: number): AttenuatorSet {
  return {
    capacity,
    count: 0,
    shape: new Uint8Array(capacity),
    transform: new Float32Array(12 * capacity),
    muPerMm: new Float32Array(capacity),
    hollow: new Float32Array(3 * capacity),
    clip: new Float32Array(4 * capacity),
  };
}

type Vec = ArrayLike<number>;

/**
 * Writes primitive `index`: shape, local axes (each already scaled by its semi-axis or half
 * length) and origin. Hollow and clip are reset; set them after if needed.
 */
export function writeAttenuator(
  set: AttenuatorSet,
  index: number,
  shape: AttenuatorShape,
  axisX: Vec,
  axisY: Vec,
  axisZ: Vec,
  origin: Vec,
  muPerMm: number,
): void {
  if (index >= set.capacity) throw new Error(`attenuator ${index} is beyond the set's capacity ${set.capacity}`);
  set.shape[index] = shape;
  const t = set.transform;
  const at = 12 * index;
  for (let k = 0; k < 3; k++) {
    t[at + k] = axisX[k]!;
    t[at + 3 + k] = axisY[k]!;
    t[at + 6 + k] = axisZ[k]!;
    t[at + 9 + k] = origin[k]!;
  }
  set.muPerMm[index] = muPerMm;
  set.hollow.fill(0, 3 * index, 3 * index + 3);
  set.clip.fill(0, 4 * index, 4 * index + 4);
}

const side = new Float64Array(3);
const across = new Float64Array(3);

/**
 * A cylinder from `start` to `end` of radius `radiusMm`: flat ends perpendicular to its axis, so
 * consecutive pieces of a centreline meet without overlapping on a straight run.
 */
export function writeCylinderPiece(
  set: AttenuatorSet,
  index: number,
  sx: number,
  sy: number,
  sz: number,
  ex: number,
  ey: number,
  ez: number,
  radiusMm: number,
  muPerMm: number,
): void {
  const hx = (ex - sx) / 2;
  const hy = (ey - sy) / 2;
  const hz = (ez - sz) / 2;
  const half = Math.hypot(hx, hy, hz);
  // Any two perpendiculars of the axis, scaled to the radius.
  const ux = half > 0 ? hx / half : 0;
  const uy = half > 0 ? hy / half : 0;
  const uz = half > 0 ? hz / half : 1;
  if (Math.abs(ux) < 0.9) {
    side[0] = 0;
    side[1] = uz;
    side[2] = -uy;
  } else {
    side[0] = -uz;
    side[1] = 0;
    side[2] = ux;
  }
  const sideLength = Math.hypot(side[0]!, side[1]!, side[2]!);
  for (let k = 0; k < 3; k++) side[k] = (side[k]! / sideLength) * radiusMm;
  across[0] = uy * side[2]! - uz * side[1]!;
  across[1] = uz * side[0]! - ux * side[2]!;
  across[2] = ux * side[1]! - uy * side[0]!;
  if (index >= set.capacity) throw new Error(`attenuator ${index} is beyond the set's capacity ${set.capacity}`);
  set.shape[index] = attenuatorShape.cylinder;
  const t = set.transform;
  const at = 12 * index;
  for (let k = 0; k < 3; k++) {
    t[at + k] = side[k]!;
    t[at + 3 + k] = across[k]!;
  }
  // A zero-length piece still needs an invertible map: a hair of length along z.
  t[at + 6] = half > 0 ? hx : 0;
  t[at + 7] = half > 0 ? hy : 0;
  t[at + 8] = half > 0 ? hz : 1e-3;
  t[at + 9] = sx + hx;
  t[at + 10] = sy + hy;
  t[at + 11] = sz + hz;
  set.muPerMm[index] = muPerMm;
  set.hollow.fill(0, 3 * index, 3 * index + 3);
  set.clip.fill(0, 4 * index, 4 * index + 4);
}

/** A sphere of `radiusMm` at a point (a blush, a pool). */
export function writeSphere(
  set: AttenuatorSet,
  index: number,
  x: number,
  y: number,
  z: number,
  radiusMm: number,
  muPerMm: number,
): void {
  writeAttenuator(
    set,
    index,
    attenuatorShape.ellipsoid,
    [radiusMm, 0, 0],
    [0, radiusMm, 0],
    [0, 0, radiusMm],
    [x, y, z],
    muPerMm,
  );
}

// Scratch for the CPU integral: the inverse map and the ray in local coordinates.
const inverse = new Float64Array(9);
const localOrigin = new Float64Array(3);
const localDirection = new Float64Array(3);

/**
 * Σ μ·chord along the ray from `origin` in the unit direction `direction` (world mm), over every
 * primitive, counting only the part of the ray with t ≥ 0: the CPU reference of the image's line
 * integral. O(count) per ray: for tests, probes and a few rays per frame, not for images.
 */
export function lineIntegral(set: AttenuatorSet, origin: Vec, direction: Vec): number {
  let total = 0;
  for (let i = 0; i < set.count; i++) {
    const mu = set.muPerMm[i]!;
    if (mu === 0) continue;
    toLocalRay(set, i, origin, direction);
    total += mu * chordInUnitShape(set, i, localOrigin, localDirection);
  }
  return total;
}

function toLocalRay(set: AttenuatorSet, i: number, origin: Vec, direction: Vec): void {
  const t = set.transform;
  const at = 12 * i;
  // Columns a, b, c of the 3×3 map; inverse by the adjugate.
  const a0 = t[at]!,
    a1 = t[at + 1]!,
    a2 = t[at + 2]!;
  const b0 = t[at + 3]!,
    b1 = t[at + 4]!,
    b2 = t[at + 5]!;
  const c0 = t[at + 6]!,
    c1 = t[at + 7]!,
    c2 = t[at + 8]!;
  // Rows of the inverse are (b×c, c×a, a×b) / det.
  const det = a0 * (b1 * c2 - b2 * c1) + a1 * (b2 * c0 - b0 * c2) + a2 * (b0 * c1 - b1 * c0);
  inverse[0] = (b1 * c2 - b2 * c1) / det;
  inverse[1] = (b2 * c0 - b0 * c2) / det;
  inverse[2] = (b0 * c1 - b1 * c0) / det;
  inverse[3] = (c1 * a2 - c2 * a1) / det;
  inverse[4] = (c2 * a0 - c0 * a2) / det;
  inverse[5] = (c0 * a1 - c1 * a0) / det;
  inverse[6] = (a1 * b2 - a2 * b1) / det;
  inverse[7] = (a2 * b0 - a0 * b2) / det;
  inverse[8] = (a0 * b1 - a1 * b0) / det;
  const ox = origin[0]! - t[at + 9]!;
  const oy = origin[1]! - t[at + 10]!;
  const oz = origin[2]! - t[at + 11]!;
  for (let r = 0; r < 3; r++) {
    localOrigin[r] = inverse[3 * r]! * ox + inverse[3 * r + 1]! * oy + inverse[3 * r + 2]! * oz;
    localDirection[r] =
      inverse[3 * r]! * direction[0]! + inverse[3 * r + 1]! * direction[1]! + inverse[3 * r + 2]! * direction[2]!;
  }
}

/** Length of the ray (t ≥ 0) inside the unit shape, in the ray's parameter (= world mm). */
function chordInUnitShape(set: AttenuatorSet, i: number, o: Float64Array, d: Float64Array): number {
  let enter = 0;
  let exit = Infinity;
  const shape = set.shape[i]!;
  if (shape === attenuatorShape.box) {
    for (let k = 0; k < 3; k++) {
      const slab = clipSlab(o[k]!, d[k]!, enter, exit);
      if (slab === null) return 0;
      enter = slab[0];
      exit = slab[1];
    }
  } else if (shape === attenuatorShape.cylinder) {
    const slab = clipSlab(o[2]!, d[2]!, enter, exit);
    if (slab === null) return 0;
    const roots = quadraticRoots(
      d[0]! * d[0]! + d[1]! * d[1]!,
      o[0]! * d[0]! + o[1]! * d[1]!,
      o[0]! * o[0]! + o[1]! * o[1]! - 1,
    );
    if (roots === null) return 0;
    enter = Math.max(slab[0], roots[0]);
    exit = Math.min(slab[1], roots[1]);
  } else {
    const roots = quadraticRoots(dot3(d, d), dot3(o, d), dot3(o, o) - 1);
    if (roots === null) return 0;
    enter = Math.max(enter, roots[0]);
    exit = Math.min(exit, roots[1]);
  }
  // The clip half-space dot(n, p) ≥ dist.
  const c = 4 * i;
  const nx = set.clip[c]!,
    ny = set.clip[c + 1]!,
    nz = set.clip[c + 2]!;
  if (nx !== 0 || ny !== 0 || nz !== 0) {
    const along = nx * d[0]! + ny * d[1]! + nz * d[2]!;
    const start = nx * o[0]! + ny * o[1]! + nz * o[2]! - set.clip[c + 3]!;
    if (along === 0) {
      if (start < 0) return 0;
    } else if (along > 0) enter = Math.max(enter, -start / along);
    else exit = Math.min(exit, -start / along);
  }
  if (exit <= enter) return 0;
  let chord = exit - enter;
  const h = 3 * i;
  const hx = set.hollow[h]!,
    hy = set.hollow[h + 1]!,
    hz = set.hollow[h + 2]!;
  if (shape === attenuatorShape.ellipsoid && hx > 0 && hy > 0 && hz > 0) {
    // The hollow is inside the ball; take out its part of [enter, exit].
    const qx = o[0]! / hx,
      qy = o[1]! / hy,
      qz = o[2]! / hz;
    const ex = d[0]! / hx,
      ey = d[1]! / hy,
      ez = d[2]! / hz;
    const roots = quadraticRoots(
      ex * ex + ey * ey + ez * ez,
      qx * ex + qy * ey + qz * ez,
      qx * qx + qy * qy + qz * qz - 1,
    );
    if (roots !== null) chord -= Math.max(0, Math.min(exit, roots[1]) - Math.max(enter, roots[0]));
  }
  return chord;
}

function dot3(a: Float64Array, b: Float64Array): number {
  return a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
}

const roots2: [number, number] = [0, 0];
const slab2: [number, number] = [0, 0];

/** Roots of a·t² + 2·halfB·t + c = 0, ascending, or null (no real root or a degenerate ray). */
function quadraticRoots(a: number, halfB: number, c: number): [number, number] | null {
  if (a <= 1e-30) return c <= 0 ? ((roots2[0] = -Infinity), (roots2[1] = Infinity), roots2) : null;
  const discriminant = halfB * halfB - a * c;
  if (discriminant <= 0) return null;
  const root = Math.sqrt(discriminant);
  roots2[0] = (-halfB - root) / a;
  roots2[1] = (-halfB + root) / a;
  return roots2;
}

/** Narrows [enter, exit] to where −1 ≤ o + t·d < 1 on one axis, or null when empty. */
function clipSlab(o: number, d: number, enter: number, exit: number): [number, number] | null {
  if (Math.abs(d) < 1e-30) {
    // Half-open, so a ray lying in the plane two pieces share belongs to one of them only.
    if (o < -1 || o >= 1) return null;
    slab2[0] = enter;
    slab2[1] = exit;
    return slab2;
  }
  let t0 = (-1 - o) / d;
  let t1 = (1 - o) / d;
  if (t0 > t1) [t0, t1] = [t1, t0];
  slab2[0] = Math.max(enter, t0);
  slab2[1] = Math.min(exit, t1);
  return slab2[0] < slab2[1] ? slab2 : null;
}
