import {
  createCentrelineProjection,
  cumulativeArcMm,
  projectOntoCentreline,
  sampleAtArc,
  type VesselSegment,
  type VesselTree,
} from '../model.ts';
import { AnatomyImportError } from './import-error.ts';

/**
 * Joins separately drawn centrelines (one per vessel, as modelling tools store them) into one
 * vessel tree. A centreline whose start lies inside another's lumen (closer to its centreline
 * than its radius there) branches from it; where it lies inside several, the widest lumen there
 * is the parent, since flow runs from wider vessels into narrower ones (ties: the one it lies
 * deepest in). The root is the one centreline that starts inside no other.
 *
 * The child's first sample is moved onto the parent's centreline at the nearest point, or, when
 * that point is farther than half the child's first step, the point is put in front of it, so
 * every child starts inside its parent's lumen and the original samples stay where drawn.
 */

export interface ImportedCentreline {
  /** The vessel's name as the source file gives it; also the source of its key. */
  name: string;
  /** The file it came from, named in errors. */
  fileName: string;
  /** Samples in LPS millimetres, x,y,z interleaved; repeated consecutive samples are dropped. */
  points: Float64Array;
  /** Lumen radius at each sample (mm), > 0. */
  radiiMm: Float64Array;
}

interface Containment {
  parent: number;
  distanceMm: number;
  radiusMm: number;
}

export function joinCentrelines(centrelines: readonly ImportedCentreline[], treeName: string): VesselTree {
  const sorted = [...centrelines].sort((a, b) => compareText(a.name, b.name) || compareText(a.fileName, b.fileName));
  const raw = sorted.map((line) => rawSegment(line));
  const parents = sorted.map((_, index) => bestContainer(raw, index));
  const root = chooseRoot(sorted, raw, parents);
  rejectCycles(sorted, parents, root);

  const children = sorted.map(() => [] as number[]);
  parents.forEach((containment, index) => {
    if (index !== root && containment) children[containment.parent]!.push(index);
  });

  // Pre-order from the root, children in the order they leave the parent: parents come before
  // their children and siblings sit in increasing index order.
  const segments: VesselSegment[] = [];
  const usedKeys = new Set<string>();
  const build = (lineIndex: number, parentSegment: number): void => {
    const line = sorted[lineIndex]!;
    const parent = parentSegment === -1 ? null : segments[parentSegment]!;
    const segment = parent ? attachedSegment(raw[lineIndex]!, parent, parentSegment) : raw[lineIndex]!;
    segment.key = uniqueKey(line.name, usedKeys);
    const index = segments.length;
    segments.push(segment);
    if (parent) parent.children.push(index);
    const ordered = children[lineIndex]!.map((child) => ({
      child,
      arcMm: nearestOnCentreline(segment, raw[child]!.points, 0).arcMm,
    })).sort((a, b) => a.arcMm - b.arcMm || compareText(sorted[a.child]!.name, sorted[b.child]!.name));
    for (const { child } of ordered) build(child, index);
  };
  build(root, -1);
  return { name: treeName, segments };
}

/** The centreline as a free segment, without repeated samples (they would make zero-length steps). */
function rawSegment(line: ImportedCentreline): VesselSegment {
  const count = line.radiiMm.length;
  if (line.points.length !== 3 * count) {
    throw new Error(
      `${line.fileName}: centreline "${line.name}" has ${line.points.length / 3} points but ${count} radii`,
    );
  }
  const points: number[] = [];
  const radii: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = line.points[3 * i]!;
    const y = line.points[3 * i + 1]!;
    const z = line.points[3 * i + 2]!;
    const radius = line.radiiMm[i]!;
    if (![x, y, z, radius].every(Number.isFinite) || radius <= 0) {
      throw new AnatomyImportError(
        line.fileName,
        null,
        `path "${line.name}" point ${i} is (${x}, ${y}, ${z}) with radius ${radius} mm`,
      );
    }
    const n = points.length;
    if (n > 0 && x === points[n - 3] && y === points[n - 2] && z === points[n - 1]) continue;
    points.push(x, y, z);
    radii.push(radius);
  }
  if (radii.length < 2) {
    throw new AnatomyImportError(
      line.fileName,
      null,
      `path "${line.name}" needs at least two distinct points, has ${radii.length}`,
    );
  }
  const samples = Float64Array.from(points);
  return {
    key: '',
    name: line.name,
    parent: -1,
    children: [],
    parentArcMm: 0,
    continuation: false,
    points: samples,
    radiiMm: Float64Array.from(radii),
    arcMm: cumulativeArcMm(samples),
    territory: null,
  };
}

/** The centreline whose lumen holds the start of centreline `index` best, or null. */
function bestContainer(raw: readonly VesselSegment[], index: number): Containment | null {
  const start = raw[index]!.points;
  const scratch = new Float64Array(3);
  let best: Containment | null = null;
  for (let candidate = 0; candidate < raw.length; candidate++) {
    if (candidate === index) continue;
    const nearest = nearestOnCentreline(raw[candidate]!, start, 0);
    const radiusMm = sampleAtArc(raw[candidate]!, nearest.arcMm, scratch);
    if (!(nearest.distanceMm < radiusMm)) continue;
    const better =
      best === null ||
      radiusMm > best.radiusMm ||
      (radiusMm === best.radiusMm && nearest.distanceMm / radiusMm < best.distanceMm / best.radiusMm);
    if (better) best = { parent: candidate, distanceMm: nearest.distanceMm, radiusMm };
  }
  return best;
}

