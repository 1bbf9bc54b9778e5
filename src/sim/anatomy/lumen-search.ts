import type { LumenIndex } from './lumen-index.ts';

/**
 * The exact searches behind the lumen queries: the capsule with the closest centreline, the
 * capsule with the largest clearance, and the capsules containing a point. Internal to
 * `lumen-queries.ts`; nothing here allocates, and the state of a search lives in module scratch
 * (the core is single-threaded: a Web Worker or Node). Exact ties go to the capsule first in tree
 * order (segment, then sample), so answers never depend on the grid's layout.
 *
 * The per-capsule clearance is f = r(t) − d: the radius at the closest point's parameter t minus
 * the distance to that point. It is positive inside the capsule and zero on its wall.
 */

/** The value the last search found: squared centreline distance (mm²) or clearance (mm). */
export const found = { distanceSq: Infinity, clearanceMm: -Infinity };

// Best answers so far, and the capsules (slots) that gave them.
let nearestSq = Infinity;
let nearestSlot = -1;
let wallBest = -Infinity;
let wallSlot = -1;
// Coordinates of the cell `cellAt` found last.
let homeX = 0;
let homeY = 0;
let homeZ = 0;

/** Allowance for rounding in cell arithmetic (mm), as in the index's build. */
const cellRoundingSlackMm = 1e-6;

const searchNearest = 0;
const searchWall = 1;
type SearchMode = typeof searchNearest | typeof searchWall;

/**
 * The capsule whose centreline piece is closest to (x, y, z), or -1 for a non-finite point; the
 * squared distance goes to `found.distanceSq`. A point outside the grid (beyond every lumen by
 * more than a cell) is answered by a scan of every capsule.
 */
export function nearestCapsule(index: LumenIndex, x: number, y: number, z: number): number {
  nearestSq = Infinity;
  nearestSlot = -1;
  if (cellAt(index, x, y, z) >= 0) searchGrid(index, x, y, z, searchNearest);
  else if (isFinitePoint(x, y, z)) visitNearest(index, 0, index.capsuleCount, x, y, z);
  found.distanceSq = nearestSq;
  return nearestSlot;
}

/**
 * The capsule in which (x, y, z) has the largest clearance (inside or not), or -1 for a
 * non-finite point; the clearance goes to `found.clearanceMm`. `hint`: a capsule to try first.
 */
export function clearestCapsule(index: LumenIndex, x: number, y: number, z: number, hint = -1): number {
  wallBest = -Infinity;
  wallSlot = -1;
  // A hint only raises the bar early: every capsule that could beat it is still visited (one
  // outside the cell's list cannot lift the best above −depth, so the grid search runs as before).
  if (hint >= 0 && hint < index.capsuleCount) considerWall(index, hint, x, y, z);
  const cell = cellAt(index, x, y, z);
  if (cell >= 0) {
    visitLumenList(index, cell, x, y, z);
    // A capsule missing from the cell's lumen list has its lumen box clear of the cell, so its
    // centreline is at least (its radius + the point's depth in the cell) away, and its
    // clearance at most −depth. Inside, and just outside a wall, the list decides alone.
    if (!(wallBest > -depthInCell(index, x, y, z))) searchGrid(index, x, y, z, searchWall);
  } else if (isFinitePoint(x, y, z)) {
    visitWall(index, 0, index.capsuleCount, x, y, z);
  }
  found.clearanceMm = wallBest;
  return wallSlot;
}

/**
 * What a rod node's last full clearance search left for the next ones (`clearestCapsuleNear`):
 * the capsules of its cell's lumen list with the largest clearances at that point, and an upper
 * bound (the ceiling) on every other capsule's clearance there. A node moves a fraction of a
 * millimetre per substep and the clearance of any capsule changes no faster than the point moves
 * (times 1 + the steepest taper), so until the node has moved far enough for another capsule to
 * catch up, the best of the candidates is the search's answer, bit for bit. Any cache contents
 * are safe: each entry is checked against the point it was made at.
 */
