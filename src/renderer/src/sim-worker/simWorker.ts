import { totalSampleCount } from '../../../sim/flow/contrast.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import { scoreAttempt } from '../../../sim/scoring/score.ts';
import { SIM_STEP_HZ } from '../../../sim/version.ts';
import {
  createKeyframeTrack,
  nearestAtOrBefore,
  passKeyframe,
  seekReplay,
  sharedRunMembers,
  type KeyframeTrack,
  type SharedRunMembers,
} from '../../../sim/replay/keyframes.ts';
import { ticiGrade } from '../../../sim/flow/thrombectomy.ts';
import { applyCommand, stepSimulation, type RecordedCommand, type Simulation } from '../../../sim/simulation.ts';
import {
  advanceLiveWorld,
  createLiveWorld,
  describeDevices,
  deviceFrame,
  imagingFrame,
  type LiveWorld,
} from './liveWorld.ts';
import type { DeviceFrame, SimRequest, SimResponse, TherapyFrame } from './messages.ts';

/**
 * The live simulation worker: owns the Simulation of the patient on the table, steps it at the
 * core's fixed rate from the wall time that passes here, applies commands as they arrive and
 * posts frames (device positions in patient LPS, contrast concentrations, beam and dose) about
 * 60 times a second, their buffers transferred. Frames are posted only when something moved,
 * the beam is on or contrast is in the patient, so a still scene costs the page nothing; the
 * page hands buffers back (`recycle`) so frames allocate nothing once warm.
 */

/** The part of a dedicated worker's global scope used here (the DOM lib types `self` as a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<SimRequest>) => void) | null;
  postMessage(message: SimResponse, options: { transfer: Transferable[] }): void;
}

const scope = self as unknown as WorkerScope;
const tickMs = 1000 / 60;
/** Smallest node movement (mm) worth a new frame. */
const stillToleranceMm = 0.05;

let live: LiveWorld | null = null;
let scenario: Scenario | null = null;
/** The case's objectives as last scored (re-scored about once a second: scoring reads the whole log). */
let objectivesMet: boolean[] = [];
let stepsDone: boolean[] = [];
let lastScoredStep = -Infinity;
/** The treatment state as last posted (null: post it with the next frame), and the step it was read at. */
let therapyPosted: TherapyFrame | null = null;
let lastTherapyStep = -Infinity;
/** How far the event log has been read for coils, and the last coil found. */
let coilScan = { next: 0, lastCoil: '' };
/** A paused case: the clock does not advance. */
let paused = false;
/** Playing back a recorded attempt: its commands, where it has got to, and the speed. */
let script: { commands: RecordedCommand[]; totalSteps: number; next: number; rate: number } | null = null;
/**
 * Keyframes of the script as played so far (every 5 simulated seconds), so a seek re-simulates
 * at most one interval; and the members every state of the run shares, put back on restore.
 */
let keyframes: { track: KeyframeTrack; shared: SharedRunMembers } | null = null;
let generation = 0;
let lastTickMs = 0;
let timer: ReturnType<typeof setInterval> | null = null;
/** Per device: the state last posted, to tell whether anything moved since. */
/** Commands applied since the last frame: the page must hear of a pedal or setting at once. */
let commandsSincePost = 0;
/** Whether the last frame posted showed contrast anywhere: keep posting until it has washed out. */
let contrastShown = false;
let sampleTotal = 0;
let segmentTotal = 0;
let posted: { positions: Float64Array; activeCount: number; insertedMm: number; hubAngleDeg: number }[] = [];
const spareBuffers: Float32Array[] = [];

