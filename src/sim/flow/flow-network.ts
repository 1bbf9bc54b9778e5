import { segmentLengthMm, type VesselTree } from '../anatomy/model.ts';

/**
 * The vessel tree as the flow sees it: a graph of finite-volume cells (pieces of centreline a few
 * mm long) joined at nodes (cell faces). Parent → child is the direction of arterial flow, so
 * every node has exactly one incoming cell (the root node, at the aortic valve, has none), and any
 * number of outgoing cells (the vessel's next cell, children leaving there) and sinks (a
 * territory, a terminal end, a bleeding point). Cell faces sit exactly at child origins and
 * bleeding points, so the flow falls after each origin where the anatomy says it does; events
 * closer than a quarter cell are merged onto one face.
 *
 * Cells are numbered parents first (every cell after the cell that feeds it), so one forward
 * pass solves anything that flows downstream and one backward pass anything that gathers from
 * downstream. Built once per flow; nothing here changes while the simulation runs.
 */
export interface FlowNetwork {
  cellCount: number;
  nodeCount: number;
  /** Segment of each cell (index into `tree.segments`). */
  cellSegment: Int32Array;
  cellStartArcMm: Float64Array;
  cellEndArcMm: Float64Array;
  /** Lumen volume of each cell (mL), ∫ π r² ds with the radius linear between samples. */
  cellVolumeMl: Float64Array;
  cellStartNode: Int32Array;
  cellEndNode: Int32Array;
  /** Per node: the cell that ends there, or -1 at the root node. */
  nodeIncomingCell: Int32Array;
  /** Per segment: its first cell and how many it has (cells of a segment are consecutive). */
  segmentFirstCell: Int32Array;
  segmentCellCount: Int32Array;
  /** Per cell: Murray weight r³ (mm³) of the path it starts, or its fixed share (see `cellFixedShare`). */
  cellWeight: Float64Array;
  /** Per cell: a scenario's flowShare for the segment it starts, or -1 (Murray's law). */
  cellFixedShare: Float64Array;
  sinkCount: number;
  sinkNode: Int32Array;
  /** 0 territory, 1 terminal end with no territory, 2 bleeding point. */
  sinkKind: Int32Array;
  /** Territory or terminal: the segment; bleeding point: the pool index. */
  sinkRef: Int32Array;
  sinkWeight: Float64Array;
  sinkFixedShare: Float64Array;
  /** Per sample of every segment (tree order): the two cells whose centres bracket it and the weight of the second. */
  sampleCellA: Int32Array;
  sampleCellB: Int32Array;
  sampleWeightB: Float32Array;
  /** Per pool (bleeding point): its segment and arc. */
  poolSegment: Int32Array;
  poolArcMm: Float64Array;
}

export const SINK_TERRITORY = 0;
export const SINK_TERMINAL = 1;
export const SINK_BLEED = 2;

export interface NetworkBleed {
  segmentIndex: number;
  arcMm: number;
  shareOfFlow: number;
}

/**
 * Builds the cell graph. `flowShare[i]` is the share of its parent's flow that segment i takes at
 * its origin (NaN: Murray's law); `bleeds` are validated already. Throws where the fixed shares
 * leaving one node add up to more than the whole flow.
 */
