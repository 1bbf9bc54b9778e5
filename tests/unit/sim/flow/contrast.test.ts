import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { findSegmentIndex } from '../../../../src/sim/anatomy/model.ts';
import {
  contrastBalanceMl,
  contrastStateHash,
  createContrastFlow,
  extravasationPools,
  injectionActive,
  sampleConcentrations,
  startInjection,
  stepContrastFlow,
  stopInjection,
  territoryConcentrations,
  totalSampleCount,
  type ContrastFlow,
  type ContrastFlowOptions,
} from '../../../../src/sim/flow/contrast.ts';
import { restingFlowShares } from '../../../../src/sim/flow/resting-flows.ts';
import { SIM_STEP_HZ } from '../../../../src/sim/version.ts';
import { bifurcation } from './hand-made-trees.ts';

const dt = 1 / SIM_STEP_HZ;

function run(flow: ContrastFlow, seconds: number): void {
  for (let i = 0; i < Math.round(seconds * SIM_STEP_HZ); i++) stepContrastFlow(flow, dt);
}

/** Mean concentration over the samples of `key` between two arcs. */
function meanConcentration(flow: ContrastFlow, key: string, fromMm: number, toMm: number): number {
  const out = new Float32Array(totalSampleCount(flow.tree));
  sampleConcentrations(flow, out);
  let offset = 0;
  const index = findSegmentIndex(flow.tree, key);
  for (let s = 0; s < index; s++) offset += flow.tree.segments[s]!.radiiMm.length;
  const segment = flow.tree.segments[index]!;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < segment.arcMm.length; i++) {
    if (segment.arcMm[i]! >= fromMm && segment.arcMm[i]! <= toMm) {
      sum += out[offset + i]!;
      count++;
    }
  }
  return sum / count;
}

function territory(flow: ContrastFlow, key: string): number {
  const out = new Float32Array(flow.tree.segments.length);
  territoryConcentrations(flow, out);
  return out[findSegmentIndex(flow.tree, key)]!;
}

/** Trunk 6 mL/s splitting evenly: 3 mL/s in each branch. */
function yFlow(options: ContrastFlowOptions = {}): ContrastFlow {
  return createContrastFlow(bifurcation(2, 2), { rootFlowMlPerS: 6, ...options });
}

