import { bodyOutline, sectionAt } from '../anatomy/body-outline.ts';
import type { Axes, BonePrimitive, Vec3 } from '../anatomy/bone-primitives.ts';
import { sampleCount, type VesselTree } from '../anatomy/model.ts';
import type { DeviceKind } from '../devices/catalogue.ts';
import {
  boneExcessMuPerMm,
  contrastExcessMuPerMm,
  deviceMuPerMm,
  hasTipMarker,
  platinumMuPerMm,
  softTissueMuPerMm,
  territoryBlushRadiusMm,
  tipMarkerLengthMm,
  tipMarkerMuPerMm,
  tissueBloodFraction,
} from './attenuation.ts';
import {
  attenuatorShape,
  createAttenuatorSet,
  writeAttenuator,
  writeCylinderPiece,
  writeSphere,
  type AttenuatorSet,
  type AttenuatorShape,
} from './attenuators.ts';

/**
 * The patient as the beam sees it, built from the anatomy (all patient LPS mm):
 * - the still part (skin as soft tissue, the skeleton's excess over it), which changes only when
 *   the anatomy does, so the image caches its integral per C-arm pose;
 * - the vessels, one cylinder per pair of centreline samples, whose μ follows the contrast
 *   concentration every frame;
 * - what moves (devices with their tip markers, territory blush, extravasation pools), rewritten
 *   in place every frame.
 */

/** Longest soft-tissue slab (mm): thin enough that the loft between stations reads as smooth. */
const slabMm = 1;

/**
 * Which part's tissue counts where two parts overlap (the thighs run up into the pelvis, the
 * neck into the head and the chest): the skin is their union, so the overlap is counted once,
 * for the part earlier in this list.
 */
const partPrecedence: readonly (typeof bodyOutline)[number]['name'][] = [
  'torso',
  'head',
  'neck',
  'right thigh',
  'left thigh',
];

/** The atlas patient's skin (soft tissue) and skeleton (bone in excess of it). */
export function patientBodyAttenuators(bones: readonly BonePrimitive[]): AttenuatorSet {
  const slabs: { zTop: number; zBottom: number; part: (typeof bodyOutline)[number] }[] = [];
  const done: (typeof bodyOutline)[number][] = [];
  for (const name of partPrecedence) {
    const part = bodyOutline.find((candidate) => candidate.name === name)!;
    const top = part.sections[0]!.zMm;
    const bottom = part.sections[part.sections.length - 1]!.zMm;
    const count = Math.max(1, Math.ceil((top - bottom) / slabMm));
    for (let i = 0; i < count; i++) {
      const zTop = top - ((top - bottom) * i) / count;
      const zBottom = top - ((top - bottom) * (i + 1)) / count;
      if (!coveredByEarlierPart(done, part, (zTop + zBottom) / 2)) slabs.push({ zTop, zBottom, part });
    }
    done.push(part);
  }
  const pieces = bones.reduce((sum, bone) => sum + bonePieceCount(bone), 0);
  const set = createAttenuatorSet(slabs.length + pieces);
  let n = 0;
  for (const { zTop, zBottom, part } of slabs) {
    const section = sectionAt(part, (zTop + zBottom) / 2)!;
    const halfDepth = (section.posteriorYMm - section.anteriorYMm) / 2;
    writeAttenuator(
      set,
      n++,
      attenuatorShape.cylinder,
      [section.halfWidthMm, 0, 0],
      [0, halfDepth, 0],
      [0, 0, (zTop - zBottom) / 2],
      [section.centreXMm, (section.anteriorYMm + section.posteriorYMm) / 2, (zTop + zBottom) / 2],
      softTissueMuPerMm,
    );
  }
  for (const bone of bones) n = writeBone(set, n, bone);
  set.count = n;
  return set;
}