export function buildFlowNetwork(
  tree: VesselTree,
  cellLengthMm: number,
  flowShare: Float64Array,
  bleeds: readonly NetworkBleed[],
): FlowNetwork {
  const segments = tree.segments;
  const order = parentsFirst(tree);
  const mergeMm = cellLengthMm / 4;

  // Faces of every segment: 0, the child origins and bleeding points (merged when close), its end.
  const faceArcs: number[][] = segments.map(() => []);
  const childFace = new Int32Array(segments.length);
  const bleedFace = new Int32Array(bleeds.length);
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s]!;
    const lengthMm = segmentLengthMm(segment);
    const events: { arcMm: number; child: number; bleed: number }[] = [];
    for (const child of segment.children) {
      events.push({ arcMm: clamp(segments[child]!.parentArcMm, 0, lengthMm), child, bleed: -1 });
    }
    bleeds.forEach((bleed, b) => {
      if (bleed.segmentIndex === s) events.push({ arcMm: clamp(bleed.arcMm, 0, lengthMm), child: -1, bleed: b });
    });
    events.sort((a, b) => a.arcMm - b.arcMm || a.child - b.child || a.bleed - b.bleed);
    const faces = [0];
    for (const event of events) {
      let face: number;
      const fromLast = event.arcMm - faces[faces.length - 1]!;
      const toEnd = lengthMm - event.arcMm;
      if (fromLast < mergeMm && fromLast <= toEnd) face = faces.length - 1;
      else if (toEnd < mergeMm)
        face = -1; // the end face, known once the cells are cut
      else {
        faces.push(event.arcMm);
        face = faces.length - 1;
      }
      if (event.child >= 0) childFace[event.child] = face;
      else bleedFace[event.bleed] = face;
    }
    // Whole cells between faces, none longer than cellLengthMm.
    const cellFaces = [0];
    const faceToCellFace = [0];
    for (let f = 1; f <= faces.length; f++) {
      const from = faces[f - 1]!;
      const to = f < faces.length ? faces[f]! : lengthMm;
      const pieces = Math.max(1, Math.ceil((to - from) / cellLengthMm - 1e-9));
      for (let p = 1; p <= pieces; p++) cellFaces.push(p === pieces ? to : from + ((to - from) * p) / pieces);
      faceToCellFace.push(cellFaces.length - 1);
    }
    const endFace = cellFaces.length - 1;
    for (const child of segment.children) {
      const face = childFace[child]!;
      childFace[child] = face < 0 ? endFace : faceToCellFace[face]!;
    }
    bleeds.forEach((bleed, b) => {
      if (bleed.segmentIndex === s) {
        const face = bleedFace[b]!;
        bleedFace[b] = face < 0 ? endFace : faceToCellFace[face]!;
      }
    });
    faceArcs[s] = cellFaces;
  }

  const cellCount = faceArcs.reduce((sum, faces) => sum + faces.length - 1, 0);
  const nodeCount = cellCount + 1;
  const network: FlowNetwork = {
    cellCount,
    nodeCount,
    cellSegment: new Int32Array(cellCount),
    cellStartArcMm: new Float64Array(cellCount),
    cellEndArcMm: new Float64Array(cellCount),
    cellVolumeMl: new Float64Array(cellCount),
    cellStartNode: new Int32Array(cellCount),
    cellEndNode: new Int32Array(cellCount),
    nodeIncomingCell: new Int32Array(nodeCount).fill(-1),
    segmentFirstCell: new Int32Array(segments.length),
    segmentCellCount: new Int32Array(segments.length),
    cellWeight: new Float64Array(cellCount),
    cellFixedShare: new Float64Array(cellCount).fill(-1),
    sinkCount: 0,
    sinkNode: new Int32Array(0),
    sinkKind: new Int32Array(0),
    sinkRef: new Int32Array(0),
    sinkWeight: new Float64Array(0),
    sinkFixedShare: new Float64Array(0),
    sampleCellA: new Int32Array(0),
    sampleCellB: new Int32Array(0),
    sampleWeightB: new Float32Array(0),
    poolSegment: new Int32Array(bleeds.map((bleed) => bleed.segmentIndex)),
    poolArcMm: new Float64Array(bleeds.map((bleed) => bleed.arcMm)),
  };

  // Cells and nodes, parents first. Node 0 is the root's inlet; node k + 1 is cell k's end.
  const faceNodes: Int32Array[] = segments.map(() => new Int32Array(0));
  let cell = 0;
  for (const s of order) {
    const segment = segments[s]!;
    const faces = faceArcs[s]!;
    const nodes = new Int32Array(faces.length);
    nodes[0] = segment.parent < 0 ? 0 : faceNodes[segment.parent]![childFace[s]!]!;
    network.segmentFirstCell[s] = cell;
    network.segmentCellCount[s] = faces.length - 1;
    for (let f = 1; f < faces.length; f++, cell++) {
      nodes[f] = cell + 1;
      network.cellSegment[cell] = s;
      network.cellStartArcMm[cell] = faces[f - 1]!;
      network.cellEndArcMm[cell] = faces[f]!;
      network.cellVolumeMl[cell] = lumenVolumeMl(segment.arcMm, segment.radiiMm, faces[f - 1]!, faces[f]!);
      network.cellStartNode[cell] = nodes[f - 1]!;
      network.cellEndNode[cell] = cell + 1;
      network.nodeIncomingCell[cell + 1] = cell;
      if (f === 1 && segment.parent >= 0) {
        // The first cell starts a branch: Murray weight from its origin radius, or the scenario's share.
        network.cellWeight[cell] = cube(segment.radiiMm[0]!);
        if (!Number.isNaN(flowShare[s]!)) network.cellFixedShare[cell] = flowShare[s]!;
      } else {
        // The vessel going on past a branch: its radius just past the origin.
        network.cellWeight[cell] = cube(radiusAtArc(segment.arcMm, segment.radiiMm, faces[f - 1]!));
      }
    }
    faceNodes[s] = nodes;
  }

  // Sinks: territories and terminal ends at the last face, then bleeding points.
  const sinkNode: number[] = [];
  const sinkKind: number[] = [];
  const sinkRef: number[] = [];
  const sinkWeight: number[] = [];
  const sinkFixed: number[] = [];
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s]!;
    const endFace = faceArcs[s]!.length - 1;
    const endRadius = segment.radiiMm[segment.radiiMm.length - 1]!;
    const branchesAtEnd = segment.children.some((child) => childFace[child] === endFace);
    if (segment.territory || !branchesAtEnd) {
      sinkNode.push(faceNodes[s]![endFace]!);
      sinkKind.push(segment.territory ? SINK_TERRITORY : SINK_TERMINAL);
      sinkRef.push(s);
      sinkWeight.push(cube(endRadius));
      sinkFixed.push(-1);
    }
  }
  bleeds.forEach((bleed, b) => {
    sinkNode.push(faceNodes[bleed.segmentIndex]![bleedFace[b]!]!);
    sinkKind.push(SINK_BLEED);
    sinkRef.push(b);
    sinkWeight.push(0);
    sinkFixed.push(bleed.shareOfFlow);
  });
  network.sinkCount = sinkNode.length;
  network.sinkNode = Int32Array.from(sinkNode);
  network.sinkKind = Int32Array.from(sinkKind);
  network.sinkRef = Int32Array.from(sinkRef);
  network.sinkWeight = Float64Array.from(sinkWeight);
  network.sinkFixedShare = Float64Array.from(sinkFixed);
  checkFixedShares(tree, network);

  // Samples: linear between the centres of the cells around them, within their own segment.
  const totalSamples = segments.reduce((sum, segment) => sum + segment.radiiMm.length, 0);
  network.sampleCellA = new Int32Array(totalSamples);
  network.sampleCellB = new Int32Array(totalSamples);
  network.sampleWeightB = new Float32Array(totalSamples);
  let sample = 0;
  for (let s = 0; s < segments.length; s++) {
    const arc = segments[s]!.arcMm;
    const first = network.segmentFirstCell[s]!;
    const last = first + network.segmentCellCount[s]! - 1;
    let c = first;
    for (let i = 0; i < arc.length; i++, sample++) {
      const at = arc[i]!;
      while (c < last && centre(network, c + 1) <= at) c++;
      const a = c;
      const b = c < last && at > centre(network, c) ? c + 1 : c;
      const span = centre(network, b) - centre(network, a);
      network.sampleCellA[sample] = a;
      network.sampleCellB[sample] = b;
      network.sampleWeightB[sample] = span > 0 ? clamp((at - centre(network, a)) / span, 0, 1) : 0;
    }
  }
  return network;
}

