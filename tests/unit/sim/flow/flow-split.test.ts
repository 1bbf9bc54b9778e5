import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { findSegmentIndex, segmentLengthMm, type VesselTree } from '../../../../src/sim/anatomy/model.ts';
import {
  COLLATERAL_FRACTION,
  createContrastFlow,
  segmentFlowMlPerS,
  setOcclusion,
  territoryFlowMlPerS,
  type ContrastFlow,
} from '../../../../src/sim/flow/contrast.ts';
import { restingFlowShares } from '../../../../src/sim/flow/resting-flows.ts';
import { bifurcation, sideBranch } from './hand-made-trees.ts';

const neuro = buildAtlas('neuro');
const body = buildAtlas('body');

function flowOf(flow: ContrastFlow, key: string, arcMm = 0): number {
  return segmentFlowMlPerS(flow, findSegmentIndex(flow.tree, key), arcMm);
}

/** At every node: what arrives equals what leaves by cells and sinks. */
function worstNodeImbalance(flow: ContrastFlow): number {
  const network = flow.network;
  const leaving = new Float64Array(network.nodeCount);
  for (let c = 0; c < network.cellCount; c++) leaving[network.cellStartNode[c]!]! += flow.bloodFlow[c]!;
  for (let k = 0; k < network.sinkCount; k++) leaving[network.sinkNode[k]!]! += flow.sinkBloodFlow[k]!;
  let worst = 0;
  for (let n = 0; n < network.nodeCount; n++) worst = Math.max(worst, Math.abs(leaving[n]! - flow.nodeBloodFlow[n]!));
  return worst;
}

/** At every branch origin: the parent's flow just before = just after + the branches leaving there. */
function worstBranchImbalance(flow: ContrastFlow, tree: VesselTree): number {
  let worst = 0;
  tree.segments.forEach((segment, p) => {
    const origins = [...new Set(segment.children.map((child) => tree.segments[child]!.parentArcMm))];
    const lengthMm = segmentLengthMm(segment);
    for (const arc of origins) {
      if (arc <= 0) continue;
      const before = segmentFlowMlPerS(flow, p, arc - 0.01);
      const after = arc >= lengthMm ? territoryFlowMlPerS(flow, p) : segmentFlowMlPerS(flow, p, arc);
      const branches = segment.children
        .filter((child) => tree.segments[child]!.parentArcMm === arc)
        .reduce((sum, child) => sum + segmentFlowMlPerS(flow, child, 0), 0);
      worst = Math.max(worst, Math.abs(before - after - branches));
    }
  });
  return worst;
}

