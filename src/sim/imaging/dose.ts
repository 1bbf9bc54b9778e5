import { defaultCArmGeometry } from './carm-geometry.ts';
import {
  checkRange,
  FieldValueError,
  fieldAreaCm2AtReferencePoint,
  fieldOfViewModesCm,
  isFieldOfViewCm,
  validateCArmPose,
  type CArmPose,
} from './carm.ts';

/**
 * Patient dose from the beam: air kerma at the interventional reference point (IEC 60601-2-43)
 * and kerma–area product, plus the bookkeeping a case keeps (fluoroscopy time, runs, frames).
 *
 * Model: a reference rate at reference conditions times independent factors for pulse rate,
 * mode, patient path length, field of view and SID, as an automatic exposure control (AEC) would
 * behave. Rates and per-frame doses come from DOMAIN.md; the factors' shapes are est.
 */

export type ExposureMode = 'fluoro-low' | 'fluoro' | 'cine' | 'dsa';
export const exposureModes = ['fluoro-low', 'fluoro', 'cine', 'dsa'] as const satisfies readonly ExposureMode[];

export interface Exposure {
  mode: ExposureMode;
  /** Fluoroscopy pulse rate, or frame rate for cine/DSA, per second. */
  pulsesPerSecond: number;
  /** Angles, FOV, SID and shutters; the table offset does not change the reference-point dose. */
  pose: CArmPose;
  /** Anterior–posterior thickness along an AP beam, cm (reference 20). */
  patientThicknessCm: number;
  /** Left–right width, cm; default `defaultWidthToThickness` × thickness (an adult trunk, est.). */
  patientWidthCm?: number;
}

/**
 * The conditions the reference rates belong to: AP through a 20 cm patient (Aroua 2006's
 * reference abdomen), FOV 32 cm, SID 1100 mm (the geometry preset). The FOV and SID of Aroua's
 * measurements are not given in DOMAIN.md; ours are est.
 */
export const referenceConditions = {
  patientThicknessCm: 20,
  fieldOfViewCm: 32,
  sourceToDetectorMm: defaultCArmGeometry.sourceToDetectorMm,
} as const;

/** Continuous fluoroscopy at the reference point, reference conditions, mGy/min (Aroua 2006). */
export const continuousFluoroscopyMGyPerMin = 29;

/**
 * Fraction of the continuous rate by pulse rate, interpolated piecewise-linearly in pps between
 * these points. 2, 3, 6 and 12 pps: Herrmann 1996 (12 pps is "≤ 49%"; we take 49%). 15 pps: 17/29
 * from Aroua 2006's 17 mGy/min. 30 pps is treated as continuous (100%).
 */
export const pulseRateFractionTable: readonly (readonly [pps: number, fraction: number])[] = [
  [2, 0.145],
  [3, 0.2],
  [6, 0.4],
  [12, 0.49],
  [15, 17 / 29],
  [30, 1],
];

/** Low-dose fluoroscopy delivers half the normal rate (est.; vendors' "low" presets are ~½). */
export const lowFluoroscopyFraction = 0.5;

/**
 * Normal-mode fluoroscopy is limited to 88 mGy/min (10 R/min; 21 CFR 1020.32). Acquisition
 * (cine, DSA) is not limited.
 */
export const normalFluoroscopyLimitMGyPerMin = 88;

/** Cine acquisition at the reference point, reference conditions, mGy per frame (Sato 1998). */
export const cineMGyPerFrame = 0.16;

/**
 * DSA per frame at the reference point, reference conditions, mGy (est., calibrated): 12.5 × the
 * cine frame. A subtraction image needs far more quanta per frame than cine (subtracting two
 * frames adds their noise and leaves a small iodine signal). With Sato's 0.16 mGy the model's
 * cerebral angiogram (8 min fluoroscopy, 10 runs) gave ~22 Gy·cm², far below DOMAIN.md's
 * 70–189; 2.0 mGy puts it at ~85 and a TACE at ~1500 mGy / ~235 Gy·cm² (DOMAIN.md: ~1186 mGy,
 * 189–238 Gy·cm²). See tests/unit/sim/imaging/dose.test.ts for the cases.
 */
