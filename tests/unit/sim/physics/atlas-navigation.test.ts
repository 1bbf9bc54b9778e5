import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { createLumenIndex } from '../../../../src/sim/anatomy/lumen-index.ts';
import { segmentAt } from '../../../../src/sim/anatomy/lumen-queries.ts';
import { sheathInAccessVessel } from '../../../../src/sim/physics/access.ts';
import { anatomyLumen } from '../../../../src/sim/physics/lumen-field.ts';
import {
  createPhysicsWorld,
  maxWallPenetrationMm,
  physicsStateHash,
  setHubCommand,
  stepPhysics,
} from '../../../../src/sim/physics/world.ts';

const tree = buildAtlas('neuro');
const index = createLumenIndex(tree);

function wireFromRightFemoral(deviceId = 'wire-035-angled-hydrophilic') {
  return createPhysicsWorld({
    lumen: anatomyLumen(index),
    sheath: sheathInAccessVessel(tree, 'right-common-femoral'),
    devices: [{ deviceId, through: -1 }],
  });
}

function tipVessel(world: ReturnType<typeof wireFromRightFemoral>): string {
  const rod = world.devices[0]!.rod;
  const segment = segmentAt(index, rod.positions[0]!, rod.positions[1]!, rod.positions[2]!);
  return segment < 0 ? 'outside' : tree.segments[segment]!.key;
}

describe('a guidewire in the neuro atlas', () => {
  it('climbs from the right femoral sheath through the iliacs and the aorta to the arch, staying in the lumen', () => {
    const world = wireFromRightFemoral();
    setHubCommand(world, 0, { advanceMmPerS: 80, rotateDegPerS: 0 });
    const visited = new Set<string>();
    let worstPenetration = 0;
    for (let step = 0; step < 120 * 7; step++) {
      stepPhysics(world);
      visited.add(tipVessel(world));
      if (step % 10 === 0) worstPenetration = Math.max(worstPenetration, maxWallPenetrationMm(world));
    }
    expect([...visited]).toEqual(
      expect.arrayContaining([
        'right-external-iliac',
        'right-common-iliac',
        'abdominal-aorta',
        'descending-thoracic-aorta',
        'aortic-arch',
      ]),
    );
    expect(visited.has('outside')).toBe(false);
    expect(worstPenetration).toBeLessThan(0.5);
  });

  it('comes back down when pulled, and is deterministic to the bit', () => {
    const run = () => {
      const world = wireFromRightFemoral();
      setHubCommand(world, 0, { advanceMmPerS: 80, rotateDegPerS: 30 });
      for (let step = 0; step < 120 * 4; step++) stepPhysics(world);
      setHubCommand(world, 0, { advanceMmPerS: -80, rotateDegPerS: 0 });
      for (let step = 0; step < 120 * 3; step++) stepPhysics(world);
      return world;
    };
    const world = run();
    expect(world.devices[0]!.rod.insertedMm).toBeCloseTo(80, 6);
    expect(['right-external-iliac', 'right-common-femoral']).toContain(tipVessel(world));
    expect(physicsStateHash(run())).toBe(physicsStateHash(world));
  });
});
