import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  coilUntilStopped,
  embolizeWithParticles,
  runOperator,
  type OperatorKind,
} from '../../../../src/sim/scenario/operators.ts';
import { parseScenario } from '../../../../src/sim/scenario/scenario.ts';
import { simulationSetupFor } from '../../../../src/sim/scenario/setup.ts';
import { flowFraction } from '../../../../src/sim/scoring/embolization.ts';
import { applyCommand, createSimulation, injectionSite, stepSimulation } from '../../../../src/sim/simulation.ts';
import { SIM_STEP_HZ } from '../../../../src/sim/version.ts';

/**
 * How the operators treat once a catheter is in place: the expert embolizes with large particles
 * injected slower than the vessel flows and stops at the endpoint; the novice pushes small
 * particles at a fixed rate; coils sized over the vessel pack, under it they migrate.
 * (The operators reach few targets yet, issue #4: here the catheter is pushed up the iliac from
 * the sheath and the vessel below its tip is the target.)
 */

function loadCase(id: string) {
  const file = join(import.meta.dirname, `../../../../assets/scenarios/${id}.json`);
  return parseScenario(JSON.parse(readFileSync(file, 'utf8')), `${id}.json`);
}

function catheterInIliac(id: string) {
  const { scenario, tree } = loadCase(id);
  const simulation = createSimulation(simulationSetupFor(scenario, tree));
  applyCommand(simulation, { kind: 'hub', device: 0, command: { advanceMmPerS: 20, rotateDegPerS: 0 } });
  for (let i = 0; i < 3 * SIM_STEP_HZ; i++) stepSimulation(simulation);
  applyCommand(simulation, { kind: 'hub', device: 0, command: { advanceMmPerS: 0, rotateDegPerS: 0 } });
  const tip = injectionSite(simulation);
  return { simulation, tree, tip };
}

describe('operators treating', () => {
  it.each<[OperatorKind, number]>([
    ['expert', 0.6],
    ['novice', 0.4],
  ])('%s embolizes the vessel below the catheter with %f mm particles', (kind, diameterMm) => {
    const { simulation, tree, tip } = catheterInIliac('ufe-bilateral');
    const target = tree.segments[tip.segmentIndex]!.key;
    embolizeWithParticles(simulation, target, 'near-stasis', kind);
    const injections = simulation.events.filter((event) => event.kind === 'injection');
    expect(injections.length).toBeGreaterThan(0);
    expect(injections.every((event) => event.kind === 'injection' && event.particleDiameterMm === diameterMm)).toBe(
      true,
    );
    if (kind === 'expert') {
      // Slower than the flow at the tip: nothing refluxes, and it stops at near-stasis.
      expect(simulation.flow.embolic.particlesRefluxedMl).toBe(0);
      expect(flowFraction(simulation.flow, tip.segmentIndex)).toBeLessThan(0.2);
    } else {
      // A fixed push whatever the flow (here the whole leg's bed: it does not reach the endpoint in 30 syringes).
      expect(injections.every((event) => event.kind === 'injection' && event.rateMlPerS === 1.5)).toBe(true);
    }
  });

  it("sizes coils to the vessel: the expert's pack, the novice's migrate", () => {
    for (const [kind, outcome] of [
      ['expert', 'packed'],
      ['novice', 'migrated'],
    ] as const) {
      const { simulation } = catheterInIliac('splenic-trauma-coil');
      coilUntilStopped(simulation, 0, kind);
      const coils = simulation.events.filter((event) => event.kind === 'coil');
      expect(coils.length).toBeGreaterThan(0);
      expect(coils[0]).toMatchObject({ outcome });
    }
  });

  it('does not treat from a catheter that is not on the way to the target', () => {
    const { scenario, tree } = loadCase('ufe-bilateral');
    const run = runOperator(scenario, tree, 'expert', 1);
    expect(run.stoppedBecause).toMatch(
      /^left-fibroid: no catheter is on the way to left-fibroid-feeder to treat from$/,
    );
    expect(run.simulation.events.some((event) => event.kind === 'injection')).toBe(false);
  });
});