export const dsaMGyPerFrame = 2.0;

/** Pulse/frame-rate ranges: fluoroscopy 2–30 pps (Herrmann's table and IAEA's ≤ 30 images/s). */
export const pulseRateLimits: Readonly<Record<ExposureMode, { min: number; max: number }>> = {
  'fluoro-low': { min: 2, max: 30 },
  fluoro: { min: 2, max: 30 },
  cine: { min: 0.5, max: 30 },
  dsa: { min: 0.5, max: 30 },
};

/** Patient thickness range, cm (est.: small child to obese adult). */
export const patientThicknessLimitsCm = { min: 5, max: 50 } as const;

/**
 * AEC keeps the detector dose up as the beam crosses more tissue: the reference-point rate
 * doubles for every `doublingThicknessCm` of extra path (est., calibrated with `dsaMGyPerFrame`
 * against the TACE and cerebral figures: 4 cm overshot TACE at ~1730 mGy; 5 cm gives ~1500. An
 * AEC raises kV as well as mA in thick patients, so the rate grows more slowly than the ~3–4 cm
 * half-value layer of soft tissue alone would give).
 */
export const doublingThicknessCm = 5;

/** Default left–right width as a multiple of the AP thickness (est.; adult abdomen ~24 × 34 cm). */
export const defaultWidthToThickness = 1.4;

/**
 * Field-of-view factor: a flat panel raises the detector dose about in proportion to the
 * magnification, rate ∝ (32 / FOV)¹ (est.; reference FOV 32).
 */
export const fieldOfViewDoseExponent = 1;

const secondsPerMinute = 60;

/** Pulse-rate fraction of the continuous fluoroscopy rate (piecewise-linear in pps). */
export function pulseRateFraction(pulsesPerSecond: number): number {
  const table = pulseRateFractionTable;
  const first = table[0]!;
  if (pulsesPerSecond <= first[0]) return first[1];
  for (let i = 1; i < table.length; i++) {
    const [pps1, f1] = table[i]!;
    if (pulsesPerSecond <= pps1) {
      const [pps0, f0] = table[i - 1]!;
      return f0 + ((f1 - f0) * (pulsesPerSecond - pps0)) / (pps1 - pps0);
    }
  }
  return table[table.length - 1]![1];
}

/**
 * Path length through the patient along the beam, cm. The trunk's cross-section is taken as an
 * ellipse (AP thickness t, width w, est.); the central ray at LAO/RAO angle θ crosses it along the
 * chord 2 / √(sin²θ / (w/2)² + cos²θ / (t/2)²), which is t at AP and w at a lateral view. CRAN/CAUD
 * tilts the ray along the long axis, lengthening the path by 1 / cos(cran).
 */
export function beamPathCm(exposure: Exposure): number {
  const thickness = exposure.patientThicknessCm;
  const width = exposure.patientWidthCm ?? defaultWidthToThickness * thickness;
  const lao = (exposure.pose.laoDeg * Math.PI) / 180;
  const cran = (exposure.pose.cranDeg * Math.PI) / 180;
  const sin = Math.sin(lao) / (width / 2);
  const cos = Math.cos(lao) / (thickness / 2);
  return 2 / Math.sqrt(sin * sin + cos * cos) / Math.cos(cran);
}

/** Throws a FieldValueError naming the field (`mode`, `pulsesPerSecond`, `pose.…`, …) if out of range. */
export function validateExposure(exposure: Exposure): Exposure {
  const limits = pulseRateLimits[exposure.mode];
  if (!limits) throw new FieldValueError('mode', exposure.mode, `is not one of ${exposureModes.join(', ')}`);
  const pps = exposure.pulsesPerSecond;
  // Checked inline first so the per-mode message is only built on failure (this runs every step).
  if (typeof pps !== 'number' || !(pps >= limits.min && pps <= limits.max))
    checkRange('pulsesPerSecond', pps, limits.min, limits.max, ` per second for ${exposure.mode}`);
  checkRange(
    'patientThicknessCm',
    exposure.patientThicknessCm,
    patientThicknessLimitsCm.min,
    patientThicknessLimitsCm.max,
    ' cm',
  );
  if (exposure.patientWidthCm !== undefined)
    checkRange('patientWidthCm', exposure.patientWidthCm, patientThicknessLimitsCm.min, 80, ' cm');
  if (!isFieldOfViewCm(exposure.pose.fieldOfViewCm))
    throw new FieldValueError(
      'pose.fieldOfViewCm',
      exposure.pose.fieldOfViewCm,
      `is not one of ${fieldOfViewModesCm.join(', ')}`,
    );
  try {
    validateCArmPose(exposure.pose);
  } catch (error) {
    if (error instanceof FieldValueError) throw new FieldValueError(`pose.${error.field}`, error.value, error.problem);
    throw error;
  }
  return exposure;
}

