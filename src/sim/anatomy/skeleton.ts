import { bodyFrame } from './body-frame.ts';
import {
  axesFrom,
  axesTurnedAboutX,
  buildBoneMesh,
  identityAxes,
  type Axes,
  type BoneDensity,
  type BonePrimitive,
  type Vec3,
} from './bone-primitives.ts';
import type { MeshData } from './mesh-writer.ts';
import type { MeshDetail } from './mesh.ts';

/**
 * The atlas patient's skeleton as analytic bones (`bone-primitives.ts`) in the body frame of
 * `body-frame.ts` (LPS mm, origin at the aortic root): the landmarks fluoroscopy shows and a
 * trainee steers by. Skull vault and base, mandible; C1–L5 (bodies as elliptic cylinders at the
 * body frame's levels, with pedicles, laminae, spinous and transverse processes); 12 pairs of
 * ribs, sternum, clavicles, scapulae; sacrum, coccyx, iliac wings, pubic and ischial rami,
 * femoral heads, necks, greater trochanters and shafts.
 *
 * Every size is a textbook-level estimate for an adult of about 175 cm (est.): vertebral body
 * widths C3 ~17 → C7 ~23, T1 ~26 → T12 ~42, L1 ~44 → L5 ~50 mm; femoral head ~48 mm; skull
 * ~160 × 196 mm outside. The spine's front–back course (cervical lordosis, thoracic kyphosis,
 * lumbar lordosis) is set so the bodies sit just behind the atlas aorta and the spinous
 * processes stay inside the skin of `body-outline.ts`. Arms, hands, the facial skeleton above
 * the mandible and the acetabular cups are left out.
 */

/** Vertebral body centre's y (posterior, mm) along the spine, by z: stations, linear between. */
const spineCourse: readonly (readonly [zMm: number, yMm: number])[] = [
  [bodyFrame.c1ZMm + 10, 33],
  [183, 22],
  [bodyFrame.c7ZMm, 30],
  [80, 48],
  [0, 70],
  [-60, 76],
  [bodyFrame.t12ZMm, 62],
  [-277, 44],
  [bodyFrame.l5ZMm, 50],
];

export function spineCentreYMm(zMm: number): number {
  return piecewiseLinear(spineCourse, zMm);
}

/** Slope of the spine's course, dy/dz. */
function spineSlope(zMm: number): number {
  return (spineCentreYMm(zMm + 1) - spineCentreYMm(zMm - 1)) / 2;
}

function piecewiseLinear(stations: readonly (readonly [number, number])[], z: number): number {
  // Stations run from high z to low z.
  if (z >= stations[0]![0]) return stations[0]![1];
  for (let i = 1; i < stations.length; i++) {
    const [z1, y1] = stations[i]!;
    const [z0, y0] = stations[i - 1]!;
    if (z >= z1) return y0 + ((y1 - y0) * (z - z0)) / (z1 - z0);
  }
  return stations[stations.length - 1]![1];
}

export type SpineRegion = 'cervical' | 'thoracic' | 'lumbar';

export interface VertebraLevel {
  /** "C5", "T12", "L3". */
  name: string;
  region: SpineRegion;
  /** Centre of the vertebral body (mm). */
  zMm: number;
  yMm: number;
  /** Body half-width (x), half-depth (y) and half-height (mm, est.). */
  semiWidthMm: number;
  semiDepthMm: number;
  halfHeightMm: number;
}

function lerp(from: number, to: number, t: number): number {
  return from + (to - from) * t;
}

