import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createLumenIndex,
  createNearestResult,
  createWallResult,
  isInsideLumen,
  lumenClearanceMm,
  nearestCentrelinePoint,
  pathBetween,
  segmentAt,
  territoryAt,
  type LumenIndex,
} from '../../../../src/sim/anatomy/lumen-index.ts';
import {
  createWallCandidates,
  lumenClearanceNear,
  lumenClearanceOnly,
} from '../../../../src/sim/anatomy/lumen-queries.ts';
import {
  cumulativeArcMm,
  sampleAtArc,
  type Territory,
  type VesselSegment,
  type VesselTree,
} from '../../../../src/sim/anatomy/model.ts';
import { createRandomState, nextInRange, nextUnit, type RandomState } from '../../../../src/sim/math/random.ts';

type Vec3 = readonly [number, number, number];

/** A vessel sampled along straight pieces through `corners`, every `stepMm`, radius linear in arc length. */
function vessel(
  key: string,
  corners: readonly Vec3[],
  radii: readonly [number, number],
  stepMm: number,
  extra: Partial<VesselSegment> = {},
): VesselSegment {
  const coordinates: number[] = [...corners[0]!];
  for (let c = 1; c < corners.length; c++) {
    const [a, b] = [corners[c - 1]!, corners[c]!];
    const count = Math.max(1, Math.round(Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) / stepMm));
    for (let i = 1; i <= count; i++) {
      coordinates.push(...a.map((value, axis) => value + ((b[axis]! - value) * i) / count));
    }
  }
  const points = Float64Array.from(coordinates);
  const arcMm = cumulativeArcMm(points);
  const total = arcMm[arcMm.length - 1]!;
  const radiiMm = arcMm.map((arc) => radii[0] + ((radii[1] - radii[0]) * arc) / total);
  return {
    key,
    name: key,
    parent: -1,
    children: [],
    parentArcMm: 0,
    continuation: false,
    points,
    radiiMm,
    arcMm,
    territory: null,
    ...extra,
  };
}

/** Links children to parents by key; each child's first point is already on its parent. */
function treeOf(name: string, segments: VesselSegment[], parents: Record<string, string> = {}): VesselTree {
  for (const [child, parent] of Object.entries(parents)) {
    const childIndex = segments.findIndex((segment) => segment.key === child);
    const parentIndex = segments.findIndex((segment) => segment.key === parent);
    segments[childIndex]!.parent = parentIndex;
    segments[parentIndex]!.children.push(childIndex);
  }
  return { name, segments };
}

function expectVec(actual: Float64Array, expected: Vec3, digits = 9): void {
  expected.forEach((value, axis) => expect(actual[axis]).toBeCloseTo(value, digits));
}

const brain: Territory = { kind: 'brain', name: 'left MCA territory' };

