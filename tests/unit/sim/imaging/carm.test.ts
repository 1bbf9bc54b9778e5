import { describe, expect, it } from 'vitest';
import {
  clampCArmPose,
  clipFromRoomMatrix,
  defaultCArmPose,
  detectorImageRect,
  exposedImageRect,
  fieldAreaCm2AtDetector,
  fieldAreaCm2AtReferencePoint,
  FieldValueError,
  parseProjectionName,
  projectionName,
  projectionOf,
  projectToImage,
  tableOffsetMm,
  validateCArmPose,
  type CArmPose,
} from '../../../../src/sim/imaging/carm.ts';

function pose(changes: Partial<CArmPose> = {}): CArmPose {
  return { ...defaultCArmPose, ...changes };
}

/** Side of the displayed square at the detector for FOV 32: 320 / √2 mm. */
const side32 = 320 / Math.SQRT2;

function expectVec(actual: readonly number[], expected: readonly number[], digits = 12) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, digits));
}

describe('C-arm pose', () => {
  it('defaults to AP, SID 1100, FOV 32, open shutters and the table at home', () => {
    expect(defaultCArmPose).toMatchObject({ laoDeg: 0, cranDeg: 0, sourceToDetectorMm: 1100, fieldOfViewCm: 32 });
    expect(validateCArmPose(pose())).toEqual(pose());
  });

  it('rejects out-of-range values, naming the field and the value', () => {
    expect(() => validateCArmPose(pose({ cranDeg: 60 }))).toThrow(/^cranDeg 60 is outside -45…45 degrees$/);
    expect(() => validateCArmPose(pose({ laoDeg: -130 }))).toThrow(/laoDeg -130 is outside -120…120/);
    expect(() => validateCArmPose(pose({ sourceToDetectorMm: 850 }))).toThrow(
      /sourceToDetectorMm 850 is outside 900…1200/,
    );
    expect(() => validateCArmPose(pose({ fieldOfViewCm: 30 as never }))).toThrow(
      /fieldOfViewCm 30 is not one of 48, 42, 32, 22, 16/,
    );
    expect(() => validateCArmPose(pose({ collimation: { ...defaultCArmPose.collimation, topFraction: 0.6 } }))).toThrow(
      /collimation.topFraction 0.6 is outside 0…0.45/,
    );
    expect(() => validateCArmPose(pose({ table: { ...defaultCArmPose.table, lateralMm: 400 } }))).toThrow(
      /table.lateralMm 400/,
    );
    expect(() => validateCArmPose(pose({ laoDeg: Number.NaN }))).toThrow(/laoDeg NaN is not a finite number/);
    try {
      validateCArmPose(pose({ cranDeg: 60 }));
    } catch (error) {
      expect(error).toBeInstanceOf(FieldValueError);
      expect(error).toMatchObject({ field: 'cranDeg', value: 60 });
    }
  });

  it('clamps a pose for the UI controls', () => {
    const clamped = clampCArmPose(
      pose({ laoDeg: 200, cranDeg: Number.NaN, sourceToDetectorMm: 1500, fieldOfViewCm: 30 as never }),
    );
    expect(clamped).toMatchObject({ laoDeg: 120, cranDeg: 0, sourceToDetectorMm: 1200, fieldOfViewCm: 32 });
    expect(validateCArmPose(clamped)).toBe(clamped);
  });

  it('moves the patient with the table: longitudinal toward the feet (+z), lateral +x, height +y', () => {
    expect(tableOffsetMm(pose({ table: { longitudinalMm: 100, lateralMm: -20, heightMm: 30 } }))).toEqual([
      -20, 30, 100,
    ]);
  });
});

