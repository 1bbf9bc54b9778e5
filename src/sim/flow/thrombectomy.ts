import { segmentLengthMm, type VesselTree } from '../anatomy/model.ts';
import { nextUnit, type RandomState } from '../math/random.ts';
import { setOcclusion, territoryFlowMlPerS, type ContrastFlow } from './contrast.ts';
import {
  isDownstream,
  lodgeFragment,
  lumenDiameterMm,
  newTerritoryEntry,
  pathDistanceMm,
  siteBehind,
  territoriesDownstream,
  type VesselSite,
} from './thrombectomy-paths.ts';
import {
  ASPIRATION_REACH_INTO_CLOT_MM,
  ASPIRATION_REACH_PROXIMAL_MM,
  aspirationCaptureProbability,
  clotFirmnesses,
  FRAGMENT_DIAMETER_FRACTION_MAX,
  FRAGMENT_DIAMETER_FRACTION_MIN,
  fragmentProbability,
  newTerritoryShare,
  STENT_VESSEL_RATIO_MAX,
  STENT_VESSEL_RATIO_MIN,
  stentRetrieverCaptureProbability,
  type ClotFirmness,
  type MticiGrade,
} from './thrombectomy-odds.ts';

export type { VesselSite } from './thrombectomy-paths.ts';
export type { ClotFirmness, MticiGrade } from './thrombectomy-odds.ts';

/**
 * Mechanical thrombectomy on the flow model: stent-retriever passes, direct aspiration (ADAPT),
 * clot fragments and the mTICI grade. Each pass is a seeded draw against a capture probability
 * (thrombectomy-odds.ts, with its sources); a capture takes the clot's occlusion out of the flow
 * model, a fragment becomes a new clot further on (thrombectomy-paths.ts says where). The state is
 * plain data (structuredClone-safe); these functions run once per pass, never per step.
 */

/** A clot as a scenario gives it (ClotSchema in scenario.ts): `arcMm` is its proximal face. */
export interface ScenarioClot {
  vessel: string;
  arcMm: number;
  lengthMm: number;
  firmness: ClotFirmness;
}

/** A piece that broke off a clot during a pass, and the clot entry it became. */
export interface EmbolizedFragment {
  segmentIndex: number;
  arcMm: number;
  /** True when it lodged outside the clot's own territory (emboli to a new territory). */
  newTerritory: boolean;
  pass: number;
  clotIndex: number;
}

export interface ThrombectomyClot {
  segmentIndex: number;
  /** Proximal face (mm along the vessel); the clot runs `lengthMm` downstream, into a child if longer. */
  arcMm: number;
  lengthMm: number;
  firmness: ClotFirmness;
  present: boolean;
  /** The clot it broke off from, or -1 for a clot of the scenario. */
  fromClot: number;
  passes: number;
  fragments: EmbolizedFragment[];
  /** Vessels whose territories it cuts off (tree order), and their flow with no clot at all (mL/s; NaN until known). */
  territorySegments: number[];
  referenceFlowMlPerS: number;
}

export interface DeployedStentRetriever {
  clotIndex: number;
  /** Distal end (the microcatheter tip when unsheathed) and proximal end. */
  distal: VesselSite;
  proximal: VesselSite;
  lengthMm: number;
  diameterMm: number;
  /** Fraction of the clot's length inside the stent (0..1). */
  coverage: number;
  deployedStep: number;
}

export interface ThrombectomyPassOutcome {
  kind: 'stent-retriever-pass' | 'aspiration-pass';
  pass: number;
  /** The simulation step the pass ended on. */
  step: number;
  clotIndex: number;
  captured: boolean;
  captureProbability: number;
  fragments: EmbolizedFragment[];
  tici: MticiGrade;
  text: string;
}

export interface ThrombectomyState {
  clots: ThrombectomyClot[];
  passes: number;
  firstPass: { kind: ThrombectomyPassOutcome['kind']; captured: boolean; tici: MticiGrade } | null;
  stentRetriever: DeployedStentRetriever | null;
  /** Whether suction was on during the last pass. */
  aspirationEngaged: boolean;
  lastOutcome: string;
}

