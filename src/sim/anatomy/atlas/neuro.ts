import type { Vec3, VesselSpec } from './builder.ts';
import { sided, sideName, sideTitle } from './trunk.ts';

/**
 * Head and neck vessels of the neuro atlas, for each side: vertebral artery (V1–V3, then V4),
 * external and internal carotid (cervical, petrous, cavernous, supraclinoid segments), the ICA
 * terminus, MCA M1 with superior and inferior M2 divisions and four M3 branches, ACA A1/A2; the
 * left vertebral continues as the basilar artery, which ends in both PCAs.
 *
 * Diameters (DOMAIN.md): ICA bulb 7.6, cervical 4.7, cavernous 5.0, terminus 3.6 (PMC8398484);
 * M1 3.1, M2 2.4 (Rai JNIS); vertebral intracranial 3.9 → 2.8 over 40 mm, basilar 3.6 → 3.1 over
 * 27 mm (JNIS 5:597). ECA 4.5, A1 2.2, PCA 2.1, M3 1.6 are textbook estimates (est.). Angles
 * at the M1 bifurcation: M1 → superior (frontal) M2 ~116°, → inferior M2 ~147° (Rai JNIS),
 * i.e. the M2s turn 64° and 33° away from the M1's direction.
 *
 * The circle of Willis and the vertebrobasilar junction are loops; a tree cannot hold a loop, so
 * the communicating arteries are left out and the right V4 ends at the junction.
 */

export interface NeuroOptions {
  /** 0 nearly straight … 1 strongly tortuous cervical ICA (tortuosity index ~1.05 … ~1.5). */
  icaTortuosity: number;
}

export function neuroSpecs(options: NeuroOptions): VesselSpec[] {
  const specs: VesselSpec[] = [];
  for (const side of [-1, 1] as const) specs.push(...carotidTerritory(side, options));
  for (const side of [-1, 1] as const) specs.push(...vertebral(side));
  specs.push(
    {
      key: 'basilar',
      name: 'Basilar artery',
      parent: 'left-vertebral-v4',
      origin: 'end',
      continuation: true,
      path: [
        [0.5, 18, 284],
        [0, 14, 296],
      ],
      radiiMm: [3.6 / 2, 3.4 / 2, 3.1 / 2],
    },
    ...([-1, 1] as const).map((side): VesselSpec => ({
      key: `${sideName(side)}-pca`,
      name: `${sideTitle(side)} posterior cerebral artery`,
      parent: 'basilar',
      origin: 'end',
      path: [sided(side, [12, 18, 300]), sided(side, [25, 30, 302]), sided(side, [35, 50, 300])],
      radiiMm: [2.2 / 2, 2.1 / 2, 2.0 / 2, 1.8 / 2],
      territory: { kind: 'brain', name: `${sideName(side)} PCA territory (occipital lobe)` },
    })),
  );
  return specs;
}