describe('lumen index on a straight tube (radius 5 mm along +z, 0 to 100 mm)', () => {
  const tube = treeOf('tube', [
    vessel(
      'tube',
      [
        [0, 0, 0],
        [0, 0, 100],
      ],
      [5, 5],
      10,
      { territory: brain },
    ),
  ]);
  const index = createLumenIndex(tube, 4);
  const nearest = createNearestResult();
  const wall = createWallResult();

  it('finds the closest centreline point, its arc length, distance and radius', () => {
    expect(nearestCentrelinePoint(index, 3, 4, 53, nearest)).toBe(true);
    expect(nearest.segment).toBe(0);
    expect(nearest.sample).toBe(5);
    expect(nearest.fraction).toBeCloseTo(0.3, 12);
    expect(nearest.arcMm).toBeCloseTo(53, 12);
    expectVec(nearest.point, [0, 0, 53]);
    expect(nearest.distanceMm).toBeCloseTo(5, 12);
    expect(nearest.radiusMm).toBeCloseTo(5, 12);
  });

  it('clamps to the end sample beyond the tube, and scans everything for a point far outside the grid', () => {
    nearestCentrelinePoint(index, 0, 0, 107, nearest);
    expect(nearest.arcMm).toBeCloseTo(100, 12);
    expect(nearest.distanceMm).toBeCloseTo(7, 12);
    nearestCentrelinePoint(index, 1000, 0, 50, nearest);
    expectVec(nearest.point, [0, 0, 50]);
    expect(nearest.distanceMm).toBeCloseTo(1000, 9);
    expect(isInsideLumen(index, 1000, 0, 50)).toBe(false);
    expect(lumenClearanceMm(index, 1000, 0, 50, wall)).toBeCloseTo(-995, 9);
    expect(segmentAt(index, 1000, 0, 50)).toBe(-1);
  });

  it('tells inside from outside across the wall, shrunk by a margin, and around the rounded ends', () => {
    expect(isInsideLumen(index, 4.9, 0, 50)).toBe(true);
    expect(isInsideLumen(index, 5.1, 0, 50)).toBe(false);
    expect(isInsideLumen(index, 0, -3.9, 50, 1)).toBe(true);
    expect(isInsideLumen(index, 0, -4.1, 50, 1)).toBe(false);
    expect(isInsideLumen(index, 0, 0, 104.9)).toBe(true);
    expect(isInsideLumen(index, 0, 0, 105.1)).toBe(false);
    expect(isInsideLumen(index, 3, 0, 103)).toBe(true); // 4.24 mm from the end sample
    expect(isInsideLumen(index, 4, 0, 103.5)).toBe(false); // 5.32 mm from it
    expect(isInsideLumen(index, 5.5, 0, 50, -1)).toBe(true); // a negative margin grows the lumen
    expect(isInsideLumen(index, 6.5, 0, 50, -1)).toBe(false);
  });

  it('measures signed clearance to the wall with its outward normal', () => {
    expect(lumenClearanceMm(index, 2, 0, 50, wall)).toBeCloseTo(3, 12);
    expect(wall.segment).toBe(0);
    expect(wall.arcMm).toBeCloseTo(50, 12);
    expectVec(wall.normal, [1, 0, 0]);
    expect(lumenClearanceMm(index, 0, 7, 31, wall)).toBeCloseTo(-2, 12);
    expectVec(wall.normal, [0, 1, 0]);
    expect(lumenClearanceMm(index, 0, 0, 108, wall)).toBeCloseTo(-3, 12);
    expectVec(wall.normal, [0, 0, 1]);
  });

  it('gives a unit normal across the vessel for a point on the centreline', () => {
    expect(lumenClearanceMm(index, 0, 0, 42, wall)).toBeCloseTo(5, 12);
    expect(Math.hypot(...wall.normal)).toBeCloseTo(1, 12);
    expect(wall.normal[2]).toBeCloseTo(0, 12);
  });

  it('names the vessel and territory at a point, and nothing outside', () => {
    expect(segmentAt(index, 1, 1, 20)).toBe(0);
    expect(territoryAt(tube, index, 1, 1, 20)).toBe(brain);
    expect(segmentAt(index, 6, 0, 20)).toBe(-1);
    expect(territoryAt(tube, index, 6, 0, 20)).toBeNull();
  });

  it('answers nothing for a point that is not a number', () => {
    nearest.segment = 99;
    expect(nearestCentrelinePoint(index, NaN, 0, 0, nearest)).toBe(false);
    expect(nearest.segment).toBe(99);
    expect(isInsideLumen(index, 0, Infinity, 0)).toBe(false);
    expect(lumenClearanceMm(index, 0, 0, NaN, wall)).toBeNaN();
    expect(wall.segment).toBe(-1);
    expect(segmentAt(index, NaN, NaN, NaN)).toBe(-1);
  });

  it('rejects a cell size that is not a positive length, or one that makes a huge grid', () => {
    expect(() => createLumenIndex(tube, 0)).toThrow(/cell size must be a positive number of mm, got 0/);
    expect(() => createLumenIndex(tube, 0.01)).toThrow(/use a larger cell size/);
  });
});

