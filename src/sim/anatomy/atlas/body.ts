import type { Vec3, VesselSpec } from './builder.ts';
import { sided, sideName, sideTitle } from './trunk.ts';

/**
 * Visceral and pelvic vessels of the body atlas: celiac trunk (trifurcating into common hepatic,
 * splenic and left gastric), GDA, proper hepatic, right and left hepatic arteries with sectoral
 * and segmental branches and the cystic artery, SMA, both renal arteries, and in the pelvis the
 * internal iliac divisions with the uterine arteries, their cervicovaginal branches and the
 * utero-ovarian anastomoses.
 *
 * Diameters (DOMAIN.md): celiac 7.8, 19–23 mm long (Malnar 2010); splenic 6.1, left gastric 3.8
 * (Malnar 2010); common and proper hepatic ~5 and ~4, GDA ~3 (est.); SMA 6.5 (est.); renal L 6.0,
 * R 5.7; internal iliac 5.5 (est.); uterine 2.5, enlarged to ~3.8 with fibroids (est.), about
 * 12.6 cm long (Naguib); utero-ovarian anastomoses < 0.5 mm (Pelage 2005). Segmental hepatic and
 * cervicovaginal calibres are estimates.
 */

export type HepaticVariant = 'standard' | 'replaced-right-from-sma' | 'replaced-left-from-left-gastric';

export interface BodyOptions {
  hepaticVariant: HepaticVariant;
  /** Fibroid uterus: enlarged, tortuous uterine arteries and fibroid feeders. */
  fibroids: boolean;
  /** A hypervascular liver tumour in segment VIII with its own feeder. */
  hepaticTumour: boolean;
}

export function bodySpecs(options: BodyOptions): VesselSpec[] {
  return [...celiacAndLiver(options), ...smaAndRenals(options), ...pelvis(options)];
}

