import { nextGaussian, type RandomState } from '../../math/random.ts';
import { cumulativeArcMm, sampleAtArc, type Territory, type VesselSegment, type VesselTree } from '../model.ts';

/**
 * Builds a vessel tree from a list of vessel specifications: control points and radii, joined
 * into smooth centrelines (a Hermite spline through the control points, chord-length
 * parameterised), then resampled at uniform arc-length steps fine enough for the vessel's
 * radius. A vessel that continues its parent starts with the parent's end tangent, so the join
 * is smooth; a branch starts on the parent's centreline and heads for its first control point.
 */

export type Vec3 = readonly [number, number, number];

export interface VesselSpec {
  key: string;
  name: string;
  /** Key of the parent vessel; null for the root. Parents must come earlier in the list. */
  parent: string | null;
  /**
   * Where the vessel leaves its parent: arc length from the parent's start (mm), its end, or an
   * arc length computed from the built parent (to place an origin at a height on a curved arch).
   */
  origin: { atArcMm: number } | 'end' | ((parent: VesselSegment) => number);
  /** Continues the parent vessel under a new name: starts at its end, tangent-continuous. */
  continuation?: boolean;
  /** Where the root starts (root only). */
  start?: Vec3;
  /** Control points after the origin, in LPS mm. */
  path: readonly Vec3[];
  /** Radius at the origin and at each control point, mm (path.length + 1 values). */
  radiiMm: readonly number[];
  territory?: Territory;
}

export interface BuildOptions {
  name: string;
  /** Seeded random state for anatomical variation; null builds the mean anatomy. */
  random: RandomState | null;
  /** Standard deviation of control-point displacement as a fraction of the local radius. */
  positionJitter?: number;
  /** Standard deviation of radius variation, as a fraction. */
  radiusJitter?: number;
}

export function buildVesselTree(specs: readonly VesselSpec[], options: BuildOptions): VesselTree {
  const segments: VesselSegment[] = [];
  const indexByKey = new Map<string, number>();
  const scratch = new Float64Array(3);
  for (const spec of specs) {
    if (spec.path.length + 1 !== spec.radiiMm.length) {
      throw new Error(
        `atlas vessel ${spec.key}: ${spec.path.length} control points need ${spec.path.length + 1} radii`,
      );
    }
    let parentIndex = -1;
    let start: Vec3;
    let startTangent: Vec3 | null = null;
    let parentArcMm = 0;
    if (spec.parent === null) {
      if (!spec.start) throw new Error(`atlas vessel ${spec.key}: the root needs a start point`);
      start = spec.start;
    } else {
      const found = indexByKey.get(spec.parent);
      if (found === undefined) throw new Error(`atlas vessel ${spec.key}: parent ${spec.parent} is not built yet`);
      parentIndex = found;
      const parent = segments[found]!;
      const parentLength = parent.arcMm[parent.arcMm.length - 1]!;
      const requested =
        spec.origin === 'end'
          ? parentLength
          : typeof spec.origin === 'function'
            ? spec.origin(parent)
            : spec.origin.atArcMm;
      parentArcMm = Math.min(Math.max(0, requested), parentLength);
      sampleAtArc(parent, parentArcMm, scratch);
      start = [scratch[0]!, scratch[1]!, scratch[2]!];
      if (spec.continuation) startTangent = endTangent(parent);
    }

    // One calibre factor per vessel, so its taper keeps the shape the spec gives it.
    const calibre = jitterFactor(options.random, options.radiusJitter ?? 0);
    const radii = spec.radiiMm.map((radius) => radius * calibre);
    const controls: Vec3[] = [start];
    spec.path.forEach((point, index) => {
      const amplitude = (options.positionJitter ?? 0) * radii[index + 1]!;
      controls.push([
        point[0] + gaussian(options.random, amplitude),
        point[1] + gaussian(options.random, amplitude),
        point[2] + gaussian(options.random, amplitude),
      ]);
    });

    const stepMm = Math.min(2, Math.max(0.4, 0.6 * Math.min(...radii)));
    const { points, radiiMm } = sampleHermite(controls, radii, startTangent, stepMm);
    const segment: VesselSegment = {
      key: spec.key,
      name: spec.name,
      parent: parentIndex,
      children: [],
      parentArcMm,
      continuation: spec.continuation ?? false,
      points,
      radiiMm,
      arcMm: cumulativeArcMm(points),
      territory: spec.territory ?? null,
    };
    const index = segments.length;
    segments.push(segment);
    indexByKey.set(spec.key, index);
    if (parentIndex >= 0) segments[parentIndex]!.children.push(index);
  }
  return { name: options.name, segments };
}

