import { z } from 'zod';
import { frenchToMm, inchesToMm, rodBendingStiffness, torsionFromBending, tubeBendingStiffness } from './units.ts';

/**
 * The device catalogue: every wire, catheter and sheath a case can put on the table, with the
 * mechanical profile the rod solver needs. Lengths and diameters in mm, bending and torsional
 * stiffness (EI, GJ) in N·mm², friction coefficients dimensionless.
 *
 * Sources (DOMAIN.md): 0.035" = 0.889 mm, 0.018", 0.014" micro; wire flexural moduli Amplatz
 * 9.5 GPa, Amplatz Super Stiff 60.3, Lunderquist 158.4 (Harrison 2011); nitinol core 48 GPa
 * (ASM 2019); Bentson floppy 15 cm, tapers over the last 1–40 cm (learnir); J tip radius 12 mm,
 * arc 72°, tip OD 0.7 mm (stEVE); friction μ 0.1 wall (SOFA), 0.04 wire in catheter
 * (OpenEndovascularTrainer), hydrophilic ~1/6 of bare (Schröder 1993); diagnostic catheters
 * 4–5F, 65 or 100 cm; microcatheters 2.3–3.8F, 120–150 cm. Everything else is a typical
 * catalogue value, marked est.
 */

export const deviceKinds = [
  'sheath',
  'guidewire',
  'microwire',
  'diagnostic-catheter',
  'guide-catheter',
  'balloon-guide-catheter',
  'aspiration-catheter',
  'microcatheter',
] as const;
export type DeviceKind = (typeof deviceKinds)[number];

/** A planar bend of the tip's rest shape: where it sits (centre, from the tip), how long, how far it turns. */
const BendSchema = z.object({
  centreFromTipMm: z.number().nonnegative(),
  lengthMm: z.number().positive(),
  /** Positive turns one way, negative the other, in the device's own bending plane. */
  angleDeg: z.number().min(-360).max(360),
});

/** Stiffness at a distance from the tip; linear in between, constant beyond the last point. */
const StiffnessPointSchema = z.object({
  fromTipMm: z.number().nonnegative(),
  bendingNmm2: z.number().positive(),
  torsionNmm2: z.number().positive(),
});

export const DeviceSpecSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9.]+)*$/),
    name: z.string().min(1),
    kind: z.enum(deviceKinds),
    lengthMm: z.number().positive(),
    outerDiameterMm: z.number().positive(),
    /** Lumen diameter; 0 for wires. */
    innerDiameterMm: z.number().nonnegative(),
    stiffness: z.array(StiffnessPointSchema).min(1),
    tipShape: z.object({ name: z.string(), bends: z.array(BendSchema) }),
    /** Sliding friction against the vessel wall. */
    wallFriction: z.number().min(0).max(1),
    /** Has an occlusion balloon near the tip (balloon guide catheters). */
    balloon: z.boolean().default(false),
    /** Radiopaque length at the tip, mm (a marker or the whole tip); fluoroscopy uses it. */
    radiopaqueTipMm: z.number().nonnegative(),
  })
  .refine((spec) => spec.innerDiameterMm < spec.outerDiameterMm, { message: 'inner diameter must be below outer' });
export type DeviceSpec = z.output<typeof DeviceSpecSchema>;

const nitinolGpa = 48;
const steelGpa = 200;
/** Braided polymer catheter shafts, effective modulus (est.). */
const braidedShaftGpa = 1.5;
const softTipGpa = 0.15;

const hydrophilicFriction = 0.1 / 6;
const ptfeFriction = 0.05;
const polymerFriction = 0.1;

/** A wire: core of `coreMm` in the shaft tapering over `taperMm` to `tipCoreMm`. */
function wireStiffness(modulusGpa: number, coreMm: number, tipCoreMm: number, floppyMm: number, taperMm: number) {
  const shaft = rodBendingStiffness(modulusGpa, coreMm);
  const tip = rodBendingStiffness(modulusGpa, tipCoreMm);
  return [
    { fromTipMm: 0, bendingNmm2: tip, torsionNmm2: torsionFromBending(tip) },
    { fromTipMm: floppyMm, bendingNmm2: tip * 2, torsionNmm2: torsionFromBending(tip * 2) },
    { fromTipMm: floppyMm + taperMm, bendingNmm2: shaft, torsionNmm2: torsionFromBending(shaft) },
  ];
}

