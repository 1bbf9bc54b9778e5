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