/** C1–L5 at the body frame's levels: C1…C7 evenly between c1 and c7, T1…T12 down to t12, L1…L5 to l5. */
export function vertebraLevels(): VertebraLevel[] {
  const levels: VertebraLevel[] = [];
  const add = (name: string, region: SpineRegion, zMm: number, w: number, d: number, h: number): void => {
    levels.push({ name, region, zMm, yMm: spineCentreYMm(zMm), semiWidthMm: w, semiDepthMm: d, halfHeightMm: h });
  };
  for (let k = 1; k <= 7; k++) {
    const t = (k - 1) / 6;
    add(`C${k}`, 'cervical', lerp(bodyFrame.c1ZMm, bodyFrame.c7ZMm, t), lerp(8.5, 11.5, t), lerp(7.5, 8, t), 6.5);
  }
  for (let k = 1; k <= 12; k++) {
    const t = (k - 1) / 11;
    const z = lerp(bodyFrame.c7ZMm, bodyFrame.t12ZMm, k / 12);
    add(`T${k}`, 'thoracic', z, lerp(13, 21, t), lerp(9, 15, t), lerp(8, 11, t));
  }
  for (let k = 1; k <= 5; k++) {
    const t = (k - 1) / 4;
    const z = lerp(bodyFrame.t12ZMm, bodyFrame.l5ZMm, k / 5);
    add(`L${k}`, 'lumbar', z, lerp(22, 25, t), lerp(16, 17.5, t), 12.5);
  }
  return levels;
}

/** Posterior-element sizes per region (mm, est.): pedicle length and radius, lamina, spinous process. */
const archSizes: Record<
  SpineRegion,
  {
    pedicleMm: number;
    pedicleRadiusMm: number;
    laminaMm: number;
    laminaRadiusMm: number;
    spinousMm: number;
    spinousDownDeg: number;
    spinousRadiusMm: number;
  }
> = {
  cervical: {
    pedicleMm: 6,
    pedicleRadiusMm: 3,
    laminaMm: 10,
    laminaRadiusMm: 3,
    spinousMm: 18,
    spinousDownDeg: 15,
    spinousRadiusMm: 3,
  },
  thoracic: {
    pedicleMm: 10,
    pedicleRadiusMm: 4,
    laminaMm: 10,
    laminaRadiusMm: 3.5,
    spinousMm: 38,
    spinousDownDeg: 55,
    spinousRadiusMm: 4,
  },
  lumbar: {
    pedicleMm: 10,
    pedicleRadiusMm: 5.5,
    laminaMm: 8,
    laminaRadiusMm: 4,
    spinousMm: 18,
    spinousDownDeg: 5,
    spinousRadiusMm: 4.5,
  },
};

function vertebra(level: VertebraLevel): BonePrimitive[] {
  const { name, region, zMm: z, yMm: y, semiWidthMm: w, semiDepthMm: d, halfHeightMm: h } = level;
  const bones: BonePrimitive[] = [];
  const cancellous: BoneDensity = 'cancellous';
  const cortical: BoneDensity = 'cortical';
  if (name === 'C1') {
    // The atlas has no body: an anterior arch, two lateral masses and a posterior arch.
    bones.push(
      capsule('C1 anterior arch', [-11, y - 11, z], [11, y - 11, z], 4, cortical),
      ...sides((side, s) => ellipsoid(`C1 ${s} lateral mass`, [side * 16, y + 1, z], [7, 9, 8], cancellous)),
      tube(
        'C1 posterior arch',
        [
          [-16, y + 10, z],
          [-15, y + 20, z],
          [-8, y + 27, z],
          [0, y + 29, z],
          [8, y + 27, z],
          [15, y + 20, z],
          [16, y + 10, z],
        ],
        3.5,
        cortical,
      ),
    );
    return bones;
  }
  bones.push({
    kind: 'ellipticCylinder',
    name: `${name} vertebral body`,
    boneDensity: cancellous,
    centre: [0, y, z],
    semiAxesMm: [w, d],
    halfLengthMm: h,
    axes: axesTurnedAboutX(Math.atan(-spineSlope(z))),
  });
  if (name === 'C2') bones.push(capsule('C2 dens', [0, y - 2, z + h], [0, y - 4, z + h + 14], 5, cancellous));
  const arch = archSizes[region];
  const pedicleX = 0.65 * w;
  const pedicleEndY = y + d + arch.pedicleMm;
  const spinousBase: Vec3 = [0, pedicleEndY + arch.laminaMm, z];
  const down = (arch.spinousDownDeg * Math.PI) / 180;
  // T11 and T12 have short spinous processes, like the lumbar ones (est.).
  const spinousMm = name === 'T11' || name === 'T12' ? 28 : arch.spinousMm;
  bones.push(
    ...sides((side, s) =>
      capsule(
        `${name} ${s} pedicle`,
        [side * pedicleX, y + 0.5 * d, z],
        [side * pedicleX, pedicleEndY, z],
        arch.pedicleRadiusMm,
        cortical,
      ),
    ),
    ...sides((side, s) =>
      capsule(`${name} ${s} lamina`, [side * pedicleX, pedicleEndY, z], spinousBase, arch.laminaRadiusMm, cortical),
    ),
    capsule(
      `${name} spinous process`,
      spinousBase,
      [0, spinousBase[1] + spinousMm * Math.cos(down), z - spinousMm * Math.sin(down)],
      arch.spinousRadiusMm,
      cortical,
    ),
  );
  // Transverse processes: the thoracic ones carry the ribs' tubercles; the cervical ones (with the
  // vertebral arteries in their foramina) are left out.
  if (region === 'thoracic') {
    bones.push(
      ...sides((side, s) =>
        capsule(
          `${name} ${s} transverse process`,
          [side * pedicleX, y + d + 0.6 * arch.pedicleMm, z],
          [side * (w + 22), pedicleEndY + 4, z + 2],
          4,
          cortical,
        ),
      ),
    );
  } else if (region === 'lumbar') {
    bones.push(
      ...sides((side, s) =>
        capsule(
          `${name} ${s} transverse process`,
          [side * pedicleX, y + d + 0.5 * arch.pedicleMm, z],
          [side * (w + 30), y + 0.7 * d + 6, z],
          4.5,
          cortical,
        ),
      ),
    );
  }
  return bones;
}

