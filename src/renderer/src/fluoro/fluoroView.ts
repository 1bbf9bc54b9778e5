import {
  clipFromRoomMatrix,
  detectorImageRect,
  exposedImageRect,
  projectionOf,
  tableOffsetMm,
  type CArmPose,
  type Projection,
} from '../../../sim/imaging/carm.ts';
import { lineIntegral, type AttenuatorSet } from '../../../sim/imaging/attenuators.ts';
import { defaultCArmGeometry } from '../../../sim/imaging/carm-geometry.ts';
import { roomToPatient, type PatientPlacement } from '../scene/patientPlacement.ts';
import type { FluoroView } from './FluoroRenderer.ts';

/** Nearest and farthest distances from the focal spot that can hold anything imaged (mm). */
const nearMm = 100;
const farMm = 2000;

/**
 * The beam in patient coordinates for a C-arm pose and where the patient lies: patient LPS →
 * room (the placement's half turn and shift, then the table's offset) → clip (the core's exact
 * projection). The room frame's C-arm is fixed; moving the table moves the patient in it.
 */
export function fluoroViewFor(pose: CArmPose, placement: PatientPlacement): FluoroView {
  const projection = projectionOf(pose);
  const clipFromRoom = clipFromRoomMatrix(projection, nearMm, farMm);
  const [tx, ty, tz] = placement.translationMm;
  const [ox, oy, oz] = tableOffsetMm(pose);
  // room = (x, −y, −z) + translation + table offset, as a column-major 4×4.
  const roomFromPatient = [1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, tx + ox, ty + oy, tz + oz, 1];
  const patientToClip = new Float32Array(16);
  for (let col = 0; col < 4; col++) {
    for (let row = 0; row < 4; row++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += clipFromRoom[k * 4 + row]! * roomFromPatient[col * 4 + k]!;
      patientToClip[col * 4 + row] = sum;
    }
  }
  const [sx, sy, sz] = projection.source;
  const detector = detectorImageRect(pose);
  const field = exposedImageRect(pose);
  return {
    patientToClip,
    sourceLps: roomToPatient(placement, sx - ox, sy - oy, sz - oz),
    field: [field.uMin, field.uMax, field.vMin, field.vMax],
    detector: [detector.uMin, detector.uMax, detector.vMin, detector.vMax],
  };
}

/** Size of one image pixel at the isocentre (mm): what the thinnest drawn device must cover. */
export function pixelMmAtIsocentre(pose: CArmPose, sizePx: number): number {
  const projection = projectionOf(pose);
  return (projection.imageSideMm / sizePx) * (defaultCArmGeometry.sourceToIsocentreMm / projection.sourceToDetectorMm);
}

/**
 * The ray from the focal spot through image point (u, v), patient LPS: origin and unit direction.
 * The same ray the GPU follows for that pixel, for probes and the automatic brightness.
 */
export function rayThroughImage(
  pose: CArmPose,
  placement: PatientPlacement,
  u: number,
  v: number,
): { origin: [number, number, number]; direction: [number, number, number] } {
  const projection: Projection = projectionOf(pose);
  const [ox, oy, oz] = tableOffsetMm(pose);
  const half = projection.imageSideMm / 2;
  const { source, beam, right, up } = projection;
  const target = [0, 1, 2].map(
    (k) => source[k]! + projection.sourceToDetectorMm * beam[k]! + u * half * right[k]! + v * half * up[k]!,
  );
  const origin = roomToPatient(placement, source[0] - ox, source[1] - oy, source[2] - oz);
  const end = roomToPatient(placement, target[0]! - ox, target[1]! - oy, target[2]! - oz);
  const d = [end[0] - origin[0], end[1] - origin[1], end[2] - origin[2]];
  const length = Math.hypot(d[0]!, d[1]!, d[2]!);
  return { origin, direction: [d[0]! / length, d[1]! / length, d[2]! / length] };
}

/**
 * The brightness a real system's automatic control settles on: the median Σμx over a central
 * measuring field (the middle 60% of the image, 7 × 7 rays) of the still patient; the median,
 * so a dense bone seen edge-on does not darken everything else.
 */
export function automaticLevelMu(pose: CArmPose, placement: PatientPlacement, still: readonly AttenuatorSet[]): number {
  const values: number[] = [];
  for (let i = -3; i <= 3; i++) {
    for (let j = -3; j <= 3; j++) {
      const { origin, direction } = rayThroughImage(pose, placement, i * 0.1, j * 0.1);
      let sum = 0;
      for (const set of still) sum += lineIntegral(set, origin, direction);
      values.push(sum);
    }
  }
  values.sort((a, b) => a - b);
  return values[values.length >> 1]!;
}

/** Where a patient point lands in an image of `sizePx`, in pixels from the top-left; null behind the source. */
export function pixelOf(
  view: FluoroView,
  lps: readonly [number, number, number],
  sizePx: number,
): [number, number] | null {
  const m = view.patientToClip;
  const clip = [0, 1, 3].map((row) => m[row]! * lps[0] + m[4 + row]! * lps[1] + m[8 + row]! * lps[2] + m[12 + row]!);
  const w = clip[2]!;
  if (!(w > 0)) return null;
  return [((clip[0]! / w + 1) / 2) * sizePx, ((1 - clip[1]! / w) / 2) * sizePx];
}
