import { defaultCArmGeometry, type CArmGeometry } from './carm-geometry.ts';

/**
 * The C-arm's pose (angles, SID, field of view, shutters, table) and the exact perspective
 * projection it makes.
 *
 * Room frame, as in the renderer's room layout: origin at the isocentre, +x toward the patient's
 * left, +y up (anterior of the supine patient), +z toward the patient's feet. SOD is fixed by the
 * geometry; SID changes as the detector moves along the beam.
 */

/** Detector field-of-view modes, cm (the displayed square's diagonal at the detector; DOMAIN.md). */
export const fieldOfViewModesCm = [48, 42, 32, 22, 16] as const;
export type FieldOfViewCm = (typeof fieldOfViewModesCm)[number];

/** Fraction of the image side closed by each shutter, 0…`maxShutterFraction`. */
export interface Collimation {
  leftFraction: number;
  rightFraction: number;
  topFraction: number;
  bottomFraction: number;
}

export interface CArmPose {
  /** + LAO, − RAO, degrees (rotation about the patient's long axis). */
  laoDeg: number;
  /** + CRAN, − CAUD, degrees (tilt toward the head or the feet). */
  cranDeg: number;
  /** Source to detector, SID, mm. */
  sourceToDetectorMm: number;
  fieldOfViewCm: FieldOfViewCm;
  collimation: Collimation;
  /**
   * Table offset from its home, mm: + longitudinal moves the table toward the feet (+z),
   * + lateral toward the patient's left (+x), + height up (+y).
   */
  table: { longitudinalMm: number; lateralMm: number; heightMm: number };
}

/**
 * Mechanical limits (est.: typical floor-mounted single-plane system). SID 900–1200 mm covers the
 * 90–120 cm range of DOMAIN.md; the detector must also stay `minDetectorClearanceMm` beyond the
 * isocentre so a ~22 cm patient fits between them (est.).
 */
export const cArmLimits = {
  laoDeg: { min: -120, max: 120 },
  cranDeg: { min: -45, max: 45 },
  sourceToDetectorMm: { min: 900, max: 1200 },
  minDetectorClearanceMm: 150,
  shutterFraction: { min: 0, max: 0.45 },
  table: {
    longitudinalMm: { min: -600, max: 600 },
    lateralMm: { min: -150, max: 150 },
    heightMm: { min: -200, max: 200 },
  },
} as const;

/**
 * AP, SID 1100 mm (the geometry preset), no shutters, table at home. FOV 32 cm: a middle mode
 * whose 22.6 cm square at the detector shows ~15 cm at the isocentre, enough for selective body
 * work and a whole cerebral hemisphere's branches without the dose cost of magnified modes; the
 * user widens to 42/48 for overviews.
 */
export const defaultCArmPose: Readonly<CArmPose> = Object.freeze({
  laoDeg: 0,
  cranDeg: 0,
  sourceToDetectorMm: defaultCArmGeometry.sourceToDetectorMm,
  fieldOfViewCm: 32,
  collimation: Object.freeze({ leftFraction: 0, rightFraction: 0, topFraction: 0, bottomFraction: 0 }),
  table: Object.freeze({ longitudinalMm: 0, lateralMm: 0, heightMm: 0 }),
}) as Readonly<CArmPose>;

/** A value out of its allowed range or set; `field` is the path in the object that was checked. */
export class FieldValueError extends Error {
  override name = 'FieldValueError';
  readonly field: string;
  readonly value: unknown;
  /** What is wrong, worded to follow the value: "is outside -45…45". */
  readonly problem: string;
  constructor(field: string, value: unknown, problem: string) {
    super(`${field} ${String(value)} ${problem}`);
    this.field = field;
    this.value = value;
    this.problem = problem;
  }
}

export function checkRange(field: string, value: number, min: number, max: number, unit = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new FieldValueError(field, value, 'is not a finite number');
  if (value < min || value > max) throw new FieldValueError(field, value, `is outside ${min}…${max}${unit}`);
  return value;
}

export function isFieldOfViewCm(value: unknown): value is FieldOfViewCm {
  return (fieldOfViewModesCm as readonly unknown[]).includes(value);
}

