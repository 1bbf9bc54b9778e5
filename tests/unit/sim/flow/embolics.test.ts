import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { findSegmentIndex } from '../../../../src/sim/anatomy/model.ts';
import {
  cellAtSite,
  contrastStateHash,
  createContrastFlow,
  deployCoilAt,
  startInjection,
  stepContrastFlow,
  type ContrastFlow,
} from '../../../../src/sim/flow/contrast.ts';
import { segmentParticlesMl } from '../../../../src/sim/flow/embolics.ts';
import { SIM_STEP_HZ } from '../../../../src/sim/version.ts';

/**
 * Embolic agents in isolation, on the body atlas with fibroids: particles go where the blood
 * goes, stop where the vessel is narrower than they are, fill the bed until the flow stops and
 * then reflux into other branches; coils pack, migrate when undersized and herniate when far
 * oversized (DOMAIN.md "Embolization").
 */

const tree = buildAtlas('body', { fibroids: true });
const index = (key: string): number => findSegmentIndex(tree, key);

function run(flow: ContrastFlow, seconds: number): void {
  for (let i = 0; i < Math.round(seconds * SIM_STEP_HZ); i++) stepContrastFlow(flow, 1 / SIM_STEP_HZ);
}

/** Flow at a vessel's origin as a fraction of its resting flow. */
function flowFraction(flow: ContrastFlow, key: string): number {
  const cell = flow.network.segmentFirstCell[index(key)]!;
  return flow.bloodFlow[cell]! / flow.restingCellFlow[cell]!;
}

function particles(flow: ContrastFlow, key: string): number {
  return segmentParticlesMl(flow.network, flow.embolic, index(key));
}

/** 4 mL of suspension (0.4 mL of particles) at 1 mL/s from the right uterine artery, `rounds` times. */
function embolize(flow: ContrastFlow, diameterMm: number, arcMm: number, rounds: number): void {
  for (let round = 0; round < rounds; round++) {
    startInjection(flow, { segmentIndex: index('right-uterine'), arcMm }, 1, 4, { diameterMm, fraction: 0.1 });
    run(flow, 5);
  }
}

describe('particles', () => {
  it('500–700 µm spheres from beyond the cervicovaginal branch, injected slower than the vessel flows, take the bed to near-stasis without reflux and spare the ovary; pushing on refluxes', () => {
    const flow = createContrastFlow(tree);
    const uterine = flow.network.segmentFirstCell[index('right-uterine')]!;
    // A careful operator slows the injection as the flow slows: half of what the artery carries.
    for (let round = 0; round < 40 && flowFraction(flow, 'right-fibroid-feeder') >= 0.2; round++) {
      const rate = 0.5 * flow.bloodFlow[uterine]!;
      startInjection(flow, { segmentIndex: index('right-uterine'), arcMm: 80 }, rate, 2 * rate, {
        diameterMm: 0.6,
        fraction: 0.1,
      });
      run(flow, 2.1);
    }
    expect(flowFraction(flow, 'right-fibroid-feeder')).toBeLessThan(0.2);
    expect(particles(flow, 'right-fibroid-feeder')).toBeGreaterThan(0.1);
    expect(flow.embolic.particlesRefluxedMl).toBe(0);
    // Too large for the 0.4–0.46 mm anastomosis: nothing reaches the ovary, nor the branch behind the tip.
    expect(particles(flow, 'right-utero-ovarian-anastomosis')).toBe(0);
    expect(particles(flow, 'right-cervicovaginal')).toBe(0);
    // The other side keeps its flow.
    expect(flowFraction(flow, 'left-uterine')).toBeGreaterThan(0.95);
    // Pushing on at 1 mL/s into a bed near stasis: the excess refluxes into the cervicovaginal branch.
    const nearStasis = flowFraction(flow, 'right-fibroid-feeder');
    embolize(flow, 0.6, 80, 3);
    expect(flow.embolic.particlesRefluxedMl).toBeGreaterThan(0.1);
    expect(particles(flow, 'right-cervicovaginal')).toBeGreaterThan(0.05);
    expect(flowFraction(flow, 'right-fibroid-feeder')).toBeLessThan(nearStasis);
  });

  it('300–500 µm particles pass through the utero-ovarian anastomosis into the ovary (non-target)', () => {
    const flow = createContrastFlow(tree);
    embolize(flow, 0.4, 80, 2);
    expect(particles(flow, 'right-utero-ovarian-anastomosis')).toBeGreaterThan(0.001);
  });

  it('as the bed fills, the flow falls below the injection rate and particles reflux into other branches', () => {
    const flow = createContrastFlow(tree);
    embolize(flow, 0.6, 30, 3);
    const early = flow.embolic.particlesRefluxedMl;
    embolize(flow, 0.6, 30, 8);
    expect(flow.embolic.particlesRefluxedMl).toBeGreaterThan(early + 0.5);
    // From a tip before the cervicovaginal origin, that branch gets its share of the forward stream.
    expect(particles(flow, 'right-cervicovaginal')).toBeGreaterThan(0);
    // The reflux leaves the uterine artery at its origin: the internal iliac's other paths take particles.
    const elsewhere = ['right-internal-iliac-anterior', 'right-internal-iliac'].reduce(
      (sum, key) => sum + particles(flow, key),
      0,
    );
    expect(elsewhere).toBeGreaterThan(0);
  });

  it('conserves what was injected: every millilitre of particles is lodged somewhere', () => {
    const flow = createContrastFlow(tree);
    embolize(flow, 0.6, 30, 6);
    const lodged =
      flow.embolic.cellParticleMl.reduce((sum, value) => sum + value, 0) +
      flow.embolic.sinkParticleMl.reduce((sum, value) => sum + value, 0);
    expect(lodged).toBeCloseTo(flow.embolic.particlesDeliveredMl, 9);
    expect(flow.embolic.particlesDeliveredMl).toBeCloseTo(6 * 0.4, 6);
  });

  it('is deterministic, and the particles are part of the flow state hash', () => {
    const a = createContrastFlow(tree);
    const b = createContrastFlow(tree);
    const before = contrastStateHash(a);
    embolize(a, 0.6, 80, 2);
    embolize(b, 0.6, 80, 2);
    expect(contrastStateHash(a)).toBe(contrastStateHash(b));
    // Smaller particles reach the ovary through the anastomosis: another state.
    const c = createContrastFlow(tree);
    embolize(c, 0.4, 80, 2);
    expect(contrastStateHash(c)).not.toBe(contrastStateHash(a));
    expect(contrastStateHash(a)).not.toBe(before);
  });

  it('refuses particles of an impossible size with a message', () => {
    const flow = createContrastFlow(tree);
    expect(() =>
      startInjection(flow, { segmentIndex: index('right-uterine'), arcMm: 80 }, 1, 4, { diameterMm: 5, fraction: 0.1 }),
    ).toThrow(/particles of 5 mm/);
  });
});

