import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replaySimulation } from '../../../src/sim/replay/replay.ts';
import { parseScenario } from '../../../src/sim/scenario/scenario.ts';
import { simulationSetupFor } from '../../../src/sim/scenario/setup.ts';
import { applyCommand, createSimulation, simulationStateHash, stepSimulation } from '../../../src/sim/simulation.ts';

/**
 * Exchanging devices inside the patient: a case's stack changes by commands, so the dose, the
 * contrast and the rest of the patient carry on, the log shows the change, and a replay of the
 * commands rebuilds the same stack and state.
 */

function strokeCase() {
  const file = join(import.meta.dirname, '../../../assets/scenarios/stroke-left-m1-aspiration.json');
  const { scenario, tree } = parseScenario(JSON.parse(readFileSync(file, 'utf8')), 'stroke.json');
  const setup = simulationSetupFor(scenario, tree);
  return { setup, simulation: createSimulation(setup) };
}

describe('device exchange inside the patient', () => {
  it('takes the wire and the vertebral catheter out and loads an aspiration catheter through the guide, keeping the dose and the log', () => {
    const { setup, simulation } = strokeCase();
    const ids = () => simulation.physics.devices.map(({ rod }) => rod.device.id);
    expect(ids()).toEqual(setup.devices.map((load) => load.deviceId));
    applyCommand(simulation, { kind: 'beam', beam: 'fluoro' });
    for (let i = 0; i < 120; i++) stepSimulation(simulation);
    applyCommand(simulation, { kind: 'beam', beam: 'off' });
    const dose = simulation.dose.referenceAirKermaMGy;
    expect(dose).toBeGreaterThan(0);

    // The guide cannot come out with the catheter and the wire inside it.
    expect(() => applyCommand(simulation, { kind: 'remove-device', device: 0 })).toThrow(
      /inside it: remove that first/,
    );
    applyCommand(simulation, { kind: 'remove-device', device: 2 });
    applyCommand(simulation, { kind: 'remove-device', device: 1 });
    // The large-bore 6F aspiration catheter needs a bigger guide than this 6F one; the 5F fits.
    expect(() => applyCommand(simulation, { kind: 'load-device', deviceId: 'aspiration-6f' })).toThrow(
      /does not fit through 6F guide catheter/,
    );
    applyCommand(simulation, { kind: 'load-device', deviceId: 'aspiration-5f' });
    expect(ids()).toEqual([setup.devices[0]!.deviceId, 'aspiration-5f']);
    expect(simulation.physics.devices[1]!.outer).toBe(0);
    expect(simulation.dose.referenceAirKermaMGy).toBe(dose);
    expect(simulation.tipSegment).toHaveLength(2);
    expect(
      simulation.events.filter((e) => e.kind === 'device-removed' || e.kind === 'device-loaded').map((e) => e.kind),
    ).toEqual(['device-removed', 'device-removed', 'device-loaded']);

    // Pushed in through the guide: it advances and its tip is tracked.
    applyCommand(simulation, { kind: 'hub', device: 1, command: { advanceMmPerS: 40, rotateDegPerS: 0 } });
    for (let i = 0; i < 240; i++) stepSimulation(simulation);
    expect(simulation.physics.devices[1]!.rod.insertedMm).toBeGreaterThan(50);

    // A replay of the commands rebuilds the same stack and the same state.
    const replayed = replaySimulation(setup, simulation.commands, simulation.stepCount);
    expect(replayed.physics.devices.map(({ rod }) => rod.device.id)).toEqual(ids());
    expect(simulationStateHash(replayed)).toBe(simulationStateHash(simulation));
  });
});
