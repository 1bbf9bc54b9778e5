import { buildAtlas } from '../src/sim/anatomy/atlas/index.ts';
import {
  createLumenIndex,
  createNearestResult,
  createWallResult,
  isInsideLumen,
  lumenClearanceMm,
  nearestCentrelinePoint,
  type LumenIndex,
} from '../src/sim/anatomy/lumen-index.ts';
import { cumulativeArcMm, sampleAtArc, type VesselSegment, type VesselTree } from '../src/sim/anatomy/model.ts';
import { createRandomState, nextGaussian, nextInRange, nextUnit, type RandomState } from '../src/sim/math/random.ts';
import type { Benchmark } from './run.ts';

/**
 * Lumen queries at points near the vessels, as the physics makes them: the procedural tree
 * (63 vessels, 4,823 samples) carries the 1,000,000-queries-per-second bar; the neuro atlas is
 * the anatomy the cases use. Points: a random centreline sample (uniform over samples, so small
 * vessels, which are sampled more finely, dominate), offset uniformly within a ball of twice the
 * local radius, so about a third fall inside the lumen. "random" visits them in random order
 * (cache-unfriendly); "along vessels" walks them sample by sample, as a rod's nodes do.
 * Inside tests use a 0.5 mm margin (a 0.035" wire's radius is 0.44 mm). Each figure is the median
 * of three passes of 2^20 queries. CELL_MM=<mm> overrides the index's cell size, for tuning.
 */
const pointCount = 1 << 17;
const queriesPerRun = 1 << 20;
const runs = 3;
/** Bifurcations from the trunk to the terminal vessels: 2^6 − 1 = 63 vessels. */
const lastGeneration = 5;

export const benchmark: Benchmark = {
  name: 'anatomy-queries',
  description: 'lumen index: nearest centreline point and inside tests per second near the vessels',
  run() {
    const cellSizeMm = process.env.CELL_MM ? Number(process.env.CELL_MM) : undefined;
    return {
      procedural: measureTree(proceduralTree(2026), cellSizeMm),
      neuroAtlas: measureTree(buildAtlas('neuro'), cellSizeMm),
    };
  },
};

function measureTree(tree: VesselTree, cellSizeMm: number | undefined): Record<string, unknown> {
  const buildStart = performance.now();
  const index = createLumenIndex(tree, cellSizeMm);
  const buildMs = performance.now() - buildStart;
  const random = nearPoints(tree, createRandomState(11), false);
  const along = nearPoints(tree, createRandomState(12), true);
  const nearest = createNearestResult();
  const wall = createWallResult();
  let sink = 0;
  const nearestRate = (points: Float64Array) =>
    rate(points, (x, y, z) => {
      nearestCentrelinePoint(index, x, y, z, nearest);
      sink += nearest.distanceMm;
    });
  const insideRate = (points: Float64Array) =>
    rate(points, (x, y, z) => {
      if (isInsideLumen(index, x, y, z, 0.5)) sink++;
    });
  const figures = {
    segments: tree.segments.length,
    samples: tree.segments.reduce((sum, segment) => sum + segment.radiiMm.length, 0),
    cellSizeMm: index.cellSizeMm,
    cells: index.cellsX * index.cellsY * index.cellsZ,
    lumenListEntries: index.lumenCapsules.length,
    buildMs: round(buildMs),
    insideFraction: round(insideFraction(index, random)),
    nearestRandom: nearestRate(random),
    nearestAlongVessels: nearestRate(along),
    insideRandom: insideRate(random),
    insideAlongVessels: insideRate(along),
    clearanceRandom: rate(random, (x, y, z) => {
      sink += lumenClearanceMm(index, x, y, z, wall);
    }),
  };
  return { ...figures, checksum: Number.isFinite(sink) };
}

/** Median of `runs` timed passes of `queriesPerRun` queries, after one warm-up pass. */
function rate(points: Float64Array, query: (x: number, y: number, z: number) => void) {
  const timings: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const start = performance.now();
    for (let q = 0; q < queriesPerRun; q++) {
      const i = 3 * (q & (pointCount - 1));
      query(points[i]!, points[i + 1]!, points[i + 2]!);
    }
    if (run > 0) timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  const ms = timings[timings.length >> 1]!;
  return { queriesPerSecond: Math.round((queriesPerRun / ms) * 1000), nsPerQuery: round((ms * 1e6) / queriesPerRun) };
}

function insideFraction(index: LumenIndex, points: Float64Array): number {
  let inside = 0;
  for (let i = 0; i < pointCount; i++)
    if (isInsideLumen(index, points[3 * i]!, points[3 * i + 1]!, points[3 * i + 2]!)) inside++;
  return inside / pointCount;
}

