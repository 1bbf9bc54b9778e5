import { describe, expect, it } from 'vitest';
import {
  hubCommandFromGamepad,
  shoulderStep,
  steppedDevice,
  stickDeflection,
} from '../../../src/renderer/src/controls/gamepadHub.ts';
import { hubCommandFromDrag } from '../../../src/renderer/src/controls/hubDrag.ts';
import { hubCommandFromKeys, hubKeyOf, type HubKey } from '../../../src/renderer/src/controls/hubKeys.ts';
import { tubeIndices, tubeSides, writeTube } from '../../../src/renderer/src/scene/tubeMesh.ts';
import { createLiveFrames, interpolatedNodes, receiveFrame } from '../../../src/renderer/src/sim-worker/liveFrames.ts';
import type { ImagingFrame } from '../../../src/renderer/src/sim-worker/messages.ts';

describe('mouse hub pad', () => {
  it('pushes when dragged up, pulls down, turns right clockwise, with a dead zone and a ceiling', () => {
    expect(hubCommandFromDrag(0, 0, false)).toEqual({ advanceMmPerS: 0, rotateDegPerS: 0 });
    expect(hubCommandFromDrag(5, -5, false)).toEqual({ advanceMmPerS: 0, rotateDegPerS: 0 });
    expect(hubCommandFromDrag(0, -80, false)).toEqual({ advanceMmPerS: 30, rotateDegPerS: 0 });
    expect(hubCommandFromDrag(0, 400, false)).toEqual({ advanceMmPerS: -30, rotateDegPerS: 0 });
    expect(hubCommandFromDrag(43, 0, false)).toEqual({ advanceMmPerS: 0, rotateDegPerS: 90 });
    expect(hubCommandFromDrag(43, 0, true)).toEqual({ advanceMmPerS: 0, rotateDegPerS: -90 });
  });
});

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

describe('gamepad hub controls', () => {
  // Standard mapping: axes [left X, left Y, right X, right Y]; stick forward reads -1.
  const sticks = (leftY: number, rightX: number) => [0, leftY, rightX, 0];

  it('ignores the dead zone and rises in proportion past it, up to 20 mm/s and 90 deg/s', () => {
    expect(stickDeflection(0.15)).toBe(0);
    expect(stickDeflection(-0.1)).toBe(0);
    expect(stickDeflection(0.575)).toBeCloseTo(0.5);
    expect(stickDeflection(-1.2)).toBe(-1);
    expect(hubCommandFromGamepad(sticks(0.05, -0.12), false)).toEqual({ advanceMmPerS: 0, rotateDegPerS: 0 });
    expect(hubCommandFromGamepad(sticks(-1, 1), false)).toEqual({ advanceMmPerS: 20, rotateDegPerS: 90 });
    expect(hubCommandFromGamepad(sticks(0.575, -0.575), false)).toEqual({ advanceMmPerS: -10, rotateDegPerS: -45 });
    expect(hubCommandFromGamepad([], false)).toEqual({ advanceMmPerS: 0, rotateDegPerS: 0 });
  });

  it('rounds to small steps so a stick held still sends the same command', () => {
    expect(hubCommandFromGamepad(sticks(-0.6, 0.6), false)).toEqual(
      hubCommandFromGamepad(sticks(-0.6004, 0.6003), false),
    );
  });

  it('inverts the hub rotation when the setting asks for it', () => {
    expect(hubCommandFromGamepad(sticks(0, 1), true).rotateDegPerS).toBe(-90);
  });

  it('steps the active device once per shoulder press, wrapping round the stack', () => {
    expect(shoulderStep(false, false, false, true)).toBe(1);
    expect(shoulderStep(false, true, false, true)).toBe(0);
    expect(shoulderStep(false, false, true, false)).toBe(-1);
    expect(shoulderStep(false, false, true, true)).toBe(0);
    expect(steppedDevice(1, 1, 2)).toBe(0);
    expect(steppedDevice(0, -1, 3)).toBe(2);
    expect(steppedDevice(0, 1, 0)).toBe(0);
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
      [{ deviceId: 'wire', through: -1, name: 'wire', kind: 'guidewire', radiusMm: 0.45, nodeCount: 3 }],
      [0, 0, 0],
    );
    const imaging = {} as ImagingFrame;
    receiveFrame(
      frames,
      [{ positions: Float32Array.of(0, 0, 0), activeCount: 1, insertedMm: 1, hubAngleDeg: 0 }],
      imaging,
      0,
    );
    const replaced = receiveFrame(
      frames,
      [{ positions: Float32Array.of(2, 0, 0, 5, 0, 0), activeCount: 2, insertedMm: 2, hubAngleDeg: 10 }],
      { ...imaging },
      20,
    );
    // The imaging frame it replaced comes back, so its buffers can be recycled.
    expect(replaced).toBe(imaging);
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
