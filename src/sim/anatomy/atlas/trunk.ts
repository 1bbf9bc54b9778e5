import type { VesselSegment } from '../model.ts';
import type { Vec3, VesselSpec } from './builder.ts';

/**
 * The arterial trunk both atlases share: ascending aorta, arch with its three branches, thoracic
 * and abdominal aorta, and both iliac axes down to the common femoral arteries (the access
 * vessels). Diameters from DOMAIN.md (Lee 2013 for the aorta and arch origins, PAIRS 2022 for
 * the iliacs; CFA 7.3 mm); positions in the body frame of `body-frame.ts` (LPS mm, origin at
 * the aortic root). Right is −x.
 */

export type ArchType = 'I' | 'II' | 'III' | 'bovine';

export interface TrunkOptions {
  archType: ArchType;
  /** Neuro atlas: the carotids and subclavians go on into the head and neck vessels. */
  headAndNeckContinue: boolean;
  /** Body atlas: the internal iliacs go on into their divisions and the pelvic organs. */
  pelvisContinues: boolean;
}

/** Mirror a right-side point to either side: `side` −1 is the patient's right, +1 the left. */
export function sided(side: 1 | -1, point: Vec3): Vec3 {
  return [side * point[0], point[1], point[2]];
}

export function sideName(side: 1 | -1): 'left' | 'right' {
  return side === 1 ? 'left' : 'right';
}

export function sideTitle(side: 1 | -1): 'Left' | 'Right' {
  return side === 1 ? 'Left' : 'Right';
}

/** First arc length at which the centreline rises to height `zMm` (for placing arch origins). */
export function arcWhereZReaches(parent: VesselSegment, zMm: number): number {
  const count = parent.radiiMm.length;
  for (let i = 1; i < count; i++) {
    const z0 = parent.points[3 * i - 1]!;
    const z1 = parent.points[3 * i + 2]!;
    if (z0 < zMm && z1 >= zMm) {
      const t = (zMm - z0) / (z1 - z0);
      return parent.arcMm[i - 1]! * (1 - t) + parent.arcMm[i]! * t;
    }
  }
  // The arch never rises that high: use its highest point.
  let best = 0;
  for (let i = 1; i < count; i++) if (parent.points[3 * i + 2]! > parent.points[3 * best + 2]!) best = i;
  return parent.arcMm[best]!;
}

/**
 * Arch types by how far below the top of the arch's outer curvature the innominate artery arises
 * (in multiples of the left CCA's diameter, 8.3 mm): type I at the top, II within 1–2 diameters,
 * III more than 2 (Madhwal 2008 classification, est. geometry). A bovine arch here is a type I
 * arch whose left CCA arises from the innominate artery.
 */
const innominateDropMm: Record<ArchType, number> = { I: 3, II: 12, III: 21, bovine: 3 };

/** Origins along the arch, centre to centre: gaps of 4.4 and 6.4 mm between the origins' walls (Lee 2013). */
const innominateToLccaMm = 12.5 / 2 + 4.4 + 8.3 / 2;
const lccaToLsaMm = 8.3 / 2 + 6.4 + 10.4 / 2;

