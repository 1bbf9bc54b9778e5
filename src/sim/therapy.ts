import { createNearestResult, nearestCentrelinePoint } from './anatomy/lumen-queries.ts';
import type { DeviceKind } from './devices/catalogue.ts';
import { coilMinimumLumenMm, findStentRetriever } from './devices/therapeutic.ts';
import { deployCoilAt, setFlowArrest } from './flow/contrast.ts';
import {
  aspirate,
  deployStentRetriever,
  resheathStentRetriever,
  retrieveStentRetriever,
  syncOcclusions,
  type ThrombectomyPassOutcome,
  type VesselSite,
} from './flow/thrombectomy.ts';
import type { Simulation } from './simulation.ts';
import { createRandomState, nextUint32, type RandomState } from './math/random.ts';
import { SIM_STEP_HZ } from './version.ts';

/**
 * The treatment commands: coils and stent retrievers pushed out of a catheter's tip, passes
 * (stent retriever pulled back, direct aspiration) and the balloon guide's flow arrest. Each
 * finds its device among those in the body, checks it fits what it goes through, acts on the
 * flow model (`flow/embolics.ts`, `flow/thrombectomy.ts`) and logs an event. A command that
 * cannot be done throws with a message a trainee can act on, and changes nothing.
 */
export type TherapyCommand =
  /** A coil pushed out of the innermost catheter's tip (loop diameter mm, length cm). */
  | { kind: 'deploy-coil'; diameterMm: number; lengthCm: number }
  /** A stent retriever unsheathed from the microcatheter's tip back toward the hub. */
  | { kind: 'deploy-stent-retriever'; stentRetrieverId: string }
  | { kind: 'resheath-stent-retriever' }
  /** The deployed stent retriever pulled back into the guide (one pass), with or without suction on the guide or intermediate catheter. */
  | { kind: 'retrieve-stent-retriever'; aspiration: boolean }
  /** Suction through the aspiration catheter for `durationS`, then the catheter withdrawn (one pass). */
  | { kind: 'aspirate'; durationS: number }
  /** The balloon guide inflated (flow arrest in the vessel it sits in) or deflated. */
  | { kind: 'balloon'; inflated: boolean };

export type TherapyEvent =
  /** A coil pushed out of a catheter: where it ended and whether it packed, migrated or herniated. */
  | {
      kind: 'coil';
      outcome: 'packed' | 'migrated' | 'herniated';
      diameterMm: number;
      lengthCm: number;
      /** Where it was pushed out, and where it ended up. */
      atVesselKey: string;
      vesselKey: string;
      vesselDiameterMm: number;
      occlusion: number;
    }
  | {
      kind: 'stent-retriever';
      action: 'deployed' | 'resheathed';
      stentRetrieverId: string;
      vesselKey: string;
      coverage: number;
    }
  | {
      kind: 'thrombectomy-pass';
      technique: 'stent-retriever' | 'aspiration';
      pass: number;
      captured: boolean;
      tici: ThrombectomyPassOutcome['tici'];
      fragments: { vesselKey: string; newTerritory: boolean }[];
      text: string;
    }
  | { kind: 'balloon'; inflated: boolean };

const catheterKinds = new Set<DeviceKind>([
  'diagnostic-catheter',
  'guide-catheter',
  'balloon-guide-catheter',
  'aspiration-catheter',
  'microcatheter',
]);
const nearest = createNearestResult();

/** The innermost device in the body whose kind is one of `kinds`, its tip as a vessel site. */
function deviceTip(
  simulation: Simulation,
  kinds: ReadonlySet<DeviceKind>,
): { site: VesselSite; device: Simulation['physics']['devices'][number]['rod']['device'] } | null {
  const devices = simulation.physics.devices;
  for (let d = devices.length - 1; d >= 0; d--) {
    const rod = devices[d]!.rod;
    if (!kinds.has(rod.device.kind)) continue;
    if (rod.activeCount === 0) {
      throw new Error(`The ${rod.device.name} is loaded but not in the body yet: push it in first.`);
    }
    if (
      !nearestCentrelinePoint(simulation.lumenIndex, rod.positions[0]!, rod.positions[1]!, rod.positions[2]!, nearest)
    )
      throw new Error(`the ${rod.device.name} tip is not at a finite position`);
    return { site: { segmentIndex: nearest.segment, arcMm: nearest.arcMm }, device: rod.device };
  }
  return null;
}

function push(simulation: Simulation, event: TherapyEvent): void {
  simulation.events.push({ step: simulation.stepCount, ...event });
}