export interface WallCandidates {
  /** `wallCandidateCapacity` capsule slots per node, best first. */
  slots: Int32Array;
  /** Candidates per node; 0: no usable entry (the next query searches in full). */
  count: Uint8Array;
  /** Grid cell of the point the entry was made at. */
  cell: Int32Array;
  /** The point the entry was made at, x,y,z per node. */
  point: Float64Array;
  /** Largest clearance of any capsule of the cell's lumen list not among the candidates, at that point (mm). */
  ceiling: Float64Array;
}

export const wallCandidateCapacity = 6;

export function createWallCandidates(nodes: number): WallCandidates {
  return {
    slots: new Int32Array(nodes * wallCandidateCapacity),
    count: new Uint8Array(nodes),
    cell: new Int32Array(nodes),
    point: new Float64Array(3 * nodes),
    ceiling: new Float64Array(nodes),
  };
}

// The candidates being gathered: clearance and slot, best first.
const gatheredClearance = new Float64Array(wallCandidateCapacity + 1);
const gatheredSlot = new Int32Array(wallCandidateCapacity + 1);

/**
 * `clearestCapsule` for rod node `node`, using and refreshing its entry in `cache`: the same
 * answer (slot and `found.clearanceMm`) whether the entry is used or not.
 */
export function clearestCapsuleNear(
  index: LumenIndex,
  x: number,
  y: number,
  z: number,
  hint: number,
  cache: WallCandidates,
  node: number,
): number {
  const cell = cellAt(index, x, y, z);
  const count = cache.count[node]!;
  if (cell >= 0 && count > 0 && cache.cell[node] === cell) {
    const dx = x - cache.point[3 * node]!;
    const dy = y - cache.point[3 * node + 1]!;
    const dz = z - cache.point[3 * node + 2]!;
    // Every other capsule of the list: at most its clearance at the entry's point plus the move.
    const ceiling = cache.ceiling[node]! + index.clearanceLipschitz * Math.sqrt(dx * dx + dy * dy + dz * dz);
    const slack = skipSlack * (Math.abs(ceiling) > 1 ? Math.abs(ceiling) : 1);
    // The candidates, as `considerWall` weighs them (the same arithmetic, kept in locals).
    const start = index.startMm;
    const axis = index.axisMm;
    const inverseLengthSq = index.inverseLengthSq;
    const radiusStart = index.radiusStartMm;
    const radiusChange = index.radiusChangeMm;
    const order = index.treeOrder;
    let best = -Infinity;
    let bestSlot = -1;
    const base = node * wallCandidateCapacity;
    for (let i = 0; i < count; i++) {
      const slot = cache.slots[base + i]!;
      const px = x - start[3 * slot]!;
      const py = y - start[3 * slot + 1]!;
      const pz = z - start[3 * slot + 2]!;
      const ax = axis[3 * slot]!;
      const ay = axis[3 * slot + 1]!;
      const az = axis[3 * slot + 2]!;
      let t = (px * ax + py * ay + pz * az) * inverseLengthSq[slot]!;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = px - t * ax;
      const ey = py - t * ay;
      const ez = pz - t * az;
      const radius = radiusStart[slot]! + t * radiusChange[slot]!;
      const distanceSq = ex * ex + ey * ey + ez * ez;
      const headroom = radius - best + skipSlack * (radius > 1 ? radius : 1);
      if (headroom < 0 || distanceSq > headroom * headroom) continue;
      const clearance = radius - Math.sqrt(distanceSq);
      if (clearance > best || (clearance === best && (bestSlot < 0 || order[slot]! < order[bestSlot]!))) {
        best = clearance;
        bestSlot = slot;
      }
    }
    // Capsules off the list are beaten once the best is above −depth, as in `clearestCapsule`.
    if (best > ceiling + slack && best > -depthInCell(index, x, y, z)) {
      wallBest = best;
      wallSlot = bestSlot;
      found.clearanceMm = best;
      return bestSlot;
    }
  }
  if (cell < 0) {
    cache.count[node] = 0;
    return clearestCapsule(index, x, y, z, hint);
  }
  // One pass over the cell's lumen list gives both the answer (as `clearestCapsule` finds it:
  // the largest clearance, ties to the earlier capsule) and the new entry.
  wallBest = -Infinity;
  wallSlot = -1;
  let gathered = 0;
  let ceiling = -Infinity;
  const list = index.lumenCapsules;
  const end = index.lumenCellStart[cell + 1]!;
  for (let i = index.lumenCellStart[cell]!; i < end; i++) {
    const candidate = list[i]!;
    const clearance = capsuleClearance(index, candidate, x, y, z);
    if (clearance > wallBest || (clearance === wallBest && isEarlier(index, candidate, wallSlot))) {
      wallBest = clearance;
      wallSlot = candidate;
    }
    // Insert in order (best first); what falls off the end raises the ceiling.
    let at = gathered;
    while (at > 0 && gatheredClearance[at - 1]! < clearance) at--;
    if (at >= wallCandidateCapacity) {
      if (clearance > ceiling) ceiling = clearance;
      continue;
    }
    for (let j = Math.min(gathered, wallCandidateCapacity); j > at; j--) {
      gatheredClearance[j] = gatheredClearance[j - 1]!;
      gatheredSlot[j] = gatheredSlot[j - 1]!;
    }
    gatheredClearance[at] = clearance;
    gatheredSlot[at] = candidate;
    if (gathered === wallCandidateCapacity) {
      if (gatheredClearance[wallCandidateCapacity]! > ceiling) ceiling = gatheredClearance[wallCandidateCapacity]!;
    } else gathered++;
  }
  // Outside the lumen by more than the point's depth in its cell, capsules off the list may be
  // clearer: the grid search decides, as in `clearestCapsule`, and no entry is kept.
  if (!(wallBest > -depthInCell(index, x, y, z))) {
    searchGrid(index, x, y, z, searchWall);
    cache.count[node] = 0;
    found.clearanceMm = wallBest;
    return wallSlot;
  }
  const best = wallBest;
  const slot = wallSlot;
  const base = node * wallCandidateCapacity;
  for (let i = 0; i < gathered; i++) cache.slots[base + i] = gatheredSlot[i]!;
  cache.count[node] = gathered;
  cache.cell[node] = cell;
  cache.point[3 * node] = x;
  cache.point[3 * node + 1] = y;
  cache.point[3 * node + 2] = z;
  cache.ceiling[node] = ceiling;
  found.clearanceMm = best;
  return slot;
}

