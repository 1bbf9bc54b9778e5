import { describe, expect, it } from 'vitest';
import { hubCommandFromKeys, hubKeyOf, type HubKey } from '../../../src/renderer/src/controls/hubKeys.ts';
import { tubeIndices, tubeSides, writeTube } from '../../../src/renderer/src/scene/tubeMesh.ts';
import { createLiveFrames, interpolatedNodes, receiveFrame } from '../../../src/renderer/src/sim-worker/liveFrames.ts';

describe('keyboard hub controls', () => {
  const held = (...keys: HubKey[]) => new Set<HubKey>(keys);

  it('maps W/S/A/D to device-independent hub commands, Shift for fine motion, and release to zero', () => {
    expect(hubKeyOf('KeyW')).toBe('advance');
    expect(hubKeyOf('KeyQ')).toBeNull();
    expect(hubCommandFromKeys(held('advance'), false, false)).toEqual({ advanceMmPerS: 20, rotateDegPerS: 0 });
    expect(hubCommandFromKeys(held('retract', 'turnRight'), true, false)).toEqual({
      advanceMmPerS: -4,
      rotateDegPerS: 20,
    });
    expect(hubCommandFromKeys(held('advance', 'retract', 'turnLeft'), false, false)).toEqual({
      advanceMmPerS: 0,
      rotateDegPerS: -90,
    });
    expect(hubCommandFromKeys(held(), false, false)).toEqual({ advanceMmPerS: 0, rotateDegPerS: 0 });
  });

  it('inverts the hub rotation when the setting asks for it', () => {
    expect(hubCommandFromKeys(held('turnRight'), false, true).rotateDegPerS).toBe(-90);
  });
});

describe('device tube mesh', () => {
  it('rings each node at the device radius, with outward normals and counter-clockwise faces', () => {
    const centres = Float32Array.of(0, 0, 0, 0, 0, 10, 0, 0, 20);
    const positions = new Float32Array(3 * 3 * tubeSides);
    const normals = new Float32Array(3 * 3 * tubeSides);
    expect(writeTube(centres, 3, 0.5, positions, normals)).toBe(2 * tubeSides * 6);
    for (let v = 0; v < 3 * tubeSides; v++) {
      const k = Math.floor(v / tubeSides);
      const radial = Math.hypot(positions[3 * v]!, positions[3 * v + 1]!);
      expect(radial).toBeCloseTo(0.5, 5);
      expect(positions[3 * v + 2]).toBeCloseTo(10 * k, 5);
    }
    // The first triangle's face normal points away from the axis, like its vertices' normals.
    const [a, b, c] = tubeIndices(3);
    const p = (i: number) => [positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!];
    const [pa, pb, pc] = [p(a!), p(b!), p(c!)];
    const e1 = pb.map((value, axis) => value - pa[axis]!);
    const e2 = pc.map((value, axis) => value - pa[axis]!);
    const face = [
      e1[1]! * e2[2]! - e1[2]! * e2[1]!,
      e1[2]! * e2[0]! - e1[0]! * e2[2]!,
      e1[0]! * e2[1]! - e1[1]! * e2[0]!,
    ];
    const outward = pa[0]! * face[0]! + pa[1]! * face[1]!;
    expect(outward).toBeGreaterThan(0);
  });
});

describe('live frames', () => {
  it('blends from the previous frame to the current over one frame interval, and takes new nodes from the current', () => {
    const frames = createLiveFrames(
      [{ deviceId: 'wire', name: 'wire', kind: 'guidewire', radiusMm: 0.45, nodeCount: 3 }],
      [0, 0, 0],
    );
    receiveFrame(frames, [{ positions: Float32Array.of(0, 0, 0), activeCount: 1, insertedMm: 1, hubAngleDeg: 0 }], 0);
    receiveFrame(
      frames,
      [{ positions: Float32Array.of(2, 0, 0, 5, 0, 0), activeCount: 2, insertedMm: 2, hubAngleDeg: 10 }],
      20,
    );
    const out = new Float32Array(9);
    const halfway = interpolatedNodes(frames.devices[0]!, 30, out);
    expect(halfway.count).toBe(2);
    expect(halfway.blend).toBeCloseTo(0.5);
    expect(out[0]).toBeCloseTo(1);
    expect(out[3]).toBe(5);
    expect(interpolatedNodes(frames.devices[0]!, 60, out).blend).toBe(1);
    expect(out[0]).toBe(2);
    expect(frames.devices[0]!.hubAngleDeg).toBe(10);
  });
});
