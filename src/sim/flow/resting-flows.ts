import type { VesselTree } from '../anatomy/model.ts';
import { createContrastFlow } from './contrast.ts';
import { DEFAULT_CELL_LENGTH_MM, DEFAULT_ROOT_FLOW_ML_PER_S } from './contrast-options.ts';

/**
 * Murray's law (r³) holds for distributing arteries but not at the aorta, a conduit far wider
 * than r³ would ask for: with it, the atlases send each common carotid ~150 mL/min (DOMAIN.md:
 * 250–580), the proper hepatic ~0.8 mL/s (DOMAIN.md: 3.5 mL/min/kg ≈ 4 mL/s at 70 kg) and ~3 L/min
 * down the legs. These resting flows (mL/s) for the vessels leaving the aorta and the celiac
 * trifurcation fix that; below them Murray's law splits as before. Sources: DOMAIN.md where
 * named, the rest textbook resting distribution of a 5 L/min cardiac output (est.).
 */
export const restingFlowsMlPerS: Readonly<Record<string, number>> = {
  /** 390 mL/min, mid-range of DOMAIN.md's 250–580 mL/min. */
  'right-cca': 6.5,
  'left-cca': 6.5,
  /** Arm ~150 mL/min plus its vertebral (est.). */
  'right-subclavian': 4,
  'left-subclavian': 4,
  /** ~90 mL/min each (est.). */
  'right-vertebral': 1.5,
  'left-vertebral': 1.5,
  /** Hepatic 5 + splenic 5 + left gastric ~1 (est.). */
  'celiac-trunk': 11,
  /** The gastroduodenal takes ~1 mL/s of it by Murray's law, leaving the proper hepatic ~4 mL/s (DOMAIN.md). */
  'common-hepatic': 5,
  splenic: 5,
  /** Fasting, ~480 mL/min (est.). */
  sma: 8,
  /** Kidneys ~20% of cardiac output, ~500 mL/min each (est.). */
  'right-renal': 8.3,
  'left-renal': 8.3,
};

/**
 * `flowShare` options that give `tree` the resting flows above for the vessels it has (a trunk
 * none of whose branches is listed, such as the brachiocephalic, gets the sum of its branches).
 * Shares are of the flow reaching each origin, so they are found by solving the split a few
 * times, parents before children; pass the same `cellLengthMm` as the flow that will use them.
 */
export function restingFlowShares(
  tree: VesselTree,
  rootFlowMlPerS = DEFAULT_ROOT_FLOW_ML_PER_S,
  cellLengthMm = DEFAULT_CELL_LENGTH_MM,
): Record<string, number> {
  const target = new Float64Array(tree.segments.length).fill(Number.NaN);
  tree.segments.forEach((segment, index) => {
    const flow = restingFlowsMlPerS[segment.key];
    if (flow !== undefined) target[index] = flow;
  });
  // A trunk that only carries listed branches carries their sum (children come after parents in no
  // guaranteed order, so repeat until nothing changes).
  for (let changed = true; changed;) {
    changed = false;
    tree.segments.forEach((segment, index) => {
      if (!Number.isNaN(target[index]!) || segment.territory || segment.children.length === 0 || segment.parent < 0)
        return;
      if (segment.children.every((child) => !Number.isNaN(target[child]!))) {
        target[index] = segment.children.reduce((sum, child) => sum + target[child]!, 0);
        changed = true;
      }
    });
  }
  const shares: Record<string, number> = {};
  for (let pass = 0; pass < 6; pass++) {
    const flow = createContrastFlow(tree, { rootFlowMlPerS, flowShare: shares, cellLengthMm });
    const origin = (index: number) => flow.network.cellStartNode[flow.network.segmentFirstCell[index]!]!;
    const takenAt = new Float64Array(flow.network.nodeCount);
    tree.segments.forEach((segment, index) => {
      const reaching = flow.nodeBloodFlow[origin(index)]!;
      if (Number.isNaN(target[index]!) || reaching <= 0) return;
      shares[segment.key] = target[index]! / reaching;
      takenAt[origin(index)]! += shares[segment.key]!;
    });
    // Before the parents' flows have settled, the shares at one origin may ask for more than it gets.
    tree.segments.forEach((segment, index) => {
      const taken = takenAt[origin(index)]!;
      if (shares[segment.key] !== undefined && taken > 0.95)
        shares[segment.key] = (shares[segment.key]! * 0.95) / taken;
    });
  }
  return shares;
}
