import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { createLumenIndex } from '../../../../src/sim/anatomy/lumen-index.ts';
import { sheathInAccessVessel } from '../../../../src/sim/physics/access.ts';
import { anatomyLumen } from '../../../../src/sim/physics/lumen-field.ts';
import type { Rod } from '../../../../src/sim/physics/rod.ts';
import {
  createPhysicsWorld,
  maxWallPenetrationMm,
  setHubCommand,
  stepPhysics,
  type PhysicsWorld,
} from '../../../../src/sim/physics/world.ts';
import { sheathAlongZ, straightTube } from '../../../helpers/analytic-lumens.ts';

function move(world: PhysicsWorld, device: number, advanceMmPerS: number, steps: number): void {
  setHubCommand(world, device, { advanceMmPerS, rotateDegPerS: 0 });
  for (let i = 0; i < steps; i++) stepPhysics(world);
  setHubCommand(world, device, { advanceMmPerS: 0, rotateDegPerS: 0 });
}

/** Angle (degrees) between the catheter's tip direction and its shaft direction 75 mm back. */
function tipTurnDegrees(rod: Rod): number {
  const p = rod.positions;
  let k = 0;
  while (rod.materialFromTipMm[k]! < 75) k++;
  const tip = [p[0]! - p[3]!, p[1]! - p[4]!, p[2]! - p[5]!];
  const shaft = [p[3 * k]! - p[3 * k + 3]!, p[3 * k + 1]! - p[3 * k + 4]!, p[3 * k + 2]! - p[3 * k + 5]!];
  const cosine =
    (tip[0]! * shaft[0]! + tip[1]! * shaft[1]! + tip[2]! * shaft[2]!) / Math.hypot(...tip) / Math.hypot(...shaft);
  return (Math.acos(Math.min(1, Math.max(-1, cosine))) * 180) / Math.PI;
}

describe('coaxial devices', () => {
  it('a Cobra catheter takes its shape, is straightened by a wire through its tip, and recovers when the wire is pulled back', () => {
    const world = createPhysicsWorld({
      lumen: straightTube(70),
      sheath: sheathAlongZ(),
      devices: [
        { deviceId: 'catheter-5f-cobra', through: -1 },
        { deviceId: 'wire-035-stiff', through: 0 },
      ],
    });
    const catheter = world.devices[0]!.rod;
    move(world, 0, 80, 240); // catheter 160 mm in
    const restTurn = 40 + 70; // the catalogue's two Cobra bends
    expect(Math.abs(tipTurnDegrees(catheter) - restTurn)).toBeLessThan(12);
    move(world, 1, 80, 420); // wire 280 mm: its stiff shaft now fills the catheter's curves
    for (let i = 0; i < 60; i++) stepPhysics(world);
    const straightened = tipTurnDegrees(catheter);
    expect(straightened).toBeLessThan(restTurn * 0.6);
    move(world, 1, -80, 300); // wire back to 80 mm, well inside the shaft
    for (let i = 0; i < 120; i++) stepPhysics(world);
    expect(Math.abs(tipTurnDegrees(catheter) - restTurn)).toBeLessThan(12);
  });

  it('keeps a wire inside its catheter at the same depth, within the radial clearance', () => {
    const world = createPhysicsWorld({
      lumen: straightTube(70),
      sheath: sheathAlongZ(),
      devices: [
        { deviceId: 'catheter-5f-vertebral', through: -1 },
        { deviceId: 'wire-035-angled-hydrophilic', through: 0 },
      ],
    });
    move(world, 0, 80, 180);
    move(world, 1, 60, 180); // wire 90 mm, still inside the 120 mm of catheter
    const catheter = world.devices[0]!.rod;
    const wire = world.devices[1]!.rod;
    const clearance = (catheter.device.innerDiameterMm - wire.device.outerDiameterMm) / 2;
    let worst = 0;
    for (let k = 0; k < wire.activeCount; k++) {
      const depth = wire.insertedMm - wire.materialFromTipMm[k]!;
      const catheterMaterial = catheter.insertedMm - depth;
      let j = 0;
      while (catheter.materialFromTipMm[j + 1]! < catheterMaterial) j++;
      const t =
        (catheterMaterial - catheter.materialFromTipMm[j]!) /
        (catheter.materialFromTipMm[j + 1]! - catheter.materialFromTipMm[j]!);
      const gap = Math.hypot(
        ...[0, 1, 2].map(
          (axis) =>
            wire.positions[3 * k + axis]! -
            (catheter.positions[3 * j + axis]! * (1 - t) + catheter.positions[3 * j + 3 + axis]! * t),
        ),
      );
      worst = Math.max(worst, gap - clearance);
    }
    expect(worst).toBeLessThan(0.2);
  });

  it('runs a three-deep thrombectomy stack (guide > microcatheter > microwire) up the aorta inside the lumen', () => {
    const tree = buildAtlas('neuro');
    const world = createPhysicsWorld({
      lumen: anatomyLumen(createLumenIndex(tree)),
      sheath: sheathInAccessVessel(tree, 'right-common-femoral'),
      devices: [
        { deviceId: 'balloon-guide-8f', through: -1 },
        { deviceId: 'microcatheter-2.8f', through: 0 },
        { deviceId: 'microwire-014', through: 1 },
      ],
    });
    move(world, 0, 100, 480); // guide 400 mm
    move(world, 1, 100, 500); // microcatheter 416 mm: just out of the guide
    move(world, 2, 100, 540); // microwire 450 mm: out of the microcatheter
    expect(world.devices.map((device) => device.rod.insertedMm)).toEqual([
      expect.closeTo(400, 6),
      expect.closeTo(416.67, 1),
      expect.closeTo(450, 6),
    ]);
    expect(maxWallPenetrationMm(world)).toBeLessThan(0.5);
    // Each inner tip lies beyond the one it came out of, along the path.
    const tips = world.devices.map((device) => device.rod.positions.slice(0, 3));
    expect(tips[1]![2]!).toBeGreaterThan(tips[0]![2]!);
    expect(tips[2]![2]!).toBeGreaterThan(tips[1]![2]!);
  });
});
