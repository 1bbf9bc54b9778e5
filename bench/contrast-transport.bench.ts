import { buildAtlas, type AtlasName } from '../src/sim/anatomy/atlas/index.ts';
import { findSegmentIndex } from '../src/sim/anatomy/model.ts';
import {
  createContrastFlow,
  sampleConcentrations,
  startInjection,
  stepContrastFlow,
  totalSampleCount,
} from '../src/sim/flow/contrast.ts';
import { restingFlowShares } from '../src/sim/flow/resting-flows.ts';
import { SIM_STEP_HZ } from '../src/sim/version.ts';
import type { Benchmark } from './run.ts';

/**
 * One `stepContrastFlow` at the core's 1/120 s during an injection, on both atlases with the
 * resting flow shares: neuro, left ICA at 5.8 mL/s (Yousem 2001); body, common hepatic at 8 mL/s
 * (above its flow, so it refluxes into the splenic and left gastric). Timed over 10 simulated
 * seconds of injection (the injection is restarted when it ends); median of three passes after
 * a warm-up. Also the cost of `sampleConcentrations` for the renderer, per frame.
 */
const simulatedSeconds = 10;
const stepBudgetUs = 1e6 / SIM_STEP_HZ;

export const benchmark: Benchmark = {
  name: 'contrast-transport',
  description: 'contrast transport: µs per 1/120 s step during an injection, neuro and body atlases',
  run() {
    return {
      neuro: measure('neuro', 'left-ica-cervical', 30, 5.8),
      body: measure('body', 'common-hepatic', 10, 8),
    };
  },
};

function measure(atlas: AtlasName, key: string, arcMm: number, rateMlPerS: number): Record<string, unknown> {
  const tree = buildAtlas(atlas);
  const flow = createContrastFlow(tree, { flowShare: restingFlowShares(tree) });
  const site = { segmentIndex: findSegmentIndex(tree, key), arcMm };
  const dt = 1 / SIM_STEP_HZ;
  const steps = simulatedSeconds * SIM_STEP_HZ;
  const samples = new Float32Array(totalSampleCount(tree));
  const timings: number[] = [];
  const sampleTimings: number[] = [];
  let substeps = 0;
  for (let pass = 0; pass <= 3; pass++) {
    let stepMs = 0;
    let sampleMs = 0;
    for (let step = 0; step < steps; step++) {
      if (!flow.injection.active) startInjection(flow, site, rateMlPerS, 30);
      const start = performance.now();
      stepContrastFlow(flow, dt);
      const middle = performance.now();
      sampleConcentrations(flow, samples);
      sampleMs += performance.now() - middle;
      stepMs += middle - start;
    }
    substeps = Math.max(1, Math.ceil((flow.maxOutPerVolume * dt) / 0.9));
    if (pass > 0) {
      timings.push((stepMs * 1000) / steps);
      sampleTimings.push((sampleMs * 1000) / steps);
    }
  }
  const usPerStep = median(timings);
  return {
    cells: flow.network.cellCount,
    samples: samples.length,
    substepsDuringInjection: substeps,
    refluxFraction: round(flow.refluxFraction),
    usPerStep: round(usPerStep),
    fractionOfStepBudget: round(usPerStep / stepBudgetUs, 4),
    usPerSampleConcentrations: round(median(sampleTimings)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
