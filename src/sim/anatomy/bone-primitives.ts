import { MeshWriter, type MeshData } from './mesh-writer.ts';
import { anyPerpendicular, cross, transportNormal } from './tube-frames.ts';

/**
 * Analytic bone shapes in patient LPS millimetres: what the skeleton is made of, so fluoroscopy
 * can ray-march them (`boneSignedDistanceMm`, `boneBounds`) and the 3D view can draw them
 * (`buildBoneMesh`). Each primitive is a closed solid; `boneDensity` says which attenuation
 * applies inside it (DOMAIN.md: cortical bone 0.22 cm²/g at 80 keV).
 */

export type Vec3 = readonly [number, number, number];
/** Orthonormal local axes (local x, y, z) as unit vectors in LPS: a rotation. */
export type Axes = readonly [Vec3, Vec3, Vec3];

export type BoneDensity = 'cortical' | 'cancellous';

interface BoneBase {
  /** Anatomical name: "L3 vertebral body", "left femoral head". */
  name: string;
  boneDensity: BoneDensity;
}

/** Ellipsoid; hollow (a shell of `shellThicknessMm`) when that is set, and cut below a plane when `clipBelowZMm` is. */
export interface EllipsoidBone extends BoneBase {
  kind: 'ellipsoid';
  centre: Vec3;
  semiAxesMm: Vec3;
  axes: Axes;
  shellThicknessMm: number | null;
  /** Only the part at or above this patient z (mm) exists; null for the whole ellipsoid. */
  clipBelowZMm: number | null;
}

/** Elliptic cylinder along its local z: semi-axes in local x and y, half its length along z. */
export interface EllipticCylinderBone extends BoneBase {
  kind: 'ellipticCylinder';
  centre: Vec3;
  semiAxesMm: readonly [number, number];
  halfLengthMm: number;
  axes: Axes;
}

export interface BoxBone extends BoneBase {
  kind: 'box';
  centre: Vec3;
  halfSizeMm: Vec3;
  axes: Axes;
}

/** A cylinder with hemispherical ends: every point within `radiusMm` of the segment start–end. */
export interface CapsuleBone extends BoneBase {
  kind: 'capsule';
  startMm: Vec3;
  endMm: Vec3;
  radiusMm: number;
}

/** A bent rod (a rib, a clavicle): every point within `radiusMm` of the polyline. */
export interface TubeBone extends BoneBase {
  kind: 'tube';
  pointsMm: readonly Vec3[];
  radiusMm: number;
}

export type BonePrimitive = EllipsoidBone | EllipticCylinderBone | BoxBone | CapsuleBone | TubeBone;

export const identityAxes: Axes = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];

/** Axes whose local x is along `first` and local y is `second` made perpendicular to it. */
export function axesFrom(first: Vec3, second: Vec3): Axes {
  const x = normalised(first);
  const along = dot(second, x);
  const y = normalised([second[0] - along * x[0], second[1] - along * x[1], second[2] - along * x[2]]);
  const z: Vec3 = [x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]];
  return [x, y, z];
}

/** Identity axes turned by `angleRad` about the patient's left–right axis (+x; positive tips +z toward −y). */
export function axesTurnedAboutX(angleRad: number): Axes {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  return [
    [1, 0, 0],
    [0, c, s],
    [0, -s, c],
  ];
}

/** Identity axes turned by `angleRad` about the patient's long axis (+z). */
export function axesTurnedAboutZ(angleRad: number): Axes {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  return [
    [c, s, 0],
    [-s, c, 0],
    [0, 0, 1],
  ];
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function normalised(v: Vec3): Vec3 {
  const length = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / length, v[1] / length, v[2] / length];
}

/** `point` in the primitive's local frame: Axesᵀ (point − centre). */
function toLocal(point: ArrayLike<number>, centre: Vec3, axes: Axes, out: Float64Array): void {
  const dx = point[0]! - centre[0];
  const dy = point[1]! - centre[1];
  const dz = point[2]! - centre[2];
  for (let k = 0; k < 3; k++) out[k] = dx * axes[k]![0] + dy * axes[k]![1] + dz * axes[k]![2];
}