/**
 * The clots of a scenario on `tree`. Give the flow too (the one built from the same clots) to fix
 * each clot's reference territory flow now; otherwise the first call that has the flow does it.
 */
export function createThrombectomyState(
  tree: VesselTree,
  clots: readonly ScenarioClot[],
  flow?: ContrastFlow,
): ThrombectomyState {
  const state: ThrombectomyState = {
    clots: clots.map((clot, i) => {
      const segmentIndex = tree.segments.findIndex((segment) => segment.key === clot.vessel);
      if (segmentIndex < 0)
        throw new Error(`thrombectomy: clots[${i}].vessel "${clot.vessel}" is not a vessel of ${tree.name}`);
      const lengthMm = segmentLengthMm(tree.segments[segmentIndex]!);
      if (!(clot.arcMm >= 0 && clot.arcMm <= lengthMm)) {
        throw new Error(
          `thrombectomy: clots[${i}].arcMm is ${clot.arcMm}; "${clot.vessel}" runs from 0 to ${lengthMm.toFixed(1)} mm`,
        );
      }
      if (!(clot.lengthMm > 0))
        throw new Error(`thrombectomy: clots[${i}].lengthMm is ${clot.lengthMm}; give a length above 0 mm`);
      if (!clotFirmnesses.includes(clot.firmness)) {
        throw new Error(`thrombectomy: clots[${i}].firmness is "${clot.firmness}"; give soft, mixed or firm`);
      }
      return newClot(tree, { segmentIndex, arcMm: clot.arcMm }, clot.lengthMm, clot.firmness, -1);
    }),
    passes: 0,
    firstPass: null,
    stentRetriever: null,
    aspirationEngaged: false,
    lastOutcome: '',
  };
  if (flow) ensureReferenceFlows(state, flow);
  return state;
}

function newClot(
  tree: VesselTree,
  site: VesselSite,
  lengthMm: number,
  firmness: ClotFirmness,
  fromClot: number,
): ThrombectomyClot {
  return {
    segmentIndex: site.segmentIndex,
    arcMm: site.arcMm,
    lengthMm,
    firmness,
    present: true,
    fromClot,
    passes: 0,
    fragments: [],
    territorySegments: territoriesDownstream(tree, site),
    referenceFlowMlPerS: Number.NaN,
  };
}

/**
 * Unsheathes a stent retriever from the microcatheter tip at `site` back toward the hub over
 * `stent.lengthMm`. The tip must lie beyond the distal end of a clot; the vessel at the clot must
 * suit the stent's diameter. Throws an Error a trainee can act on otherwise.
 */
