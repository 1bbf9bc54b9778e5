import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../../../src/sim/scenario/scenario.ts';
import { simulationSetupFor } from '../../../../src/sim/scenario/setup.ts';
import { scoreAttempt } from '../../../../src/sim/scoring/score.ts';
import { applyCommand, createSimulation, stepSimulation, type Simulation } from '../../../../src/sim/simulation.ts';
import { SIM_STEP_HZ } from '../../../../src/sim/version.ts';

const library = join(import.meta.dirname, '../../../../assets/scenarios');

/**
 * The left renal drill, with objectives a few seconds of hub commands can meet from the sheath:
 * push the wire into the right external iliac, and a DSA run with contrast from the sheath.
 */
function groinDrill(): { scenario: Scenario; start: () => Simulation } {
  const json = JSON.parse(readFileSync(join(library, 'drill-left-renal.json'), 'utf8')) as Record<string, unknown>;
  // The wall-force limit is raised far above the drill's: contact forces are not yet calibrated
  // (issue #4 notes), and this file tests the scoring rules, not the force estimate.
  (json['scoring'] as { limits: { wallForceN: number } }).limits.wallForceN = 50;
  json['objectives'] = [
    // The drill's steps name these objectives as what completes them.
    { id: 'selected', kind: 'reach', text: 'Wire in the right external iliac', vessel: 'right-external-iliac' },
    { id: 'angiogram', kind: 'angiogram', text: 'DSA run of the femoral artery', vessel: 'right-common-femoral' },
  ];
  const { scenario, tree } = parseScenario(json, 'groin drill');
  return { scenario, start: () => createSimulation(simulationSetupFor(scenario, tree)) };
}

function run(simulation: Simulation, seconds: number): void {
  for (let i = 0; i < Math.round(seconds * SIM_STEP_HZ); i++) stepSimulation(simulation);
}

