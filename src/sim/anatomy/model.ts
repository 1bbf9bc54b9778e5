/**
 * A vessel tree: the lumen every device walks in. Segments hold sampled centrelines in patient
 * coordinates (LPS: +x patient left, +y posterior, +z superior; millimetres), the lumen radius
 * at each sample and the cumulative arc length. The tree is rooted at the aortic root, so
 * parent → child is the direction of arterial flow; access vessels (femoral, radial) are leaves.
 *
 * Storage is structure-of-arrays per segment (Float64Array), so queries and the physics read
 * them without allocation.
 */

/** What a terminal branch feeds: contrast blush, reperfusion and embolization act on these. */
export const territoryKinds = [
  'brain',
  'head-neck',
  'liver-segment',
  'tumour',
  'gallbladder',
  'stomach',
  'spleen',
  'pancreas-duodenum',
  'bowel',
  'kidney',
  'uterus',
  'fibroid',
  'ovary',
  'cervix-vagina',
  'pelvis',
  'limb',
] as const;
export type TerritoryKind = (typeof territoryKinds)[number];

export interface Territory {
  kind: TerritoryKind;
  /** Anatomical name of the region, e.g. "left MCA superior division territory", "segment VIII". */
  name: string;
}

export interface VesselSegment {
  /** Stable machine id, lower-case words joined by hyphens: `left-ica-cervical`. Unique in a tree. */
  key: string;
  /** Anatomical name shown to people: "Left internal carotid artery (cervical)". */
  name: string;
  /** Index of the parent segment in `VesselTree.segments`; -1 for the root. */
  parent: number;
  /** Indices of the children, in the order they leave the parent. */
  children: number[];
  /** Arc length along the parent's centreline where this segment starts (mm). */
  parentArcMm: number;
  /**
   * True when this segment continues its parent vessel under a new name (ICA cervical →
   * petrous): the join is tangent-continuous. False for a true branch leaving at an angle.
   */
  continuation: boolean;
  /** Centreline samples, x,y,z interleaved (LPS mm). The first sample lies on the parent's centreline. */
  points: Float64Array;
  /** Lumen radius at each sample (mm), > 0. */
  radiiMm: Float64Array;
  /** Cumulative arc length at each sample (mm); 0 at the first. */
  arcMm: Float64Array;
  /**
   * Region this vessel's own distal end feeds. Every terminal branch has one; a vessel that gives
   * off branches and then ends in tissue (a uterine artery) has one too; trunks have null.
   */
  territory: Territory | null;
}

export interface VesselTree {
  /** Name of the anatomy: an atlas name with its variant, or an imported project's name. */
  name: string;
  segments: VesselSegment[];
}

export function sampleCount(segment: VesselSegment): number {
  return segment.radiiMm.length;
}

export function segmentLengthMm(segment: VesselSegment): number {
  return segment.arcMm[segment.arcMm.length - 1] ?? 0;
}

/** Cumulative arc lengths of a polyline given as interleaved x,y,z. */
export function cumulativeArcMm(points: Float64Array): Float64Array {
  const count = points.length / 3;
  const arc = new Float64Array(count);
  for (let i = 1; i < count; i++) {
    const dx = points[3 * i]! - points[3 * i - 3]!;
    const dy = points[3 * i + 1]! - points[3 * i - 2]!;
    const dz = points[3 * i + 2]! - points[3 * i - 1]!;
    arc[i] = arc[i - 1]! + Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  return arc;
}

export function findSegmentIndex(tree: VesselTree, key: string): number {
  return tree.segments.findIndex((segment) => segment.key === key);
}

/** The segment with `key`, or an error that lists what the tree does have. */
export function segmentByKey(tree: VesselTree, key: string): VesselSegment {
  const segment = tree.segments.find((candidate) => candidate.key === key);
  if (!segment) {
    throw new Error(`${tree.name} has no vessel "${key}"; it has ${tree.segments.map((s) => s.key).join(', ')}`);
  }
  return segment;
}

/** Linear interpolation of position and radius at arc length `arcMm` along a segment (clamped). */
export function sampleAtArc(segment: VesselSegment, arcMm: number, out: Float64Array): number {
  const arc = segment.arcMm;
  const last = arc.length - 1;
  if (arcMm <= 0 || last === 0) {
    out[0] = segment.points[0]!;
    out[1] = segment.points[1]!;
    out[2] = segment.points[2]!;
    return segment.radiiMm[0]!;
  }
  if (arcMm >= arc[last]!) {
    out[0] = segment.points[3 * last]!;
    out[1] = segment.points[3 * last + 1]!;
    out[2] = segment.points[3 * last + 2]!;
    return segment.radiiMm[last]!;
  }
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (arc[middle]! <= arcMm) low = middle;
    else high = middle;
  }
  const t = (arcMm - arc[low]!) / (arc[high]! - arc[low]!);
  for (let axis = 0; axis < 3; axis++) {
    out[axis] = segment.points[3 * low + axis]! * (1 - t) + segment.points[3 * high + axis]! * t;
  }
  return segment.radiiMm[low]! * (1 - t) + segment.radiiMm[high]! * t;
}

