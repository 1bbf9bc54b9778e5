import {
  cumulativeArcMm,
  type Territory,
  type VesselSegment,
  type VesselTree,
} from '../../../../src/sim/anatomy/model.ts';

/**
 * Small trees whose flows can be checked by hand: straight vessels sampled every 1 mm, the radius
 * linear from `r0` to `r1`.
 */
interface SpecVessel {
  key: string;
  parent: string | null;
  parentArcMm: number;
  lengthMm: number;
  r0: number;
  r1?: number;
  /** Unit direction; each vessel starts on its parent's centreline at `parentArcMm`. */
  direction: [number, number, number];
  territory?: boolean;
}

export function handMadeTree(name: string, specs: SpecVessel[]): VesselTree {
  const segments: VesselSegment[] = [];
  const indexOf = new Map<string, number>();
  for (const spec of specs) {
    const parent = spec.parent === null ? -1 : indexOf.get(spec.parent)!;
    const start = parent < 0 ? [0, 0, 0] : pointAt(segments[parent]!, spec.parentArcMm);
    const count = Math.round(spec.lengthMm) + 1;
    const points = new Float64Array(3 * count);
    const radiiMm = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const s = (spec.lengthMm * i) / (count - 1);
      for (let a = 0; a < 3; a++) points[3 * i + a] = start[a]! + s * spec.direction[a]!;
      radiiMm[i] = spec.r0 + ((spec.r1 ?? spec.r0) - spec.r0) * (i / (count - 1));
    }
    const territory: Territory | null = spec.territory ? { kind: 'brain', name: `${spec.key} territory` } : null;
    indexOf.set(spec.key, segments.length);
    if (parent >= 0) segments[parent]!.children.push(segments.length);
    segments.push({
      key: spec.key,
      name: spec.key,
      parent,
      children: [],
      parentArcMm: spec.parentArcMm,
      continuation: false,
      points,
      radiiMm,
      arcMm: cumulativeArcMm(points),
      territory,
    });
  }
  return { name, segments };
}

function pointAt(segment: VesselSegment, arcMm: number): number[] {
  const i = Math.round(arcMm);
  return [segment.points[3 * i]!, segment.points[3 * i + 1]!, segment.points[3 * i + 2]!];
}

const up: [number, number, number] = [0, 0, 1];
const left: [number, number, number] = [0.6, 0, 0.8];
const right: [number, number, number] = [-0.6, 0, 0.8];

/** A 3 mm trunk, 60 mm long, ending in two branches of radius `rA` and `rB`, 60 mm long, each feeding a territory. */
export function bifurcation(rA: number, rB: number): VesselTree {
  return handMadeTree(`bifurcation ${rA}/${rB}`, [
    { key: 'trunk', parent: null, parentArcMm: 0, lengthMm: 60, r0: 3, direction: up },
    { key: 'branch-a', parent: 'trunk', parentArcMm: 60, lengthMm: 60, r0: rA, direction: left, territory: true },
    { key: 'branch-b', parent: 'trunk', parentArcMm: 60, lengthMm: 60, r0: rB, direction: right, territory: true },
  ]);
}

/** A 4 mm trunk, 100 mm long, with a 2 mm side branch leaving at 40 mm; both feed territories. */
export function sideBranch(): VesselTree {
  return handMadeTree('side branch', [
    { key: 'trunk', parent: null, parentArcMm: 0, lengthMm: 100, r0: 4, r1: 3, direction: up, territory: true },
    { key: 'side', parent: 'trunk', parentArcMm: 40, lengthMm: 50, r0: 2, direction: left, territory: true },
  ]);
}
