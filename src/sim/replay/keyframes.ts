import type { LumenIndex } from '../anatomy/lumen-index.ts';
import type { VesselTree } from '../anatomy/model.ts';
import type { ContrastFlow } from '../flow/contrast.ts';
import type { LumenField } from '../physics/lumen-field.ts';
import type { PhysicsWorld } from '../physics/world.ts';
import { applyCommand, stepSimulation, type RecordedCommand, type SimEvent, type Simulation } from '../simulation.ts';
import { SIM_STEP_HZ } from '../version.ts';

/**
 * Keyframes for fast seeking in a replay (issue #7): a deep copy of a simulation at a step
 * boundary, taken before that step's recorded commands are applied. Restoring one and applying
 * the commands from `nextCommandIndex` on gives, step for step, the same states as playing the
 * attempt straight from the start (the core is deterministic and its state is plain data).
 *
 * The simulation is plain data (objects, arrays, typed arrays) except what is shared and never
 * changed during a run: the vessel tree (also held by the flow model), the lumen index, and the
 * physics' lumen field (a closure over the index). Those are left out of the copy and put back
 * on restore. The event and command logs only ever grow, and their entries are never changed
 * once pushed, so a keyframe holds the live arrays and their lengths rather than a copy: a
 * restore takes the prefix (a shallow slice). A keyframe then costs the mutable state only,
 * whatever the attempt's length (bench/replay-seek.bench.ts, celiac drill: about 0.6 ms to take
 * and 0.4 MB to keep).
 */
export interface Keyframe {
  /** The step the simulation had reached (`stepCount`) when the copy was taken. */
  step: number;
  /** Index of the first recorded command not yet applied (its step is `step` or later). */
  nextCommandIndex: number;
  /** Everything but the shared members and the logs, deep-copied. Never handed out: restore copies it again. */
  state: DetachedState;
  /** The logs as they were: the arrays the run appends to, and how long they were then. */
  logs: { events: readonly SimEvent[]; eventCount: number; commands: readonly RecordedCommand[]; commandCount: number };
}

/** The members shared by every state of one run, put back on restore. */
export interface SharedRunMembers {
  tree: VesselTree;
  lumenIndex: LumenIndex;
  lumen: LumenField;
}

type DetachedState = Omit<Simulation, 'tree' | 'lumenIndex' | 'physics' | 'flow' | 'events' | 'commands'> & {
  physics: Omit<PhysicsWorld, 'lumen'>;
  flow: Omit<ContrastFlow, 'tree'>;
};

/** Keyframes every five simulated seconds: a backward seek re-simulates at most that much. */
export const defaultKeyframeIntervalSteps = 5 * SIM_STEP_HZ;

export function sharedRunMembers(simulation: Simulation): SharedRunMembers {
  return { tree: simulation.tree, lumenIndex: simulation.lumenIndex, lumen: simulation.physics.lumen };
}

export function takeKeyframe(simulation: Simulation, nextCommandIndex: number): Keyframe {
  // Shallow copies with the shared members left out: the live simulation is never touched.
  const { tree: _tree, lumenIndex: _lumenIndex, physics, flow, events, commands, ...rest } = simulation;
  const { lumen: _lumen, ...physicsRest } = physics;
  const { tree: _flowTree, ...flowRest } = flow;
  const state: DetachedState = deepCopy({ ...rest, physics: physicsRest, flow: flowRest });
  const logs = { events, eventCount: events.length, commands, commandCount: commands.length };
  return { step: simulation.stepCount, nextCommandIndex, state, logs };
}

/** A fresh simulation from the keyframe (a new copy each time: the keyframe can be restored again). */
export function restoreKeyframe(keyframe: Keyframe, shared: SharedRunMembers): Simulation {
  const state = deepCopy(keyframe.state);
  const { logs } = keyframe;
  return {
    ...state,
    events: logs.events.slice(0, logs.eventCount),
    commands: logs.commands.slice(0, logs.commandCount),
    tree: shared.tree,
    lumenIndex: shared.lumenIndex,
    physics: { ...state.physics, lumen: shared.lumen },
    flow: { ...state.flow, tree: shared.tree },
  };
}

/**
 * Keyframes taken as a run passes every `intervalSteps`-th step, in step order. Between
 * boundaries `passKeyframe` only compares two numbers, so the per-step path allocates nothing.
 */
