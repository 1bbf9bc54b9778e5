import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandomState, nextUint32 } from '../../../../src/sim/math/random.ts';
import {
  createKeyframeTrack,
  nearestAtOrBefore,
  passKeyframe,
  replayTo,
  restoreKeyframe,
  seekReplay,
  sharedRunMembers,
  takeKeyframe,
} from '../../../../src/sim/replay/keyframes.ts';
import { parseScenario } from '../../../../src/sim/scenario/scenario.ts';
import { simulationSetupFor } from '../../../../src/sim/scenario/setup.ts';
import {
  createSimulation,
  simulationStateHash,
  type RecordedCommand,
  type SimCommand,
} from '../../../../src/sim/simulation.ts';
import { SIM_STEP_HZ } from '../../../../src/sim/version.ts';

const file = join(import.meta.dirname, '../../../../assets/scenarios/drill-celiac.json');
const { scenario, tree } = parseScenario(JSON.parse(readFileSync(file, 'utf8')), 'drill-celiac.json');
const setup = simulationSetupFor(scenario, tree);

/**
 * 20 s of the celiac drill: catheter and wire pushed, pulled and turned every second and a half,
 * fluoroscopy on and off, and a DSA run with an injection at 11 s, so physics, flow and dose
 * all change between keyframes.
 */
const totalSteps = 20 * SIM_STEP_HZ;
const commands: RecordedCommand[] = [];
const at = (seconds: number, command: SimCommand): void => {
  commands.push({ step: Math.round(seconds * SIM_STEP_HZ), command });
};
for (let i = 0; i < 13; i++) {
  const seconds = 1.5 * i;
  const advance = [30, 20, -10, 25, 0, -15][i % 6]!;
  at(seconds, { kind: 'hub', device: 1, command: { advanceMmPerS: advance, rotateDegPerS: i % 2 ? 90 : -60 } });
  at(seconds, { kind: 'hub', device: 0, command: { advanceMmPerS: advance * 0.8, rotateDegPerS: 0 } });
  if (seconds < 10 || seconds > 15) at(seconds, { kind: 'beam', beam: i % 3 === 2 ? 'off' : 'fluoro' });
  if (i === 7) {
    at(seconds, { kind: 'beam', beam: 'acquire' });
    at(seconds + 0.5, { kind: 'inject', rateMlPerS: 4, volumeMl: 8 });
    at(seconds + 3.5, { kind: 'beam', beam: 'off' });
  }
}
commands.sort((a, b) => a.step - b.step);

// Seek targets drawn from the core's seeded generator, plus the edges: the start, a keyframe's
// own step, one step before and after one, and the very end.
const random = createRandomState(7);
const targets = [0, 600, 599, 601, totalSteps];
for (let i = 0; i < 6; i++) targets.push(nextUint32(random) % (totalSteps + 1));

// Straight playback from the start, keyframes every 5 s, hashing each target as it is passed.
const straight = createSimulation(setup);
const track = createKeyframeTrack();
const straightHash = new Map<number, string>();
let next = 0;
for (const target of [...new Set(targets)].sort((a, b) => a - b)) {
  next = replayTo(straight, commands, next, target, track);
  straightHash.set(target, simulationStateHash(straight));
}
const shared = sharedRunMembers(straight);

