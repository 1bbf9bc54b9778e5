/**
 * The odds of a thrombectomy pass: how likely a stent-retriever or aspiration pass is to capture
 * the clot and to shed a fragment, from the technique, the device and the clot. Pure functions.
 *
 * Calibration (DOMAIN.md, Thrombectomy):
 * - Stent retriever, reference = balloon guide flow arrest + aspiration + the whole clot inside
 *   the stent + ≥ 4 min embedding + a 'mixed' clot: first-pass capture 52.7% (PMC6779151, BGC +
 *   stent retriever; PMC6616992 found 56.1% for BGC + distal aspiration + stent retriever).
 *   Without flow arrest × 0.562 (one-pass rate 35.8% vs 63.7% without / with a balloon guide,
 *   Velasco, Radiology 2016); without aspiration a further × 0.913, so that the conventional
 *   technique (guide catheter, no aspiration) lands on 28.8% / 56.1% of the reference
 *   (PMC6616992).
 * - Embedding (est.: 3–5 min is the usual wait): factor 0.2 + 0.8·(1 − (1 − min(1, t/240 s))²),
 *   0.2 with none, 0.55 at 1 min, 0.8 at 2 min, 0.95 at 3 min, 1 from 4 min.
 * - Coverage: factor = the fraction of the clot's length inside the stent (est.).
 * - Firmness (est.; fibrin-rich clots slip from retrievers and resist suction, red-cell-rich ones
 *   are aspirated whole): retriever soft 1.1 / mixed 1 / firm 0.7; aspiration 1.15 / 1 / 0.55.
 * - Aspiration, reference = flow arrest + an adequate catheter + ≥ 90 s of suction + 'mixed':
 *   56.1%, × 0.513 without flow arrest (28.8 / 56.1, PMC6616992; that study used a stent
 *   retriever with distal aspiration, the closest figure DOMAIN.md has for aspiration).
 *   Catheter: adequate inner diameter 1.0 mm for an MCA-sized vessel (≤ 3.3 mm), 1.6 mm for an
 *   ICA-sized one (≥ 3.6 mm), linear between, in proportion below 2.4 mm (Nikoubashman, AJNR
 *   2017; the band edges from M1 3.1 ± 0.4 mm and ICA terminus 3.6 ± 0.4 mm are est.). The factor
 *   rises smoothly from 0 at 80% of the adequate diameter to 1 at 105% (est.). Suction time
 *   (est.: ADAPT waits 60–120 s): 0.4 + 0.6·(1 − (1 − min(1, t/90 s))²).
 * - Fragments per pass (captured or not; a failed pull shears clot too): 40.7% with a guide
 *   catheter and no aspiration, 15.8% with balloon guide + aspiration (PMC6616992, distal
 *   migration); the 0.388 ratio is split evenly (est.): × 0.623 for flow arrest, × 0.623 for
 *   aspiration (direct aspiration counts as aspiration). Firmness: soft × 1.3, firm × 0.7 (est.).
 *   Of the fragments, 30% reach a new territory without aspiration (est.), the odds × 0.49 with
 *   aspiration (PMC6203566) = 17%; the rest go on in the clot's own territory.
 * - Probabilities are capped at 0.95: no technique is certain.
 */
export const STENT_RETRIEVER_REFERENCE_CAPTURE = 0.527;
export const STENT_NO_FLOW_ARREST_FACTOR = 0.562;
export const STENT_NO_ASPIRATION_FACTOR = 0.913;
export const FULL_EMBED_S = 240;
export const ASPIRATION_REFERENCE_CAPTURE = 0.561;
export const ASPIRATION_NO_FLOW_ARREST_FACTOR = 0.513;
export const FULL_SUCTION_S = 90;
export const FRAGMENT_CONVENTIONAL = 0.407;
export const FRAGMENT_FLOW_ARREST_FACTOR = 0.623;
export const FRAGMENT_ASPIRATION_FACTOR = 0.623;
export const NEW_TERRITORY_SHARE_WITHOUT_ASPIRATION = 0.3;
export const NEW_TERRITORY_ODDS_RATIO_ASPIRATION = 0.49;
export const MAX_PASS_PROBABILITY = 0.95;
/** Vessel diameter / stent diameter the retriever is made for (est.; IFUs give about 0.5–1). */
export const STENT_VESSEL_RATIO_MIN = 0.5;
export const STENT_VESSEL_RATIO_MAX = 1.5;
/** The aspiration tip counts as at the clot face from 2 mm proximal to 1 mm into the clot (est.). */
export const ASPIRATION_REACH_PROXIMAL_MM = 2;
export const ASPIRATION_REACH_INTO_CLOT_MM = 1;
/** Fragment diameter as a fraction of the lumen at the clot: uniform 0.35–0.8 (est.). */
export const FRAGMENT_DIAMETER_FRACTION_MIN = 0.35;
export const FRAGMENT_DIAMETER_FRACTION_MAX = 0.8;