function celiacAndLiver(options: BodyOptions): VesselSpec[] {
  const specs: VesselSpec[] = [
    {
      key: 'celiac-trunk',
      name: 'Celiac trunk',
      parent: 'abdominal-aorta',
      origin: { atArcMm: 10 },
      path: [
        [8, 9, -179],
        [8, -2, -177],
      ],
      radiiMm: [7.8 / 2, 7.8 / 2, 7.6 / 2],
    },
    {
      key: 'common-hepatic',
      name: 'Common hepatic artery',
      parent: 'celiac-trunk',
      origin: 'end',
      path: [
        [-8, -8, -178],
        [-25, -5, -175],
      ],
      radiiMm: [5.2 / 2, 5 / 2, 4.8 / 2],
    },
    {
      key: 'gastroduodenal',
      name: 'Gastroduodenal artery (GDA)',
      parent: 'common-hepatic',
      origin: 'end',
      path: [
        [-28, -12, -190],
        [-30, -16, -215],
        [-28, -18, -235],
      ],
      radiiMm: [3 / 2, 2.9 / 2, 2.7 / 2, 2.5 / 2],
      territory: { kind: 'pancreas-duodenum', name: 'pancreatic head and duodenum' },
    },
    {
      key: 'proper-hepatic',
      name: 'Proper hepatic artery',
      parent: 'common-hepatic',
      origin: 'end',
      continuation: true,
      path: [
        [-38, -4, -165],
        [-45, 0, -155],
      ],
      radiiMm: [4.8 / 2, 4.2 / 2, 4 / 2],
    },
    {
      key: 'splenic',
      name: 'Splenic artery',
      parent: 'celiac-trunk',
      origin: 'end',
      path: [
        [20, -5, -175],
        [40, 5, -170],
        [60, 20, -168],
        [80, 30, -160],
        [100, 42, -150],
      ],
      radiiMm: [6.1 / 2, 6.1 / 2, 5.9 / 2, 5.7 / 2, 5.5 / 2, 5.2 / 2],
      territory: { kind: 'spleen', name: 'spleen' },
    },
    {
      key: 'left-gastric',
      name: 'Left gastric artery',
      parent: 'celiac-trunk',
      origin: 'end',
      path: [
        [12, -10, -160],
        [20, -14, -140],
        [28, -12, -120],
      ],
      radiiMm: [3.8 / 2, 3.6 / 2, 3.4 / 2, 3.1 / 2],
      territory: { kind: 'stomach', name: 'lesser curvature of the stomach' },
    },
  ];

  // Right hepatic: from the proper hepatic, or replaced from the SMA (10–15%, est.).
  const rightFromSma = options.hepaticVariant === 'replaced-right-from-sma';
  specs.push({
    key: 'right-hepatic',
    name: rightFromSma ? 'Replaced right hepatic artery (from the SMA)' : 'Right hepatic artery',
    parent: rightFromSma ? 'sma' : 'proper-hepatic',
    origin: rightFromSma ? { atArcMm: 26 } : 'end',
    path: rightFromSma
      ? [
          [-15, -6, -200],
          [-40, 6, -178],
          [-60, 8, -152],
          [-70, 10, -140],
        ]
      : [
          [-58, 5, -147],
          [-70, 10, -140],
        ],
    radiiMm: rightFromSma ? [3.4 / 2, 3.3 / 2, 3.2 / 2, 3.1 / 2, 3.0 / 2] : [3.2 / 2, 3.1 / 2, 3.0 / 2],
  });
  specs.push({
    key: 'cystic',
    name: 'Cystic artery',
    parent: 'right-hepatic',
    origin: (rightHepatic) => rightHepatic.arcMm[rightHepatic.arcMm.length - 1]! - 8,
    path: [
      [-62, -4, -158],
      [-64, -14, -170],
    ],
    radiiMm: [1.2 / 2, 1.1 / 2, 1 / 2],
    territory: { kind: 'gallbladder', name: 'gallbladder' },
  });
  specs.push(
    sector('right-hepatic', 'right-hepatic-anterior', 'Right hepatic artery, anterior sector', [-80, -2, -128]),
    sector('right-hepatic', 'right-hepatic-posterior', 'Right hepatic artery, posterior sector', [-84, 24, -142]),
    segmental('right-hepatic-anterior', 'V', [
      [-90, -12, -150],
      [-95, -20, -170],
    ]),
    segmental('right-hepatic-anterior', 'VIII', [
      [-88, 2, -110],
      [-90, 8, -92],
    ]),
    segmental('right-hepatic-posterior', 'VI', [
      [-100, 26, -160],
      [-108, 30, -178],
    ]),
    segmental('right-hepatic-posterior', 'VII', [
      [-98, 36, -125],
      [-100, 44, -108],
    ]),
  );

  const leftFromLeftGastric = options.hepaticVariant === 'replaced-left-from-left-gastric';
  specs.push({
    key: 'left-hepatic',
    name: leftFromLeftGastric ? 'Replaced left hepatic artery (from the left gastric)' : 'Left hepatic artery',
    parent: leftFromLeftGastric ? 'left-gastric' : 'proper-hepatic',
    origin: leftFromLeftGastric ? { atArcMm: 28 } : 'end',
    path: leftFromLeftGastric
      ? [
          [10, -22, -135],
          [-4, -16, -128],
        ]
      : [
          [-40, -6, -140],
          [-26, -8, -130],
        ],
    radiiMm: [2.8 / 2, 2.7 / 2, 2.6 / 2],
  });
  specs.push(
    segmental('left-hepatic', 'IV', [
      [-30, -22, -122],
      [-34, -34, -118],
    ]),
    segmental('left-hepatic', 'II', [
      [-8, -4, -112],
      [6, 0, -104],
    ]),
    segmental('left-hepatic', 'III', [
      [-10, -20, -118],
      [2, -30, -114],
    ]),
  );
  if (options.hepaticTumour) {
    specs.push({
      key: 'tumour-feeder-segment-viii',
      name: 'Tumour feeder (segment VIII)',
      parent: 'hepatic-segment-viii',
      origin: { atArcMm: 14 },
      path: [
        [-100, -4, -108],
        [-110, -8, -112],
      ],
      radiiMm: [1.4 / 2, 1.3 / 2, 1.2 / 2],
      territory: { kind: 'tumour', name: 'hypervascular tumour in segment VIII' },
    });
  }
  return specs;
}

function sector(parent: string, key: string, name: string, end: Vec3): VesselSpec {
  return { key, name, parent, origin: 'end', path: [end], radiiMm: [2.4 / 2, 2.2 / 2] };
}

function segmental(parent: string, segment: string, path: Vec3[]): VesselSpec {
  return {
    key: `hepatic-segment-${segment.toLowerCase()}`,
    name: `Segment ${segment} hepatic artery`,
    parent,
    origin: 'end',
    path,
    radiiMm: [1.8 / 2, 1.7 / 2, 1.5 / 2],
    territory: { kind: 'liver-segment', name: `liver segment ${segment}` },
  };
}