/** A catheter: braided shaft, a soft distal tip of `softTipMm`, a transition over `transitionMm`. */
function catheterStiffness(
  outerMm: number,
  innerMm: number,
  softTipMm: number,
  transitionMm: number,
  shaftGpa = braidedShaftGpa,
) {
  const shaft = tubeBendingStiffness(shaftGpa, outerMm, innerMm);
  const tip = tubeBendingStiffness(softTipGpa, outerMm, innerMm);
  // Braiding makes shafts torque well: GJ ≈ EI for braided tubes (est.).
  return [
    { fromTipMm: 0, bendingNmm2: tip, torsionNmm2: tip },
    { fromTipMm: softTipMm, bendingNmm2: tip, torsionNmm2: tip },
    { fromTipMm: softTipMm + transitionMm, bendingNmm2: shaft, torsionNmm2: shaft },
  ];
}

const catalogueEntries: z.input<typeof DeviceSpecSchema>[] = [
  // Access sheaths: a sheath's French size is its inner diameter.
  ...[5, 6, 8].map((french) => ({
    id: `sheath-${french}f`,
    name: `${french}F introducer sheath, 11 cm`,
    kind: 'sheath' as const,
    lengthMm: 110,
    outerDiameterMm: frenchToMm(french) + 0.6,
    innerDiameterMm: frenchToMm(french),
    stiffness: catheterStiffness(frenchToMm(french) + 0.6, frenchToMm(french), 5, 5, 2),
    tipShape: { name: 'straight', bends: [] },
    wallFriction: polymerFriction,
    radiopaqueTipMm: 2,
  })),
  {
    id: 'wire-035-angled-hydrophilic',
    name: '0.035" angled hydrophilic guidewire, 150 cm',
    kind: 'guidewire',
    lengthMm: 1500,
    outerDiameterMm: inchesToMm(0.035),
    innerDiameterMm: 0,
    stiffness: wireStiffness(nitinolGpa, 0.5, 0.15, 30, 50),
    tipShape: { name: 'angled 45°', bends: [{ centreFromTipMm: 8, lengthMm: 4, angleDeg: 45 }] },
    wallFriction: hydrophilicFriction,
    radiopaqueTipMm: 30,
  },
  {
    id: 'wire-035-j',
    name: '0.035" J-tip PTFE guidewire, 150 cm',
    kind: 'guidewire',
    lengthMm: 1500,
    outerDiameterMm: inchesToMm(0.035),
    innerDiameterMm: 0,
    stiffness: wireStiffness(steelGpa, 0.36, 0.12, 60, 40),
    // J radius 12 mm over a 72° arc: arc length = r·θ = 12 · 1.257 = 15.1 mm (stEVE).
    tipShape: { name: 'J (12 mm radius, 72°)', bends: [{ centreFromTipMm: 7.5, lengthMm: 15.1, angleDeg: 72 }] },
    wallFriction: ptfeFriction,
    radiopaqueTipMm: 30,
  },
  {
    id: 'wire-035-stiff',
    name: '0.035" Amplatz Super Stiff guidewire, 180 cm',
    kind: 'guidewire',
    lengthMm: 1800,
    outerDiameterMm: inchesToMm(0.035),
    innerDiameterMm: 0,
    // Harrison 2011: flexural modulus 60.3 GPa over the wire's full 0.889 mm section.
    stiffness: [
      { fromTipMm: 0, bendingNmm2: 2, torsionNmm2: torsionFromBending(2) },
      { fromTipMm: 60, bendingNmm2: 20, torsionNmm2: torsionFromBending(20) },
      {
        fromTipMm: 120,
        bendingNmm2: rodBendingStiffness(60.3, inchesToMm(0.035)),
        torsionNmm2: torsionFromBending(rodBendingStiffness(60.3, inchesToMm(0.035))),
      },
    ],
    tipShape: { name: 'straight floppy', bends: [] },
    wallFriction: ptfeFriction,
    radiopaqueTipMm: 30,
  },
  {
    id: 'microwire-018',
    name: '0.018" microwire, angled, 180 cm',
    kind: 'microwire',
    lengthMm: 1800,
    outerDiameterMm: inchesToMm(0.018),
    innerDiameterMm: 0,
    stiffness: wireStiffness(steelGpa, 0.22, 0.06, 30, 70),
    tipShape: { name: 'angled 45°', bends: [{ centreFromTipMm: 3, lengthMm: 2, angleDeg: 45 }] },
    wallFriction: hydrophilicFriction,
    radiopaqueTipMm: 30,
  },
  {
    id: 'microwire-014',
    name: '0.014" microwire, angled, 200 cm',
    kind: 'microwire',
    lengthMm: 2000,
    outerDiameterMm: inchesToMm(0.014),
    innerDiameterMm: 0,
    stiffness: wireStiffness(steelGpa, 0.18, 0.05, 35, 80),
    tipShape: { name: 'angled 45°', bends: [{ centreFromTipMm: 2.5, lengthMm: 1.5, angleDeg: 45 }] },
    wallFriction: hydrophilicFriction,
    radiopaqueTipMm: 30,
  },
  ...diagnosticCatheters(),
  {
    id: 'guide-6f',
    name: '6F guide catheter, multipurpose, 90 cm',
    kind: 'guide-catheter',
    lengthMm: 900,
    outerDiameterMm: frenchToMm(6),
    innerDiameterMm: inchesToMm(0.07),
    stiffness: catheterStiffness(frenchToMm(6), inchesToMm(0.07), 20, 80),
    tipShape: { name: 'multipurpose 30°', bends: [{ centreFromTipMm: 15, lengthMm: 10, angleDeg: 30 }] },
    wallFriction: polymerFriction,
    radiopaqueTipMm: 2,
  },
  {
    id: 'balloon-guide-8f',
    name: '8F balloon guide catheter, 95 cm',
    kind: 'balloon-guide-catheter',
    lengthMm: 950,
    outerDiameterMm: frenchToMm(8),
    innerDiameterMm: inchesToMm(0.084),
    stiffness: catheterStiffness(frenchToMm(8), inchesToMm(0.084), 20, 80),
    tipShape: { name: 'straight', bends: [] },
    wallFriction: polymerFriction,
    balloon: true,
    radiopaqueTipMm: 2,
  },
  {
    // Large bore for ICA work: inner diameter above 0.064" (Nikoubashman, AJNR 2017).
    id: 'aspiration-6f',
    name: '6F large-bore aspiration catheter (0.068" lumen), 132 cm',
    kind: 'aspiration-catheter',
    lengthMm: 1320,
    outerDiameterMm: inchesToMm(0.08),
    innerDiameterMm: inchesToMm(0.068),
    stiffness: catheterStiffness(inchesToMm(0.08), inchesToMm(0.068), 60, 200),
    tipShape: { name: 'straight', bends: [] },
    wallFriction: hydrophilicFriction * 2,
    radiopaqueTipMm: 1,
  },
  {
    // For M1/M2 work: inner diameter above 0.040" (Nikoubashman, AJNR 2017).
    id: 'aspiration-5f',
    name: '5F aspiration catheter (0.058" lumen), 132 cm',
    kind: 'aspiration-catheter',
    lengthMm: 1320,
    outerDiameterMm: inchesToMm(0.068),
    innerDiameterMm: inchesToMm(0.058),
    stiffness: catheterStiffness(inchesToMm(0.068), inchesToMm(0.058), 60, 200),
    tipShape: { name: 'straight', bends: [] },
    wallFriction: hydrophilicFriction * 2,
    radiopaqueTipMm: 1,
  },
  ...[
    { french: 2.4, lumenInches: 0.021 },
    { french: 2.8, lumenInches: 0.027 },
  ].map(({ french, lumenInches }) => ({
    id: `microcatheter-${french}f`,
    name: `${french}F microcatheter (${lumenInches}" lumen), 150 cm`,
    kind: 'microcatheter' as const,
    lengthMm: 1500,
    outerDiameterMm: frenchToMm(french),
    innerDiameterMm: inchesToMm(lumenInches),
    stiffness: catheterStiffness(frenchToMm(french), inchesToMm(lumenInches), 30, 150),
    tipShape: { name: 'straight (steam-shapeable)', bends: [] },
    wallFriction: hydrophilicFriction * 2,
    radiopaqueTipMm: 1,
  })),
];