export const clotFirmnesses = ['soft', 'mixed', 'firm'] as const;
export type ClotFirmness = (typeof clotFirmnesses)[number];
export type MticiGrade = '0' | '1' | '2a' | '2b' | '2c' | '3';

const retrieverFirmness: Record<ClotFirmness, number> = { soft: 1.1, mixed: 1, firm: 0.7 };
const aspirationFirmness: Record<ClotFirmness, number> = { soft: 1.15, mixed: 1, firm: 0.55 };
const fragmentFirmness: Record<ClotFirmness, number> = { soft: 1.3, mixed: 1, firm: 0.7 };

/** Capture probability of a stent-retriever pass (see the calibration at the top). */
export function stentRetrieverCaptureProbability(
  coverage: number,
  embedS: number,
  firmness: ClotFirmness,
  technique: { aspiration: boolean; flowArrest: boolean },
): number {
  const embed = 0.2 + 0.8 * easeOut(embedS / FULL_EMBED_S);
  const p =
    STENT_RETRIEVER_REFERENCE_CAPTURE *
    Math.min(1, Math.max(0, coverage)) *
    embed *
    retrieverFirmness[firmness] *
    (technique.flowArrest ? 1 : STENT_NO_FLOW_ARREST_FACTOR) *
    (technique.aspiration ? 1 : STENT_NO_ASPIRATION_FACTOR);
  return Math.min(MAX_PASS_PROBABILITY, p);
}

/** Capture probability of a direct-aspiration pass (see the calibration at the top). */
export function aspirationCaptureProbability(
  catheterInnerDiameterMm: number,
  vesselDiameterMm: number,
  firmness: ClotFirmness,
  flowArrest: boolean,
  durationS: number,
): number {
  const adequacy = catheterInnerDiameterMm / adequateAspirationDiameterMm(vesselDiameterMm);
  const size = smoothstep((adequacy - 0.8) / 0.25);
  const suction = 0.4 + 0.6 * easeOut(durationS / FULL_SUCTION_S);
  const p =
    ASPIRATION_REFERENCE_CAPTURE *
    size *
    suction *
    aspirationFirmness[firmness] *
    (flowArrest ? 1 : ASPIRATION_NO_FLOW_ARREST_FACTOR);
  return Math.min(MAX_PASS_PROBABILITY, p);
}

/** Inner diameter (mm) an aspiration catheter needs for a vessel of `vesselDiameterMm` (Nikoubashman 2017; band est.). */
export function adequateAspirationDiameterMm(vesselDiameterMm: number): number {
  if (vesselDiameterMm <= 2.4) return vesselDiameterMm / 2.4;
  if (vesselDiameterMm <= 3.3) return 1;
  if (vesselDiameterMm >= 3.6) return 1.6;
  return 1 + ((vesselDiameterMm - 3.3) / 0.3) * 0.6;
}

/** Chance that a pass sheds a fragment (see the calibration at the top). */
export function fragmentProbability(
  firmness: ClotFirmness,
  technique: { aspiration: boolean; flowArrest: boolean },
): number {
  return Math.min(
    MAX_PASS_PROBABILITY,
    FRAGMENT_CONVENTIONAL *
      (technique.flowArrest ? FRAGMENT_FLOW_ARREST_FACTOR : 1) *
      (technique.aspiration ? FRAGMENT_ASPIRATION_FACTOR : 1) *
      fragmentFirmness[firmness],
  );
}

/** Of the fragments, the share that reaches a new territory (see the calibration at the top). */
export function newTerritoryShare(aspiration: boolean): number {
  if (!aspiration) return NEW_TERRITORY_SHARE_WITHOUT_ASPIRATION;
  const odds =
    (NEW_TERRITORY_SHARE_WITHOUT_ASPIRATION / (1 - NEW_TERRITORY_SHARE_WITHOUT_ASPIRATION)) *
    NEW_TERRITORY_ODDS_RATIO_ASPIRATION;
  return odds / (1 + odds);
}

/** 1 − (1 − x)², x clamped to [0, 1]: quick early rise, flat at 1. */
function easeOut(x: number): number {
  const t = Math.min(1, Math.max(0, x));
  return 1 - (1 - t) * (1 - t);
}

function smoothstep(x: number): number {
  const t = Math.min(1, Math.max(0, x));
  return t * t * (3 - 2 * t);
}
