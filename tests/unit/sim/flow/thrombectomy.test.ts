import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { findSegmentIndex } from '../../../../src/sim/anatomy/model.ts';
import { createContrastFlow, segmentFlowMlPerS, type ContrastFlow } from '../../../../src/sim/flow/contrast.ts';
import {
  aspirate,
  createThrombectomyState,
  deployStentRetriever,
  retrieveStentRetriever,
  territoryReperfusion,
  ticiGrade,
  type ClotFirmness,
  type ScenarioClot,
  type ThrombectomyPassOutcome,
  type ThrombectomyState,
} from '../../../../src/sim/flow/thrombectomy.ts';
import {
  aspirationCaptureProbability,
  newTerritoryShare,
  stentRetrieverCaptureProbability,
} from '../../../../src/sim/flow/thrombectomy-odds.ts';
import { newTerritoryEntry } from '../../../../src/sim/flow/thrombectomy-paths.ts';
import { createRandomState, type RandomState } from '../../../../src/sim/math/random.ts';
import { SIM_STEP_HZ } from '../../../../src/sim/version.ts';

const tree = buildAtlas('neuro');
const index = (key: string): number => {
  const found = findSegmentIndex(tree, key);
  if (found < 0) throw new Error(`no ${key}`);
  return found;
};
const M1 = index('left-mca-m1');
const M2_SUPERIOR = index('left-mca-m2-superior');
const ICA_SUPRACLINOID = index('right-ica-supraclinoid');
const RIGHT_M1 = index('right-mca-m1');
const BALLOON_GUIDE_AND_ASPIRATION = { aspiration: true, flowArrest: true };
const CONVENTIONAL = { aspiration: false, flowArrest: false };
const STENT = { lengthMm: 20, diameterMm: 4 };
const FOUR_MINUTES = 4 * 60 * SIM_STEP_HZ;
const TRIALS = 400;

interface Case {
  flow: ContrastFlow;
  state: ThrombectomyState;
}

/** A patient with one clot: the flow built from it, as the scenario setup does, and the state. */
function makeCase(clot: ScenarioClot): Case {
  const flow = createContrastFlow(tree, { occlusions: [{ segmentKey: clot.vessel, arcMm: clot.arcMm }] });
  return { flow, state: createThrombectomyState(tree, [clot], flow) };
}

/** Left M1 clot from 8 to 17 mm (the stroke-left-m1-aspiration case). */
function m1Case(firmness: ClotFirmness = 'mixed'): Case {
  return makeCase({ vessel: 'left-mca-m1', arcMm: 8, lengthMm: 9, firmness });
}

/** Right carotid-T clot from 3 mm along the supraclinoid ICA, 14 mm long: into the M1 and A1. */
function icaTerminusCase(): Case {
  return makeCase({ vessel: 'right-ica-supraclinoid', arcMm: 3, lengthMm: 14, firmness: 'mixed' });
}

/** Runs `pass` on fresh copies of `start`, `trials` times, drawing from one seeded stream. */
function trials(
  start: Case,
  seed: number,
  pass: (trial: Case, random: RandomState) => ThrombectomyPassOutcome,
): ThrombectomyPassOutcome[] {
  const random = createRandomState(seed);
  const outcomes: ThrombectomyPassOutcome[] = [];
  for (let i = 0; i < TRIALS; i++) outcomes.push(pass(structuredClone(start), random));
  return outcomes;
}

function stentPasses(
  start: Case,
  seed: number,
  technique: { aspiration: boolean; flowArrest: boolean },
  options: { tip?: { segmentIndex: number; arcMm: number }; embedSteps?: number } = {},
): ThrombectomyPassOutcome[] {
  const tip = options.tip ?? { segmentIndex: M1, arcMm: 22 };
  return trials(start, seed, ({ state, flow }, random) => {
    deployStentRetriever(state, flow, tip, STENT, 100);
    return retrieveStentRetriever(
      state,
      flow,
      technique,
      100 + (options.embedSteps ?? FOUR_MINUTES),
      random,
      SIM_STEP_HZ,
    );
  });
}