/**
 * The capsule containing (x, y, z) in which it lies deepest (largest clearance), or -1 when no
 * capsule contains it; the clearance goes to `found.clearanceMm`.
 */
export function deepestCapsule(index: LumenIndex, x: number, y: number, z: number): number {
  wallBest = -Infinity;
  wallSlot = -1;
  const cell = cellAt(index, x, y, z);
  if (cell >= 0) visitLumenList(index, cell, x, y, z);
  found.clearanceMm = wallBest;
  return wallBest > 0 ? wallSlot : -1;
}

/** Whether some capsule gives (x, y, z) a clearance above `marginMm` ≥ 0. */
export function anyCapsuleClearer(index: LumenIndex, x: number, y: number, z: number, marginMm: number): boolean {
  const cell = cellAt(index, x, y, z);
  if (cell < 0) return false;
  const list = index.lumenCapsules;
  const end = index.lumenCellStart[cell + 1]!;
  for (let i = index.lumenCellStart[cell]!; i < end; i++) {
    if (capsuleClearance(index, list[i]!, x, y, z) > marginMm) return true;
  }
  return false;
}

/** Cell holding (x, y, z), or -1 outside the grid (or for a non-finite point). Sets homeX, homeY, homeZ. */
function cellAt(index: LumenIndex, x: number, y: number, z: number): number {
  const cx = Math.floor((x - index.originX) * index.inverseCellSizeMm);
  const cy = Math.floor((y - index.originY) * index.inverseCellSizeMm);
  const cz = Math.floor((z - index.originZ) * index.inverseCellSizeMm);
  if (cx >= 0 && cx < index.cellsX && cy >= 0 && cy < index.cellsY && cz >= 0 && cz < index.cellsZ) {
    homeX = cx;
    homeY = cy;
    homeZ = cz;
    return cx + index.cellsX * (cy + index.cellsY * cz);
  }
  return -1;
}