function endTangent(segment: VesselSegment): Vec3 {
  const n = segment.radiiMm.length;
  const p = segment.points;
  const dx = p[3 * n - 3]! - p[3 * n - 6]!;
  const dy = p[3 * n - 2]! - p[3 * n - 5]!;
  const dz = p[3 * n - 1]! - p[3 * n - 4]!;
  const length = Math.hypot(dx, dy, dz);
  return [dx / length, dy / length, dz / length];
}

function gaussian(random: RandomState | null, standardDeviation: number): number {
  return random && standardDeviation > 0 ? nextGaussian(random, 0, standardDeviation) : 0;
}

function jitterFactor(random: RandomState | null, fraction: number): number {
  if (!random || fraction <= 0) return 1;
  // Clamp at three standard deviations so no vessel collapses or balloons.
  const draw = Math.max(-3, Math.min(3, nextGaussian(random)));
  return 1 + fraction * draw;
}

/**
 * Hermite spline through `controls` (chord-length parameter), with the start tangent given (a
 * continuation) or pointing at the next control point, sampled every `stepMm` of arc length.
 * Tangent at an interior point: the chord directions on either side, weighted by the other
 * side's chord length (smooth without overshoot on uneven spacing).
 */
function sampleHermite(
  controls: readonly Vec3[],
  radii: readonly number[],
  startTangent: Vec3 | null,
  stepMm: number,
): { points: Float64Array; radiiMm: Float64Array } {
  const n = controls.length - 1;
  const chord: number[] = [];
  for (let i = 0; i < n; i++) chord.push(distance(controls[i]!, controls[i + 1]!));
  const tangents: Vec3[] = [];
  for (let i = 0; i <= n; i++) {
    if (i === 0) tangents.push(startTangent ?? direction(controls[0]!, controls[1]!));
    else if (i === n) tangents.push(direction(controls[n - 1]!, controls[n]!));
    else {
      const before = direction(controls[i - 1]!, controls[i]!);
      const after = direction(controls[i]!, controls[i + 1]!);
      const wBefore = chord[i]!;
      const wAfter = chord[i - 1]!;
      tangents.push(
        normalise([
          (before[0] * wBefore + after[0] * wAfter) / (wBefore + wAfter),
          (before[1] * wBefore + after[1] * wAfter) / (wBefore + wAfter),
          (before[2] * wBefore + after[2] * wAfter) / (wBefore + wAfter),
        ]),
      );
    }
  }
  // Dense evaluation, then resampling at uniform arc length.
  const dense: number[] = [];
  const denseRadii: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = chord[i]!;
    const steps = Math.max(4, Math.ceil((4 * h) / stepMm));
    for (let k = 0; k < steps; k++) {
      const s = k / steps;
      const h00 = 2 * s ** 3 - 3 * s ** 2 + 1;
      const h10 = s ** 3 - 2 * s ** 2 + s;
      const h01 = -2 * s ** 3 + 3 * s ** 2;
      const h11 = s ** 3 - s ** 2;
      for (let axis = 0; axis < 3; axis++) {
        dense.push(
          h00 * controls[i]![axis]! +
            h10 * h * tangents[i]![axis]! +
            h01 * controls[i + 1]![axis]! +
            h11 * h * tangents[i + 1]![axis]!,
        );
      }
      denseRadii.push(radii[i]! * (1 - s) + radii[i + 1]! * s);
    }
  }
  dense.push(...controls[n]!);
  denseRadii.push(radii[n]!);
  const densePoints = Float64Array.from(dense);
  const denseArc = cumulativeArcMm(densePoints);
  const totalMm = denseArc[denseArc.length - 1]!;
  const count = Math.max(2, Math.ceil(totalMm / stepMm) + 1);
  const points = new Float64Array(3 * count);
  const radiiMm = new Float64Array(count);
  let cursor = 0;
  for (let j = 0; j < count; j++) {
    const target = j === count - 1 ? totalMm : (totalMm * j) / (count - 1);
    while (cursor < denseArc.length - 2 && denseArc[cursor + 1]! < target) cursor++;
    const span = denseArc[cursor + 1]! - denseArc[cursor]!;
    const t = span > 0 ? Math.min(1, Math.max(0, (target - denseArc[cursor]!) / span)) : 0;
    for (let axis = 0; axis < 3; axis++) {
      points[3 * j + axis] = densePoints[3 * cursor + axis]! * (1 - t) + densePoints[3 * cursor + 3 + axis]! * t;
    }
    radiiMm[j] = denseRadii[cursor]! * (1 - t) + denseRadii[cursor + 1]! * t;
  }
  return { points, radiiMm };
}

function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
}

function direction(from: Vec3, to: Vec3): Vec3 {
  return normalise([to[0] - from[0], to[1] - from[1], to[2] - from[2]]);
}

function normalise(v: Vec3): Vec3 {
  const length = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / length, v[1] / length, v[2] / length];
}