function diagnosticCatheters(): z.input<typeof DeviceSpecSchema>[] {
  // Tip shapes (est., from catalogue drawings): bends listed from the tip back.
  const shapes = [
    {
      id: 'cobra',
      name: 'Cobra (C2)',
      bends: [
        { centreFromTipMm: 10, lengthMm: 8, angleDeg: 40 },
        { centreFromTipMm: 45, lengthMm: 25, angleDeg: 70 },
      ],
    },
    { id: 'vertebral', name: 'vertebral (Berenstein)', bends: [{ centreFromTipMm: 18, lengthMm: 12, angleDeg: 35 }] },
    {
      id: 'simmons',
      name: 'Simmons 2 (sidewinder)',
      bends: [
        { centreFromTipMm: 15, lengthMm: 10, angleDeg: 40 },
        { centreFromTipMm: 75, lengthMm: 60, angleDeg: 170 },
      ],
    },
    {
      id: 'headhunter',
      name: 'headhunter (H1)',
      bends: [
        { centreFromTipMm: 22, lengthMm: 14, angleDeg: 70 },
        { centreFromTipMm: 70, lengthMm: 20, angleDeg: -30 },
      ],
    },
  ];
  const entries: z.input<typeof DeviceSpecSchema>[] = [];
  for (const french of [4, 5]) {
    const outer = frenchToMm(french);
    const inner = inchesToMm(0.038);
    for (const shape of shapes) {
      entries.push({
        id: `catheter-${french}f-${shape.id}`,
        name: `${french}F ${shape.name} diagnostic catheter, 100 cm`,
        kind: 'diagnostic-catheter',
        lengthMm: 1000,
        outerDiameterMm: outer,
        innerDiameterMm: inner,
        stiffness: catheterStiffness(outer, inner, 15, 60),
        tipShape: { name: shape.name, bends: shape.bends },
        wallFriction: polymerFriction,
        radiopaqueTipMm: 3,
      });
    }
  }
  return entries;
}