function isFinitePoint(x: number, y: number, z: number): boolean {
  return Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z);
}

/** Distance from (x, y, z) to the nearest face of the home cell, less the rounding slack (mm). */
function depthInCell(index: LumenIndex, x: number, y: number, z: number): number {
  const size = index.cellSizeMm;
  const dx = x - (index.originX + homeX * size);
  const dy = y - (index.originY + homeY * size);
  const dz = z - (index.originZ + homeZ * size);
  return Math.min(dx, size - dx, dy, size - dy, dz, size - dz) - cellRoundingSlackMm;
}

/** Distance from `value` to the interval [low, low + width] (0 inside it). */
function gap(value: number, low: number, width: number): number {
  if (value < low) return low - value;
  const high = low + width;
  return value > high ? value - high : 0;
}

/** Squared radius beyond which no cell can improve the current answer. */
function pruneRadiusSq(index: LumenIndex, mode: SearchMode): number {
  if (mode === searchNearest) return nearestSq;
  const headroom = index.maxRadiusMm - wallBest;
  return headroom * headroom;
}

/**
 * Searches the grid around the home cell (homeX, homeY, homeZ). First, cubic shells of cells
 * until some capsule has been seen (near a vessel: the home cell alone). Then every cell that
 * can hold a better answer: a capsule lies within `reachMm` of its cell, so only cells within
 * (prune radius + reach) of the point, less those already visited; each is skipped again if its
 * content box lies beyond the prune radius, which shrinks as answers improve. Nearest mode
 * minimises the centreline distance; wall mode maximises the clearance, for which no capsule
 * farther than (largest radius − best clearance) can matter.
 */
function searchGrid(index: LumenIndex, x: number, y: number, z: number, mode: SearchMode): void {
  const { cellsX, cellsY, cellsZ, cellSizeMm, inverseCellSizeMm, reachMm, originX, originY, originZ } = index;
  const ci = homeX;
  const cj = homeY;
  const ck = homeZ;
  const lastRing = Math.max(ci, cellsX - 1 - ci, cj, cellsY - 1 - cj, ck, cellsZ - 1 - ck);
  let ring = 0;
  while (pruneRadiusSq(index, mode) === Infinity && ring <= lastRing) visitShell(index, x, y, z, mode, ring++);
  const visited = ring - 1;
  let limitSq = pruneRadiusSq(index, mode);
  const radius = Math.sqrt(limitSq) + reachMm + cellRoundingSlackMm;
  const i0 = clampCell(Math.floor((x - radius - originX) * inverseCellSizeMm), cellsX);
  const i1 = clampCell(Math.floor((x + radius - originX) * inverseCellSizeMm), cellsX);
  const j0 = clampCell(Math.floor((y - radius - originY) * inverseCellSizeMm), cellsY);
  const j1 = clampCell(Math.floor((y + radius - originY) * inverseCellSizeMm), cellsY);
  const k0 = clampCell(Math.floor((z - radius - originZ) * inverseCellSizeMm), cellsZ);
  const k1 = clampCell(Math.floor((z + radius - originZ) * inverseCellSizeMm), cellsZ);
  const width = cellSizeMm + 2 * reachMm;
  for (let k = k0; k <= k1; k++) {
    const dz = gap(z, originZ - reachMm + k * cellSizeMm, width);
    if (dz * dz > limitSq) continue;
    const innerZ = Math.abs(k - ck) <= visited;
    for (let j = j0; j <= j1; j++) {
      const dy = gap(y, originY - reachMm + j * cellSizeMm, width);
      const dyzSq = dz * dz + dy * dy;
      if (dyzSq > limitSq) continue;
      const innerYZ = innerZ && Math.abs(j - cj) <= visited;
      const row = cellsX * (j + cellsY * k);
      for (let i = i0; i <= i1; i++) {
        if (innerYZ && Math.abs(i - ci) <= visited) continue;
        const dx = gap(x, originX - reachMm + i * cellSizeMm, width);
        if (dyzSq + dx * dx > limitSq) continue;
        visitCell(index, row + i, x, y, z, mode);
        limitSq = pruneRadiusSq(index, mode);
      }
    }
  }
}

