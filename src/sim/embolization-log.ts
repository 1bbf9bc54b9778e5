import { injectionActive, type ContrastFlow } from './flow/contrast.ts';
import { segmentParticlesMl } from './flow/embolics.ts';
import type { VesselTree } from './anatomy/model.ts';

/**
 * Where each particle injection put its particles, for the event log: when an injection carrying
 * particles ends (delivered, stopped, or replaced by another), one event lists every vessel whose
 * particle load grew, with how much, and what refluxed. Scoring reads non-target embolization
 * from these events (and stasis from the flow at the end).
 */
export interface EmbolizationWatch {
  /** A particle injection is running and not yet reported. */
  watching: boolean;
  /** Per segment: its particle load (mL) when that injection began. */
  loadAtStart: Float64Array;
  refluxedAtStart: number;
}

export interface EmbolizationReport {
  vessels: { vesselKey: string; ml: number }[];
  refluxedMl: number;
}

export function createEmbolizationWatch(tree: VesselTree): EmbolizationWatch {
  return { watching: false, loadAtStart: new Float64Array(tree.segments.length), refluxedAtStart: 0 };
}

/** Call as a particle injection starts (after reporting any running one). */
export function beginWatch(watch: EmbolizationWatch, flow: ContrastFlow): void {
  for (let s = 0; s < watch.loadAtStart.length; s++) {
    watch.loadAtStart[s] = segmentParticlesMl(flow.network, flow.embolic, s);
  }
  watch.refluxedAtStart = flow.embolic.particlesRefluxedMl;
  watch.watching = true;
}

/**
 * The report of the watched injection if it has ended (or `force`: another replaces it), else
 * null. Allocates only when it reports.
 */
export function endedInjectionReport(
  watch: EmbolizationWatch,
  flow: ContrastFlow,
  force = false,
): EmbolizationReport | null {
  if (!watch.watching || (!force && injectionActive(flow))) return null;
  watch.watching = false;
  const vessels: EmbolizationReport['vessels'] = [];
  for (let s = 0; s < watch.loadAtStart.length; s++) {
    const gained = segmentParticlesMl(flow.network, flow.embolic, s) - watch.loadAtStart[s]!;
    if (gained > 1e-6) vessels.push({ vesselKey: flow.tree.segments[s]!.key, ml: gained });
  }
  return { vessels, refluxedMl: flow.embolic.particlesRefluxedMl - watch.refluxedAtStart };
}