// Module-level so validation, which runs every step through the dose tally, allocates nothing.
const shutterFields = [
  ['leftFraction', 'collimation.leftFraction'],
  ['rightFraction', 'collimation.rightFraction'],
  ['topFraction', 'collimation.topFraction'],
  ['bottomFraction', 'collimation.bottomFraction'],
] as const;
const tableFields = [
  ['longitudinalMm', 'table.longitudinalMm'],
  ['lateralMm', 'table.lateralMm'],
  ['heightMm', 'table.heightMm'],
] as const;

/** Returns the pose if every field is in range; otherwise throws a FieldValueError naming the field. */
export function validateCArmPose(pose: CArmPose, geometry: CArmGeometry = defaultCArmGeometry): CArmPose {
  const limits = cArmLimits;
  checkRange('laoDeg', pose.laoDeg, limits.laoDeg.min, limits.laoDeg.max, ' degrees');
  checkRange('cranDeg', pose.cranDeg, limits.cranDeg.min, limits.cranDeg.max, ' degrees');
  const minSid = Math.max(limits.sourceToDetectorMm.min, geometry.sourceToIsocentreMm + limits.minDetectorClearanceMm);
  checkRange('sourceToDetectorMm', pose.sourceToDetectorMm, minSid, limits.sourceToDetectorMm.max, ' mm');
  if (!isFieldOfViewCm(pose.fieldOfViewCm))
    throw new FieldValueError('fieldOfViewCm', pose.fieldOfViewCm, `is not one of ${fieldOfViewModesCm.join(', ')}`);
  const { min, max } = limits.shutterFraction;
  for (let i = 0; i < shutterFields.length; i++) {
    const side = shutterFields[i]!;
    checkRange(side[1], pose.collimation[side[0]], min, max);
  }
  for (let i = 0; i < tableFields.length; i++) {
    const axis = tableFields[i]!;
    const range = limits.table[axis[0]];
    checkRange(axis[1], pose.table[axis[0]], range.min, range.max, ' mm');
  }
  return pose;
}

