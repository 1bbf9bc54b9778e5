import { describe, expect, it } from 'vitest';
import { bodyFrame } from '../../../src/sim/anatomy/body-frame.ts';
import { bodyOutlinePosteriorYMm } from '../../../src/sim/anatomy/body-outline.ts';
import { cumulativeArcMm, type VesselTree } from '../../../src/sim/anatomy/model.ts';
import { vesselTreeToFile } from '../../../src/sim/anatomy/tree-file.ts';
import { buildAnatomyScene, transferablesOf } from '../../../src/renderer/src/scene/anatomyBuild.ts';
import { fitBounds } from '../../../src/renderer/src/scene/cameraFraming.ts';
import {
  atlasPlacement,
  boundsOf,
  centredPlacement,
  mattressTopYMm,
  patientToRoom,
  regionOfInterest,
  roomBoundsOf,
  roomToPatient,
} from '../../../src/renderer/src/scene/patientPlacement.ts';
import { roomLayout } from '../../../src/renderer/src/scene/roomLayout.ts';
import { pickOnVessel } from '../../../src/renderer/src/scene/vesselPick.ts';

describe('the patient on the table', () => {
  it('puts the region of interest at the isocentre, head toward the C-arm stand, anterior up, back on the mattress', () => {
    for (const atlas of ['neuro', 'body'] as const) {
      const placement = atlasPlacement(atlas);
      const [x, , z] = patientToRoom(placement, 0, 0, regionOfInterest[atlas].zMm);
      expect(x).toBeCloseTo(0, 9);
      expect(z).toBeCloseTo(0, 9);
      // Head (superior) toward −z, where the C-arm's stand is; feet toward +z.
      const head = patientToRoom(placement, 0, 0, bodyFrame.vertexZMm);
      const feet = patientToRoom(placement, 0, 0, bodyFrame.femoralHeadZMm);
      expect(head[2]).toBeLessThan(feet[2]);
      expect(-roomLayout.stand.distanceFromIsocentreMm).toBeLessThan(head[2]);
      // Anterior (−y) is up; patient left (+x) is room +x.
      expect(patientToRoom(placement, 0, -100, 0)[1]).toBeGreaterThan(patientToRoom(placement, 0, 100, 0)[1]);
      expect(patientToRoom(placement, 50, 0, 0)[0]).toBeGreaterThan(0);
      // The deepest skin touches the mattress, no higher and no lower.
      expect(patientToRoom(placement, 0, bodyOutlinePosteriorYMm(), 0)[1]).toBeCloseTo(mattressTopYMm(), 9);
      expect(roomToPatient(placement, ...patientToRoom(placement, 12, -34, 56))).toEqual([12, -34, 56]);
    }
    expect(regionOfInterest.neuro.zMm).toBe(bodyFrame.skullBaseZMm);
    expect(regionOfInterest.body.zMm).toBeLessThan(bodyFrame.celiacZMm);
    expect(regionOfInterest.body.zMm).toBeGreaterThan(bodyFrame.renalZMm);
  });

  it('centres an imported model, whose coordinates are its own, at the isocentre', () => {
    const positions = Float32Array.from([100, 200, 300, 140, 260, 420]);
    const placement = centredPlacement(positions);
    const room = roomBoundsOf(placement, boundsOf(positions));
    for (let axis = 0; axis < 3; axis++) expect(room.min[axis]! + room.max[axis]!).toBeCloseTo(0, 9);
  });
});