function smaAndRenals(_options: BodyOptions): VesselSpec[] {
  return [
    {
      key: 'sma',
      name: 'Superior mesenteric artery (SMA)',
      parent: 'abdominal-aorta',
      origin: { atArcMm: 26 },
      path: [
        [6, 0, -200],
        [4, -22, -216],
        [2, -30, -250],
        [-5, -32, -300],
      ],
      radiiMm: [6.6 / 2, 6.4 / 2, 6 / 2, 5.4 / 2, 4.6 / 2],
      territory: { kind: 'bowel', name: 'small bowel and right colon' },
    },
    ...([-1, 1] as const).map((side): VesselSpec => ({
      key: `${sideName(side)}-renal`,
      name: `${sideTitle(side)} renal artery`,
      parent: 'abdominal-aorta',
      origin: { atArcMm: side === 1 ? 50 : 52 },
      path: [sided(side, [30, 24, -222]), sided(side, [50, 30, -225]), sided(side, [68, 34, -228])],
      radiiMm: side === 1 ? [6.0 / 2, 6.0 / 2, 5.8 / 2, 5.4 / 2] : [5.7 / 2, 5.7 / 2, 5.5 / 2, 5.2 / 2],
      territory: { kind: 'kidney', name: `${sideName(side)} kidney` },
    })),
  ];
}

function pelvis(options: BodyOptions): VesselSpec[] {
  const specs: VesselSpec[] = [];
  // Fibroids enlarge the uterine arteries (to ~3.8 mm, est.) and make them more tortuous.
  const uterineScale = options.fibroids ? 1.5 : 1;
  const wiggle = options.fibroids ? 5 : 0;
  for (const side of [-1, 1] as const) {
    const s = sideName(side);
    const S = sideTitle(side);
    specs.push(
      {
        key: `${s}-internal-iliac-anterior`,
        name: `${S} internal iliac artery, anterior division`,
        parent: `${s}-internal-iliac`,
        origin: 'end',
        continuation: true,
        path: [sided(side, [45, 30, -400]), sided(side, [46, 24, -418]), sided(side, [42, 18, -445])],
        radiiMm: [5.2 / 2, 4.2 / 2, 3.8 / 2, 3.2 / 2],
        territory: { kind: 'pelvis', name: `${s} bladder, obturator and pudendal territory` },
      },
      {
        key: `${s}-internal-iliac-posterior`,
        name: `${S} internal iliac artery, posterior division`,
        parent: `${s}-internal-iliac`,
        origin: 'end',
        path: [sided(side, [50, 45, -390]), sided(side, [60, 55, -395])],
        radiiMm: [3.8 / 2, 3.6 / 2, 3.4 / 2],
        territory: { kind: 'pelvis', name: `${s} gluteal territory` },
      },
      {
        key: `${s}-uterine`,
        name: `${S} uterine artery`,
        parent: `${s}-internal-iliac-anterior`,
        origin: { atArcMm: 8 },
        path: [
          sided(side, [38, 10, -420]),
          sided(side, [31 + wiggle, 1, -430]),
          sided(side, [22, -6, -432]),
          sided(side, [20 + wiggle, -10, -416]),
          sided(side, [19, -13, -396]),
          sided(side, [16 + wiggle, -12, -378]),
          sided(side, [12, -14, -362]),
        ],
        radiiMm: [2.5, 2.5, 2.5, 2.4, 2.4, 2.3, 2.2, 2.0].map((diameter) => (diameter / 2) * uterineScale),
        territory: { kind: 'uterus', name: `${s} half of the uterus` },
      },
      {
        key: `${s}-cervicovaginal`,
        name: `${S} cervicovaginal branch`,
        parent: `${s}-uterine`,
        origin: (uterine) => 0.42 * uterine.arcMm[uterine.arcMm.length - 1]!,
        path: [sided(side, [17, -4, -446]), sided(side, [12, -2, -460])],
        radiiMm: [1.2 / 2, 1.1 / 2, 1 / 2],
        territory: { kind: 'cervix-vagina', name: `${s} cervix and upper vagina` },
      },
      {
        key: `${s}-utero-ovarian-anastomosis`,
        name: `${S} utero-ovarian anastomosis`,
        parent: `${s}-uterine`,
        origin: (uterine) => uterine.arcMm[uterine.arcMm.length - 1]! - 6,
        path: [sided(side, [26, -10, -360]), sided(side, [42, -4, -356])],
        radiiMm: [0.45 / 2, 0.4 / 2, 0.4 / 2],
        territory: { kind: 'ovary', name: `${s} ovary` },
      },
    );
    if (options.fibroids) {
      specs.push({
        key: `${s}-fibroid-feeder`,
        name: `${S} fibroid feeder`,
        parent: `${s}-uterine`,
        origin: (uterine) => 0.75 * uterine.arcMm[uterine.arcMm.length - 1]!,
        path: [sided(side, [8, -22, -388]), sided(side, [4, -30, -384])],
        radiiMm: [1.8 / 2, 1.7 / 2, 1.6 / 2],
        territory: { kind: 'fibroid', name: `${s} intramural fibroid` },
      });
    }
  }
  return specs;
}