describe('scoring an attempt from its event log', () => {
  const drill = groinDrill();

  it('gives nothing for objectives not met, and full marks for a clean attempt that meets them', () => {
    const idle = drill.start();
    run(idle, 1);
    const nothing = scoreAttempt(drill.scenario, idle);
    expect(nothing.objectives.map((objective) => objective.met)).toEqual([false, false]);
    expect(nothing.groups.procedure.earned).toBe(0);
    expect(nothing.groups.outcome.earned).toBe(0);
    expect(nothing.phases.flatMap((phase) => phase.steps.map((step) => step.done))).toEqual([false, false, false]);
    // No errors and no dose, but nothing done: care and economy earn nothing either.
    expect(nothing.total).toBe(0);
    expect(nothing.passed).toBe(false);

    const good = drill.start();
    applyCommand(good, { kind: 'hub', device: 1, command: { advanceMmPerS: 40, rotateDegPerS: 0 } });
    run(good, 2);
    applyCommand(good, { kind: 'hub', device: 1, command: { advanceMmPerS: 0, rotateDegPerS: 0 } });
    applyCommand(good, { kind: 'beam', beam: 'acquire' });
    run(good, 0.5);
    applyCommand(good, { kind: 'inject', rateMlPerS: 4, volumeMl: 4 });
    run(good, 1.5);
    applyCommand(good, { kind: 'beam', beam: 'off' });
    const score = scoreAttempt(drill.scenario, good);
    expect(score.objectives.map((objective) => objective.met)).toEqual([true, true]);
    expect(score.objectives[0]!.atS).toBeGreaterThan(0);
    expect(score.objectives[0]!.atS).toBeLessThan(2);
    expect(score.objectives[1]!.atS).toBeCloseTo(2.5, 6);
    expect(score.errors).toEqual([]);
    expect(score.groups.process.earned).toBe(score.groups.process.weight);
    expect(score.total).toBeCloseTo(100, 9);
    expect(score.passed).toBe(true);
    // Phases and steps: the drill's three judged steps (fluoroscopy, selection, run) are done.
    expect(score.phases.map((phase) => phase.complete)).toEqual([true, true]);
    expect(score.phases.flatMap((phase) => phase.steps.map((step) => step.done))).toEqual([true, true, true]);
    expect(score.metrics.contrastMl).toBeCloseTo(4, 6);
    expect(score.metrics.acquisitionRuns).toBe(1);
    expect(score.metrics.tipPathMm).toBeGreaterThan(50);
  });

  it('does not count a run without contrast, or contrast outside a run, as an angiogram', () => {
    const attempt = drill.start();
    applyCommand(attempt, { kind: 'inject', rateMlPerS: 4, volumeMl: 2 });
    run(attempt, 1);
    applyCommand(attempt, { kind: 'beam', beam: 'acquire' });
    run(attempt, 1);
    applyCommand(attempt, { kind: 'beam', beam: 'off' });
    expect(scoreAttempt(drill.scenario, attempt).objectives[1]!.met).toBe(false);
  });

  it('takes process marks away past the limits, down to nothing at twice them', () => {
    const attempt = drill.start();
    const limits = drill.scenario.scoring.limits;
    applyCommand(attempt, { kind: 'beam', beam: 'fluoro' });
    run(attempt, limits.fluoroscopyMinutes * 60 * 1.5);
    applyCommand(attempt, { kind: 'beam', beam: 'off' });
    applyCommand(attempt, { kind: 'hub', device: 1, command: { advanceMmPerS: 40, rotateDegPerS: 0 } });
    run(attempt, 2);
    const score = scoreAttempt(drill.scenario, attempt);
    expect(score.objectives[0]!.met).toBe(true);
    const fluoro = score.process.find((result) => result.metric === 'fluoroscopy-minutes')!;
    expect(fluoro.value).toBeCloseTo(limits.fluoroscopyMinutes * 1.5, 6);
    expect(fluoro.score).toBeCloseTo(0.5, 6);
    // Half the objectives met: half of the process group's weight at most, less the fluoroscopy overrun.
    expect(score.groups.process.earned).toBeCloseTo((0.5 * score.groups.process.weight * (0.5 + 1 + 1)) / 3, 6);
  }, 120_000);

  it('charges each wall-force event as the case’s error, and a critical error fails the attempt whatever the total', () => {
    const attempt = drill.start();
    applyCommand(attempt, { kind: 'hub', device: 1, command: { advanceMmPerS: 40, rotateDegPerS: 0 } });
    run(attempt, 2);
    for (const step of [10, 20, 30]) {
      attempt.events.push({
        step,
        kind: 'wall-force',
        device: 1,
        deviceId: 'wire',
        vesselKey: 'right-common-femoral',
        forceN: 0.9,
      });
    }
    const score = scoreAttempt(drill.scenario, attempt);
    expect(score.errors).toEqual([
      {
        id: 'excess-wall-force',
        text: "Wall force above the vessel's limit",
        severity: 'major',
        times: [10 / 120, 20 / 120, 30 / 120],
      },
    ]);
    // Three major errors cost 75% of the group; half the objectives are met, so half of what is left.
    expect(score.objectives.map((objective) => objective.met)).toEqual([true, false]);
    expect(score.groups.errors.earned).toBeCloseTo(score.groups.errors.weight * 0.5 * 0.25, 9);
    const critical = {
      ...drill.scenario,
      errors: [{ id: 'excess-wall-force', text: 'Perforating force', severity: 'critical' as const }],
    };
    const failed = scoreAttempt(critical, attempt);
    expect(failed.groups.errors.earned).toBe(0);
    expect(failed.passed).toBe(false);
  });

  it('judges reperfusion from the clot: with the occlusion still in place it is not met (tests/unit/sim/therapy.test.ts meets it)', () => {
    const { scenario, tree } = parseScenario(
      JSON.parse(readFileSync(join(library, 'stroke-left-m1-aspiration.json'), 'utf8')),
      'stroke',
    );
    const attempt = createSimulation(simulationSetupFor(scenario, tree));
    const score = scoreAttempt(scenario, attempt);
    const reperfusion = score.objectives.find((objective) => objective.kind === 'recanalize')!;
    expect(reperfusion).toMatchObject({ met: false, judged: true });
    expect(score.passed).toBe(false);
  });
});