describe('lumen index on a Y bifurcation (60° between the daughters)', () => {
  // Trunk up +z to the branch point at z = 60; daughters at ±30° from +z in the x–z plane.
  const half = Math.PI / 6;
  const branch: Vec3 = [0, 0, 60];
  const tip = (side: number): Vec3 => [side * 50 * Math.sin(half), 0, 60 + 50 * Math.cos(half)];
  const left: Territory = { kind: 'brain', name: 'left' };
  const tree = treeOf(
    'Y',
    [
      vessel('trunk', [[0, 0, 0], branch], [4, 4], 2),
      vessel('daughter-a', [branch, tip(1)], [3, 3], 1, { parentArcMm: 60, territory: left }),
      vessel('daughter-b', [branch, tip(-1)], [3, 3], 1, { parentArcMm: 60 }),
      vessel('daughter-a-twig', [tip(1), [40, 0, 103.3]], [1, 1], 1, { parentArcMm: 50 }),
    ],
    { 'daughter-a': 'trunk', 'daughter-b': 'trunk', 'daughter-a-twig': 'daughter-a' },
  );
  const index = createLumenIndex(tree, 3);
  const nearest = createNearestResult();
  const wall = createWallResult();
  const alongA = (distance: number): Vec3 => [distance * Math.sin(half), 0, 60 + distance * Math.cos(half)];

  it('places a point on a daughter, with its arc length measured from the branch point', () => {
    const [x, y, z] = alongA(30);
    nearestCentrelinePoint(index, x, y + 2, z, nearest);
    expect(tree.segments[nearest.segment]!.key).toBe('daughter-a');
    expect(nearest.arcMm).toBeCloseTo(30, 9);
    expect(nearest.distanceMm).toBeCloseTo(2, 9);
    expect(segmentAt(index, x, y + 2, z)).toBe(1);
    expect(territoryAt(tree, index, x, y + 2, z)).toBe(left);
    expect(territoryAt(tree, index, -x, y, z)).toBeNull(); // daughter b has no territory set
    expect(lumenClearanceMm(index, x, y + 2, z, wall)).toBeCloseTo(1, 9);
    expectVec(wall.normal, [0, 1, 0]);
  });

  it('puts the crotch between the daughters outside the lumen, by h·sin 30° from each axis', () => {
    // 10 mm above the branch point on the symmetry axis: 5 mm from both daughters' axes (radius 3).
    nearestCentrelinePoint(index, 0, 0, 70, nearest);
    expect(nearest.distanceMm).toBeCloseTo(10 * Math.sin(half), 9);
    expect(['daughter-a', 'daughter-b']).toContain(tree.segments[nearest.segment]!.key);
    expect(isInsideLumen(index, 0, 0, 70)).toBe(false);
    expect(lumenClearanceMm(index, 0, 0, 70, wall)).toBeCloseTo(3 - 10 * Math.sin(half), 9);
    // 4 mm above: 2 mm from each axis, inside both daughters.
    expect(isInsideLumen(index, 0, 0, 64)).toBe(true);
    expect(lumenClearanceMm(index, 0, 0, 64, wall)).toBeCloseTo(1, 9);
  });

  it('assigns a point just below the branch point to the trunk, the deepest capsule there', () => {
    expect(segmentAt(index, 0.5, 0, 58)).toBe(0);
    expect(lumenClearanceMm(index, 0.5, 0, 58, wall)).toBeCloseTo(3.5, 9);
    expect(wall.segment).toBe(0);
  });

  it('walks up to the common ancestor and down again between vessels', () => {
    expect(pathBetween(tree, 'daughter-a', 'daughter-b')).toEqual(['daughter-a', 'trunk', 'daughter-b']);
    expect(pathBetween(tree, 'daughter-a-twig', 'daughter-b')).toEqual([
      'daughter-a-twig',
      'daughter-a',
      'trunk',
      'daughter-b',
    ]);
    expect(pathBetween(tree, 'trunk', 'daughter-a-twig')).toEqual(['trunk', 'daughter-a', 'daughter-a-twig']);
    expect(pathBetween(tree, 'daughter-a-twig', 'daughter-a')).toEqual(['daughter-a-twig', 'daughter-a']);
    expect(pathBetween(tree, 'daughter-b', 'daughter-b')).toEqual(['daughter-b']);
  });

  it('names the tree and the unknown vessel, listing the ones it has', () => {
    expect(() => pathBetween(tree, 'trunk', 'basilar')).toThrow(
      'Y has no vessel "basilar"; it has trunk, daughter-a, daughter-b, daughter-a-twig',
    );
    expect(() => pathBetween(tree, 'aorta', 'trunk')).toThrow(/no vessel "aorta"/);
  });
});

