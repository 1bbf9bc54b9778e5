import { bodyFrame } from './body-frame.ts';
import { MeshWriter, type MeshData } from './mesh-writer.ts';
import type { MeshDetail } from './mesh.ts';

/**
 * The atlas patient's skin as a few lofted parts (head, neck, torso, two thighs), each a stack of
 * elliptic cross-sections across z in the body frame (LPS mm, origin at the aortic root),
 * linear between stations. Used for the translucent body in the 3D view, to place the patient
 * on the table (its back is the most posterior skin), and by fluoroscopy for soft-tissue
 * thickness. Sizes are estimates for an adult of about 175 cm (est.), with the abdomen at the
 * renal level taken from `bodyFrame`; arms are left out (raised above the head for most
 * interventions, or at the sides outside the field).
 */

export interface OutlineSection {
  zMm: number;
  /** Centre of the ellipse in x (0 on the midline; a thigh's centre is lateral). */
  centreXMm: number;
  halfWidthMm: number;
  /** Skin at the front (−y) and back (+y). */
  anteriorYMm: number;
  posteriorYMm: number;
}

export interface OutlinePart {
  name: 'head' | 'neck' | 'torso' | 'right thigh' | 'left thigh';
  /** From the highest z to the lowest. */
  sections: readonly OutlineSection[];
  /** Close the top with a rounded pole (the head) or flat; close the bottom flat. */
  top: 'pole' | 'flat';
}

type Station = readonly [zMm: number, halfWidthMm: number, anteriorYMm: number, posteriorYMm: number];

function part(
  name: OutlinePart['name'],
  stations: readonly Station[],
  centreXMm = 0,
  top: 'pole' | 'flat' = 'flat',
): OutlinePart {
  return {
    name,
    top,
    sections: stations.map(([zMm, halfWidthMm, anteriorYMm, posteriorYMm]) => ({
      zMm,
      centreXMm,
      halfWidthMm,
      anteriorYMm,
      posteriorYMm,
    })),
  };
}

/** A supine thigh rests on the table: its back stays near the buttocks' level (est.). */
const thigh: readonly Station[] = [
  [-455, 88, -82, 125],
  [-550, 80, -62, 115],
  [-700, 68, -50, 100],
  [-880, 56, -38, 85],
  [-920, 52, -36, 80],
];

export const bodyOutline: readonly OutlinePart[] = [
  part(
    'head',
    [
      [bodyFrame.vertexZMm + 3, 10, -14, 22],
      [392, 46, -62, 70],
      [360, 74, -92, 98],
      [320, 84, -104, 108],
      [280, 86, -110, 111],
      [250, 86, -112, 110],
      [225, 82, -106, 104],
      [200, 62, -98, 60],
      [180, 48, -88, 34],
    ],
    0,
    'pole',
  ),
  part('neck', [
    [215, 64, -45, 95],
    [190, 58, -50, 88],
    [150, 60, -50, 86],
    [122, 75, -55, 100],
  ]),
  part('torso', [
    [135, 90, -55, 105],
    [112, 190, -68, 118],
    [80, 194, -82, 132],
    [50, 178, -96, 142],
    [0, 166, -106, 146],
    [-100, 162, -106, 143],
    [bodyFrame.t12ZMm, 162, -110, 132],
    [bodyFrame.renalZMm, bodyFrame.abdomenHalfWidthMm, bodyFrame.abdomenAnteriorYMm, bodyFrame.abdomenPosteriorYMm],
    [-300, 170, -106, 124],
    [-360, 180, -100, 126],
    [-430, 186, -95, 130],
    [-480, 176, -84, 122],
    [-515, 150, -60, 98],
  ]),
  part('right thigh', thigh, -95),
  part('left thigh', thigh, 95),
];

/** The part's cross-section at `zMm` (linear between stations), or null outside its z range. */
export function sectionAt(outlinePart: OutlinePart, zMm: number): OutlineSection | null {
  const sections = outlinePart.sections;
  if (zMm > sections[0]!.zMm || zMm < sections[sections.length - 1]!.zMm) return null;
  for (let i = 1; i < sections.length; i++) {
    const lower = sections[i]!;
    if (zMm >= lower.zMm) {
      const upper = sections[i - 1]!;
      const t = (zMm - upper.zMm) / (lower.zMm - upper.zMm);
      const mix = (key: keyof OutlineSection): number => upper[key] + (lower[key] - upper[key]) * t;
      return {
        zMm,
        centreXMm: mix('centreXMm'),
        halfWidthMm: mix('halfWidthMm'),
        anteriorYMm: mix('anteriorYMm'),
        posteriorYMm: mix('posteriorYMm'),
      };
    }
  }
  return null;
}

