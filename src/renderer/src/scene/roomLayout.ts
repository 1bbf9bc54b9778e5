import { defaultCArmGeometry, isocentreToDetectorMm } from '../../../sim/imaging/carm-geometry.ts';

/**
 * The angiography suite, in millimetres, with the C-arm's isocentre at the origin.
 * Room axes (right-handed): +x toward the patient's left, +y up (anterior of a supine patient),
 * +z toward the patient's feet. The operator stands at the patient's right, by the groin.
 *
 * Beam geometry comes from the core (`sim/imaging`). Equipment sizes are estimates of a
 * typical floor-mounted single-plane system, labelled "est.": they place things, nothing is
 * computed from them.
 */
export const roomLayout = {
  /** Isocentre height above the floor (est.; typical 1050–1100 mm). */
  isocentreHeightMm: 1070,
  /** Patient thickness at the isocentre: table-top surface sits half of it below (est., adult abdomen 220 mm). */
  patientThicknessMm: 220,
  tableTop: { lengthMm: 2800, widthMm: 500, thicknessMm: 60, headEndZMm: -1500 },
  /** Pedestal under the foot half, holding the cantilevered top (est.). */
  tablePedestal: { widthMm: 420, depthMm: 700, centreZMm: 700 },
  mattressThicknessMm: 40,
  carm: {
    sourceToIsocentreMm: defaultCArmGeometry.sourceToIsocentreMm,
    isocentreToDetectorMm: isocentreToDetectorMm(defaultCArmGeometry),
    detectorWidthMm: defaultCArmGeometry.detectorWidthMm,
    detectorHeightMm: defaultCArmGeometry.detectorHeightMm,
    /** Radius of the C's centreline and the size of its cross-section (est.). */
    arcRadiusMm: 760,
    arcSectionMm: { depth: 110, width: 160 },
    /** The focal spot sits near the top of the tube housing, under the collimator (est.). */
    tubeHousingMm: { width: 280, height: 200, depth: 360, focalSpotBelowTopMm: 40 },
    detectorHousingMm: { width: 520, height: 70, depth: 420 },
  },
  /** Floor stand at the head end (est.). */
  stand: { distanceFromIsocentreMm: 1900, widthMm: 700, depthMm: 600 },
  floor: { widthMm: 7000, lengthMm: 8000 },
} as const;

/** Centre of the C's arc: midway between source and detector along the beam axis. */
export function carmArcCentreYMm(): number {
  const { sourceToIsocentreMm, isocentreToDetectorMm: toDetector } = roomLayout.carm;
  return (toDetector - sourceToIsocentreMm) / 2;
}

export function floorYMm(): number {
  return -roomLayout.isocentreHeightMm;
}

export function tableTopSurfaceYMm(): number {
  return -roomLayout.patientThicknessMm / 2 - roomLayout.mattressThicknessMm;
}
