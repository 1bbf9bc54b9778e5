import { segmentLengthMm, type VesselTree } from '../anatomy/model.ts';
import type { NetworkBleed } from './flow-network.ts';

/** What a scenario may set about the blood flow and contrast in one patient. */
export interface ContrastFlowOptions {
  /** Flow into the aortic root (mL/s). Default: a resting cardiac output of 5 L/min (est.). */
  rootFlowMlPerS?: number;
  /** Per segment key: the share (0..1] of its parent's flow that the segment takes at its origin. */
  flowShare?: Record<string, number>;
  /** Clots present at the start: one per vessel, at `arcMm` along it. */
  occlusions?: { segmentKey: string; arcMm: number }[];
  /** Bleeding points: `shareOfFlow` (0..1) of the flow there leaks into a pool outside the lumen. */
  bleeds?: { segmentKey: string; arcMm: number; shareOfFlow: number }[];
  /** Longest finite-volume cell (mm), 0.5–50. Default 3 mm. */
  cellLengthMm?: number;
}

/** Resting cardiac output 5 L/min (est., textbook); the coronary share (~4%) is not modelled apart. */
export const DEFAULT_ROOT_FLOW_ML_PER_S = 5000 / 60;
export const DEFAULT_CELL_LENGTH_MM = 3;

export interface ResolvedContrastFlowOptions {
  rootFlowMlPerS: number;
  /** Per segment index: its fixed share, or NaN for Murray's law. */
  flowShare: Float64Array;
  occlusions: { segmentIndex: number; arcMm: number }[];
  bleeds: NetworkBleed[];
  cellLengthMm: number;
}

/** Checks every option against the tree; errors name the option, the value and what is allowed. */
export function resolveContrastFlowOptions(
  tree: VesselTree,
  options: ContrastFlowOptions,
): ResolvedContrastFlowOptions {
  const rootFlowMlPerS = options.rootFlowMlPerS ?? DEFAULT_ROOT_FLOW_ML_PER_S;
  if (!Number.isFinite(rootFlowMlPerS) || rootFlowMlPerS <= 0 || rootFlowMlPerS > 1000) {
    throw new Error(
      `contrast flow options: rootFlowMlPerS is ${rootFlowMlPerS}; give a flow in mL/s above 0 and at most 1000`,
    );
  }
  const cellLengthMm = options.cellLengthMm ?? DEFAULT_CELL_LENGTH_MM;
  if (!Number.isFinite(cellLengthMm) || cellLengthMm < 0.5 || cellLengthMm > 50) {
    throw new Error(`contrast flow options: cellLengthMm is ${cellLengthMm}; give 0.5 to 50 mm`);
  }
  const indexOf = new Map(tree.segments.map((segment, index) => [segment.key, index]));
  const segmentIndex = (key: string, field: string): number => {
    const index = indexOf.get(key);
    if (index === undefined)
      throw new Error(`contrast flow options: ${field} names "${key}", which is not a vessel of ${tree.name}`);
    return index;
  };
  const arcOn = (index: number, arcMm: number, field: string): number => {
    const lengthMm = segmentLengthMm(tree.segments[index]!);
    if (!Number.isFinite(arcMm) || arcMm < 0 || arcMm > lengthMm + 1e-6) {
      throw new Error(
        `contrast flow options: ${field} is ${arcMm}; "${tree.segments[index]!.key}" runs from 0 to ${lengthMm.toFixed(1)} mm`,
      );
    }
    return Math.min(arcMm, lengthMm);
  };

  const flowShare = new Float64Array(tree.segments.length).fill(Number.NaN);
  for (const key of Object.keys(options.flowShare ?? {}).sort()) {
    const share = options.flowShare![key]!;
    const index = segmentIndex(key, `flowShare.${key}`);
    if (tree.segments[index]!.parent < 0) {
      throw new Error(`contrast flow options: flowShare.${key}: "${key}" is the root; set rootFlowMlPerS instead`);
    }
    if (!Number.isFinite(share) || share <= 0 || share > 1) {
      throw new Error(
        `contrast flow options: flowShare.${key} is ${share}; give a share of the parent's flow above 0 and at most 1`,
      );
    }
    flowShare[index] = share;
  }

  const occluded = new Set<number>();
  const occlusions = (options.occlusions ?? []).map((occlusion, i) => {
    const index = segmentIndex(occlusion.segmentKey, `occlusions[${i}].segmentKey`);
    if (occluded.has(index)) {
      throw new Error(
        `contrast flow options: occlusions[${i}]: "${occlusion.segmentKey}" is occluded twice; give one clot per vessel`,
      );
    }
    occluded.add(index);
    return { segmentIndex: index, arcMm: arcOn(index, occlusion.arcMm, `occlusions[${i}].arcMm`) };
  });

  const bleeds = (options.bleeds ?? []).map((bleed, i) => {
    const index = segmentIndex(bleed.segmentKey, `bleeds[${i}].segmentKey`);
    const share = bleed.shareOfFlow;
    if (!Number.isFinite(share) || share <= 0 || share >= 1) {
      throw new Error(
        `contrast flow options: bleeds[${i}].shareOfFlow is ${share}; give a share of the local flow between 0 and 1`,
      );
    }
    return { segmentIndex: index, arcMm: arcOn(index, bleed.arcMm, `bleeds[${i}].arcMm`), shareOfFlow: share };
  });

  return { rootFlowMlPerS, flowShare, occlusions, bleeds, cellLengthMm };
}
