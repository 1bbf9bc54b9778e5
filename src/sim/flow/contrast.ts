import { sampleAtArc, segmentLengthMm, type VesselTree } from '../anatomy/model.ts';
import { SIM_STEP_HZ } from '../version.ts';
import { resolveContrastFlowOptions, type ContrastFlowOptions } from './contrast-options.ts';
import {
  createEmbolicState,
  deployCoil,
  depositParticles,
  fillPassFactors,
  setBedCapacities,
  type BloodFlows,
  type CoilOutcome,
  type CoilSpec,
  type EmbolicState,
} from './embolics.ts';
import { buildFlowNetwork, cellAt, SINK_BLEED, SINK_TERRITORY, type FlowNetwork } from './flow-network.ts';
import {
  createFlowSplitScratch,
  normalShares,
  solveFlowSplit,
  type FlowSplitScratch,
  type NormalShares,
} from './flow-split.ts';
import {
  addInjectionFlow,
  CFL_TARGET,
  findRefluxPath,
  injectionRates,
  MAX_SUBSTEPS,
  type CellFluxes,
  type InjectionFlow,
} from './injection-flow.ts';

export type { ContrastFlowOptions } from './contrast-options.ts';

/**
 * Contrast transport on a vessel tree: concentration (fraction of full-strength contrast, 0..1)
 * carried by the blood flow through finite-volume cells (flow-network.ts), mass-conserving:
 * contrast moves only as a flux between a cell and a node, and a node hands on exactly what it
 * received, split by flow among the cells and sinks leaving it. Explicit first-order upwind,
 * sub-stepped so that no cell passes more than CFL_TARGET of its volume per substep.
 *
 * Where contrast ends up: in the vessels; in a territory's tissue compartment (the blush), a
 * well-mixed volume Q₀·τ fed by the vessel's terminal outflow and washed out into the veins
 * with time constant τ = 4 s at resting flow (est.: parenchymal washout 3–5 s; slower when the
 * feeding flow falls, as in stasis); in an extravasation pool at a bleeding point, which clears
 * with a time constant of 30 s (est.: "tens of seconds", extravasated contrast lingers after the
 * venous phase); or gone (veins, terminal ends without a territory, pool resorption).
 */
export const TERRITORY_WASHOUT_S = 4;
export const POOL_CLEARANCE_S = 30;
/** Flow past a clot as a fraction of what the vessel would normally carry (collaterals; est. 2–5%). */
export const COLLATERAL_FRACTION = 0.03;
/** Power injector limits (est.): rate up to 30 mL/s, up to 100 mL per run. */
export const MAX_INJECTION_RATE_ML_PER_S = 30;
export const MAX_INJECTION_VOLUME_ML = 100;

export interface ExtravasationPool {
  segmentIndex: number;
  arcMm: number;
  /** Where it lies (LPS mm): the bleeding point on the centreline. */
  position: Float64Array;
  /** Blood and contrast collected outside the lumen (mL); starts at its steady state (the bleed was going on). */
  volumeMl: number;
  /** Fraction of contrast in it (0..1). */
  concentration: number;
  /** Contrast in it (mL of full-strength contrast) = volumeMl × concentration. */
  contrastMl: number;
}