export function deployStentRetriever(
  state: ThrombectomyState,
  flow: ContrastFlow,
  site: VesselSite,
  stent: { lengthMm: number; diameterMm: number },
  step: number,
): DeployedStentRetriever {
  const tree = flow.tree;
  checkSite(tree, site, 'deployStentRetriever');
  if (!(stent.lengthMm > 0 && stent.diameterMm > 0)) {
    throw new Error(
      `deployStentRetriever: stent ${stent.lengthMm} × ${stent.diameterMm} mm; give a length and diameter above 0`,
    );
  }
  if (state.stentRetriever) {
    throw new Error(
      'A stent retriever is already deployed: pull it back (a pass) or resheath it before deploying another.',
    );
  }
  let clotIndex = -1;
  let bestCoverage = -1;
  let nearest = Number.POSITIVE_INFINITY;
  let nearestClot = -1;
  state.clots.forEach((clot, index) => {
    if (!clot.present) return;
    const beyondFaceMm = pathDistanceMm(tree, clot, site);
    if (!(beyondFaceMm >= 0)) return;
    const shortMm = clot.lengthMm - beyondFaceMm;
    if (shortMm > 0) {
      if (shortMm < nearest) [nearest, nearestClot] = [shortMm, index];
      return;
    }
    const coverage = overlapMm(beyondFaceMm - stent.lengthMm, beyondFaceMm, clot.lengthMm) / clot.lengthMm;
    if (coverage > bestCoverage) [bestCoverage, clotIndex] = [coverage, index];
  });
  if (clotIndex < 0) {
    if (nearestClot >= 0) {
      const clot = state.clots[nearestClot]!;
      throw new Error(
        `The microcatheter tip is inside the clot in the ${vesselName(tree, clot)}, ${nearest.toFixed(1)} mm short of its distal end: ` +
          'cross the clot with the microwire and bring the microcatheter beyond it before unsheathing the stent retriever.',
      );
    }
    const ahead = nearestClotAhead(state, tree, site);
    throw new Error(
      ahead
        ? `The microcatheter has not crossed the clot: its tip is ${ahead.distanceMm.toFixed(1)} mm proximal of the clot in the ${vesselName(tree, ahead.clot)}. ` +
            'Cross the clot with the microwire and microcatheter first, then unsheathe the stent retriever.'
        : `There is no clot between the microcatheter tip in the ${vesselName(tree, site)} and the hub: ` +
            'navigate into the occluded vessel and across the clot before unsheathing the stent retriever.',
    );
  }
  const clot = state.clots[clotIndex]!;
  const vesselMm = lumenDiameterMm(tree, clot.segmentIndex, clot.arcMm + clot.lengthMm / 2);
  const ratio = vesselMm / stent.diameterMm;
  if (ratio < STENT_VESSEL_RATIO_MIN || ratio > STENT_VESSEL_RATIO_MAX) {
    throw new Error(
      `A ${stent.diameterMm} mm stent retriever does not suit the ${vesselMm.toFixed(1)} mm ${vesselName(tree, clot)} ` +
        `(it is made for vessels ${(STENT_VESSEL_RATIO_MIN * stent.diameterMm).toFixed(1)}–${(STENT_VESSEL_RATIO_MAX * stent.diameterMm).toFixed(1)} mm): ` +
        `choose a ${ratio > STENT_VESSEL_RATIO_MAX ? 'larger' : 'smaller'} one.`,
    );
  }
  state.stentRetriever = {
    clotIndex,
    distal: { segmentIndex: site.segmentIndex, arcMm: site.arcMm },
    proximal: siteBehind(tree, site, stent.lengthMm),
    lengthMm: stent.lengthMm,
    diameterMm: stent.diameterMm,
    coverage: bestCoverage,
    deployedStep: step,
  };
  return state.stentRetriever;
}

/** Resheaths a deployed stent retriever without a pass (it stays in the microcatheter). */
export function resheathStentRetriever(state: ThrombectomyState): void {
  state.stentRetriever = null;
}

/**
 * Pulls the deployed stent retriever back into the guide: one pass. `step` and `stepHz` give the
 * embedding time since deployment. Draws capture, then fragments, from `random`.
 */
export function retrieveStentRetriever(
  state: ThrombectomyState,
  flow: ContrastFlow,
  technique: { aspiration: boolean; flowArrest: boolean },
  step: number,
  random: RandomState,
  stepHz: number,
): ThrombectomyPassOutcome {
  const stent = state.stentRetriever;
  if (!stent) throw new Error('No stent retriever is deployed: unsheathe one across the clot before pulling back.');
  if (!(stepHz > 0) || !(step >= stent.deployedStep)) {
    throw new Error(
      `retrieveStentRetriever: step ${step} at ${stepHz} Hz is before deployment at step ${stent.deployedStep}`,
    );
  }
  ensureReferenceFlows(state, flow);
  const clot = state.clots[stent.clotIndex]!;
  const embedS = (step - stent.deployedStep) / stepHz;
  const p = stentRetrieverCaptureProbability(stent.coverage, embedS, clot.firmness, technique);
  state.stentRetriever = null;
  return makePass(state, flow, 'stent-retriever-pass', stent.clotIndex, p, technique, step, random);
}