describe('flow split', () => {
  it('splits a symmetric bifurcation in half and an asymmetric one by r³', () => {
    const symmetric = createContrastFlow(bifurcation(2, 2), { rootFlowMlPerS: 6 });
    expect(flowOf(symmetric, 'branch-a')).toBeCloseTo(3, 10);
    expect(flowOf(symmetric, 'branch-b')).toBeCloseTo(3, 10);
    const asymmetric = createContrastFlow(bifurcation(2, 1), { rootFlowMlPerS: 9 });
    expect(flowOf(asymmetric, 'branch-a')).toBeCloseTo(8, 10);
    expect(flowOf(asymmetric, 'branch-b')).toBeCloseTo(1, 10);
    expect(territoryFlowMlPerS(asymmetric, findSegmentIndex(asymmetric.tree, 'branch-b'))).toBeCloseTo(1, 10);
  });

  it('drops the parent flow after a side branch by that branch, against the parent radius past the origin', () => {
    const flow = createContrastFlow(sideBranch(), { rootFlowMlPerS: 10 });
    const trunkPast = 3.6 ** 3; // 4 mm tapering to 3 mm over 100 mm: 3.6 mm at 40 mm
    const side = (10 * 8) / (8 + trunkPast);
    expect(flowOf(flow, 'side')).toBeCloseTo(side, 6);
    expect(flowOf(flow, 'trunk', 39.9)).toBeCloseTo(10, 10);
    expect(flowOf(flow, 'trunk', 40.1)).toBeCloseTo(10 - side, 6);
  });

  it('conserves flow at every node and every branch origin of both atlases, with and without a clot', () => {
    for (const tree of [neuro, body]) {
      const flow = createContrastFlow(tree);
      expect(worstNodeImbalance(flow)).toBeLessThan(1e-9);
      expect(worstBranchImbalance(flow, tree)).toBeLessThan(1e-9);
      setOcclusion(flow, tree === neuro ? 'left-mca-m1' : 'splenic', 5);
      expect(worstNodeImbalance(flow)).toBeLessThan(1e-9);
      expect(worstBranchImbalance(flow, tree)).toBeLessThan(1e-9);
    }
  });

  it("gives the common carotids DOMAIN.md's 250–580 mL/min with the resting shares (Murray alone gives too little)", () => {
    const murray = createContrastFlow(neuro);
    // Murray's law at the aorta: the arch is far wider than r³ would ask, so its branches starve.
    expect(flowOf(murray, 'right-cca') * 60).toBeLessThan(250);
    const flow = createContrastFlow(neuro, { flowShare: restingFlowShares(neuro) });
    for (const key of ['right-cca', 'left-cca']) {
      expect(flowOf(flow, key) * 60).toBeGreaterThan(250);
      expect(flowOf(flow, key) * 60).toBeLessThan(580);
    }
  });

  it('gives the proper hepatic about 3.5 mL/min/kg (≈ 4 mL/s at 70 kg) with the resting shares', () => {
    const flow = createContrastFlow(body, { flowShare: restingFlowShares(body) });
    expect(flowOf(flow, 'proper-hepatic')).toBeGreaterThan(3);
    expect(flowOf(flow, 'proper-hepatic')).toBeLessThan(5);
    expect(flowOf(flow, 'celiac-trunk')).toBeCloseTo(11, 6);
  });

  it('passes only collateral flow past a clot and gives the rest to the tree; removing it restores the flow', () => {
    const flow = createContrastFlow(bifurcation(2, 2), { rootFlowMlPerS: 6 });
    setOcclusion(flow, 'branch-a', 20);
    const a = findSegmentIndex(flow.tree, 'branch-a');
    // Past the clot: the collateral fraction of what it had, a little more as the trunk's flow is fixed.
    expect(segmentFlowMlPerS(flow, a, 40)).toBeGreaterThan(3 * COLLATERAL_FRACTION);
    expect(segmentFlowMlPerS(flow, a, 40)).toBeLessThan(3 * 2 * COLLATERAL_FRACTION);
    expect(flowOf(flow, 'branch-b') + segmentFlowMlPerS(flow, a, 40)).toBeCloseTo(6, 10);
    setOcclusion(flow, 'branch-a', null);
    expect(flowOf(flow, 'branch-a', 40)).toBeCloseTo(3, 10);
  });

  it('lets a scenario fix a share', () => {
    const flow = createContrastFlow(bifurcation(2, 2), { rootFlowMlPerS: 6, flowShare: { 'branch-b': 0.25 } });
    expect(flowOf(flow, 'branch-b')).toBeCloseTo(1.5, 10);
    expect(flowOf(flow, 'branch-a')).toBeCloseTo(4.5, 10);
  });

  it('rejects bad options, naming the option and the value', () => {
    const tree = bifurcation(2, 2);
    expect(() => createContrastFlow(tree, { flowShare: { 'branch-c': 0.5 } })).toThrow(
      /flowShare\.branch-c names "branch-c"/,
    );
    expect(() => createContrastFlow(tree, { flowShare: { 'branch-a': 1.5 } })).toThrow(/flowShare\.branch-a is 1\.5/);
    expect(() => createContrastFlow(tree, { flowShare: { 'branch-a': 0.7, 'branch-b': 0.6 } })).toThrow(
      /add up to 1\.300/,
    );
    expect(() => createContrastFlow(tree, { occlusions: [{ segmentKey: 'branch-a', arcMm: 80 }] })).toThrow(
      /occlusions\[0\]\.arcMm is 80; "branch-a" runs from 0 to 60\.0 mm/,
    );
    expect(() => createContrastFlow(tree, { bleeds: [{ segmentKey: 'trunk', arcMm: 10, shareOfFlow: 1 }] })).toThrow(
      /bleeds\[0\]\.shareOfFlow is 1/,
    );
    expect(() => createContrastFlow(tree, { rootFlowMlPerS: -1 })).toThrow(/rootFlowMlPerS is -1/);
    expect(() => setOcclusion(createContrastFlow(tree), 'nowhere', 3)).toThrow(/"nowhere" is not a vessel/);
  });
});
