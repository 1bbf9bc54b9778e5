import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../src/sim/anatomy/atlas/index.ts';
import { findSegmentIndex, sampleAtArc, segmentByKey } from '../../../src/sim/anatomy/model.ts';
import {
  createContrastFlow,
  sampleConcentrations,
  startInjection,
  stepContrastFlow,
  totalSampleCount,
} from '../../../src/sim/flow/contrast.ts';
import { restingFlowShares } from '../../../src/sim/flow/resting-flows.ts';
import { lineIntegral } from '../../../src/sim/imaging/attenuators.ts';
import { defaultCArmPose } from '../../../src/sim/imaging/carm.ts';
import { airKermaRateMGyPerMin } from '../../../src/sim/imaging/dose.ts';
import { setVesselContrast, vesselAttenuators } from '../../../src/sim/imaging/patient-attenuators.ts';
import {
  applyCommand,
  createSimulation,
  simulationStateHash,
  stepSimulation,
  type SimCommand,
  type Simulation,
} from '../../../src/sim/simulation.ts';
import { SIM_STEP_HZ } from '../../../src/sim/version.ts';
import { createRandomState, nextInRange } from '../../../src/sim/math/random.ts';
import { replaySimulation } from '../../../src/sim/replay/replay.ts';

const body = buildAtlas('body');
const stack = [
  { deviceId: 'catheter-5f-vertebral', through: -1 },
  { deviceId: 'wire-035-angled-hydrophilic', through: 0 },
];

function newSimulation(): Simulation {
  return createSimulation({ tree: body, accessKey: 'right-common-femoral', devices: stack, patientThicknessCm: 24 });
}

function run(simulation: Simulation, seconds: number): void {
  for (let i = 0; i < Math.round(seconds * SIM_STEP_HZ); i++) stepSimulation(simulation);
}

describe('the simulation: beam, dose and events', () => {
  it('gives dose only while a pedal holds the beam on, at the rate of the exposure', () => {
    const simulation = newSimulation();
    run(simulation, 1);
    expect(simulation.dose.referenceAirKermaMGy).toBe(0);
    expect(simulation.dose.fluoroscopyTimeS).toBe(0);
    applyCommand(simulation, { kind: 'beam', beam: 'fluoro' });
    run(simulation, 2);
    const rate = airKermaRateMGyPerMin({
      mode: 'fluoro',
      pulsesPerSecond: simulation.imaging.fluoroscopyPulsesPerSecond,
      pose: defaultCArmPose,
      patientThicknessCm: 24,
    });
    expect(simulation.dose.fluoroscopyTimeS).toBeCloseTo(2, 9);
    expect(simulation.dose.referenceAirKermaMGy).toBeCloseTo((rate * 2) / 60, 9);
    const after = simulation.dose.referenceAirKermaMGy;
    applyCommand(simulation, { kind: 'beam', beam: 'off' });
    run(simulation, 3);
    expect(simulation.dose.referenceAirKermaMGy).toBe(after);
  });

  it('counts an acquisition run per press of the acquisition pedal, and logs the beam', () => {
    const simulation = newSimulation();
    applyCommand(simulation, { kind: 'beam', beam: 'acquire' });
    run(simulation, 2);
    applyCommand(simulation, { kind: 'beam', beam: 'off' });
    applyCommand(simulation, { kind: 'beam', beam: 'acquire' });
    run(simulation, 1);
    applyCommand(simulation, { kind: 'beam', beam: 'off' });
    expect(simulation.dose.acquisitionRuns).toBe(2);
    expect(simulation.dose.acquisitionFrames).toBeCloseTo(3 * simulation.imaging.acquisitionFramesPerSecond, 6);
    expect(simulation.dose.fluoroscopyTimeS).toBe(0);
    expect(simulation.events.map((event) => event.kind)).toEqual([
      'beam-on',
      'acquisition-run',
      'beam-off',
      'beam-on',
      'acquisition-run',
      'beam-off',
    ]);
    expect(simulation.events[1]).toMatchObject({ step: 0, mode: 'dsa', run: 1 });
  });

  it('injects through the sheath side arm when no catheter is in, and says so in the log', () => {
    const simulation = newSimulation();
    applyCommand(simulation, { kind: 'inject', rateMlPerS: 5, volumeMl: 5 });
    run(simulation, 2);
    expect(simulation.flow.contrastInjectedMl).toBeCloseTo(5, 6);
    expect(simulation.events.at(-1)).toMatchObject({
      kind: 'injection',
      vesselKey: 'right-common-femoral',
      throughDevice: 'sheath',
    });
  });

  it('logs when a learning aid is shown and hidden, once per change', () => {
    const simulation = newSimulation();
    applyCommand(simulation, { kind: 'aid', aid: 'see-through', on: true });
    applyCommand(simulation, { kind: 'aid', aid: 'see-through', on: true });
    run(simulation, 1);
    applyCommand(simulation, { kind: 'aid', aid: 'see-through', on: false });
    expect(simulation.events).toEqual([
      { step: 0, kind: 'aid', aid: 'see-through', on: true },
      { step: SIM_STEP_HZ, kind: 'aid', aid: 'see-through', on: false },
    ]);
  });

  it('refuses a bad command with a message that names the value, and keeps its state', () => {
    const simulation = newSimulation();
    expect(() => applyCommand(simulation, { kind: 'carm', pose: { ...defaultCArmPose, cranDeg: 60 } })).toThrow(
      /cranDeg 60/,
    );
    expect(simulation.pose.cranDeg).toBe(0);
    const imaging = simulation.imaging;
    expect(() =>
      applyCommand(simulation, { kind: 'imaging', settings: { ...imaging, fluoroscopyPulsesPerSecond: 1 } }),
    ).toThrow(/1/);
    expect(simulation.imaging).toEqual(imaging);
    expect(() => applyCommand(simulation, { kind: 'inject', rateMlPerS: 50, volumeMl: 5 })).toThrow(/50/);
    expect(simulation.flow.contrastInjectedMl).toBe(0);
  });

  it('gives the same state, bit for bit, for the same commands at the same steps', () => {
    const script: [number, SimCommand][] = [
      [0, { kind: 'hub', device: 1, command: { advanceMmPerS: 30, rotateDegPerS: 45 } }],
      [30, { kind: 'beam', beam: 'fluoro' }],
      [60, { kind: 'inject', rateMlPerS: 4, volumeMl: 3 }],
      [90, { kind: 'carm', pose: { ...defaultCArmPose, laoDeg: 30 } }],
      [150, { kind: 'beam', beam: 'off' }],
    ];
    const play = (): string => {
      const simulation = newSimulation();
      for (let step = 0; step < 240; step++) {
        for (const [at, command] of script) if (at === step) applyCommand(simulation, command);
        stepSimulation(simulation);
      }
      return simulationStateHash(simulation);
    };
    const first = play();
    expect(play()).toBe(first);
    const other = newSimulation();
    run(other, 2);
    expect(simulationStateHash(other)).not.toBe(first);
  });
});

