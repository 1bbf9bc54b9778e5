import { createLumenIndex, type LumenIndex } from './anatomy/lumen-index.ts';
import { createNearestResult, nearestCentrelinePoint } from './anatomy/lumen-queries.ts';
import type { VesselTree } from './anatomy/model.ts';
import {
  createContrastFlow,
  injectionActive,
  startInjection,
  stepContrastFlow,
  stopInjection,
  contrastStateHash,
  type ContrastFlow,
  type ContrastFlowOptions,
} from './flow/contrast.ts';
import { restingFlowShares } from './flow/resting-flows.ts';
import {
  beginWatch,
  createEmbolizationWatch,
  endedInjectionReport,
  type EmbolizationWatch,
} from './embolization-log.ts';
import { defaultCArmPose, validateCArmPose, type CArmPose } from './imaging/carm.ts';
import {
  accumulateDose,
  beginAcquisitionRun,
  createDoseTally,
  validateExposure,
  type DoseTally,
  type Exposure,
  type ExposureMode,
} from './imaging/dose.ts';
import { sheathInAccessVessel } from './physics/access.ts';
import { anatomyLumen } from './physics/lumen-field.ts';
import {
  createPhysicsWorld,
  loadDevice,
  physicsStateHash,
  removeDevice,
  setHubCommand,
  stepPhysics,
  type DeviceLoad,
  type HubCommand,
  type PhysicsWorld,
} from './physics/world.ts';
import { createThrombectomyState, type ScenarioClot, type ThrombectomyState } from './flow/thrombectomy.ts';
import { createRandomState, type RandomState } from './math/random.ts';
import { applyTherapyCommand, type TherapyCommand, type TherapyEvent } from './therapy.ts';
import { forceTraceCapacity, resizeDeviceTracking, trackHandling } from './handling.ts';
import { SIM_STEP_HZ } from './version.ts';

/**
 * The one entry point of the core: a patient on the table with devices in a sheath, blood
 * carrying contrast, and a C-arm that doses while its beam is on. `createSimulation` builds it,
 * `applyCommand` takes a device-independent command (what controls produce and replays record),
 * `stepSimulation` advances one fixed step of 1 / SIM_STEP_HZ s. Everything that changes lives
 * in the state; the clock is the step count.
 */

export interface SimulationSetup {
  tree: VesselTree;
  /** The vessel holding the access sheath. */
  accessKey: string;
  devices: readonly DeviceLoad[];
  /** Front-to-back thickness along an AP beam (cm): the dose model's patient. */
  patientThicknessCm: number;
  flow?: ContrastFlowOptions;
  pose?: CArmPose;
  /** Wall force (N) above which a contact is an event; small vessels tolerate less (DOMAIN.md: a scenario parameter). */
  wallForceLimitN?: number;
  /** The case's clots with their length and firmness (what thrombectomy passes act on). */
  clots?: readonly ScenarioClot[];
  /** Seed of the random draws (thrombectomy pass outcomes); a fixed default when not given. */
  randomSeed?: number;
}

/** The wall-force event threshold when a setup names none (est.: a cardiac simulator's 0.3 N "unsafe", with margin). */
export const defaultWallForceLimitN = 0.5;
/** Seed of the random stream when the setup gives none. */
export const defaultRandomSeed = 0x1a2b3c4d;

/** What the pedals ask for: nothing, fluoroscopy, or an acquisition (cine or DSA run). */
export type BeamRequest = 'off' | 'fluoro' | 'acquire';

export interface ImagingSettings {
  fluoroscopyMode: Extract<ExposureMode, 'fluoro' | 'fluoro-low'>;
  fluoroscopyPulsesPerSecond: number;
  acquisitionMode: Extract<ExposureMode, 'dsa' | 'cine'>;
  acquisitionFramesPerSecond: number;
}

export const defaultImagingSettings: Readonly<ImagingSettings> = {
  fluoroscopyMode: 'fluoro',
  fluoroscopyPulsesPerSecond: 7.5,
  acquisitionMode: 'dsa',
  acquisitionFramesPerSecond: 3,
};