export interface KeyframeTrack {
  intervalSteps: number;
  keyframes: Keyframe[];
}

export function createKeyframeTrack(intervalSteps: number = defaultKeyframeIntervalSteps): KeyframeTrack {
  if (!Number.isInteger(intervalSteps) || intervalSteps < 1)
    throw new Error(`keyframe interval ${intervalSteps} is not a whole number of steps of 1 or more`);
  return { intervalSteps, keyframes: [] };
}

/**
 * Call at each step boundary, before that step's commands are applied (`nextCommandIndex`: the
 * first not yet applied). Takes a keyframe at a boundary the track does not hold yet; a run
 * restored from a keyframe passes boundaries already held, and those are kept as they are.
 */
export function passKeyframe(track: KeyframeTrack, simulation: Simulation, nextCommandIndex: number): void {
  const step = simulation.stepCount;
  if (step % track.intervalSteps !== 0) return;
  const keyframes = track.keyframes;
  const last = keyframes.length > 0 ? keyframes[keyframes.length - 1]!.step : -1;
  if (step <= last) {
    // Held already (a replay re-passes its keyframes after a seek back): the states are equal.
    if (keyframes[indexAtOrBefore(keyframes, step)]?.step === step) return;
    // A gap (a seek far ahead skipped boundaries, then came back): fill it, keeping step order.
    keyframes.splice(indexAtOrBefore(keyframes, step) + 1, 0, takeKeyframe(simulation, nextCommandIndex));
    return;
  }
  keyframes.push(takeKeyframe(simulation, nextCommandIndex));
}

/** The latest keyframe at or before `step`, or null when the track holds none that early. */
export function nearestAtOrBefore(track: KeyframeTrack, step: number): Keyframe | null {
  return track.keyframes[indexAtOrBefore(track.keyframes, step)] ?? null;
}

/**
 * Plays recorded commands forward to the boundary of `targetStep` (commands recorded at
 * `targetStep` itself are left for the caller, as a keyframe leaves them): each step's commands,
 * then the step, exactly as `replaySimulation` does. Keyframes are taken on `track` as boundaries
 * pass. Returns the index of the next command not applied.
 */
export function replayTo(
  simulation: Simulation,
  commands: readonly RecordedCommand[],
  nextCommandIndex: number,
  targetStep: number,
  track: KeyframeTrack | null = null,
): number {
  let next = nextCommandIndex;
  while (simulation.stepCount < targetStep) {
    if (track) passKeyframe(track, simulation, next);
    while (next < commands.length && commands[next]!.step === simulation.stepCount) {
      applyCommand(simulation, commands[next]!.command);
      next++;
    }
    stepSimulation(simulation);
  }
  if (track) passKeyframe(track, simulation, next);
  return next;
}

/**
 * A replay at `targetStep`, from the nearest keyframe at or before it: at most one interval of
 * re-simulation instead of the whole attempt. Null when the track holds no keyframe that early
 * (the caller starts from the setup instead).
 */
export function seekReplay(
  track: KeyframeTrack,
  shared: SharedRunMembers,
  commands: readonly RecordedCommand[],
  targetStep: number,
): { simulation: Simulation; nextCommandIndex: number } | null {
  const keyframe = nearestAtOrBefore(track, targetStep);
  if (!keyframe) return null;
  const simulation = restoreKeyframe(keyframe, shared);
  const nextCommandIndex = replayTo(simulation, commands, keyframe.nextCommandIndex, targetStep, track);
  return { simulation, nextCommandIndex };
}

/** Binary search: index of the last keyframe whose step is at most `step`, -1 if none. */
function indexAtOrBefore(keyframes: readonly Keyframe[], step: number): number {
  let low = 0;
  let high = keyframes.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (keyframes[middle]!.step <= step) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * `structuredClone` keeps typed arrays typed and aliases aliased (the exposure shares the
 * state's pose object, and must again after a restore). Node 17+, every current browser and
 * Web Workers have it; the core's lib types leave it out, so it is looked up here and a runtime
 * without it fails at the first keyframe, saying so.
 */
function deepCopy<T>(value: T): T {
  const clone = (globalThis as { structuredClone?: <V>(value: V) => V }).structuredClone;
  if (typeof clone !== 'function')
    throw new Error(
      'keyframes need structuredClone (Node 17 or later, or a current browser), which this runtime lacks',
    );
  return clone(value);
}