/** The cell of `segmentIndex` that holds `arcMm` (a face belongs to the cell after it). */
export function cellAt(network: FlowNetwork, segmentIndex: number, arcMm: number): number {
  const first = network.segmentFirstCell[segmentIndex]!;
  const last = first + network.segmentCellCount[segmentIndex]! - 1;
  let low = first;
  let high = last;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (network.cellStartArcMm[middle]! <= arcMm) low = middle;
    else high = middle - 1;
  }
  return low;
}

function centre(network: FlowNetwork, cell: number): number {
  return (network.cellStartArcMm[cell]! + network.cellEndArcMm[cell]!) / 2;
}

/** Fixed shares (flowShare, bleeds) leaving one node may not exceed the flow that reaches it. */
function checkFixedShares(tree: VesselTree, network: FlowNetwork): void {
  const fixed = new Float64Array(network.nodeCount);
  for (let c = 0; c < network.cellCount; c++) {
    const share = network.cellFixedShare[c]!;
    if (share >= 0) fixed[network.cellStartNode[c]!]! += share;
  }
  for (let k = 0; k < network.sinkCount; k++) {
    const share = network.sinkFixedShare[k]!;
    if (share >= 0) fixed[network.sinkNode[k]!]! += share;
  }
  for (let node = 0; node < network.nodeCount; node++) {
    if (fixed[node]! > 1 + 1e-9) {
      const incoming = network.nodeIncomingCell[node]!;
      const where =
        incoming < 0
          ? 'the root'
          : `${network.cellEndArcMm[incoming]!.toFixed(1)} mm along "${tree.segments[network.cellSegment[incoming]!]!.key}"`;
      throw new Error(
        `contrast flow options: flowShare and bleeds[].shareOfFlow leaving ${where} add up to ${fixed[node]!.toFixed(3)}; they may take at most 1 (the whole flow)`,
      );
    }
  }
}

