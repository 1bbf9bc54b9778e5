import type { VesselTree } from '../anatomy/model.ts';
import type { ContrastFlow } from '../flow/contrast.ts';
import { ticiGrade, type ThrombectomyState } from '../flow/thrombectomy.ts';
import { segmentParticlesMl } from '../flow/embolics.ts';
import { SINK_BLEED } from '../flow/flow-network.ts';
import type { ScenarioErrorWhen, ScenarioObjective } from '../scenario/scenario.ts';
import type { SimEvent } from '../simulation.ts';

/**
 * Judging treatment from the attempt: stasis, bleeds and reperfusion from the flow at the end
 * (what the control run would show), non-target embolization, clot fragments and device mishaps
 * from the event log.
 * Thresholds (est.): stasis leaves under 5% of a vessel's resting flow, near-stasis under 20%;
 * a protected vessel must receive no particles and keep at least half its flow.
 */
export const stasisFraction = 0.05;
export const nearStasisFraction = 0.2;
const protectedFlowFraction = 0.5;
/** Particles below this (mL) are rounding, not embolization. */
const particleThresholdMl = 1e-6;

/** Flow at a vessel's origin as a fraction of its resting flow (1 open, ≈ 0.03 occluded). */
export function flowFraction(flow: ContrastFlow, segmentIndex: number): number {
  const cell = flow.network.segmentFirstCell[segmentIndex]!;
  const resting = flow.restingCellFlow[cell]!;
  return resting > 0 ? flow.bloodFlow[cell]! / resting : 1;
}

/** Step of the last embolic action (a particle injection logged, a coil), or null when none. */
function lastEmbolicStep(events: readonly SimEvent[]): number | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.kind === 'embolization' || event.kind === 'coil') return event.step;
  }
  return null;
}

/**
 * When an embolize or stop-bleed objective was met (the step of the embolic action that left it
 * met at the end), or null.
 */
export function embolicObjectiveMetAt(
  objective: Extract<ScenarioObjective, { kind: 'embolize' | 'stop-bleed' }>,
  flow: ContrastFlow,
  events: readonly SimEvent[],
): number | null {
  const tree = flow.tree;
  const index = (key: string): number => tree.segments.findIndex((segment) => segment.key === key);
  if (objective.kind === 'embolize') {
    const limit = objective.endpoint === 'stasis' ? stasisFraction : nearStasisFraction;
    if (!(flowFraction(flow, index(objective.vessel)) < limit)) return null;
    const spared = objective.protect.every((key) => {
      const segment = index(key);
      return (
        segmentParticlesMl(flow.network, flow.embolic, segment) <= particleThresholdMl &&
        flowFraction(flow, segment) >= protectedFlowFraction
      );
    });
    return spared ? lastEmbolicStep(events) : null;
  }
  const network = flow.network;
  for (let k = 0; k < network.sinkCount; k++) {
    if (network.sinkKind[k] !== SINK_BLEED || network.sinkRef[k] !== objective.bleed) continue;
    const resting = flow.restingSinkFlow[k]!;
    return resting > 0 && flow.sinkBloodFlow[k]! / resting < stasisFraction ? lastEmbolicStep(events) : null;
  }
  return null;
}

const ticiOrder = ['0', '1', '2a', '2b', '2c', '3'] as const;

/**
 * When a recanalize objective was met: its clot's mTICI at the end is at least the minimum; the
 * step is that of the first pass that reached it. Null otherwise.
 */
export function recanalizedAt(
  objective: Extract<ScenarioObjective, { kind: 'recanalize' }>,
  thrombectomy: ThrombectomyState,
  flow: ContrastFlow,
  events: readonly SimEvent[],
): number | null {
  if (objective.clot >= thrombectomy.clots.length) return null;
  const minimum = ticiOrder.indexOf(objective.minimumTici);
  if (ticiOrder.indexOf(ticiGrade(thrombectomy, flow, objective.clot)) < minimum) return null;
  const pass = events.find((event) => event.kind === 'thrombectomy-pass' && ticiOrder.indexOf(event.tici) >= minimum);
  return pass ? pass.step : null;
}

/** Steps at which the log shows an error of this kind. */
export function errorSteps(when: ScenarioErrorWhen, events: readonly SimEvent[], tree: VesselTree): number[] {
  const steps: number[] = [];
  for (const event of events) {
    switch (when.kind) {
      case 'wall-force':
        if (event.kind === 'wall-force') steps.push(event.step);
        break;
      case 'particles-in':
        if (
          event.kind === 'embolization' &&
          event.vessels.some((vessel) => when.vessels.some((key) => isWithin(tree, vessel.vesselKey, key)))
        )
          steps.push(event.step);
        break;
      case 'particles-under':
        if (
          event.kind === 'injection' &&
          event.particleDiameterMm !== undefined &&
          event.particleDiameterMm < when.diameterMm
        )
          steps.push(event.step);
        break;
      case 'coil':
        if (event.kind === 'coil' && event.outcome === when.outcome) steps.push(event.step);
        break;
      case 'fragments':
        if (
          event.kind === 'thrombectomy-pass' &&
          event.fragments.some((fragment) => !when.newTerritory || fragment.newTerritory)
        )
          steps.push(event.step);
        break;
    }
  }
  return steps;
}

/** Whether `key` is `ancestorKey` or a vessel downstream of it. */
export function isWithin(tree: VesselTree, key: string, ancestorKey: string): boolean {
  let index = tree.segments.findIndex((segment) => segment.key === key);
  while (index >= 0) {
    if (tree.segments[index]!.key === ancestorKey) return true;
    index = tree.segments[index]!.parent;
  }
  return false;
}
