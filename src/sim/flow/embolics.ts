import { radiusAtArc, SINK_BLEED, type FlowNetwork } from './flow-network.ts';
import type { VesselTree } from '../anatomy/model.ts';

/**
 * Embolic agents in the flow network (DOMAIN.md "Embolization"): particles and coils.
 *
 * Particles ride in an injection (`startInjection(..., particles)`). They go where the blood goes:
 * at every node they split as the flow splits, the injection's reflux carrying its share up the
 * vessel and into the other paths (`injection-flow.ts`): that is non-target embolization. A
 * particle cannot enter a vessel narrower than itself: the flow into it carries no particles, and
 * they go on with the rest (so 500–700 µm spheres pass by a 0.4 mm utero-ovarian anastomosis while
 * 300–500 µm ones enter it and reach the ovary). Where every way on is too narrow, they wedge at
 * the end of the vessel they are in; otherwise they end in the capillary bed (a territory). Transit is taken as instantaneous: at 1/120 s steps a
 * particle's seconds in the arteries matter less than where it lands.
 * - A cell fills when its particles reach `cellPackingFraction` of its volume (random close
 *   packing of spheres, ≈ 0.6); a bed holds `bedCapacityS` seconds of its resting flow (est.: a
 *   uterine artery of ≈ 1.5 mL/s then takes ≈ 2 mL of particles before stasis).
 * - A cell or bed passes 1 − occlusion·(1 − collateral) of its normal flow, so as the target bed
 *   fills its flow falls, the injection at the tip exceeds it, and the excess refluxes.
 *
 * Coils (`deployCoil`) are pushed out of a microcatheter at its tip and judged by their loop
 * diameter Dc against the vessel's diameter Dv there (practice: oversize by 10–20%):
 * - Dc < Dv: the loops cannot hold the wall and the coil migrates with the flow until the vessel
 *   narrows below Dc (or into the bed), where it packs instead.
 * - Dc > `coilHerniationRatio`·Dv: the coil cannot form loops; half of it herniates back into the
 *   parent vessel (est.).
 * - Otherwise it packs a mass about two vessel diameters long (est.); its volumetric packing
 *   density (coil volume / lumen volume of the mass) occludes the vessel fully at
 *   `coilOcclusivePacking` (est. 25%, after the ~24% packing density that resists recanalization
 *   in aneurysm coiling).
 *
 * Everything is plain typed arrays in the flow's state (deep-copyable for keyframes); nothing here
 * allocates per step.
 */

export const cellPackingFraction = 0.6;
export const bedCapacityS = 1.3;
export const coilOcclusivePacking = 0.25;
export const coilHerniationRatio = 1.6;
/** A coil mass spans this many vessel diameters (est.). */
const coilMassDiameters = 2;
/** Primary (wire) diameter of an 0.018" coil (mm): its volume is π/4 · d² · length. */
export const coilPrimaryDiameterMm = 0.457;

/** Particle size classes sold for embolization (µm), e.g. calibrated microspheres. */
export const particleSizeClassesUm = [
  [100, 300],
  [300, 500],
  [500, 700],
  [700, 900],
  [900, 1200],
] as const;

export interface EmbolicState {
  /** Per cell: its narrowest radius (mm), particle and bed capacities (mL). */
  cellMinRadiusMm: Float64Array;
  cellCapacityMl: Float64Array;
  cellParticleMl: Float64Array;
  /** Per cell: the packing density of coils there (coil volume / lumen volume of the mass). */
  cellCoilPacking: Float64Array;
  sinkCapacityMl: Float64Array;
  sinkParticleMl: Float64Array;
  /** The running injection's particles: diameter (mm; 0 when it carries none) and mL of particles per mL injected. */
  injectedDiameterMm: number;
  injectedFraction: number;
  /** Particles delivered from the tip, and of them sent up the vessel by reflux (mL). */
  particlesDeliveredMl: number;
  particlesRefluxedMl: number;
  coilsDeployed: number;
  /** Scratch: particles arriving at each node this step, and the flow each node can hand them on to. */
  nodeCarry: Float64Array;
  nodeAccept: Float64Array;
}