function aspirationPasses(
  start: Case,
  seed: number,
  catheterInnerDiameterMm: number,
  tip: { segmentIndex: number; arcMm: number },
  flowArrest = true,
): ThrombectomyPassOutcome[] {
  return trials(start, seed, ({ state, flow }, random) =>
    aspirate(state, flow, { catheterInnerDiameterMm, tip, flowArrest, durationS: 90 }, 0, random),
  );
}

const captureRate = (outcomes: ThrombectomyPassOutcome[]): number =>
  outcomes.filter((outcome) => outcome.captured).length / outcomes.length;
const fragmentRate = (outcomes: ThrombectomyPassOutcome[]): number =>
  outcomes.filter((outcome) => outcome.fragments.length > 0).length / outcomes.length;

describe('stent retriever', () => {
  it('captures on the first pass about 52.7% of the time with a balloon guide, aspiration, full coverage and 4 min embedding (PMC6779151)', () => {
    const outcomes = stentPasses(m1Case(), 1, BALLOON_GUIDE_AND_ASPIRATION);
    expect(Math.abs(captureRate(outcomes) - 0.527)).toBeLessThanOrEqual(0.08);
  });

  it('captures far less often when pulled at once, without embedding', () => {
    const outcomes = stentPasses(m1Case(), 2, BALLOON_GUIDE_AND_ASPIRATION, { embedSteps: 0 });
    expect(captureRate(outcomes)).toBeLessThan(0.2);
  });

  it('captures less often with half the clot inside the stent than with all of it', () => {
    const start = m1Case();
    // Tip 9.2 mm into the superior M2: the 20 mm stent reaches back to the clot's middle.
    const tip = { segmentIndex: M2_SUPERIOR, arcMm: 9.2 };
    const probe = structuredClone(start);
    expect(deployStentRetriever(probe.state, probe.flow, tip, STENT, 0).coverage).toBeCloseTo(0.5, 1);
    const half = captureRate(stentPasses(start, 3, BALLOON_GUIDE_AND_ASPIRATION, { tip }));
    const full = captureRate(stentPasses(start, 3, BALLOON_GUIDE_AND_ASPIRATION));
    expect(half).toBeLessThan(full - 0.15);
  });

  it('captures about 28.8% with a conventional guide and no aspiration (PMC6616992)', () => {
    const outcomes = stentPasses(m1Case(), 4, CONVENTIONAL);
    expect(Math.abs(captureRate(outcomes) - 0.288)).toBeLessThanOrEqual(0.08);
  });

  it('sheds fragments about 15.8% of passes with a balloon guide and aspiration, 40.7% conventionally (PMC6616992)', () => {
    const protectedPasses = stentPasses(m1Case(), 5, BALLOON_GUIDE_AND_ASPIRATION);
    const conventional = stentPasses(m1Case(), 5, CONVENTIONAL);
    expect(Math.abs(fragmentRate(protectedPasses) - 0.158)).toBeLessThanOrEqual(0.08);
    expect(Math.abs(fragmentRate(conventional) - 0.407)).toBeLessThanOrEqual(0.08);
  });

  it('embeds over minutes: the capture chance rises with the wait and is flat from 4 min', () => {
    const at = (seconds: number): number =>
      stentRetrieverCaptureProbability(1, seconds, 'mixed', BALLOON_GUIDE_AND_ASPIRATION);
    expect(at(0)).toBeCloseTo(0.527 * 0.2, 6);
    expect(at(0)).toBeLessThan(at(60));
    expect(at(60)).toBeLessThan(at(120));
    expect(at(120)).toBeLessThan(at(180));
    expect(at(240)).toBeCloseTo(0.527, 6);
    expect(at(600)).toBeCloseTo(0.527, 6);
  });

  it('refuses to unsheathe before the microcatheter has crossed the clot, and says what to do', () => {
    const { state, flow } = m1Case();
    expect(() => deployStentRetriever(state, flow, { segmentIndex: M1, arcMm: 4 }, STENT, 0)).toThrow(
      /has not crossed the clot: its tip is 4\.0 mm proximal of the clot in the left middle cerebral artery/,
    );
    expect(() => deployStentRetriever(state, flow, { segmentIndex: M1, arcMm: 12 }, STENT, 0)).toThrow(
      /inside the clot .*5\.0 mm short of its distal end/,
    );
    expect(() =>
      deployStentRetriever(state, flow, { segmentIndex: index('left-aca-a1'), arcMm: 10 }, STENT, 0),
    ).toThrow(/no clot between the microcatheter tip/);
    expect(() =>
      deployStentRetriever(state, flow, { segmentIndex: M1, arcMm: 22 }, { lengthMm: 20, diameterMm: 6.5 }, 0),
    ).toThrow(/does not suit the 3\.1 mm left middle cerebral artery.*choose a smaller one/);
    expect(() => retrieveStentRetriever(state, flow, CONVENTIONAL, 10, createRandomState(1), SIM_STEP_HZ)).toThrow(
      /No stent retriever is deployed/,
    );
    expect(state.passes).toBe(0);
    expect(state.stentRetriever).toBeNull();
  });

  it('reaches a carotid-T clot from the M1: coverage follows the parent chain back into the ICA', () => {
    const { state, flow } = icaTerminusCase();
    const stent = deployStentRetriever(
      state,
      flow,
      { segmentIndex: RIGHT_M1, arcMm: 10 },
      { lengthMm: 30, diameterMm: 6 },
      0,
    );
    expect(stent.coverage).toBe(1);
    expect(stent.proximal.segmentIndex).toBe(index('right-ica-cavernous'));
  });
});