export type SimCommand =
  | { kind: 'hub'; device: number; command: HubCommand }
  /** A device loaded through the innermost one (an exchange is a removal, then a load). */
  | { kind: 'load-device'; deviceId: string }
  /** A device pulled out (nothing may be inside it); later devices are renumbered. */
  | { kind: 'remove-device'; device: number }
  | { kind: 'beam'; beam: BeamRequest }
  | { kind: 'imaging'; settings: ImagingSettings }
  | { kind: 'carm'; pose: CArmPose }
  /**
   * Contrast from the tip of the innermost catheter (the sheath's side arm when none is in);
   * with particles suspended in it (their diameter, mL of particles per mL injected) it embolizes.
   */
  | { kind: 'inject'; rateMlPerS: number; volumeMl: number; particles?: ParticleLoad }
  /** Treatment: coils, stent retrievers, aspiration, the balloon guide (`therapy.ts`). */
  | TherapyCommand
  | { kind: 'stop-injection' }
  /** A learning aid shown or hidden: the 3D see-through view or the roadmap overlay (scoring records their use). */
  | { kind: 'aid'; aid: LearningAid; on: boolean };

export type LearningAid = 'see-through' | 'roadmap';

/** Particles in an injection: their diameter (mm) and how many mL of them per mL injected. */
export interface ParticleLoad {
  diameterMm: number;
  mlPerMl: number;
}

/** What happened, for the debrief and scoring: appended only when a command changes something. */
export type SimEvent = { step: number } & (
  | { kind: 'beam-on'; mode: ExposureMode }
  | { kind: 'beam-off' }
  | { kind: 'acquisition-run'; mode: ExposureMode; run: number }
  | {
      kind: 'injection';
      rateMlPerS: number;
      volumeMl: number;
      vesselKey: string;
      throughDevice: string;
      /** Particle diameter (mm) when the injection carried particles. */
      particleDiameterMm?: number;
    }
  | TherapyEvent
  /** A particle injection ended: the vessels whose particle load grew (mL), and what refluxed. */
  | { kind: 'embolization'; vessels: { vesselKey: string; ml: number }[]; refluxedMl: number }
  | { kind: 'carm'; pose: CArmPose }
  | { kind: 'aid'; aid: LearningAid; on: boolean }
  /** The stack changed: a device loaded (it is now the innermost, `device`) or taken out. */
  | { kind: 'device-loaded'; device: number; deviceId: string }
  | { kind: 'device-removed'; device: number; deviceId: string }
  /** A device's tip moved into another vessel. */
  | { kind: 'tip-entered'; device: number; deviceId: string; vesselKey: string }
  /** A device pressed on the wall harder than the limit (logged when it crosses the limit). */
  | { kind: 'wall-force'; device: number; deviceId: string; vesselKey: string; forceN: number }
);

/** Running measures of how the devices were handled, updated every step without allocation. */
export interface HandlingMetrics {
  /** Largest wall force seen on any node (N). */
  maxWallForceN: number;
  /** Distance the leading (innermost) device's tip travelled (mm). */
  tipPathMm: number;
  /** Seconds the leading tip moved faster than 1 mm/s. */
  tipMovingS: number;
  /** Σ squared tip jerk (mm²/s⁶) over the steps it is measured: its root mean square says how smooth the hand is. */
  tipJerkSquaredSum: number;
  tipJerkSamples: number;
}

export interface Simulation {
  tree: VesselTree;
  lumenIndex: LumenIndex;
  physics: PhysicsWorld;
  flow: ContrastFlow;
  dose: DoseTally;
  pose: CArmPose;
  imaging: ImagingSettings;
  beam: BeamRequest;
  /** Which learning aids are showing now. */
  aids: Record<LearningAid, boolean>;
  patientThicknessCm: number;
  /** The exposure while the beam is on, kept in the state so a step allocates nothing. */
  exposure: Exposure;
  stepCount: number;
  events: SimEvent[];
  /**
   * Every command the simulation accepted, with the step it took effect before: with the setup,
   * all a replay needs to re-run the attempt bit for bit (`replay/replay.ts`).
   */
  commands: RecordedCommand[];
  wallForceLimitN: number;
  metrics: HandlingMetrics;
  /** Per device: the vessel its tip is in (segment index, -1 outside or not inserted), and whether its force is over the limit. */
  tipSegment: Int32Array;
  overLimit: Uint8Array;
  /** The leading tip's last four positions sampled at 10 Hz (x, y, z each), newest first, for speed and jerk. */
  tipHistory: Float64Array;
  tipHistoryCount: number;
  /** The particle injection being watched, to log where its particles went when it ends. */
  embolization: EmbolizationWatch;
  /** Clots, passes and a deployed stent retriever (`flow/thrombectomy.ts`). */
  thrombectomy: ThrombectomyState;
  /** Which stent retriever is deployed (catalogue id), '' when none. */
  stentRetrieverId: string;
  /** The balloon guide is inflated: flow arrest for passes. */
  balloonInflated: boolean;
  /** The core's seeded random stream (pass outcomes). */
  random: RandomState;
  /**
   * The largest wall force on any node in each half second (N), for the debrief's force plot;
   * preallocated for the longest attempt (2 h), and the running maximum of the current half second.
   */
  forceTrace: Float32Array;
  forceTraceMaxN: number;
}

