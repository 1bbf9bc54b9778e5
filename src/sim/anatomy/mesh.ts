import { sampleAtArc, segmentLengthMm, type VesselSegment, type VesselTree } from './model.ts';
import { MeshWriter, type MeshData } from './mesh-writer.ts';
import { anyPerpendicular, cross, transportNormal } from './tube-frames.ts';

/**
 * The lumen surface of a vessel tree as a triangle mesh, in the tree's own coordinates (LPS mm):
 * what the 3D view draws and the picker raycasts. Each segment is a tube swept along its
 * centreline with rotation-minimising frames (`tube-frames.ts`), so nothing twists; rings are
 * closer where the centreline bends or the vessel is narrow.
 *
 * Joins:
 * - A continuation (ICA cervical → petrous) starts where its parent ends, tangent-continuous:
 *   its first ring is the parent's last ring (frame and radius), so the two tubes share a seam.
 * - A branch starts on its parent's centreline, inside the parent. Its first rings blend from
 *   the parent's radius down to its own inside the parent (`ostiumFlare`), so the union of the
 *   two tubes has no gap where the branch leaves and nothing pokes out of the parent.
 * - A segment that no continuation carries on (a terminal branch, or a trunk that ends by
 *   dividing, like the aorta into the iliacs) ends in a hemispherical cap; so does the root's
 *   start. The surface is closed wherever it could be seen from outside.
 *
 * Tight bends: where the lumen radius r exceeds the centreline's bend radius R, consecutive ring
 * planes cross inside the tube and the inner wall would fold through itself. Ring spacing is
 * bounded below (no bunching) and each ring's inner side is pulled in to `innerBendLimit`·R, so
 * the inner wall flattens instead of folding. The pulled-in vertices lie closer than r to the
 * centreline: the only place the mesh departs from the lumen radius besides the hidden flare.
 */

export const meshDetails = ['high', 'medium', 'low'] as const;
export type MeshDetail = (typeof meshDetails)[number];

export interface LumenMeshData extends MeshData {
  /** Index into `tree.segments` of each vertex's vessel. */
  segmentOfVertex: Uint16Array | Uint32Array;
  /** Arc length along that vessel's centreline (mm) of each vertex's ring; caps hold the end's. */
  arcMmOfVertex: Float32Array;
}

export interface LumenDetailSettings {
  /** Vertices around each ring. */
  radialCount: number;
  /** Largest turn of the centreline between rings (rad). */
  maxTurnRad: number;
  /** Largest ring spacing as a multiple of the local radius. */
  stepPerRadius: number;
  /** Largest ring spacing on wide, straight vessels (mm). */
  maxStepMm: number;
  /** Latitude rings in a hemispherical cap, not counting its base ring and pole. */
  capRings: number;
}

const degree = Math.PI / 180;

export const lumenDetailSettings: Record<MeshDetail, LumenDetailSettings> = {
  high: { radialCount: 24, maxTurnRad: 7 * degree, stepPerRadius: 0.6, maxStepMm: 8, capRings: 5 },
  medium: { radialCount: 16, maxTurnRad: 12 * degree, stepPerRadius: 1.0, maxStepMm: 14, capRings: 3 },
  low: { radialCount: 8, maxTurnRad: 20 * degree, stepPerRadius: 1.8, maxStepMm: 24, capRings: 2 },
};

/** Ring spacing never falls below this fraction of the radius, so tight kinks do not bunch rings. */
const minStepPerRadius = 0.15;
/** Inner-wall vertices stay within this fraction of the local bend radius (see the file comment). */
const innerBendLimit = 0.8;

export interface OstiumFlare {
  /** Where the branch leaves: the point on the parent's centreline (LPS mm). */
  originMm: readonly [number, number, number];
  /** Radius of the sphere about the origin that the blend stays inside (mm); it ends this far along. */
  lengthMm: number;
  /** The parent's radius where the branch leaves (mm). */
  parentRadiusMm: number;
}

const scratchA = new Float64Array(3);
const scratchTangent = new Float64Array(3);