describe('aspiration', () => {
  const atFace = { segmentIndex: M1, arcMm: 7 };

  it('captures about 56.1% with flow arrest and an adequate catheter, 28.8% without flow arrest', () => {
    expect(Math.abs(captureRate(aspirationPasses(m1Case(), 6, 1.73, atFace)) - 0.561)).toBeLessThanOrEqual(0.08);
    expect(Math.abs(captureRate(aspirationPasses(m1Case(), 6, 1.73, atFace, false)) - 0.288)).toBeLessThanOrEqual(0.08);
  });

  it('captures firm clots less often than soft ones', () => {
    const firm = captureRate(aspirationPasses(m1Case('firm'), 7, 1.73, atFace));
    const soft = captureRate(aspirationPasses(m1Case('soft'), 7, 1.73, atFace));
    expect(firm).toBeLessThan(soft - 0.2);
  });

  it('fails far more often in the M1 with a 0.9 mm catheter than with a 1.7 mm one', () => {
    const small = 1 - captureRate(aspirationPasses(m1Case(), 8, 0.9, atFace));
    const large = 1 - captureRate(aspirationPasses(m1Case(), 8, 1.7, atFace));
    expect(small).toBeGreaterThan(large + 0.25);
  });

  it('needs more than 1.6 mm inner diameter for an ICA clot, where 1.0 mm serves an MCA (Nikoubashman 2017)', () => {
    expect(aspirationCaptureProbability(1.0, 3.1, 'mixed', true, 90)).toBeGreaterThan(0.45);
    expect(aspirationCaptureProbability(1.0, 4.3, 'mixed', true, 90)).toBe(0);
    const tip = { segmentIndex: ICA_SUPRACLINOID, arcMm: 2 };
    const oneMm = captureRate(aspirationPasses(icaTerminusCase(), 9, 1.0, tip));
    const fiveFrench = captureRate(aspirationPasses(icaTerminusCase(), 9, 1.47, tip));
    const sixFrench = captureRate(aspirationPasses(icaTerminusCase(), 9, 1.73, tip));
    expect(oneMm).toBe(0);
    expect(fiveFrench).toBeLessThan(sixFrench - 0.15);
    expect(Math.abs(sixFrench - 0.561)).toBeLessThanOrEqual(0.08);
  });

  it('refuses suction with the tip away from the clot face: no pass is counted', () => {
    const { state, flow } = m1Case();
    expect(() =>
      aspirate(
        state,
        flow,
        { catheterInnerDiameterMm: 1.73, tip: { segmentIndex: M1, arcMm: 2 }, flowArrest: true, durationS: 90 },
        0,
        createRandomState(1),
      ),
    ).toThrow(/Blood flows freely .*not engaged on the clot. Its tip is 6\.0 mm proximal of the clot face/);
    expect(() =>
      aspirate(
        state,
        flow,
        { catheterInnerDiameterMm: 1.73, tip: { segmentIndex: M1, arcMm: 20 }, flowArrest: true, durationS: 90 },
        0,
        createRandomState(1),
      ),
    ).toThrow(/No clot lies ahead of the tip/);
    expect(state.passes).toBe(0);
    expect(state.firstPass).toBeNull();
  });
});