export interface RecordedCommand {
  step: number;
  command: SimCommand;
}

export function createSimulation(setup: SimulationSetup): Simulation {
  const { tree } = setup;
  if (!tree.segments.some((segment) => segment.key === setup.accessKey)) {
    throw new Error(
      `${tree.name} has no vessel "${setup.accessKey}" to hold the access sheath, so no devices can go in`,
    );
  }
  const lumenIndex = createLumenIndex(tree);
  const physics = createPhysicsWorld({
    lumen: anatomyLumen(lumenIndex),
    sheath: sheathInAccessVessel(tree, setup.accessKey),
    devices: setup.devices,
  });
  const pose = validateCArmPose(setup.pose ?? defaultCArmPose);
  const simulation: Simulation = {
    tree,
    lumenIndex,
    physics,
    // Murray's law alone starves the arch and visceral branches (flow/resting-flows.ts): resting flows unless the case says otherwise.
    flow: createContrastFlow(tree, {
      ...setup.flow,
      flowShare: { ...restingFlowShares(tree), ...setup.flow?.flowShare },
    }),
    dose: createDoseTally(),
    pose,
    imaging: { ...defaultImagingSettings },
    beam: 'off',
    aids: { 'see-through': false, roadmap: false },
    patientThicknessCm: setup.patientThicknessCm,
    exposure: { mode: 'fluoro', pulsesPerSecond: 7.5, pose, patientThicknessCm: setup.patientThicknessCm },
    stepCount: 0,
    events: [],
    commands: [],
    wallForceLimitN: setup.wallForceLimitN ?? defaultWallForceLimitN,
    metrics: { maxWallForceN: 0, tipPathMm: 0, tipMovingS: 0, tipJerkSquaredSum: 0, tipJerkSamples: 0 },
    tipSegment: new Int32Array(setup.devices.length).fill(-1),
    overLimit: new Uint8Array(setup.devices.length),
    tipHistory: new Float64Array(12),
    tipHistoryCount: 0,
    embolization: createEmbolizationWatch(tree),
    thrombectomy: createThrombectomyState(tree, []),
    stentRetrieverId: '',
    balloonInflated: false,
    random: createRandomState(setup.randomSeed ?? defaultRandomSeed),
    forceTrace: new Float32Array(forceTraceCapacity),
    forceTraceMaxN: 0,
  };
  simulation.thrombectomy = createThrombectomyState(tree, setup.clots ?? [], simulation.flow);
  refreshExposure(simulation);
  return simulation;
}

/**
 * Applies one command; a bad one throws with a message naming the value and leaves the state as
 * it was. An accepted one is recorded (a copy: the caller may reuse its object).
 */
export function applyCommand(simulation: Simulation, command: SimCommand): void {
  executeCommand(simulation, command);
  // Commands are plain data (numbers, strings, nested objects): a JSON round trip is an exact copy.
  simulation.commands.push({ step: simulation.stepCount, command: JSON.parse(JSON.stringify(command)) as SimCommand });
}

