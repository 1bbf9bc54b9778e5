/**
 * The atlas patient's body frame: where the skeleton and organs sit, so that the vessel atlas,
 * the skeleton (which fluoroscopy shows) and the body outline agree.
 *
 * Coordinates are patient LPS in millimetres (+x patient left, +y posterior, +z superior) with
 * the origin at the aortic root (the aortic valve), x = 0 on the midline. Levels are for an
 * adult of about 175 cm, placed from standard anatomy (est.): the aortic root lies at about the
 * T6–T7 level; the arch's top about 2 cm below the sternal notch; celiac trunk at T12–L1;
 * renal arteries at L1–L2; aortic bifurcation at L4; femoral heads about 12 cm below it. The
 * neck is placed so that the arch-to-skull-base path lengths of DOMAIN.md (R 22.2 cm, L 20.8 cm,
 * cervical ICA 8.4–8.6 cm, tortuosity 1.1–1.3) fit: skull base about 19 cm above the arch.
 * Nothing is computed from these except placement; tests allow wide bands.
 */
export const bodyFrame = {
  vertexZMm: 400,
  /** Foramen magnum / skull base: where the ICA enters the skull. */
  skullBaseZMm: 250,
  /** Circle of Willis level (ICA terminus, M1). */
  circleOfWillisZMm: 290,
  c1ZMm: 235,
  c7ZMm: 130,
  sternalNotchZMm: 80,
  archApexZMm: 55,
  t12ZMm: -175,
  celiacZMm: -180,
  renalZMm: -220,
  l5ZMm: -345,
  aorticBifurcationZMm: -310,
  femoralHeadZMm: -430,
  pubicSymphysisZMm: -465,
  /** Half the distance between the femoral heads (x). */
  femoralHeadHalfSpacingMm: 90,
  /** Skin surface: anterior (−y) and posterior (+y) at the abdomen, and half the width (x). */
  abdomenAnteriorYMm: -110,
  abdomenPosteriorYMm: 120,
  abdomenHalfWidthMm: 165,
} as const;