describe('replay keyframes', () => {
  it('keeps a keyframe every 5 s as the run passes it, each with the command to apply next', () => {
    expect(track.keyframes.map((keyframe) => keyframe.step)).toEqual([0, 600, 1200, 1800, 2400]);
    for (const keyframe of track.keyframes) {
      const first = commands.findIndex((command) => command.step >= keyframe.step);
      expect(keyframe.nextCommandIndex).toBe(first < 0 ? commands.length : first);
    }
    expect(nearestAtOrBefore(track, 599)?.step).toBe(0);
    expect(nearestAtOrBefore(track, 600)?.step).toBe(600);
    expect(nearestAtOrBefore(track, 2399)?.step).toBe(1800);
    expect(nearestAtOrBefore(createKeyframeTrack(), 100)).toBeNull();
    // The run exercises what a keyframe must carry: devices in, dose, contrast, a DSA run.
    expect(straight.physics.devices[0]!.rod.insertedMm).toBeGreaterThan(50);
    expect(straight.flow.contrastInjectedMl).toBeCloseTo(8, 5);
    expect(straight.dose.acquisitionRuns).toBe(1);
    expect(new Set(straightHash.values()).size).toBe(straightHash.size);
  });

  it('seeking to random times matches straight playback, bit for bit', () => {
    for (const target of targets) {
      const sought = seekReplay(track, shared, commands, target)!;
      expect(sought.simulation.stepCount).toBe(target);
      expect(simulationStateHash(sought.simulation), `step ${target}`).toBe(straightHash.get(target));
      expect(sought.simulation.commands.length).toBe(sought.nextCommandIndex);
    }
  });

  it('restores a keyframe as often as asked: the keyframe is never changed by playing on from it', () => {
    const keyframe = nearestAtOrBefore(track, 1300)!;
    const first = restoreKeyframe(keyframe, shared);
    const atKeyframe = simulationStateHash(first);
    replayTo(first, commands, keyframe.nextCommandIndex, totalSteps);
    const second = restoreKeyframe(keyframe, shared);
    expect(simulationStateHash(second)).toBe(atKeyframe);
    replayTo(second, commands, keyframe.nextCommandIndex, totalSteps);
    expect(simulationStateHash(second)).toBe(simulationStateHash(first));
    expect(simulationStateHash(second)).toBe(straightHash.get(totalSteps));
    // The logs come back as they were and grow as they did, without touching the keyframe's.
    expect(second.events).toEqual(straight.events);
    expect(second.commands).toEqual(straight.commands);
    expect(second.events).not.toBe(first.events);
    expect(restoreKeyframe(keyframe, shared).events).toHaveLength(keyframe.logs.eventCount);
    // The shared members are the run's own, not copies; the flow model sees the same tree.
    expect(second.tree).toBe(straight.tree);
    expect(second.flow.tree).toBe(straight.tree);
    expect(second.lumenIndex).toBe(straight.lumenIndex);
    expect(second.physics.lumen).toBe(straight.physics.lumen);
    // Aliases inside the state survive the copy (the exposure shares the pose object).
    expect(second.exposure.pose).toBe(second.pose);
  });

  it('leaves the simulation it copies untouched, and keeps the first keyframe at a boundary', () => {
    const live = createSimulation(setup);
    replayTo(live, commands, 0, 130);
    const before = simulationStateHash(live);
    const keyframe = takeKeyframe(live, 3);
    expect(keyframe.step).toBe(130);
    expect(live.tree).toBe(tree);
    expect(typeof live.physics.lumen.wallContact).toBe('function');
    expect(simulationStateHash(live)).toBe(before);

    const small = createKeyframeTrack(SIM_STEP_HZ);
    passKeyframe(small, live, 3); // 130 is no boundary of a 120-step track
    expect(small.keyframes).toHaveLength(0);
    const restarted = createSimulation(setup);
    replayTo(restarted, commands, 0, 2 * SIM_STEP_HZ, small);
    const held = small.keyframes.map((k) => k);
    // Passing the same boundaries again (after a seek back) keeps the keyframes already held.
    replayTo(restoreKeyframe(small.keyframes[0]!, sharedRunMembers(restarted)), commands, 0, 2 * SIM_STEP_HZ, small);
    expect(small.keyframes).toEqual(held);
    expect(small.keyframes.every((k, i) => k === held[i])).toBe(true);

    // Boundaries skipped (played without the track) are filled in step order when passed later.
    const gappy = createKeyframeTrack(SIM_STEP_HZ);
    const skipping = createSimulation(setup);
    replayTo(skipping, commands, 0, 0, gappy);
    const skippedNext = replayTo(skipping, commands, 0, 3 * SIM_STEP_HZ);
    passKeyframe(gappy, skipping, skippedNext);
    replayTo(restoreKeyframe(gappy.keyframes[0]!, sharedRunMembers(skipping)), commands, 0, 3 * SIM_STEP_HZ, gappy);
    expect(gappy.keyframes.map((k) => k.step)).toEqual([0, 120, 240, 360]);
    expect(() => createKeyframeTrack(0)).toThrow(/keyframe interval 0/);
  });
});