function coveredByEarlierPart(
  earlier: readonly (typeof bodyOutline)[number][],
  part: (typeof bodyOutline)[number],
  zMm: number,
): boolean {
  const own = sectionAt(part, zMm);
  if (!own) return true;
  return earlier.some((other) => {
    const section = sectionAt(other, zMm);
    return section !== null && Math.abs(section.centreXMm - own.centreXMm) < section.halfWidthMm + own.halfWidthMm;
  });
}

/**
 * An imported model has no body around it: a block of soft tissue `thicknessMm` deep (front to
 * back) around the vessels' bounds, so the image has the background a real patient gives.
 */
export function softTissueBlockAttenuators(tree: VesselTree, thicknessMm: number): AttenuatorSet {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const segment of tree.segments) {
    for (let i = 0; i < segment.points.length; i++) {
      const k = i % 3;
      min[k] = Math.min(min[k]!, segment.points[i]!);
      max[k] = Math.max(max[k]!, segment.points[i]!);
    }
  }
  const margin = 60;
  const set = createAttenuatorSet(1);
  writeAttenuator(
    set,
    0,
    attenuatorShape.box,
    [(max[0]! - min[0]!) / 2 + margin, 0, 0],
    [0, thicknessMm / 2, 0],
    [0, 0, (max[2]! - min[2]!) / 2 + margin],
    [(min[0]! + max[0]!) / 2, (min[1]! + max[1]!) / 2, (min[2]! + max[2]!) / 2],
    softTissueMuPerMm,
  );
  set.count = 1;
  return set;
}

function bonePieceCount(bone: BonePrimitive): number {
  if (bone.kind === 'capsule') return 3;
  if (bone.kind === 'tube') return bone.pointsMm.length - 1 + 2;
  return 1;
}

function scaled(axis: Vec3, by: number): Vec3 {
  return [axis[0] * by, axis[1] * by, axis[2] * by];
}

/** A unit shape stretched along a bone's own axes by its three half sizes. */
function writeOrientedBone(
  set: AttenuatorSet,
  n: number,
  shape: AttenuatorShape,
  axes: Axes,
  halfSizesMm: Vec3,
  centre: Vec3,
  mu: number,
): void {
  writeAttenuator(
    set,
    n,
    shape,
    scaled(axes[0], halfSizesMm[0]),
    scaled(axes[1], halfSizesMm[1]),
    scaled(axes[2], halfSizesMm[2]),
    centre,
    mu,
  );
}

function writeBone(set: AttenuatorSet, n: number, bone: BonePrimitive): number {
  const mu = boneExcessMuPerMm[bone.boneDensity];
  switch (bone.kind) {
    case 'ellipsoid': {
      const [a, b, c] = bone.semiAxesMm;
      const axes = [scaled(bone.axes[0], a), scaled(bone.axes[1], b), scaled(bone.axes[2], c)] as const;
      writeAttenuator(set, n, attenuatorShape.ellipsoid, axes[0], axes[1], axes[2], bone.centre, mu);
      if (bone.shellThicknessMm !== null) {
        const t = bone.shellThicknessMm;
        set.hollow.set([(a - t) / a, (b - t) / b, (c - t) / c], 3 * n);
      }
      if (bone.clipBelowZMm !== null) {
        // Keep patient z ≥ clip: origin.z + Σ local_k·axis_k.z ≥ clip.
        set.clip.set([axes[0][2], axes[1][2], axes[2][2], bone.clipBelowZMm - bone.centre[2]], 4 * n);
      }
      return n + 1;
    }
    case 'ellipticCylinder':
      writeOrientedBone(
        set,
        n,
        attenuatorShape.cylinder,
        bone.axes,
        [...bone.semiAxesMm, bone.halfLengthMm],
        bone.centre,
        mu,
      );
      return n + 1;
    case 'box':
      writeOrientedBone(set, n, attenuatorShape.box, bone.axes, bone.halfSizeMm, bone.centre, mu);
      return n + 1;
    case 'capsule':
      return writeRod(set, n, [bone.startMm, bone.endMm], bone.radiusMm, mu);
    case 'tube':
      return writeRod(set, n, bone.pointsMm, bone.radiusMm, mu);
  }
}