scope.onmessage = (event) => {
  const request = event.data;
  switch (request.kind) {
    case 'load':
      load(request.generation, request);
      break;
    case 'rate':
      if (script) script.rate = Math.min(8, Math.max(0.25, request.rate));
      break;
    case 'seek':
      seek(request.step);
      break;
    case 'command':
      if (!live || script) break;
      try {
        applyCommand(live.simulation, request.command);
        commandsSincePost++;
        announceIfStackChanged();
      } catch (error) {
        scope.postMessage(
          { kind: 'refused', generation, message: error instanceof Error ? error.message : String(error) },
          { transfer: [] },
        );
      }
      break;
    case 'commands-since':
      if (!live) break;
      scope.postMessage(
        {
          kind: 'commands',
          generation,
          fromIndex: request.fromIndex,
          commands: live.simulation.commands.slice(request.fromIndex),
          steps: live.simulation.stepCount,
        },
        { transfer: [] },
      );
      break;
    case 'pause':
      paused = request.paused;
      lastTickMs = performance.now();
      break;
    case 'finish': {
      if (!live) break;
      const simulation = live.simulation;
      const score = scoreAttempt(request.scenario, simulation);
      paused = true;
      scope.postMessage(
        {
          kind: 'finished',
          generation,
          commands: simulation.commands,
          totalSteps: simulation.stepCount,
          claimed: { total: score.total, passed: score.passed },
        },
        { transfer: [] },
      );
      break;
    }
    case 'recycle':
      for (const buffer of request.buffers) if (spareBuffers.length < 24) spareBuffers.push(new Float32Array(buffer));
      break;
  }
};

function load(id: number, request: Extract<SimRequest, { kind: 'load' }>): void {
  generation = id;
  live = null;
  paused = false;
  script = request.script ? { ...request.script, next: 0, rate: script?.rate ?? 1 } : null;
  keyframes = null;
  if (timer !== null) clearInterval(timer);
  timer = null;
  try {
    live = createLiveWorld(
      request.tree,
      request.accessKey,
      request.devices,
      request.patientThicknessCm,
      request.flow,
      request.wallForceLimitN,
    );
    scenario = request.scenario;
    objectivesMet = scenario ? scenario.objectives.map(() => false) : [];
    stepsDone = scenario ? scenario.phases.flatMap((phase) => phase.steps.map(() => false)) : [];
    lastScoredStep = -Infinity;
    resetTherapyReadout();
    sampleTotal = totalSampleCount(request.tree);
    segmentTotal = request.tree.segments.length;
    // Played back: keep keyframes as the script passes them, the start among them (not for a
    // resumed attempt, which goes live).
    if (script) {
      keyframes = { track: createKeyframeTrack(), shared: sharedRunMembers(live.simulation) };
      passKeyframe(keyframes.track, live.simulation, 0);
    }
  } catch (error) {
    scope.postMessage(
      { kind: 'error', generation, message: error instanceof Error ? error.message : String(error) },
      { transfer: [] },
    );
    return;
  }
  if (request.resume) {
    // Carry on an attempt after a crash: re-simulate what was saved (the core is deterministic,
    // so this is the attempt exactly as it was at its last checkpoint), then go live.
    script = { commands: request.resume.commands, totalSteps: request.resume.steps, next: 0, rate: 1 };
    while (playStep()) {
      /* fast-forward */
    }
    script = null;
  }
  announceDevices();
  lastTickMs = performance.now();
  timer = setInterval(tick, tickMs);
  postFrame();
}

/** The stack the page was last told about (`PhysicsWorld.stackChanges`). */
let announcedStack = -1;

/**
 * Tells the page which devices are in the stack (a 'ready' for the same patient): at load, and
 * whenever a load, a removal or a restored keyframe changed the stack. The page builds its
 * frames for these devices; the patient, the flow and the dose carry on.
 */
function announceDevices(): void {
  const physics = live!.simulation.physics;
  announcedStack = physics.stackChanges;
  posted = physics.devices.map(({ rod }) => ({
    positions: new Float64Array(3 * rod.nodeCount),
    activeCount: -1,
    insertedMm: NaN,
    hubAngleDeg: NaN,
  }));
  const tip = physics.sheath.point;
  scope.postMessage(
    {
      kind: 'ready',
      generation,
      devices: describeDevices(physics),
      sheathTipLps: [tip[0]!, tip[1]!, tip[2]!],
    },
    { transfer: [] },
  );
}

function announceIfStackChanged(): void {
  if (live && live.simulation.physics.stackChanges !== announcedStack) announceDevices();
}

