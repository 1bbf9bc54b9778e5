/**
 * Rotation-minimising frames along a curve, so a tube swept along it never twists: the double
 * reflection method (Wang, Jüttler, Zheng and Liu, "Computation of rotation minimizing frames",
 * ACM TOG 27(1), 2008). Each step reflects the previous frame in the plane bisecting the chord,
 * then in the plane that carries the reflected tangent onto the new one; the error is fourth order
 * in the step, far better than projecting the old normal onto the new normal plane.
 *
 * Vectors are 3-element Float64Arrays; nothing here allocates.
 */

/**
 * Carries the unit normal `normal` (perpendicular to `tangent` at `from`) to the point `to`
 * with unit tangent `nextTangent`; writes the new unit normal into `out` (may alias `normal`).
 */
export function transportNormal(
  from: ArrayLike<number>,
  tangent: ArrayLike<number>,
  normal: ArrayLike<number>,
  to: ArrayLike<number>,
  nextTangent: ArrayLike<number>,
  out: Float64Array,
): void {
  const v1x = to[0]! - from[0]!;
  const v1y = to[1]! - from[1]!;
  const v1z = to[2]! - from[2]!;
  const c1 = v1x * v1x + v1y * v1y + v1z * v1z;
  let rx = normal[0]!;
  let ry = normal[1]!;
  let rz = normal[2]!;
  let tx = tangent[0]!;
  let ty = tangent[1]!;
  let tz = tangent[2]!;
  if (c1 > 1e-18) {
    const kr = (2 / c1) * (v1x * rx + v1y * ry + v1z * rz);
    rx -= kr * v1x;
    ry -= kr * v1y;
    rz -= kr * v1z;
    const kt = (2 / c1) * (v1x * tx + v1y * ty + v1z * tz);
    tx -= kt * v1x;
    ty -= kt * v1y;
    tz -= kt * v1z;
  }
  const v2x = nextTangent[0]! - tx;
  const v2y = nextTangent[1]! - ty;
  const v2z = nextTangent[2]! - tz;
  const c2 = v2x * v2x + v2y * v2y + v2z * v2z;
  if (c2 > 1e-18) {
    const k = (2 / c2) * (v2x * rx + v2y * ry + v2z * rz);
    rx -= k * v2x;
    ry -= k * v2y;
    rz -= k * v2z;
  }
  // Round-off only: keep the normal exactly perpendicular to the new tangent and of unit length.
  const along = rx * nextTangent[0]! + ry * nextTangent[1]! + rz * nextTangent[2]!;
  rx -= along * nextTangent[0]!;
  ry -= along * nextTangent[1]!;
  rz -= along * nextTangent[2]!;
  const length = Math.hypot(rx, ry, rz);
  if (length < 1e-12) {
    anyPerpendicular(nextTangent, out);
    return;
  }
  out[0] = rx / length;
  out[1] = ry / length;
  out[2] = rz / length;
}

/** A unit vector perpendicular to the unit vector `direction`, chosen deterministically. */
export function anyPerpendicular(direction: ArrayLike<number>, out: Float64Array): void {
  const ax = Math.abs(direction[0]!);
  const ay = Math.abs(direction[1]!);
  const az = Math.abs(direction[2]!);
  // Start from the axis least aligned with the direction, then remove the aligned part.
  let ux = 0;
  let uy = 0;
  let uz = 0;
  if (ax <= ay && ax <= az) ux = 1;
  else if (ay <= az) uy = 1;
  else uz = 1;
  const along = ux * direction[0]! + uy * direction[1]! + uz * direction[2]!;
  ux -= along * direction[0]!;
  uy -= along * direction[1]!;
  uz -= along * direction[2]!;
  const length = Math.hypot(ux, uy, uz);
  out[0] = ux / length;
  out[1] = uy / length;
  out[2] = uz / length;
}

/** Writes `a × b` into `out` (which must not alias either). */
export function cross(a: ArrayLike<number>, b: ArrayLike<number>, out: Float64Array): void {
  out[0] = a[1]! * b[2]! - a[2]! * b[1]!;
  out[1] = a[2]! * b[0]! - a[0]! * b[2]!;
  out[2] = a[0]! * b[1]! - a[1]! * b[0]!;
}