/** Points within twice the local radius of centreline samples; in sample order when `alongVessels`. */
function nearPoints(tree: VesselTree, random: RandomState, alongVessels: boolean): Float64Array {
  const samples: [VesselSegment, number][] = [];
  for (const segment of tree.segments) for (let i = 0; i < segment.radiiMm.length; i++) samples.push([segment, i]);
  const points = new Float64Array(3 * pointCount);
  for (let n = 0; n < pointCount; n++) {
    const pick = alongVessels
      ? Math.floor((n * samples.length) / pointCount)
      : Math.floor(nextUnit(random) * samples.length);
    const [segment, i] = samples[pick]!;
    const reach = 2 * segment.radiiMm[i]!;
    let ux: number, uy: number, uz: number;
    do {
      ux = nextInRange(random, -1, 1);
      uy = nextInRange(random, -1, 1);
      uz = nextInRange(random, -1, 1);
    } while (ux * ux + uy * uy + uz * uz > 1);
    points[3 * n] = segment.points[3 * i]! + reach * ux;
    points[3 * n + 1] = segment.points[3 * i + 1]! + reach * uy;
    points[3 * n + 2] = segment.points[3 * i + 2]! + reach * uz;
  }
  return points;
}

/**
 * A deterministic branching tree of realistic size: a 12 mm trunk bifurcating five times (63
 * vessels, 20 radii + 40 mm long), each child 0.7 times its parent's calibre, tapering 15% along
 * its length, leaving at 15–30° in a random plane and wandering gently. Sampled like the atlas:
 * every 0.6 of the vessel's smallest radius, at most 2 mm and at least 0.4 mm apart.
 */
export function proceduralTree(seed: number): VesselTree {
  const random = createRandomState(seed);
  const segments: VesselSegment[] = [];
  const grow = (parent: number, start: number[], direction: number[], radiusMm: number, depth: number): void => {
    const lengthMm = 20 * radiusMm + 40;
    const stepMm = Math.min(2, Math.max(0.4, 0.6 * 0.85 * radiusMm));
    const count = Math.ceil(lengthMm / stepMm) + 1;
    const points = new Float64Array(3 * count);
    const radiiMm = new Float64Array(count);
    const heading = [...direction];
    for (let i = 0; i < count; i++) {
      if (i > 0) {
        for (let a = 0; a < 3; a++) heading[a]! += nextGaussian(random, 0, 0.02 * Math.sqrt(stepMm));
        normalise(heading);
      }
      for (let a = 0; a < 3; a++)
        points[3 * i + a] = i === 0 ? start[a]! : points[3 * i - 3 + a]! + stepMm * heading[a]!;
      radiiMm[i] = radiusMm * (1 - (0.15 * i) / (count - 1));
    }
    const index = segments.length;
    segments.push({
      key: `vessel-${index}`,
      name: `Vessel ${index}`,
      parent,
      children: [],
      parentArcMm: parent < 0 ? 0 : segmentEndArc(segments[parent]!),
      continuation: false,
      points,
      radiiMm,
      arcMm: cumulativeArcMm(points),
      territory: depth === lastGeneration ? { kind: 'brain', name: `territory ${index}` } : null,
    });
    if (parent >= 0) segments[parent]!.children.push(index);
    if (depth === lastGeneration) return;
    const end = new Float64Array(3);
    sampleAtArc(segments[index]!, segmentEndArc(segments[index]!), end);
    for (const side of [1, -1]) {
      const angle = (side * nextInRange(random, 15, 30) * Math.PI) / 180;
      const across = perpendicular(heading, nextUnit(random) * 2 * Math.PI);
      const childDirection = heading.map((h, a) => Math.cos(angle) * h + Math.sin(angle) * across[a]!);
      grow(index, [...end], childDirection, 0.7 * radiusMm, depth + 1);
    }
  };
  grow(-1, [0, 0, 0], [0, 0, 1], 12, 0);
  return { name: `procedural tree ${seed}`, segments };
}

function segmentEndArc(segment: VesselSegment): number {
  return segment.arcMm[segment.arcMm.length - 1]!;
}

function normalise(v: number[]): void {
  const length = Math.hypot(v[0]!, v[1]!, v[2]!);
  for (let a = 0; a < 3; a++) v[a]! /= length;
}

/** Unit vector across `v`, turned by `angle` about it. */
function perpendicular(v: number[], angle: number): number[] {
  const helper = Math.abs(v[0]!) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = [
    v[1]! * helper[2]! - v[2]! * helper[1]!,
    v[2]! * helper[0]! - v[0]! * helper[2]!,
    v[0]! * helper[1]! - v[1]! * helper[0]!,
  ];
  normalise(u);
  const w = [v[1]! * u[2]! - v[2]! * u[1]!, v[2]! * u[0]! - v[0]! * u[2]!, v[0]! * u[1]! - v[1]! * u[0]!];
  return u.map((value, a) => Math.cos(angle) * value + Math.sin(angle) * w[a]!);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
