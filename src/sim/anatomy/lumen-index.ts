import { assertValidTree, type VesselTree } from './model.ts';

/**
 * A spatial index over a vessel tree's lumen, for the queries the physics makes thousands of
 * times per step (which vessel is this point in, how far is the wall, where is the centreline).
 *
 * The lumen is the union of capsules, one per pair of consecutive centreline samples: the
 * sample-to-sample line piece with a radius that varies linearly along it. A point is inside a
 * capsule when its distance to the closest point of the piece is less than the radius
 * interpolated at that closest point's parameter (a truncated cone with hemispherical ends).
 * Branch points need no special case: a child's first sample lies on its parent's centreline.
 *
 * Layout: capsules live in structure-of-arrays typed buffers, sorted by the grid cell that holds
 * their midpoint, so a cell's capsules are contiguous (CSR: `cellStart[c]` to `cellStart[c + 1]`).
 * A capsule may stick out of its cell by at most `reachMm` on each axis ("loose" grid: one cell
 * per capsule, no duplicates to skip). A second CSR table lists, per cell, every capsule whose
 * lumen box overlaps it, so inside tests read one cell. Queries are in `lumen-queries.ts`.
 *
 * Why this layout: for nearest-point queries near the neuro atlas's vessels, a grid copying each
 * capsule into every cell it touches took ~580 ns and a bounding volume hierarchy ~690 ns; an
 * octree with precomputed per-cell candidate lists took ~390 ns but 1.4 s and 60 MB to build;
 * this grid takes ~500–800 ns (noisy shared machine), builds in ~10 ms and stays small.
 */
export interface LumenIndex {
  /** Capsules (sample-to-sample pieces) over all segments. */
  readonly capsuleCount: number;
  /** Start of each capsule's centreline piece, x,y,z interleaved (mm). Capsules are in cell order. */
  readonly startMm: Float64Array;
  /** End minus start of each piece, x,y,z interleaved (mm). */
  readonly axisMm: Float64Array;
  /** 1 / |axis|² (mm⁻²); 0 for a zero-length piece, whose closest point is then its start. */
  readonly inverseLengthSq: Float64Array;
  /** Lumen radius at the start sample (mm). */
  readonly radiusStartMm: Float64Array;
  /** Radius at the end sample minus radius at the start sample (mm). */
  readonly radiusChangeMm: Float64Array;
  /** Index of the capsule's segment in `tree.segments`. */
  readonly segment: Int32Array;
  /** Index, within its segment, of the capsule's first sample. */
  readonly sample: Int32Array;
  /** Arc length along the segment at the capsule's first sample (mm). */
  readonly arcStartMm: Float64Array;
  /** Arc length of the piece (mm): the segment's arcMm difference between its two samples. */
  readonly arcLengthMm: Float64Array;
  /**
   * Rank of the capsule in tree order (segment, then sample). Exact ties between capsules go to
   * the lower rank, so answers do not depend on the grid's layout.
   */
  readonly treeOrder: Int32Array;

  /** Grid corner with the lowest coordinates (mm). */
  readonly originX: number;
  readonly originY: number;
  readonly originZ: number;
  /** Edge of a cubic cell (mm). */
  readonly cellSizeMm: number;
  /** 1 / cellSizeMm (mm⁻¹): cells are found by multiplying, at build and query alike. */
  readonly inverseCellSizeMm: number;
  readonly cellsX: number;
  readonly cellsY: number;
  readonly cellsZ: number;
  /** CSR offsets: the capsules whose midpoint lies in cell c are [cellStart[c], cellStart[c + 1]). */
  readonly cellStart: Int32Array;
  /** How far, on any axis, a capsule's centreline piece can reach beyond its cell (mm). */
  readonly reachMm: number;
  /**
   * Bounding box of a cell's centreline pieces, min x,y,z then max x,y,z (mm), stored at the
   * cell's first capsule: `6 * cellStart[c]`. Tighter than the cell grown by `reachMm`, so a
   * search skips a cell a vessel only grazes. Entries at other capsules are unused.
   */
  readonly cellBoxMm: Float64Array;
  /** Largest radius among a cell's capsules (mm), stored at the cell's first capsule like `cellBoxMm`. */
  readonly cellMaxRadiusMm: Float64Array;
  /** Largest radius in the tree (mm). */
  readonly maxRadiusMm: number;
  /**
   * How fast any capsule's clearance can change as a point moves: 1 + the steepest taper
   * |dr| / length. The clearance r(t) − d changes by at most this times the distance moved.
   */
  readonly clearanceLipschitz: number;
  /** CSR offsets into `lumenCapsules`, per cell. */
  readonly lumenCellStart: Int32Array;
  /** Per cell, the capsules whose lumen bounding box overlaps it. Any capsule containing a point is listed in its cell. */
  readonly lumenCapsules: Int32Array;
}

/**
 * Default cell edge (mm), from `node bench/run.ts anatomy-queries` (CELL_MM overrides it there).
 * 6 mm made big-vessel queries walk many cells; 12 mm made nearest-point queries ~12% faster but
 * inside tests ~50% slower (longer lumen lists per cell) on the neuro atlas; 8 mm balances them.
 */
