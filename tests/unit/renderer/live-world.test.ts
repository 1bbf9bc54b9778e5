import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../src/sim/anatomy/atlas/index.ts';
import { setHubCommand } from '../../../src/sim/physics/world.ts';
import {
  advanceLiveWorld,
  createLiveWorld,
  deviceFrame,
  maxStepsPerAdvance,
} from '../../../src/renderer/src/sim-worker/liveWorld.ts';
import { defaultAccessVessel, defaultDeviceStack } from '../../../src/renderer/src/sim-worker/messages.ts';

describe('the live world in the simulation worker', () => {
  const tree = buildAtlas('body');

  it('spends wall time in whole fixed steps, carries the remainder, and does not catch up a long stall', () => {
    const live = createLiveWorld(tree, defaultAccessVessel, defaultDeviceStack);
    expect(advanceLiveWorld(live, 1 / 60)).toBe(2);
    expect(advanceLiveWorld(live, 0.5 / 120)).toBe(0);
    expect(advanceLiveWorld(live, 0.5 / 120)).toBe(1);
    expect(advanceLiveWorld(live, 10)).toBe(maxStepsPerAdvance);
    expect(live.world.stepCount).toBe(3 + maxStepsPerAdvance);
  });

  it('pushes the wire from the femoral sheath and frames its nodes in patient coordinates', () => {
    const live = createLiveWorld(tree, defaultAccessVessel, defaultDeviceStack);
    setHubCommand(live.world, 1, { advanceMmPerS: 20, rotateDegPerS: 90 });
    for (let i = 0; i < 60; i++) advanceLiveWorld(live, 1 / 60);
    const frame = deviceFrame(live.world, 1, undefined);
    expect(frame.insertedMm).toBeCloseTo(20, 6);
    expect(frame.hubAngleDeg).toBeCloseTo(90, 6);
    expect(frame.activeCount).toBeGreaterThan(10);
    const rod = live.world.devices[1]!.rod;
    expect(frame.positions[0]).toBeCloseTo(rod.positions[0]!, 3);
    // A recycled buffer big enough is reused.
    expect(deviceFrame(live.world, 1, frame.positions).positions).toBe(frame.positions);
  });

  it('refuses an anatomy without the access vessel, naming it', () => {
    const noFemoral = { ...tree, segments: tree.segments.filter((segment) => !segment.key.includes('femoral')) };
    expect(() => createLiveWorld(noFemoral, defaultAccessVessel, defaultDeviceStack)).toThrow(
      /no vessel "right-common-femoral"/,
    );
  });
});
