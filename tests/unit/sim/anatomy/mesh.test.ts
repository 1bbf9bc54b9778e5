import { describe, expect, it } from 'vitest';
import {
  blendedRadiusMm,
  buildLumenMesh,
  lumenDetailSettings,
  ostiumFlare,
  ringArcs,
  type LumenMeshData,
} from '../../../../src/sim/anatomy/mesh.ts';
import { buildAtlas, type AtlasName, type AtlasOptions } from '../../../../src/sim/anatomy/atlas/index.ts';
import {
  assertValidTree,
  cumulativeArcMm,
  sampleAtArc,
  type VesselSegment,
  type VesselTree,
} from '../../../../src/sim/anatomy/model.ts';

/** A vessel from a polyline (LPS mm); radii linear from `startRadius` to `endRadius`. */
function vessel(
  key: string,
  points: number[][],
  startRadius: number,
  endRadius: number,
  parent = -1,
  parentArcMm = 0,
  continuation = false,
): VesselSegment {
  const flat = Float64Array.from(points.flat());
  const arcMm = cumulativeArcMm(flat);
  const length = arcMm[arcMm.length - 1]!;
  const radiiMm = arcMm.map((arc) => startRadius + ((endRadius - startRadius) * arc) / length);
  return {
    key,
    name: key,
    parent,
    children: [],
    parentArcMm,
    continuation,
    points: flat,
    radiiMm,
    arcMm,
    territory: null,
  };
}

/** Points along a circular arc of `bendRadius` in the x–z plane, turning `turnRad`, from `start` heading −z. */
function arcPoints(start: number[], bendRadius: number, turnRad: number, steps: number): number[][] {
  const points: number[][] = [];
  for (let i = 0; i <= steps; i++) {
    const angle = (turnRad * i) / steps;
    points.push([start[0]! + bendRadius * (1 - Math.cos(angle)), start[1]!, start[2]! - bendRadius * Math.sin(angle)]);
  }
  return points;
}

function line(from: number[], to: number[], steps: number): number[][] {
  return Array.from({ length: steps + 1 }, (_, i) =>
    from.map((value, axis) => value + ((to[axis]! - value) * i) / steps),
  );
}

function link(tree: VesselTree): VesselTree {
  tree.segments.forEach((segment, index) => {
    if (segment.parent >= 0) tree.segments[segment.parent]!.children.push(index);
  });
  assertValidTree(tree);
  return tree;
}

/**
 * A small tree with what the atlas has: a curved trunk (arch-like, r 12), its tangent
 * continuation, a perpendicular branch from the trunk's side, an oblique branch, a trunk that ends
 * by dividing into two branches (no continuation), and a tortuous small terminal branch.
 */
function testTree(): VesselTree {
  const trunkPoints = arcPoints([0, 0, 0], 60, Math.PI / 2, 60);
  const trunk = vessel('trunk', trunkPoints, 12, 11);
  const end = trunkPoints[trunkPoints.length - 1]!;
  // The continuation starts narrower than the trunk ends, as some atlas vessels do.
  const continuation = vessel(
    'trunk-continued',
    line(end, [end[0]! + 120, end[1]!, end[2]!], 60),
    9.5,
    8,
    0,
    trunk.arcMm.at(-1),
    true,
  );
  const side = sampleAt(trunk, 40);
  const perpendicular = vessel('side-branch', line(side, [side[0]!, side[1]! - 50, side[2]!], 50), 3, 2.5, 0, 40);
  const oblique = vessel('oblique-branch', line(side, [side[0]! - 30, side[1]! + 20, side[2]! - 40], 50), 4, 3, 0, 40);
  const fork = continuation.points.slice(-3);
  const forkA = vessel(
    'fork-a',
    line([...fork], [fork[0]! + 40, fork[1]! + 10, fork[2]! - 40], 40),
    6,
    5,
    1,
    continuation.arcMm.at(-1),
  );
  const forkB = vessel(
    'fork-b',
    line([...fork], [fork[0]! + 40, fork[1]! - 10, fork[2]! + 40], 40),
    6,
    5,
    1,
    continuation.arcMm.at(-1),
  );
  // A tortuous small vessel: a sine wiggle, bend radius well above its 1 mm radius.
  const wiggle: number[][] = [];
  for (let i = 0; i <= 80; i++)
    wiggle.push([fork[0]! + 40 + i * 0.5, fork[1]! + 10 + 4 * Math.sin(i / 6), fork[2]! - 40]);
  const forkAEnd = forkA.points.slice(-3);
  wiggle.unshift([...forkAEnd]);
  const small = vessel('tortuous-terminal', wiggle, 1.2, 0.9, 4, forkA.arcMm.at(-1));
  return link({ name: 'test tree', segments: [trunk, continuation, perpendicular, oblique, forkA, forkB, small] });
}