function executeCommand(simulation: Simulation, command: SimCommand): void {
  const step = simulation.stepCount;
  switch (command.kind) {
    case 'hub':
      if (
        !Number.isInteger(command.device) ||
        command.device < 0 ||
        command.device >= simulation.physics.devices.length
      )
        throw new Error(
          `hub command for device ${command.device}: there are ${simulation.physics.devices.length} devices`,
        );
      setHubCommand(simulation.physics, command.device, command.command);
      return;
    case 'beam': {
      if (command.beam === simulation.beam) return;
      const was = simulation.beam;
      simulation.beam = command.beam;
      refreshExposure(simulation);
      if (command.beam === 'off') {
        simulation.events.push({ step, kind: 'beam-off' });
        return;
      }
      if (was !== 'off') simulation.events.push({ step, kind: 'beam-off' });
      simulation.events.push({ step, kind: 'beam-on', mode: simulation.exposure.mode });
      if (command.beam === 'acquire') {
        beginAcquisitionRun(simulation.dose);
        simulation.events.push({
          step,
          kind: 'acquisition-run',
          mode: simulation.exposure.mode,
          run: simulation.dose.acquisitionRuns,
        });
      }
      return;
    }
    case 'imaging': {
      const previous = simulation.imaging;
      simulation.imaging = { ...command.settings };
      try {
        refreshExposure(simulation);
        // Check both the fluoroscopy and the acquisition settings, whichever the beam uses now.
        validateExposure(exposureFor(simulation, 'fluoro'));
        validateExposure(exposureFor(simulation, 'acquire'));
      } catch (error) {
        simulation.imaging = previous;
        refreshExposure(simulation);
        throw error;
      }
      return;
    }
    case 'carm':
      simulation.pose = validateCArmPose(command.pose);
      refreshExposure(simulation);
      simulation.events.push({ step, kind: 'carm', pose: simulation.pose });
      return;
    case 'inject': {
      const site = injectionSite(simulation);
      const particles = command.particles;
      startInjection(
        simulation.flow,
        { segmentIndex: site.segmentIndex, arcMm: site.arcMm },
        command.rateMlPerS,
        command.volumeMl,
        particles ? { diameterMm: particles.diameterMm, fraction: particles.mlPerMl } : null,
      );
      // A particle injection this one replaces is logged now (its particles are where they are).
      reportEmbolization(simulation, true);
      simulation.events.push({
        step,
        kind: 'injection',
        rateMlPerS: command.rateMlPerS,
        volumeMl: command.volumeMl,
        vesselKey: simulation.tree.segments[site.segmentIndex]!.key,
        throughDevice: site.deviceId,
        ...(particles ? { particleDiameterMm: particles.diameterMm } : {}),
      });
      if (particles) beginWatch(simulation.embolization, simulation.flow);
      return;
    }
    case 'load-device': {
      loadDevice(simulation.physics, command.deviceId);
      resizeDeviceTracking(simulation);
      const device = simulation.physics.devices.length - 1;
      simulation.events.push({ step, kind: 'device-loaded', device, deviceId: command.deviceId });
      return;
    }
    case 'remove-device': {
      const removed = simulation.physics.devices[command.device]?.rod.device.id;
      removeDevice(simulation.physics, command.device);
      // Tracking of the devices after it moves down with them.
      simulation.tipSegment.copyWithin(command.device, command.device + 1);
      simulation.overLimit.copyWithin(command.device, command.device + 1);
      resizeDeviceTracking(simulation);
      simulation.events.push({ step, kind: 'device-removed', device: command.device, deviceId: removed ?? '' });
      return;
    }
    case 'deploy-coil':
    case 'deploy-stent-retriever':
    case 'resheath-stent-retriever':
    case 'retrieve-stent-retriever':
    case 'aspirate':
    case 'balloon':
      applyTherapyCommand(simulation, command);
      return;
    case 'stop-injection':
      stopInjection(simulation.flow);
      return;
    case 'aid':
      if (command.aid !== 'see-through' && command.aid !== 'roadmap')
        throw new Error(`no learning aid "${String(command.aid)}"`);
      if (simulation.aids[command.aid] === command.on) return;
      simulation.aids[command.aid] = command.on;
      simulation.events.push({ step, kind: 'aid', aid: command.aid, on: command.on });
      return;
  }
}

export function stepSimulation(simulation: Simulation): void {
  const dt = 1 / SIM_STEP_HZ;
  stepPhysics(simulation.physics);
  stepContrastFlow(simulation.flow, dt);
  if (simulation.embolization.watching) reportEmbolization(simulation, false);
  if (simulation.beam !== 'off') accumulateDose(simulation.dose, simulation.exposure, dt);
  simulation.stepCount++;
  trackHandling(simulation, dt);
}

