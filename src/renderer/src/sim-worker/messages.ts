import type { VesselTree } from '../../../sim/anatomy/model.ts';
import type { DeviceKind } from '../../../sim/devices/catalogue.ts';
import type { ContrastFlowOptions } from '../../../sim/flow/contrast.ts';
import type { CArmPose } from '../../../sim/imaging/carm.ts';
import type { DoseTally, ExposureMode } from '../../../sim/imaging/dose.ts';
import type { DeviceLoad } from '../../../sim/physics/world.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import type { BeamRequest, ImagingSettings, RecordedCommand, SimCommand } from '../../../sim/simulation.ts';

/**
 * The messages between the cath lab and the live simulation worker (`simWorker.ts`), in one
 * module both sides import. Both ends run in the renderer process, so these are types only:
 * nothing here crosses a trust boundary.
 */

/** The default stack: a 5F vertebral catheter in the sheath, a 0.035" angled hydrophilic wire loaded through it. */
export const defaultDeviceStack: readonly DeviceLoad[] = [
  { deviceId: 'catheter-5f-vertebral', through: -1 },
  { deviceId: 'wire-035-angled-hydrophilic', through: 0 },
];

/** Where the sheath goes: the right common femoral artery, the usual arterial access. */
export const defaultAccessVessel = 'right-common-femoral';

export type SimRequest =
  /** A fresh world: this tree, a sheath in `accessKey`, these devices with nothing inserted. */
  | {
      kind: 'load';
      generation: number;
      tree: VesselTree;
      accessKey: string;
      devices: readonly DeviceLoad[];
      patientThicknessCm: number;
      /** The case's pathology as the flow model takes it (clots, bleeding points). */
      flow: ContrastFlowOptions;
      /** The case on the table (null in free practice): its objectives are tracked as the attempt goes. */
      scenario: Scenario | null;
      wallForceLimitN?: number;
      /** A recorded attempt to play back instead of live commands (the replay player). */
      script?: { commands: RecordedCommand[]; totalSteps: number };
      /** An attempt carried on after a crash: its saved commands are re-simulated to `steps`, then it goes live. */
      resume?: { commands: RecordedCommand[]; steps: number };
    }
  /** The commands recorded from `fromIndex` on and the step reached (the attempt's checkpoints). */
  | { kind: 'commands-since'; fromIndex: number }
  /** Playback speed of a script (0.25–8 × real time). */
  | { kind: 'rate'; rate: number }
  /** Jump a script to a step: from the nearest keyframe at or before it (one every 5 s), or by simulating on. */
  | { kind: 'seek'; step: number }
  /** A device-independent command (hub, pedals, C-arm, injector): what replays will record. */
  | { kind: 'command'; command: SimCommand }
  /** Stop or restart the clock (the case is paused: nothing moves, no dose, no flow). */
  | { kind: 'pause'; paused: boolean }
  /** End the attempt: the worker scores it against the case and hands back what was recorded. */
  | { kind: 'finish'; scenario: Scenario }
  /** A frame's buffers, read and handed back for reuse. */
  | { kind: 'recycle'; buffers: ArrayBuffer[] };

export interface DeviceDescription {
  deviceId: string;
  /** The device it is loaded through (index in the stack), -1 for the sheath. */
  through: number;
  name: string;
  kind: DeviceKind;
  radiusMm: number;
  /** Nodes along the whole device: the most a frame's positions can hold. */
  nodeCount: number;
}

export interface DeviceFrame {
  /** x,y,z of the nodes inside the body, tip first, patient LPS (mm). Transferred. */
  positions: Float32Array;
  activeCount: number;
  insertedMm: number;
  /** Accumulated hub rotation (degrees); positive clockwise seen from the operator. */
  hubAngleDeg: number;
}

/** The imaging side of a frame: beam, dose, contrast in the vessels and tissues. */
export interface ImagingFrame {
  beam: BeamRequest;
  /** The exposure mode while the beam is on (what the pedal and settings give). */
  mode: ExposureMode;
  pulsesPerSecond: number;
  pose: CArmPose;
  settings: ImagingSettings;
  dose: DoseTally;
  contrastInjectedMl: number;
  injecting: boolean;
  simulatedS: number;
  /** Contrast concentration at every centreline sample, segments in tree order. Transferred. */
  concentrations: Float32Array;
  /** Per segment: its territory's tissue concentration (blush). Transferred. */
  territory: Float32Array;
  /** Contrast pooled outside the lumen at bleeding points. */
  pools: { centreLps: [number, number, number]; volumeMl: number; concentration: number }[];
  /** Coil masses packed in the vessels (platinum: they show on every image). */
  coils: { centreLps: [number, number, number]; radiusMm: number; packing: number }[];
}

/** Where the treatment stands: passes and reperfusion, the balloon, particles and coils. */
export interface TherapyFrame {
  /** Thrombectomy passes made (stent retriever or aspiration). */
  passes: number;
  /** The last pass's outcome as the core words it, '' before the first. */
  lastPass: string;
  /** Per clot of the case, in its order: the mTICI grade of its territory now. */
  tici: string[];
  balloonInflated: boolean;
  stentRetrieverDeployed: boolean;
  /** Particles delivered from the tip, and of them refluxed up the vessel (mL). */
  particlesMl: number;
  particlesRefluxedMl: number;
  coils: number;
  /** Where the last coil went ("packed in the splenic"), '' before the first. */
  lastCoil: string;
}

export const noTherapy: TherapyFrame = {
  passes: 0,
  lastPass: '',
  tici: [],
  balloonInflated: false,
  stentRetrieverDeployed: false,
  particlesMl: 0,
  particlesRefluxedMl: 0,
  coils: 0,
  lastCoil: '',
};

export type SimResponse =
  /** The world is built; `sheathTipLps` is where devices come out of the sheath (patient LPS, mm). */
  | { kind: 'ready'; generation: number; devices: DeviceDescription[]; sheathTipLps: [number, number, number] }
  | {
      kind: 'frame';
      generation: number;
      stepCount: number;
      devices: DeviceFrame[];
      imaging: ImagingFrame;
      /** Per objective of the case, whether it has been met (empty in free practice). */
      objectivesMet: boolean[];
      /** Per step of the case's phases, in order, whether it is done (empty in free practice). */
      stepsDone: boolean[];
      /** The treatment state when it changed since the last frame, else null. */
      therapy: TherapyFrame | null;
    }
  /** The attempt as recorded, and the score the workstation computed for it (the main process checks it). */
  | {
      kind: 'finished';
      generation: number;
      commands: RecordedCommand[];
      totalSteps: number;
      claimed: { total: number; passed: boolean };
    }
  /** Commands recorded from `fromIndex` on, and the step the simulation has reached. */
  | { kind: 'commands'; generation: number; fromIndex: number; commands: RecordedCommand[]; steps: number }
  /** A command the simulation refused (a bad injector volume, a C-arm angle out of range). */
  | { kind: 'refused'; generation: number; message: string }
  | { kind: 'error'; generation: number; message: string };
