import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { bodyFrame } from '../../../../src/sim/anatomy/body-frame.ts';
import {
  bodyOutline,
  bodyOutlinePosteriorYMm,
  buildBodyOutlineMesh,
  isInsideBodyOutline,
} from '../../../../src/sim/anatomy/body-outline.ts';
import { boneBounds, boneSignedDistanceMm, type BonePrimitive } from '../../../../src/sim/anatomy/bone-primitives.ts';
import type { MeshData } from '../../../../src/sim/anatomy/mesh-writer.ts';
import { findSegmentIndex, sampleAtArc, segmentLengthMm } from '../../../../src/sim/anatomy/model.ts';
import { atlasSkeleton, buildSkeletonMesh, vertebraLevels } from '../../../../src/sim/anatomy/skeleton.ts';

const bones = atlasSkeleton();

function bone(name: string): BonePrimitive {
  const found = bones.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no bone named ${name}`);
  return found;
}

function size(name: string): [number, number, number] {
  const { min, max } = boneBounds(bone(name));
  return [max[0] - min[0], max[1] - min[1], max[2] - min[2]];
}

function expectValidMesh(mesh: MeshData): void {
  const vertices = mesh.positions.length / 3;
  expect(vertices).toBeGreaterThan(0);
  expect(mesh.normals.length).toBe(mesh.positions.length);
  expect(mesh.indices.length % 3).toBe(0);
  expect(mesh.indices.every((index) => index < vertices)).toBe(true);
  expect(mesh.positions.every(Number.isFinite)).toBe(true);
  for (let v = 0; v < vertices; v++) {
    expect(Math.hypot(mesh.normals[3 * v]!, mesh.normals[3 * v + 1]!, mesh.normals[3 * v + 2]!)).toBeCloseTo(1, 4);
  }
}

describe('atlas skeleton', () => {
  it('has the bones fluoroscopy needs: 7 + 12 + 5 vertebrae, 12 pairs of ribs, skull, pelvis and femurs', () => {
    const levels = vertebraLevels();
    expect(levels.filter((level) => level.region === 'cervical')).toHaveLength(7);
    expect(levels.filter((level) => level.region === 'thoracic')).toHaveLength(12);
    expect(levels.filter((level) => level.region === 'lumbar')).toHaveLength(5);
    expect(bones.filter((candidate) => / rib \d+$/.test(candidate.name))).toHaveLength(24);
    for (const name of [
      'skull vault',
      'mandible',
      'manubrium',
      'sternal body',
      'left clavicle',
      'right clavicle',
      'sacrum',
      'left iliac wing',
      'right superior pubic ramus',
      'left femoral head',
      'right femoral shaft',
    ]) {
      expect(() => bone(name)).not.toThrow();
    }
    expect(new Set(bones.map((candidate) => candidate.name)).size).toBe(bones.length);
  });

  it('puts the vertebrae at the body frame levels', () => {
    const levels = new Map(vertebraLevels().map((level) => [level.name, level]));
    expect(levels.get('C1')!.zMm).toBe(bodyFrame.c1ZMm);
    expect(levels.get('C7')!.zMm).toBe(bodyFrame.c7ZMm);
    expect(levels.get('T12')!.zMm).toBeCloseTo(bodyFrame.t12ZMm, 9);
    expect(levels.get('L5')!.zMm).toBeCloseTo(bodyFrame.l5ZMm, 9);
    // The aortic bifurcation is at L4, the celiac trunk at T12–L1.
    const l4 = levels.get('L4')!;
    expect(Math.abs(l4.zMm - bodyFrame.aorticBifurcationZMm)).toBeLessThan(l4.halfHeightMm + 10);
    expect(bodyFrame.celiacZMm).toBeLessThan(levels.get('T12')!.zMm + 5);
    expect(bodyFrame.celiacZMm).toBeGreaterThan(levels.get('L1')!.zMm - 5);
  });

  it('has sizes in adult bands (est., wide)', () => {
    const skull = size('skull vault');
    expect(skull[0]).toBeGreaterThan(140); // breadth
    expect(skull[0]).toBeLessThan(170);
    expect(skull[1]).toBeGreaterThan(175); // length
    expect(skull[1]).toBeLessThan(210);
    const l3 = size('L3 vertebral body');
    expect(l3[0]).toBeGreaterThan(40);
    expect(l3[0]).toBeLessThan(56);
    expect(l3[1]).toBeGreaterThan(28);
    expect(l3[1]).toBeLessThan(42);
    const t6 = size('T6 vertebral body');
    expect(t6[0]).toBeGreaterThan(25);
    expect(t6[0]).toBeLessThan(40);
    const c5 = size('C5 vertebral body');
    expect(c5[0]).toBeGreaterThan(15);
    expect(c5[0]).toBeLessThan(25);
    const femoralHead = size('left femoral head');
    expect(femoralHead[0]).toBeGreaterThan(40);
    expect(femoralHead[0]).toBeLessThan(56);
    // Iliac crests about 25–30 cm apart; chest (widest rib) about 26–30 cm wide.
    const crestSpan = boneBounds(bone('left iliac wing')).max[0] - boneBounds(bone('right iliac wing')).min[0];
    expect(crestSpan).toBeGreaterThan(240);
    expect(crestSpan).toBeLessThan(310);
    const chest = Math.max(...bones.filter((b) => / rib \d+$/.test(b.name)).map((b) => boneBounds(b).max[0])) * 2;
    expect(chest).toBeGreaterThan(250);
    expect(chest).toBeLessThan(320);
    const clavicle = size('left clavicle');
    expect(clavicle[0]).toBeGreaterThan(120);
    expect(clavicle[0]).toBeLessThan(170);
  });

  it('keeps every bone inside the body outline', () => {
    const mesh = buildSkeletonMesh(bones, 'low');
    const outside: string[] = [];
    for (let v = 0; v < mesh.positions.length; v += 3) {
      const point = mesh.positions.subarray(v, v + 3);
      if (!isInsideBodyOutline(point, 1)) outside.push([...point].map((value) => value.toFixed(0)).join(', '));
    }
    expect(outside).toEqual([]);
  });

  it('keeps the spine behind the aorta and clear of it, in both atlases', () => {
    const bodies = bones.filter((candidate) => candidate.name.endsWith('vertebral body'));
    const point = new Float64Array(3);
    for (const name of ['neuro', 'body'] as const) {
      const tree = buildAtlas(name, { seed: 3 });
      for (const key of ['descending-thoracic-aorta', 'abdominal-aorta']) {
        const aorta = tree.segments[findSegmentIndex(tree, key)]!;
        for (let arc = 0; arc <= segmentLengthMm(aorta); arc += 5) {
          const radius = sampleAtArc(aorta, arc, point);
          for (const body of bodies) {
            expect(boneSignedDistanceMm(body, point)).toBeGreaterThan(radius);
            // Behind it: the upper descending aorta lies beside T4–T8 on the left, lower down in front.
            if (body.kind === 'ellipticCylinder' && Math.abs(body.centre[2] - point[2]!) < 15) {
              expect(body.centre[1]).toBeGreaterThan(point[1]! + 5);
            }
          }
        }
      }
    }
  });

  it('measures signed distance: negative inside, positive outside, zero on the surface', () => {
    const l3 = bone('L3 vertebral body');
    if (l3.kind !== 'ellipticCylinder') throw new Error('L3 body should be an elliptic cylinder');
    expect(boneSignedDistanceMm(l3, l3.centre)).toBeLessThan(-10);
    expect(boneSignedDistanceMm(l3, [l3.centre[0] + 100, l3.centre[1], l3.centre[2]])).toBeGreaterThan(70);
    const skull = bone('skull vault');
    if (skull.kind !== 'ellipsoid') throw new Error('the skull vault should be an ellipsoid');
    // Inside the cranial cavity is outside the bone; within the wall is inside it.
    expect(boneSignedDistanceMm(skull, [0, 5, 300])).toBeGreaterThan(50);
    expect(boneSignedDistanceMm(skull, [0, 5, skull.centre[2] + skull.semiAxesMm[2] - 3])).toBeLessThan(0);
    expect(boneSignedDistanceMm(skull, [0, 5, skull.centre[2] + skull.semiAxesMm[2]])).toBeCloseTo(0, 6);
    // Below the skull base the vault is cut away.
    expect(boneSignedDistanceMm(skull, [0, 5 - 98, 200])).toBeGreaterThan(0);
    const rib = bone('left rib 6');
    if (rib.kind !== 'tube') throw new Error('a rib should be a tube');
    expect(boneSignedDistanceMm(rib, rib.pointsMm[5]!)).toBeCloseTo(-rib.radiusMm, 9);
  });

  it('builds valid meshes, coarser at lower detail', () => {
    const high = buildSkeletonMesh(bones, 'high');
    const low = buildSkeletonMesh(bones, 'low');
    expectValidMesh(high);
    expectValidMesh(low);
    expect(low.indices.length).toBeLessThan(high.indices.length);
  });
});

describe('body outline', () => {
  it('contains the aortic root and every vessel of both atlases, and nothing far outside', () => {
    expect(isInsideBodyOutline([0, 0, 0], 50)).toBe(true);
    expect(isInsideBodyOutline([400, 0, 0])).toBe(false);
    expect(isInsideBodyOutline([0, 0, bodyFrame.vertexZMm + 20])).toBe(false);
    for (const name of ['neuro', 'body'] as const) {
      const tree = buildAtlas(name, { seed: 11 });
      for (const segment of tree.segments) {
        for (let i = 0; i < segment.radiiMm.length; i++) {
          const point = segment.points.subarray(3 * i, 3 * i + 3);
          expect(isInsideBodyOutline(point, segment.radiiMm[i]!), `${segment.key} point ${i}`).toBe(true);
        }
      }
    }
  });

  it('matches the body frame at the abdomen and lies on its back', () => {
    const torso = bodyOutline.find((part) => part.name === 'torso')!;
    const renal = torso.sections.find((section) => section.zMm === bodyFrame.renalZMm)!;
    expect(renal.anteriorYMm).toBe(bodyFrame.abdomenAnteriorYMm);
    expect(renal.posteriorYMm).toBe(bodyFrame.abdomenPosteriorYMm);
    expect(bodyOutlinePosteriorYMm()).toBeGreaterThan(bodyFrame.abdomenPosteriorYMm);
    expect(bodyOutlinePosteriorYMm()).toBeLessThan(160);
  });

  it('builds a valid closed mesh', () => {
    for (const detail of ['high', 'medium', 'low'] as const) expectValidMesh(buildBodyOutlineMesh(detail));
  });
});
