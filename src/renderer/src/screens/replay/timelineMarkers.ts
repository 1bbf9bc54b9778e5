import type { AttemptScore } from '../../../../sim/scoring/score.ts';
import type { SimEvent } from '../../../../sim/simulation.ts';
import { SIM_STEP_HZ } from '../../../../sim/version.ts';

export type MarkerKind = 'injection' | 'acquisition' | 'error' | 'aid' | 'device' | 'step' | 'objective';

export interface TimelineMarker {
  step: number;
  label: string;
  kind: MarkerKind;
}

/**
 * The replay's timeline: what happened (injections, runs, aids, a tip into a vessel) from the
 * event log, and how it was judged from the stored score (steps done, objectives met, errors).
 * The score's only error so far, excess wall force, is timed by the wall-force events themselves:
 * one marker for both, labelled as the error with the force the event measured.
 */
export function timelineMarkers(events: readonly SimEvent[], score: AttemptScore): TimelineMarker[] {
  const stepOf = (seconds: number): number => Math.round(seconds * SIM_STEP_HZ);
  // Per step, the forces of its wall-force events (two devices may press at once), taken in order.
  const forcesAt = new Map<number, number[]>();
  for (const event of events) {
    if (event.kind !== 'wall-force') continue;
    const forces = forcesAt.get(event.step);
    if (forces) forces.push(event.forceN);
    else forcesAt.set(event.step, [event.forceN]);
  }
  const markers: TimelineMarker[] = [];
  const errorSteps = new Set<number>();
  for (const error of score.errors) {
    for (const seconds of error.times) {
      const step = stepOf(seconds);
      const forceN = forcesAt.get(step)?.shift();
      errorSteps.add(step);
      const force = forceN === undefined ? '' : ` (${forceN.toFixed(2)} N)`;
      markers.push({ step, label: `Error: ${error.text}${force}`, kind: 'error' });
    }
  }
  for (const event of events) {
    if (event.kind === 'wall-force' && errorSteps.has(event.step)) continue;
    const marker = eventMarker(event);
    if (marker) markers.push({ step: event.step, ...marker });
  }
  for (const phase of score.phases) {
    for (const step of phase.steps) {
      if (step.atS !== null) markers.push({ step: stepOf(step.atS), label: `Step done: ${step.text}`, kind: 'step' });
    }
  }
  for (const objective of score.objectives) {
    if (objective.atS !== null)
      markers.push({ step: stepOf(objective.atS), label: `Objective met: ${objective.text}`, kind: 'objective' });
  }
  // Stable: at one step, errors, then events in log order, then steps and objectives.
  return markers.sort((a, b) => a.step - b.step);
}

function eventMarker(event: SimEvent): { label: string; kind: MarkerKind } | null {
  switch (event.kind) {
    case 'injection':
      return { label: `Injection ${event.rateMlPerS} mL/s × ${event.volumeMl} mL`, kind: 'injection' };
    case 'acquisition-run':
      return { label: `${event.mode.toUpperCase()} run ${event.run}`, kind: 'acquisition' };
    case 'wall-force':
      return { label: `Wall force ${event.forceN.toFixed(2)} N`, kind: 'error' };
    case 'aid':
      return { label: `${event.aid} ${event.on ? 'on' : 'off'}`, kind: 'aid' };
    case 'tip-entered':
      return { label: `${event.deviceId} into ${event.vesselKey}`, kind: 'device' };
    case 'device-loaded':
      return { label: `Loaded ${event.deviceId}`, kind: 'device' };
    case 'device-removed':
      return { label: `Took out ${event.deviceId}`, kind: 'device' };
    case 'coil':
      return { label: `Coil ${event.diameterMm} mm ${event.outcome} (${event.vesselKey})`, kind: 'device' };
    case 'thrombectomy-pass':
      return {
        label: `Pass ${event.pass} (${event.technique}): ${event.captured ? 'retrieved' : 'not retrieved'}, mTICI ${event.tici}`,
        kind: 'device',
      };
    case 'embolization':
      return { label: `Particles lodged (${event.vessels.length} vessels)`, kind: 'injection' };
    default:
      return null;
  }
}
