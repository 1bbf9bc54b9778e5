import type { VesselTree } from '../../../../sim/anatomy/model.ts';
import { sampleAtArc } from '../../../../sim/anatomy/model.ts';
import type { Scenario } from '../../../../sim/scenario/scenario.ts';

/**
 * The briefing's picture of the case: the case's arteries as a frontal (AP) projection, the way a
 * CT angiogram's coronal MIP shows them, framed on what the case is about (its target vessels,
 * clots and bleeding points) and marked: targets in colour, vessels to protect, clots as a bar
 * across the vessel, bleeding points as a ring. Pure geometry here; `CaseSchematic.tsx` draws it.
 */

export interface SchematicMark {
  kind: 'clot' | 'bleed';
  x: number;
  y: number;
  label: string;
}

export interface SchematicVessel {
  key: string;
  /** Projected centreline (image x toward the patient's left, y down). */
  xs: number[];
  ys: number[];
  radiusMm: number;
  role: 'target' | 'protect' | 'other';
}

export interface Schematic {
  vessels: SchematicVessel[];
  marks: SchematicMark[];
  /** Frame in projected mm: left, top, width, height. */
  frame: [number, number, number, number];
}

/** AP projection as radiographs show it: the patient's right on the image's left (+x = L to the right), head up. */
function project(x: number, z: number): [number, number] {
  return [x, -z];
}

export function caseSchematic(scenario: Scenario, tree: VesselTree): Schematic {
  const targets = new Set<string>();
  const protect = new Set<string>();
  for (const objective of scenario.objectives) {
    if (objective.kind === 'reach' || objective.kind === 'angiogram' || objective.kind === 'embolize')
      targets.add(objective.vessel);
    if (objective.kind === 'embolize') for (const key of objective.protect) protect.add(key);
  }
  const point = new Float64Array(3);
  const marks: SchematicMark[] = [];
  scenario.pathology.clots.forEach((clot, i) => {
    const segment = tree.segments.find((candidate) => candidate.key === clot.vessel);
    if (!segment) return;
    sampleAtArc(segment, clot.arcMm, point);
    const [x, y] = project(point[0]!, point[2]!);
    marks.push({ kind: 'clot', x, y, label: `Clot ${i + 1}: ${segment.name}, ${clot.lengthMm} mm, ${clot.firmness}` });
    targets.add(clot.vessel);
  });
  scenario.pathology.bleeds.forEach((bleed, i) => {
    const segment = tree.segments.find((candidate) => candidate.key === bleed.vessel);
    if (!segment) return;
    sampleAtArc(segment, bleed.arcMm, point);
    const [x, y] = project(point[0]!, point[2]!);
    marks.push({ kind: 'bleed', x, y, label: `Bleeding point ${i + 1}: ${segment.name}` });
    targets.add(bleed.vessel);
  });

  const vessels: SchematicVessel[] = tree.segments.map((segment) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < segment.points.length; i += 3) {
      const [x, y] = project(segment.points[i]!, segment.points[i + 2]!);
      xs.push(x);
      ys.push(y);
    }
    const radiusMm = segment.radiiMm.reduce((sum, r) => sum + r, 0) / segment.radiiMm.length;
    const role = targets.has(segment.key) ? 'target' : protect.has(segment.key) ? 'protect' : 'other';
    return { key: segment.key, xs, ys, radiusMm, role };
  });

  // Frame what the case is about, with room around it for the vessels it comes from.
  const focus = vessels.filter((vessel) => vessel.role !== 'other');
  const xs = [...focus.flatMap((vessel) => vessel.xs), ...marks.map((mark) => mark.x)];
  const ys = [...focus.flatMap((vessel) => vessel.ys), ...marks.map((mark) => mark.y)];
  if (xs.length === 0) {
    xs.push(...vessels.flatMap((vessel) => vessel.xs));
    ys.push(...vessels.flatMap((vessel) => vessel.ys));
  }
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const size = Math.max(maxX - minX, maxY - minY, 60) * 1.5;
  const centreX = (minX + maxX) / 2;
  const centreY = (minY + maxY) / 2;
  return { vessels, marks, frame: [centreX - size / 2, centreY - size / 2, size, size] };
}