describe('lumen index on a tapering tube (radius 6 → 2 mm over 100 mm along +x)', () => {
  const taper = treeOf('taper', [
    vessel(
      'taper',
      [
        [0, 0, 0],
        [100, 0, 0],
      ],
      [6, 2],
      5,
    ),
  ]);
  const index = createLumenIndex(taper);
  const nearest = createNearestResult();
  const wall = createWallResult();

  it('interpolates the radius along the vessel', () => {
    nearestCentrelinePoint(index, 25, 1, 1, nearest);
    expect(nearest.radiusMm).toBeCloseTo(5, 12);
    nearestCentrelinePoint(index, 77.5, -1, 0, nearest);
    expect(nearest.radiusMm).toBeCloseTo(2.9, 12);
  });

  it('follows the narrowing wall for inside tests, with and without a margin', () => {
    expect(isInsideLumen(index, 25, 4.9, 0)).toBe(true);
    expect(isInsideLumen(index, 25, 5.1, 0)).toBe(false);
    expect(isInsideLumen(index, 75, 0, 2.9)).toBe(true);
    expect(isInsideLumen(index, 75, 0, 3.1)).toBe(false);
    expect(isInsideLumen(index, 50, 2.5, 0, 1)).toBe(true); // clearance 1.5
    expect(isInsideLumen(index, 50, 3.5, 0, 1)).toBe(false); // clearance 0.5
  });

  it('tilts the wall normal by the taper: (û − k·â) / √(1 + k²), k = −0.04', () => {
    // x = 52 mm: inside a sample-to-sample piece (samples every 5 mm), where the radius is 3.92 mm.
    expect(lumenClearanceMm(index, 52, 3, 0, wall)).toBeCloseTo(0.92, 12);
    const k = -0.04;
    expectVec(wall.normal, [-k / Math.sqrt(1 + k * k), 1 / Math.sqrt(1 + k * k), 0]);
    // Moving along the normal closes on the wall at |∇f| = √(1 + k²) per mm.
    const step = 1e-4;
    const [nx, ny, nz] = wall.normal;
    const moved = lumenClearanceMm(index, 52 + step * nx!, 3 + step * ny!, step * nz!, wall);
    expect((0.92 - moved) / step).toBeCloseTo(Math.sqrt(1 + k * k), 6);
  });
});

// ---------------------------------------------------------------------------------------------
// Randomised comparison with a scan of every capsule.

interface BruteAnswer {
  distanceMm: number;
  clearanceMm: number;
  /** Largest clearance per segment, to check that the segment the index names achieves the answer. */
  clearanceBySegment: number[];
}

/** Every capsule, straight from the tree's own arrays (independent of the index's layout). */
function bruteForce(tree: VesselTree, x: number, y: number, z: number): BruteAnswer {
  let distanceMm = Infinity;
  let clearanceMm = -Infinity;
  const clearanceBySegment = tree.segments.map((segment) => {
    let best = -Infinity;
    const p = segment.points;
    for (let i = 0; i + 1 < segment.radiiMm.length; i++) {
      const a = [p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!];
      const d = [p[3 * i + 3]! - a[0]!, p[3 * i + 4]! - a[1]!, p[3 * i + 5]! - a[2]!];
      const lengthSq = d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2;
      const w = [x - a[0]!, y - a[1]!, z - a[2]!];
      const raw = lengthSq > 0 ? (w[0]! * d[0]! + w[1]! * d[1]! + w[2]! * d[2]!) / lengthSq : 0;
      const t = Math.min(1, Math.max(0, raw));
      const distance = Math.hypot(w[0]! - t * d[0]!, w[1]! - t * d[1]!, w[2]! - t * d[2]!);
      const radius = segment.radiiMm[i]! + t * (segment.radiiMm[i + 1]! - segment.radiiMm[i]!);
      distanceMm = Math.min(distanceMm, distance);
      best = Math.max(best, radius - distance);
    }
    clearanceMm = Math.max(clearanceMm, best);
    return best;
  });
  return { distanceMm, clearanceMm, clearanceBySegment };
}

/**
 * A random vessel tree: wandering centrelines with uneven sample spacing (now and then a
 * repeated sample, a zero-length piece), radii 0.3–9 mm with taper, branches leaving from
 * random points of random earlier vessels.
 */
