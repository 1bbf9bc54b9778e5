import { describe, expect, it } from 'vitest';
import type { LumenField } from '../../../../src/sim/physics/lumen-field.ts';
import type { RodLayout } from '../../../../src/sim/physics/rod.ts';
import {
  createPhysicsWorld,
  maxWallForceN,
  setHubCommand,
  stepPhysics,
  type DeviceLoad,
  type PhysicsWorld,
} from '../../../../src/sim/physics/world.ts';
import { bentTube, closedTube, sheathAlongZ, straightTube } from '../../../helpers/analytic-lumens.ts';

const angledWire: DeviceLoad[] = [{ deviceId: 'wire-035-angled-hydrophilic', through: -1 }];
const stiffWire: DeviceLoad[] = [{ deviceId: 'wire-035-stiff', through: -1 }];

function world(lumen: LumenField, devices: DeviceLoad[], layout?: Partial<RodLayout>): PhysicsWorld {
  return createPhysicsWorld({ lumen, sheath: sheathAlongZ(), devices, ...(layout ? { layout } : {}) });
}

/** Moves one hub at `advanceMmPerS` for `steps` steps; returns the largest wall force seen (N). */
function push(target: PhysicsWorld, device: number, advanceMmPerS: number, steps: number): number {
  setHubCommand(target, device, { advanceMmPerS, rotateDegPerS: 0 });
  let worst = 0;
  for (let i = 0; i < steps; i++) {
    stepPhysics(target);
    worst = Math.max(worst, maxWallForceN(target));
  }
  setHubCommand(target, device, { advanceMmPerS: 0, rotateDegPerS: 0 });
  return worst;
}

/** Seconds from the tip reaching a dead end at `endZMm` to the wall force passing 0.3 N, hub advancing at 10 mm/s. */
function secondsToUnsafe(devices: DeviceLoad[], layout?: Partial<RodLayout>): number {
  const endZMm = 40;
  const target = world(closedTube(3, endZMm), devices, layout);
  setHubCommand(target, 0, { advanceMmPerS: 10, rotateDegPerS: 0 });
  let stopped = -1;
  for (let step = 0; step < 120 * 8; step++) {
    stepPhysics(target);
    if (stopped < 0 && target.devices[0]!.rod.positions[2]! > endZMm - 1.5) stopped = step;
    if (stopped >= 0 && maxWallForceN(target) > 0.3) return (step - stopped) / 120;
  }
  return Infinity;
}

describe('wall normal force', () => {
  for (const [name, lumen] of [
    ['a straight tube', straightTube(3)],
    ['a gentle bend', bentTube(3, 30, 60, 45)],
  ] as const) {
    it(`stays well below 0.3 N on a wire pushed gently through ${name}, at either node spacing`, () => {
      for (const layout of [undefined, { tipSpacingMm: 0.5 }]) {
        const target = world(lumen, angledWire, layout);
        expect(push(target, 0, 10, 720)).toBeLessThan(0.1); // 60 mm at 10 mm/s
      }
    });
  }

  it('passes 0.3 N within a second when a wire is pushed on into a dead end, at either node spacing', () => {
    for (const devices of [stiffWire, angledWire]) {
      for (const layout of [undefined, { tipSpacingMm: 0.5 }]) {
        expect(secondsToUnsafe(devices, layout), devices[0]!.deviceId).toBeLessThan(1);
      }
    }
  });

  it('reads a few newtons, not hundreds, for a 5F Cobra advanced over a wire through a gentle bend; node spacing changes it little', () => {
    const peaks = [1, 2].map((tipSpacingMm) => {
      const target = world(
        bentTube(4, 40, 80, 40),
        [
          { deviceId: 'catheter-5f-cobra', through: -1 },
          { deviceId: 'wire-035-angled-hydrophilic', through: 0 },
        ],
        { tipSpacingMm },
      );
      push(target, 0, 20, 120); // catheter 20 mm
      push(target, 1, 50, 360); // wire 170 mm, well out of the catheter
      return push(target, 0, 10, 1080); // catheter over the wire to 110 mm
    });
    for (const peak of peaks) {
      expect(peak).toBeGreaterThan(0.05);
      expect(peak).toBeLessThan(10);
    }
    expect(Math.max(...peaks) / Math.min(...peaks)).toBeLessThan(2);
  });
});
