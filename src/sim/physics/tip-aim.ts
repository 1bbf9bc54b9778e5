import type { Rod } from './rod.ts';

/**
 * Signed angle (deg) the hub must turn so that the tip's bend points at `waypoint` (turned by
 * `offsetDeg` about the shaft). The shaft direction s runs from the node behind the shaped tip to
 * the tip side; the bend b is the tip's offset from that node across s; the wanted direction w is
 * the waypoint's. Turning the hub positively turns the material normal right-handedly about the
 * tangent, so the error is atan2(s·(b × w), b·w). Zero when the waypoint lies straight ahead.
 */
export function bendErrorDeg(rod: Rod, waypoint: Float64Array, offsetDeg: number): number {
  const p = rod.positions;
  const base = Math.min(rod.shapedNodeCount, rod.activeCount - 1);
  const back = Math.min(base + 6, rod.activeCount - 1);
  if (base < 2 || back <= base) return 0;
  let sx = p[3 * base]! - p[3 * back]!;
  let sy = p[3 * base + 1]! - p[3 * back + 1]!;
  let sz = p[3 * base + 2]! - p[3 * back + 2]!;
  const sLength = Math.sqrt(sx * sx + sy * sy + sz * sz) || 1;
  sx /= sLength;
  sy /= sLength;
  sz /= sLength;
  // Bend: where the tip would point if nothing held it, the material normal at the bend. The
  // tip's actual offset is no guide where a wall flattens it (the shaft riding the arch's outer
  // wall cannot show a bend pointing into that wall until the tip passes under an ostium).
  const m = rod.materialNormal;
  const k = Math.max(1, base - 3);
  let bx = m[3 * k]!;
  let by = m[3 * k + 1]!;
  let bz = m[3 * k + 2]!;
  let along = bx * sx + by * sy + bz * sz;
  bx -= along * sx;
  by -= along * sy;
  bz -= along * sz;
  let wx = waypoint[0]! - p[3 * base]!;
  let wy = waypoint[1]! - p[3 * base + 1]!;
  let wz = waypoint[2]! - p[3 * base + 2]!;
  const wLength = Math.sqrt(wx * wx + wy * wy + wz * wz) || 1;
  along = wx * sx + wy * sy + wz * sz;
  wx -= along * sx;
  wy -= along * sy;
  wz -= along * sz;
  // A waypoint within ~10° of straight ahead needs no aim.
  if (Math.sqrt(wx * wx + wy * wy + wz * wz) < 0.17 * wLength) return 0;
  const crossX = by * wz - bz * wy;
  const crossY = bz * wx - bx * wz;
  const crossZ = bx * wy - by * wx;
  const sine = sx * crossX + sy * crossY + sz * crossZ;
  const cosine = bx * wx + by * wy + bz * wz;
  const errorDeg = (Math.atan2(sine, cosine) * 180) / Math.PI + offsetDeg;
  return (((errorDeg % 360) + 540) % 360) - 180;
}