function randomTree(random: RandomState): VesselTree {
  const segments: VesselSegment[] = [];
  const count = 1 + Math.floor(nextUnit(random) * 7);
  for (let s = 0; s < count; s++) {
    const parent = s === 0 ? -1 : Math.floor(nextUnit(random) * s);
    const start = new Float64Array(3);
    let parentArcMm = 0;
    if (parent >= 0) {
      const parentSegment = segments[parent]!;
      parentArcMm = nextUnit(random) * parentSegment.arcMm[parentSegment.arcMm.length - 1]!;
      sampleAtArc(parentSegment, parentArcMm, start);
    } else {
      for (let axis = 0; axis < 3; axis++) start[axis] = nextInRange(random, -50, 50);
    }
    const samples = 2 + Math.floor(nextUnit(random) * 40);
    const coordinates = [...start];
    const heading = [nextInRange(random, -1, 1), nextInRange(random, -1, 1), nextInRange(random, -1, 1)];
    for (let i = 1; i < samples; i++) {
      const step = nextUnit(random) < 0.05 ? 0 : nextInRange(random, 0.2, 6);
      for (let axis = 0; axis < 3; axis++) heading[axis]! += nextInRange(random, -0.5, 0.5);
      const norm = Math.hypot(...heading) || 1;
      for (let axis = 0; axis < 3; axis++)
        coordinates.push(coordinates[coordinates.length - 3]! + (step * heading[axis]!) / norm);
    }
    const points = Float64Array.from(coordinates);
    const startRadius = nextInRange(random, 0.3, 9);
    const endRadius = startRadius * nextInRange(random, 0.3, 1.2);
    const radiiMm = new Float64Array(samples).map(
      (_, i) => startRadius + ((endRadius - startRadius) * i) / (samples - 1),
    );
    segments.push({
      key: `vessel-${s}`,
      name: `Vessel ${s}`,
      parent,
      children: [],
      parentArcMm,
      continuation: false,
      points,
      radiiMm,
      arcMm: cumulativeArcMm(points),
      territory: null,
    });
    if (parent >= 0) segments[parent]!.children.push(s);
  }
  return { name: 'random tree', segments };
}

/** Query points: near random samples (within three radii), across the tree's box, and far away. */
function queryPoints(tree: VesselTree, random: RandomState, count: number): Vec3[] {
  const points: Vec3[] = [];
  for (let n = 0; n < count; n++) {
    const segment = tree.segments[Math.floor(nextUnit(random) * tree.segments.length)]!;
    const i = Math.floor(nextUnit(random) * segment.radiiMm.length);
    const kind = nextUnit(random);
    const reach = kind < 0.8 ? 3 * segment.radiiMm[i]! : kind < 0.95 ? 60 : 2000;
    points.push([
      segment.points[3 * i]! + nextInRange(random, -reach, reach),
      segment.points[3 * i + 1]! + nextInRange(random, -reach, reach),
      segment.points[3 * i + 2]! + nextInRange(random, -reach, reach),
    ]);
  }
  return points;
}