/** The hidden start of a branch stays within this fraction of the parent's radius of its origin. */
const flareInset = 0.97;
/** Width of the smooth join between the sphere and the branch's own tube, as a fraction of its radius. */
const flareSmoothing = 0.25;

/**
 * How a branch's first rings blend from its parent's radius, or null (roots, continuations,
 * and branches at least as wide as their parent). A branch starts on its parent's centreline;
 * its rings there are as wide as fits inside a sphere of `flareInset` × the parent's radius about
 * the origin, shrinking to its own radius. That sphere lies inside the parent (inside a tube of
 * that radius around the origin, and just inside a rounded end cap), so the blend closes every
 * gap at the branch point and none of it shows: what shows is the branch's own tube leaving the
 * parent's wall, with a slight fillet where the two radii meet.
 */
export function ostiumFlare(tree: VesselTree, index: number): OstiumFlare | null {
  const segment = tree.segments[index]!;
  if (segment.parent < 0 || segment.continuation) return null;
  const parent = tree.segments[segment.parent]!;
  const parentRadiusMm = sampleAtArc(parent, segment.parentArcMm, scratchA);
  if (parentRadiusMm <= segment.radiiMm[0]!) return null;
  return {
    originMm: [scratchA[0]!, scratchA[1]!, scratchA[2]!],
    lengthMm: flareInset * parentRadiusMm,
    parentRadiusMm,
  };
}

/**
 * The radius of the widest ring about `centre`, perpendicular to the unit `tangent`, that stays
 * inside the flare's sphere: with the centre's offset from the origin split into a part along
 * the tangent (a) and across it (w), a ring point lies at most √(a² + (w + r)²) from the origin,
 * so r = √(R² − a²) − w. Zero where no ring fits.
 */
export function flareSphereRadiusMm(flare: OstiumFlare, centre: ArrayLike<number>, tangent: ArrayLike<number>): number {
  const dx = centre[0]! - flare.originMm[0];
  const dy = centre[1]! - flare.originMm[1];
  const dz = centre[2]! - flare.originMm[2];
  const along = dx * tangent[0]! + dy * tangent[1]! + dz * tangent[2]!;
  const across = Math.sqrt(Math.max(0, dx * dx + dy * dy + dz * dz - along * along));
  const inside = flare.lengthMm * flare.lengthMm - along * along;
  return inside > 0 ? Math.max(0, Math.sqrt(inside) - across) : 0;
}

/**
 * The drawn radius: the larger of the lumen radius and the flare sphere's ring radius, joined by
 * a polynomial smooth maximum, exactly the lumen radius once the sphere's ring is narrower than
 * it by the smoothing width (and always beyond the flare, where the sphere's ring is zero).
 */
export function blendedRadiusMm(lumenRadiusMm: number, sphereRadiusMm: number): number {
  const width = flareSmoothing * lumenRadiusMm;
  const h = Math.max(width - Math.abs(sphereRadiusMm - lumenRadiusMm), 0) / width;
  return Math.max(sphereRadiusMm, lumenRadiusMm) + (h * h * width) / 4;
}

export function buildLumenMesh(tree: VesselTree, detail: MeshDetail = 'medium'): LumenMeshData {
  const settings = lumenDetailSettings[detail];
  const writer = new MeshWriter();
  const attributes = { segment: [] as number[], arcMm: [] as number[] };
  const segments = tree.segments;
  const ends: SegmentEnds = {
    tangent: new Float64Array(3 * segments.length),
    normal: new Float64Array(3 * segments.length),
    radiusMm: new Float64Array(segments.length),
    known: new Uint8Array(segments.length),
  };
  for (const index of parentsFirst(tree)) sweepSegment(tree, index, settings, writer, attributes, ends);
  const mesh = writer.finish();
  const SegmentArray = segments.length <= 0xffff ? Uint16Array : Uint32Array;
  return {
    ...mesh,
    segmentOfVertex: SegmentArray.from(attributes.segment),
    arcMmOfVertex: Float32Array.from(attributes.arcMm),
  };
}

