/**
 * What the rod solver needs from the anatomy: for a point, how far it is from the nearest vessel
 * wall (positive inside the lumen) and which way that wall faces. The anatomy's lumen index
 * provides it; tests can provide simple analytic lumens.
 */
export interface WallContact {
  /** Signed distance to the nearest wall of the union of lumens (mm), positive inside. */
  clearanceMm: number;
  /** Outward unit normal of that wall (x, y, z). */
  normal: Float64Array;
  /** Vessel segment the point belongs to, -1 if none. */
  segment: number;
}

export interface LumenField {
  /** Fills `out` for the point; allocation-free. */
  wallContact(x: number, y: number, z: number, out: WallContact): void;
}

export function createWallContact(): WallContact {
  return { clearanceMm: 0, normal: new Float64Array(3), segment: -1 };
}
