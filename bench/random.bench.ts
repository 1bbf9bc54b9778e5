import { createRandomState, nextUnit } from '../src/sim/math/random.ts';
import type { Benchmark } from './run.ts';
import { measureRate } from './timing.ts';

/** The core's seeded generator: every random draw in the simulation pays this. */
export const benchmark: Benchmark = {
  name: 'random',
  description: 'seeded uniform draws per second',
  run() {
    const state = createRandomState(1);
    let sink = 0;
    const { perSecond } = measureRate(() => {
      sink += nextUnit(state);
    });
    return { drawsPerSecond: Math.round(perSecond), checksum: sink > 0 };
  },
};