describe('C-arm projection', () => {
  it('at AP puts the source below the table, the detector above, the head up and patient-left to the right', () => {
    const p = projectionOf(pose());
    expectVec(p.source, [0, -720, 0]);
    expectVec(p.detectorCentre, [0, 380, 0]);
    expectVec(p.beam, [0, 1, 0]);
    expectVec(p.right, [1, 0, 0]);
    expectVec(p.up, [0, 0, -1]);
    expect(p.imageSideMm).toBeCloseTo(side32, 12);
  });

  it('at LAO 90 shows the patient from the left: beam +x, anterior (+y) on the left of the image', () => {
    const p = projectionOf(pose({ laoDeg: 90 }));
    expectVec(p.beam, [1, 0, 0]);
    expectVec(p.right, [0, -1, 0]);
    expectVec(p.up, [0, 0, -1]);
    expectVec(p.source, [-720, 0, 0]);
  });

  it('projects hand-computed points at AP', () => {
    const p = projectionOf(pose());
    const isocentre = projectToImage(p, [0, 0, 0]);
    expect(isocentre.u).toBeCloseTo(0, 12);
    expect(isocentre.v).toBeCloseTo(0, 12);
    expect(isocentre.depthMm).toBeCloseTo(720, 12);
    // 10 mm toward the patient's left, magnified 1100/720, over half the image side.
    const left = projectToImage(p, [10, 0, 0]);
    expect(left.u).toBeCloseTo((10 * (1100 / 720)) / (side32 / 2), 12);
    expect(left.v).toBeCloseTo(0, 12);
    // 100 mm nearer the source (620 mm from it): magnified 1100/620.
    const nearSource = projectToImage(p, [10, -100, 0]);
    expect(nearSource.u).toBeCloseTo((10 * (1100 / 620)) / (side32 / 2), 12);
    expect(nearSource.depthMm).toBeCloseTo(620, 12);
    // 20 mm toward the head (−z) goes up the image.
    expect(projectToImage(p, [0, 0, -20]).v).toBeCloseTo((20 * (1100 / 720)) / (side32 / 2), 12);
  });

  it('projects a hand-computed point at LAO 90: anterior goes left', () => {
    // Beam +x, source at (−720, 0, 0); right = −y. A point 10 mm anterior (+y) at the isocentre
    // lands at u = −10·(1100/720)/(side/2).
    const p = projectionOf(pose({ laoDeg: 90 }));
    const anterior = projectToImage(p, [0, 10, 0]);
    expect(anterior.u).toBeCloseTo((-10 * (1100 / 720)) / (side32 / 2), 12);
    expect(anterior.v).toBeCloseTo(0, 12);
  });

  it('projects a hand-computed point at CRAN 30', () => {
    // D = (0, cos30, −sin30) = (0, 0.8660, −0.5); S = −720·D = (0, −623.5, 360).
    // U = (0,0,−1) minus its part along D (−1·−0.5 = 0.5): (0, −0.4330, −0.75), length 0.8660 →
    // (0, −0.5, −0.8660). R = U × D = (1, 0, 0).
    // The point (0, 0, −100) (100 mm toward the head): d = p − S = (0, 623.5, −460);
    // depth = d·D = 540 + 230 = 770; d·U = −311.8 + 398.4 = 86.6; v = 86.6·1100/770/(side/2).
    const p = projectionOf(pose({ cranDeg: 30 }));
    expectVec(p.beam, [0, Math.sqrt(3) / 2, -0.5]);
    expectVec(p.up, [0, -0.5, -Math.sqrt(3) / 2]);
    expectVec(p.right, [1, 0, 0]);
    const headward = projectToImage(p, [0, 0, -100]);
    expect(headward.depthMm).toBeCloseTo(720 + 100 * 0.5, 9);
    expect(headward.v).toBeCloseTo((100 * (Math.sqrt(3) / 2) * (1100 / 770)) / (side32 / 2), 9);
    expect(headward.u).toBeCloseTo(0, 12);
  });

  it('follows SID: a longer SID magnifies more', () => {
    const p = projectionOf(pose({ sourceToDetectorMm: 1200 }));
    expectVec(p.detectorCentre, [0, 480, 0]);
    expect(projectToImage(p, [10, 0, 0]).u).toBeCloseTo((10 * (1200 / 720)) / (side32 / 2), 12);
  });

  it('builds a clip matrix that agrees with projectToImage', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 50; trial++) {
      const p = projectionOf(
        pose({ laoDeg: -120 + 240 * next(), cranDeg: -45 + 90 * next(), sourceToDetectorMm: 900 + 300 * next() }),
      );
      const near = 300;
      const far = 1100;
      const m = clipFromRoomMatrix(p, near, far);
      for (let k = 0; k < 5; k++) {
        const point = [-200 + 400 * next(), -200 + 400 * next(), -200 + 400 * next()];
        const clip = [0, 1, 2, 3].map(
          (row) => m[row]! * point[0]! + m[4 + row]! * point[1]! + m[8 + row]! * point[2]! + m[12 + row]!,
        );
        const image = projectToImage(p, point);
        expect(clip[0]! / clip[3]!).toBeCloseTo(image.u, 9);
        expect(clip[1]! / clip[3]!).toBeCloseTo(image.v, 9);
        expect(clip[3]!).toBeCloseTo(image.depthMm, 9);
      }
      // Depth runs −1 at the near distance and +1 at the far distance along the beam.
      for (const [distance, ndc] of [
        [near, -1],
        [far, 1],
      ] as const) {
        const point = p.beam.map((d, i) => p.source[i]! + distance * d);
        const z = m[2]! * point[0]! + m[6]! * point[1]! + m[10]! * point[2]! + m[14]!;
        const w = m[3]! * point[0]! + m[7]! * point[1]! + m[11]! * point[2]! + m[15]!;
        expect(z / w).toBeCloseTo(ndc, 9);
      }
    }
  });
});

