import { particleSizeClassesUm } from '../flow/embolics.ts';

/**
 * What goes through the catheters to treat: stent retrievers, detachable coils and embolic
 * particles. Sizes follow what is sold (stent retrievers 3–6 mm × 20–40 mm; 0.018" coils of 2–20 mm
 * loops and 2–40 cm; calibrated microspheres in size classes); which fits is checked against the
 * catheter it goes through.
 */

export interface StentRetrieverSpec {
  id: string;
  name: string;
  diameterMm: number;
  lengthMm: number;
  /** Smallest microcatheter lumen it is delivered through (mm). */
  minimumLumenMm: number;
}

const inch = 25.4;

export const stentRetrievers: readonly StentRetrieverSpec[] = [
  {
    id: 'stent-retriever-3x20',
    name: '3 × 20 mm stent retriever',
    diameterMm: 3,
    lengthMm: 20,
    minimumLumenMm: 0.017 * inch,
  },
  {
    id: 'stent-retriever-4x20',
    name: '4 × 20 mm stent retriever',
    diameterMm: 4,
    lengthMm: 20,
    minimumLumenMm: 0.021 * inch,
  },
  {
    id: 'stent-retriever-4x40',
    name: '4 × 40 mm stent retriever',
    diameterMm: 4,
    lengthMm: 40,
    minimumLumenMm: 0.021 * inch,
  },
  {
    id: 'stent-retriever-6x30',
    name: '6 × 30 mm stent retriever',
    diameterMm: 6,
    lengthMm: 30,
    minimumLumenMm: 0.027 * inch,
  },
];

export function findStentRetriever(id: string): StentRetrieverSpec {
  const spec = stentRetrievers.find((candidate) => candidate.id === id);
  if (!spec) {
    throw new Error(`no stent retriever "${id}"; the catalogue has ${stentRetrievers.map((s) => s.id).join(', ')}`);
  }
  return spec;
}

/** 0.018" detachable coils: loop diameters (mm) and lengths (cm) on the shelf. */
export const coilDiametersMm = [2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 18, 20] as const;
export const coilLengthsCm = [2, 4, 6, 8, 10, 15, 20, 30, 40] as const;
/** A 0.018" coil needs a microcatheter lumen of at least 0.021" (or any diagnostic catheter). */
export const coilMinimumLumenMm = 0.021 * inch;

/** Particle size classes (µm) and the diameter the flow model gives each (the class's middle, mm). */
export const particleClasses = particleSizeClassesUm.map(([low, high]) => ({
  id: `particles-${low}-${high}`,
  name: `${low}–${high} µm microspheres`,
  diameterMm: (low + high) / 2000,
}));