/**
 * Each segment's last ring (tangent, frame normal, drawn radius), handed to a continuation: its
 * first ring is the same ring, so the seam neither twists nor opens a crack where the two
 * vessels' radii differ (the continuation's first ring band then tapers to its own radius).
 */
interface SegmentEnds {
  tangent: Float64Array;
  normal: Float64Array;
  radiusMm: Float64Array;
  known: Uint8Array;
}

/** Segment indices in breadth-first order from the root, so a parent's frame exists before its children. */
function parentsFirst(tree: VesselTree): number[] {
  const order: number[] = [];
  tree.segments.forEach((segment, index) => {
    if (segment.parent < 0) order.push(index);
  });
  for (let head = 0; head < order.length; head++) order.push(...tree.segments[order[head]!]!.children);
  return order;
}

function sweepSegment(
  tree: VesselTree,
  index: number,
  settings: LumenDetailSettings,
  writer: MeshWriter,
  attributes: { segment: number[]; arcMm: number[] },
  ends: SegmentEnds,
): void {
  const segment = tree.segments[index]!;
  const lengthMm = segmentLengthMm(segment);
  const parent = segment.parent;
  if (!(lengthMm > 1e-6)) {
    // Nothing to draw; pass the parent's last ring on to a continuation.
    if (parent >= 0 && ends.known[parent]) {
      ends.tangent.copyWithin(3 * index, 3 * parent, 3 * parent + 3);
      ends.normal.copyWithin(3 * index, 3 * parent, 3 * parent + 3);
      ends.radiusMm[index] = ends.radiusMm[parent]!;
      ends.known[index] = 1;
    }
    return;
  }

  const arcs = ringArcs(segment, settings);
  const count = arcs.length;
  const centres = new Float64Array(3 * count);
  const tangents = new Float64Array(3 * count);
  const normals = new Float64Array(3 * count);
  const radii = new Float64Array(count);
  const flare = ostiumFlare(tree, index);
  const point = new Float64Array(3);
  const tangent = new Float64Array(3);
  // Tangent windows reach across seams into the vessel continued and the one continuing.
  const continued = segment.continuation && parent >= 0 ? tree.segments[parent]! : null;
  const continuingIndex = segment.children.find((child) => tree.segments[child]!.continuation);
  const continuing = continuingIndex === undefined ? null : tree.segments[continuingIndex]!;
  for (let i = 0; i < count; i++) {
    const lumenRadius = sampleAtArc(segment, arcs[i]!, point);
    centres.set(point, 3 * i);
    tangentAt(segment, arcs[i]!, 0.5 * lumenRadius, tangent, continued, continuing);
    tangents.set(tangent, 3 * i);
    radii[i] =
      flare && arcs[i]! < flare.lengthMm
        ? blendedRadiusMm(lumenRadius, flareSphereRadiusMm(flare, point, tangent))
        : lumenRadius;
  }

  // The first ring: a continuation's is its parent's last ring; otherwise any perpendicular frame.
  const normal = new Float64Array(3);
  const seam = segment.continuation && parent >= 0 && ends.known[parent] === 1;
  if (seam) {
    tangents.set(ends.tangent.subarray(3 * parent, 3 * parent + 3), 0);
    normal.set(ends.normal.subarray(3 * parent, 3 * parent + 3));
    radii[0] = ends.radiusMm[parent]!;
  } else {
    anyPerpendicular(tangents.subarray(0, 3), normal);
  }
  normals.set(normal, 0);
  for (let i = 1; i < count; i++) {
    transportNormal(
      centres.subarray(3 * i - 3, 3 * i),
      tangents.subarray(3 * i - 3, 3 * i),
      normals.subarray(3 * i - 3, 3 * i),
      centres.subarray(3 * i, 3 * i + 3),
      tangents.subarray(3 * i, 3 * i + 3),
      normal,
    );
    normals.set(normal, 3 * i);
  }
  ends.tangent.set(tangents.subarray(3 * count - 3), 3 * index);
  ends.normal.set(normals.subarray(3 * count - 3), 3 * index);
  ends.radiusMm[index] = radii[count - 1]!;
  ends.known[index] = 1;

  const capStart = parent < 0;
  const capEnd = !segment.children.some((child) => tree.segments[child]!.continuation);
  const radial = settings.radialCount;
  const firstRing = writer.vertexCount;
  const ring = new RingWriter(writer, attributes, index, radial, firstRing);
  for (let i = 0; i < count; i++) {
    const before = Math.max(0, i - 1);
    const after = Math.min(count - 1, i + 1);
    const span = arcs[after]! - arcs[before]!;
    const radiusSlope = span > 0 ? (radii[after]! - radii[before]!) / span : 0;
    // Curvature vector dT/ds, for the inner-bend limit; none on end rings (caps and seams).
    let kx = 0;
    let ky = 0;
    let kz = 0;
    if (span > 0 && i > 0 && i < count - 1) {
      kx = (tangents[3 * after]! - tangents[3 * before]!) / span;
      ky = (tangents[3 * after + 1]! - tangents[3 * before + 1]!) / span;
      kz = (tangents[3 * after + 2]! - tangents[3 * before + 2]!) / span;
    }
    ring.write(centres, tangents, normals, i, radii[i]!, radiusSlope, arcs[i]!, kx, ky, kz);
    if (i > 0) writer.joinRings(firstRing + (i - 1) * radial, firstRing + i * radial, radial);
  }
  if (capEnd) ring.cap(centres, tangents, normals, count - 1, radii[count - 1]!, lengthMm, 1, settings.capRings);
  if (capStart) ring.cap(centres, tangents, normals, 0, radii[0]!, 0, -1, settings.capRings);
}

