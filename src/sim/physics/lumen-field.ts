import type { LumenIndex } from '../anatomy/lumen-index.ts';
import {
  completeWall,
  createWallResult,
  lumenClearanceMm,
  lumenClearanceNear,
  lumenClearanceOnly,
  type WallCandidates,
  type WallResult,
} from '../anatomy/lumen-queries.ts';

/**
 * What the rod solver needs from the anatomy: for a point, how far it is from the nearest vessel
 * wall (positive inside the lumen), which way that wall faces, and which vessel it belongs to.
 * The anatomy's lumen index answers it (`anatomyLumen`); tests can give analytic lumens.
 */
export type WallContact = WallResult;

export interface LumenField {
  /** Fills `out` for the point; allocation-free. */
  wallContact(x: number, y: number, z: number, out: WallContact): void;
  /**
   * Optional fast path: only `out.clearanceMm`; `completeWall` at the same point then fills the
   * rest exactly as `wallContact` would (the solver needs the wall only where a node touches it).
   * With `cache` and `node` (a rod's per-node candidates), the answer is the same, found sooner.
   */
  wallClearance?(x: number, y: number, z: number, out: WallContact, cache?: WallCandidates, node?: number): void;
  completeWall?(x: number, y: number, z: number, out: WallContact): void;
}

export const createWallContact = createWallResult;

export function anatomyLumen(index: LumenIndex): LumenField {
  return {
    wallContact(x, y, z, out) {
      lumenClearanceMm(index, x, y, z, out);
    },
    wallClearance(x, y, z, out, cache, node) {
      if (cache !== undefined && node !== undefined) lumenClearanceNear(index, x, y, z, out, cache, node);
      else lumenClearanceOnly(index, x, y, z, out);
    },
    completeWall(x, y, z, out) {
      completeWall(index, x, y, z, out);
    },
  };
}