function carotidTerritory(side: 1 | -1, options: NeuroOptions): VesselSpec[] {
  const s = sideName(side);
  const S = sideTitle(side);
  const t = options.icaTortuosity;
  // The cervical ICA's course: up, back and in from the bulb to the skull base; tortuosity bends
  // its middle out laterally and forwards (a C or S loop).
  const cervical: Vec3[] = [
    [36, 3, 188],
    [34 + 22 * t, 8 - 18 * t, 205],
    [31 - 18 * t, 13 + 12 * t, 225],
    [29, 14, 245],
    [28, 12, 252],
  ];
  return [
    {
      key: `${s}-eca`,
      name: `${S} external carotid artery`,
      parent: `${s}-cca`,
      origin: 'end',
      path: [sided(side, [32, -8, 195]), sided(side, [36, -14, 220]), sided(side, [42, -14, 240])],
      radiiMm: [4.5 / 2, 4.2 / 2, 3.6 / 2, 3.2 / 2],
      territory: { kind: 'head-neck', name: `${s} face and scalp (ECA territory)` },
    },
    {
      key: `${s}-ica-cervical`,
      name: `${S} internal carotid artery (cervical)`,
      parent: `${s}-cca`,
      origin: 'end',
      continuation: true,
      path: cervical.map((point) => sided(side, point)),
      radiiMm: [6.6 / 2, 7.6 / 2, 5.6 / 2, 4.8 / 2, 4.7 / 2, 4.7 / 2],
    },
    {
      key: `${s}-ica-petrous`,
      name: `${S} internal carotid artery (petrous)`,
      parent: `${s}-ica-cervical`,
      origin: 'end',
      continuation: true,
      path: [sided(side, [26, 5, 258]), sided(side, [22, -4, 262]), sided(side, [19, -12, 265])],
      radiiMm: [4.7 / 2, 4.8 / 2, 4.9 / 2, 5.0 / 2],
    },
    {
      key: `${s}-ica-cavernous`,
      name: `${S} internal carotid artery (cavernous)`,
      parent: `${s}-ica-petrous`,
      origin: 'end',
      continuation: true,
      path: [sided(side, [17, -18, 270]), sided(side, [16, -22, 277]), sided(side, [17, -18, 284])],
      radiiMm: [5.0 / 2, 5.0 / 2, 4.9 / 2, 4.6 / 2],
    },
    {
      key: `${s}-ica-supraclinoid`,
      name: `${S} internal carotid artery (supraclinoid, to the terminus)`,
      parent: `${s}-ica-cavernous`,
      origin: 'end',
      continuation: true,
      path: [sided(side, [18, -13, 287]), sided(side, [19, -10, 290])],
      radiiMm: [4.6 / 2, 4.0 / 2, 3.6 / 2],
    },
    {
      key: `${s}-mca-m1`,
      name: `${S} middle cerebral artery M1`,
      parent: `${s}-ica-supraclinoid`,
      origin: 'end',
      path: [sided(side, [30, -9, 291]), sided(side, [42, -7, 292])],
      radiiMm: [3.2 / 2, 3.1 / 2, 3.0 / 2],
    },
    {
      key: `${s}-mca-m2-superior`,
      name: `${S} MCA M2 superior division`,
      parent: `${s}-mca-m1`,
      origin: 'end',
      path: [sided(side, [47, -11, 300]), sided(side, [51, -14, 312]), sided(side, [54, -16, 325])],
      radiiMm: [2.5 / 2, 2.4 / 2, 2.3 / 2, 2.2 / 2],
    },
    {
      key: `${s}-mca-m2-inferior`,
      name: `${S} MCA M2 inferior division`,
      parent: `${s}-mca-m1`,
      origin: 'end',
      path: [sided(side, [47, -5, 289]), sided(side, [55, 0, 285]), sided(side, [62, 6, 280])],
      radiiMm: [2.5 / 2, 2.4 / 2, 2.3 / 2, 2.2 / 2],
    },
    m3(side, 'superior', 'frontal', [
      [55, -30, 330],
      [50, -42, 338],
    ]),
    m3(side, 'superior', 'precentral', [
      [57, -12, 336],
      [54, -6, 348],
    ]),
    m3(side, 'inferior', 'temporal', [
      [64, 2, 270],
      [62, -6, 256],
    ]),
    m3(side, 'inferior', 'parietal', [
      [64, 16, 290],
      [58, 30, 304],
    ]),
    {
      key: `${s}-aca-a1`,
      name: `${S} anterior cerebral artery A1`,
      parent: `${s}-ica-supraclinoid`,
      origin: 'end',
      path: [sided(side, [11, -14, 293]), sided(side, [4.5, -20, 296])],
      radiiMm: [2.2 / 2, 2.2 / 2, 2.1 / 2],
    },
    {
      key: `${s}-aca-a2`,
      name: `${S} anterior cerebral artery A2`,
      parent: `${s}-aca-a1`,
      origin: 'end',
      continuation: true,
      path: [sided(side, [4.5, -30, 312]), sided(side, [4.5, -36, 334]), sided(side, [4.5, -24, 356])],
      radiiMm: [2.1 / 2, 2.0 / 2, 1.9 / 2, 1.7 / 2],
      territory: { kind: 'brain', name: `${s} ACA territory (medial frontal and parietal)` },
    },
  ];
}

function m3(side: 1 | -1, division: 'superior' | 'inferior', region: string, path: Vec3[]): VesselSpec {
  const s = sideName(side);
  return {
    key: `${s}-mca-m3-${region}`,
    name: `${sideTitle(side)} MCA M3 ${region} branch`,
    parent: `${s}-mca-m2-${division}`,
    origin: 'end',
    path: path.map((point) => sided(side, point)),
    radiiMm: [1.7 / 2, 1.6 / 2, 1.4 / 2],
    territory: { kind: 'brain', name: `${s} MCA ${division} division, ${region} territory` },
  };
}

function vertebral(side: 1 | -1): VesselSpec[] {
  const s = sideName(side);
  const S = sideTitle(side);
  return [
    {
      key: `${s}-vertebral`,
      name: `${S} vertebral artery (V1–V3)`,
      parent: `${s}-subclavian`,
      origin: { atArcMm: 22 },
      path: [
        sided(side, [30, 24, 125]),
        sided(side, [29, 30, 170]),
        sided(side, [27, 33, 220]),
        sided(side, [25, 36, 245]),
      ],
      radiiMm: [4.0 / 2, 3.9 / 2, 3.9 / 2, 3.9 / 2, 3.9 / 2],
    },
    {
      key: `${s}-vertebral-v4`,
      name: `${S} vertebral artery V4 (intracranial)`,
      parent: `${s}-vertebral`,
      origin: 'end',
      continuation: true,
      path:
        side === 1
          ? [
              [15, 30, 258],
              [2, 22, 270],
            ]
          : [
              [-15, 30, 257],
              [-7, 26, 265],
            ],
      radiiMm: [3.9 / 2, 3.3 / 2, 2.8 / 2],
      ...(side === -1 ? { territory: { kind: 'brain' as const, name: 'right PICA territory (cerebellum)' } } : {}),
    },
  ];
}