export interface ContrastFlow {
  tree: VesselTree;
  network: FlowNetwork;
  rootFlowMlPerS: number;
  /** Contrast delivered by injections so far (mL of full-strength contrast). */
  contrastInjectedMl: number;
  /** Contrast that has left the model: venous washout of territories, terminal ends, pool resorption (mL). */
  contrastLeftMl: number;
  /** Injected contrast that went up the vessel from the tip instead of downstream (mL). */
  contrastRefluxedMl: number;
  /** Of the running injection: the fraction that refluxes (0 when none runs). */
  refluxFraction: number;
  injection: InjectionFlow & {
    active: boolean;
    segmentIndex: number;
    arcMm: number;
    askedRateMlPerS: number;
    remainingMl: number;
  };
  /** Per cell: concentration (0..1). */
  concentration: Float64Array;
  /** Blood flow without the injection's volume, with clots (mL/s): per cell, per sink, per node. */
  bloodFlow: Float64Array;
  sinkBloodFlow: Float64Array;
  nodeBloodFlow: Float64Array;
  /** Flow fields the transport uses (blood plus the injection). */
  fluxes: CellFluxes;
  /** Per node: total volume leaving it per second (mL/s), the divisor that makes it hand on exactly what it got. */
  nodeOutFlow: Float64Array;
  /** Per segment: the cell with its clot, or -1; and the arc given. */
  occlusionCell: Int32Array;
  occlusionArcMm: Float64Array;
  clotted: Uint8Array;
  /** The cell where an inflated balloon guide arrests the flow (−1 none): it passes only the collateral fraction. */
  arrestCell: number;
  /** Particles and coils in the vessels and beds (`embolics.ts`), and the pass factors they and the clots give. */
  embolic: EmbolicState;
  cellPass: Float64Array;
  sinkPass: Float64Array;
  /** Blood flow per cell and per sink with every vessel open: what stasis is judged against. */
  restingCellFlow: Float64Array;
  restingSinkFlow: Float64Array;
  /** The blood-flow arrays under the names particles read them by (the same arrays, no copy). */
  particleFlows: BloodFlows;
  /** Per segment: tissue compartment volume (mL, 0 without a territory), concentration, and its sink. */
  territoryVolumeMl: Float64Array;
  territoryConcentration: Float64Array;
  territorySink: Int32Array;
  poolVolumeMl: Float64Array;
  poolContrastMl: Float64Array;
  pools: ExtravasationPool[];
  /** Largest (out-flow / volume) over cells (1/s): sets the substep count. */
  maxOutPerVolume: number;
  steps: number;
  shares: NormalShares;
  scratch: FlowSplitScratch & { nodeMass: Float64Array; nodeConcentration: Float64Array; nodeExtra: Float64Array };
  hashWords: Uint32Array[];
}