export const defaultCellSizeMm = 8;

const roundingSlackMm = 1e-6;

/** A grid larger than this is a mistake (a tiny cell size for a whole body), not a plan. */
const maxCells = 1 << 24;

export function createLumenIndex(tree: VesselTree, cellSizeMm = defaultCellSizeMm): LumenIndex {
  if (!Number.isFinite(cellSizeMm) || cellSizeMm <= 0) {
    throw new RangeError(`lumen index for ${tree.name}: cell size must be a positive number of mm, got ${cellSizeMm}`);
  }
  assertValidTree(tree);
  let capsuleCount = 0;
  for (const segment of tree.segments) capsuleCount += segment.radiiMm.length - 1;

  // Bounds of the centreline, the largest radius, and the reach of a capsule beyond its midpoint.
  const low = [Infinity, Infinity, Infinity];
  const high = [-Infinity, -Infinity, -Infinity];
  let maxRadiusMm = 0;
  let reachMm = 0;
  for (const segment of tree.segments) {
    const points = segment.points;
    for (let i = 0; i < segment.radiiMm.length; i++) {
      maxRadiusMm = Math.max(maxRadiusMm, segment.radiiMm[i]!);
      for (let axis = 0; axis < 3; axis++) {
        const value = points[3 * i + axis]!;
        low[axis] = Math.min(low[axis]!, value);
        high[axis] = Math.max(high[axis]!, value);
        if (i > 0) reachMm = Math.max(reachMm, Math.abs(value - points[3 * i - 3 + axis]!) / 2);
      }
    }
  }
  // Rounding slack: a micrometre is far below any anatomy and far above floating-point error.
  reachMm += roundingSlackMm;
  // One cell of empty border beyond every lumen: points just outside a wall still use the grid,
  // and any point outside the grid is outside every lumen.
  const marginMm = maxRadiusMm + cellSizeMm;
  const originX = low[0]! - marginMm;
  const originY = low[1]! - marginMm;
  const originZ = low[2]! - marginMm;
  const cellsX = Math.ceil((high[0]! - low[0]! + 2 * marginMm) / cellSizeMm);
  const cellsY = Math.ceil((high[1]! - low[1]! + 2 * marginMm) / cellSizeMm);
  const cellsZ = Math.ceil((high[2]! - low[2]! + 2 * marginMm) / cellSizeMm);
  const cellCount = cellsX * cellsY * cellsZ;
  if (cellCount > maxCells) {
    throw new RangeError(
      `lumen index for ${tree.name}: a ${cellSizeMm} mm cell gives ${cellsX}×${cellsY}×${cellsZ} cells; use a larger cell size`,
    );
  }
  const inverseCellSizeMm = 1 / cellSizeMm;
  const cellOf = (x: number, cells: number, origin: number): number =>
    Math.min(cells - 1, Math.max(0, Math.floor((x - origin) * inverseCellSizeMm)));

  // Counting sort of capsules by the cell of their midpoint.
  const homeCell = new Int32Array(capsuleCount);
  const cellStart = new Int32Array(cellCount + 1);
  let natural = 0;
  for (const segment of tree.segments) {
    const p = segment.points;
    for (let i = 0; i + 1 < segment.radiiMm.length; i++, natural++) {
      const cx = cellOf((p[3 * i]! + p[3 * i + 3]!) / 2, cellsX, originX);
      const cy = cellOf((p[3 * i + 1]! + p[3 * i + 4]!) / 2, cellsY, originY);
      const cz = cellOf((p[3 * i + 2]! + p[3 * i + 5]!) / 2, cellsZ, originZ);
      const cell = cx + cellsX * (cy + cellsY * cz);
      homeCell[natural] = cell;
      cellStart[cell + 1]!++;
    }
  }
  for (let cell = 0; cell < cellCount; cell++) cellStart[cell + 1]! += cellStart[cell]!;

  const startMm = new Float64Array(3 * capsuleCount);
  const axisMm = new Float64Array(3 * capsuleCount);
  const inverseLengthSq = new Float64Array(capsuleCount);
  const radiusStartMm = new Float64Array(capsuleCount);
  const radiusChangeMm = new Float64Array(capsuleCount);
  const segmentOf = new Int32Array(capsuleCount);
  const sampleOf = new Int32Array(capsuleCount);
  const arcStartMm = new Float64Array(capsuleCount);
  const arcLengthMm = new Float64Array(capsuleCount);
  const treeOrder = new Int32Array(capsuleCount);
  const cellBoxMm = new Float64Array(6 * capsuleCount);
  const cellMaxRadiusMm = new Float64Array(capsuleCount);
  const fill = cellStart.slice(0, cellCount);
  natural = 0;
  tree.segments.forEach((segment, segmentIndex) => {
    const p = segment.points;
    const radii = segment.radiiMm;
    for (let i = 0; i + 1 < radii.length; i++, natural++) {
      const cell = homeCell[natural]!;
      const slot = fill[cell]!++;
      let lengthSq = 0;
      for (let axis = 0; axis < 3; axis++) {
        const delta = p[3 * i + 3 + axis]! - p[3 * i + axis]!;
        startMm[3 * slot + axis] = p[3 * i + axis]!;
        axisMm[3 * slot + axis] = delta;
        lengthSq += delta * delta;
      }
      inverseLengthSq[slot] = lengthSq > 0 ? 1 / lengthSq : 0;
      radiusStartMm[slot] = radii[i]!;
      radiusChangeMm[slot] = radii[i + 1]! - radii[i]!;
      segmentOf[slot] = segmentIndex;
      sampleOf[slot] = i;
      arcStartMm[slot] = segment.arcMm[i]!;
      arcLengthMm[slot] = segment.arcMm[i + 1]! - segment.arcMm[i]!;
      treeOrder[slot] = natural;
    }
  });
  let steepestTaper = 0;
  for (let slot = 0; slot < capsuleCount; slot++)
    steepestTaper = Math.max(steepestTaper, Math.abs(radiusChangeMm[slot]!) * Math.sqrt(inverseLengthSq[slot]!));
  for (let cell = 0; cell < cellCount; cell++) {
    const first = cellStart[cell]!;
    if (first === cellStart[cell + 1]) continue;
    const box = cellBoxMm.subarray(6 * first, 6 * first + 6);
    box.set([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
    for (let slot = first; slot < cellStart[cell + 1]!; slot++) {
      for (let axis = 0; axis < 3; axis++) {
        const a = startMm[3 * slot + axis]!;
        const b = a + axisMm[3 * slot + axis]!;
        box[axis] = Math.min(box[axis]!, a - roundingSlackMm, b - roundingSlackMm);
        box[axis + 3] = Math.max(box[axis + 3]!, a + roundingSlackMm, b + roundingSlackMm);
      }
      const radius = Math.max(radiusStartMm[slot]!, radiusStartMm[slot]! + radiusChangeMm[slot]!);
      cellMaxRadiusMm[first] = Math.max(cellMaxRadiusMm[first]!, radius);
    }
  }

  // Lumen lists: every cell overlapped by a capsule's lumen box (piece box grown by its radius).
  const lumenCellStart = new Int32Array(cellCount + 1);
  const visitLumenCells = (slot: number, visit: (cell: number) => void): void => {
    const radius = Math.max(radiusStartMm[slot]!, radiusStartMm[slot]! + radiusChangeMm[slot]!) + roundingSlackMm;
    const range = [0, 0, 0, 0, 0, 0];
    const origins = [originX, originY, originZ];
    const cells = [cellsX, cellsY, cellsZ];
    for (let axis = 0; axis < 3; axis++) {
      const a = startMm[3 * slot + axis]!;
      const b = a + axisMm[3 * slot + axis]!;
      range[axis] = cellOf(Math.min(a, b) - radius, cells[axis]!, origins[axis]!);
      range[axis + 3] = cellOf(Math.max(a, b) + radius, cells[axis]!, origins[axis]!);
    }
    for (let cz = range[2]!; cz <= range[5]!; cz++) {
      for (let cy = range[1]!; cy <= range[4]!; cy++) {
        for (let cx = range[0]!; cx <= range[3]!; cx++) visit(cx + cellsX * (cy + cellsY * cz));
      }
    }
  };
  for (let slot = 0; slot < capsuleCount; slot++) visitLumenCells(slot, (cell) => lumenCellStart[cell + 1]!++);
  for (let cell = 0; cell < cellCount; cell++) lumenCellStart[cell + 1]! += lumenCellStart[cell]!;
  const lumenCapsules = new Int32Array(lumenCellStart[cellCount]!);
  const lumenFill = lumenCellStart.slice(0, cellCount);
  for (let slot = 0; slot < capsuleCount; slot++) {
    visitLumenCells(slot, (cell) => {
      lumenCapsules[lumenFill[cell]!++] = slot;
    });
  }

  return {
    capsuleCount,
    startMm,
    axisMm,
    inverseLengthSq,
    radiusStartMm,
    radiusChangeMm,
    segment: segmentOf,
    sample: sampleOf,
    arcStartMm,
    arcLengthMm,
    treeOrder,
    originX,
    originY,
    originZ,
    cellSizeMm,
    inverseCellSizeMm,
    cellsX,
    cellsY,
    cellsZ,
    cellStart,
    reachMm,
    cellBoxMm,
    cellMaxRadiusMm,
    maxRadiusMm,
    // Rounded up a little: the bound must never be below the true rate.
    clearanceLipschitz: (1 + steepestTaper) * (1 + 1e-12),
    lumenCellStart,
    lumenCapsules,
  };
}

export {
  createNearestResult,
  createWallResult,
  isInsideLumen,
  lumenClearanceMm,
  nearestCentrelinePoint,
  segmentAt,
  territoryAt,
  type NearestResult,
  type WallResult,
} from './lumen-queries.ts';
export { pathBetween } from './vessel-path.ts';