/**
 * Rib hoops (est.): rib n leaves the side of Tn's body, runs back to the transverse process,
 * then around an ellipse of half-width `a` and half-depth `b` whose back is 25 mm behind the
 * vertebral body's centre, descending `dropMm` by its anterior (costochondral) end at `endDeg`
 * (0° straight back, 180° straight forward). Costal cartilage is not bone and is left out.
 */
const ribHoops: readonly { a: number; b: number; endDeg: number; dropMm: number; radiusMm: number }[] = [
  { a: 58, b: 50, endDeg: 150, dropMm: 30, radiusMm: 6 },
  { a: 90, b: 68, endDeg: 150, dropMm: 50, radiusMm: 5.5 },
  { a: 112, b: 78, endDeg: 150, dropMm: 62, radiusMm: 5.5 },
  { a: 125, b: 84, endDeg: 148, dropMm: 70, radiusMm: 5.5 },
  { a: 133, b: 88, endDeg: 146, dropMm: 74, radiusMm: 5.5 },
  { a: 138, b: 90, endDeg: 144, dropMm: 78, radiusMm: 5.5 },
  { a: 140, b: 90, endDeg: 140, dropMm: 80, radiusMm: 5.5 },
  { a: 140, b: 90, endDeg: 130, dropMm: 78, radiusMm: 5.5 },
  { a: 138, b: 88, endDeg: 122, dropMm: 72, radiusMm: 5 },
  { a: 134, b: 86, endDeg: 112, dropMm: 62, radiusMm: 5 },
  { a: 126, b: 82, endDeg: 95, dropMm: 45, radiusMm: 4.5 },
  { a: 112, b: 76, endDeg: 70, dropMm: 28, radiusMm: 4.5 },
];

function rib(number: number, level: VertebraLevel, side: 1 | -1): BonePrimitive {
  const hoop = ribHoops[number - 1]!;
  const centreY = level.yMm + 25 - hoop.b;
  const start = Math.asin(Math.min(1, (level.semiWidthMm + 14) / hoop.a));
  const end = (hoop.endDeg * Math.PI) / 180;
  const points: Vec3[] = [[side * (level.semiWidthMm + 3), level.yMm + 0.6 * level.semiDepthMm, level.zMm]];
  const steps = 16;
  for (let i = 0; i <= steps; i++) {
    const u = i / steps;
    const angle = start + (end - start) * u;
    points.push([
      side * hoop.a * Math.sin(angle),
      centreY + hoop.b * Math.cos(angle),
      level.zMm - hoop.dropMm * Math.pow(u, 0.9),
    ]);
  }
  return tube(`${side === 1 ? 'left' : 'right'} rib ${number}`, points, hoop.radiusMm, 'cortical');
}

