/**
 * Fixed geometry of the C-arm, in millimetres. The isocentre (the point the C rotates about and
 * the beam's central ray always passes through) is the origin of the room.
 *
 * Defaults: a generic angiography preset, source–object 720 mm and source–detector 1100 mm with a
 * ~400 × 300 mm flat detector (3D Slicer Virtual Cath Lab, via DOMAIN.md).
 */
export interface CArmGeometry {
  /** Source (focal spot) to isocentre, SOD, mm. */
  sourceToIsocentreMm: number;
  /** Source to detector surface, SID, mm. */
  sourceToDetectorMm: number;
  /** Active detector area, mm. */
  detectorWidthMm: number;
  detectorHeightMm: number;
}

export const defaultCArmGeometry: Readonly<CArmGeometry> = {
  sourceToIsocentreMm: 720,
  sourceToDetectorMm: 1100,
  detectorWidthMm: 400,
  detectorHeightMm: 300,
};

/** Geometric magnification of an object at the isocentre: SID / SOD (DICOM PS3.3 C.8.7.6). */
export function isocentreMagnification(geometry: CArmGeometry): number {
  return geometry.sourceToDetectorMm / geometry.sourceToIsocentreMm;
}

/** Isocentre to detector surface, mm (SID − SOD). */
export function isocentreToDetectorMm(geometry: CArmGeometry): number {
  return geometry.sourceToDetectorMm - geometry.sourceToIsocentreMm;
}