export const deviceCatalogue: readonly DeviceSpec[] = catalogueEntries.map((entry) => DeviceSpecSchema.parse(entry));

export function findDevice(id: string): DeviceSpec {
  const device = deviceCatalogue.find((candidate) => candidate.id === id);
  if (!device)
    throw new Error(`no device "${id}" in the catalogue; it has ${deviceCatalogue.map((d) => d.id).join(', ')}`);
  return device;
}

/** Bending and torsional stiffness at `fromTipMm` along the device (linear between catalogue points). */
export function stiffnessAt(device: DeviceSpec, fromTipMm: number): { bendingNmm2: number; torsionNmm2: number } {
  const points = device.stiffness;
  if (fromTipMm <= points[0]!.fromTipMm) return points[0]!;
  for (let i = 1; i < points.length; i++) {
    const next = points[i]!;
    if (fromTipMm <= next.fromTipMm) {
      const previous = points[i - 1]!;
      const t = (fromTipMm - previous.fromTipMm) / (next.fromTipMm - previous.fromTipMm);
      return {
        bendingNmm2: previous.bendingNmm2 + t * (next.bendingNmm2 - previous.bendingNmm2),
        torsionNmm2: previous.torsionNmm2 + t * (next.torsionNmm2 - previous.torsionNmm2),
      };
    }
  }
  return points[points.length - 1]!;
}

/**
 * Diametral clearance a device needs to slide inside another catheter (mm, est.). A sheath's
 * French size is its inner diameter and a catheter's its outer, so a 6F catheter passes a 6F
 * sheath with none.
 */
const catheterClearanceMm = 0.02;
const roundingMm = 1e-9;

/**
 * Whether `inner` can be loaded through `outer` (a wire in a catheter, a catheter in a sheath or a
 * guide). Returns null when it fits, else the reason, for the screen and the CLI to show.
 */
export function loadingProblem(inner: DeviceSpec, outer: DeviceSpec): string | null {
  if (outer.innerDiameterMm === 0) return `${outer.name} is a wire: nothing passes through it.`;
  if (inner.kind === 'sheath') return 'A sheath goes in the access vessel, not through another device.';
  const clearance = outer.kind === 'sheath' ? 0 : catheterClearanceMm;
  if (inner.outerDiameterMm + clearance > outer.innerDiameterMm + roundingMm) {
    return (
      `${inner.name} (outer diameter ${inner.outerDiameterMm.toFixed(2)} mm) does not fit through ` +
      `${outer.name} (lumen ${outer.innerDiameterMm.toFixed(2)} mm).`
    );
  }
  if (outer.kind !== 'sheath' && inner.lengthMm <= outer.lengthMm) {
    return `${inner.name} (${inner.lengthMm / 10} cm) is too short to come out of ${outer.name} (${outer.lengthMm / 10} cm).`;
  }
  return null;
}