/** The sternum's line: notch at (y −42, z 80), sloping forward 0.263 mm per mm down (est. 15°). */
function sternumY(zMm: number): number {
  return -42 - (bodyFrame.sternalNotchZMm - zMm) * 0.263;
}

function thoraxAndShoulders(levels: VertebraLevel[]): BonePrimitive[] {
  const bones: BonePrimitive[] = [];
  const thoracic = levels.filter((level) => level.region === 'thoracic');
  thoracic.forEach((level, index) => {
    bones.push(rib(index + 1, level, -1), rib(index + 1, level, 1));
  });
  const tilt = axesTurnedAboutX(Math.atan(-0.263));
  const notch = bodyFrame.sternalNotchZMm;
  bones.push(
    box('manubrium', [0, sternumY(notch - 21), notch - 21], [26, 6, 21], tilt, 'cancellous'),
    box('sternal body', [0, sternumY(notch - 105), notch - 105], [16, 6, 60], tilt, 'cancellous'),
    capsule(
      'xiphoid process',
      [0, sternumY(notch - 168), notch - 168],
      [0, sternumY(notch - 190), notch - 190],
      5,
      'cancellous',
    ),
    ...sides((side, s) =>
      tube(
        `${s} clavicle`,
        [
          [side * 20, -40, notch + 4],
          [side * 55, -48, notch + 14],
          [side * 100, -38, notch + 22],
          [side * 140, -10, notch + 26],
          [side * 165, 18, notch + 26],
        ],
        7,
        'cortical',
      ),
    ),
    // Scapulae lie on the back of the ribs from T2 to T7, along the chest wall (est. 80 × 140 mm).
    ...sides((side, s) =>
      box(`${s} scapula`, [side * 95, 95, 15], [40, 70, 4], axesFrom([side * 0.84, -0.54, 0], [0, 0, 1]), 'cortical'),
    ),
  );
  return bones;
}

function headBones(): BonePrimitive[] {
  return [
    // Vault: outside about 160 wide, 196 front to back, top at 395 (est.); open below the base.
    {
      kind: 'ellipsoid',
      name: 'skull vault',
      boneDensity: 'cortical',
      centre: [0, 5, 268],
      semiAxesMm: [80, 98, 127],
      axes: identityAxes,
      shellThicknessMm: 6.5,
      clipBelowZMm: bodyFrame.skullBaseZMm - 14,
    },
    ellipsoid('skull base', [0, 8, bodyFrame.skullBaseZMm], [68, 82, 8], 'cancellous'),
    tube(
      'mandible',
      [
        [-52, 18, 242],
        [-53, 9, 222],
        [-51, 2, 204],
        [-42, -25, 194],
        [-24, -60, 189],
        [0, -75, 187],
        [24, -60, 189],
        [42, -25, 194],
        [51, 2, 204],
        [53, 9, 222],
        [52, 18, 242],
      ],
      7,
      'cortical',
    ),
  ];
}

