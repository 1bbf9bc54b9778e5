import type { DeviceKind } from '../devices/catalogue.ts';
import type { BoneDensity } from '../anatomy/bone-primitives.ts';
import type { TerritoryKind } from '../anatomy/model.ts';

/**
 * Linear attenuation coefficients (per mm) of what the beam crosses, for Beer–Lambert:
 * I = I0·exp(−Σ μi·xi). One effective energy, 80 keV, as DOMAIN.md gives its mass attenuation
 * coefficients there (PMC3569739): soft tissue 0.18 cm²/g, cortical bone 0.22 cm²/g, iohexol
 * 1.09 cm²/g. μ = (μ/ρ)·ρ, and /10 from per-cm to per-mm.
 *
 * Everything inside the skin is soft tissue first; bone, contrast and devices are added as the
 * *excess* over the soft tissue (or blood, which attenuates like it) they displace, so blood
 * without contrast adds nothing: a vessel is invisible until contrast fills it.
 */

/** Soft tissue and blood: 0.18 cm²/g × 1.0–1.06 g/cm³. */
export const softTissueMuPerMm = (0.18 * 1.03) / 10;

/** Bone in excess of the soft tissue it replaces. Cortical 1.92 g/cm³; cancellous ~1.18 g/cm³ (est.). */
export const boneExcessMuPerMm: Record<BoneDensity, number> = {
  cortical: (0.22 * 1.92) / 10 - softTissueMuPerMm,
  cancellous: (0.22 * 1.18) / 10 - softTissueMuPerMm,
};

/**
 * Undiluted iodinated contrast (iohexol 300: 0.647 g iohexol and ~0.70 g water per mL, density
 * 1.349 g/mL, manufacturer's label) in excess of the blood it replaces:
 * 0.647·1.09 + 0.70·0.18 − 0.19 ≈ 0.64 per cm. Concentration c (fraction of undiluted) scales it.
 */
export const contrastExcessMuPerMm = (0.647 * 1.09 + 0.7 * 0.18 - 0.18 * 1.06) / 10;

/**
 * Devices as solid rods of their outer diameter with an effective μ (est., from NIST XCOM mass
 * attenuation at 80 keV: iron 0.60 cm²/g × 7.9 g/cm³ ≈ 0.47 per mm; nitinol ≈ 0.35 per mm;
 * platinum ≈ 15 per mm). A wire is a metal core under a radiopaque jacket; a catheter is a
 * polymer tube with a steel braid and barium filler, mostly lumen, so it shows faintly;
 * a microcatheter fainter still. Tip marker bands are platinum–iridium.
 */
export const deviceMuPerMm: Record<DeviceKind, number> = {
  sheath: 0.02,
  guidewire: 0.3,
  microwire: 0.35,
  'diagnostic-catheter': 0.045,
  'guide-catheter': 0.04,
  'balloon-guide-catheter': 0.04,
  'aspiration-catheter': 0.04,
  microcatheter: 0.03,
};

/** Platinum (coils are platinum wire): ≈ 15 per mm at 80 keV (est., as above). */
export const platinumMuPerMm = 15;

/** A catheter's tip marker band: platinum–iridium ring, as a solid-equivalent rod (est.). */
export const tipMarkerMuPerMm = 2.5;
export const tipMarkerLengthMm = 1.2;

/** Whether a device kind carries a radiopaque tip marker (catheters do; wires are opaque throughout). */
export function hasTipMarker(kind: DeviceKind): boolean {
  return kind !== 'guidewire' && kind !== 'microwire' && kind !== 'sheath';
}

/**
 * Parenchymal blush: a territory's capillary bed holds a small fraction of its volume as blood
 * (cerebral blood volume ~4 mL/100 g; liver and tumours more; est.), so the tissue compartment's
 * concentration shows at that fraction over the region's thickness.
 */
export const tissueBloodFraction = 0.06;

/** Radius (mm) of the blush a territory shows: the size of the region a terminal branch feeds (est.). */
export const territoryBlushRadiusMm: Record<TerritoryKind, number> = {
  brain: 28,
  'head-neck': 18,
  'liver-segment': 30,
  tumour: 18,
  gallbladder: 15,
  stomach: 30,
  spleen: 45,
  'pancreas-duodenum': 25,
  bowel: 35,
  kidney: 40,
  uterus: 35,
  fibroid: 25,
  ovary: 12,
  'cervix-vagina': 15,
  pelvis: 30,
  limb: 30,
};
