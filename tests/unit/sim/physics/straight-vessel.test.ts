import { describe, expect, it } from 'vitest';
import {
  createPhysicsWorld,
  physicsStateHash,
  setHubCommand,
  stepPhysics,
  type PhysicsWorld,
} from '../../../../src/sim/physics/world.ts';
import { sheathAlongZ, straightTube } from '../../../helpers/analytic-lumens.ts';

function run(world: PhysicsWorld, steps: number): void {
  for (let i = 0; i < steps; i++) stepPhysics(world);
}

function edgeStretch(world: PhysicsWorld, device = 0): number {
  const rod = world.devices[device]!.rod;
  let worst = 0;
  for (let k = 0; k < rod.activeCount - 1; k++) {
    const length = Math.hypot(
      rod.positions[3 * k + 3]! - rod.positions[3 * k]!,
      rod.positions[3 * k + 4]! - rod.positions[3 * k + 1]!,
      rod.positions[3 * k + 5]! - rod.positions[3 * k + 2]!,
    );
    worst = Math.max(worst, Math.abs(length / rod.restLengthMm[k]! - 1));
  }
  return worst;
}

describe('a wire in a straight vessel', () => {
  it('advances its tip with the hub: inserted length matches within 1%, stretch under 1%', () => {
    const world = createPhysicsWorld({
      lumen: straightTube(4),
      sheath: sheathAlongZ(),
      devices: [{ deviceId: 'wire-035-stiff', through: -1 }],
    });
    setHubCommand(world, 0, { advanceMmPerS: 50, rotateDegPerS: 0 });
    run(world, 240); // 2 s at 50 mm/s
    setHubCommand(world, 0, { advanceMmPerS: 0, rotateDegPerS: 0 });
    run(world, 60);
    const rod = world.devices[0]!.rod;
    expect(rod.insertedMm).toBeCloseTo(100, 6);
    expect(rod.positions[2]! / rod.insertedMm).toBeGreaterThan(0.99);
    expect(rod.positions[2]! / rod.insertedMm).toBeLessThan(1.01);
    expect(edgeStretch(world)).toBeLessThan(0.01);
  });

  it('keeps every node inside the lumen by its radius', () => {
    const world = createPhysicsWorld({
      lumen: straightTube(3),
      sheath: sheathAlongZ(),
      devices: [{ deviceId: 'wire-035-angled-hydrophilic', through: -1 }],
    });
    setHubCommand(world, 0, { advanceMmPerS: 40, rotateDegPerS: 90 });
    run(world, 300);
    const rod = world.devices[0]!.rod;
    for (let k = 0; k < rod.activeCount; k++) {
      const r = Math.hypot(rod.positions[3 * k]!, rod.positions[3 * k + 1]!);
      expect(r + rod.radiusMm).toBeLessThan(3 + 0.5);
    }
  });

  it("keeps an angled wire's rest shape while it is pushed through a wide vessel", () => {
    const world = createPhysicsWorld({
      lumen: straightTube(50),
      sheath: sheathAlongZ(),
      devices: [{ deviceId: 'wire-035-angled-hydrophilic', through: -1 }],
    });
    setHubCommand(world, 0, { advanceMmPerS: 60, rotateDegPerS: 0 });
    run(world, 120); // 60 mm
    setHubCommand(world, 0, { advanceMmPerS: 0, rotateDegPerS: 0 });
    run(world, 30);
    // Rest shape: a 45° bend spread over 4 mm centred 8 mm from the tip, then a 6 mm straight arm.
    const bendRadius = 4 / (Math.PI / 4);
    const lateral = bendRadius * (1 - Math.cos(Math.PI / 4)) + 6 * Math.sin(Math.PI / 4);
    const shortening = 4 - bendRadius * Math.sin(Math.PI / 4) + 6 * (1 - Math.cos(Math.PI / 4));
    const rod = world.devices[0]!.rod;
    expect(Math.hypot(rod.positions[0]!, rod.positions[1]!)).toBeCloseTo(lateral, 0);
    expect(rod.positions[2]!).toBeCloseTo(60 - shortening, 0);
  });

  it('turns the tip of an angled wire to within 10° of the hub angle after settling', () => {
    const world = createPhysicsWorld({
      lumen: straightTube(8),
      sheath: sheathAlongZ(),
      devices: [{ deviceId: 'wire-035-angled-hydrophilic', through: -1 }],
    });
    setHubCommand(world, 0, { advanceMmPerS: 50, rotateDegPerS: 0 });
    run(world, 120);
    for (const hubDeg of [90, 180, 270, 360 + 45]) {
      const rod = world.devices[0]!.rod;
      const current = (rod.hubAngle * 180) / Math.PI;
      const seconds = (hubDeg - current) / 180;
      setHubCommand(world, 0, { advanceMmPerS: 0, rotateDegPerS: 180 });
      run(world, Math.round(seconds * 120));
      setHubCommand(world, 0, { advanceMmPerS: 0, rotateDegPerS: 0 });
      run(world, 120);
      // The bent tip leans toward the material normal: its direction across the vessel axis.
      const tipAngle =
        (Math.atan2(rod.positions[1]! - rod.positions[3 * 12 + 1]!, rod.positions[0]! - rod.positions[3 * 12]!) * 180) /
        Math.PI;
      const hubAngle = (rod.hubAngle * 180) / Math.PI;
      const difference = ((((tipAngle - hubAngle) % 360) + 540) % 360) - 180;
      expect(Math.abs(difference), `hub ${hubAngle.toFixed(0)}° tip ${tipAngle.toFixed(0)}°`).toBeLessThan(10);
    }
  });

  it('gives a bit-identical state for the same inputs', () => {
    const make = () =>
      createPhysicsWorld({
        lumen: straightTube(4),
        sheath: sheathAlongZ(),
        devices: [{ deviceId: 'wire-035-angled-hydrophilic', through: -1 }],
      });
    const a = make();
    const b = make();
    for (const world of [a, b]) {
      setHubCommand(world, 0, { advanceMmPerS: 30, rotateDegPerS: 45 });
      run(world, 500);
    }
    expect(physicsStateHash(a)).toBe(physicsStateHash(b));
    stepPhysics(b);
    expect(physicsStateHash(a)).not.toBe(physicsStateHash(b));
  });
});