/**
 * A rod through `points`: a cylinder per leg and a hemisphere capping each end (clipped to the
 * side away from the rod, so it does not count the cylinder's volume twice). Interior joints
 * are left as they are: a small wedge at each bend, invisible at a rib's curvature.
 */
function writeRod(set: AttenuatorSet, n: number, points: readonly Vec3[], radiusMm: number, mu: number): number {
  for (let i = 1; i < points.length; i++) {
    const [sx, sy, sz] = points[i - 1]!;
    const [ex, ey, ez] = points[i]!;
    writeCylinderPiece(set, n++, sx, sy, sz, ex, ey, ez, radiusMm, mu);
  }
  const ends: [Vec3, Vec3][] = [
    [points[0]!, points[1]!],
    [points[points.length - 1]!, points[points.length - 2]!],
  ];
  for (const [end, inward] of ends) {
    const dx = end[0] - inward[0];
    const dy = end[1] - inward[1];
    const dz = end[2] - inward[2];
    const length = Math.hypot(dx, dy, dz) || 1;
    writeSphere(set, n, end[0], end[1], end[2], radiusMm, mu);
    set.clip.set([dx / length, dy / length, dz / length, 0], 4 * n);
    n++;
  }
  return n;
}

/** One cylinder per pair of consecutive centreline samples; μ is set per frame by `setVesselContrast`. */
export function vesselAttenuators(tree: VesselTree): AttenuatorSet {
  const count = tree.segments.reduce((sum, segment) => sum + sampleCount(segment) - 1, 0);
  const set = createAttenuatorSet(count);
  let n = 0;
  for (const segment of tree.segments) {
    const p = segment.points;
    const r = segment.radiiMm;
    for (let i = 1; i < r.length; i++) {
      const a = 3 * (i - 1);
      const b = 3 * i;
      writeCylinderPiece(
        set,
        n++,
        p[a]!,
        p[a + 1]!,
        p[a + 2]!,
        p[b]!,
        p[b + 1]!,
        p[b + 2]!,
        (r[i - 1]! + r[i]!) / 2,
        0,
      );
    }
  }
  set.count = n;
  return set;
}

/**
 * The vessels' μ from the contrast concentration at every centreline sample (segments in tree
 * order, samples in order: the flow model's `sampleConcentrations`); a piece takes the mean of
 * its two ends.
 */
export function setVesselContrast(set: AttenuatorSet, tree: VesselTree, concentrations: ArrayLike<number>): void {
  let n = 0;
  let sample = 0;
  for (const segment of tree.segments) {
    const samples = sampleCount(segment);
    for (let i = 1; i < samples; i++) {
      set.muPerMm[n++] = (contrastExcessMuPerMm * (concentrations[sample + i - 1]! + concentrations[sample + i]!)) / 2;
    }
    sample += samples;
  }
}

/** A device in the body as the moving set holds it: nodes tip first, as the physics gives them. */
export interface DeviceShadow {
  kind: DeviceKind;
  radiusMm: number;
  positions: ArrayLike<number>;
  activeCount: number;
}

/** How many moving primitives a device needs at most: a piece per node pair and its tip marker. */
export function deviceAttenuatorCount(nodeCount: number): number {
  return nodeCount;
}

/**
 * Writes a device's pieces from index `n` and returns the next free index. A device thinner than
 * `minRadiusMm` (what the image can resolve) is drawn at that radius with μ lowered by
 * (r / rMin)², which keeps its integral across the width, so a 0.014" wire neither vanishes
 * between pixels nor looks thicker in total.
 */