/** Visits every cell at Chebyshev distance `ring` from the home cell (the surface of a cube). */
function visitShell(index: LumenIndex, x: number, y: number, z: number, mode: SearchMode, ring: number): void {
  const { cellsX, cellsY, cellsZ } = index;
  const ci = homeX;
  const cj = homeY;
  const ck = homeZ;
  const i1 = Math.min(cellsX - 1, ci + ring);
  for (let k = Math.max(0, ck - ring); k <= Math.min(cellsZ - 1, ck + ring); k++) {
    for (let j = Math.max(0, cj - ring); j <= Math.min(cellsY - 1, cj + ring); j++) {
      const row = cellsX * (j + cellsY * k);
      // Inside the cube's z and y faces, only the two ends of the row are on the surface.
      const onFace = Math.abs(k - ck) === ring || Math.abs(j - cj) === ring;
      const step = onFace ? 1 : 2 * ring;
      for (let i = onFace ? Math.max(0, ci - ring) : ci - ring; i <= i1; i += step) {
        if (i >= 0) visitCell(index, row + i, x, y, z, mode);
      }
    }
  }
}

function clampCell(cell: number, cells: number): number {
  return cell < 0 ? 0 : cell >= cells ? cells - 1 : cell;
}

/** Visits a cell's capsules unless its content box rules them out. */
function visitCell(index: LumenIndex, cell: number, x: number, y: number, z: number, mode: SearchMode): void {
  const from = index.cellStart[cell]!;
  const to = index.cellStart[cell + 1]!;
  if (from === to) return;
  const box = index.cellBoxMm;
  const dx = gap(x, box[6 * from]!, box[6 * from + 3]! - box[6 * from]!);
  const dy = gap(y, box[6 * from + 1]!, box[6 * from + 4]! - box[6 * from + 1]!);
  const dz = gap(z, box[6 * from + 2]!, box[6 * from + 5]! - box[6 * from + 2]!);
  const boxSq = dx * dx + dy * dy + dz * dz;
  if (mode === searchNearest) {
    if (boxSq <= nearestSq) visitNearest(index, from, to, x, y, z);
    return;
  }
  const headroom = index.cellMaxRadiusMm[from]! - wallBest;
  if (headroom >= 0 && boxSq <= headroom * headroom) visitWall(index, from, to, x, y, z);
}

/** Updates the nearest centreline capsule over capsule slots [from, to). */
function visitNearest(index: LumenIndex, from: number, to: number, x: number, y: number, z: number): void {
  const start = index.startMm;
  const axis = index.axisMm;
  const inverseLengthSq = index.inverseLengthSq;
  let bestSq = nearestSq;
  let bestSlot = nearestSlot;
  for (let slot = from; slot < to; slot++) {
    const px = x - start[3 * slot]!;
    const py = y - start[3 * slot + 1]!;
    const pz = z - start[3 * slot + 2]!;
    const ax = axis[3 * slot]!;
    const ay = axis[3 * slot + 1]!;
    const az = axis[3 * slot + 2]!;
    let t = (px * ax + py * ay + pz * az) * inverseLengthSq[slot]!;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = px - t * ax;
    const ey = py - t * ay;
    const ez = pz - t * az;
    const distanceSq = ex * ex + ey * ey + ez * ez;
    if (distanceSq < bestSq || (distanceSq === bestSq && isEarlier(index, slot, bestSlot))) {
      bestSq = distanceSq;
      bestSlot = slot;
    }
  }
  nearestSq = bestSq;
  nearestSlot = bestSlot;
}