function sampleAt(segment: VesselSegment, arcMm: number): number[] {
  const out = new Float64Array(3);
  sampleAtArc(segment, arcMm, out);
  return [...out];
}

function vertex(mesh: LumenMeshData, index: number): [number, number, number] {
  return [mesh.positions[3 * index]!, mesh.positions[3 * index + 1]!, mesh.positions[3 * index + 2]!];
}

function triangleCount(mesh: LumenMeshData): number {
  return mesh.indices.length / 3;
}

describe('lumen mesh', () => {
  const tree = testTree();
  const meshes = {
    high: buildLumenMesh(tree, 'high'),
    medium: buildLumenMesh(tree, 'medium'),
    low: buildLumenMesh(tree, 'low'),
  };

  it('has consistent counts, valid indices and no NaN', () => {
    for (const mesh of Object.values(meshes)) {
      const vertices = mesh.positions.length / 3;
      expect(vertices).toBeGreaterThan(100);
      expect(mesh.normals.length).toBe(mesh.positions.length);
      expect(mesh.segmentOfVertex.length).toBe(vertices);
      expect(mesh.arcMmOfVertex.length).toBe(vertices);
      expect(mesh.indices.length % 3).toBe(0);
      expect(Math.max(...mesh.indices)).toBeLessThan(vertices);
      expect(mesh.positions.every(Number.isFinite)).toBe(true);
      expect(mesh.normals.every(Number.isFinite)).toBe(true);
      expect(new Set(mesh.segmentOfVertex).size).toBe(tree.segments.length);
      for (let t = 0; t < mesh.indices.length; t += 3) {
        const [a, b, c] = [mesh.indices[t]!, mesh.indices[t + 1]!, mesh.indices[t + 2]!];
        expect(a !== b && b !== c && a !== c).toBe(true);
      }
    }
  });

  it('puts every vertex at its vessel radius from the centreline, wider only in a hidden ostium blend', () => {
    const centre = new Float64Array(3);
    const origin = new Float64Array(3);
    let widened = 0;
    for (const mesh of Object.values(meshes)) {
      let exact = 0;
      for (let v = 0; v < mesh.segmentOfVertex.length; v++) {
        const index = mesh.segmentOfVertex[v]!;
        const segment = tree.segments[index]!;
        const arc = mesh.arcMmOfVertex[v]!;
        const lumenRadius = sampleAtArc(segment, arc, centre);
        const distance = Math.hypot(...vertex(mesh, v).map((value, axis) => value - centre[axis]!));
        const flare = ostiumFlare(tree, index);
        if (segment.continuation && arc === 0) {
          // A continuation's first ring is its parent's last: the parent's radius there.
          const parent = tree.segments[segment.parent]!;
          const parentRadius = parent.radiiMm[parent.radiiMm.length - 1]!;
          expect(Math.abs(distance - parentRadius)).toBeLessThan(0.01 * parentRadius + 1e-3);
          continue;
        }
        if (!flare || arc >= flare.lengthMm) {
          expect(Math.abs(distance - lumenRadius)).toBeLessThan(0.01 * lumenRadius + 1e-3);
          exact++;
          continue;
        }
        expect(distance).toBeGreaterThan(0.99 * lumenRadius);
        if (distance <= lumenRadius * 1.01) continue;
        // Wider than the vessel: only inside the parent (no spikes at branch points), which here
        // is the parent's tube around the origin or, at a trunk that ends by dividing, its cap.
        widened++;
        sampleAtArc(tree.segments[segment.parent]!, segment.parentArcMm, origin);
        const fromOrigin = Math.hypot(...vertex(mesh, v).map((value, axis) => value - origin[axis]!));
        expect(fromOrigin).toBeLessThan(1.005 * flare.parentRadiusMm);
      }
      expect(exact).toBeGreaterThan(mesh.segmentOfVertex.length * 0.8);
    }
    expect(widened).toBeGreaterThan(100);
  });

  it('blends a branch from the parent radius at its origin down to its own', () => {
    const perpendicular = tree.segments.findIndex((segment) => segment.key === 'side-branch');
    const flare = ostiumFlare(tree, perpendicular)!;
    expect(flare.parentRadiusMm).toBeGreaterThan(11);
    expect(flare.lengthMm).toBeLessThan(flare.parentRadiusMm);
    expect(flare.lengthMm).toBeGreaterThan(0.9 * flare.parentRadiusMm);
    // At the origin the ring is as wide as the sphere; far from it, exactly the vessel's own.
    expect(blendedRadiusMm(3, flare.lengthMm)).toBeCloseTo(flare.lengthMm, 9);
    expect(blendedRadiusMm(3, 0)).toBe(3);
    expect(blendedRadiusMm(3, 2.2)).toBe(3);
    expect(blendedRadiusMm(3, 3)).toBeGreaterThan(3);
    expect(ostiumFlare(tree, 1)).toBeNull(); // a continuation
    expect(ostiumFlare(tree, 0)).toBeNull(); // the root
  });

  it('has unit normals that point outward, and outward-facing triangles', () => {
    const centre = new Float64Array(3);
    for (const mesh of Object.values(meshes)) {
      for (let v = 0; v < mesh.segmentOfVertex.length; v++) {
        const n = [mesh.normals[3 * v]!, mesh.normals[3 * v + 1]!, mesh.normals[3 * v + 2]!];
        expect(Math.hypot(...n)).toBeCloseTo(1, 5);
        sampleAtArc(tree.segments[mesh.segmentOfVertex[v]!]!, mesh.arcMmOfVertex[v]!, centre);
        const outward = vertex(mesh, v).map((value, axis) => value - centre[axis]!);
        expect(n[0]! * outward[0]! + n[1]! * outward[1]! + n[2]! * outward[2]!).toBeGreaterThan(0);
      }
      let inverted = 0;
      for (let t = 0; t < mesh.indices.length; t += 3) {
        if (faceAgreesWithNormals(mesh, t) <= 0) inverted++;
      }
      expect(inverted).toBe(0);
    }
  });

  it('orders levels of detail: low < medium < high triangles', () => {
    expect(triangleCount(meshes.low)).toBeLessThan(triangleCount(meshes.medium));
    expect(triangleCount(meshes.medium)).toBeLessThan(triangleCount(meshes.high));
    expect(triangleCount(meshes.high)).toBeGreaterThan(3 * triangleCount(meshes.low));
  });

  it('places rings closer on bends and on narrow vessels', () => {
    const settings = lumenDetailSettings.medium;
    const straight = vessel('straight', line([0, 0, 0], [0, 0, -94.25], 60), 12, 12);
    const bent = vessel('bent', arcPoints([0, 0, 0], 30, Math.PI, 60), 12, 12);
    const narrow = vessel('narrow', line([0, 0, 0], [0, 0, -94.25], 60), 2, 2);
    expect(ringArcs(bent, settings).length).toBeGreaterThan(ringArcs(straight, settings).length);
    expect(ringArcs(narrow, settings).length).toBeGreaterThan(3 * ringArcs(straight, settings).length);
    const rings = ringArcs(bent, settings);
    expect(rings[0]).toBe(0);
    expect(rings.at(-1)).toBeCloseTo(bent.arcMm.at(-1)!, 9);
  });

  it('does not twist: each ring vertex stays next to the same vertex of the next ring, across seams too', () => {
    for (const detail of ['high', 'medium', 'low'] as const) {
      const mesh = meshes[detail];
      const radial = lumenDetailSettings[detail].radialCount;
      const blocks = vertexBlocks(mesh);
      tree.segments.forEach((segment, index) => {
        const rings = ringArcs(segment, lumenDetailSettings[detail]).length;
        const start = blocks.get(index)!;
        for (let ring = 0; ring + 1 < rings; ring++) {
          expectAligned(mesh, start + ring * radial, start + (ring + 1) * radial, radial);
        }
      });
      // The seam between the trunk and its continuation: the same ring, vertex for vertex, so it
      // neither twists nor cracks although the two radii differ there.
      const trunkRings = ringArcs(tree.segments[0]!, lumenDetailSettings[detail]).length;
      const trunkLast = blocks.get(0)! + (trunkRings - 1) * radial;
      const continuationFirst = blocks.get(1)!;
      for (let j = 0; j < radial; j++) {
        const gap = vertex(mesh, trunkLast + j).map(
          (value, axis) => value - vertex(mesh, continuationFirst + j)[axis]!,
        );
        expect(Math.hypot(...gap)).toBeLessThan(1e-4);
      }
    }
  });

  it('closes a lone vessel into a watertight surface (rounded caps at both ends)', () => {
    const single = link({ name: 'one', segments: [vessel('only', arcPoints([0, 0, 0], 40, 1, 30), 5, 4)] });
    const mesh = buildLumenMesh(single, 'medium');
    const edges = new Map<string, number>();
    for (let t = 0; t < mesh.indices.length; t += 3) {
      for (let k = 0; k < 3; k++) {
        const a = mesh.indices[t + k]!;
        const b = mesh.indices[t + ((k + 1) % 3)]!;
        const key = a < b ? `${a}-${b}` : `${b}-${a}`;
        edges.set(key, (edges.get(key) ?? 0) + 1);
      }
    }
    expect([...edges.values()].every((uses) => uses === 2)).toBe(true);
    // The caps reach one radius beyond the centreline's ends.
    const zs = Array.from({ length: mesh.positions.length / 3 }, (_, v) => mesh.positions[3 * v + 2]!);
    expect(Math.max(...zs)).toBeCloseTo(5, 1);
  });

  it('flattens the inner wall where the bend is tighter than the radius instead of folding it', () => {
    // A U-turn of 6 mm bend radius between straight limbs, radius 10 mm: naive rings would cross.
    const bend = arcPoints([0, 0, -30], 6, Math.PI, 40);
    const points = [
      ...line([0, 0, 0], [0, 0, -30], 30).slice(0, -1),
      ...bend,
      ...line(bend.at(-1)!, [12, 0, 0], 30).slice(1),
    ];
    const tight = link({ name: 'kink', segments: [vessel('kink', points, 10, 10)] });
    for (const detail of ['high', 'medium', 'low'] as const) {
      const mesh = buildLumenMesh(tight, detail);
      let inverted = 0;
      for (let t = 0; t < mesh.indices.length; t += 3) if (faceAgreesWithNormals(mesh, t) < 0) inverted++;
      expect(inverted).toBe(0);
      expect(mesh.positions.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('lumen mesh of the atlases', () => {
  const variants: [AtlasName, AtlasOptions][] = [
    ['neuro', {}],
    ['neuro', { seed: 1, archType: 'bovine', icaTortuosity: 1 }],
    ['neuro', { seed: 2, archType: 'III', icaTortuosity: 0 }],
    ['body', {}],
    ['body', { seed: 3, hepaticVariant: 'replaced-right-from-sma', fibroids: true, hepaticTumour: true }],
    ['body', { seed: 4, archType: 'II', hepaticVariant: 'replaced-left-from-left-gastric' }],
  ];
  it.each(variants)('%s %o: no folded or inside-out triangles at any detail, every vessel drawn', (name, options) => {
    const tree = buildAtlas(name, options);
    for (const detail of ['high', 'medium', 'low'] as const) {
      const mesh = buildLumenMesh(tree, detail);
      expect(mesh.positions.every(Number.isFinite)).toBe(true);
      expect(new Set(mesh.segmentOfVertex).size).toBe(tree.segments.length);
      let inverted = 0;
      for (let t = 0; t < mesh.indices.length; t += 3) if (faceAgreesWithNormals(mesh, t) < 0) inverted++;
      expect(inverted).toBe(0);
    }
  });
});

/** Dot product of a triangle's winding normal with the sum of its vertex normals. */
function faceAgreesWithNormals(mesh: LumenMeshData, t: number): number {
  const [a, b, c] = [mesh.indices[t]!, mesh.indices[t + 1]!, mesh.indices[t + 2]!];
  const pa = vertex(mesh, a);
  const pb = vertex(mesh, b);
  const pc = vertex(mesh, c);
  const u = pb.map((value, axis) => value - pa[axis]!);
  const w = pc.map((value, axis) => value - pa[axis]!);
  const face = [u[1]! * w[2]! - u[2]! * w[1]!, u[2]! * w[0]! - u[0]! * w[2]!, u[0]! * w[1]! - u[1]! * w[0]!];
  let dot = 0;
  for (const v of [a, b, c]) for (let axis = 0; axis < 3; axis++) dot += face[axis]! * mesh.normals[3 * v + axis]!;
  return dot;
}

/** First vertex of each segment's block (the builder writes a segment's vertices together). */
function vertexBlocks(mesh: LumenMeshData): Map<number, number> {
  const starts = new Map<number, number>();
  mesh.segmentOfVertex.forEach((segment, v) => {
    if (!starts.has(segment)) starts.set(segment, v);
  });
  return starts;
}

/** For each vertex of ring A, the nearest vertex of ring B is the one with the same angular index. */
function expectAligned(mesh: LumenMeshData, ringA: number, ringB: number, radial: number): void {
  for (let j = 0; j < radial; j++) {
    const p = vertex(mesh, ringA + j);
    let nearest = -1;
    let best = Infinity;
    for (let k = 0; k < radial; k++) {
      const q = vertex(mesh, ringB + k);
      const distance = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
      if (distance < best - 1e-6) {
        best = distance;
        nearest = k;
      }
    }
    expect(nearest).toBe(j);
  }
}
