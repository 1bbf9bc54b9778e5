import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { createLumenIndex } from '../../../../src/sim/anatomy/lumen-index.ts';
import { createRandomState, nextInRange, nextUnit } from '../../../../src/sim/math/random.ts';
import { sheathInAccessVessel } from '../../../../src/sim/physics/access.ts';
import { anatomyLumen } from '../../../../src/sim/physics/lumen-field.ts';
import { createPhysicsWorld, physicsStateHash, setHubCommand, stepPhysics } from '../../../../src/sim/physics/world.ts';

/*
 * Determinism (issue #4): the same anatomy, seed and hub inputs give a bit-identical state after
 * 10,000 steps (83 simulated seconds). The inputs are a seeded stream of hub commands for a
 * catheter and the wire inside it (push, pull and turn, changed every half second), so the rods
 * touch the walls, slide, twist and change their node counts throughout. Each run builds its own
 * anatomy, index and world: nothing is shared between them but the inputs' seed.
 */
function run(inputSeed: number, steps: number): string {
  const tree = buildAtlas('body', { seed: 3 });
  const index = createLumenIndex(tree);
  const world = createPhysicsWorld({
    lumen: anatomyLumen(index),
    sheath: sheathInAccessVessel(tree, 'right-common-femoral'),
    devices: [
      { deviceId: 'catheter-5f-cobra', through: -1 },
      { deviceId: 'wire-035-angled-hydrophilic', through: 0 },
    ],
  });
  const random = createRandomState(inputSeed);
  for (let step = 0; step < steps; step++) {
    if (step % 60 === 0) {
      for (let device = 0; device < 2; device++) {
        // Mostly forward, so the devices go up the aorta rather than idling in the iliacs.
        const advance = nextUnit(random) < 0.7 ? nextInRange(random, 0, 60) : nextInRange(random, -40, 0);
        setHubCommand(world, device, { advanceMmPerS: advance, rotateDegPerS: nextInRange(random, -180, 180) });
      }
    }
    stepPhysics(world);
  }
  return physicsStateHash(world);
}

describe('determinism of the rod physics', () => {
  it('gives a bit-identical state hash after 10,000 steps of the same seeded hub inputs, and another for other inputs', () => {
    const first = run(20261123, 10_000);
    expect(run(20261123, 10_000)).toBe(first);
    expect(run(20261124, 10_000)).not.toBe(first);
  }, 180_000);
});