/**
 * Direct aspiration (ADAPT): suction for `durationS` with the catheter tip at the clot face, then
 * the catheter comes back: one pass. A tip that is not at a clot face is refused (an Error, no
 * pass): in the room, blood then flows freely into the syringe, which tells the operator that the
 * tip is not engaged before anything is pulled, so no retrieval attempt is made on the clot.
 */
export function aspirate(
  state: ThrombectomyState,
  flow: ContrastFlow,
  options: { catheterInnerDiameterMm: number; tip: VesselSite; flowArrest: boolean; durationS: number },
  step: number,
  random: RandomState,
): ThrombectomyPassOutcome {
  const tree = flow.tree;
  checkSite(tree, options.tip, 'aspirate');
  if (!(options.catheterInnerDiameterMm > 0) || !(options.durationS >= 0)) {
    throw new Error(
      `aspirate: inner diameter ${options.catheterInnerDiameterMm} mm, ${options.durationS} s; give a diameter above 0 and a time of 0 s or more`,
    );
  }
  if (state.stentRetriever)
    throw new Error('A stent retriever is deployed: pull it back or resheath it before aspirating alone.');
  let clotIndex = -1;
  state.clots.forEach((clot, index) => {
    if (!clot.present || clotIndex >= 0) return;
    const gapMm = pathDistanceMm(tree, options.tip, clot);
    if (gapMm <= ASPIRATION_REACH_PROXIMAL_MM && gapMm >= -ASPIRATION_REACH_INTO_CLOT_MM) clotIndex = index;
  });
  if (clotIndex < 0) {
    const ahead = nearestClotAhead(state, tree, options.tip);
    throw new Error(
      'Blood flows freely into the syringe: the aspiration catheter is not engaged on the clot. ' +
        (ahead
          ? `Its tip is ${ahead.distanceMm.toFixed(1)} mm proximal of the clot face in the ${vesselName(tree, ahead.clot)}; ` +
            `advance it to within ${ASPIRATION_REACH_PROXIMAL_MM} mm of the face.`
          : 'No clot lies ahead of the tip: bring it to the proximal face of the clot.'),
    );
  }
  ensureReferenceFlows(state, flow);
  const clot = state.clots[clotIndex]!;
  const vesselMm = lumenDiameterMm(tree, clot.segmentIndex, clot.arcMm);
  const p = aspirationCaptureProbability(
    options.catheterInnerDiameterMm,
    vesselMm,
    clot.firmness,
    options.flowArrest,
    options.durationS,
  );
  const technique = { aspiration: true, flowArrest: options.flowArrest };
  return makePass(state, flow, 'aspiration-pass', clotIndex, p, technique, step, random);
}

function makePass(
  state: ThrombectomyState,
  flow: ContrastFlow,
  kind: ThrombectomyPassOutcome['kind'],
  clotIndex: number,
  captureProbability: number,
  technique: { aspiration: boolean; flowArrest: boolean },
  step: number,
  random: RandomState,
): ThrombectomyPassOutcome {
  const tree = flow.tree;
  const clot = state.clots[clotIndex]!;
  state.passes++;
  clot.passes++;
  state.aspirationEngaged = technique.aspiration;
  const captured = nextUnit(random) < captureProbability;
  const fragments: EmbolizedFragment[] = [];
  if (nextUnit(random) < fragmentProbability(clot.firmness, technique))
    fragments.push(shedFragment(state, tree, clotIndex, technique, random));
  if (captured) clot.present = false;
  syncOcclusions(state, flow);
  ensureReferenceFlows(state, flow);
  const tici = ticiGrade(state, flow, clotIndex);
  const device = kind === 'stent-retriever-pass' ? 'Stent retriever' : 'Aspiration';
  const fragmentText = fragments
    .map((f) => ` A fragment lodged in the ${vesselName(tree, f)}${f.newTerritory ? ' (a new territory)' : ''}.`)
    .join('');
  const text = `${device} pass ${state.passes}: ${captured ? 'clot retrieved' : 'no clot retrieved'}, mTICI ${tici}.${fragmentText}`;
  if (state.firstPass === null) state.firstPass = { kind, captured, tici };
  state.lastOutcome = text;
  return { kind, pass: state.passes, step, clotIndex, captured, captureProbability, fragments, tici, text };
}