function chooseRoot(
  lines: readonly ImportedCentreline[],
  raw: readonly VesselSegment[],
  parents: readonly (Containment | null)[],
): number {
  const free = parents.flatMap((containment, index) => (containment ? [] : [index]));
  if (free.length === 0) {
    const first = lines[0]!;
    throw new AnatomyImportError(
      first.fileName,
      null,
      `every path starts inside another path's lumen (${lines.map((line) => describe(line)).join(', ')}), ` +
        'so none can be the root; the paths form a cycle',
    );
  }
  const root = free.reduce((best, index) => (meanRadiusMm(raw[index]!) > meanRadiusMm(raw[best]!) ? index : best));
  const stray = free.filter((index) => index !== root);
  if (stray.length > 0) {
    const first = lines[stray[0]!]!;
    const details = stray.map((index) => `${describe(lines[index]!)} ${nearestMiss(raw, index)}`);
    throw new AnatomyImportError(
      first.fileName,
      null,
      `${details.join('; ')}: ${stray.length === 1 ? 'it starts' : 'they start'} inside no other path's lumen, ` +
        `so only one can be the root (the widest, ${describe(lines[root]!)}). ` +
        'Start each branch path inside the vessel it leaves.',
    );
  }
  return root;
}

function rejectCycles(
  lines: readonly ImportedCentreline[],
  parents: readonly (Containment | null)[],
  root: number,
): void {
  lines.forEach((_, start) => {
    const seen: number[] = [];
    let current = start;
    while (current !== root) {
      if (seen.includes(current)) {
        const cycle = seen.slice(seen.indexOf(current)).concat(current);
        throw new AnatomyImportError(
          lines[current]!.fileName,
          null,
          `paths ${cycle.map((index) => describe(lines[index]!)).join(' → ')} each start inside the next ` +
            `one's lumen, a cycle that never reaches the root ${describe(lines[root]!)}`,
        );
      }
      seen.push(current);
      current = parents[current]!.parent;
    }
  });
}

/** The child centreline as a branch of `parent`: its start on the parent's centreline. */
function attachedSegment(child: VesselSegment, parent: VesselSegment, parentIndex: number): VesselSegment {
  const nearest = nearestOnCentreline(parent, child.points, 0);
  const joint = new Float64Array(3);
  sampleAtArc(parent, nearest.arcMm, joint);
  const p = child.points;
  const gapMm = Math.hypot(p[0]! - joint[0]!, p[1]! - joint[1]!, p[2]! - joint[2]!);
  const firstStepMm = child.arcMm[1]!;
  let points: Float64Array;
  let radiiMm: Float64Array;
  if (gapMm < 0.5 * firstStepMm) {
    points = Float64Array.from(p);
    points.set(joint, 0);
    radiiMm = Float64Array.from(child.radiiMm);
  } else {
    points = new Float64Array(p.length + 3);
    points.set(joint, 0);
    points.set(p, 3);
    radiiMm = new Float64Array(child.radiiMm.length + 1);
    radiiMm[0] = child.radiiMm[0]!;
    radiiMm.set(child.radiiMm, 1);
  }
  return {
    ...child,
    parent: parentIndex,
    children: [],
    parentArcMm: nearest.arcMm,
    points,
    radiiMm,
    arcMm: cumulativeArcMm(points),
  };
}

/**
 * Nearest point of a segment's centreline (a polyline) to the point at `offset` in `target`:
 * its distance and its arc length along the segment.
 */
export function nearestOnCentreline(
  segment: Pick<VesselSegment, 'points' | 'arcMm'>,
  target: Float64Array,
  offset: number,
): { distanceMm: number; arcMm: number } {
  const { distanceMm, arcMm } = projectOntoCentreline(
    segment,
    target[offset]!,
    target[offset + 1]!,
    target[offset + 2]!,
    createCentrelineProjection(),
  );
  return { distanceMm, arcMm };
}

/** Mean radius weighted by arc length, so unevenly spaced samples count for the length they cover. */
function meanRadiusMm(segment: VesselSegment): number {
  const radii = segment.radiiMm;
  const arc = segment.arcMm;
  let weighted = 0;
  for (let i = 0; i + 1 < radii.length; i++) weighted += 0.5 * (radii[i]! + radii[i + 1]!) * (arc[i + 1]! - arc[i]!);
  const length = arc[arc.length - 1]!;
  return length > 0 ? weighted / length : radii[0]!;
}

/** Where the start of centreline `index` came closest to another lumen, for the error message. */
function nearestMiss(raw: readonly VesselSegment[], index: number): string {
  const scratch = new Float64Array(3);
  let best: { name: string; distanceMm: number; radiusMm: number } | null = null;
  for (let candidate = 0; candidate < raw.length; candidate++) {
    if (candidate === index) continue;
    const nearest = nearestOnCentreline(raw[candidate]!, raw[index]!.points, 0);
    if (best === null || nearest.distanceMm < best.distanceMm) {
      const radiusMm = sampleAtArc(raw[candidate]!, nearest.arcMm, scratch);
      best = { name: raw[candidate]!.name, distanceMm: nearest.distanceMm, radiusMm };
    }
  }
  if (best === null) return '';
  return (
    `(starts ${best.distanceMm.toFixed(1)} mm from the centreline of "${best.name}", ` +
    `whose radius there is ${best.radiusMm.toFixed(1)} mm)`
  );
}

/** Lower-case words joined by hyphens, made unique with a numeric suffix. */
export function uniqueKey(name: string, used: Set<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'vessel';
  let key = base;
  for (let suffix = 2; used.has(key); suffix++) key = `${base}-${suffix}`;
  used.add(key);
  return key;
}

function describe(line: ImportedCentreline): string {
  return `"${line.name}" (${line.fileName})`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