export function writeDeviceAttenuators(
  set: AttenuatorSet,
  n: number,
  device: DeviceShadow,
  minRadiusMm: number,
): number {
  const radius = Math.max(device.radiusMm, minRadiusMm);
  const widen = (device.radiusMm / radius) ** 2;
  const mu = deviceMuPerMm[device.kind] * widen;
  const p = device.positions;
  for (let i = 1; i < device.activeCount; i++) {
    const a = 3 * (i - 1);
    const b = 3 * i;
    writeCylinderPiece(set, n++, p[a]!, p[a + 1]!, p[a + 2]!, p[b]!, p[b + 1]!, p[b + 2]!, radius, mu);
  }
  if (hasTipMarker(device.kind) && device.activeCount >= 2) {
    // The marker band sits just behind the tip (node 0), along the first piece.
    const dx = p[3]! - p[0]!;
    const dy = p[4]! - p[1]!;
    const dz = p[5]! - p[2]!;
    const length = Math.hypot(dx, dy, dz) || 1;
    const s = Math.min(tipMarkerLengthMm, length) / length;
    writeCylinderPiece(
      set,
      n++,
      p[0]!,
      p[1]!,
      p[2]!,
      p[0]! + dx * s,
      p[1]! + dy * s,
      p[2]! + dz * s,
      radius,
      tipMarkerMuPerMm * widen,
    );
  }
  return n;
}

/**
 * Parenchymal blush: a sphere distal to each territory's terminal end, its μ from the tissue
 * compartment's concentration (`territoryConcentrations`, per segment). Returns the next index.
 */
export function writeBlushAttenuators(
  set: AttenuatorSet,
  n: number,
  tree: VesselTree,
  territoryConcentration: ArrayLike<number>,
): number {
  for (let s = 0; s < tree.segments.length; s++) {
    const segment = tree.segments[s]!;
    const c = territoryConcentration[s] ?? 0;
    if (!segment.territory || c <= 1e-4) continue;
    const radius = territoryBlushRadiusMm[segment.territory.kind];
    const p = segment.points;
    const last = p.length - 3;
    const dx = p[last]! - p[last - 3]!;
    const dy = p[last + 1]! - p[last - 2]!;
    const dz = p[last + 2]! - p[last - 1]!;
    const length = Math.hypot(dx, dy, dz) || 1;
    const ahead = (0.6 * radius) / length;
    writeSphere(
      set,
      n++,
      p[last]! + dx * ahead,
      p[last + 1]! + dy * ahead,
      p[last + 2]! + dz * ahead,
      radius,
      contrastExcessMuPerMm * tissueBloodFraction * c,
    );
  }
  return n;
}

/** Contrast pooled outside the lumen at a bleeding point: a sphere of the pool's volume. */
export function writePoolAttenuator(
  set: AttenuatorSet,
  n: number,
  centre: ArrayLike<number>,
  volumeMl: number,
  concentration: number,
): number {
  if (volumeMl <= 0 || concentration <= 1e-4) return n;
  const radius = Math.cbrt((3 * volumeMl * 1000) / (4 * Math.PI));
  writeSphere(set, n, centre[0]!, centre[1]!, centre[2]!, radius, contrastExcessMuPerMm * concentration);
  return n + 1;
}

/**
 * A packed coil mass: a sphere filling the vessel where it sits, its μ platinum's times the
 * packing (the fraction of the mass's volume that is coil wire), so a dense pack shows as the
 * black knot it is on fluoroscopy.
 */
export function writeCoilAttenuator(
  set: AttenuatorSet,
  n: number,
  centre: ArrayLike<number>,
  radiusMm: number,
  packing: number,
): number {
  if (packing <= 0 || radiusMm <= 0) return n;
  writeSphere(set, n, centre[0]!, centre[1]!, centre[2]!, radiusMm, platinumMuPerMm * Math.min(packing, 0.5));
  return n + 1;
}

export function territoryCount(tree: VesselTree): number {
  return tree.segments.filter((segment) => segment.territory !== null).length;
}