/** Whether `point` (LPS mm) is inside the skin, at least `marginMm` deep. */
export function isInsideBodyOutline(point: ArrayLike<number>, marginMm = 0): boolean {
  for (const outlinePart of bodyOutline) {
    const section = sectionAt(outlinePart, point[2]!);
    if (!section) continue;
    const a = section.halfWidthMm - marginMm;
    const b = (section.posteriorYMm - section.anteriorYMm) / 2 - marginMm;
    if (a <= 0 || b <= 0) continue;
    const dx = (point[0]! - section.centreXMm) / a;
    const dy = (point[1]! - (section.anteriorYMm + section.posteriorYMm) / 2) / b;
    if (dx * dx + dy * dy <= 1) return true;
  }
  return false;
}

/** Most posterior skin (mm): where the supine patient's back touches the table. */
export function bodyOutlinePosteriorYMm(): number {
  let deepest = -Infinity;
  for (const outlinePart of bodyOutline) {
    for (const section of outlinePart.sections) deepest = Math.max(deepest, section.posteriorYMm);
  }
  return deepest;
}

const aroundByDetail: Record<MeshDetail, number> = { high: 48, medium: 32, low: 20 };

/**
 * Each part lofted ring by ring through its stations, closed at both ends; vertex normals are
 * the area-weighted average of the faces around each vertex, so the surface shades smoothly.
 */
export function buildBodyOutlineMesh(detail: MeshDetail = 'medium'): MeshData {
  const around = aroundByDetail[detail];
  const writer = new MeshWriter();
  for (const outlinePart of bodyOutline) {
    const sections = outlinePart.sections;
    // Rings run from the lowest section up so that each ring goes counter-clockwise about +z.
    const first = writer.vertexCount;
    for (let i = sections.length - 1; i >= 0; i--) {
      const section = sections[i]!;
      const centreY = (section.anteriorYMm + section.posteriorYMm) / 2;
      const halfDepth = (section.posteriorYMm - section.anteriorYMm) / 2;
      for (let j = 0; j < around; j++) {
        const angle = (2 * Math.PI * j) / around;
        writer.addVertex(
          section.centreXMm + section.halfWidthMm * Math.cos(angle),
          centreY + halfDepth * Math.sin(angle),
          section.zMm,
          0,
          0,
          0,
        );
      }
      const ring = sections.length - 1 - i;
      if (ring > 0) writer.joinRings(first + (ring - 1) * around, first + ring * around, around);
    }
    const bottom = sections[sections.length - 1]!;
    const top = sections[0]!;
    const bottomCentre = writer.addVertex(
      bottom.centreXMm,
      (bottom.anteriorYMm + bottom.posteriorYMm) / 2,
      bottom.zMm,
      0,
      0,
      0,
    );
    writer.fanToPole(first, around, bottomCentre, true);
    const topZ =
      outlinePart.top === 'pole'
        ? top.zMm + 0.5 * Math.min(top.halfWidthMm, (top.posteriorYMm - top.anteriorYMm) / 2)
        : top.zMm;
    const topCentre = writer.addVertex(top.centreXMm, (top.anteriorYMm + top.posteriorYMm) / 2, topZ, 0, 0, 0);
    writer.fanToPole(first + (sections.length - 1) * around, around, topCentre, false);
  }
  const mesh = writer.finish();
  accumulateFaceNormals(mesh);
  return mesh;
}

/** Sets each vertex normal to the normalised sum of its faces' (area-weighted) normals. */
function accumulateFaceNormals(mesh: MeshData): void {
  const { positions: p, normals: n, indices } = mesh;
  n.fill(0);
  for (let t = 0; t < indices.length; t += 3) {
    const a = 3 * indices[t]!;
    const b = 3 * indices[t + 1]!;
    const c = 3 * indices[t + 2]!;
    const ux = p[b]! - p[a]!;
    const uy = p[b + 1]! - p[a + 1]!;
    const uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!;
    const vy = p[c + 1]! - p[a + 1]!;
    const vz = p[c + 2]! - p[a + 2]!;
    const fx = uy * vz - uz * vy;
    const fy = uz * vx - ux * vz;
    const fz = ux * vy - uy * vx;
    for (const v of [a, b, c]) {
      n[v] = n[v]! + fx;
      n[v + 1] = n[v + 1]! + fy;
      n[v + 2] = n[v + 2]! + fz;
    }
  }
  for (let v = 0; v < n.length; v += 3) {
    const length = Math.hypot(n[v]!, n[v + 1]!, n[v + 2]!) || 1;
    n[v] = n[v]! / length;
    n[v + 1] = n[v + 1]! / length;
    n[v + 2] = n[v + 2]! / length;
  }
}