describe('contrast transport', () => {
  it('darkens a branch downstream of the tip and not upstream when the rate is below the flow, then clears', () => {
    const flow = yFlow();
    startInjection(flow, { segmentIndex: findSegmentIndex(flow.tree, 'branch-a'), arcMm: 30 }, 1, 2);
    expect(flow.refluxFraction).toBe(0);
    run(flow, 1);
    // Fully mixed below the tip: rate / (flow + rate) = 1 / 4.
    expect(meanConcentration(flow, 'branch-a', 40, 55)).toBeCloseTo(0.25, 2);
    expect(meanConcentration(flow, 'branch-a', 0, 24)).toBeLessThan(1e-6);
    expect(meanConcentration(flow, 'trunk', 0, 60)).toBeLessThan(1e-6);
    expect(meanConcentration(flow, 'branch-b', 0, 60)).toBeLessThan(1e-6);
    run(flow, 1.2);
    expect(injectionActive(flow)).toBe(false);
    const blushAtEnd = territory(flow, 'branch-a');
    expect(blushAtEnd).toBeGreaterThan(0.05);
    run(flow, 1.5);
    // The vessel clears within seconds; the tissue blush (washout τ = 4 s) is still there.
    expect(meanConcentration(flow, 'branch-a', 0, 60)).toBeLessThan(0.01);
    expect(territory(flow, 'branch-a')).toBeGreaterThan(0.5 * blushAtEnd);
    run(flow, 20);
    expect(territory(flow, 'branch-a')).toBeLessThan(0.01);
  });

  it('refluxes a rate above the local flow up the vessel and into the sibling branch', () => {
    const flow = yFlow();
    startInjection(flow, { segmentIndex: findSegmentIndex(flow.tree, 'branch-a'), arcMm: 30 }, 9, 6);
    // 9 mL/s into 3 mL/s: the bed takes 3 more, the other 6 go back up against the 3 coming down.
    expect(flow.refluxFraction).toBeCloseTo(2 / 3, 10);
    run(flow, 0.5);
    expect(meanConcentration(flow, 'branch-a', 5, 25)).toBeGreaterThan(0.2);
    expect(meanConcentration(flow, 'branch-b', 20, 60)).toBeGreaterThan(0.1);
    expect(flow.contrastRefluxedMl).toBeCloseTo((2 / 3) * flow.contrastInjectedMl, 6);
  });

  it('keeps an occluded branch dark past the clot while its sibling fills', () => {
    const flow = yFlow({ occlusions: [{ segmentKey: 'branch-a', arcMm: 10 }] });
    startInjection(flow, { segmentIndex: findSegmentIndex(flow.tree, 'trunk'), arcMm: 10 }, 3, 3);
    run(flow, 0.8);
    expect(meanConcentration(flow, 'branch-b', 10, 60)).toBeGreaterThan(0.3);
    expect(meanConcentration(flow, 'branch-a', 20, 60)).toBeLessThan(0.02);
  });

  it('keeps contrast in the pool at a bleeding point after the vessel has cleared', () => {
    const flow = yFlow({ bleeds: [{ segmentKey: 'branch-b', arcMm: 40, shareOfFlow: 0.2 }] });
    const [pool] = extravasationPools(flow);
    expect(pool!.volumeMl).toBeGreaterThan(0);
    startInjection(flow, { segmentIndex: findSegmentIndex(flow.tree, 'trunk'), arcMm: 5 }, 4, 8);
    run(flow, 2);
    run(flow, 3);
    expect(meanConcentration(flow, 'branch-b', 0, 60)).toBeLessThan(0.01);
    expect(extravasationPools(flow)[0]).toBe(pool);
    expect(pool!.contrastMl).toBeGreaterThan(0.5 * 0.6 * 2 * 0.5);
    expect(pool!.concentration).toBeGreaterThan(0.01);
    expect(pool!.position[2]).toBeGreaterThan(60);
  });

  it('counts the contrast injected: the set volume, at the set rate', () => {
    const flow = yFlow();
    startInjection(flow, { segmentIndex: 0, arcMm: 5 }, 3, 2);
    run(flow, 0.5);
    expect(flow.contrastInjectedMl).toBeCloseTo(1.5, 9);
    run(flow, 1);
    expect(flow.contrastInjectedMl).toBeCloseTo(2, 9);
    expect(injectionActive(flow)).toBe(false);
    startInjection(flow, { segmentIndex: 0, arcMm: 5 }, 3, 2);
    run(flow, 0.25);
    stopInjection(flow);
    run(flow, 0.25);
    expect(flow.contrastInjectedMl).toBeCloseTo(2.75, 9);
  });

  it('conserves contrast mass on the body atlas with a clot, a bleed and reflux', () => {
    const tree = buildAtlas('body');
    const flow = createContrastFlow(tree, {
      flowShare: restingFlowShares(tree),
      occlusions: [{ segmentKey: 'hepatic-segment-ii', arcMm: 10 }],
      bleeds: [{ segmentKey: 'gastroduodenal', arcMm: 30, shareOfFlow: 0.3 }],
    });
    startInjection(flow, { segmentIndex: findSegmentIndex(tree, 'common-hepatic'), arcMm: 10 }, 8, 10);
    expect(flow.refluxFraction).toBeGreaterThan(0);
    for (const seconds of [0.5, 1, 3]) {
      run(flow, seconds);
      const balance = contrastBalanceMl(flow);
      const accounted = balance.inVesselsMl + balance.inTerritoriesMl + balance.inPoolsMl + balance.leftMl;
      expect(Math.abs(accounted - balance.injectedMl)).toBeLessThan(1e-9 * Math.max(1, balance.injectedMl));
    }
    const samples = new Float32Array(totalSampleCount(tree));
    sampleConcentrations(flow, samples);
    expect(samples.every((c) => c >= -1e-9 && c <= 1 + 1e-9)).toBe(true);
  });

  it('gives the same state hash for the same inputs, and a different one for different inputs', () => {
    const tree = buildAtlas('neuro');
    const hashAfter = (rate: number) => {
      const flow = createContrastFlow(tree);
      startInjection(flow, { segmentIndex: findSegmentIndex(tree, 'left-ica-cervical'), arcMm: 20 }, rate, 6);
      run(flow, 1);
      return contrastStateHash(flow);
    };
    expect(hashAfter(4)).toBe(hashAfter(4));
    expect(hashAfter(4)).not.toBe(hashAfter(5));
  });

  it('rejects a bad injection, naming the value', () => {
    const flow = yFlow();
    expect(() => startInjection(flow, { segmentIndex: 0, arcMm: 5 }, 40, 5)).toThrow(/rate 40 mL\/s/);
    expect(() => startInjection(flow, { segmentIndex: 0, arcMm: 5 }, 0, 5)).toThrow(/rate 0 mL\/s/);
    expect(() => startInjection(flow, { segmentIndex: 0, arcMm: 5 }, 3, 150)).toThrow(/volume 150 mL/);
    expect(() => startInjection(flow, { segmentIndex: 7, arcMm: 5 }, 3, 5)).toThrow(/segment index 7/);
    expect(() => startInjection(flow, { segmentIndex: 0, arcMm: 70 }, 3, 5)).toThrow(/arc 70 mm is off "trunk"/);
    expect(() => sampleConcentrations(flow, new Float32Array(3))).toThrow(/out has 3 entries/);
  });
});
