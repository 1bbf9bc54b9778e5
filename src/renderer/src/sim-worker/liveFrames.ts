import {
  noTherapy,
  type DeviceDescription,
  type DeviceFrame,
  type ImagingFrame,
  type TherapyFrame,
} from './messages.ts';

/**
 * The latest two frames of each device, kept outside React: the worker's messages write here,
 * the 3D view reads here every animation frame and interpolates, and listeners (the 3D view's
 * invalidate, the device table's text) are told when a frame lands. Buffers are allocated once
 * per device stack.
 */
export interface LiveDeviceFrames {
  description: DeviceDescription;
  previous: Float32Array;
  current: Float32Array;
  previousCount: number;
  currentCount: number;
  /** When each frame arrived (ms, `performance.now()`). */
  previousAtMs: number;
  currentAtMs: number;
  insertedMm: number;
  hubAngleDeg: number;
}

export interface LiveFrames {
  devices: LiveDeviceFrames[];
  /** Where devices leave the sheath (patient LPS, mm). */
  sheathTipLps: readonly [number, number, number];
  /** The latest beam, dose and contrast state, or null before the first frame. */
  imaging: ImagingFrame | null;
  /** Per objective of the case on the table, whether it has been met. */
  objectivesMet: boolean[];
  /** Per step of the case's phases, in order, whether it is done. */
  stepsDone: boolean[];
  /** Where the treatment stands (replaced, never mutated, when it changes). */
  therapy: TherapyFrame;
  listeners: Set<() => void>;
}

export function createLiveFrames(
  descriptions: readonly DeviceDescription[],
  sheathTipLps: readonly [number, number, number],
): LiveFrames {
  return {
    sheathTipLps,
    devices: descriptions.map((description) => ({
      description,
      previous: new Float32Array(3 * description.nodeCount),
      current: new Float32Array(3 * description.nodeCount),
      previousCount: 0,
      currentCount: 0,
      previousAtMs: -Infinity,
      currentAtMs: -Infinity,
      insertedMm: 0,
      hubAngleDeg: 0,
    })),
    imaging: null,
    objectivesMet: [],
    stepsDone: [],
    therapy: noTherapy,
    listeners: new Set(),
  };
}

/**
 * Takes a frame in: the current becomes the previous, the frame's numbers become the current.
 * Returns the imaging frame it replaced, whose buffers can go back to the worker.
 */
export function receiveFrame(
  frames: LiveFrames,
  devices: readonly DeviceFrame[],
  imaging: ImagingFrame,
  nowMs: number,
): ImagingFrame | null {
  const replaced = frames.imaging;
  frames.imaging = imaging;
  for (let d = 0; d < frames.devices.length && d < devices.length; d++) {
    const state = frames.devices[d]!;
    const frame = devices[d]!;
    const older = state.previous;
    state.previous = state.current;
    state.previousCount = state.currentCount;
    state.previousAtMs = state.currentAtMs;
    state.current = older;
    const count = Math.min(frame.activeCount, state.description.nodeCount);
    state.current.set(frame.positions.subarray(0, 3 * count));
    state.currentCount = count;
    state.currentAtMs = nowMs;
    state.insertedMm = frame.insertedMm;
    state.hubAngleDeg = frame.hubAngleDeg;
  }
  for (const listener of frames.listeners) listener();
  return replaced;
}

/** Longest gap (ms) between two frames still worth interpolating across; after a pause, snap. */
const maxInterpolatedGapMs = 100;

/**
 * Writes the device's nodes as shown at `nowMs` into `out` and returns how many: one frame
 * interval behind the worker, blended from the previous frame to the current. Nodes are material
 * points, so node k is the same bit of device in both frames; nodes only the current frame has
 * (just inserted) are taken from it. Returns the blend weight too, so the caller knows whether
 * another animation frame is needed.
 */
export function interpolatedNodes(
  state: LiveDeviceFrames,
  nowMs: number,
  out: Float32Array,
): { count: number; blend: number } {
  const gap = state.currentAtMs - state.previousAtMs;
  const blend = gap > 0 && gap <= maxInterpolatedGapMs ? Math.min(1, (nowMs - state.currentAtMs) / gap) : 1;
  const count = state.currentCount;
  const shared = 3 * Math.min(count, state.previousCount);
  const previous = state.previous;
  const current = state.current;
  for (let i = 0; i < shared; i++) out[i] = previous[i]! + (current[i]! - previous[i]!) * blend;
  for (let i = shared; i < 3 * count; i++) out[i] = current[i]!;
  interpolation.count = count;
  interpolation.blend = blend;
  return interpolation;
}

/** Reused result of `interpolatedNodes` (read it before the next call). */
const interpolation = { count: 0, blend: 1 };