/** Where a point projects onto one vessel's centreline polyline. */
export interface CentrelineProjection {
  /** Distance from the point to the closest centreline point (mm). */
  distanceMm: number;
  /** Arc length of that closest point from the vessel's start (mm). */
  arcMm: number;
  /** The centreline sample nearest the closest point. */
  sample: number;
}

export function createCentrelineProjection(): CentrelineProjection {
  return { distanceMm: Infinity, arcMm: 0, sample: 0 };
}

/**
 * The closest point of one vessel's centreline polyline to (x, y, z), by a scan over its pieces
 * (for a whole tree, the lumen index answers faster). Fills and returns `out`; allocation-free.
 */
export function projectOntoCentreline(
  segment: Pick<VesselSegment, 'points' | 'arcMm'>,
  x: number,
  y: number,
  z: number,
  out: CentrelineProjection,
): CentrelineProjection {
  const p = segment.points;
  let bestDistanceSquared = Infinity;
  out.arcMm = 0;
  out.sample = 0;
  for (let i = 0; i + 1 < segment.arcMm.length; i++) {
    const ax = p[3 * i]!;
    const ay = p[3 * i + 1]!;
    const az = p[3 * i + 2]!;
    const dx = p[3 * i + 3]! - ax;
    const dy = p[3 * i + 4]! - ay;
    const dz = p[3 * i + 5]! - az;
    const lengthSquared = dx * dx + dy * dy + dz * dz;
    const along = lengthSquared > 0 ? ((x - ax) * dx + (y - ay) * dy + (z - az) * dz) / lengthSquared : 0;
    const t = Math.min(1, Math.max(0, along));
    const ex = ax + t * dx - x;
    const ey = ay + t * dy - y;
    const ez = az + t * dz - z;
    const distanceSquared = ex * ex + ey * ey + ez * ez;
    if (distanceSquared < bestDistanceSquared) {
      bestDistanceSquared = distanceSquared;
      out.arcMm = segment.arcMm[i]! + t * (segment.arcMm[i + 1]! - segment.arcMm[i]!);
      out.sample = t < 0.5 ? i : i + 1;
    }
  }
  out.distanceMm = Math.sqrt(bestDistanceSquared);
  return out;
}

/**
 * Checks the invariants every tree must keep, whatever built it (atlas, importer, file):
 * unique keys, parents that exist, no cycles, finite coordinates, positive radii, at least two
 * samples, matching array lengths. Throws an Error naming the segment, the field and the value.
 */
export function assertValidTree(tree: VesselTree, source = tree.name): void {
  const keys = new Set<string>();
  const segments = tree.segments;
  if (segments.length === 0) throw new Error(`${source}: the tree has no vessels`);
  let roots = 0;
  segments.forEach((segment, index) => {
    const where = `${source}: vessel "${segment.key}" (#${index})`;
    if (keys.has(segment.key)) throw new Error(`${where}: key is used twice`);
    keys.add(segment.key);
    const count = segment.radiiMm.length;
    if (count < 2) throw new Error(`${where}: needs at least 2 centreline points, has ${count}`);
    if (segment.points.length !== 3 * count) {
      throw new Error(`${where}: has ${segment.points.length / 3} points but ${count} radii`);
    }
    if (segment.arcMm.length !== count)
      throw new Error(`${where}: has ${segment.arcMm.length} arc lengths for ${count} points`);
    for (let i = 0; i < segment.points.length; i++) {
      if (!Number.isFinite(segment.points[i])) {
        throw new Error(`${where}: point ${Math.floor(i / 3)} coordinate ${'xyz'[i % 3]} is ${segment.points[i]}`);
      }
    }
    for (let i = 0; i < count; i++) {
      const radius = segment.radiiMm[i]!;
      if (!Number.isFinite(radius) || radius <= 0) throw new Error(`${where}: radius at point ${i} is ${radius}`);
    }
    if (segment.parent === -1) roots++;
    else if (!Number.isInteger(segment.parent) || segment.parent < 0 || segment.parent >= segments.length) {
      throw new Error(`${where}: parent index ${segment.parent} does not exist`);
    } else if (!segments[segment.parent]!.children.includes(index)) {
      throw new Error(`${where}: parent "${segments[segment.parent]!.key}" does not list it as a child`);
    }
  });
  if (roots !== 1) throw new Error(`${source}: a tree needs exactly one root vessel, found ${roots}`);
  // Walk up from every vessel: a walk longer than the tree means a cycle.
  segments.forEach((segment, index) => {
    let current = index;
    for (let steps = 0; current !== -1; steps++) {
      if (steps > segments.length) throw new Error(`${source}: vessel "${segment.key}" is part of a cycle of parents`);
      current = segments[current]!.parent;
    }
  });
}
