/** Conversions for device sizes as the catalogues state them. */

/** One French is 1/3 mm of diameter: catheter OD (mm) = Fr / 3 (DOMAIN.md). */
export function frenchToMm(french: number): number {
  return french / 3;
}

export function inchesToMm(inches: number): number {
  return inches * 25.4;
}

/**
 * Bending stiffness EI of a solid round rod, N·mm²: E · π d⁴ / 64, with E in GPa (= 1000 N/mm²)
 * and d in mm. Tubes: `tubeBendingStiffness`.
 */
export function rodBendingStiffness(modulusGpa: number, diameterMm: number): number {
  return (modulusGpa * 1000 * Math.PI * diameterMm ** 4) / 64;
}

/** EI of a tube, N·mm²: E · π (D⁴ − d⁴) / 64. */
export function tubeBendingStiffness(modulusGpa: number, outerMm: number, innerMm: number): number {
  return (modulusGpa * 1000 * Math.PI * (outerMm ** 4 - innerMm ** 4)) / 64;
}

/**
 * Torsional stiffness GJ from EI for an isotropic round section: GJ = EI / (1 + ν), since
 * G = E / (2(1 + ν)) and J = 2I. ν = 0.33 for metals (est.); braided polymer shafts are stiffer
 * in torsion than this rule gives and set their own.
 */
export function torsionFromBending(bendingStiffness: number, poissonRatio = 0.33): number {
  return bendingStiffness / (1 + poissonRatio);
}