const local = new Float64Array(3);

/**
 * Signed distance from `point` (LPS mm) to the bone's surface: negative inside. Exact for
 * capsules, tubes and boxes; for ellipsoids and elliptic cylinders the usual first-order
 * estimate (Quílez), exact on the surface and never overstating the distance by much, which is
 * what sphere tracing needs.
 */
export function boneSignedDistanceMm(bone: BonePrimitive, point: ArrayLike<number>): number {
  switch (bone.kind) {
    case 'ellipsoid': {
      toLocal(point, bone.centre, bone.axes, local);
      const [a, b, c] = bone.semiAxesMm;
      let distance = ellipsoidDistance(local[0]!, local[1]!, local[2]!, a, b, c);
      if (bone.shellThicknessMm !== null) {
        const t = bone.shellThicknessMm;
        distance = Math.max(distance, -ellipsoidDistance(local[0]!, local[1]!, local[2]!, a - t, b - t, c - t));
      }
      if (bone.clipBelowZMm !== null) distance = Math.max(distance, bone.clipBelowZMm - point[2]!);
      return distance;
    }
    case 'ellipticCylinder': {
      toLocal(point, bone.centre, bone.axes, local);
      const radial = ellipseDistance(local[0]!, local[1]!, bone.semiAxesMm[0], bone.semiAxesMm[1]);
      const axial = Math.abs(local[2]!) - bone.halfLengthMm;
      return Math.min(Math.max(radial, axial), 0) + Math.hypot(Math.max(radial, 0), Math.max(axial, 0));
    }
    case 'box': {
      toLocal(point, bone.centre, bone.axes, local);
      const qx = Math.abs(local[0]!) - bone.halfSizeMm[0];
      const qy = Math.abs(local[1]!) - bone.halfSizeMm[1];
      const qz = Math.abs(local[2]!) - bone.halfSizeMm[2];
      const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0), Math.max(qz, 0));
      return outside + Math.min(Math.max(qx, qy, qz), 0);
    }
    case 'capsule':
      return segmentDistance(point, bone.startMm, bone.endMm) - bone.radiusMm;
    case 'tube': {
      let nearest = Infinity;
      for (let i = 1; i < bone.pointsMm.length; i++) {
        nearest = Math.min(nearest, segmentDistance(point, bone.pointsMm[i - 1]!, bone.pointsMm[i]!));
      }
      return nearest - bone.radiusMm;
    }
  }
}

function ellipsoidDistance(x: number, y: number, z: number, a: number, b: number, c: number): number {
  const k0 = Math.hypot(x / a, y / b, z / c);
  const k1 = Math.hypot(x / (a * a), y / (b * b), z / (c * c));
  if (k1 === 0) return -Math.min(a, b, c);
  return (k0 * (k0 - 1)) / k1;
}

function ellipseDistance(x: number, y: number, a: number, b: number): number {
  const k0 = Math.hypot(x / a, y / b);
  const k1 = Math.hypot(x / (a * a), y / (b * b));
  if (k1 === 0) return -Math.min(a, b);
  return (k0 * (k0 - 1)) / k1;
}

function segmentDistance(point: ArrayLike<number>, start: Vec3, end: Vec3): number {
  const ex = end[0] - start[0];
  const ey = end[1] - start[1];
  const ez = end[2] - start[2];
  const px = point[0]! - start[0];
  const py = point[1]! - start[1];
  const pz = point[2]! - start[2];
  const lengthSquared = ex * ex + ey * ey + ez * ez;
  const t = lengthSquared > 0 ? Math.min(1, Math.max(0, (px * ex + py * ey + pz * ez) / lengthSquared)) : 0;
  return Math.hypot(px - t * ex, py - t * ey, pz - t * ez);
}