/** Writes rings and caps of one segment's tube; holds the per-vertex attributes as it goes. */
class RingWriter {
  private readonly binormal = new Float64Array(3);

  private readonly writer: MeshWriter;
  private readonly attributes: { segment: number[]; arcMm: number[] };
  private readonly segmentIndex: number;
  private readonly radial: number;
  /** Index of the tube's first vertex: ring i starts at tubeStart + i·radial. */
  private readonly tubeStart: number;

  constructor(
    writer: MeshWriter,
    attributes: { segment: number[]; arcMm: number[] },
    segmentIndex: number,
    radial: number,
    tubeStart: number,
  ) {
    this.writer = writer;
    this.attributes = attributes;
    this.segmentIndex = segmentIndex;
    this.radial = radial;
    this.tubeStart = tubeStart;
  }

  /**
   * Ring `i`: vertices at `radius` around the centre in the plane of the frame; normals tilted
   * back by the radius's slope along the tube (a widening tube faces partly backwards).
   */
  write(
    centres: Float64Array,
    tangents: Float64Array,
    normals: Float64Array,
    i: number,
    radius: number,
    radiusSlope: number,
    arcMm: number,
    kx: number,
    ky: number,
    kz: number,
  ): void {
    const t = tangents.subarray(3 * i, 3 * i + 3);
    const n = normals.subarray(3 * i, 3 * i + 3);
    cross(t, n, this.binormal);
    const b = this.binormal;
    const curvature = Math.hypot(kx, ky, kz);
    const limit = curvature > 0 ? innerBendLimit / curvature : Infinity;
    for (let j = 0; j < this.radial; j++) {
      const angle = (2 * Math.PI * j) / this.radial;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      const ux = c * n[0]! + s * b[0]!;
      const uy = c * n[1]! + s * b[1]!;
      const uz = c * n[2]! + s * b[2]!;
      let ox = radius * ux;
      let oy = radius * uy;
      let oz = radius * uz;
      if (radius > limit) {
        const inward = (ox * kx + oy * ky + oz * kz) / curvature;
        if (inward > limit) {
          const pull = (inward - limit) / curvature;
          ox -= pull * kx;
          oy -= pull * ky;
          oz -= pull * kz;
        }
      }
      let nx = ux - radiusSlope * t[0]!;
      let ny = uy - radiusSlope * t[1]!;
      let nz = uz - radiusSlope * t[2]!;
      const length = Math.hypot(nx, ny, nz);
      nx /= length;
      ny /= length;
      nz /= length;
      this.writer.addVertex(centres[3 * i]! + ox, centres[3 * i + 1]! + oy, centres[3 * i + 2]! + oz, nx, ny, nz);
      this.attributes.segment.push(this.segmentIndex);
      this.attributes.arcMm.push(arcMm);
    }
  }