/** Empty of embolic material; the beds' capacities are set from the resting flows (`setBedCapacities`). */
export function createEmbolicState(tree: VesselTree, network: FlowNetwork): EmbolicState {
  const cellMinRadiusMm = new Float64Array(network.cellCount);
  const cellCapacityMl = new Float64Array(network.cellCount);
  for (let c = 0; c < network.cellCount; c++) {
    const segment = tree.segments[network.cellSegment[c]!]!;
    const start = radiusAtArc(segment.arcMm, segment.radiiMm, network.cellStartArcMm[c]!);
    const end = radiusAtArc(segment.arcMm, segment.radiiMm, network.cellEndArcMm[c]!);
    cellMinRadiusMm[c] = Math.min(start, end);
    cellCapacityMl[c] = network.cellVolumeMl[c]! * cellPackingFraction;
  }
  const sinkCapacityMl = new Float64Array(network.sinkCount).fill(1);
  return {
    cellMinRadiusMm,
    cellCapacityMl,
    cellParticleMl: new Float64Array(network.cellCount),
    cellCoilPacking: new Float64Array(network.cellCount),
    sinkCapacityMl,
    sinkParticleMl: new Float64Array(network.sinkCount),
    injectedDiameterMm: 0,
    injectedFraction: 0,
    particlesDeliveredMl: 0,
    particlesRefluxedMl: 0,
    coilsDeployed: 0,
    nodeCarry: new Float64Array(network.nodeCount),
    nodeAccept: new Float64Array(network.nodeCount),
  };
}

/** A bed holds `bedCapacityS` seconds of its resting flow in particles. */
export function setBedCapacities(embolic: EmbolicState, restingSinkFlowMlPerS: Float64Array): void {
  for (let k = 0; k < restingSinkFlowMlPerS.length; k++) {
    embolic.sinkCapacityMl[k] = Math.max(restingSinkFlowMlPerS[k]! * bedCapacityS, 1e-6);
  }
}

/** Fraction (0–1) of a cell's lumen closed by particles or coils. */
export function cellOcclusion(embolic: EmbolicState, cell: number): number {
  const particles = embolic.cellParticleMl[cell]! / embolic.cellCapacityMl[cell]!;
  const coils = embolic.cellCoilPacking[cell]! / coilOcclusivePacking;
  return Math.min(1, Math.max(particles, coils));
}

export function sinkOcclusion(embolic: EmbolicState, sink: number): number {
  return Math.min(1, embolic.sinkParticleMl[sink]! / embolic.sinkCapacityMl[sink]!);
}

/** Fills the pass factors `solveFlowSplit` takes: clots pass the collateral fraction, embolized cells and beds less in proportion. */
export function fillPassFactors(
  network: FlowNetwork,
  embolic: EmbolicState,
  clotted: Uint8Array,
  collateralFraction: number,
  cellPass: Float64Array,
  sinkPass: Float64Array,
): void {
  for (let c = 0; c < network.cellCount; c++) {
    cellPass[c] = clotted[c] ? collateralFraction : 1 - cellOcclusion(embolic, c) * (1 - collateralFraction);
  }
  for (let k = 0; k < network.sinkCount; k++) {
    sinkPass[k] = 1 - sinkOcclusion(embolic, k) * (1 - collateralFraction);
  }
}

/** Where the injection delivers: the tip's cell and where its reflux joins the other paths. */
export interface ParticleRoute {
  tipCell: number;
  refluxNode: number;
  refluxTopCell: number;
}

/** The blood flow particles follow: per cell, per sink and reaching each node (mL/s). */
export interface BloodFlows {
  cellFlow: Float64Array;
  sinkFlow: Float64Array;
  nodeFlow: Float64Array;
}

/**
 * Lodges `forwardMl` of particles carried downstream from the tip and `refluxMl` carried by the
 * reflux into the other paths at the reflux node. Returns whether any cell or bed gained load.
 */