function tick(): void {
  if (!live) return;
  const now = performance.now();
  const elapsedS = (now - lastTickMs) / 1000;
  const steps = paused ? 0 : script ? advanceScript(elapsedS * script.rate) : advanceLiveWorld(live, elapsedS);
  lastTickMs = now;
  announceIfStackChanged();
  const simulation = live.simulation;
  const imaging = simulation.beam !== 'off' || contrastShown || simulation.flow.contrastInjectedMl > 0;
  if (commandsSincePost > 0 || (steps > 0 && (imaging || moved()))) postFrame();
}

function moved(): boolean {
  const devices = live!.simulation.physics.devices;
  for (let d = 0; d < devices.length; d++) {
    const rod = devices[d]!.rod;
    const last = posted[d]!;
    if (rod.activeCount !== last.activeCount || rod.insertedMm !== last.insertedMm) return true;
    if (Math.abs((rod.hubAngle * 180) / Math.PI - last.hubAngleDeg) > 0.01) return true;
    for (let i = 0; i < 3 * rod.activeCount; i++) {
      if (Math.abs(rod.positions[i]! - last.positions[i]!) > stillToleranceMm) return true;
    }
  }
  return false;
}

function postFrame(): void {
  const simulation = live!.simulation;
  const world = simulation.physics;
  const frames: DeviceFrame[] = [];
  const transfer: ArrayBuffer[] = [];
  for (let d = 0; d < world.devices.length; d++) {
    const frame = deviceFrame(world, d, takeSpare(3 * world.devices[d]!.rod.nodeCount));
    frames.push(frame);
    transfer.push(frame.positions.buffer as ArrayBuffer);
    const rod = world.devices[d]!.rod;
    const last = posted[d]!;
    last.positions.set(rod.positions.subarray(0, 3 * rod.activeCount));
    last.activeCount = rod.activeCount;
    last.insertedMm = rod.insertedMm;
    last.hubAngleDeg = frame.hubAngleDeg;
  }
  const imaging = imagingFrame(
    simulation,
    takeSpare(sampleTotal) ?? new Float32Array(sampleTotal),
    takeSpare(segmentTotal) ?? new Float32Array(segmentTotal),
  );
  contrastShown = imaging.concentrations.some((c) => c > 1e-4) || imaging.territory.some((c) => c > 1e-4);
  contrastShown ||= imaging.pools.some((pool) => pool.concentration > 1e-4);
  transfer.push(imaging.concentrations.buffer as ArrayBuffer, imaging.territory.buffer as ArrayBuffer);
  // Read a few times a second while particles flow, and at once after a command (a coil, a pass).
  let therapy: TherapyFrame | null = null;
  if (commandsSincePost > 0 || simulation.stepCount - lastTherapyStep >= SIM_STEP_HZ / 4) {
    lastTherapyStep = simulation.stepCount;
    const now = therapyFrame(simulation);
    if (!therapyPosted || !sameTherapy(therapyPosted, now)) therapy = therapyPosted = now;
  }
  commandsSincePost = 0;
  if (scenario && simulation.stepCount - lastScoredStep >= SIM_STEP_HZ) {
    lastScoredStep = simulation.stepCount;
    const score = scoreAttempt(scenario, simulation);
    objectivesMet = score.objectives.map((objective) => objective.met);
    stepsDone = score.phases.flatMap((phase) => phase.steps.map((step) => step.done));
  }
  scope.postMessage(
    {
      kind: 'frame',
      generation,
      stepCount: simulation.stepCount,
      devices: frames,
      imaging,
      objectivesMet,
      stepsDone,
      therapy,
    },
    { transfer },
  );
}

/** Plays `seconds` of the script (at most a quarter second of simulation per tick), stopping at its end. */
function advanceScript(seconds: number): number {
  const steps = Math.min(Math.floor(seconds * SIM_STEP_HZ + 0.5), SIM_STEP_HZ / 4);
  let taken = 0;
  while (taken < steps && playStep()) taken++;
  return taken;
}

/** One step of the script: its commands for this step, then the step. False at the end. */
function playStep(): boolean {
  const simulation = live!.simulation;
  const played = script!;
  if (simulation.stepCount >= played.totalSteps) return false;
  // A number compared per step; a copy only at each interval's boundary, and only the first time past it.
  if (keyframes) passKeyframe(keyframes.track, simulation, played.next);
  while (played.next < played.commands.length && played.commands[played.next]!.step === simulation.stepCount) {
    applyCommand(simulation, played.commands[played.next]!.command);
    played.next++;
    commandsSincePost++;
  }
  stepSimulation(simulation);
  return true;
}

