import type { AttemptScore } from '../../../sim/scoring/score.ts';
import type { SimEvent } from '../../../sim/simulation.ts';
import { SIM_STEP_HZ } from '../../../sim/version.ts';

/** The debrief's plots, read from the attempt's score traces and event log (no drawing here). */

export interface ForcePoint {
  timeS: number;
  forceN: number;
}

/** Largest wall force in each interval of the attempt, or [] for a score stored before traces. */
export function wallForceSeries(score: AttemptScore): ForcePoint[] {
  const traces = score.traces;
  if (!traces) return [];
  return traces.wallForceN.map((forceN, i) => ({ timeS: (i + 1) * traces.intervalS, forceN }));
}

export interface BeamPoint {
  timeS: number;
  /** 1 while the fluoroscopy pedal is down, 1 while an acquisition runs (0 otherwise). */
  fluoroscopy: number;
  acquisition: number;
}

/**
 * The beam as a step series: a point at the start, at every change and at the end, each holding
 * until the next (drawn as steps).
 */
export function beamSeries(events: readonly SimEvent[], durationS: number): BeamPoint[] {
  const points: BeamPoint[] = [{ timeS: 0, fluoroscopy: 0, acquisition: 0 }];
  for (const event of events) {
    const timeS = event.step / SIM_STEP_HZ;
    if (event.kind === 'beam-on') {
      const acquiring = event.mode === 'dsa' || event.mode === 'cine';
      points.push({ timeS, fluoroscopy: acquiring ? 0 : 1, acquisition: acquiring ? 1 : 0 });
    } else if (event.kind === 'beam-off') {
      points.push({ timeS, fluoroscopy: 0, acquisition: 0 });
    }
  }
  const last = points.at(-1)!;
  points.push({ ...last, timeS: Math.max(durationS, last.timeS) });
  return points;
}

export interface InjectionBar {
  label: string;
  timeS: number;
  volumeMl: number;
  rateMlPerS: number;
  vessel: string;
  particles: boolean;
}

/** One bar per injection: when, how much, how fast, where, and whether it carried particles. */
export function injectionBars(events: readonly SimEvent[]): InjectionBar[] {
  const bars: InjectionBar[] = [];
  for (const event of events) {
    if (event.kind !== 'injection') continue;
    const timeS = event.step / SIM_STEP_HZ;
    const minutes = Math.floor(timeS / 60);
    const seconds = Math.floor(timeS % 60);
    bars.push({
      label: `${bars.length + 1} · ${minutes}:${String(seconds).padStart(2, '0')}`,
      timeS,
      volumeMl: event.volumeMl,
      rateMlPerS: event.rateMlPerS,
      vessel: event.vesselKey.replaceAll('-', ' '),
      particles: event.particleDiameterMm !== undefined,
    });
  }
  return bars;
}
