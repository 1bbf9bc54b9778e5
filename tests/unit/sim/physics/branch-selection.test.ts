import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { createLumenIndex } from '../../../../src/sim/anatomy/lumen-index.ts';
import { sheathInAccessVessel } from '../../../../src/sim/physics/access.ts';
import { navigateTo } from '../../../../src/sim/physics/autopilot.ts';
import { bifurcations, branchSelectionTrial } from '../../../../src/sim/physics/branch-selection.ts';
import { anatomyLumen } from '../../../../src/sim/physics/lumen-field.ts';
import { createPhysicsWorld, physicsStateHash } from '../../../../src/sim/physics/world.ts';

/*
 * Branch selection with the angled 0.035" wire. Only the cases that meet the issue's bar (≥ 95%)
 * on this 8-seed slice are here; the full 40-seed sweep of every bifurcation, with the measured
 * rates of those that do not yet, is `npm run validate -- branch-selection` (validate/RESULTS.md).
 */
const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

function wireWorld(tree: ReturnType<typeof buildAtlas>, index: ReturnType<typeof createLumenIndex>) {
  return createPhysicsWorld({
    lumen: anatomyLumen(index),
    sheath: sheathInAccessVessel(tree, 'right-common-femoral'),
    devices: [{ deviceId: 'wire-035-angled-hydrophilic', through: -1 }],
  });
}

describe('the navigation autopilot', () => {
  it('drives the angled wire from the right femoral sheath into the left subclavian, vessel by vessel, inside the lumen', () => {
    const tree = buildAtlas('neuro');
    const index = createLumenIndex(tree);
    const result = navigateTo(wireWorld(tree, index), tree, index, 'left-subclavian');
    expect(result.reached).toBe(true);
    expect(result.path).toEqual(result.plannedPath);
    expect(result.path.slice(-3)).toEqual(['descending-thoracic-aorta', 'aortic-arch', 'left-subclavian']);
    expect(result.maxWallPenetrationMm).toBeLessThan(0.5);
    expect(result.simulatedSeconds).toBeLessThan(60);
  });

  it('is deterministic to the bit', () => {
    const tree = buildAtlas('neuro', { seed: 3 });
    const index = createLumenIndex(tree);
    const run = () => {
      const world = wireWorld(tree, index);
      const result = navigateTo(world, tree, index, 'aortic-arch');
      return { hash: physicsStateHash(world), seconds: result.simulatedSeconds };
    };
    expect(run()).toEqual(run());
  });

  it('names the vessel it does not know', () => {
    const tree = buildAtlas('neuro');
    const index = createLumenIndex(tree);
    expect(() => navigateTo(wireWorld(tree, index), tree, index, 'left-mca-m9')).toThrow(/no vessel "left-mca-m9"/);
  });
});

describe('branch selection at the aortic bifurcation, from the right femoral sheath', () => {
  const crossover = bifurcations.find((bifurcation) => bifurcation.branchKey === 'left-common-iliac')!;

  it('with the tip pointed away from the contralateral iliac, the wire climbs the aorta (8 of 8 seeds)', () => {
    const outcomes = seeds.map((seed) => branchSelectionTrial(crossover, seed, 'away'));
    for (const trial of outcomes) {
      expect(trial.staged, `seed ${trial.seed}`).toBe(true);
      expect(trial.enteredBranch, `seed ${trial.seed}: ${trial.path.join(' > ')}`).toBe(false);
      expect(trial.endKey, `seed ${trial.seed}`).toBe('abdominal-aorta');
    }
  });
});
