import { buildAtlas } from '../src/sim/anatomy/atlas/index.ts';
import { createLumenIndex } from '../src/sim/anatomy/lumen-index.ts';
import { segmentAt } from '../src/sim/anatomy/lumen-queries.ts';
import { sheathInAccessVessel } from '../src/sim/physics/access.ts';
import { anatomyLumen } from '../src/sim/physics/lumen-field.ts';
import { createPhysicsWorld, maxWallPenetrationMm, setHubCommand, stepPhysics } from '../src/sim/physics/world.ts';
import { SIM_STEP_HZ } from '../src/sim/version.ts';
import type { Benchmark } from './run.ts';

/**
 * The thrombectomy stack in the neuro atlas: 8F balloon guide, 2.8F microcatheter through it,
 * 0.014" microwire through that, all pushed up from the right femoral sheath with the hubs
 * turning, then timed for simulated seconds with every device moving. Figures: simulated
 * seconds per wall second at the core's step rate, nodes in all, and the deepest wall
 * penetration seen.
 */
export const benchmark: Benchmark = {
  name: 'thrombectomy-stack',
  description: 'guide + microcatheter + microwire in the neuro atlas: simulated seconds per wall second',
  run() {
    const tree = buildAtlas('neuro');
    const index = createLumenIndex(tree);
    const world = createPhysicsWorld({
      lumen: anatomyLumen(index),
      sheath: sheathInAccessVessel(tree, 'right-common-femoral'),
      devices: [
        { deviceId: 'balloon-guide-8f', through: -1 },
        { deviceId: 'microcatheter-2.8f', through: 0 },
        { deviceId: 'microwire-014', through: 1 },
      ],
      // 2 mm spacing along the shafts: over a thousand nodes once the stack is in.
      layout: { shaftSpacingMm: 2 },
    });
    // Load: the guide to the arch, the microcatheter and wire a little beyond it.
    const targets = [600, 640, 680];
    for (let device = 0; device < 3; device++) setHubCommand(world, device, { advanceMmPerS: 100, rotateDegPerS: 0 });
    while (world.devices.some((device, i) => device.rod.insertedMm < targets[i]!)) {
      world.devices.forEach((device, i) => {
        if (device.rod.insertedMm >= targets[i]!) setHubCommand(world, i, { advanceMmPerS: 0, rotateDegPerS: 0 });
      });
      stepPhysics(world);
    }
    const nodes = world.devices.reduce((sum, device) => sum + device.rod.activeCount, 0);
    // Timed: every device moving back and forth and turning, as hands do.
    const simulatedSeconds = 10;
    const steps = simulatedSeconds * SIM_STEP_HZ;
    const start = performance.now();
    for (let step = 0; step < steps; step++) {
      const phase = Math.floor(step / SIM_STEP_HZ) % 2 === 0 ? 1 : -1;
      for (let device = 0; device < 3; device++) {
        setHubCommand(world, device, { advanceMmPerS: phase * (5 + 5 * device), rotateDegPerS: 60 * phase });
      }
      stepPhysics(world);
    }
    const wallSeconds = (performance.now() - start) / 1000;
    for (let i = 0; i < 30; i++) stepPhysics(world);
    const worstPenetration = maxWallPenetrationMm(world);
    const tipVessels = world.devices.map((device) => {
      const p = device.rod.positions;
      const segment = segmentAt(index, p[0]!, p[1]!, p[2]!);
      return segment < 0 ? 'outside' : tree.segments[segment]!.key;
    });
    return {
      stepHz: SIM_STEP_HZ,
      nodes,
      simulatedSecondsPerWallSecond: +(simulatedSeconds / wallSeconds).toFixed(2),
      msPerStep: +((wallSeconds * 1000) / steps).toFixed(3),
      maxWallPenetrationMm: +worstPenetration.toFixed(3),
      tipVessels,
    };
  },
};
