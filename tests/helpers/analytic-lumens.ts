import type { LumenField, WallContact } from '../../src/sim/physics/lumen-field.ts';
import type { Sheath } from '../../src/sim/physics/solver.ts';

/** A straight tube along +z from z = 0, radius `radiusMm`: answers a physicist can check by hand. */
export function straightTube(radiusMm: number): LumenField {
  return {
    wallContact(x: number, y: number, _z: number, out: WallContact) {
      const r = Math.hypot(x, y);
      out.clearanceMm = radiusMm - r;
      if (r > 1e-12) {
        out.normal[0] = x / r;
        out.normal[1] = y / r;
      } else {
        out.normal[0] = 1;
        out.normal[1] = 0;
      }
      out.normal[2] = 0;
      out.segment = out.clearanceMm >= 0 ? 0 : -1;
      out.arcMm = _z;
    },
  };
}

/** Sheath at the origin pointing along +z, hub angle 0 turning the material normal to +x. */
export function sheathAlongZ(): Sheath {
  return {
    point: Float64Array.of(0, 0, 0),
    direction: Float64Array.of(0, 0, 1),
    reference: Float64Array.of(1, 0, 0),
  };
}

/**
 * The straight tube of `straightTube`, closed by a flat cap at z = `endZMm`: a dead end. The
 * clearance is the distance to the nearer of the side wall and the cap, and the normal that wall's.
 */
export function closedTube(radiusMm: number, endZMm: number): LumenField {
  return {
    wallContact(x: number, y: number, z: number, out: WallContact) {
      const r = Math.hypot(x, y);
      const side = radiusMm - r;
      const cap = endZMm - z;
      out.segment = Math.min(side, cap) >= 0 ? 0 : -1;
      out.arcMm = z;
      if (cap < side) {
        out.clearanceMm = cap;
        out.normal[0] = 0;
        out.normal[1] = 0;
        out.normal[2] = 1;
        return;
      }
      out.clearanceMm = side;
      out.normal[0] = r > 1e-12 ? x / r : 1;
      out.normal[1] = r > 1e-12 ? y / r : 0;
      out.normal[2] = 0;
    },
  };
}

/**
 * A tube of radius `radiusMm` along +z from z = 0 to `straightMm`, then bending toward +x on an arc
 * of centreline radius `bendRadiusMm` through `bendDeg`, then straight again: clearance is the
 * radius less the distance to the nearest point of that centreline.
 */
export function bentTube(radiusMm: number, straightMm: number, bendRadiusMm: number, bendDeg: number): LumenField {
  const bend = (bendDeg * Math.PI) / 180;
  // Arc centre at (R, 0, straightMm); the exit straight leaves the arc's end along its tangent.
  const endX = bendRadiusMm * (1 - Math.cos(bend));
  const endZ = straightMm + bendRadiusMm * Math.sin(bend);
  const exitX = Math.sin(bend);
  const exitZ = Math.cos(bend);
  return {
    wallContact(x: number, y: number, z: number, out: WallContact) {
      let cx: number;
      let cz: number;
      let arc: number;
      const angle = Math.atan2(z - straightMm, bendRadiusMm - x);
      if (z <= straightMm) {
        cx = 0;
        cz = z;
        arc = z;
      } else if (angle <= bend) {
        cx = bendRadiusMm - bendRadiusMm * Math.cos(angle);
        cz = straightMm + bendRadiusMm * Math.sin(angle);
        arc = straightMm + bendRadiusMm * angle;
      } else {
        const along = (x - endX) * exitX + (z - endZ) * exitZ;
        cx = endX + exitX * along;
        cz = endZ + exitZ * along;
        arc = straightMm + bendRadiusMm * bend + along;
      }
      const dx = x - cx;
      const dz = z - cz;
      const distance = Math.hypot(dx, y, dz);
      out.clearanceMm = radiusMm - distance;
      if (distance > 1e-12) {
        out.normal[0] = dx / distance;
        out.normal[1] = y / distance;
        out.normal[2] = dz / distance;
      } else {
        out.normal[0] = 1;
        out.normal[1] = 0;
        out.normal[2] = 0;
      }
      out.segment = out.clearanceMm >= 0 ? 0 : -1;
      out.arcMm = arc;
    },
  };
}