export function applyTherapyCommand(simulation: Simulation, command: TherapyCommand): void {
  const { flow, tree, thrombectomy } = simulation;
  const key = (segmentIndex: number): string => tree.segments[segmentIndex]!.key;
  switch (command.kind) {
    case 'deploy-coil': {
      const tip = deviceTip(simulation, catheterKinds);
      if (!tip) throw new Error('deploy coil: a coil goes through a catheter; none is in the body');
      if (tip.device.kind === 'microcatheter' && tip.device.innerDiameterMm < coilMinimumLumenMm) {
        throw new Error(
          `deploy coil: a 0.018" coil needs a lumen of 0.021" or more; the ${tip.device.name} is too narrow`,
        );
      }
      const coil = { diameterMm: command.diameterMm, lengthCm: command.lengthCm };
      const placed = deployCoilAt(flow, tip.site, coil);
      push(simulation, {
        kind: 'coil',
        outcome: placed.outcome,
        ...coil,
        atVesselKey: key(tip.site.segmentIndex),
        vesselKey: key(placed.segmentIndex),
        vesselDiameterMm: placed.vesselDiameterMm,
        occlusion: placed.occlusion,
      });
      return;
    }
    case 'deploy-stent-retriever': {
      const spec = findStentRetriever(command.stentRetrieverId);
      const tip = deviceTip(simulation, new Set(['microcatheter']));
      if (!tip) throw new Error(`A ${spec.name} is delivered through a microcatheter; none is in the body.`);
      if (tip.device.innerDiameterMm < spec.minimumLumenMm - 1e-9) {
        throw new Error(
          `A ${spec.name} needs a microcatheter lumen of ${(spec.minimumLumenMm / 25.4).toFixed(3)}" or more; the ${tip.device.name} is too narrow.`,
        );
      }
      deployStentRetrieverAt(simulation, tip.site, spec.id);
      return;
    }
    case 'resheath-stent-retriever': {
      const deployed = thrombectomy.stentRetriever;
      if (!deployed) throw new Error('No stent retriever is deployed.');
      resheathStentRetriever(thrombectomy);
      push(simulation, {
        kind: 'stent-retriever',
        action: 'resheathed',
        stentRetrieverId: simulation.stentRetrieverId,
        vesselKey: key(deployed.distal.segmentIndex),
        coverage: deployed.coverage,
      });
      return;
    }
    case 'retrieve-stent-retriever': {
      const outcome = retrieveStentRetriever(
        thrombectomy,
        flow,
        { aspiration: command.aspiration, flowArrest: simulation.balloonInflated },
        simulation.stepCount,
        passDraws(simulation),
        SIM_STEP_HZ,
      );
      logPass(simulation, outcome);
      return;
    }
    case 'aspirate': {
      const tip = deviceTip(simulation, new Set(['aspiration-catheter']));
      if (!tip) throw new Error('Aspiration needs an aspiration catheter in the body.');
      aspirateAt(simulation, tip.site, tip.device.innerDiameterMm, command.durationS);
      return;
    }
    case 'balloon': {
      const guide = command.inflated ? deviceTip(simulation, new Set(['balloon-guide-catheter'])) : null;
      if (command.inflated && !guide) throw new Error('There is no balloon guide catheter in the body to inflate.');
      if (simulation.balloonInflated === command.inflated) return;
      // Inflated, it arrests the flow in the vessel at its tip (the antegrade flow stops; DSA shows it).
      setFlowArrest(flow, guide ? guide.site : null);
      simulation.balloonInflated = command.inflated;
      push(simulation, { kind: 'balloon', inflated: command.inflated });
      return;
    }
  }
}

/** A stent retriever unsheathed from a microcatheter tip at `site` (the command finds the tip). */
export function deployStentRetrieverAt(simulation: Simulation, site: VesselSite, stentRetrieverId: string): void {
  const spec = findStentRetriever(stentRetrieverId);
  const deployed = deployStentRetriever(
    simulation.thrombectomy,
    simulation.flow,
    site,
    { lengthMm: spec.lengthMm, diameterMm: spec.diameterMm },
    simulation.stepCount,
  );
  simulation.stentRetrieverId = spec.id;
  push(simulation, {
    kind: 'stent-retriever',
    action: 'deployed',
    stentRetrieverId: spec.id,
    vesselKey: simulation.tree.segments[site.segmentIndex]!.key,
    coverage: deployed.coverage,
  });
}

/** One aspiration pass with the catheter tip at `site` (the command finds the tip). */
export function aspirateAt(simulation: Simulation, site: VesselSite, innerDiameterMm: number, durationS: number): void {
  const outcome = aspirate(
    simulation.thrombectomy,
    simulation.flow,
    { catheterInnerDiameterMm: innerDiameterMm, tip: site, flowArrest: simulation.balloonInflated, durationS },
    simulation.stepCount,
    passDraws(simulation),
  );
  logPass(simulation, outcome);
}

/**
 * The random stream one pass draws from: the simulation's stream mixed with the step the pass is
 * made on. The outcome then depends on when the operator pulls (which no one repeats to the
 * 1/120 s), so the first pass is not the same draw in every attempt, yet a replay, pulling at the
 * same step, draws the same. The simulation's own stream moves on by one word per pass made.
 */
function passDraws(simulation: Simulation): RandomState {
  // Peeked, not drawn: a refused pass must leave the state as it was (`passMade` moves it on).
  return createRandomState((simulation.random[0]! ^ Math.imul(simulation.stepCount + 1, 0x9e3779b1)) >>> 0);
}

function logPass(simulation: Simulation, outcome: ThrombectomyPassOutcome): void {
  nextUint32(simulation.random);
  syncOcclusions(simulation.thrombectomy, simulation.flow);
  push(simulation, {
    kind: 'thrombectomy-pass',
    technique: outcome.kind === 'stent-retriever-pass' ? 'stent-retriever' : 'aspiration',
    pass: outcome.pass,
    captured: outcome.captured,
    tici: outcome.tici,
    fragments: outcome.fragments.map((fragment) => ({
      vesselKey: simulation.tree.segments[fragment.segmentIndex]!.key,
      newTerritory: fragment.newTerritory,
    })),
    text: outcome.text,
  });
}
