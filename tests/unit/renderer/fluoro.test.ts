import { describe, expect, it } from 'vitest';
import { defaultCArmPose, type CArmPose } from '../../../src/sim/imaging/carm.ts';
import { beamFromPedals, pedalOfKey, pedalsFromGamepad } from '../../../src/renderer/src/controls/pedals.ts';
import { fluoroViewFor, pixelOf, rayThroughImage } from '../../../src/renderer/src/fluoro/fluoroView.ts';
import { poseKey } from '../../../src/renderer/src/fluoro/fluoroImaging.ts';
import { atlasPlacement } from '../../../src/renderer/src/scene/patientPlacement.ts';
import { createRandomState, nextUnit } from '../../../src/sim/math/random.ts';

describe('pedals', () => {
  it('maps Space to fluoroscopy and X to an acquisition, which wins when both are down', () => {
    expect(pedalOfKey('Space')).toBe('fluoro');
    expect(pedalOfKey('KeyX')).toBe('acquire');
    expect(pedalOfKey('KeyW')).toBeNull();
    expect(beamFromPedals({ fluoro: false, acquire: false })).toBe('off');
    expect(beamFromPedals({ fluoro: true, acquire: false })).toBe('fluoro');
    expect(beamFromPedals({ fluoro: true, acquire: true })).toBe('acquire');
  });

  it('reads the triggers of a standard gamepad as pedals, pressed past half travel', () => {
    const buttons = Array.from({ length: 17 }, () => ({ pressed: false, value: 0 }));
    expect(pedalsFromGamepad(buttons)).toEqual({ fluoro: false, acquire: false });
    buttons[6] = { pressed: false, value: 0.7 };
    expect(pedalsFromGamepad(buttons)).toEqual({ fluoro: true, acquire: false });
    buttons[7] = { pressed: true, value: 0.2 };
    expect(pedalsFromGamepad(buttons)).toEqual({ fluoro: true, acquire: true });
    expect(pedalsFromGamepad([])).toEqual({ fluoro: false, acquire: false });
  });
});

describe('the fluoroscopy view', () => {
  const placement = atlasPlacement('body');
  const poses: CArmPose[] = [
    defaultCArmPose,
    { ...defaultCArmPose, laoDeg: 35, cranDeg: -20, fieldOfViewCm: 22, sourceToDetectorMm: 1000 },
    { ...defaultCArmPose, laoDeg: -90, table: { longitudinalMm: -250, lateralMm: 60, heightMm: 40 } },
  ];

  it('sends the ray through an image point to the pixel the GPU matrix puts it at', () => {
    const random = createRandomState(7);
    for (const pose of poses) {
      const view = fluoroViewFor(pose, placement);
      for (let i = 0; i < 20; i++) {
        const u = nextUnit(random) * 1.8 - 0.9;
        const v = nextUnit(random) * 1.8 - 0.9;
        const { origin, direction } = rayThroughImage(pose, placement, u, v);
        // The ray starts at the focal spot the view names, and any point along it lands on (u, v).
        expect(origin[0]).toBeCloseTo(view.sourceLps[0], 6);
        expect(origin[2]).toBeCloseTo(view.sourceLps[2], 6);
        const along = 500 + 300 * nextUnit(random);
        const point: [number, number, number] = [
          origin[0] + along * direction[0],
          origin[1] + along * direction[1],
          origin[2] + along * direction[2],
        ];
        const [x, y] = pixelOf(view, point, 1000)!;
        expect(x).toBeCloseTo(((u + 1) / 2) * 1000, 3);
        expect(y).toBeCloseTo(((1 - v) / 2) * 1000, 3);
      }
    }
  });

  it('shows the patient upright in AP: head at the top, the patient’s left on the right', () => {
    const view = fluoroViewFor(defaultCArmPose, placement);
    const centre: [number, number, number] = [0, 0, -200];
    const [cx, cy] = pixelOf(view, centre, 1000)!;
    const [, hy] = pixelOf(view, [0, 0, -150], 1000)!;
    const [lx] = pixelOf(view, [50, 0, -200], 1000)!;
    expect(hy).toBeLessThan(cy);
    expect(lx).toBeGreaterThan(cx);
  });

  it('changes the still view only when something that moves the image changes', () => {
    expect(poseKey({ ...defaultCArmPose })).toBe(poseKey(defaultCArmPose));
    expect(poseKey({ ...defaultCArmPose, laoDeg: 1 })).not.toBe(poseKey(defaultCArmPose));
    expect(poseKey({ ...defaultCArmPose, table: { ...defaultCArmPose.table, heightMm: 5 } })).not.toBe(
      poseKey(defaultCArmPose),
    );
  });
});