/** Axis-aligned bounds (LPS mm) that contain the bone: for culling rays. */
export function boneBounds(bone: BonePrimitive): { min: Vec3; max: Vec3 } {
  switch (bone.kind) {
    case 'ellipsoid':
    case 'box':
    case 'ellipticCylinder': {
      // Half extent along each patient axis: exact for an ellipsoid (root of the sum of squares),
      // and for an oriented box (sum of absolute values); a cylinder is an ellipse plus a segment.
      const axes = bone.axes;
      const extent = [0, 1, 2].map((axis) => {
        const along = (k: number): number => axes[k]![axis]!;
        if (bone.kind === 'ellipsoid') {
          const [a, b, c] = bone.semiAxesMm;
          return Math.hypot(along(0) * a, along(1) * b, along(2) * c);
        }
        if (bone.kind === 'ellipticCylinder') {
          const [a, b] = bone.semiAxesMm;
          return Math.hypot(along(0) * a, along(1) * b) + Math.abs(along(2)) * bone.halfLengthMm;
        }
        const [hx, hy, hz] = bone.halfSizeMm;
        return Math.abs(along(0)) * hx + Math.abs(along(1)) * hy + Math.abs(along(2)) * hz;
      });
      const minZ = bone.centre[2] - extent[2]!;
      return {
        min: [
          bone.centre[0] - extent[0]!,
          bone.centre[1] - extent[1]!,
          bone.kind === 'ellipsoid' && bone.clipBelowZMm !== null ? Math.max(minZ, bone.clipBelowZMm) : minZ,
        ],
        max: [bone.centre[0] + extent[0]!, bone.centre[1] + extent[1]!, bone.centre[2] + extent[2]!],
      };
    }
    case 'capsule':
    case 'tube': {
      const points = bone.kind === 'capsule' ? [bone.startMm, bone.endMm] : bone.pointsMm;
      const min = [Infinity, Infinity, Infinity];
      const max = [-Infinity, -Infinity, -Infinity];
      for (const point of points) {
        for (let axis = 0; axis < 3; axis++) {
          min[axis] = Math.min(min[axis]!, point[axis]! - bone.radiusMm);
          max[axis] = Math.max(max[axis]!, point[axis]! + bone.radiusMm);
        }
      }
      return { min: [min[0]!, min[1]!, min[2]!], max: [max[0]!, max[1]!, max[2]!] };
    }
  }
}

export interface BoneMeshDetail {
  /** Vertices around a circle or an ellipsoid's equator. */
  around: number;
  /** Latitude bands from pole to pole of an ellipsoid. */
  latitudes: number;
}

/**
 * One mesh for a list of bones (drawn with one material). Ellipsoid shells show their outer
 * surface, clipped ellipsoids end at the clip plane (open: the skull's base is another bone).
 */
export function buildBoneMesh(bones: readonly BonePrimitive[], detail: BoneMeshDetail): MeshData {
  const writer = new MeshWriter();
  for (const bone of bones) {
    switch (bone.kind) {
      case 'ellipsoid':
        writeEllipsoid(writer, bone, detail);
        break;
      case 'ellipticCylinder':
        writeEllipticCylinder(writer, bone, detail.around);
        break;
      case 'box':
        writeBox(writer, bone);
        break;
      case 'capsule':
        writeRod(writer, [bone.startMm, bone.endMm], bone.radiusMm, detail.around);
        break;
      case 'tube':
        writeRod(writer, bone.pointsMm, bone.radiusMm, detail.around);
        break;
    }
  }
  return writer.finish();
}

function placeVertex(
  writer: MeshWriter,
  centre: Vec3,
  axes: Axes,
  lx: number,
  ly: number,
  lz: number,
  nx: number,
  ny: number,
  nz: number,
): number {
  const [ax, ay, az] = axes;
  let wx = nx * ax[0] + ny * ay[0] + nz * az[0];
  let wy = nx * ax[1] + ny * ay[1] + nz * az[1];
  let wz = nx * ax[2] + ny * ay[2] + nz * az[2];
  const length = Math.hypot(wx, wy, wz) || 1;
  wx /= length;
  wy /= length;
  wz /= length;
  return writer.addVertex(
    centre[0] + lx * ax[0] + ly * ay[0] + lz * az[0],
    centre[1] + lx * ax[1] + ly * ay[1] + lz * az[1],
    centre[2] + lx * ax[2] + ly * ay[2] + lz * az[2],
    wx,
    wy,
    wz,
  );
}