export function createContrastFlow(tree: VesselTree, options: ContrastFlowOptions = {}): ContrastFlow {
  const resolved = resolveContrastFlowOptions(tree, options);
  const network = buildFlowNetwork(tree, resolved.cellLengthMm, resolved.flowShare, resolved.bleeds);
  const { cellCount, nodeCount, sinkCount } = network;
  const segmentCount = tree.segments.length;
  const concentration = new Float64Array(cellCount);
  const territoryConcentration = new Float64Array(segmentCount);
  const poolVolumeMl = new Float64Array(resolved.bleeds.length);
  const poolContrastMl = new Float64Array(resolved.bleeds.length);
  const flow: ContrastFlow = {
    tree,
    network,
    rootFlowMlPerS: resolved.rootFlowMlPerS,
    contrastInjectedMl: 0,
    contrastLeftMl: 0,
    contrastRefluxedMl: 0,
    refluxFraction: 0,
    injection: {
      active: false,
      segmentIndex: -1,
      arcMm: 0,
      askedRateMlPerS: 0,
      remainingMl: 0,
      tipCell: 0,
      refluxNode: -1,
      refluxTopCell: 0,
      rateMlPerS: 0,
      forwardMlPerS: 0,
      refluxMlPerS: 0,
    },
    concentration,
    bloodFlow: new Float64Array(cellCount),
    sinkBloodFlow: new Float64Array(sinkCount),
    nodeBloodFlow: new Float64Array(nodeCount),
    fluxes: {
      downIn: new Float64Array(cellCount),
      downOut: new Float64Array(cellCount),
      upIn: new Float64Array(cellCount),
      upOut: new Float64Array(cellCount),
      sink: new Float64Array(sinkCount),
    },
    nodeOutFlow: new Float64Array(nodeCount),
    occlusionCell: new Int32Array(segmentCount).fill(-1),
    occlusionArcMm: new Float64Array(segmentCount).fill(Number.NaN),
    clotted: new Uint8Array(cellCount),
    arrestCell: -1,
    embolic: createEmbolicState(tree, network),
    cellPass: new Float64Array(cellCount).fill(1),
    sinkPass: new Float64Array(sinkCount).fill(1),
    restingCellFlow: new Float64Array(cellCount),
    restingSinkFlow: new Float64Array(sinkCount),
    particleFlows: { cellFlow: new Float64Array(0), sinkFlow: new Float64Array(0), nodeFlow: new Float64Array(0) },
    territoryVolumeMl: new Float64Array(segmentCount),
    territoryConcentration,
    territorySink: new Int32Array(segmentCount).fill(-1),
    poolVolumeMl,
    poolContrastMl,
    pools: resolved.bleeds.map((bleed) => {
      const position = new Float64Array(3);
      sampleAtArc(tree.segments[bleed.segmentIndex]!, bleed.arcMm, position);
      return {
        segmentIndex: bleed.segmentIndex,
        arcMm: bleed.arcMm,
        position,
        volumeMl: 0,
        concentration: 0,
        contrastMl: 0,
      };
    }),
    maxOutPerVolume: 0,
    steps: 0,
    shares: normalShares(network),
    scratch: {
      ...createFlowSplitScratch(network),
      nodeMass: new Float64Array(nodeCount),
      nodeConcentration: new Float64Array(nodeCount),
      nodeExtra: new Float64Array(nodeCount),
    },
    hashWords: [concentration, territoryConcentration, poolVolumeMl, poolContrastMl].map(
      (array) => new Uint32Array(array.buffer, array.byteOffset, array.length * 2),
    ),
  };

  flow.particleFlows = { cellFlow: flow.bloodFlow, sinkFlow: flow.sinkBloodFlow, nodeFlow: flow.nodeBloodFlow };
  const embolic = flow.embolic;
  for (const array of [embolic.cellParticleMl, embolic.sinkParticleMl, embolic.cellCoilPacking]) {
    flow.hashWords.push(new Uint32Array(array.buffer, array.byteOffset, array.length * 2));
  }
  // Tissue compartments are sized from the resting flow with every vessel open: V = Q₀ · τ.
  recomputeFlows(flow);
  flow.restingCellFlow.set(flow.bloodFlow);
  flow.restingSinkFlow.set(flow.sinkBloodFlow);
  setBedCapacities(flow.embolic, flow.sinkBloodFlow);
  for (let k = 0; k < sinkCount; k++) {
    if (network.sinkKind[k] === SINK_TERRITORY) {
      const segment = network.sinkRef[k]!;
      flow.territorySink[segment] = k;
      flow.territoryVolumeMl[segment] = Math.max(flow.sinkBloodFlow[k]! * TERRITORY_WASHOUT_S, 1e-6);
    }
  }
  for (const occlusion of resolved.occlusions) placeClot(flow, occlusion.segmentIndex, occlusion.arcMm);
  recomputeFlows(flow);
  // Pools start at the volume a steady bleed keeps (inflow = resorption): the patient was bleeding already.
  for (let k = 0; k < sinkCount; k++) {
    if (network.sinkKind[k] === SINK_BLEED)
      poolVolumeMl[network.sinkRef[k]!] = flow.sinkBloodFlow[k]! * POOL_CLEARANCE_S;
  }
  return flow;
}

/** Advances the contrast by `dtS` seconds (the core steps at 1/120 s). Allocation-free. */
export function stepContrastFlow(flow: ContrastFlow, dtS: number): void {
  if (!(dtS > 0 && dtS <= 1))
    throw new Error(`stepContrastFlow: dtS is ${dtS}; give a step of more than 0 and at most 1 s`);
  const network = flow.network;
  const substeps = Math.max(1, Math.ceil((flow.maxOutPerVolume * dtS) / CFL_TARGET));
  const h = dtS / substeps;
  const injection = flow.injection;
  for (let s = 0; s < substeps; s++) {
    let deliveredMl = 0;
    if (injection.active) deliveredMl = Math.min(injection.rateMlPerS * h, injection.remainingMl);
    transportSubstep(flow, h, deliveredMl);
    if (injection.active && flow.embolic.injectedFraction > 0 && deliveredMl > 0) {
      // Particles in the injectate: forward with the flow, the reflux's share into the other paths.
      const particlesMl = deliveredMl * flow.embolic.injectedFraction;
      const refluxed = particlesMl * flow.refluxFraction;
      if (depositParticles(network, flow.embolic, injection, flow.particleFlows, particlesMl - refluxed, refluxed))
        recomputeFlows(flow);
    }
    if (injection.active) {
      injection.remainingMl -= deliveredMl;
      flow.contrastInjectedMl += deliveredMl;
      flow.contrastRefluxedMl += deliveredMl * flow.refluxFraction;
      if (injection.remainingMl <= 1e-12) stopInjection(flow);
    }
  }
  flow.steps++;
}