  /**
   * A hemisphere of `radius` closing ring `i` (the last ring, `direction` +1, or the first, −1),
   * centred on the ring's centre: latitude rings, then a pole on the axis.
   */
  cap(
    centres: Float64Array,
    tangents: Float64Array,
    normals: Float64Array,
    i: number,
    radius: number,
    arcMm: number,
    direction: 1 | -1,
    latitudeRings: number,
  ): void {
    const writer = this.writer;
    const radial = this.radial;
    const t = tangents.subarray(3 * i, 3 * i + 3);
    const n = normals.subarray(3 * i, 3 * i + 3);
    cross(t, n, this.binormal);
    const b = this.binormal;
    const cx = centres[3 * i]!;
    const cy = centres[3 * i + 1]!;
    const cz = centres[3 * i + 2]!;
    // The base ring is the tube's ring i; its vertices were written `radial` at a time in order.
    let previous = direction === 1 ? writer.vertexCount - radial : this.tubeStart + i * radial;
    for (let k = 1; k <= latitudeRings + 1; k++) {
      const latitude = (k / (latitudeRings + 1)) * (Math.PI / 2);
      const along = direction * radius * Math.sin(latitude);
      const across = radius * Math.cos(latitude);
      const ax = cx + along * t[0]!;
      const ay = cy + along * t[1]!;
      const az = cz + along * t[2]!;
      if (k === latitudeRings + 1) {
        const pole = writer.addVertex(ax, ay, az, direction * t[0]!, direction * t[1]!, direction * t[2]!);
        this.attributes.segment.push(this.segmentIndex);
        this.attributes.arcMm.push(arcMm);
        writer.fanToPole(previous, radial, pole, direction === -1);
        break;
      }
      const start = writer.vertexCount;
      const cosine = Math.cos(latitude);
      const sine = Math.sin(latitude);
      for (let j = 0; j < radial; j++) {
        const angle = (2 * Math.PI * j) / radial;
        const ux = Math.cos(angle) * n[0]! + Math.sin(angle) * b[0]!;
        const uy = Math.cos(angle) * n[1]! + Math.sin(angle) * b[1]!;
        const uz = Math.cos(angle) * n[2]! + Math.sin(angle) * b[2]!;
        writer.addVertex(
          ax + across * ux,
          ay + across * uy,
          az + across * uz,
          cosine * ux + direction * sine * t[0]!,
          cosine * uy + direction * sine * t[1]!,
          cosine * uz + direction * sine * t[2]!,
        );
        this.attributes.segment.push(this.segmentIndex);
        this.attributes.arcMm.push(arcMm);
      }
      // Join so that the band runs along +tangent: from the ring behind to the ring ahead.
      if (direction === 1) writer.joinRings(previous, start, radial);
      else writer.joinRings(start, previous, radial);
      previous = start;
    }
  }
}

/**
 * Ring positions along a segment (arc lengths, first 0, last the segment's length): spacing at
 * most `stepPerRadius` radii and `maxStepMm`, and at most `maxTurnRad` of centreline turn.
 */
export function ringArcs(segment: VesselSegment, settings: LumenDetailSettings): number[] {
  const lengthMm = segmentLengthMm(segment);
  const curvature = sampleCurvatures(segment);
  const arcs = [0];
  let s = 0;
  for (;;) {
    const radius = sampleAtArc(segment, s, scratchA);
    let step = Math.min(settings.maxStepMm, settings.stepPerRadius * radius);
    const kappa = maxCurvatureBetween(segment, curvature, s, s + step);
    if (kappa > 0) step = Math.min(step, settings.maxTurnRad / kappa);
    step = Math.max(step, minStepPerRadius * radius, 0.05);
    if (s + step >= lengthMm - 0.3 * step) {
      arcs.push(lengthMm);
      return arcs;
    }
    s += step;
    arcs.push(s);
  }
}