function pelvisAndHips(): BonePrimitive[] {
  const headZ = bodyFrame.femoralHeadZMm;
  const headX = bodyFrame.femoralHeadHalfSpacingMm;
  const symphysisZ = bodyFrame.pubicSymphysisZMm;
  const sacrumAxes = axesTurnedAboutX(0.388); // tipped about 22° from vertical, base forward (est.)
  return [
    box('sacrum', [0, 80, bodyFrame.l5ZMm - 63], [48, 14, 50], sacrumAxes, 'cancellous'),
    capsule('coccyx', [0, 102, bodyFrame.l5ZMm - 113], [0, 94, bodyFrame.l5ZMm - 137], 5, 'cancellous'),
    ...sides((side, s) => {
      // The wing spans posterior superior iliac spine (45, 95, −360) to anterior superior iliac
      // spine (115, −45, −370), its crest at about L4 (z −305); it flares outward above.
      const along: Vec3 = [side * 0.446, -0.892, -0.064];
      const up: Vec3 = [side * 0.418, 0.145, 0.896];
      return ellipsoid(`${s} iliac wing`, [side * 95, 30, -350], [80, 58, 7], 'cortical', axesFrom(along, up));
    }),
    ...sides((side, s) =>
      capsule(`${s} superior pubic ramus`, [side * 74, 4, headZ + 5], [side * 16, -44, symphysisZ + 7], 9, 'cortical'),
    ),
    ...sides((side, s) =>
      capsule(
        `${s} pubic body`,
        [side * 14, -44, symphysisZ + 10],
        [side * 12, -40, symphysisZ - 13],
        10,
        'cancellous',
      ),
    ),
    ...sides((side, s) =>
      capsule(
        `${s} inferior pubic ramus`,
        [side * 14, -36, symphysisZ - 15],
        [side * 52, 8, symphysisZ - 40],
        7,
        'cortical',
      ),
    ),
    ...sides((side, s) =>
      capsule(`${s} ischium`, [side * 78, 25, headZ - 10], [side * 58, 28, headZ - 75], 13, 'cancellous'),
    ),
    ...sides((side, s) => ellipsoid(`${s} femoral head`, [side * headX, 5, headZ], [24, 24, 24], 'cancellous')),
    ...sides((side, s) =>
      capsule(`${s} femoral neck`, [side * headX, 5, headZ], [side * 138, 14, headZ - 36], 15, 'cancellous'),
    ),
    ...sides((side, s) =>
      ellipsoid(`${s} greater trochanter`, [side * 152, 18, headZ - 32], [16, 22, 26], 'cancellous'),
    ),
    ...sides((side, s) =>
      capsule(`${s} femoral shaft`, [side * 142, 16, headZ - 48], [side * 108, 26, headZ - 440], 14, 'cortical'),
    ),
  ];
}

/** Every bone of the atlas patient. */
export function atlasSkeleton(): BonePrimitive[] {
  const levels = vertebraLevels();
  return [...headBones(), ...levels.flatMap(vertebra), ...thoraxAndShoulders(levels), ...pelvisAndHips()];
}

const boneDetail: Record<MeshDetail, { around: number; latitudes: number }> = {
  high: { around: 20, latitudes: 14 },
  medium: { around: 12, latitudes: 9 },
  low: { around: 8, latitudes: 6 },
};

export function buildSkeletonMesh(
  bones: readonly BonePrimitive[] = atlasSkeleton(),
  detail: MeshDetail = 'medium',
): MeshData {
  return buildBoneMesh(bones, boneDetail[detail]);
}

function sides<T>(make: (side: 1 | -1, name: 'left' | 'right') => T): T[] {
  return [make(-1, 'right'), make(1, 'left')];
}

function capsule(name: string, startMm: Vec3, endMm: Vec3, radiusMm: number, boneDensity: BoneDensity): BonePrimitive {
  return { kind: 'capsule', name, boneDensity, startMm, endMm, radiusMm };
}

function tube(name: string, pointsMm: Vec3[], radiusMm: number, boneDensity: BoneDensity): BonePrimitive {
  return { kind: 'tube', name, boneDensity, pointsMm, radiusMm };
}

function box(name: string, centre: Vec3, halfSizeMm: Vec3, axes: Axes, boneDensity: BoneDensity): BonePrimitive {
  return { kind: 'box', name, boneDensity, centre, halfSizeMm, axes };
}

function ellipsoid(
  name: string,
  centre: Vec3,
  semiAxesMm: Vec3,
  boneDensity: BoneDensity,
  axes = identityAxes,
): BonePrimitive {
  return { kind: 'ellipsoid', name, boneDensity, centre, semiAxesMm, axes, shellThicknessMm: null, clipBelowZMm: null };
}
