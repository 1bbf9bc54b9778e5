import { segmentAt } from './anatomy/lumen-queries.ts';
import type { Simulation } from './simulation.ts';
import { SIM_STEP_HZ } from './version.ts';

/**
 * What the simulation watches of the hands after every step, for the log and the score: which
 * vessel each device's tip is in, wall force against the case's limit, a trace of the largest
 * wall force, and the leading tip's path, speed and jerk. Allocation-free per step.
 */

/** Samples per second of `forceTrace`. */
export const forceTraceHz = 2;
export const forceTraceCapacity = 2 * 3600 * forceTraceHz;

/**
 * After each step: which vessel each tip is in (an event when it changes), wall force against
 * the limit (an event when it crosses it; re-armed below 80% of it), and the leading tip's path,
 * speed and jerk.
 */
export function trackHandling(simulation: Simulation, dt: number): void {
  const { physics, metrics, tree } = simulation;
  const step = simulation.stepCount;
  for (let d = 0; d < physics.devices.length; d++) {
    const rod = physics.devices[d]!.rod;
    let segment = -1;
    let force = 0;
    if (rod.activeCount > 0) {
      segment = segmentAt(simulation.lumenIndex, rod.positions[0]!, rod.positions[1]!, rod.positions[2]!);
      for (let k = 0; k < rod.activeCount; k++) force = Math.max(force, rod.wallForce[k]!);
    }
    if (segment >= 0 && segment !== simulation.tipSegment[d]) {
      simulation.events.push({
        step,
        kind: 'tip-entered',
        device: d,
        deviceId: rod.device.id,
        vesselKey: tree.segments[segment]!.key,
      });
    }
    if (segment >= 0) simulation.tipSegment[d] = segment;
    metrics.maxWallForceN = Math.max(metrics.maxWallForceN, force);
    simulation.forceTraceMaxN = Math.max(simulation.forceTraceMaxN, force);
    if (force > simulation.wallForceLimitN && simulation.overLimit[d] === 0) {
      simulation.overLimit[d] = 1;
      const where = simulation.tipSegment[d]!;
      simulation.events.push({
        step,
        kind: 'wall-force',
        device: d,
        deviceId: rod.device.id,
        vesselKey: where >= 0 ? tree.segments[where]!.key : 'outside',
        forceN: force,
      });
    } else if (force < 0.8 * simulation.wallForceLimitN) simulation.overLimit[d] = 0;
  }
  if (step % (SIM_STEP_HZ / forceTraceHz) === 0) {
    const sample = step / (SIM_STEP_HZ / forceTraceHz) - 1;
    if (sample < simulation.forceTrace.length) simulation.forceTrace[sample] = simulation.forceTraceMaxN;
    simulation.forceTraceMaxN = 0;
  }
  // The leading device: the innermost one in the body.
  let lead = -1;
  for (let d = physics.devices.length - 1; d >= 0; d--) {
    if (physics.devices[d]!.rod.activeCount > 0) {
      lead = d;
      break;
    }
  }
  if (lead < 0 || step % tipSampleSteps !== 0) return;
  // Sampled at 10 Hz: the hand's motion, not the solver's node-scale settling from step to step.
  const rod = physics.devices[lead]!.rod;
  const history = simulation.tipHistory;
  history.copyWithin(3, 0, 9);
  history[0] = rod.positions[0]!;
  history[1] = rod.positions[1]!;
  history[2] = rod.positions[2]!;
  simulation.tipHistoryCount = Math.min(4, simulation.tipHistoryCount + 1);
  const h = tipSampleSteps * dt;
  if (simulation.tipHistoryCount >= 2) {
    const moved = Math.hypot(history[0]! - history[3]!, history[1]! - history[4]!, history[2]! - history[5]!);
    metrics.tipPathMm += moved;
    if (moved / h > 1) metrics.tipMovingS += h;
  }
  if (simulation.tipHistoryCount === 4) {
    // Third difference of position: jerk ≈ (p0 − 3p1 + 3p2 − p3) / h³.
    let squared = 0;
    for (let k = 0; k < 3; k++) {
      const third = history[k]! - 3 * history[3 + k]! + 3 * history[6 + k]! - history[9 + k]!;
      squared += (third / (h * h * h)) ** 2;
    }
    metrics.tipJerkSquaredSum += squared;
    metrics.tipJerkSamples++;
  }
}

/** Steps between samples of the leading tip for path, speed and jerk (10 Hz at 120 Hz). */
const tipSampleSteps = SIM_STEP_HZ / 10;

/** Per-device tracking arrays sized to the stack after a load or removal (new entries: not inside, not over). */
export function resizeDeviceTracking(simulation: Simulation): void {
  const count = simulation.physics.devices.length;
  if (simulation.tipSegment.length === count) return;
  const tip = new Int32Array(count).fill(-1);
  tip.set(simulation.tipSegment.subarray(0, Math.min(count, simulation.tipSegment.length)));
  const over = new Uint8Array(count);
  over.set(simulation.overLimit.subarray(0, Math.min(count, simulation.overLimit.length)));
  simulation.tipSegment = tip;
  simulation.overLimit = over;
}