function transportSubstep(flow: ContrastFlow, h: number, deliveredMl: number): void {
  const network = flow.network;
  const { downIn, downOut, upIn, upOut, sink } = flow.fluxes;
  const { nodeMass, nodeConcentration } = flow.scratch;
  const c = flow.concentration;
  const volume = network.cellVolumeMl;
  const startNode = network.cellStartNode;
  const endNode = network.cellEndNode;
  const cellCount = network.cellCount;
  // What every node receives (mL/s of contrast), then what it holds per mL it hands on.
  nodeMass.fill(0);
  for (let i = 0; i < cellCount; i++) {
    nodeMass[endNode[i]!]! += downOut[i]! * c[i]!;
    if (upOut[i]! > 0) nodeMass[startNode[i]!]! += upOut[i]! * c[i]!;
  }
  const nodeOut = flow.nodeOutFlow;
  for (let n = 0; n < network.nodeCount; n++) {
    nodeConcentration[n] = nodeOut[n]! > 0 ? nodeMass[n]! / nodeOut[n]! : 0;
  }
  for (let i = 0; i < cellCount; i++) {
    const inflow = downIn[i]! * nodeConcentration[startNode[i]!]! + upIn[i]! * nodeConcentration[endNode[i]!]!;
    c[i] = c[i]! + (h * (inflow - (downOut[i]! + upOut[i]!) * c[i]!)) / volume[i]!;
  }
  if (deliveredMl > 0) {
    const tip = flow.injection.tipCell;
    c[tip] = c[tip]! + deliveredMl / volume[tip]!;
  }
  for (let k = 0; k < network.sinkCount; k++) {
    const inMl = h * sink[k]! * nodeConcentration[network.sinkNode[k]!]!;
    const ref = network.sinkRef[k]!;
    const kind = network.sinkKind[k]!;
    if (kind === SINK_TERRITORY) {
      // Well mixed: as much blood leaves into the veins as comes in, at the compartment's concentration.
      const outMl = h * sink[k]! * flow.territoryConcentration[ref]!;
      flow.territoryConcentration[ref] =
        flow.territoryConcentration[ref]! + (inMl - outMl) / flow.territoryVolumeMl[ref]!;
      flow.contrastLeftMl += outMl;
    } else if (kind === SINK_BLEED) {
      const resorbedMl = (h * flow.poolContrastMl[ref]!) / POOL_CLEARANCE_S;
      flow.poolContrastMl[ref] = flow.poolContrastMl[ref]! + inMl - resorbedMl;
      flow.poolVolumeMl[ref] = flow.poolVolumeMl[ref]! + h * (sink[k]! - flow.poolVolumeMl[ref]! / POOL_CLEARANCE_S);
      flow.contrastLeftMl += resorbedMl;
    } else {
      flow.contrastLeftMl += inMl;
    }
  }
}

/**
 * Starts an injection from a catheter tip at `site` (segment index, arc mm): `rateMlPerS` of
 * full-strength contrast until `volumeMl` is delivered. Replaces a running one.
 */
