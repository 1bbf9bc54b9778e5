/**
 * A device drawn as a tube of its true radius around its nodes: one ring of `sides` vertices per
 * node, rings joined by quads. The topology (index buffer) is fixed for the device's whole node
 * count; each frame rewrites positions and normals of the rings in use and draws only the quads
 * between them, so nothing is allocated per frame.
 *
 * Rings are oriented by parallel transport: the first ring's normal is any direction
 * perpendicular to the tip's tangent; each next one is the previous normal with its component
 * along the new tangent removed. That keeps rings from twisting between neighbours.
 */
export const tubeSides = 8;

/** Triangle indices joining ring k to ring k+1 for every k < nodeCount − 1. */
export function tubeIndices(nodeCount: number, sides = tubeSides): Uint32Array {
  const indices = new Uint32Array(Math.max(0, nodeCount - 1) * sides * 6);
  let i = 0;
  for (let k = 0; k < nodeCount - 1; k++) {
    for (let s = 0; s < sides; s++) {
      const a = k * sides + s;
      const b = k * sides + ((s + 1) % sides);
      const c = a + sides;
      const d = b + sides;
      // Counter-clockwise seen from outside: rings run tip → hub along t, angles turn from n to b = t × n.
      indices[i++] = a;
      indices[i++] = b;
      indices[i++] = c;
      indices[i++] = b;
      indices[i++] = d;
      indices[i++] = c;
    }
  }
  return indices;
}

/**
 * Writes the rings around `count` centre points (x,y,z interleaved) into `positions` and
 * `normals` (each 3 × sides × count long at least); returns how many indices to draw.
 */
export function writeTube(
  centres: Float32Array,
  count: number,
  radiusMm: number,
  positions: Float32Array,
  normals: Float32Array,
  sides = tubeSides,
): number {
  if (count < 2) return 0;
  let nx = 0;
  let ny = 0;
  let nz = 0;
  for (let k = 0; k < count; k++) {
    // Tangent by central difference (one-sided at the ends).
    const before = k > 0 ? k - 1 : 0;
    const after = k < count - 1 ? k + 1 : count - 1;
    let tx = centres[3 * after]! - centres[3 * before]!;
    let ty = centres[3 * after + 1]! - centres[3 * before + 1]!;
    let tz = centres[3 * after + 2]! - centres[3 * before + 2]!;
    const tLength = Math.hypot(tx, ty, tz) || 1;
    tx /= tLength;
    ty /= tLength;
    tz /= tLength;
    // Transport the normal: drop its part along the tangent, renormalise; restart if it vanished.
    let along = nx * tx + ny * ty + nz * tz;
    nx -= along * tx;
    ny -= along * ty;
    nz -= along * tz;
    let nLength = Math.hypot(nx, ny, nz);
    if (nLength < 1e-3) {
      // The axis least aligned with the tangent, made perpendicular to it.
      const ax = Math.abs(tx);
      const ay = Math.abs(ty);
      const az = Math.abs(tz);
      nx = ax <= ay && ax <= az ? 1 : 0;
      ny = nx === 0 && ay <= az ? 1 : 0;
      nz = nx === 0 && ny === 0 ? 1 : 0;
      along = nx * tx + ny * ty + nz * tz;
      nx -= along * tx;
      ny -= along * ty;
      nz -= along * tz;
      nLength = Math.hypot(nx, ny, nz);
    }
    nx /= nLength;
    ny /= nLength;
    nz /= nLength;
    // Binormal b = t × n.
    const bx = ty * nz - tz * ny;
    const by = tz * nx - tx * nz;
    const bz = tx * ny - ty * nx;
    const cx = centres[3 * k]!;
    const cy = centres[3 * k + 1]!;
    const cz = centres[3 * k + 2]!;
    for (let s = 0; s < sides; s++) {
      const angle = (2 * Math.PI * s) / sides;
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const ox = cos * nx + sin * bx;
      const oy = cos * ny + sin * by;
      const oz = cos * nz + sin * bz;
      const v = 3 * (k * sides + s);
      normals[v] = ox;
      normals[v + 1] = oy;
      normals[v + 2] = oz;
      positions[v] = cx + radiusMm * ox;
      positions[v + 1] = cy + radiusMm * oy;
      positions[v + 2] = cz + radiusMm * oz;
    }
  }
  return (count - 1) * sides * 6;
}
