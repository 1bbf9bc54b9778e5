import type { FlowNetwork } from './flow-network.ts';

/**
 * What an injection does to the flow: it adds its own volume at the catheter tip. The bed
 * downstream takes at most as much again as its resting flow Q (est.: the injection pressure
 * roughly doubles the distal flow before the column backs up), so with rate R ≤ Q everything goes
 * downstream and the tip mixes to R / (Q + R); the excess R − Q refluxes. Reflux is a retrograde
 * stream along the vessel from the tip up to the first node where other paths leave (a sibling
 * branch, the parent going on, a territory), running against the antegrade flow (both cross the
 * cells between; each cell keeps its volume), and at that node it joins the flow into the other
 * paths, split as their blood flow is. That is how a selective injection spills into the aorta or
 * a sibling branch. The extra volume leaves through the terminal ends downstream of where it went.
 */
export interface InjectionFlow {
  /** Cell the tip lies in. */
  tipCell: number;
  /** Node where the reflux joins other paths, or -1 where it has nowhere to go (then all goes downstream). */
  refluxNode: number;
  /** The cell whose start is the reflux node on the way up from the tip (the tip's own cell at the least). */
  refluxTopCell: number;
  /** Rate actually delivered (mL/s): the asked rate, lowered where the tip's cells could not take it (see below). */
  rateMlPerS: number;
  forwardMlPerS: number;
  refluxMlPerS: number;
}

/**
 * The explicit transport stays stable with at most this many substeps per core step; an
 * injection faster than the vessel at the tip can take within that is delivered at the rate it
 * can take. It only bites for a microcatheter wedged in a sub-millimetre vessel, where a real
 * injector would hit its pressure limit anyway.
 */
export const MAX_SUBSTEPS = 64;
export const CFL_TARGET = 0.9;

/** Finds where the reflux from a tip in `tipCell` goes; fills `injection` (not the rates). */
export function findRefluxPath(
  network: FlowNetwork,
  cellFlow: Float64Array,
  nodeFlow: Float64Array,
  rootFlowMlPerS: number,
  injection: InjectionFlow,
): void {
  let cell = injection.tipCell;
  for (;;) {
    const node = network.cellStartNode[cell]!;
    if (nodeFlow[node]! - cellFlow[cell]! > 1e-9 * rootFlowMlPerS) {
      injection.refluxNode = node;
      injection.refluxTopCell = cell;
      return;
    }
    const above = network.nodeIncomingCell[node]!;
    if (above < 0) {
      injection.refluxNode = -1;
      injection.refluxTopCell = cell;
      return;
    }
    cell = above;
  }
}

/**
 * Sets the delivered, forward and reflux rates for an asked `rateMlPerS`, given the most any
 * cell may pass per second and per mL of its volume (`maxOutPerVolume`, 1/s).
 */
export function injectionRates(
  network: FlowNetwork,
  cellFlow: Float64Array,
  rateMlPerS: number,
  maxOutPerVolume: number,
  injection: InjectionFlow,
): void {
  const tip = injection.tipCell;
  const localFlow = cellFlow[tip]!;
  let rate = Math.min(rateMlPerS, Math.max(0, maxOutPerVolume * network.cellVolumeMl[tip]! - localFlow));
  if (injection.refluxNode >= 0 && injection.refluxTopCell !== tip) {
    let cell = network.nodeIncomingCell[network.cellStartNode[tip]!]!;
    let refluxRoom = Infinity;
    for (;;) {
      refluxRoom = Math.min(refluxRoom, maxOutPerVolume * network.cellVolumeMl[cell]! - cellFlow[cell]!);
      if (cell === injection.refluxTopCell) break;
      cell = network.nodeIncomingCell[network.cellStartNode[cell]!]!;
    }
    rate = Math.min(rate, localFlow + Math.max(0, refluxRoom));
  }
  injection.rateMlPerS = rate;
  injection.forwardMlPerS = injection.refluxNode >= 0 ? Math.min(rate, localFlow) : rate;
  injection.refluxMlPerS = rate - injection.forwardMlPerS;
}

/** Cell fluxes in mL/s; `*In` enter the cell, `*Out` leave it; down = antegrade, up = retrograde. */
export interface CellFluxes {
  downIn: Float64Array;
  downOut: Float64Array;
  upIn: Float64Array;
  upOut: Float64Array;
  sink: Float64Array;
}

/**
 * Adds the injection's volume to the blood flow already in `fluxes`: the forward part spread
 * downstream of the tip, the reflux up the vessel and into the other paths at the reflux node,
 * each split as the blood flow splits. `nodeExtra` is scratch (one per node).
 */
export function addInjectionFlow(
  network: FlowNetwork,
  cellFlow: Float64Array,
  sinkFlow: Float64Array,
  nodeFlow: Float64Array,
  injection: InjectionFlow,
  fluxes: CellFluxes,
  nodeExtra: Float64Array,
): void {
  const tip = injection.tipCell;
  const reflux = injection.refluxMlPerS;
  fluxes.downOut[tip]! += injection.forwardMlPerS;
  fluxes.upOut[tip] = reflux;
  nodeExtra.fill(0);
  nodeExtra[network.cellEndNode[tip]!] = injection.forwardMlPerS;
  const refluxNode = reflux > 0 ? injection.refluxNode : -1;
  let othersFlow = 0;
  if (refluxNode >= 0) {
    for (let cell = tip; cell !== injection.refluxTopCell;) {
      cell = network.nodeIncomingCell[network.cellStartNode[cell]!]!;
      fluxes.upIn[cell] = reflux;
      fluxes.upOut[cell] = reflux;
    }
    nodeExtra[refluxNode] = reflux;
    othersFlow = nodeFlow[refluxNode]! - cellFlow[injection.refluxTopCell]!;
  }
  for (let c = 0; c < network.cellCount; c++) {
    const node = network.cellStartNode[c]!;
    const extra = nodeExtra[node]!;
    if (extra === 0 || c === tip) continue;
    let total = nodeFlow[node]!;
    if (node === refluxNode) {
      if (c === injection.refluxTopCell) continue;
      total = othersFlow;
    }
    if (total <= 0) continue;
    const added = (extra * cellFlow[c]!) / total;
    fluxes.downIn[c]! += added;
    fluxes.downOut[c]! += added;
    nodeExtra[network.cellEndNode[c]!]! += added;
  }
  for (let k = 0; k < network.sinkCount; k++) {
    const node = network.sinkNode[k]!;
    const extra = nodeExtra[node]!;
    if (extra === 0) continue;
    const total = node === refluxNode ? othersFlow : nodeFlow[node]!;
    if (total > 0) fluxes.sink[k]! += (extra * sinkFlow[k]!) / total;
  }
}