export function startInjection(
  flow: ContrastFlow,
  site: { segmentIndex: number; arcMm: number },
  rateMlPerS: number,
  volumeMl: number,
  /** Particles suspended in it: their diameter (mm) and mL of particles per mL injected. */
  particles: { diameterMm: number; fraction: number } | null = null,
): void {
  const where = checkSite(flow, site.segmentIndex, site.arcMm, 'startInjection');
  if (!Number.isFinite(rateMlPerS) || rateMlPerS <= 0 || rateMlPerS > MAX_INJECTION_RATE_ML_PER_S) {
    throw new Error(
      `startInjection: rate ${rateMlPerS} mL/s; an injector gives more than 0 and at most ${MAX_INJECTION_RATE_ML_PER_S} mL/s`,
    );
  }
  if (!Number.isFinite(volumeMl) || volumeMl <= 0 || volumeMl > MAX_INJECTION_VOLUME_ML) {
    throw new Error(
      `startInjection: volume ${volumeMl} mL; give more than 0 and at most ${MAX_INJECTION_VOLUME_ML} mL per run`,
    );
  }
  if (
    particles &&
    !(particles.diameterMm > 0 && particles.diameterMm <= 2 && particles.fraction > 0 && particles.fraction <= 0.5)
  ) {
    throw new Error(
      `startInjection: particles of ${particles.diameterMm} mm at ${particles.fraction} mL per mL; give 0–2 mm and at most 0.5 mL per mL`,
    );
  }
  const injection = flow.injection;
  injection.active = true;
  injection.segmentIndex = site.segmentIndex;
  injection.arcMm = site.arcMm;
  injection.tipCell = where;
  injection.askedRateMlPerS = rateMlPerS;
  injection.remainingMl = volumeMl;
  flow.embolic.injectedDiameterMm = particles?.diameterMm ?? 0;
  flow.embolic.injectedFraction = particles?.fraction ?? 0;
  recomputeFlows(flow);
}

export function stopInjection(flow: ContrastFlow): void {
  if (!flow.injection.active) return;
  flow.injection.active = false;
  flow.injection.remainingMl = 0;
  flow.embolic.injectedDiameterMm = 0;
  flow.embolic.injectedFraction = 0;
  recomputeFlows(flow);
}

export function injectionActive(flow: ContrastFlow): boolean {
  return flow.injection.active;
}

/** Puts a clot in `segmentKey` at `arcMm` (replacing one there), or removes it with null. */
export function setOcclusion(flow: ContrastFlow, segmentKey: string, arcMm: number | null): void {
  const segmentIndex = flow.tree.segments.findIndex((segment) => segment.key === segmentKey);
  if (segmentIndex < 0) throw new Error(`setOcclusion: "${segmentKey}" is not a vessel of ${flow.tree.name}`);
  if (arcMm === null) {
    flow.occlusionCell[segmentIndex] = -1;
    flow.occlusionArcMm[segmentIndex] = Number.NaN;
  } else {
    checkSite(flow, segmentIndex, arcMm, 'setOcclusion');
    placeClot(flow, segmentIndex, arcMm);
  }
  recomputeFlows(flow);
}

/**
 * Pushes a coil out of a microcatheter whose tip is at `site`; it packs, migrates or herniates
 * (`embolics.ts`) and the flow is solved again with it in place.
 */
export function deployCoilAt(
  flow: ContrastFlow,
  site: { segmentIndex: number; arcMm: number },
  coil: CoilSpec,
): CoilOutcome {
  const cell = checkSite(flow, site.segmentIndex, site.arcMm, 'deployCoil');
  const outcome = deployCoil(flow.tree, flow.network, flow.embolic, cell, site.arcMm, coil, flow.bloodFlow);
  recomputeFlows(flow);
  return outcome;
}

/**
 * A balloon inflated at `site` (a balloon guide's tip) arrests the flow through the vessel there:
 * it passes only the collateral fraction, as a clot would. `null` deflates it.
 */
export function setFlowArrest(flow: ContrastFlow, site: { segmentIndex: number; arcMm: number } | null): void {
  flow.arrestCell = site === null ? -1 : checkSite(flow, site.segmentIndex, site.arcMm, 'setFlowArrest');
  recomputeFlows(flow);
}

/** The flow cell holding a site (segment index, arc mm), after checking it. */
export function cellAtSite(flow: ContrastFlow, site: { segmentIndex: number; arcMm: number }): number {
  return checkSite(flow, site.segmentIndex, site.arcMm, 'cellAtSite');
}

/** Blood flow (mL/s, without an injection's own volume) at `arcMm` along a segment; a branch's origin counts as past it. */
export function segmentFlowMlPerS(flow: ContrastFlow, segmentIndex: number, arcMm: number): number {
  return flow.bloodFlow[checkSite(flow, segmentIndex, arcMm, 'segmentFlowMlPerS')]!;
}