function writeEllipsoid(writer: MeshWriter, bone: EllipsoidBone, detail: BoneMeshDetail): void {
  const [a, b, c] = bone.semiAxesMm;
  const around = detail.around;
  // Latitude from the local −z pole (0) to +z (π); a clip plane raises the lower limit.
  let lowest = 0;
  if (bone.clipBelowZMm !== null) {
    // The clip is a patient-z plane; for the skull the axes are the identity, so local z = patient z − centre.
    const cosine = Math.min(1, Math.max(-1, (bone.clipBelowZMm - bone.centre[2]) / c));
    lowest = Math.acos(-cosine);
  }
  const bands = detail.latitudes;
  const first = writer.vertexCount;
  const clipped = lowest > 0;
  const rings = clipped ? bands : bands - 1;
  for (let i = 0; i < rings; i++) {
    const latitude = clipped ? lowest + ((Math.PI - lowest) * i) / bands : (Math.PI * (i + 1)) / bands;
    const z = -Math.cos(latitude);
    const r = Math.sin(latitude);
    for (let j = 0; j < around; j++) {
      const angle = (2 * Math.PI * j) / around;
      const ux = r * Math.cos(angle);
      const uy = r * Math.sin(angle);
      placeVertex(writer, bone.centre, bone.axes, a * ux, b * uy, c * z, ux / a, uy / b, z / c);
    }
    if (i > 0) writer.joinRings(first + (i - 1) * around, first + i * around, around);
  }
  const top = placeVertex(writer, bone.centre, bone.axes, 0, 0, c, 0, 0, 1);
  writer.fanToPole(first + (rings - 1) * around, around, top, false);
  if (!clipped) {
    const bottom = placeVertex(writer, bone.centre, bone.axes, 0, 0, -c, 0, 0, -1);
    writer.fanToPole(first, around, bottom, true);
  }
}

function writeEllipticCylinder(writer: MeshWriter, bone: EllipticCylinderBone, around: number): void {
  const [a, b] = bone.semiAxesMm;
  const h = bone.halfLengthMm;
  const side = writer.vertexCount;
  for (const z of [-h, h]) {
    for (let j = 0; j < around; j++) {
      const angle = (2 * Math.PI * j) / around;
      const cx = Math.cos(angle);
      const cy = Math.sin(angle);
      placeVertex(writer, bone.centre, bone.axes, a * cx, b * cy, z, cx / a, cy / b, 0);
    }
  }
  writer.joinRings(side, side + around, around);
  // Flat ends with their own vertices, so the rim stays sharp.
  for (const [z, direction] of [
    [-h, -1],
    [h, 1],
  ] as const) {
    const rim = writer.vertexCount;
    for (let j = 0; j < around; j++) {
      const angle = (2 * Math.PI * j) / around;
      placeVertex(writer, bone.centre, bone.axes, a * Math.cos(angle), b * Math.sin(angle), z, 0, 0, direction);
    }
    const centre = placeVertex(writer, bone.centre, bone.axes, 0, 0, z, 0, 0, direction);
    writer.fanToPole(rim, around, centre, direction === -1);
  }
}

function writeBox(writer: MeshWriter, bone: BoxBone): void {
  const [hx, hy, hz] = bone.halfSizeMm;
  const half = [hx, hy, hz];
  // Each face: its normal axis and sign, and two in-plane axes ordered so (u × v) = normal.
  for (let axis = 0; axis < 3; axis++) {
    for (const sign of [-1, 1]) {
      const u = (axis + 1) % 3;
      const v = (axis + 2) % 3;
      const corners: [number, number][] = [
        [-1, -1],
        [1, -1],
        [1, 1],
        [-1, 1],
      ];
      const first = writer.vertexCount;
      for (const [su, sv] of corners) {
        const p = [0, 0, 0];
        const n = [0, 0, 0];
        p[axis] = sign * half[axis]!;
        p[u] = su * half[u]!;
        p[v] = sv * half[v]!;
        n[axis] = sign;
        placeVertex(writer, bone.centre, bone.axes, p[0]!, p[1]!, p[2]!, n[0]!, n[1]!, n[2]!);
      }
      if (sign > 0) {
        writer.addTriangle(first, first + 1, first + 2);
        writer.addTriangle(first, first + 2, first + 3);
      } else {
        writer.addTriangle(first, first + 2, first + 1);
        writer.addTriangle(first, first + 3, first + 2);
      }
    }
  }
}