/** Turning angle per unit length at each sample (1/mm), from the two chords that meet there. */
function sampleCurvatures(segment: VesselSegment): Float64Array {
  const count = segment.radiiMm.length;
  const p = segment.points;
  const curvature = new Float64Array(count);
  for (let i = 1; i < count - 1; i++) {
    const ax = p[3 * i]! - p[3 * i - 3]!;
    const ay = p[3 * i + 1]! - p[3 * i - 2]!;
    const az = p[3 * i + 2]! - p[3 * i - 1]!;
    const bx = p[3 * i + 3]! - p[3 * i]!;
    const by = p[3 * i + 4]! - p[3 * i + 1]!;
    const bz = p[3 * i + 5]! - p[3 * i + 2]!;
    const la = Math.hypot(ax, ay, az);
    const lb = Math.hypot(bx, by, bz);
    if (la < 1e-9 || lb < 1e-9) continue;
    const cosine = Math.min(1, Math.max(-1, (ax * bx + ay * by + az * bz) / (la * lb)));
    curvature[i] = Math.acos(cosine) / (0.5 * (la + lb));
  }
  return curvature;
}

function maxCurvatureBetween(segment: VesselSegment, curvature: Float64Array, fromMm: number, toMm: number): number {
  const arc = segment.arcMm;
  let low = 0;
  let high = arc.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (arc[middle]! <= fromMm) low = middle;
    else high = middle;
  }
  let kappa = 0;
  for (let i = low; i < arc.length && arc[i]! <= toMm + 1e-9; i++) kappa = Math.max(kappa, curvature[i]!);
  return Math.max(kappa, curvature[Math.min(high, arc.length - 1)]!);
}

/**
 * Unit tangent at `arcMm`: the chord across ±`halfWindowMm`. Where the window runs off the
 * segment it continues into the vessel this one continues (`before`) or the one continuing it
 * (`after`), so both sides of a seam get the same tangent; otherwise it is clamped to the segment.
 */
function tangentAt(
  segment: VesselSegment,
  arcMm: number,
  halfWindowMm: number,
  out: Float64Array,
  before: VesselSegment | null = null,
  after: VesselSegment | null = null,
): void {
  const lengthMm = segmentLengthMm(segment);
  const window = Math.max(halfWindowMm, 0.25);
  const back = arcMm - window;
  if (back < 0 && before) sampleAtArc(before, Math.max(0, segmentLengthMm(before) + back), scratchTangent);
  else sampleAtArc(segment, Math.max(0, back), scratchTangent);
  const ax = scratchTangent[0]!;
  const ay = scratchTangent[1]!;
  const az = scratchTangent[2]!;
  const ahead = arcMm + window;
  if (ahead > lengthMm && after) sampleAtArc(after, Math.min(segmentLengthMm(after), ahead - lengthMm), scratchTangent);
  else sampleAtArc(segment, Math.min(lengthMm, ahead), scratchTangent);
  let dx = scratchTangent[0]! - ax;
  let dy = scratchTangent[1]! - ay;
  let dz = scratchTangent[2]! - az;
  let length = Math.hypot(dx, dy, dz);
  if (length < 1e-12) {
    // A degenerate window: fall back to the whole segment's chord.
    const p = segment.points;
    const last = p.length - 3;
    dx = p[last]! - p[0]!;
    dy = p[last + 1]! - p[1]!;
    dz = p[last + 2]! - p[2]!;
    length = Math.hypot(dx, dy, dz);
    if (length < 1e-12) {
      dx = 0;
      dy = 0;
      dz = 1;
      length = 1;
    }
  }
  out[0] = dx / length;
  out[1] = dy / length;
  out[2] = dz / length;
}