/** Blood flow (mL/s) out of a segment's end into its territory or terminal end; 0 where it only branches. */
export function territoryFlowMlPerS(flow: ContrastFlow, segmentIndex: number): number {
  const network = flow.network;
  for (let k = 0; k < network.sinkCount; k++) {
    if (network.sinkKind[k] !== SINK_BLEED && network.sinkRef[k] === segmentIndex) return flow.sinkBloodFlow[k]!;
  }
  return 0;
}

export function totalSampleCount(tree: VesselTree): number {
  let count = 0;
  for (const segment of tree.segments) count += segment.radiiMm.length;
  return count;
}

/** Concentration at every centreline sample (segments in tree order), linear between cell centres. */
export function sampleConcentrations(flow: ContrastFlow, out: Float32Array): void {
  const network = flow.network;
  const a = network.sampleCellA;
  const b = network.sampleCellB;
  const w = network.sampleWeightB;
  if (out.length !== a.length) {
    throw new Error(`sampleConcentrations: out has ${out.length} entries; the tree has ${a.length} samples`);
  }
  const c = flow.concentration;
  for (let i = 0; i < a.length; i++) out[i] = c[a[i]!]! + w[i]! * (c[b[i]!]! - c[a[i]!]!);
}

/** Per segment index: its territory's tissue concentration (0 for segments without a territory). */
export function territoryConcentrations(flow: ContrastFlow, out: Float32Array): void {
  if (out.length !== flow.tree.segments.length) {
    throw new Error(
      `territoryConcentrations: out has ${out.length} entries; the tree has ${flow.tree.segments.length} vessels`,
    );
  }
  for (let s = 0; s < out.length; s++) out[s] = flow.territoryConcentration[s]!;
}

/** The extravasation pools, one per bleeding point in option order; the same objects every call, updated. */
export function extravasationPools(flow: ContrastFlow): readonly ExtravasationPool[] {
  for (let p = 0; p < flow.pools.length; p++) {
    const pool = flow.pools[p]!;
    pool.volumeMl = flow.poolVolumeMl[p]!;
    pool.contrastMl = flow.poolContrastMl[p]!;
    pool.concentration = pool.volumeMl > 0 ? Math.min(1, pool.contrastMl / pool.volumeMl) : 0;
  }
  return flow.pools;
}

/** Where the injected contrast is (mL): their sum equals `injectedMl` up to rounding. */
export function contrastBalanceMl(flow: ContrastFlow): {
  injectedMl: number;
  inVesselsMl: number;
  inTerritoriesMl: number;
  inPoolsMl: number;
  leftMl: number;
} {
  let inVesselsMl = 0;
  for (let i = 0; i < flow.network.cellCount; i++)
    inVesselsMl += flow.concentration[i]! * flow.network.cellVolumeMl[i]!;
  let inTerritoriesMl = 0;
  for (let s = 0; s < flow.tree.segments.length; s++) {
    inTerritoriesMl += flow.territoryConcentration[s]! * flow.territoryVolumeMl[s]!;
  }
  let inPoolsMl = 0;
  for (let p = 0; p < flow.poolContrastMl.length; p++) inPoolsMl += flow.poolContrastMl[p]!;
  return { injectedMl: flow.contrastInjectedMl, inVesselsMl, inTerritoriesMl, inPoolsMl, leftMl: flow.contrastLeftMl };
}

/** FNV-1a over the exact bits of every concentration, pool and counter: equal states, equal hashes. */
export function contrastStateHash(flow: ContrastFlow): number {
  let hash = 0x811c9dc5;
  for (const words of flow.hashWords) {
    for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i]!, 0x01000193);
  }
  const counters = [flow.contrastInjectedMl, flow.contrastLeftMl, flow.contrastRefluxedMl, flow.steps];
  for (const value of counters) {
    hash = Math.imul(hash ^ (Math.round(value * 1e9) >>> 0), 0x01000193);
  }
  // Mixed in only while a balloon is up, so every state without one hashes as before.
  if (flow.arrestCell >= 0) hash = Math.imul(hash ^ (flow.arrestCell + 1), 0x01000193);
  return hash >>> 0;
}

