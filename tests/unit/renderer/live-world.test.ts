import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../src/sim/anatomy/atlas/index.ts';
import { applyCommand } from '../../../src/sim/simulation.ts';
import { totalSampleCount } from '../../../src/sim/flow/contrast.ts';
import {
  advanceLiveWorld,
  createLiveWorld,
  deviceFrame,
  imagingFrame,
  maxStepsPerAdvance,
} from '../../../src/renderer/src/sim-worker/liveWorld.ts';
import { defaultAccessVessel, defaultDeviceStack } from '../../../src/renderer/src/sim-worker/messages.ts';

describe('the live world in the simulation worker', () => {
  const tree = buildAtlas('body');

  it('spends wall time in whole fixed steps, carries the remainder, and does not catch up a long stall', () => {
    const live = createLiveWorld(tree, defaultAccessVessel, defaultDeviceStack, 24);
    expect(advanceLiveWorld(live, 1 / 60)).toBe(2);
    expect(advanceLiveWorld(live, 0.5 / 120)).toBe(0);
    expect(advanceLiveWorld(live, 0.5 / 120)).toBe(1);
    expect(advanceLiveWorld(live, 10)).toBe(maxStepsPerAdvance);
    expect(live.simulation.stepCount).toBe(3 + maxStepsPerAdvance);
  });

  it('pushes the wire from the femoral sheath and frames its nodes in patient coordinates', () => {
    const live = createLiveWorld(tree, defaultAccessVessel, defaultDeviceStack, 24);
    applyCommand(live.simulation, { kind: 'hub', device: 1, command: { advanceMmPerS: 20, rotateDegPerS: 90 } });
    for (let i = 0; i < 60; i++) advanceLiveWorld(live, 1 / 60);
    const frame = deviceFrame(live.simulation.physics, 1, undefined);
    expect(frame.insertedMm).toBeCloseTo(20, 6);
    expect(frame.hubAngleDeg).toBeCloseTo(90, 6);
    expect(frame.activeCount).toBeGreaterThan(10);
    const rod = live.simulation.physics.devices[1]!.rod;
    expect(frame.positions[0]).toBeCloseTo(rod.positions[0]!, 3);
    // A recycled buffer big enough is reused.
    expect(deviceFrame(live.simulation.physics, 1, frame.positions).positions).toBe(frame.positions);
  });

  it('refuses an anatomy without the access vessel, naming it', () => {
    const noFemoral = { ...tree, segments: tree.segments.filter((segment) => !segment.key.includes('femoral')) };
    expect(() => createLiveWorld(noFemoral, defaultAccessVessel, defaultDeviceStack, 24)).toThrow(
      /no vessel "right-common-femoral"/,
    );
  });
});

describe('the imaging side of a live frame', () => {
  const tree = buildAtlas('body');

  it('reports beam, dose and contrast, and shows contrast downstream of the catheter after an injection', () => {
    const live = createLiveWorld(tree, defaultAccessVessel, defaultDeviceStack, 24);
    const samples = totalSampleCount(tree);
    const empty = imagingFrame(live.simulation, new Float32Array(samples), new Float32Array(tree.segments.length));
    expect(empty.beam).toBe('off');
    expect(empty.contrastInjectedMl).toBe(0);
    expect(Math.max(...empty.concentrations)).toBe(0);
    applyCommand(live.simulation, { kind: 'beam', beam: 'fluoro' });
    applyCommand(live.simulation, { kind: 'inject', rateMlPerS: 4, volumeMl: 4 });
    for (let i = 0; i < 30; i++) advanceLiveWorld(live, 1 / 60);
    const frame = imagingFrame(live.simulation, empty.concentrations, empty.territory);
    expect(frame.beam).toBe('fluoro');
    expect(frame.dose.fluoroscopyTimeS).toBeCloseTo(0.5, 6);
    expect(frame.dose.referenceAirKermaMGy).toBeGreaterThan(0);
    expect(frame.contrastInjectedMl).toBeCloseTo(2, 1);
    expect(frame.injecting).toBe(true);
    // Contrast leaves the sheath in the right common femoral artery and runs down the leg.
    expect(Math.max(...frame.concentrations)).toBeGreaterThan(0.05);
  });
});