function shedFragment(
  state: ThrombectomyState,
  tree: VesselTree,
  clotIndex: number,
  technique: { aspiration: boolean },
  random: RandomState,
): EmbolizedFragment {
  const clot = state.clots[clotIndex]!;
  const shareNew = newTerritoryShare(technique.aspiration);
  const entry = newTerritoryEntry(tree, clot.segmentIndex);
  const newTerritory = nextUnit(random) < shareNew && entry >= 0;
  const vesselMm = lumenDiameterMm(tree, clot.segmentIndex, clot.arcMm);
  const fraction =
    FRAGMENT_DIAMETER_FRACTION_MIN +
    (FRAGMENT_DIAMETER_FRACTION_MAX - FRAGMENT_DIAMETER_FRACTION_MIN) * nextUnit(random);
  const fragmentMm = fraction * vesselMm;
  const clotLengthInVessel = Math.min(clot.arcMm + clot.lengthMm, segmentLengthMm(tree.segments[clot.segmentIndex]!));
  const from = newTerritory
    ? { segmentIndex: entry, arcMm: 0 }
    : { segmentIndex: clot.segmentIndex, arcMm: clotLengthInVessel };
  const site = lodgeFragment(tree, from, fragmentMm, random);
  // The fragment becomes a clot of its own, about 1.5 diameters long (est.), as firm as its source.
  const lengthMm = Math.min(clot.lengthMm, 1.5 * fragmentMm);
  state.clots.push(newClot(tree, site, lengthMm, clot.firmness, clotIndex));
  const fragment = { ...site, newTerritory, pass: state.passes, clotIndex: state.clots.length - 1 };
  clot.fragments.push(fragment);
  return { ...fragment };
}

/**
 * mTICI of a clot's territory: the blood flow into the territories downstream of its face now, as
 * a fraction R of that flow with no clot anywhere (Zaidat 2013 definitions; the cut-offs are est.):
 * R < 5% '0' (collateral flow only, 3% in the flow model); < 10% '1' (flow past, minimal
 * filling); < 50% '2a'; < 90% '2b'; '2c' from 90%, or with a clot still downstream; '3' from 98%
 * with no clot downstream.
 */
export function ticiGrade(state: ThrombectomyState, flow: ContrastFlow, clotIndex: number): MticiGrade {
  const clot = state.clots[clotIndex];
  if (!clot) throw new Error(`ticiGrade: clot ${clotIndex} does not exist (the state has ${state.clots.length})`);
  ensureReferenceFlows(state, flow);
  // A clot in a vessel that feeds no territory: graded by whether it is still there.
  if (!(clot.referenceFlowMlPerS > 0)) return clot.present ? '0' : '3';
  const ratio = territoryFlowNow(flow, clot.territorySegments) / clot.referenceFlowMlPerS;
  if (ratio < 0.05) return '0';
  if (ratio < 0.1) return '1';
  if (ratio < 0.5) return '2a';
  if (ratio < 0.9) return '2b';
  const clotDownstream = state.clots.some(
    (other, index) => index !== clotIndex && other.present && isDownstream(flow.tree, clot, other),
  );
  return ratio >= 0.98 && !clotDownstream ? '3' : '2c';
}

/** Flow into a clot's territories now as a fraction of its reference (1 = as with no clot). */
export function territoryReperfusion(state: ThrombectomyState, flow: ContrastFlow, clotIndex: number): number {
  ensureReferenceFlows(state, flow);
  const clot = state.clots[clotIndex]!;
  return territoryFlowNow(flow, clot.territorySegments) / clot.referenceFlowMlPerS;
}

