import { findSegmentIndex, sampleAtArc, type VesselSegment, type VesselTree } from '../anatomy/model.ts';

/**
 * The route the autopilot follows: the vessels from the tip to the target, each travelled between
 * known arc lengths, with the junctions where the tip must be aimed and the side branches it must
 * be aimed away from.
 */

/** One vessel of the route: travelled from `entryArcMm` toward `exitArcMm` along its centreline. */
export interface RouteLeg {
  segment: number;
  vessel: VesselSegment;
  entryArcMm: number;
  exitArcMm: number;
  /** +1 when the exit lies at a larger arc length than the entry, −1 otherwise. */
  direction: number;
  /** For the junction at this leg's exit: slow down within this distance of it (mm). */
  approachMm: number;
  /** Going past the junction by this much without entering the next vessel is a miss (mm). */
  missMm: number;
  /** Whether the junction has anywhere else to go, so the tip must be aimed. */
  steer: boolean;
  /** Aim point just inside the next vessel, along the route (x,y,z, mm). */
  waypoint: Float64Array;
  /** Branches off the route that leave this vessel between its entry and its exit: the tip is aimed away. */
  sideBranches: SideBranch[];
}

export interface SideBranch {
  arcMm: number;
  approachMm: number;
  /** Passed once the tip is this far beyond the branch's origin (mm). */
  clearMm: number;
  /** A point just inside the branch (x,y,z, mm). */
  waypoint: Float64Array;
}

export function layOutRoute(tree: VesselTree, pathKeys: string[], startArcMm: number): RouteLeg[] {
  const indices = pathKeys.map((key) => findSegmentIndex(tree, key));
  const legs: RouteLeg[] = indices.map((segment, i) => {
    const vessel = tree.segments[segment]!;
    const length = vessel.arcMm[vessel.arcMm.length - 1]!;
    const previous = i > 0 ? indices[i - 1]! : -1;
    const next = i + 1 < indices.length ? indices[i + 1]! : -1;
    // Entered from the parent at the origin, or from a child at that child's origin.
    let entryArcMm = i === 0 ? startArcMm : 0;
    if (previous >= 0 && tree.segments[previous]!.parent === segment) entryArcMm = tree.segments[previous]!.parentArcMm;
    let exitArcMm: number;
    if (next >= 0) exitArcMm = tree.segments[next]!.parent === segment ? tree.segments[next]!.parentArcMm : 0;
    else exitArcMm = previous >= 0 && tree.segments[previous]!.parent === segment ? 0 : length;
    return {
      segment,
      vessel,
      entryArcMm,
      exitArcMm,
      direction: exitArcMm >= entryArcMm ? 1 : -1,
      approachMm: 0,
      missMm: 0,
      steer: false,
      waypoint: new Float64Array(3),
      sideBranches: [],
    };
  });
  const at = new Float64Array(3);
  for (let i = 0; i + 1 < legs.length; i++) {
    const leg = legs[i]!;
    const next = legs[i + 1]!;
    const radiusHere = sampleAtArc(leg.vessel, leg.exitArcMm, at);
    const radiusNext = sampleAtArc(next.vessel, next.entryArcMm, at);
    leg.approachMm = radiusHere + 2 * radiusNext + 5;
    leg.missMm = radiusNext + 5;
    leg.steer = junctionHasAlternatives(tree, leg, next, radiusHere + radiusNext);
    // Aim past the parent's lumen into the next vessel: the larger radius at the junction plus a margin.
    routePoint(legs, i + 1, next.entryArcMm, Math.max(radiusHere, radiusNext) + 6, leg.waypoint);
  }
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i]!;
    const next = legs[i + 1]?.segment ?? -1;
    for (const child of leg.vessel.children) {
      const branch = tree.segments[child]!;
      if (child === next || branch.continuation) continue;
      const radiusHere = sampleAtArc(leg.vessel, branch.parentArcMm, at);
      const radiusBranch = branch.radiiMm[0]!;
      // Ostia that overlap the next vessel's are the junction's own alternatives, aimed past there.
      const radiusNext = next >= 0 ? legs[i + 1]!.vessel.radiiMm[0]! : 0;
      const fromEntry = leg.direction * (branch.parentArcMm - leg.entryArcMm);
      const toExit = leg.direction * (leg.exitArcMm - branch.parentArcMm);
      if (fromEntry <= 0 || (next >= 0 && Math.abs(toExit) < radiusBranch + radiusNext)) continue;
      const waypoint = new Float64Array(3);
      sampleAtArc(
        branch,
        Math.min(branch.arcMm[branch.arcMm.length - 1]!, Math.max(radiusHere, radiusBranch) + 6),
        waypoint,
      );
      leg.sideBranches.push({
        arcMm: branch.parentArcMm,
        approachMm: radiusHere + 2 * radiusBranch + 5,
        clearMm: radiusBranch + 3,
        waypoint,
      });
    }
  }
  return legs;
}

/** Whether a vessel other than `next` (or `leg` going on past the junction) meets the junction. */
export function junctionHasAlternatives(tree: VesselTree, leg: RouteLeg, next: RouteLeg, windowMm: number): boolean {
  const legIndex = leg.segment;
  const nextIndex = next.segment;
  const legLength = leg.vessel.arcMm[leg.vessel.arcMm.length - 1]!;
  if (next.vessel.parent === legIndex) {
    // Descending into a child: the parent going on, or another child nearby.
    if (leg.direction > 0 && legLength - leg.exitArcMm > windowMm) return true;
    // Toward the vessel's own origin, the parent it leaves carries on past the junction too.
    if (leg.direction < 0 && (leg.exitArcMm > windowMm || leg.vessel.parent >= 0)) return true;
    return leg.vessel.children.some(
      (child) =>
        child !== nextIndex && Math.abs(tree.segments[child]!.parentArcMm - next.vessel.parentArcMm) < windowMm,
    );
  }
  // Climbing to the parent: a sibling nearby, or the parent going both ways from here.
  const parentLength = next.vessel.arcMm[next.vessel.arcMm.length - 1]!;
  const junctionArc = leg.vessel.parentArcMm;
  if (junctionArc > windowMm && parentLength - junctionArc > windowMm) return true;
  return next.vessel.children.some(
    (child) => child !== legIndex && Math.abs(tree.segments[child]!.parentArcMm - junctionArc) < windowMm,
  );
}

/** The centreline point `distanceMm` further along the route from arc `arcMm` of leg `legIndex`. */
export function routePoint(
  legs: RouteLeg[],
  legIndex: number,
  arcMm: number,
  distanceMm: number,
  out: Float64Array,
): void {
  let i = legIndex;
  let arc = arcMm;
  let distance = distanceMm;
  for (;;) {
    const leg = legs[i]!;
    const remaining = Math.max(0, leg.direction * (leg.exitArcMm - arc));
    if (distance <= remaining || i === legs.length - 1) {
      sampleAtArc(leg.vessel, arc + leg.direction * Math.min(distance, remaining), out);
      return;
    }
    distance -= remaining;
    i++;
    arc = legs[i]!.entryArcMm;
  }
}

export function routeLength(leg: RouteLeg): number {
  return Math.abs(leg.exitArcMm - leg.entryArcMm);
}