/**
 * Reference-point air-kerma rate before any regulatory cap, mGy/min. Product of: the mode's
 * reference rate; 2^((path − 20 cm)/5 cm) for the patient; (32/FOV)¹; (SID/1100)² because the AEC
 * holds the detector dose while the reference point stays fixed relative to the source (inverse
 * square).
 */
function uncappedRateMGyPerMin(exposure: Exposure): number {
  const pps = exposure.pulsesPerSecond;
  let reference: number;
  switch (exposure.mode) {
    case 'fluoro':
      reference = continuousFluoroscopyMGyPerMin * pulseRateFraction(pps);
      break;
    case 'fluoro-low':
      reference = continuousFluoroscopyMGyPerMin * pulseRateFraction(pps) * lowFluoroscopyFraction;
      break;
    case 'cine':
      reference = cineMGyPerFrame * pps * secondsPerMinute;
      break;
    case 'dsa':
      reference = dsaMGyPerFrame * pps * secondsPerMinute;
      break;
  }
  return reference * patientFactor(exposure) * detectorFactor(exposure);
}

/** AEC response to the patient: doubling per `doublingThicknessCm` of path beyond the reference. */
function patientFactor(exposure: Exposure): number {
  return 2 ** ((beamPathCm(exposure) - referenceConditions.patientThicknessCm) / doublingThicknessCm);
}

/** Field of view and SID: what the detector asks of the tube, independent of the patient. */
function detectorFactor(exposure: Exposure): number {
  const fov = (referenceConditions.fieldOfViewCm / exposure.pose.fieldOfViewCm) ** fieldOfViewDoseExponent;
  const sid = exposure.pose.sourceToDetectorMm / referenceConditions.sourceToDetectorMm;
  return fov * sid * sid;
}

function isFluoroscopy(mode: ExposureMode): boolean {
  return mode === 'fluoro' || mode === 'fluoro-low';
}

/** Air-kerma rate at the interventional reference point, mGy/min; fluoroscopy capped at 88. */
export function airKermaRateMGyPerMin(exposure: Exposure): number {
  validateExposure(exposure);
  const rate = uncappedRateMGyPerMin(exposure);
  return isFluoroscopy(exposure.mode) ? Math.min(rate, normalFluoroscopyLimitMGyPerMin) : rate;
}

/** KAP rate, Gy·cm²/s: reference-point air kerma rate × field area there. */
export function kermaAreaProductRateGyCm2PerS(exposure: Exposure): number {
  const mGyPerS = airKermaRateMGyPerMin(exposure) / secondsPerMinute;
  return (mGyPerS * fieldAreaCm2AtReferencePoint(exposure.pose)) / 1000;
}

export interface ExposureDose {
  airKermaRateMGyPerMin: number;
  /** Reference-point air kerma, mGy. */
  airKermaMGy: number;
  kermaAreaProductGyCm2: number;
}

/** Dose from holding `exposure` for `seconds` of beam-on time. */
export function doseForExposure(exposure: Exposure, seconds: number): ExposureDose {
  checkDuration(seconds);
  const rate = airKermaRateMGyPerMin(exposure);
  return {
    airKermaRateMGyPerMin: rate,
    airKermaMGy: (rate * seconds) / secondsPerMinute,
    kermaAreaProductGyCm2: kermaAreaProductRateGyCm2PerS(exposure) * seconds,
  };
}