export function depositParticles(
  network: FlowNetwork,
  embolic: EmbolicState,
  route: ParticleRoute,
  flows: BloodFlows,
  forwardMl: number,
  refluxMl: number,
): boolean {
  const diameter = embolic.injectedDiameterMm;
  const radius = embolic.cellMinRadiusMm;
  const refluxNode = refluxMl > 0 ? route.refluxNode : -1;
  // What each node can hand particles on to: cells wide enough for them, and the beds and ends
  // (whose arterioles take any size). The reflux goes on only into the other paths at its node.
  const accept = embolic.nodeAccept;
  accept.fill(0);
  for (let c = 0; c < network.cellCount; c++) {
    if (2 * radius[c]! < diameter || c === route.refluxTopCell) continue;
    accept[network.cellStartNode[c]!]! += flows.cellFlow[c]!;
  }
  if (route.refluxTopCell !== route.tipCell && 2 * radius[route.refluxTopCell]! >= diameter) {
    // The reflux top cell is excluded only at the reflux node; forward particles never reach that node.
    const node = network.cellStartNode[route.refluxTopCell]!;
    if (node !== refluxNode) accept[node]! += flows.cellFlow[route.refluxTopCell]!;
  }
  for (let k = 0; k < network.sinkCount; k++) accept[network.sinkNode[k]!]! += flows.sinkFlow[k]!;

  const carry = embolic.nodeCarry;
  carry.fill(0);
  const tipEnd = network.cellEndNode[route.tipCell]!;
  // Particles wider than the vessel at the tip, or with nowhere to go from it, stay in the tip's cell.
  if (2 * radius[route.tipCell]! < diameter || !(accept[tipEnd]! > 0))
    embolic.cellParticleMl[route.tipCell]! += forwardMl;
  else carry[tipEnd] = forwardMl;
  if (refluxNode >= 0) {
    if (accept[refluxNode]! > 0) carry[refluxNode]! += refluxMl;
    else embolic.cellParticleMl[route.refluxTopCell]! += refluxMl;
  }
  for (let c = 0; c < network.cellCount; c++) {
    const node = network.cellStartNode[c]!;
    const arriving = carry[node]!;
    if (arriving === 0 || c === route.tipCell || 2 * radius[c]! < diameter) continue;
    if (node === refluxNode && c === route.refluxTopCell) continue;
    const share = (arriving * flows.cellFlow[c]!) / accept[node]!;
    const end = network.cellEndNode[c]!;
    // Where the vessel goes on only into paths narrower than the particles, they wedge at its end.
    if (accept[end]! > 0) carry[end]! += share;
    else embolic.cellParticleMl[c]! += share;
  }
  for (let k = 0; k < network.sinkCount; k++) {
    const node = network.sinkNode[k]!;
    const arriving = carry[node]!;
    // A bleeding point takes particles out of the vessel, where they plug the tear (est.).
    if (arriving > 0) embolic.sinkParticleMl[k]! += (arriving * flows.sinkFlow[k]!) / accept[node]!;
  }
  embolic.particlesDeliveredMl += forwardMl + refluxMl;
  embolic.particlesRefluxedMl += refluxMl;
  return forwardMl + refluxMl > 0;
}

export interface CoilSpec {
  /** Loop (secondary) diameter (mm). */
  diameterMm: number;
  lengthCm: number;
}

export interface CoilOutcome {
  outcome: 'packed' | 'migrated' | 'herniated';
  /** Where the coil ended up (segment index and arc), and the vessel diameter at the site it was pushed out (mm). */
  segmentIndex: number;
  arcMm: number;
  vesselDiameterMm: number;
  /** Packing density of the mass it joined, and how much of that vessel it now closes (0–1). */
  packing: number;
  occlusion: number;
}

/**
 * Pushes a coil out of a microcatheter whose tip is in `tipCell` (see the module comment for
 * what decides packing, migration and herniation). `cellFlow` is the blood flow the coil would
 * be carried by if it migrates.
 */