/** The nearest valid pose, for UI controls: each number clamped, a non-number reset to the default. */
export function clampCArmPose(pose: CArmPose, geometry: CArmGeometry = defaultCArmGeometry): CArmPose {
  const limits = cArmLimits;
  const minSid = Math.max(limits.sourceToDetectorMm.min, geometry.sourceToIsocentreMm + limits.minDetectorClearanceMm);
  const shutter = (value: number) => clamp(value, limits.shutterFraction.min, limits.shutterFraction.max, 0);
  return {
    laoDeg: clamp(pose.laoDeg, limits.laoDeg.min, limits.laoDeg.max, 0),
    cranDeg: clamp(pose.cranDeg, limits.cranDeg.min, limits.cranDeg.max, 0),
    sourceToDetectorMm: clamp(
      pose.sourceToDetectorMm,
      minSid,
      limits.sourceToDetectorMm.max,
      defaultCArmPose.sourceToDetectorMm,
    ),
    fieldOfViewCm: nearestFieldOfView(pose.fieldOfViewCm),
    collimation: {
      leftFraction: shutter(pose.collimation.leftFraction),
      rightFraction: shutter(pose.collimation.rightFraction),
      topFraction: shutter(pose.collimation.topFraction),
      bottomFraction: shutter(pose.collimation.bottomFraction),
    },
    table: {
      longitudinalMm: clamp(
        pose.table.longitudinalMm,
        limits.table.longitudinalMm.min,
        limits.table.longitudinalMm.max,
        0,
      ),
      lateralMm: clamp(pose.table.lateralMm, limits.table.lateralMm.min, limits.table.lateralMm.max, 0),
      heightMm: clamp(pose.table.heightMm, limits.table.heightMm.min, limits.table.heightMm.max, 0),
    },
  };
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

function nearestFieldOfView(value: number): FieldOfViewCm {
  if (typeof value !== 'number' || Number.isNaN(value)) return defaultCArmPose.fieldOfViewCm;
  let best: FieldOfViewCm = fieldOfViewModesCm[0];
  for (const mode of fieldOfViewModesCm) if (Math.abs(mode - value) < Math.abs(best - value)) best = mode;
  return best;
}

export type Vec3 = [number, number, number];

/** The beam and the displayed image's axes, room frame, mm. */
export interface Projection {
  /** Focal spot. */
  source: Vec3;
  /** Centre of the detector surface (the central ray's end). */
  detectorCentre: Vec3;
  /** Unit vector from the source toward the detector, D. */
  beam: Vec3;
  /** Unit vector that runs to the right of the displayed image, R = U × D. */
  right: Vec3;
  /** Unit vector that runs up the displayed image: the head direction (−z) made perpendicular to D. */
  up: Vec3;
  sourceToDetectorMm: number;
  /** Side of the displayed square at the detector, mm: FOV diagonal / √2. */
  imageSideMm: number;
}

/**
 * Detector direction from the isocentre, D = (cos c·sin l, cos c·cos l, −sin c) for LAO l and
 * CRAN c: AP puts the detector above the patient (beam travels +y), LAO swings it toward the
 * patient's left (+x), CRAN tilts it toward the head (−z). Source S = −SOD·D, detector centre
 * S + SID·D. With U the head direction made perpendicular to D and R = U × D, AP shows +x (the
 * patient's left) on the right and the head up: the usual frontal display, as if facing the
 * patient from the detector.
 */
export function projectionOf(pose: CArmPose, geometry: CArmGeometry = defaultCArmGeometry): Projection {
  const lao = (pose.laoDeg * Math.PI) / 180;
  const cran = (pose.cranDeg * Math.PI) / 180;
  const beam: Vec3 = [Math.cos(cran) * Math.sin(lao), Math.cos(cran) * Math.cos(lao), -Math.sin(cran)];
  const sod = geometry.sourceToIsocentreMm;
  const sid = pose.sourceToDetectorMm;
  const source: Vec3 = [-sod * beam[0], -sod * beam[1], -sod * beam[2]];
  const detectorCentre: Vec3 = [source[0] + sid * beam[0], source[1] + sid * beam[1], source[2] + sid * beam[2]];
  // Head (0, 0, −1) minus its component along D; never degenerate while |CRAN| < 90°.
  const headAlongBeam = -beam[2];
  const upRaw: Vec3 = [-headAlongBeam * beam[0], -headAlongBeam * beam[1], -1 - headAlongBeam * beam[2]];
  const upLength = Math.hypot(upRaw[0], upRaw[1], upRaw[2]);
  const up: Vec3 = [upRaw[0] / upLength, upRaw[1] / upLength, upRaw[2] / upLength];
  const right: Vec3 = [
    up[1] * beam[2] - up[2] * beam[1],
    up[2] * beam[0] - up[0] * beam[2],
    up[0] * beam[1] - up[1] * beam[0],
  ];
  return {
    source,
    detectorCentre,
    beam,
    right,
    up,
    sourceToDetectorMm: sid,
    imageSideMm: imageSideMmAtDetector(pose.fieldOfViewCm),
  };
}

/** Side of the displayed square at the detector, mm: the FOV mode is its diagonal. */
export function imageSideMmAtDetector(fieldOfViewCm: number): number {
  return (fieldOfViewCm * 10) / Math.SQRT2;
}

export interface ImagePoint {
  /** Across the image, −1 (left edge) … 1 (right edge); beyond ±1 is off the image. */
  u: number;
  /** Up the image, −1 (bottom) … 1 (top). */
  v: number;
  /** Distance from the source along the beam, mm. */
  depthMm: number;
}

/**
 * Where a room point lands on the displayed image: d = p − S; depth = d·D; the ray meets the
 * detector plane at (d·R, d·U)·SID/depth; u, v divide that by half the image side. Pass `out` to
 * reuse an object in a loop.
 */
export function projectToImage(
  projection: Projection,
  roomPoint: ArrayLike<number>,
  out: ImagePoint = { u: 0, v: 0, depthMm: 0 },
): ImagePoint {
  const { source: s, beam: d, right: r, up } = projection;
  const x = roomPoint[0]! - s[0];
  const y = roomPoint[1]! - s[1];
  const z = roomPoint[2]! - s[2];
  const depth = x * d[0] + y * d[1] + z * d[2];
  const scale = (2 * projection.sourceToDetectorMm) / (depth * projection.imageSideMm);
  out.u = (x * r[0] + y * r[1] + z * r[2]) * scale;
  out.v = (x * up[0] + y * up[1] + z * up[2]) * scale;
  out.depthMm = depth;
  return out;
}

/**
 * 4×4 column-major matrix (WebGL convention) from room mm to clip space: clip.x/clip.w = u and
 * clip.y/clip.w = v exactly, clip.w = depth from the source, and z/w runs −1 at `nearMm` to 1 at
 * `farMm` (both distances from the source along the beam). Rows: x = k·R·(p − S), y = k·U·(p − S)
 * with k = 2·SID/side; w = D·(p − S); z = A·w + B with A = (f + n)/(f − n), B = −2fn/(f − n).
 */
export function clipFromRoomMatrix(projection: Projection, nearMm: number, farMm: number): Float64Array {
  if (!(nearMm > 0 && farMm > nearMm))
    throw new Error(`clipFromRoomMatrix: need 0 < nearMm < farMm (got ${nearMm}, ${farMm})`);
  const { source: s, beam: d, right: r, up } = projection;
  const k = (2 * projection.sourceToDetectorMm) / projection.imageSideMm;
  const a = (farMm + nearMm) / (farMm - nearMm);
  const b = (-2 * farMm * nearMm) / (farMm - nearMm);
  const dot = (v: Vec3) => v[0] * s[0] + v[1] * s[1] + v[2] * s[2];
  const rows = [
    [k * r[0], k * r[1], k * r[2], -k * dot(r)],
    [k * up[0], k * up[1], k * up[2], -k * dot(up)],
    [a * d[0], a * d[1], a * d[2], -a * dot(d) + b],
    [d[0], d[1], d[2], -dot(d)],
  ];
  const m = new Float64Array(16);
  for (let row = 0; row < 4; row++) for (let col = 0; col < 4; col++) m[col * 4 + row] = rows[row]![col]!;
  return m;
}

/** How far the table moves the patient in the room frame, mm: [x, y, z]. */
export function tableOffsetMm(pose: CArmPose): Vec3 {
  return [pose.table.lateralMm, pose.table.heightMm, pose.table.longitudinalMm];
}

/** A rectangle in normalised image coordinates (−1…1 each way). */
export interface ImageRect {
  uMin: number;
  uMax: number;
  vMin: number;
  vMax: number;
}

/**
 * The part of the displayed square that the physical detector covers (width along the image's
 * right axis, est.: the 40 × 30 cm panel in landscape). FOV 48 (33.9 cm side) overruns the 30 cm
 * height, so its top and bottom strips receive nothing.
 */
export function detectorImageRect(pose: CArmPose, geometry: CArmGeometry = defaultCArmGeometry): ImageRect {
  const half = imageSideMmAtDetector(pose.fieldOfViewCm) / 2;
  const uEdge = Math.min(1, geometry.detectorWidthMm / 2 / half);
  const vEdge = Math.min(1, geometry.detectorHeightMm / 2 / half);
  return { uMin: -uEdge, uMax: uEdge, vMin: -vEdge, vMax: vEdge };
}

/** The part of the image that is exposed: inside the shutters and on the detector. */
export function exposedImageRect(pose: CArmPose, geometry: CArmGeometry = defaultCArmGeometry): ImageRect {
  const detector = detectorImageRect(pose, geometry);
  const c = pose.collimation;
  return {
    uMin: Math.max(detector.uMin, -1 + 2 * c.leftFraction),
    uMax: Math.min(detector.uMax, 1 - 2 * c.rightFraction),
    vMin: Math.max(detector.vMin, -1 + 2 * c.bottomFraction),
    vMax: Math.min(detector.vMax, 1 - 2 * c.topFraction),
  };
}

/** Area of the exposed field at the detector, cm² (collimated square clipped to the panel). No allocation. */
export function fieldAreaCm2AtDetector(pose: CArmPose, geometry: CArmGeometry = defaultCArmGeometry): number {
  const halfMm = imageSideMmAtDetector(pose.fieldOfViewCm) / 2;
  const uEdge = Math.min(1, geometry.detectorWidthMm / 2 / halfMm);
  const vEdge = Math.min(1, geometry.detectorHeightMm / 2 / halfMm);
  const c = pose.collimation;
  const width = Math.min(uEdge, 1 - 2 * c.rightFraction) - Math.max(-uEdge, -1 + 2 * c.leftFraction);
  const height = Math.min(vEdge, 1 - 2 * c.topFraction) - Math.max(-vEdge, -1 + 2 * c.bottomFraction);
  if (width <= 0 || height <= 0) return 0;
  // Normalised units are half-sides: area mm² = (w·half)(h·half); /100 for cm².
  return (width * halfMm * height * halfMm) / 100;
}

/**
 * Interventional reference point: on the central ray, 150 mm from the isocentre toward the source
 * (IEC 60601-2-43), so at SOD − 150 mm from the source.
 */
export const referencePointFromIsocentreMm = 150;

export function referencePointFromSourceMm(geometry: CArmGeometry = defaultCArmGeometry): number {
  return geometry.sourceToIsocentreMm - referencePointFromIsocentreMm;
}

/** The detector field scaled back to the reference point by (distance from source / SID)², cm². */
export function fieldAreaCm2AtReferencePoint(pose: CArmPose, geometry: CArmGeometry = defaultCArmGeometry): number {
  const ratio = referencePointFromSourceMm(geometry) / pose.sourceToDetectorMm;
  return fieldAreaCm2AtDetector(pose, geometry) * ratio * ratio;
}

/** A saved working view (scenarios name them; DOMAIN.md: e.g. "RAO 30 CRAN 20"). */
export interface WorkingProjection {
  name: string;
  laoDeg: number;
  cranDeg: number;
}

/** "AP", "LAO 30", "RAO 30 CAUD 15", "LAO 30 CRAN 20": angles rounded to whole degrees. */
export function projectionName(pose: Pick<CArmPose, 'laoDeg' | 'cranDeg'>): string {
  const lao = Math.round(pose.laoDeg);
  const cran = Math.round(pose.cranDeg);
  const parts: string[] = [];
  if (lao !== 0) parts.push(lao > 0 ? `LAO ${lao}` : `RAO ${-lao}`);
  if (cran !== 0) parts.push(cran > 0 ? `CRAN ${cran}` : `CAUD ${-cran}`);
  return parts.length === 0 ? 'AP' : parts.join(' ');
}

const projectionNamePattern = /^\s*(?:(AP)|(?:(LAO|RAO)\s*(\d+(?:\.\d+)?))?\s*(?:(CRAN|CAUD)\s*(\d+(?:\.\d+)?))?)\s*$/i;

/** The reverse of `projectionName` (case-insensitive; decimals allowed). Throws naming the text. */
export function parseProjectionName(text: string): { laoDeg: number; cranDeg: number } {
  const match = projectionNamePattern.exec(text);
  if (!match || (!match[1] && !match[2] && !match[4]))
    throw new Error(
      `projection name "${text}" is not a C-arm view; write "AP", "LAO 30", "RAO 30 CAUD 15" or "LAO 30 CRAN 20"`,
    );
  if (match[1]) return { laoDeg: 0, cranDeg: 0 };
  const lao = match[2] ? Number(match[3]) * (match[2].toUpperCase() === 'LAO' ? 1 : -1) : 0;
  const cran = match[4] ? Number(match[5]) * (match[4].toUpperCase() === 'CRAN' ? 1 : -1) : 0;
  checkRange(`projection name "${text}": laoDeg`, lao, cArmLimits.laoDeg.min, cArmLimits.laoDeg.max, ' degrees');
  checkRange(`projection name "${text}": cranDeg`, cran, cArmLimits.cranDeg.min, cArmLimits.cranDeg.max, ' degrees');
  return { laoDeg: lao + 0, cranDeg: cran + 0 };
}