describe('C-arm field', () => {
  it('lets the FOV 48 square overrun the 300 mm detector height but not FOV 42', () => {
    // 480/√2 = 339.4 mm > 300 mm; 420/√2 = 297.0 mm < 300 mm.
    const rect48 = detectorImageRect(pose({ fieldOfViewCm: 48 }));
    expect(rect48.vMax).toBeCloseTo(300 / (480 / Math.SQRT2), 12);
    expect(rect48.uMax).toBe(1);
    expect(detectorImageRect(pose({ fieldOfViewCm: 42 }))).toEqual({ uMin: -1, uMax: 1, vMin: -1, vMax: 1 });
    expect(fieldAreaCm2AtDetector(pose({ fieldOfViewCm: 48 }))).toBeCloseTo((33.941 * 30) / 1, 1);
    expect(fieldAreaCm2AtDetector(pose({ fieldOfViewCm: 32 }))).toBeCloseTo(32 ** 2 / 2, 9);
  });

  it('halves the field when the shutters close half of it', () => {
    const open = fieldAreaCm2AtDetector(pose());
    const halved = fieldAreaCm2AtDetector(
      pose({ collimation: { leftFraction: 0.25, rightFraction: 0.25, topFraction: 0, bottomFraction: 0 } }),
    );
    expect(halved).toBeCloseTo(open / 2, 9);
    expect(
      exposedImageRect(
        pose({ collimation: { leftFraction: 0.25, rightFraction: 0, topFraction: 0.1, bottomFraction: 0 } }),
      ),
    ).toEqual({ uMin: -0.5, uMax: 1, vMin: -1, vMax: 0.8 });
  });

  it('scales the field to the interventional reference point (570 mm from the source)', () => {
    const atDetector = fieldAreaCm2AtDetector(pose());
    expect(fieldAreaCm2AtReferencePoint(pose())).toBeCloseTo(atDetector * (570 / 1100) ** 2, 9);
    // The FOV is fixed at the detector, so moving the detector away narrows the cone.
    expect(fieldAreaCm2AtReferencePoint(pose({ sourceToDetectorMm: 1200 }))).toBeCloseTo(
      atDetector * (570 / 1200) ** 2,
      9,
    );
  });
});

describe('projection names', () => {
  it('names views the way the clinic does, rounding to whole degrees', () => {
    expect(projectionName({ laoDeg: 0, cranDeg: 0.3 })).toBe('AP');
    expect(projectionName({ laoDeg: 30.4, cranDeg: 20 })).toBe('LAO 30 CRAN 20');
    expect(projectionName({ laoDeg: -30, cranDeg: -15 })).toBe('RAO 30 CAUD 15');
    expect(projectionName({ laoDeg: 90, cranDeg: 0 })).toBe('LAO 90');
    expect(projectionName({ laoDeg: 0, cranDeg: -20 })).toBe('CAUD 20');
  });

  it('parses names back to angles', () => {
    for (const name of ['AP', 'LAO 30 CRAN 20', 'RAO 30 CAUD 15', 'LAO 90', 'CAUD 20', 'RAO 5'])
      expect(projectionName(parseProjectionName(name))).toBe(name);
    expect(parseProjectionName('rao30 cran 12.5')).toEqual({ laoDeg: -30, cranDeg: 12.5 });
    expect(parseProjectionName('AP')).toEqual({ laoDeg: 0, cranDeg: 0 });
  });

  it('refuses text that is not a view, quoting it', () => {
    expect(() => parseProjectionName('lateral')).toThrow(/projection name "lateral" is not a C-arm view/);
    expect(() => parseProjectionName('')).toThrow(/projection name ""/);
    expect(() => parseProjectionName('CRAN 20 LAO 30')).toThrow(/is not a C-arm view/);
    expect(() => parseProjectionName('CRAN 60')).toThrow(/cranDeg 60 is outside -45…45/);
  });
});