/** Logs where a particle injection's particles went once it has ended (or, `force`, as another replaces it). */
function reportEmbolization(simulation: Simulation, force: boolean): void {
  const report = endedInjectionReport(simulation.embolization, simulation.flow, force);
  if (report) simulation.events.push({ step: simulation.stepCount, kind: 'embolization', ...report });
}

export function simulatedSeconds(simulation: Simulation): number {
  return simulation.stepCount / SIM_STEP_HZ;
}

export function injecting(simulation: Simulation): boolean {
  return injectionActive(simulation.flow);
}

/** Hash of everything that evolves: equal hashes mean bit-identical runs. */
export function simulationStateHash(simulation: Simulation): string {
  const dose = simulation.dose;
  let hash = 0x811c9dc5;
  const view = new DataView(new ArrayBuffer(8));
  for (const value of [
    simulation.stepCount,
    contrastStateHash(simulation.flow),
    dose.referenceAirKermaMGy,
    dose.kermaAreaProductGyCm2,
    dose.fluoroscopyTimeS,
    dose.acquisitionFrames,
    simulation.thrombectomy.passes,
    simulation.thrombectomy.clots.filter((clot) => clot.present).length,
    ...simulation.random,
  ]) {
    view.setFloat64(0, value);
    for (let i = 0; i < 8; i++) hash = Math.imul(hash ^ view.getUint8(i), 0x01000193) >>> 0;
  }
  return `${physicsStateHash(simulation.physics)}-${hash.toString(16).padStart(8, '0')}`;
}

/** The exposure the current pedal and settings give (mode and rate), sharing the state's object. */
function refreshExposure(simulation: Simulation): void {
  const exposure = exposureFor(simulation, simulation.beam === 'acquire' ? 'acquire' : 'fluoro');
  simulation.exposure.mode = exposure.mode;
  simulation.exposure.pulsesPerSecond = exposure.pulsesPerSecond;
  simulation.exposure.pose = simulation.pose;
  simulation.exposure.patientThicknessCm = simulation.patientThicknessCm;
}

function exposureFor(simulation: Simulation, beam: 'fluoro' | 'acquire'): Exposure {
  const imaging = simulation.imaging;
  return beam === 'acquire'
    ? {
        mode: imaging.acquisitionMode,
        pulsesPerSecond: imaging.acquisitionFramesPerSecond,
        pose: simulation.pose,
        patientThicknessCm: simulation.patientThicknessCm,
      }
    : {
        mode: imaging.fluoroscopyMode,
        pulsesPerSecond: imaging.fluoroscopyPulsesPerSecond,
        pose: simulation.pose,
        patientThicknessCm: simulation.patientThicknessCm,
      };
}

const catheterKinds = new Set([
  'diagnostic-catheter',
  'guide-catheter',
  'balloon-guide-catheter',
  'aspiration-catheter',
  'microcatheter',
]);
const nearest = createNearestResult();

/**
 * Where contrast leaves: the tip of the innermost catheter that is in the body (contrast goes
 * through the catheter whose hub the injector is connected to; a wire inside it narrows the
 * lumen but the trainee may still inject), or the sheath's tip through its side arm.
 */
export function injectionSite(simulation: Simulation): { segmentIndex: number; arcMm: number; deviceId: string } {
  const devices = simulation.physics.devices;
  let x = simulation.physics.sheath.point[0]!;
  let y = simulation.physics.sheath.point[1]!;
  let z = simulation.physics.sheath.point[2]!;
  let deviceId = 'sheath';
  for (let d = devices.length - 1; d >= 0; d--) {
    const rod = devices[d]!.rod;
    if (!catheterKinds.has(rod.device.kind) || rod.activeCount === 0) continue;
    x = rod.positions[0]!;
    y = rod.positions[1]!;
    z = rod.positions[2]!;
    deviceId = rod.device.id;
    break;
  }
  if (!nearestCentrelinePoint(simulation.lumenIndex, x, y, z, nearest))
    throw new Error('the injecting catheter tip is not at a finite position');
  return { segmentIndex: nearest.segment, arcMm: nearest.arcMm, deviceId };
}
