import type { VesselTree } from '../anatomy/model.ts';
import type { ContrastFlowOptions } from '../flow/contrast.ts';
import type { SimulationSetup } from '../simulation.ts';
import type { Scenario } from './scenario.ts';

/**
 * What a case puts on the table: its patient (the tree built from its atlas options), the sheath
 * in its access vessel, the starting device stack, the patient's thickness for dose, and its
 * pathology as the flow model takes it (clots occlude, bleeding points leak, flow shares).
 */
export function simulationSetupFor(scenario: Scenario, tree: VesselTree): SimulationSetup {
  return {
    tree,
    accessKey: scenario.access.vessel,
    devices: scenario.devices.initialStack,
    patientThicknessCm: scenario.patient.thicknessCm,
    flow: scenarioFlow(scenario),
    wallForceLimitN: scenario.scoring.limits.wallForceN,
    clots: scenario.pathology.clots,
  };
}

export function scenarioFlow(scenario: Scenario): ContrastFlowOptions {
  const { clots, bleeds, flowShare } = scenario.pathology;
  return {
    occlusions: clots.map((clot) => ({ segmentKey: clot.vessel, arcMm: clot.arcMm })),
    bleeds: bleeds.map((bleed) => ({ segmentKey: bleed.vessel, arcMm: bleed.arcMm, shareOfFlow: bleed.shareOfFlow })),
    ...(Object.keys(flowShare).length > 0 ? { flowShare } : {}),
  };
}
