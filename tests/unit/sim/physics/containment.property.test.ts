import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { createLumenIndex } from '../../../../src/sim/anatomy/lumen-index.ts';
import { sheathInAccessVessel } from '../../../../src/sim/physics/access.ts';
import { anatomyLumen } from '../../../../src/sim/physics/lumen-field.ts';
import {
  createPhysicsWorld,
  maxWallPenetrationMm,
  setHubCommand,
  stepPhysics,
} from '../../../../src/sim/physics/world.ts';

const tree = buildAtlas('neuro');
const lumen = anatomyLumen(createLumenIndex(tree));
const sheath = sheathInAccessVessel(tree, 'right-common-femoral');

/** A hand on the hubs: which device, how fast it pushes or pulls, how fast it turns, for how long. */
const hubMove = fc.record({
  device: fc.integer({ min: 0, max: 1 }),
  advanceMmPerS: fc.integer({ min: -60, max: 100 }),
  rotateDegPerS: fc.integer({ min: -360, max: 360 }),
  steps: fc.integer({ min: 5, max: 60 }),
});

describe('containment under random hub inputs (property)', () => {
  it('keeps every node within 0.5 mm of the lumen, with nothing NaN, for a catheter over a wire', () => {
    fc.assert(
      fc.property(fc.array(hubMove, { minLength: 10, maxLength: 30 }), (moves) => {
        const world = createPhysicsWorld({
          lumen,
          sheath,
          devices: [
            { deviceId: 'catheter-5f-vertebral', through: -1 },
            { deviceId: 'wire-035-angled-hydrophilic', through: 0 },
          ],
        });
        for (const move of moves) {
          setHubCommand(world, move.device, move);
          for (let step = 0; step < move.steps; step++) stepPhysics(world);
          setHubCommand(world, move.device, { advanceMmPerS: 0, rotateDegPerS: 0 });
          for (const { rod } of world.devices) {
            for (let i = 0; i < 3 * rod.activeCount; i++) expect(Number.isFinite(rod.positions[i])).toBe(true);
          }
          expect(maxWallPenetrationMm(world)).toBeLessThan(0.5);
        }
      }),
      { numRuns: 25, seed: 20261123 },
    );
  });
});