/** Updates the largest clearance over capsule slots [from, to). */
function visitWall(index: LumenIndex, from: number, to: number, x: number, y: number, z: number): void {
  for (let slot = from; slot < to; slot++) considerWall(index, slot, x, y, z);
}

function visitLumenList(index: LumenIndex, cell: number, x: number, y: number, z: number): void {
  const list = index.lumenCapsules;
  const end = index.lumenCellStart[cell + 1]!;
  for (let i = index.lumenCellStart[cell]!; i < end; i++) considerWall(index, list[i]!, x, y, z);
}

/**
 * Slack of the early test below (mm per mm of radius, at least 1e-9 mm): far above the rounding
 * of the clearance's arithmetic (~1e-16 relative), so a capsule it skips has a clearance below the
 * best even after rounding, never equal to it, and the answer is bit for bit the full computation's.
 */
const skipSlack = 1e-9;

function considerWall(index: LumenIndex, slot: number, x: number, y: number, z: number): void {
  // The clearance r(t) − d beats the best only if d ≤ r(t) − best: most capsules of a cell's
  // list fail that on the squared distance, before the square root.
  project(index, slot, x, y, z);
  const radius = projectedRadius;
  const headroom = radius - wallBest + skipSlack * (radius > 1 ? radius : 1);
  if (headroom < 0 || projectedDistanceSq > headroom * headroom) return;
  const clearance = radius - Math.sqrt(projectedDistanceSq);
  if (clearance > wallBest || (clearance === wallBest && isEarlier(index, slot, wallSlot))) {
    wallBest = clearance;
    wallSlot = slot;
  }
}

// What `project` found: the radius at the closest point of the capsule's centreline piece, and
// the squared distance to that point.
let projectedRadius = 0;
let projectedDistanceSq = 0;

/** The point of capsule `slot`'s centreline piece closest to (x, y, z): fills the two values above. */
function project(index: LumenIndex, slot: number, x: number, y: number, z: number): void {
  const start = index.startMm;
  const axis = index.axisMm;
  const px = x - start[3 * slot]!;
  const py = y - start[3 * slot + 1]!;
  const pz = z - start[3 * slot + 2]!;
  const ax = axis[3 * slot]!;
  const ay = axis[3 * slot + 1]!;
  const az = axis[3 * slot + 2]!;
  let t = (px * ax + py * ay + pz * az) * index.inverseLengthSq[slot]!;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = px - t * ax;
  const ey = py - t * ay;
  const ez = pz - t * az;
  projectedRadius = index.radiusStartMm[slot]! + t * index.radiusChangeMm[slot]!;
  projectedDistanceSq = ex * ex + ey * ey + ez * ez;
}

function isEarlier(index: LumenIndex, slot: number, than: number): boolean {
  return than < 0 || index.treeOrder[slot]! < index.treeOrder[than]!;
}

/** Parameter in [0, 1] of the point of capsule `slot`'s centreline piece closest to (x, y, z). */
export function closestFraction(index: LumenIndex, slot: number, x: number, y: number, z: number): number {
  const start = index.startMm;
  const axis = index.axisMm;
  const t =
    ((x - start[3 * slot]!) * axis[3 * slot]! +
      (y - start[3 * slot + 1]!) * axis[3 * slot + 1]! +
      (z - start[3 * slot + 2]!) * axis[3 * slot + 2]!) *
    index.inverseLengthSq[slot]!;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** Clearance f = r(t) − d of (x, y, z) in capsule `slot`: positive inside it. */
export function capsuleClearance(index: LumenIndex, slot: number, x: number, y: number, z: number): number {
  project(index, slot, x, y, z);
  return projectedRadius - Math.sqrt(projectedDistanceSq);
}