function checkAgainstBruteForce(tree: VesselTree, index: LumenIndex, random: RandomState, count: number): void {
  const nearest = createNearestResult();
  const wall = createWallResult();
  const onCentreline = new Float64Array(3);
  const tolerance = 1e-9;
  for (const [x, y, z] of queryPoints(tree, random, count)) {
    const truth = bruteForce(tree, x, y, z);
    const where = `point (${x}, ${y}, ${z}) in a ${tree.segments.length}-vessel tree, ${index.cellSizeMm} mm cells`;

    expect(nearestCentrelinePoint(index, x, y, z, nearest), where).toBe(true);
    expect(nearest.distanceMm, where).toBeCloseTo(truth.distanceMm, 9);
    // The point returned is where it says it is: on that segment at that arc length, that far
    // away, with the radius interpolated between the samples it names.
    const segment = tree.segments[nearest.segment]!;
    sampleAtArc(segment, nearest.arcMm, onCentreline);
    for (let axis = 0; axis < 3; axis++) expect(nearest.point[axis], where).toBeCloseTo(onCentreline[axis]!, 9);
    expect(Math.hypot(x - nearest.point[0]!, y - nearest.point[1]!, z - nearest.point[2]!), where).toBeCloseTo(
      truth.distanceMm,
      9,
    );
    const [i, t] = [nearest.sample, nearest.fraction];
    expect(nearest.arcMm, where).toBeCloseTo(segment.arcMm[i]! + t * (segment.arcMm[i + 1]! - segment.arcMm[i]!), 9);
    expect(nearest.radiusMm, where).toBeCloseTo(
      segment.radiiMm[i]! + t * (segment.radiiMm[i + 1]! - segment.radiiMm[i]!),
      9,
    );

    const clearance = lumenClearanceMm(index, x, y, z, wall);
    expect(clearance, where).toBeCloseTo(truth.clearanceMm, 9);
    expect(truth.clearanceBySegment[wall.segment], where).toBeCloseTo(truth.clearanceMm, 9);
    expect(Math.hypot(...wall.normal), where).toBeCloseTo(1, 9);

    for (const margin of [0, 0.4, -0.7]) {
      if (Math.abs(truth.clearanceMm - margin) > tolerance) {
        expect(isInsideLumen(index, x, y, z, margin), `${where}, margin ${margin}`).toBe(truth.clearanceMm > margin);
      }
    }
    const inside = segmentAt(index, x, y, z);
    if (truth.clearanceMm > tolerance)
      expect(truth.clearanceBySegment[inside], where).toBeCloseTo(truth.clearanceMm, 9);
    if (truth.clearanceMm < -tolerance) expect(inside, where).toBe(-1);
  }
}

describe('lumen index against a scan of every capsule', () => {
  it('agrees on nearest points, clearance, inside tests and vessels for 200 random trees and cell sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(2, 5, 8, 25), (seed, cellSizeMm) => {
        const random = createRandomState(seed);
        const tree = randomTree(random);
        checkAgainstBruteForce(tree, createLumenIndex(tree, cellSizeMm), random, 40);
      }),
      { numRuns: 200, seed: 20261123 },
    );
  });
});

describe('per-node wall candidates (the solver asks the same node again after a small move)', () => {
  it('give the answer of a full search, slot and clearance bit for bit, along random walks through 100 random trees', () => {
    let kept = 0;
    let asked = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(2, 5, 8), (seed, cellSizeMm) => {
        const random = createRandomState(seed);
        const tree = randomTree(random);
        const index = createLumenIndex(tree, cellSizeMm);
        const cache = createWallCandidates(3);
        const full = createWallResult();
        const near = createWallResult();
        for (let walk = 0; walk < 3; walk++) {
          // From inside a vessel, where a rod's nodes are.
          const segment = tree.segments[Math.floor(nextUnit(random) * tree.segments.length)]!;
          const i = Math.floor(nextUnit(random) * segment.radiiMm.length);
          const reach = 0.5 * segment.radiiMm[i]!;
          let x = segment.points[3 * i]! + nextInRange(random, -reach, reach);
          let y = segment.points[3 * i + 1]! + nextInRange(random, -reach, reach);
          let z = segment.points[3 * i + 2]! + nextInRange(random, -reach, reach);
          const node = walk;
          for (let step = 0; step < 60; step++) {
            // Mostly the sub-millimetre moves of a substep, now and then a jump.
            const size = nextUnit(random) < 0.9 ? 0.1 : 8;
            x += nextInRange(random, -size, size);
            y += nextInRange(random, -size, size);
            z += nextInRange(random, -size, size);
            lumenClearanceOnly(index, x, y, z, full);
            const before = cache.count[node];
            lumenClearanceNear(index, x, y, z, near, cache, node);
            const where = `step ${step} at (${x}, ${y}, ${z}), ${cellSizeMm} mm cells`;
            expect(near.capsule, where).toBe(full.capsule);
            expect(Object.is(near.clearanceMm, full.clearanceMm), where).toBe(true);
            asked++;
            if (before! > 0 && cache.point[3 * node] !== x) kept++;
          }
        }
      }),
      { numRuns: 100, seed: 20261124 },
    );
    // The entries answer a good share of these queries, so the comparison above tests them (a
    // walk soon leaves the thinner random vessels, and outside the lumen no entry is kept).
    expect(kept / asked).toBeGreaterThan(0.15);
  });
});