const rodTangent = new Float64Array(3);
const rodNextTangent = new Float64Array(3);
const rodNormal = new Float64Array(3);
const rodBinormal = new Float64Array(3);

/** A rod of constant radius along a polyline, rings at the vertices (mitred), hemispherical ends. */
function writeRod(writer: MeshWriter, points: readonly Vec3[], radius: number, around: number): void {
  const count = points.length;
  const tangents: Vec3[] = points.map((_, i) => {
    const before = points[Math.max(0, i - 1)]!;
    const after = points[Math.min(count - 1, i + 1)]!;
    return normalised([after[0] - before[0], after[1] - before[1], after[2] - before[2]]);
  });
  rodTangent.set(tangents[0]!);
  anyPerpendicular(rodTangent, rodNormal);
  const first = writer.vertexCount;
  const ringNormals: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      rodNextTangent.set(tangents[i]!);
      transportNormal(points[i - 1]!, rodTangent, rodNormal, points[i]!, rodNextTangent, rodNormal);
      rodTangent.set(rodNextTangent);
    }
    ringNormals.push(Float64Array.from(rodNormal));
    cross(rodTangent, rodNormal, rodBinormal);
    writeCircle(writer, points[i]!, rodNormal, rodBinormal, radius, around, 0, rodTangent, 0);
    if (i > 0) writer.joinRings(first + (i - 1) * around, first + i * around, around);
  }
  // Hemispherical ends: two latitude rings and a pole each.
  for (const end of [count - 1, 0]) {
    const direction = end === 0 ? -1 : 1;
    const t = tangents[end]!;
    const n = ringNormals[end]!;
    cross(t, n, rodBinormal);
    let previous = first + end * around;
    for (const latitude of [Math.PI / 6, Math.PI / 3]) {
      const ring = writer.vertexCount;
      writeCircle(
        writer,
        points[end]!,
        n,
        rodBinormal,
        radius * Math.cos(latitude),
        around,
        direction * radius * Math.sin(latitude),
        t,
        direction * Math.sin(latitude),
      );
      if (direction === 1) writer.joinRings(previous, ring, around);
      else writer.joinRings(ring, previous, around);
      previous = ring;
    }
    const pole = writer.addVertex(
      points[end]![0] + direction * radius * t[0],
      points[end]![1] + direction * radius * t[1],
      points[end]![2] + direction * radius * t[2],
      direction * t[0],
      direction * t[1],
      direction * t[2],
    );
    writer.fanToPole(previous, around, pole, direction === -1);
  }
}

/**
 * A ring of `around` vertices of `radius` about `centre` + `along`·tangent; normals are the radial
 * direction tilted toward the tangent by `normalAlong` (its sine), for cap rings.
 */
function writeCircle(
  writer: MeshWriter,
  centre: Vec3,
  normal: ArrayLike<number>,
  binormal: ArrayLike<number>,
  radius: number,
  around: number,
  along: number,
  tangent: ArrayLike<number>,
  normalAlong: number,
): void {
  const radialWeight = Math.sqrt(1 - normalAlong * normalAlong);
  for (let j = 0; j < around; j++) {
    const angle = (2 * Math.PI * j) / around;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const ux = c * normal[0]! + s * binormal[0]!;
    const uy = c * normal[1]! + s * binormal[1]!;
    const uz = c * normal[2]! + s * binormal[2]!;
    writer.addVertex(
      centre[0] + along * tangent[0]! + radius * ux,
      centre[1] + along * tangent[1]! + radius * uy,
      centre[2] + along * tangent[2]! + radius * uz,
      radialWeight * ux + normalAlong * tangent[0]!,
      radialWeight * uy + normalAlong * tangent[1]!,
      radialWeight * uz + normalAlong * tangent[2]!,
    );
  }
}