export function trunkSpecs(options: TrunkOptions): VesselSpec[] {
  const originZ = 58;
  const apexZ = originZ + innominateDropMm[options.archType];
  const innominateOrigin = (arch: VesselSegment) => arcWhereZReaches(arch, originZ);
  const specs: VesselSpec[] = [
    {
      key: 'ascending-aorta',
      name: 'Ascending aorta',
      parent: null,
      origin: 'end',
      start: [0, 0, 0],
      path: [
        [-12, -12, (apexZ - 25) / 2],
        [-9, -8, apexZ - 25],
      ],
      radiiMm: [29.9 / 2, 29.9 / 2, 28 / 2],
    },
    {
      key: 'aortic-arch',
      name: 'Aortic arch',
      parent: 'ascending-aorta',
      origin: 'end',
      continuation: true,
      path: [
        [-4, 0, apexZ - 5],
        [8, 18, apexZ],
        [20, 34, apexZ - 8],
        [24, 46, apexZ - 28],
      ],
      radiiMm: [14, 25.4 / 2, 25.4 / 2, 24.5 / 2, 23.6 / 2],
    },
    {
      key: 'brachiocephalic-trunk',
      name: 'Brachiocephalic (innominate) artery',
      parent: 'aortic-arch',
      origin: innominateOrigin,
      path: [
        [-18, 0, originZ + 22],
        [-30, 4, originZ + 40],
      ],
      radiiMm: [12.5 / 2, 12.2 / 2, 12 / 2],
    },
    {
      key: 'right-subclavian',
      name: 'Right subclavian artery',
      parent: 'brachiocephalic-trunk',
      origin: 'end',
      path: [
        [-42, 8, originZ + 45],
        [-58, 14, originZ + 44],
        [-80, 20, originZ + 32],
      ],
      radiiMm: [9.6 / 2, 9.2 / 2, 8.8 / 2, 8.4 / 2],
      territory: { kind: 'limb', name: 'right arm' },
    },
    commonCarotid(-1, 'brachiocephalic-trunk', 'end', options),
    commonCarotid(
      1,
      options.archType === 'bovine' ? 'brachiocephalic-trunk' : 'aortic-arch',
      options.archType === 'bovine'
        ? { atArcMm: 8 }
        : (arch: VesselSegment) => innominateOrigin(arch) + innominateToLccaMm,
      options,
    ),
    {
      key: 'left-subclavian',
      name: 'Left subclavian artery',
      parent: 'aortic-arch',
      origin: (arch) => innominateOrigin(arch) + innominateToLccaMm + lccaToLsaMm,
      path: [
        [20, 28, apexZ + 20],
        [36, 24, apexZ + 38],
        [56, 18, apexZ + 42],
        [80, 20, apexZ + 32],
      ],
      radiiMm: [10.4 / 2, 9.8 / 2, 9.2 / 2, 8.8 / 2, 8.4 / 2],
      territory: { kind: 'limb', name: 'left arm' },
    },
    {
      key: 'descending-thoracic-aorta',
      name: 'Descending thoracic aorta',
      parent: 'aortic-arch',
      origin: 'end',
      continuation: true,
      path: [
        [22, 50, -20],
        [17, 45, -100],
        [10, 32, -170],
      ],
      radiiMm: [23.6 / 2, 23.2 / 2, 22.4 / 2, 21.7 / 2],
    },
    {
      key: 'abdominal-aorta',
      name: 'Abdominal aorta',
      parent: 'descending-thoracic-aorta',
      origin: 'end',
      continuation: true,
      path: [
        [8, 24, -200],
        [4, 15, -250],
        [0, 5, -310],
      ],
      radiiMm: [21.7 / 2, 20.4 / 2, 19.0 / 2, 15.8 / 2],
    },
  ];
  for (const side of [-1, 1] as const) specs.push(...iliacAxis(side, options));
  return specs;
}

function commonCarotid(side: 1 | -1, parent: string, origin: VesselSpec['origin'], options: TrunkOptions): VesselSpec {
  // Right: from the innominate bifurcation; left: from the arch (or the innominate, bovine).
  const bovine = side === 1 && options.archType === 'bovine';
  const path: Vec3[] =
    side === -1
      ? [
          [-32, 2, 130],
          [-34, 0, 160],
          [-35, 0, 178],
        ]
      : bovine
        ? [
            [-4, -2, 88],
            [14, 3, 120],
            [31, 0, 160],
            [35, 0, 178],
          ]
        : [
            [10, 6, 82],
            [22, 3, 120],
            [31, 0, 160],
            [35, 0, 178],
          ];
  const startRadius = side === -1 ? 7.2 / 2 : 8.3 / 2;
  return {
    key: `${sideName(side)}-cca`,
    name: `${sideTitle(side)} common carotid artery`,
    parent,
    origin,
    path,
    radiiMm: [startRadius, ...path.map((_, index) => (index === path.length - 1 ? 6.6 / 2 : 6.9 / 2))],
    ...(options.headAndNeckContinue
      ? {}
      : { territory: { kind: 'head-neck', name: `${sideName(side)} head and neck` } }),
  };
}

function iliacAxis(side: 1 | -1, options: TrunkOptions): VesselSpec[] {
  const s = sideName(side);
  const S = sideTitle(side);
  const specs: VesselSpec[] = [
    {
      key: `${s}-common-iliac`,
      name: `${S} common iliac artery`,
      parent: 'abdominal-aorta',
      origin: 'end',
      path: [sided(side, [12, 8, -326]), sided(side, [25, 10, -345])],
      radiiMm: [10.4 / 2, 10 / 2, 9.6 / 2],
    },
    {
      key: `${s}-external-iliac`,
      name: `${S} external iliac artery`,
      parent: `${s}-common-iliac`,
      origin: 'end',
      continuation: true,
      path: [sided(side, [40, 5, -370]), sided(side, [58, -8, -405]), sided(side, [70, -20, -430])],
      radiiMm: [8 / 2, 7.6 / 2, 7.5 / 2, 7.4 / 2],
    },
    {
      key: `${s}-common-femoral`,
      name: `${S} common femoral artery`,
      parent: `${s}-external-iliac`,
      origin: 'end',
      continuation: true,
      path: [sided(side, [74, -27, -455]), sided(side, [76, -30, -480])],
      radiiMm: [7.4 / 2, 7.3 / 2, 7.3 / 2],
      territory: { kind: 'limb', name: `${s} leg` },
    },
    {
      key: `${s}-internal-iliac`,
      name: `${S} internal iliac artery`,
      parent: `${s}-common-iliac`,
      origin: 'end',
      path: [sided(side, [35, 20, -360]), sided(side, [42, 32, -380])],
      radiiMm: [5.6 / 2, 5.4 / 2, 5.2 / 2],
      ...(options.pelvisContinues ? {} : { territory: { kind: 'pelvis', name: `${s} pelvis` } }),
    },
  ];
  return specs;
}
