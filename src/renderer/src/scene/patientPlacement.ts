import type { AtlasName } from '../../../sim/anatomy/atlas/index.ts';
import { bodyFrame } from '../../../sim/anatomy/body-frame.ts';
import { bodyOutlinePosteriorYMm } from '../../../sim/anatomy/body-outline.ts';
import { roomLayout, tableTopSurfaceYMm } from './roomLayout.ts';

/**
 * Where the patient lies in the room. The patient is supine, head toward the C-arm stand (−z):
 * patient LPS maps to room axes as x → x (patient left is room +x), y → −y (posterior is down,
 * anterior up), z → −z (superior toward −z). That is a half turn about x (no mirror), then a
 * translation: room = (x, −y, −z) + translationMm.
 */
export interface PatientPlacement {
  translationMm: readonly [number, number, number];
}

/**
 * The region each atlas is for, centred on the isocentre: the neck and head, or the upper
 * abdomen; `halfLengthMm` is how far it reaches up and down the body from there.
 */
export const regionOfInterest: Record<AtlasName, { label: string; zMm: number; halfLengthMm: number }> = {
  neuro: { label: 'skull base (neck and head)', zMm: bodyFrame.skullBaseZMm, halfLengthMm: 160 },
  body: {
    label: 'upper abdomen (celiac to renal arteries)',
    zMm: (bodyFrame.celiacZMm + bodyFrame.renalZMm) / 2,
    halfLengthMm: 110,
  },
};

/** Top of the mattress: where the patient's back rests. */
export function mattressTopYMm(): number {
  return tableTopSurfaceYMm() + roomLayout.mattressThicknessMm;
}

/**
 * An atlas patient: the region of interest at the isocentre along the table (z) and across it
 * (x = 0, the midline), and the back of the body on the mattress.
 */
export function atlasPlacement(atlas: AtlasName): PatientPlacement {
  return { translationMm: [0, mattressTopYMm() + bodyOutlinePosteriorYMm(), regionOfInterest[atlas].zMm] };
}

/** An imported model, whose coordinates are its own: the centre of its bounds at the isocentre. */
export function centredPlacement(positions: Float32Array): PatientPlacement {
  const { min, max } = boundsOf(positions);
  return { translationMm: [-(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2] };
}

export function patientToRoom(placement: PatientPlacement, x: number, y: number, z: number): [number, number, number] {
  const [tx, ty, tz] = placement.translationMm;
  return [x + tx, -y + ty, -z + tz];
}

export function roomToPatient(placement: PatientPlacement, x: number, y: number, z: number): [number, number, number] {
  const [tx, ty, tz] = placement.translationMm;
  return [x - tx, -(y - ty), -(z - tz)];
}

export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** Axis-aligned bounds of interleaved x,y,z positions, optionally only those with z in [zMin, zMax]. */
export function boundsOf(positions: ArrayLike<number>, zMin = -Infinity, zMax = Infinity): Bounds {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    const z = positions[i + 2]!;
    if (z < zMin || z > zMax) continue;
    for (let axis = 0; axis < 3; axis++) {
      const value = positions[i + axis]!;
      if (value < min[axis]!) min[axis] = value;
      if (value > max[axis]!) max[axis] = value;
    }
  }
  return { min, max };
}

/** Patient-space bounds carried into the room (the half turn swaps which corner is which). */
export function roomBoundsOf(placement: PatientPlacement, patientBounds: Bounds): Bounds {
  const a = patientToRoom(placement, ...patientBounds.min);
  const b = patientToRoom(placement, ...patientBounds.max);
  return {
    min: [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.min(a[2], b[2])],
    max: [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.max(a[2], b[2])],
  };
}