/**
 * Jumps the script to `step`. Back in time, or ahead past a keyframe already taken, the nearest
 * keyframe at or before the target is restored (the track always holds the start) and the script
 * re-simulated from there, at most one interval; otherwise it simulates on, keeping keyframes as
 * it passes them.
 */
function seek(step: number): void {
  if (!live || !script || !keyframes) return;
  const target = Math.max(0, Math.min(script.totalSteps, Math.round(step)));
  const current = live.simulation.stepCount;
  const keyframe = nearestAtOrBefore(keyframes.track, target);
  if (keyframe && (target < current || keyframe.step > current)) {
    const sought = seekReplay(keyframes.track, keyframes.shared, script.commands, target)!;
    live.simulation = sought.simulation;
    script.next = sought.nextCommandIndex;
    lastScoredStep = -Infinity;
  }
  // A restored keyframe has a shorter log: read the treatment again from the start.
  resetTherapyReadout();
  while (live.simulation.stepCount < target && playStep()) {
    /* fast-forward */
  }
  lastTickMs = performance.now();
  commandsSincePost++;
  announceIfStackChanged();
  postFrame();
}

function resetTherapyReadout(): void {
  therapyPosted = null;
  lastTherapyStep = -Infinity;
  coilScan = { next: 0, lastCoil: '' };
}

/**
 * The treatment state for the cath lab's readout. The log is read on from where the last call
 * stopped (it only grows between resets), so a long attempt costs no more per read.
 */
function therapyFrame(simulation: Simulation): TherapyFrame {
  const { thrombectomy, flow, events } = simulation;
  for (; coilScan.next < events.length; coilScan.next++) {
    const event = events[coilScan.next]!;
    if (event.kind !== 'coil') continue;
    coilScan.lastCoil = `${coilPlaces[event.outcome]} the ${event.vesselKey.replaceAll('-', ' ')}`;
  }
  const tici: string[] = [];
  thrombectomy.clots.forEach((clot, i) => {
    // The case's own clots; a fragment (`fromClot` ≥ 0) counts in the grade of the clot it broke from.
    if (clot.fromClot < 0) tici.push(ticiGrade(thrombectomy, flow, i));
  });
  return {
    passes: thrombectomy.passes,
    lastPass: thrombectomy.lastOutcome,
    tici,
    balloonInflated: simulation.balloonInflated,
    stentRetrieverDeployed: thrombectomy.stentRetriever !== null,
    particlesMl: flow.embolic.particlesDeliveredMl,
    particlesRefluxedMl: flow.embolic.particlesRefluxedMl,
    coils: flow.embolic.coilsDeployed,
    lastCoil: coilScan.lastCoil,
  };
}

const coilPlaces = { packed: 'packed in', migrated: 'migrated to', herniated: 'herniated into' } as const;

function sameTherapy(a: TherapyFrame, b: TherapyFrame): boolean {
  return (
    a.passes === b.passes &&
    a.lastPass === b.lastPass &&
    a.tici.length === b.tici.length &&
    a.tici.every((grade, i) => grade === b.tici[i]) &&
    a.balloonInflated === b.balloonInflated &&
    a.stentRetrieverDeployed === b.stentRetrieverDeployed &&
    // Hundredths of a mL: what the readout shows.
    Math.round(a.particlesMl * 100) === Math.round(b.particlesMl * 100) &&
    Math.round(a.particlesRefluxedMl * 100) === Math.round(b.particlesRefluxedMl * 100) &&
    a.coils === b.coils &&
    a.lastCoil === b.lastCoil
  );
}

/** A recycled buffer of exactly `length` (devices' and contrast arrays each have their own size). */
function takeSpare(length: number): Float32Array | undefined {
  const index = spareBuffers.findIndex((buffer) => buffer.length === length);
  return index < 0 ? undefined : spareBuffers.splice(index, 1)[0];
}