describe('reperfusion and fragments', () => {
  it('grades the occluded territory mTICI 0 and a clean capture mTICI 3 with its flow restored', () => {
    const start = m1Case();
    expect(ticiGrade(start.state, start.flow, 0)).toBe('0');
    const normalM2Flow = segmentFlowMlPerS(createContrastFlow(tree), M2_SUPERIOR, 5);
    const random = createRandomState(10);
    for (let i = 0; i < 50; i++) {
      const { state, flow } = structuredClone(start);
      deployStentRetriever(state, flow, { segmentIndex: M1, arcMm: 22 }, STENT, 0);
      const outcome = retrieveStentRetriever(
        state,
        flow,
        BALLOON_GUIDE_AND_ASPIRATION,
        FOUR_MINUTES,
        random,
        SIM_STEP_HZ,
      );
      if (!outcome.captured || outcome.fragments.length > 0) continue;
      expect(outcome.tici).toBe('3');
      expect(territoryReperfusion(state, flow, 0)).toBeGreaterThanOrEqual(0.9);
      expect(Number.isNaN(flow.occlusionArcMm[M1]!)).toBe(true);
      expect(segmentFlowMlPerS(flow, M2_SUPERIOR, 5)).toBeCloseTo(normalM2Flow, 6);
      expect(state.firstPass).toEqual({ kind: 'stent-retriever-pass', captured: true, tici: '3' });
      return;
    }
    throw new Error('no clean capture in 50 seeded passes');
  });

  it('lowers the grade when a fragment lodges in a distal branch, and sends new-territory fragments to the ACA', () => {
    const outcomes = stentPasses(m1Case(), 11, CONVENTIONAL);
    const distal = outcomes.filter((o) => o.captured && o.fragments.some((f) => !f.newTerritory));
    expect(distal.length).toBeGreaterThan(5);
    for (const outcome of distal) expect(['2a', '2b', '2c']).toContain(outcome.tici);
    const newTerritory = outcomes.flatMap((o) => o.fragments.filter((f) => f.newTerritory));
    expect(newTerritory.length).toBeGreaterThan(0);
    for (const fragment of newTerritory) expect(tree.segments[fragment.segmentIndex]!.key).toMatch(/^left-aca-a[12]$/);
    for (const fragment of outcomes.flatMap((o) => o.fragments.filter((f) => !f.newTerritory))) {
      expect(tree.segments[fragment.segmentIndex]!.key).toMatch(/^left-mca-m[23]-/);
    }
  });

  it('sends fewer fragments to a new territory with aspiration (OR 0.49, PMC6203566); a carotid-T clot has none upstream', () => {
    expect(newTerritoryShare(false)).toBeCloseTo(0.3, 6);
    const odds = (p: number): number => p / (1 - p);
    expect(odds(newTerritoryShare(true)) / odds(newTerritoryShare(false))).toBeCloseTo(0.49, 6);
    expect(tree.segments[newTerritoryEntry(tree, M1)]!.key).toBe('left-aca-a1');
    expect(newTerritoryEntry(tree, ICA_SUPRACLINOID)).toBe(-1);
  });

  it('lets a fragment be retrieved in a later pass, counting passes and keeping the first-pass result', () => {
    const outcomes = stentPasses(m1Case(), 12, CONVENTIONAL);
    const seedCase = outcomes.findIndex((o) => o.captured && o.fragments.some((f) => !f.newTerritory));
    expect(seedCase).toBeGreaterThanOrEqual(0);
    // Replay that trial, then aspirate the fragment from its face.
    const random = createRandomState(12);
    let trial = m1Case();
    for (let i = 0; i <= seedCase; i++) {
      trial = m1Case();
      deployStentRetriever(trial.state, trial.flow, { segmentIndex: M1, arcMm: 22 }, STENT, 100);
      retrieveStentRetriever(trial.state, trial.flow, CONVENTIONAL, 100 + FOUR_MINUTES, random, SIM_STEP_HZ);
    }
    const fragment = trial.state.clots[0]!.fragments[0]!;
    const fragmentClot = trial.state.clots[fragment.clotIndex]!;
    expect(fragmentClot.fromClot).toBe(0);
    const tip = { segmentIndex: fragmentClot.segmentIndex, arcMm: Math.max(0, fragmentClot.arcMm - 1) };
    let outcome: ThrombectomyPassOutcome | null = null;
    for (let pass = 0; pass < 10 && fragmentClot.present; pass++) {
      outcome = aspirate(
        trial.state,
        trial.flow,
        { catheterInnerDiameterMm: 1.3, tip, flowArrest: true, durationS: 90 },
        0,
        random,
      );
    }
    expect(fragmentClot.present).toBe(false);
    expect(outcome!.pass).toBe(trial.state.passes);
    expect(trial.state.passes).toBeGreaterThan(1);
    expect(trial.state.firstPass!.kind).toBe('stent-retriever-pass');
    if (trial.state.clots.every((clot) => !clot.present)) expect(ticiGrade(trial.state, trial.flow, 0)).toBe('3');
  });
});

