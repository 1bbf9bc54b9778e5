import { sampleAtArc, segmentLengthMm, type VesselTree } from '../anatomy/model.ts';
import { nextUnit, type RandomState } from '../math/random.ts';

/**
 * Where things lie along the vessel tree for thrombectomy: distances along the flow path, the
 * stretch a stent retriever covers, the territories downstream of a clot, and where a clot
 * fragment carried by the blood comes to rest. Plain functions over the tree; no state.
 */

/** A point on a centreline: vessel index and arc length from the vessel's origin (mm). */
export interface VesselSite {
  segmentIndex: number;
  arcMm: number;
}

const pointScratch = new Float64Array(3);

/** Lumen diameter (mm) at `arcMm` along a vessel (clamped to the vessel). */
export function lumenDiameterMm(tree: VesselTree, segmentIndex: number, arcMm: number): number {
  return 2 * sampleAtArc(tree.segments[segmentIndex]!, arcMm, pointScratch);
}

/**
 * Distance (mm) along the direction of flow from `from` to `to`: positive when `to` lies
 * downstream of `from` on the same path, negative when `to` is proximal on the same vessel, NaN
 * when no flow path joins them that way (`to` in a side branch leaving before `from`, or upstream
 * in a parent vessel). A branch whose origin is at `from` counts as downstream of it.
 */
export function pathDistanceMm(tree: VesselTree, from: VesselSite, to: VesselSite): number {
  if (to.segmentIndex === from.segmentIndex) return to.arcMm - from.arcMm;
  let distanceMm = to.arcMm;
  let segmentIndex = to.segmentIndex;
  while (segmentIndex >= 0) {
    const segment = tree.segments[segmentIndex]!;
    if (segment.parent === from.segmentIndex) {
      return segment.parentArcMm >= from.arcMm ? distanceMm + segment.parentArcMm - from.arcMm : Number.NaN;
    }
    distanceMm += segment.parentArcMm;
    segmentIndex = segment.parent;
  }
  return Number.NaN;
}

/** The site `lengthMm` back toward the hub from `site`, following the parent chain (stops at the root). */
export function siteBehind(tree: VesselTree, site: VesselSite, lengthMm: number): VesselSite {
  let segmentIndex = site.segmentIndex;
  let arcMm = site.arcMm - lengthMm;
  while (arcMm < 0 && tree.segments[segmentIndex]!.parent >= 0) {
    const segment = tree.segments[segmentIndex]!;
    arcMm += segment.parentArcMm;
    segmentIndex = segment.parent;
  }
  return { segmentIndex, arcMm: Math.max(0, arcMm) };
}

/** True when `site` lies downstream of (or at) `of` on a flow path. */
export function isDownstream(tree: VesselTree, of: VesselSite, site: VesselSite): boolean {
  return pathDistanceMm(tree, of, site) >= 0;
}

/**
 * The vessels whose own territory is fed through `site`: the vessel's own (it lies past the site)
 * and those of every branch leaving at or after it. In tree order.
 */
export function territoriesDownstream(tree: VesselTree, site: VesselSite): number[] {
  const found: number[] = [];
  const stack = [site.segmentIndex];
  while (stack.length > 0) {
    const index = stack.pop()!;
    const segment = tree.segments[index]!;
    if (segment.territory) found.push(index);
    for (const child of segment.children) {
      if (index !== site.segmentIndex || tree.segments[child]!.parentArcMm >= site.arcMm) stack.push(child);
    }
  }
  return found.sort((a, b) => a - b);
}

function subtreeHasTerritoryKind(tree: VesselTree, segmentIndex: number, kind: string): boolean {
  const segment = tree.segments[segmentIndex]!;
  if (segment.territory?.kind === kind) return true;
  return segment.children.some((child) => subtreeHasTerritoryKind(tree, child, kind));
}

/**
 * Where a fragment reaching a new territory would enter: the first branch, walking back toward
 * the heart, that leaves beside the clot's vessel or off the artery it continues, and feeds the
 * same kind of territory (an M1 clot: the A1; an M2 clot: the other division). The walk follows
 * continuations (ICA supraclinoid → cavernous → … → cervical) and stops where that artery itself
 * branched off (the CCA), since a fragment pulled back toward a guide in the ICA cannot go further
 * against the flow; so an ICA clot has none in a tree without a circle of Willis: its ACA lies
 * downstream of it, part of its own territory.
 * Returns the branch's index, or -1.
 */
export function newTerritoryEntry(tree: VesselTree, clotSegmentIndex: number): number {
  const own = territoriesDownstream(tree, { segmentIndex: clotSegmentIndex, arcMm: 0 });
  const kind = own.length > 0 ? tree.segments[own[0]!]!.territory!.kind : null;
  if (kind === null) return -1;
  let segmentIndex = clotSegmentIndex;
  for (;;) {
    const segment = tree.segments[segmentIndex]!;
    if (segment.parent < 0) return -1;
    // Branches off the clot's own vessel's origin and off its line; not off whatever the line branched from.
    if (segmentIndex === clotSegmentIndex || segment.continuation) {
      for (const sibling of tree.segments[segment.parent]!.children) {
        if (sibling !== segmentIndex && subtreeHasTerritoryKind(tree, sibling, kind)) return sibling;
      }
    }
    if (!segment.continuation) return -1;
    segmentIndex = segment.parent;
  }
}

/**
 * Where a fragment of diameter `fragmentDiameterMm` released at `from` stops: it rides the flow
 * downstream and wedges where the lumen narrows to its own diameter; at each branching it takes a
 * child with probability proportional to r³ of the child's origin (Murray's law, the flow share
 * of an untreated tree); a fragment smaller than every vessel on its way lodges at the end of a
 * terminal branch (in its territory's small arteries).
 */
export function lodgeFragment(
  tree: VesselTree,
  from: VesselSite,
  fragmentDiameterMm: number,
  random: RandomState,
): VesselSite {
  let segmentIndex = from.segmentIndex;
  let startArcMm = from.arcMm;
  for (;;) {
    const segment = tree.segments[segmentIndex]!;
    const lengthMm = segmentLengthMm(segment);
    for (let i = 0; i < segment.arcMm.length; i++) {
      if (segment.arcMm[i]! >= startArcMm && 2 * segment.radiiMm[i]! <= fragmentDiameterMm) {
        return { segmentIndex, arcMm: Math.min(segment.arcMm[i]!, lengthMm) };
      }
    }
    let totalWeight = 0;
    for (const child of segment.children) {
      if (tree.segments[child]!.parentArcMm >= startArcMm) totalWeight += tree.segments[child]!.radiiMm[0]! ** 3;
    }
    if (totalWeight === 0) return { segmentIndex, arcMm: lengthMm };
    let pick = nextUnit(random) * totalWeight;
    let chosen = -1;
    for (const child of segment.children) {
      if (tree.segments[child]!.parentArcMm < startArcMm) continue;
      chosen = child;
      pick -= tree.segments[child]!.radiiMm[0]! ** 3;
      if (pick < 0) break;
    }
    segmentIndex = chosen;
    startArcMm = 0;
  }
}
