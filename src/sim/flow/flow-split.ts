import type { FlowNetwork } from './flow-network.ts';

/**
 * Blood flow through every cell of the network: the root flow split at every node among what
 * leaves it, by Murray's law (share ∝ r³ of each outgoing path: a branch's origin radius, the
 * vessel's own radius just past the origin, a territory's end radius; DOMAIN.md "Flows") unless
 * a scenario fixes a share (flowShare, bleeding points).
 *
 * Occlusions: a clotted cell passes only the collateral fraction of what it would normally take
 * (collateral supply, est. 2–5%); a cell or a capillary bed partly filled with embolic material
 * (particles, coils) passes less in proportion (`embolics.ts`). Each cell and each sink has a pass
 * factor (1 open). The flow it loses goes to the rest of the tree: each outgoing path has a demand
 * factor g (for a path, the share-weighted g of what it feeds, times its pass factor), and a node
 * splits its flow in proportion to share × g. So an occluded M1 sends the ICA's flow up the ACA, the ICA itself takes a little
 * less, and the aorta passes that on to the other branches; the root flow stays the same.
 */

/** Normal shares: per cell and per sink, the fraction of its start node's flow it takes with every path open. */
export interface NormalShares {
  cell: Float64Array;
  sink: Float64Array;
}

export function normalShares(network: FlowNetwork): NormalShares {
  const fixedSum = new Float64Array(network.nodeCount);
  const freeWeight = new Float64Array(network.nodeCount);
  for (let c = 0; c < network.cellCount; c++) {
    const node = network.cellStartNode[c]!;
    if (network.cellFixedShare[c]! >= 0) fixedSum[node]! += network.cellFixedShare[c]!;
    else freeWeight[node]! += network.cellWeight[c]!;
  }
  for (let k = 0; k < network.sinkCount; k++) {
    const node = network.sinkNode[k]!;
    if (network.sinkFixedShare[k]! >= 0) fixedSum[node]! += network.sinkFixedShare[k]!;
    else freeWeight[node]! += network.sinkWeight[k]!;
  }
  const share = (node: number, fixed: number, weight: number): number => {
    if (freeWeight[node]! <= 0) return fixed >= 0 ? fixed / fixedSum[node]! : 0;
    return fixed >= 0 ? fixed : ((1 - fixedSum[node]!) * weight) / freeWeight[node]!;
  };
  const cell = new Float64Array(network.cellCount);
  for (let c = 0; c < network.cellCount; c++) {
    cell[c] = share(network.cellStartNode[c]!, network.cellFixedShare[c]!, network.cellWeight[c]!);
  }
  const sink = new Float64Array(network.sinkCount);
  for (let k = 0; k < network.sinkCount; k++) {
    sink[k] = share(network.sinkNode[k]!, network.sinkFixedShare[k]!, network.sinkWeight[k]!);
  }
  return { cell, sink };
}

/** Work arrays for `solveFlowSplit`, allocated once with the flow. */
export interface FlowSplitScratch {
  nodeDemand: Float64Array;
  cellDemand: Float64Array;
}

export function createFlowSplitScratch(network: FlowNetwork): FlowSplitScratch {
  return { nodeDemand: new Float64Array(network.nodeCount), cellDemand: new Float64Array(network.cellCount) };
}

/**
 * Fills `cellFlow` (mL/s through each cell), `sinkFlow` and `nodeFlow` (mL/s reaching each node).
 * `cellPass[c]` and `sinkPass[k]` are the fractions of their normal flow a cell and a sink pass
 * (1 open). Two passes over the cells, no allocation.
 */
export function solveFlowSplit(
  network: FlowNetwork,
  shares: NormalShares,
  rootFlowMlPerS: number,
  cellPass: Float64Array,
  sinkPass: Float64Array,
  scratch: FlowSplitScratch,
  cellFlow: Float64Array,
  sinkFlow: Float64Array,
  nodeFlow: Float64Array,
): void {
  const { nodeDemand, cellDemand } = scratch;
  nodeDemand.fill(0);
  // Demand, from the leaves up: sinks always take their share; a cell passes on its end node's demand.
  for (let k = 0; k < network.sinkCount; k++) nodeDemand[network.sinkNode[k]!]! += shares.sink[k]! * sinkPass[k]!;
  for (let c = network.cellCount - 1; c >= 0; c--) {
    const demand = cellPass[c]! * nodeDemand[network.cellEndNode[c]!]!;
    cellDemand[c] = demand;
    nodeDemand[network.cellStartNode[c]!]! += shares.cell[c]! * demand;
  }
  // Flow, from the root down: each node's flow split in proportion to share × demand.
  nodeFlow.fill(0);
  nodeFlow[0] = rootFlowMlPerS;
  for (let c = 0; c < network.cellCount; c++) {
    const node = network.cellStartNode[c]!;
    const total = nodeDemand[node]!;
    const flow = total > 0 ? (nodeFlow[node]! * shares.cell[c]! * cellDemand[c]!) / total : 0;
    cellFlow[c] = flow;
    nodeFlow[network.cellEndNode[c]!] = flow;
  }
  for (let k = 0; k < network.sinkCount; k++) {
    const node = network.sinkNode[k]!;
    const total = nodeDemand[node]!;
    sinkFlow[k] = total > 0 ? (nodeFlow[node]! * shares.sink[k]! * sinkPass[k]!) / total : 0;
  }
}