function territoryFlowNow(flow: ContrastFlow, territorySegments: readonly number[]): number {
  let sum = 0;
  for (const segmentIndex of territorySegments) sum += territoryFlowMlPerS(flow, segmentIndex);
  return sum;
}

/** Puts each vessel's most proximal present clot into the flow model; clears vessels left without one. */
export function syncOcclusions(state: ThrombectomyState, flow: ContrastFlow): void {
  const handled = new Set<number>();
  for (const clot of state.clots) {
    if (handled.has(clot.segmentIndex)) continue;
    handled.add(clot.segmentIndex);
    let arcMm = Number.POSITIVE_INFINITY;
    for (const other of state.clots) {
      if (other.present && other.segmentIndex === clot.segmentIndex) arcMm = Math.min(arcMm, other.arcMm);
    }
    const wanted = Number.isFinite(arcMm) ? arcMm : Number.NaN;
    const current = flow.occlusionArcMm[clot.segmentIndex]!;
    if (Object.is(wanted, current)) continue;
    setOcclusion(flow, flow.tree.segments[clot.segmentIndex]!.key, Number.isNaN(wanted) ? null : wanted);
  }
}

/**
 * Fixes the reference flow of every clot that has none: the occlusions come out of the flow model,
 * the territory flows are read, and the occlusions go back exactly as they were.
 */
function ensureReferenceFlows(state: ThrombectomyState, flow: ContrastFlow): void {
  if (state.clots.every((clot) => !Number.isNaN(clot.referenceFlowMlPerS))) return;
  const tree = flow.tree;
  const saved: { key: string; arcMm: number }[] = [];
  flow.occlusionArcMm.forEach((arcMm, segmentIndex) => {
    if (!Number.isNaN(arcMm)) saved.push({ key: tree.segments[segmentIndex]!.key, arcMm });
  });
  for (const occlusion of saved) setOcclusion(flow, occlusion.key, null);
  for (const clot of state.clots) {
    if (Number.isNaN(clot.referenceFlowMlPerS))
      clot.referenceFlowMlPerS = territoryFlowNow(flow, clot.territorySegments);
  }
  for (const occlusion of saved) setOcclusion(flow, occlusion.key, occlusion.arcMm);
}

function nearestClotAhead(
  state: ThrombectomyState,
  tree: VesselTree,
  tip: VesselSite,
): { clot: ThrombectomyClot; distanceMm: number } | null {
  let best: { clot: ThrombectomyClot; distanceMm: number } | null = null;
  for (const clot of state.clots) {
    if (!clot.present) continue;
    const distanceMm = pathDistanceMm(tree, tip, clot);
    if (distanceMm > 0 && (best === null || distanceMm < best.distanceMm)) best = { clot, distanceMm };
  }
  return best;
}

function checkSite(tree: VesselTree, site: VesselSite, caller: string): void {
  const segment = tree.segments[site.segmentIndex];
  if (!segment || !Number.isInteger(site.segmentIndex)) {
    throw new Error(`${caller}: segment index ${site.segmentIndex} is not a vessel of ${tree.name}`);
  }
  const lengthMm = segmentLengthMm(segment);
  if (!(site.arcMm >= 0 && site.arcMm <= lengthMm + 1e-6)) {
    throw new Error(
      `${caller}: arc ${site.arcMm} mm is off "${segment.key}", which runs from 0 to ${lengthMm.toFixed(1)} mm`,
    );
  }
}

/** The vessel's name to stand mid-sentence ("the left internal carotid artery (cervical)"). */
function vesselName(tree: VesselTree, site: VesselSite): string {
  const name = tree.segments[site.segmentIndex]!.name;
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Length (mm) of [a, b] ∩ [0, lengthMm]. */
function overlapMm(a: number, b: number, lengthMm: number): number {
  return Math.max(0, Math.min(b, lengthMm) - Math.max(a, 0));
}