describe('coils', () => {
  const splenic = (): { flow: ContrastFlow; arcMm: number; diameterMm: number } => {
    const flow = createContrastFlow(tree);
    const segment = tree.segments[index('splenic')]!;
    const arcMm = 60;
    const i = segment.arcMm.findIndex((arc) => arc >= arcMm);
    return { flow, arcMm, diameterMm: 2 * segment.radiiMm[i]! };
  };

  it('a coil 10–20% larger than the vessel packs there, and enough of them stop the flow', () => {
    const { flow, arcMm, diameterMm } = splenic();
    const site = { segmentIndex: index('splenic'), arcMm };
    const first = deployCoilAt(flow, site, { diameterMm: Math.round(diameterMm * 1.15), lengthCm: 20 });
    expect(first).toMatchObject({ outcome: 'packed', segmentIndex: index('splenic') });
    expect(first.vesselDiameterMm).toBeCloseTo(diameterMm, 1);
    expect(flowFraction(flow, 'splenic')).toBeLessThan(1);
    let last = first;
    for (let i = 0; i < 12 && last.occlusion < 1; i++) {
      last = deployCoilAt(flow, site, { diameterMm: Math.round(diameterMm * 1.15), lengthCm: 20 });
    }
    expect(last.occlusion).toBe(1);
    expect(last.packing).toBeGreaterThanOrEqual(0.25);
    // Occluded: only collateral flow is left in the splenic artery.
    expect(flowFraction(flow, 'splenic')).toBeLessThan(0.05);
    expect(cellAtSite(flow, site)).toBeGreaterThanOrEqual(0);
  });

  it('an undersized coil migrates downstream, and a far oversized one herniates into the vessel behind', () => {
    const { flow, arcMm, diameterMm } = splenic();
    const site = { segmentIndex: index('splenic'), arcMm };
    const small = deployCoilAt(flow, site, { diameterMm: Math.floor(diameterMm * 0.6), lengthCm: 10 });
    expect(small.outcome).toBe('migrated');
    expect(small.arcMm).toBeGreaterThan(arcMm);
    const big = deployCoilAt(flow, site, { diameterMm: Math.ceil(diameterMm * 2), lengthCm: 10 });
    expect(big.outcome).toBe('herniated');
    expect(big.arcMm).toBeLessThan(arcMm);
    expect(() => deployCoilAt(flow, site, { diameterMm: 0.5, lengthCm: 10 })).toThrow(/coils are 1 to 30 mm/);
  });
});