function checkDuration(seconds: number): void {
  if (!(seconds >= 0 && seconds < Infinity))
    throw new FieldValueError('seconds', seconds, 'is not a time of 0 s or more');
}

/** A case's running dose record (plain numbers, mutated in place). */
export interface DoseTally {
  /** Cumulative reference-point air kerma, mGy. */
  referenceAirKermaMGy: number;
  kermaAreaProductGyCm2: number;
  /** Beam-on time in fluoroscopy (normal and low), s. */
  fluoroscopyTimeS: number;
  /** Beam-on time in cine and DSA, s. */
  acquisitionTimeS: number;
  /** Cine/DSA runs begun (`beginAcquisitionRun`). */
  acquisitionRuns: number;
  /** Cine/DSA frames, frame rate × time (fractional between frames; round to show). */
  acquisitionFrames: number;
}

export function createDoseTally(): DoseTally {
  return {
    referenceAirKermaMGy: 0,
    kermaAreaProductGyCm2: 0,
    fluoroscopyTimeS: 0,
    acquisitionTimeS: 0,
    acquisitionRuns: 0,
    acquisitionFrames: 0,
  };
}

/** Counts the start of a cine/DSA run (the pedal pressed in an acquisition mode). */
export function beginAcquisitionRun(tally: DoseTally): void {
  tally.acquisitionRuns += 1;
}

/**
 * Adds `seconds` of beam-on time at `exposure`. Linear in time, so two calls equal one call for
 * the sum. No allocation: it runs every step.
 */
export function accumulateDose(tally: DoseTally, exposure: Exposure, seconds: number): void {
  checkDuration(seconds);
  if (seconds === 0) return;
  const rateMGyPerS = airKermaRateMGyPerMin(exposure) / secondsPerMinute;
  const airKerma = rateMGyPerS * seconds;
  tally.referenceAirKermaMGy += airKerma;
  tally.kermaAreaProductGyCm2 += (airKerma * fieldAreaCm2AtReferencePoint(exposure.pose)) / 1000;
  if (isFluoroscopy(exposure.mode)) {
    tally.fluoroscopyTimeS += seconds;
  } else {
    tally.acquisitionTimeS += seconds;
    tally.acquisitionFrames += exposure.pulsesPerSecond * seconds;
  }
}

/**
 * Relative quantum noise of one displayed frame (σ/mean), 1.0 for normal fluoroscopy at 15 pps,
 * 20 cm, FOV 32, SID 1100. Noise ∝ 1/√(quanta per displayed pixel); quanta per pixel ∝ detector
 * dose per pulse × detector area per pixel (∝ FOV²). The detector dose per pulse is the
 * reference-point dose per pulse with the AEC's patient and SID compensation divided out, so only
 * mode, pulse rate, FOV and the 88 mGy/min cap change it.
 */
export function relativeQuantumNoise(exposure: Exposure): number {
  const perPulse = detectorQuantaPerPixel(exposure);
  const reference = detectorQuantaPerPixel(referenceNoiseExposure);
  return Math.sqrt(reference / perPulse);
}

const referenceNoiseExposure: Exposure = {
  mode: 'fluoro',
  pulsesPerSecond: 15,
  patientThicknessCm: referenceConditions.patientThicknessCm,
  pose: {
    laoDeg: 0,
    cranDeg: 0,
    sourceToDetectorMm: referenceConditions.sourceToDetectorMm,
    fieldOfViewCm: referenceConditions.fieldOfViewCm,
    collimation: { leftFraction: 0, rightFraction: 0, topFraction: 0, bottomFraction: 0 },
    table: { longitudinalMm: 0, lateralMm: 0, heightMm: 0 },
  },
};

function detectorQuantaPerPixel(exposure: Exposure): number {
  const perPulse = airKermaRateMGyPerMin(exposure) / secondsPerMinute / exposure.pulsesPerSecond;
  const sid = exposure.pose.sourceToDetectorMm / referenceConditions.sourceToDetectorMm;
  const pixelArea = (exposure.pose.fieldOfViewCm / referenceConditions.fieldOfViewCm) ** 2;
  return (perPulse / (patientFactor(exposure) * sid * sid)) * pixelArea;
}