describe('camera framing', () => {
  it('fits every corner of the bounds inside the view, looking at their centre', () => {
    const bounds = {
      min: [-100, -50, -600] as [number, number, number],
      max: [120, 80, 700] as [number, number, number],
    };
    const direction = [-1, 1.1, 0.45] as const;
    const fovDeg = 45;
    const aspect = 1.3;
    const { position, target } = fitBounds(bounds, direction, fovDeg, aspect);
    expect(target).toEqual([10, 15, 50]);
    const forward = target.map((value, axis) => value - position[axis]!);
    const distance = Math.hypot(...forward);
    const f = forward.map((value) => value / distance);
    const right = [f[1]! * 0 - f[2]! * 1, f[2]! * 0 - f[0]! * 0, f[0]! * 1 - f[1]! * 0];
    const rightLength = Math.hypot(...right);
    const r = right.map((value) => value / rightLength);
    const up = [r[1]! * f[2]! - r[2]! * f[1]!, r[2]! * f[0]! - r[0]! * f[2]!, r[0]! * f[1]! - r[1]! * f[0]!];
    const tanVertical = Math.tan(((fovDeg / 2) * Math.PI) / 180);
    let tightest = 0;
    for (let corner = 0; corner < 8; corner++) {
      const point = [0, 1, 2].map((axis) => ((corner >> axis) & 1 ? bounds.max[axis]! : bounds.min[axis]!));
      const offset = point.map((value, axis) => value - position[axis]!);
      const depth = offset[0]! * f[0]! + offset[1]! * f[1]! + offset[2]! * f[2]!;
      const horizontal =
        Math.abs(offset[0]! * r[0]! + offset[1]! * r[1]! + offset[2]! * r[2]!) / (depth * tanVertical * aspect);
      const vertical =
        Math.abs(offset[0]! * up[0]! + offset[1]! * up[1]! + offset[2]! * up[2]!) / (depth * tanVertical);
      expect(depth).toBeGreaterThan(0);
      expect(horizontal).toBeLessThan(1);
      expect(vertical).toBeLessThan(1);
      tightest = Math.max(tightest, horizontal, vertical);
    }
    // Not needlessly far: some corner nearly touches the edge of the view.
    expect(tightest).toBeGreaterThan(0.85);
  });
});

describe('vessel picking', () => {
  it('finds the place along the vessel nearest the picked surface point and its diameter there', () => {
    const points = Float64Array.from([0, 0, 0, 0, 0, -50, 0, 0, -100]);
    const tree: VesselTree = {
      name: 'one',
      segments: [
        {
          key: 'tube',
          name: 'Tube',
          parent: -1,
          children: [],
          parentArcMm: 0,
          continuation: false,
          points,
          radiiMm: Float64Array.from([4, 3, 2]),
          arcMm: cumulativeArcMm(points),
          territory: null,
        },
      ],
    };
    const pick = pickOnVessel(tree, 0, [3, 0, -75]);
    expect(pick.arcMm).toBeCloseTo(75, 9);
    expect(pick.diameterMm).toBeCloseTo(5, 9);
    expect(pick.sampleIndex).toBe(2);
    expect(pickOnVessel(tree, 0, [0, 3.5, 10]).arcMm).toBe(0);
  });
});

describe('anatomy worker build', () => {
  it('builds an atlas scene and hands every buffer over once, so it can be transferred', () => {
    const scene = buildAnatomyScene({ kind: 'atlas', name: 'neuro', options: { seed: 5 } }, 'low');
    expect(scene.source).toBe('atlas');
    expect(scene.skeleton?.indices.length).toBeGreaterThan(0);
    expect(scene.bodyOutline?.indices.length).toBeGreaterThan(0);
    const buffers = transferablesOf(scene);
    expect(new Set(buffers).size).toBe(buffers.length);
    const copy = structuredClone(scene, { transfer: buffers });
    expect(copy.tree.segments[0]!.points.length).toBeGreaterThan(0);
    expect(copy.lumen.positions.length).toBeGreaterThan(0);
    expect(scene.lumen.positions.length).toBe(0); // detached: moved, not copied
  });

  it('builds an imported tree without a skeleton, and names the bad file in an import error', () => {
    const atlas = buildAnatomyScene({ kind: 'atlas', name: 'body', options: {} }, 'low').tree;
    const text = JSON.stringify(vesselTreeToFile(atlas));
    const imported = buildAnatomyScene({ kind: 'files', files: [{ name: 'body.json', text }] }, 'low');
    expect(imported.source).toBe('imported');
    expect(imported.tree.segments.length).toBe(atlas.segments.length);
    expect(imported.skeleton).toBeNull();
    expect(imported.bodyOutline).toBeNull();
    expect(() =>
      buildAnatomyScene(
        { kind: 'files', files: [{ name: 'newer.json', text: '{"format": "ir-trainer-vessel-tree", "version": 2}' }] },
        'low',
      ),
    ).toThrow(/^newer\.json: version/);
  });
});
