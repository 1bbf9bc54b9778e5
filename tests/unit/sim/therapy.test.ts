import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../../src/sim/scenario/scenario.ts';
import { simulationSetupFor } from '../../../src/sim/scenario/setup.ts';
import { scoreAttempt } from '../../../src/sim/scoring/score.ts';
import {
  applyCommand,
  createSimulation,
  simulationStateHash,
  stepSimulation,
  type SimCommand,
  type Simulation,
} from '../../../src/sim/simulation.ts';
import { aspirateAt } from '../../../src/sim/therapy.ts';
import { SIM_STEP_HZ } from '../../../src/sim/version.ts';

/**
 * The treatment commands in the simulation: refused with a reason when the device is not there,
 * logged as events, and scored (recanalization from the clot's mTICI, embolization errors from
 * where particles went, coil outcomes).
 */

function caseSimulation(id: string): { scenario: Scenario; simulation: Simulation } {
  const file = join(import.meta.dirname, `../../../assets/scenarios/${id}.json`);
  const { scenario, tree } = parseScenario(JSON.parse(readFileSync(file, 'utf8')), `${id}.json`);
  return { scenario, simulation: createSimulation(simulationSetupFor(scenario, tree)) };
}

function run(simulation: Simulation, seconds: number): void {
  for (let i = 0; i < Math.round(seconds * SIM_STEP_HZ); i++) stepSimulation(simulation);
}