/** Segment indices with every parent before its children, children in the order they leave. */
function parentsFirst(tree: VesselTree): number[] {
  const root = tree.segments.findIndex((segment) => segment.parent < 0);
  const order = [root];
  for (let i = 0; i < order.length; i++) order.push(...tree.segments[order[i]!]!.children);
  return order;
}

export function radiusAtArc(arc: Float64Array, radii: Float64Array, arcMm: number): number {
  const last = arc.length - 1;
  if (arcMm <= 0) return radii[0]!;
  if (arcMm >= arc[last]!) return radii[last]!;
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (arc[middle]! <= arcMm) low = middle;
    else high = middle;
  }
  const span = arc[high]! - arc[low]!;
  const t = span > 0 ? (arcMm - arc[low]!) / span : 0;
  return radii[low]! * (1 - t) + radii[high]! * t;
}

/** ∫ π r(s)² ds from `from` to `to` (mm³ → mL), r linear between samples: exact for that r. */
function lumenVolumeMl(arc: Float64Array, radii: Float64Array, from: number, to: number): number {
  let volumeMm3 = 0;
  let s0 = from;
  let r0 = radiusAtArc(arc, radii, from);
  for (let i = 0; i < arc.length && s0 < to; i++) {
    if (arc[i]! <= s0) continue;
    const s1 = Math.min(arc[i]!, to);
    const r1 = radiusAtArc(arc, radii, s1);
    volumeMm3 += (Math.PI * (s1 - s0) * (r0 * r0 + r0 * r1 + r1 * r1)) / 3;
    s0 = s1;
    r0 = r1;
  }
  if (s0 < to) volumeMm3 += Math.PI * (to - s0) * r0 * r0;
  return volumeMm3 / 1000;
}

function cube(value: number): number {
  return value * value * value;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
