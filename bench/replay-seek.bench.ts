import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { createRandomState, nextUint32 } from '../src/sim/math/random.ts';
import {
  createKeyframeTrack,
  replayTo,
  seekReplay,
  sharedRunMembers,
  takeKeyframe,
} from '../src/sim/replay/keyframes.ts';
import { parseScenario } from '../src/sim/scenario/scenario.ts';
import { simulationSetupFor } from '../src/sim/scenario/setup.ts';
import { applyCommand, createSimulation, simulationStateHash, stepSimulation } from '../src/sim/simulation.ts';
import { SIM_STEP_HZ } from '../src/sim/version.ts';
import type { Benchmark } from './run.ts';

/**
 * Seeking backwards in the replay player (issue #7): a 2-minute celiac drill attempt (the same
 * hand as replay-resimulation: catheter and wire pushed, pulled and turned every 2 s, fluoroscopy
 * on and off, a DSA run with an injection at 1:00) played to its end while keeping keyframes
 * every 5 s, then sought back to seeded-random points, each timed two ways: re-simulating from
 * the start (the player before keyframes) and restoring the nearest keyframe and simulating on.
 * Both must reach the same state hash. Also: what keeping keyframes costs during playback.
 */
export const benchmark: Benchmark = {
  name: 'replay-seek',
  description: 'backward seek in a 2-minute replay: from the nearest 5 s keyframe versus from the start',
  run() {
    const file = join(import.meta.dirname, '../assets/scenarios/drill-celiac.json');
    const { scenario, tree } = parseScenario(JSON.parse(readFileSync(file, 'utf8')), 'drill-celiac.json');
    const setup = simulationSetupFor(scenario, tree);
    const recorded = createSimulation(setup);
    const totalSteps = 2 * 60 * SIM_STEP_HZ;
    for (let step = 0; step < totalSteps; step++) {
      if (step % (2 * SIM_STEP_HZ) === 0) {
        const phase = Math.floor(step / (2 * SIM_STEP_HZ)) % 6;
        const advance = [30, 20, -10, 25, 0, -15][phase]!;
        applyCommand(recorded, {
          kind: 'hub',
          device: 1,
          command: { advanceMmPerS: advance, rotateDegPerS: phase % 2 ? 90 : -60 },
        });
        applyCommand(recorded, { kind: 'hub', device: 0, command: { advanceMmPerS: advance * 0.8, rotateDegPerS: 0 } });
        applyCommand(recorded, { kind: 'beam', beam: phase < 4 ? 'fluoro' : 'off' });
      }
      if (step === 60 * SIM_STEP_HZ) applyCommand(recorded, { kind: 'beam', beam: 'acquire' });
      if (step === 61 * SIM_STEP_HZ) applyCommand(recorded, { kind: 'inject', rateMlPerS: 4, volumeMl: 8 });
      stepSimulation(recorded);
    }
    const commands = recorded.commands;

    // Playback to the end, keeping keyframes (the player's first pass).
    const track = createKeyframeTrack();
    const played = createSimulation(setup);
    let started = performance.now();
    replayTo(played, commands, 0, totalSteps, track);
    const playbackMs = performance.now() - started;
    const shared = sharedRunMembers(played);

    // One keyframe's cost: taking it, at the end (the longest event and command logs), and its
    // size. Their share of playback is computed, not timed: it is below the run-to-run noise.
    const takeMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      started = performance.now();
      takeKeyframe(played, commands.length);
      takeMs.push(performance.now() - started);
    }
    const keyframeBytes = serialize(track.keyframes[track.keyframes.length - 1]!.state).length;

    const random = createRandomState(20261123);
    const fromStartMs: number[] = [];
    const fromKeyframeMs: number[] = [];
    let sameState = true;
    for (let i = 0; i < 6; i++) {
      const target = nextUint32(random) % totalSteps;
      started = performance.now();
      const fresh = createSimulation(setup);
      replayTo(fresh, commands, 0, target);
      fromStartMs.push(performance.now() - started);
      started = performance.now();
      const sought = seekReplay(track, shared, commands, target)!;
      fromKeyframeMs.push(performance.now() - started);
      sameState &&= simulationStateHash(sought.simulation) === simulationStateHash(fresh);
    }
    const fromStart = median(fromStartMs);
    const fromKeyframe = median(fromKeyframeMs);
    return {
      simulatedSeconds: totalSteps / SIM_STEP_HZ,
      commands: commands.length,
      keyframes: track.keyframes.length,
      seekFromStartMsMedian: Number(fromStart.toFixed(0)),
      seekFromKeyframeMsMedian: Number(fromKeyframe.toFixed(0)),
      ratio: Number((fromStart / fromKeyframe).toFixed(1)),
      worstFromStartMs: Math.round(Math.max(...fromStartMs)),
      worstFromKeyframeMs: Math.round(Math.max(...fromKeyframeMs)),
      seekFromStartMs: fromStartMs.map((ms) => Math.round(ms)),
      seekFromKeyframeMs: fromKeyframeMs.map((ms) => Math.round(ms)),
      sameState,
      takeKeyframeMsMedian: Number(median(takeMs).toFixed(2)),
      keyframeKiB: Math.round(keyframeBytes / 1024),
      keyframeShareOfPlaybackPercent: Number(((100 * track.keyframes.length * median(takeMs)) / playbackMs).toFixed(2)),
    };
  },
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