/** The cell at a site, after checking it; errors name the caller and the bad value. */
function checkSite(flow: ContrastFlow, segmentIndex: number, arcMm: number, caller: string): number {
  const segments = flow.tree.segments;
  if (!Number.isInteger(segmentIndex) || segmentIndex < 0 || segmentIndex >= segments.length) {
    throw new Error(
      `${caller}: segment index ${segmentIndex} is not a vessel of ${flow.tree.name} (0 to ${segments.length - 1})`,
    );
  }
  const lengthMm = segmentLengthMm(segments[segmentIndex]!);
  if (!Number.isFinite(arcMm) || arcMm < 0 || arcMm > lengthMm + 1e-6) {
    throw new Error(
      `${caller}: arc ${arcMm} mm is off "${segments[segmentIndex]!.key}", which runs from 0 to ${lengthMm.toFixed(1)} mm`,
    );
  }
  return cellAt(flow.network, segmentIndex, arcMm);
}

function placeClot(flow: ContrastFlow, segmentIndex: number, arcMm: number): void {
  flow.occlusionCell[segmentIndex] = cellAt(flow.network, segmentIndex, arcMm);
  flow.occlusionArcMm[segmentIndex] = arcMm;
}

/** Blood flow with the clots, the injection's volume on top, and what each node hands on. */
function recomputeFlows(flow: ContrastFlow): void {
  const network = flow.network;
  flow.clotted.fill(0);
  for (let s = 0; s < flow.occlusionCell.length; s++) {
    if (flow.occlusionCell[s]! >= 0) flow.clotted[flow.occlusionCell[s]!] = 1;
  }
  fillPassFactors(network, flow.embolic, flow.clotted, COLLATERAL_FRACTION, flow.cellPass, flow.sinkPass);
  if (flow.arrestCell >= 0) {
    flow.cellPass[flow.arrestCell] = Math.min(flow.cellPass[flow.arrestCell]!, COLLATERAL_FRACTION);
  }
  solveFlowSplit(
    network,
    flow.shares,
    flow.rootFlowMlPerS,
    flow.cellPass,
    flow.sinkPass,
    flow.scratch,
    flow.bloodFlow,
    flow.sinkBloodFlow,
    flow.nodeBloodFlow,
  );
  const fluxes = flow.fluxes;
  fluxes.downIn.set(flow.bloodFlow);
  fluxes.downOut.set(flow.bloodFlow);
  fluxes.upIn.fill(0);
  fluxes.upOut.fill(0);
  fluxes.sink.set(flow.sinkBloodFlow);
  const injection = flow.injection;
  flow.refluxFraction = 0;
  if (injection.active) {
    findRefluxPath(network, flow.bloodFlow, flow.nodeBloodFlow, flow.rootFlowMlPerS, injection);
    const maxOutPerVolume = CFL_TARGET * MAX_SUBSTEPS * SIM_STEP_HZ;
    injectionRates(network, flow.bloodFlow, injection.askedRateMlPerS, maxOutPerVolume, injection);
    addInjectionFlow(
      network,
      flow.bloodFlow,
      flow.sinkBloodFlow,
      flow.nodeBloodFlow,
      injection,
      fluxes,
      flow.scratch.nodeExtra,
    );
    flow.refluxFraction = injection.rateMlPerS > 0 ? injection.refluxMlPerS / injection.rateMlPerS : 0;
  }
  const nodeOut = flow.nodeOutFlow;
  nodeOut.fill(0);
  let maxOutPerVolume = 0;
  for (let i = 0; i < network.cellCount; i++) {
    nodeOut[network.cellStartNode[i]!]! += fluxes.downIn[i]!;
    nodeOut[network.cellEndNode[i]!]! += fluxes.upIn[i]!;
    maxOutPerVolume = Math.max(maxOutPerVolume, (fluxes.downOut[i]! + fluxes.upOut[i]!) / network.cellVolumeMl[i]!);
  }
  for (let k = 0; k < network.sinkCount; k++) nodeOut[network.sinkNode[k]!]! += fluxes.sink[k]!;
  flow.maxOutPerVolume = maxOutPerVolume;
}