describe('treatment commands', () => {
  it('refuses each treatment whose device is not in the body, with a reason, and changes nothing', () => {
    const { simulation } = caseSimulation('stroke-left-m1-aspiration');
    const before = simulationStateHash(simulation);
    const refusals: [SimCommand, RegExp][] = [
      [
        { kind: 'deploy-stent-retriever', stentRetrieverId: 'stent-retriever-4x20' },
        /through a microcatheter; none is in the body/,
      ],
      [{ kind: 'retrieve-stent-retriever', aspiration: true }, /No stent retriever is deployed/],
      [{ kind: 'aspirate', durationS: 60 }, /needs an aspiration catheter in the body/],
      [{ kind: 'balloon', inflated: true }, /no balloon guide catheter in the body/],
      [
        { kind: 'deploy-coil', diameterMm: 4, lengthCm: 10 },
        /5F vertebral .* is loaded but not in the body yet: push it in first/,
      ],
      [
        { kind: 'deploy-stent-retriever', stentRetrieverId: 'stent-retriever-9x9' },
        /no stent retriever "stent-retriever-9x9"/,
      ],
    ];
    for (const [command, message] of refusals) expect(() => applyCommand(simulation, command)).toThrow(message);
    expect(simulation.commands).toEqual([]);
    expect(simulation.events).toEqual([]);
    expect(simulationStateHash(simulation)).toBe(before);
  });

  it('scores a recanalized M1: aspiration passes at the clot face until it comes out, then mTICI and passes in the score', () => {
    const { scenario, simulation } = caseSimulation('stroke-left-m1-aspiration');
    const clot = simulation.thrombectomy.clots[0]!;
    const face = { segmentIndex: clot.segmentIndex, arcMm: Math.max(0, clot.arcMm - 1) };
    expect(scoreAttempt(scenario, simulation).objectives.find((o) => o.kind === 'recanalize')).toMatchObject({
      judged: true,
      met: false,
    });
    let passes = 0;
    while (clot.present && passes < 12) {
      run(simulation, 1);
      aspirateAt(simulation, face, 0.068 * 25.4, 90);
      passes++;
    }
    expect(clot.present).toBe(false);
    const score = scoreAttempt(scenario, simulation);
    const reperfusion = score.objectives.find((objective) => objective.kind === 'recanalize')!;
    expect(reperfusion.met).toBe(true);
    expect(reperfusion.atS).not.toBeNull();
    expect(score.metrics.thrombectomyPasses).toBe(passes);
    expect(simulation.events.filter((event) => event.kind === 'thrombectomy-pass')).toHaveLength(passes);
  });

  it('draws the same passes for the same setup and commands (seeded, in the state)', () => {
    const outcomes = [0, 1].map(() => {
      const { simulation } = caseSimulation('stroke-left-m1-aspiration');
      const clot = simulation.thrombectomy.clots[0]!;
      for (let i = 0; i < 6 && clot.present; i++) {
        stepSimulation(simulation);
        aspirateAt(simulation, { segmentIndex: clot.segmentIndex, arcMm: clot.arcMm }, 1.5, 30);
      }
      expect(simulation.thrombectomy.passes).toBeGreaterThan(0);
      return [simulationStateHash(simulation), JSON.stringify(simulation.events)];
    });
    expect(outcomes[0]).toEqual(outcomes[1]);
  });

  it('makes the first pass a fresh draw in every attempt: pulled at different moments, it succeeds in some and fails in others', () => {
    const results = Array.from({ length: 30 }, (_, attempt) => {
      const { simulation } = caseSimulation('stroke-left-m1-aspiration');
      const clot = simulation.thrombectomy.clots[0]!;
      for (let i = 0; i < 7 * attempt; i++) stepSimulation(simulation);
      aspirateAt(simulation, { segmentIndex: clot.segmentIndex, arcMm: clot.arcMm }, 0.068 * 25.4, 90);
      return !clot.present;
    });
    const successes = results.filter(Boolean).length;
    expect(successes).toBeGreaterThan(3);
    expect(successes).toBeLessThan(27);
  });

  it('logs where a particle injection went, and judges particles smaller than the case allows as an error', () => {
    const { scenario, simulation } = caseSimulation('ufe-bilateral');
    applyCommand(simulation, {
      kind: 'inject',
      rateMlPerS: 2,
      volumeMl: 4,
      particles: { diameterMm: 0.4, mlPerMl: 0.1 },
    });
    run(simulation, 3);
    const logged = simulation.events.find((event) => event.kind === 'embolization');
    expect(logged).toBeDefined();
    if (logged?.kind !== 'embolization') return;
    // Through the sheath's side arm in the right common femoral: down the leg.
    expect(logged.vessels.map((vessel) => vessel.vesselKey)).toContain('right-common-femoral');
    expect(logged.vessels.reduce((sum, vessel) => sum + vessel.ml, 0)).toBeCloseTo(0.4, 6);
    const score = scoreAttempt(scenario, simulation);
    expect(score.errors.map((error) => error.id)).toContain('small-particles');
    expect(score.objectives.filter((o) => o.kind === 'embolize').every((o) => o.judged && !o.met)).toBe(true);
    expect(score.metrics.particlesMl).toBeCloseTo(0.4, 6);
  });

  it('deploys a coil through a catheter once one is in, logs where it went, and counts it', () => {
    const { scenario, simulation } = caseSimulation('splenic-trauma-coil');
    applyCommand(simulation, { kind: 'hub', device: 0, command: { advanceMmPerS: 20, rotateDegPerS: 0 } });
    run(simulation, 3);
    applyCommand(simulation, { kind: 'hub', device: 0, command: { advanceMmPerS: 0, rotateDegPerS: 0 } });
    applyCommand(simulation, { kind: 'deploy-coil', diameterMm: 4, lengthCm: 10 });
    const coil = simulation.events.find((event) => event.kind === 'coil');
    expect(coil).toMatchObject({ kind: 'coil', diameterMm: 4, lengthCm: 10 });
    // A 4 mm coil in a 7 mm iliac artery is undersized: it migrates downstream, an error the case names.
    expect(coil).toMatchObject({ outcome: 'migrated' });
    const score = scoreAttempt(scenario, simulation);
    expect(score.metrics.coilsDeployed).toBe(1);
    expect(score.errors.map((error) => error.id)).toContain('coil-migration');
  });

  it('arrests the flow where the balloon guide is inflated, and gives it back when deflated', () => {
    const { simulation } = caseSimulation('stroke-right-ica-terminus-balloon-guide');
    applyCommand(simulation, { kind: 'hub', device: 0, command: { advanceMmPerS: 20, rotateDegPerS: 0 } });
    run(simulation, 3);
    applyCommand(simulation, { kind: 'hub', device: 0, command: { advanceMmPerS: 0, rotateDegPerS: 0 } });
    const before = simulationStateHash(simulation);
    const bloodFlowBefore = Float64Array.from(simulation.flow.bloodFlow);
    applyCommand(simulation, { kind: 'balloon', inflated: true });
    const cell = simulation.flow.arrestCell;
    expect(cell).toBeGreaterThanOrEqual(0);
    const fraction = () => simulation.flow.bloodFlow[cell]! / bloodFlowBefore[cell]!;
    expect(fraction()).toBeLessThan(0.05);
    expect(simulation.balloonInflated).toBe(true);
    applyCommand(simulation, { kind: 'balloon', inflated: false });
    expect(simulation.flow.arrestCell).toBe(-1);
    expect(fraction()).toBe(1);
    // Nothing else changed: the state is the one before the balloon went up.
    expect(simulationStateHash(simulation)).toBe(before);
    expect(
      simulation.events
        .filter((event) => event.kind === 'balloon')
        .map((event) => event.kind === 'balloon' && event.inflated),
    ).toEqual([true, false]);
  });
});
