import { segmentLengthMm, type VesselTree } from './model.ts';

/** Per-vessel figures a person checks an anatomy by: length and calibre, in millimetres. */
export interface VesselStats {
  key: string;
  name: string;
  parent: string | null;
  lengthMm: number;
  meanDiameterMm: number;
  minDiameterMm: number;
  maxDiameterMm: number;
  territory: string | null;
}

/** Mean diameter is weighted by arc length (each sample stands for the length around it). */
export function vesselStats(tree: VesselTree): VesselStats[] {
  return tree.segments.map((segment) => {
    const radii = segment.radiiMm;
    const arc = segment.arcMm;
    const count = radii.length;
    let weighted = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < count; i++) {
      const before = i > 0 ? arc[i]! - arc[i - 1]! : 0;
      const after = i < count - 1 ? arc[i + 1]! - arc[i]! : 0;
      weighted += radii[i]! * (before + after);
      min = Math.min(min, radii[i]!);
      max = Math.max(max, radii[i]!);
    }
    const length = segmentLengthMm(segment);
    return {
      key: segment.key,
      name: segment.name,
      parent: segment.parent === -1 ? null : tree.segments[segment.parent]!.key,
      lengthMm: round(length),
      meanDiameterMm: round(length > 0 ? weighted / length : 2 * radii[0]!),
      minDiameterMm: round(2 * min),
      maxDiameterMm: round(2 * max),
      territory: segment.territory ? `${segment.territory.kind}: ${segment.territory.name}` : null,
    };
  });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
