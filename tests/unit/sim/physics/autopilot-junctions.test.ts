import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { createLumenIndex } from '../../../../src/sim/anatomy/lumen-index.ts';
import { sheathInAccessVessel } from '../../../../src/sim/physics/access.ts';
import {
  applyAutopilotCommands,
  autopilotStep,
  createAutopilot,
  navigateTo,
} from '../../../../src/sim/physics/autopilot.ts';
import { layOutRoute } from '../../../../src/sim/physics/autopilot-route.ts';
import { anatomyLumen } from '../../../../src/sim/physics/lumen-field.ts';
import { createPhysicsWorld, stepPhysics } from '../../../../src/sim/physics/world.ts';
import { pathBetween } from '../../../../src/sim/anatomy/vessel-path.ts';

/*
 * The autopilot at junctions it used to miss: a side branch leaving a vessel near its origin
 * (the celiac trunk, just below where the abdominal aorta becomes the thoracic), and an arch
 * branch the wire slides past before it springs in (the left CCA), which it now probes for by
 * withdrawing slowly with the tip aimed and the hub sweeping.
 */
function world(tree: ReturnType<typeof buildAtlas>, index: ReturnType<typeof createLumenIndex>, ids: string[]) {
  return createPhysicsWorld({
    lumen: anatomyLumen(index),
    sheath: sheathInAccessVessel(tree, 'right-common-femoral'),
    devices: ids.map((deviceId, i) => ({ deviceId, through: i - 1 })),
  });
}

describe('autopilot junctions', () => {
  it('aims at a branch near the origin of the vessel it leaves, since the parent carries on past it', () => {
    const tree = buildAtlas('body');
    const route = layOutRoute(tree, pathBetween(tree, 'right-common-femoral', 'celiac-trunk'), 0);
    const abdominal = route.find((leg) => leg.vessel.key === 'abdominal-aorta')!;
    expect(abdominal.direction).toBe(-1);
    expect(abdominal.steer).toBe(true);
  });

  it('selects the left CCA from the arch with a vertebral catheter over the angled wire (mean anatomy)', () => {
    const tree = buildAtlas('neuro');
    const index = createLumenIndex(tree);
    const result = navigateTo(
      world(tree, index, ['catheter-5f-vertebral', 'wire-035-angled-hydrophilic']),
      tree,
      index,
      'left-cca',
    );
    expect(result.reached, result.path.join(' > ')).toBe(true);
    expect(result.path.slice(-2)).toEqual(['aortic-arch', 'left-cca']);
    expect(result.simulatedSeconds).toBeLessThan(40);
    expect(result.maxWallPenetrationMm).toBeLessThan(0.5);
  });

  it('selects the celiac trunk with the angled wire by probing back for the ostium it slid past (seed 1)', () => {
    const tree = buildAtlas('body', { seed: 1 });
    const index = createLumenIndex(tree);
    const result = navigateTo(world(tree, index, ['wire-035-angled-hydrophilic']), tree, index, 'celiac-trunk');
    expect(result.reached, result.path.join(' > ')).toBe(true);
    expect(result.path.at(-1)).toBe('celiac-trunk');
    expect(result.simulatedSeconds).toBeLessThan(30);
    expect(result.maxWallPenetrationMm).toBeLessThan(0.5);
  });

  it('keeps a wire parked just inside a catheter that leads', () => {
    const tree = buildAtlas('neuro');
    const index = createLumenIndex(tree);
    const stack = world(tree, index, ['catheter-5f-vertebral', 'wire-035-angled-hydrophilic']);
    const state = createAutopilot(stack, tree, index, 'aortic-arch', { leaderIndex: 0, parkMm: 5 });
    for (let step = 0; step < 120 * 3; step++) {
      autopilotStep(state);
      applyAutopilotCommands(state);
      stepPhysics(stack);
    }
    const [catheter, wire] = stack.devices.map((device) => device.rod);
    expect(catheter!.insertedMm).toBeGreaterThan(100);
    expect(wire!.insertedMm).toBeGreaterThan(catheter!.insertedMm - 10);
    expect(wire!.insertedMm).toBeLessThan(catheter!.insertedMm);
  });
});