describe('determinism and plain data', () => {
  function procedure(seed: number): ThrombectomyPassOutcome[] {
    const { state, flow } = m1Case('firm');
    const random = createRandomState(seed);
    const outcomes: ThrombectomyPassOutcome[] = [];
    for (let pass = 0; pass < 6 && state.clots[0]!.present; pass++) {
      deployStentRetriever(state, flow, { segmentIndex: M1, arcMm: 22 }, STENT, pass * 1000);
      outcomes.push(retrieveStentRetriever(state, flow, CONVENTIONAL, pass * 1000 + 300, random, SIM_STEP_HZ));
    }
    return outcomes;
  }

  it('gives the same outcomes for the same seed', () => {
    expect(procedure(42)).toEqual(procedure(42));
    const many = (seed: number): string => JSON.stringify([1, 2, 3, 4, 5].map((k) => procedure(seed * 10 + k)));
    expect(many(7)).not.toBe(many(8));
  });

  it('survives structuredClone, and a copy goes on exactly as the original', () => {
    const { state, flow } = m1Case();
    const random = createRandomState(99);
    deployStentRetriever(state, flow, { segmentIndex: M1, arcMm: 22 }, STENT, 0);
    retrieveStentRetriever(state, flow, CONVENTIONAL, 60 * SIM_STEP_HZ, random, SIM_STEP_HZ);
    deployStentRetriever(state, flow, { segmentIndex: M1, arcMm: 22 }, STENT, 100);
    const copy = structuredClone({ state, flow, random });
    expect(copy.state).toEqual(state);
    const go = (c: { state: ThrombectomyState; flow: ContrastFlow; random: RandomState }): ThrombectomyPassOutcome =>
      retrieveStentRetriever(c.state, c.flow, BALLOON_GUIDE_AND_ASPIRATION, 100 + FOUR_MINUTES, c.random, SIM_STEP_HZ);
    expect(go(copy)).toEqual(go({ state, flow, random }));
    expect(copy.state).toEqual(state);
  });
});