export function deployCoil(
  tree: VesselTree,
  network: FlowNetwork,
  embolic: EmbolicState,
  tipCell: number,
  tipArcMm: number,
  coil: CoilSpec,
  cellFlow: Float64Array,
): CoilOutcome {
  if (!(coil.diameterMm >= 1 && coil.diameterMm <= 30)) {
    throw new Error(`deploy coil: a ${coil.diameterMm} mm coil; coils are 1 to 30 mm across their loops`);
  }
  if (!(coil.lengthCm >= 1 && coil.lengthCm <= 60)) {
    throw new Error(`deploy coil: ${coil.lengthCm} cm long; coils are 1 to 60 cm`);
  }
  const segmentIndex = network.cellSegment[tipCell]!;
  const segment = tree.segments[segmentIndex]!;
  const vesselDiameterMm = 2 * radiusAtArc(segment.arcMm, segment.radiiMm, tipArcMm);
  const volumeMl = (Math.PI / 4) * coilPrimaryDiameterMm ** 2 * coil.lengthCm * 10 * 1e-3;
  embolic.coilsDeployed++;
  if (coil.diameterMm < vesselDiameterMm) {
    const cell = migrationStop(network, embolic, tipCell, coil.diameterMm, cellFlow);
    const packing = pack(embolic, cell, volumeMl, 2 * embolic.cellMinRadiusMm[cell]!);
    return outcome('migrated', network, embolic, cell, vesselDiameterMm, packing);
  }
  if (coil.diameterMm > coilHerniationRatio * vesselDiameterMm) {
    pack(embolic, tipCell, volumeMl / 2, vesselDiameterMm);
    // The other half lies back in the vessel upstream: the cell before the tip's (the parent at a branch origin).
    const upstream = network.nodeIncomingCell[network.cellStartNode[tipCell]!]!;
    const parentCell = upstream >= 0 ? upstream : tipCell;
    const packing = pack(embolic, parentCell, volumeMl / 2, 2 * embolic.cellMinRadiusMm[parentCell]!);
    return outcome('herniated', network, embolic, parentCell, vesselDiameterMm, packing);
  }
  const packing = pack(embolic, tipCell, volumeMl, vesselDiameterMm);
  return outcome('packed', network, embolic, tipCell, vesselDiameterMm, packing);
}

/** Follows the largest flow downstream from `cell` until a cell narrower than the coil's loops. */
function migrationStop(
  network: FlowNetwork,
  embolic: EmbolicState,
  cell: number,
  coilDiameterMm: number,
  cellFlow: Float64Array,
): number {
  let at = cell;
  for (;;) {
    const end = network.cellEndNode[at]!;
    let next = -1;
    for (let c = at + 1; c < network.cellCount; c++) {
      if (network.cellStartNode[c] === end && (next < 0 || cellFlow[c]! > cellFlow[next]!)) next = c;
    }
    if (next < 0) return at;
    at = next;
    if (2 * embolic.cellMinRadiusMm[at]! < coilDiameterMm) return at;
  }
}

/** Adds coil volume to the mass in `cell` (spanning two vessel diameters); returns its packing density. */
function pack(embolic: EmbolicState, cell: number, volumeMl: number, vesselDiameterMm: number): number {
  const massVolumeMl = ((Math.PI / 4) * vesselDiameterMm ** 2 * coilMassDiameters * vesselDiameterMm) / 1000;
  embolic.cellCoilPacking[cell]! += volumeMl / massVolumeMl;
  return embolic.cellCoilPacking[cell]!;
}

function outcome(
  kind: CoilOutcome['outcome'],
  network: FlowNetwork,
  embolic: EmbolicState,
  cell: number,
  vesselDiameterMm: number,
  packing: number,
): CoilOutcome {
  return {
    outcome: kind,
    segmentIndex: network.cellSegment[cell]!,
    arcMm: (network.cellStartArcMm[cell]! + network.cellEndArcMm[cell]!) / 2,
    vesselDiameterMm,
    packing,
    occlusion: cellOcclusion(embolic, cell),
  };
}

/** Particles (mL) lodged in a segment's cells and in its bed. */
export function segmentParticlesMl(network: FlowNetwork, embolic: EmbolicState, segmentIndex: number): number {
  let total = 0;
  const first = network.segmentFirstCell[segmentIndex]!;
  for (let c = first; c < first + network.segmentCellCount[segmentIndex]!; c++) total += embolic.cellParticleMl[c]!;
  for (let k = 0; k < network.sinkCount; k++) {
    if (network.sinkKind[k] !== SINK_BLEED && network.sinkRef[k] === segmentIndex) total += embolic.sinkParticleMl[k]!;
  }
  return total;
}

/** A coil mass for the image: the cell it packs, the vessel radius there (mm) and its packing. */
export interface CoilMass {
  cell: number;
  radiusMm: number;
  packing: number;
}

/** Every cell holding coils, in cell order (a few per case; allocates the list it returns). */
export function coilMasses(network: FlowNetwork, embolic: EmbolicState): CoilMass[] {
  const masses: CoilMass[] = [];
  for (let c = 0; c < network.cellCount; c++) {
    const packing = embolic.cellCoilPacking[c]!;
    if (packing > 0) masses.push({ cell: c, radiusMm: embolic.cellMinRadiusMm[c]!, packing });
  }
  return masses;
}