describe('contrast in the image', () => {
  const neuro = buildAtlas('neuro');

  /** Σμx of the vessels alone along an AP ray through a vessel's centreline point. */
  function vesselShadow(concentrations: Float32Array, key: string, fraction: number): number {
    const vessels = vesselAttenuators(neuro);
    setVesselContrast(vessels, neuro, concentrations);
    const segment = segmentByKey(neuro, key);
    const point = new Float64Array(3);
    sampleAtArc(segment, segment.arcMm[segment.arcMm.length - 1]! * fraction, point);
    return lineIntegral(vessels, [point[0]!, point[1]! - 300, point[2]!], [0, 1, 0]);
  }

  it('leaves a vessel beyond a clot dark while its neighbour fills', () => {
    const flow = createContrastFlow(neuro, {
      flowShare: restingFlowShares(neuro),
      occlusions: [{ segmentKey: 'left-mca-m1', arcMm: 3 }],
    });
    const ica = findSegmentIndex(neuro, 'left-ica-cervical');
    startInjection(flow, { segmentIndex: ica, arcMm: 20 }, 5.8, 7.9);
    for (let i = 0; i < 1.5 * SIM_STEP_HZ; i++) stepContrastFlow(flow, 1 / SIM_STEP_HZ);
    const concentrations = new Float32Array(totalSampleCount(neuro));
    sampleConcentrations(flow, concentrations);
    const beyondClot = vesselShadow(concentrations, 'left-mca-m2-superior', 0.5);
    const anterior = vesselShadow(concentrations, 'left-aca-a2', 0.5);
    expect(anterior).toBeGreaterThan(0.05);
    expect(beyondClot).toBeLessThan(0.1 * anterior);
  });
});

describe('replaying an attempt from its commands', () => {
  it('records what it accepted and nothing it refused, and re-runs to the same state bit for bit', () => {
    const setup = { tree: body, accessKey: 'right-common-femoral', devices: stack, patientThicknessCm: 24 };
    const live = createSimulation(setup);
    const random = createRandomState(11);
    const hub = { advanceMmPerS: 0, rotateDegPerS: 0 };
    for (let step = 0; step < 600; step++) {
      if (step % 40 === 0) {
        // The same object reused, as controls do: the record must hold copies.
        hub.advanceMmPerS = nextInRange(random, -10, 40);
        hub.rotateDegPerS = nextInRange(random, -180, 180);
        applyCommand(live, { kind: 'hub', device: step % 80 === 0 ? 1 : 0, command: hub });
      }
      if (step === 100) applyCommand(live, { kind: 'beam', beam: 'fluoro' });
      if (step === 150) applyCommand(live, { kind: 'inject', rateMlPerS: 3, volumeMl: 2 });
      if (step === 200) expect(() => applyCommand(live, { kind: 'inject', rateMlPerS: 99, volumeMl: 2 })).toThrow();
      if (step === 420) applyCommand(live, { kind: 'beam', beam: 'off' });
      stepSimulation(live);
    }
    expect(
      live.commands.some((recorded) => recorded.command.kind === 'inject' && recorded.command.rateMlPerS === 99),
    ).toBe(false);
    const replayed = replaySimulation(setup, live.commands, live.stepCount);
    expect(simulationStateHash(replayed)).toBe(simulationStateHash(live));
    expect(replayed.events).toEqual(live.events);
    expect(replayed.dose).toEqual(live.dose);
  });

  it('refuses a command log out of order', () => {
    const setup = { tree: body, accessKey: 'right-common-femoral', devices: stack, patientThicknessCm: 24 };
    const beam = (step: number): { step: number; command: SimCommand } => ({
      step,
      command: { kind: 'beam', beam: 'fluoro' },
    });
    expect(() => replaySimulation(setup, [beam(10), beam(5)], 20)).toThrow(/commands\[1\]: step 5 comes before/);
  });
});
