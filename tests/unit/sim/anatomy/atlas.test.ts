import { describe, expect, it } from 'vitest';
import { atlasNames, buildAtlas, type AtlasOptions } from '../../../../src/sim/anatomy/atlas/index.ts';
import {
  segmentByKey,
  segmentLengthMm,
  type VesselSegment,
  type VesselTree,
} from '../../../../src/sim/anatomy/model.ts';
import { vesselStats } from '../../../../src/sim/anatomy/stats.ts';

/**
 * The atlases against DOMAIN.md. Bands are the published mean ± 2 SD where an SD is given, and
 * wider (about ±25%) for textbook estimates ("est.").
 */

const neuro = buildAtlas('neuro');
const body = buildAtlas('body');

function meanDiameter(tree: VesselTree, key: string): number {
  return vesselStats(tree).find((stats) => stats.key === key)!.meanDiameterMm;
}

function diameterAt(segment: VesselSegment, fraction: number): number {
  const index = Math.round(fraction * (segment.radiiMm.length - 1));
  return 2 * segment.radiiMm[index]!;
}

function lengthOf(tree: VesselTree, ...keys: string[]): number {
  return keys.reduce((sum, key) => sum + segmentLengthMm(segmentByKey(tree, key)), 0);
}

/** Length along the path from where a branch leaves its parent's wall (centreline length less the parent's radius there). */
function lengthFromWall(tree: VesselTree, key: string): number {
  const segment = segmentByKey(tree, key);
  const parent = tree.segments[segment.parent]!;
  const index = parent.arcMm.findIndex((arc) => arc >= segment.parentArcMm);
  return segmentLengthMm(segment) - parent.radiiMm[Math.max(0, index)]!;
}

function tortuosity(segment: VesselSegment): number {
  const n = segment.radiiMm.length;
  const p = segment.points;
  const chord = Math.hypot(p[3 * n - 3]! - p[0]!, p[3 * n - 2]! - p[1]!, p[3 * n - 1]! - p[2]!);
  return segmentLengthMm(segment) / chord;
}

describe('atlas dimensions against DOMAIN.md', () => {
  it.each([
    ['ascending-aorta', 29.9 - 2 * 5.7, 29.9 + 2 * 5.7],
    ['aortic-arch', 25.4 - 2 * 3.5, 25.4 + 2 * 3.5],
    ['descending-thoracic-aorta', 21.7, 23.6],
    ['left-cca', 6.8 - 2 * 0.7, 6.8 + 2 * 0.7 + 0.5],
    ['right-cca', 6.8 - 2 * 0.7, 6.8 + 2 * 0.7],
    ['left-ica-cavernous', 5.0 - 2 * 0.6, 5.0 + 2 * 0.6],
    ['left-mca-m1', 3.1 - 2 * 0.4, 3.1 + 2 * 0.4],
    ['right-mca-m2-superior', 2.4 - 2 * 0.4, 2.4 + 2 * 0.4],
    ['left-mca-m2-inferior', 2.4 - 2 * 0.4, 2.4 + 2 * 0.4],
    ['left-common-iliac', 9, 11],
    ['right-external-iliac', 7.5 * 0.9, 7.5 * 1.1],
    ['left-common-femoral', 7.3 * 0.9, 7.3 * 1.1],
    ['left-internal-iliac', 5 * 0.9, 6 * 1.1],
  ])('neuro %s mean diameter is within %f–%f mm', (key, low, high) => {
    const diameter = meanDiameter(neuro, key);
    expect(diameter).toBeGreaterThanOrEqual(low);
    expect(diameter).toBeLessThanOrEqual(high);
  });

  it('has the arch origins of Lee 2013: innominate 12.5 ± 2.0, LCCA 8.3 ± 1.5, LSA 10.4 ± 2.2', () => {
    expect(diameterAt(segmentByKey(neuro, 'brachiocephalic-trunk'), 0)).toBeCloseTo(12.5, 0);
    expect(diameterAt(segmentByKey(neuro, 'left-cca'), 0)).toBeGreaterThan(8.3 - 1.5);
    expect(diameterAt(segmentByKey(neuro, 'left-cca'), 0)).toBeLessThan(8.3 + 1.5);
    expect(diameterAt(segmentByKey(neuro, 'left-subclavian'), 0)).toBeCloseTo(10.4, 0);
  });

  it('spaces the arch origins by the published gaps between their walls (4.4 and 6.4 mm)', () => {
    const arcs = ['brachiocephalic-trunk', 'left-cca', 'left-subclavian'].map(
      (key) => segmentByKey(neuro, key).parentArcMm,
    );
    expect(arcs[1]! - arcs[0]! - 12.5 / 2 - 8.3 / 2).toBeCloseTo(4.4, 1);
    expect(arcs[2]! - arcs[1]! - 8.3 / 2 - 10.4 / 2).toBeCloseTo(6.4, 1);
  });

  it('tapers the abdominal aorta from 21.0 at the celiac to 15.8 mm at the bifurcation', () => {
    const aorta = segmentByKey(body, 'abdominal-aorta');
    const celiac = segmentByKey(body, 'celiac-trunk');
    const index = aorta.arcMm.findIndex((arc) => arc >= celiac.parentArcMm);
    expect(2 * aorta.radiiMm[index]!).toBeGreaterThan(19.5);
    expect(2 * aorta.radiiMm[index]!).toBeLessThan(22.5);
    expect(diameterAt(aorta, 1)).toBeCloseTo(15.8, 1);
  });

  it('tapers the ICA from bulb 7.6 ± 1.0 through cervical 4.7 to the terminus 3.6 ± 0.4', () => {
    const cervical = segmentByKey(neuro, 'left-ica-cervical');
    const bulb = Math.max(...cervical.radiiMm.slice(0, cervical.radiiMm.length / 3)) * 2;
    expect(bulb).toBeGreaterThan(6.6);
    expect(bulb).toBeLessThan(8.6);
    expect(diameterAt(cervical, 0.9)).toBeCloseTo(4.7, 0);
    const terminus = diameterAt(segmentByKey(neuro, 'left-ica-supraclinoid'), 1);
    expect(terminus).toBeGreaterThanOrEqual(3.6 - 0.8);
    expect(terminus).toBeLessThanOrEqual(3.6 + 0.8);
  });

  it('gives the cervical ICA 8.4–8.6 cm (±10%) with a tortuosity index of 1.1–1.3', () => {
    for (const side of ['left', 'right']) {
      const cervical = segmentByKey(neuro, `${side}-ica-cervical`);
      expect(segmentLengthMm(cervical)).toBeGreaterThan(84 * 0.9);
      expect(segmentLengthMm(cervical)).toBeLessThan(86 * 1.1);
      expect(tortuosity(cervical)).toBeGreaterThanOrEqual(1.1);
      expect(tortuosity(cervical)).toBeLessThanOrEqual(1.3);
    }
  });

  it('measures arch to skull base R 22.2 cm and L 20.8 cm, and CCA lengths R 13.6, L 12.4 cm from the arch (±10%)', () => {
    const right = lengthOf(neuro, 'brachiocephalic-trunk', 'right-cca', 'right-ica-cervical');
    const left = lengthOf(neuro, 'left-cca', 'left-ica-cervical');
    expect(right / 222).toBeGreaterThan(0.9);
    expect(right / 222).toBeLessThan(1.1);
    expect(left / 208).toBeGreaterThan(0.9);
    expect(left / 208).toBeLessThan(1.1);
    expect(lengthOf(neuro, 'brachiocephalic-trunk', 'right-cca') / 136).toBeGreaterThan(0.9);
    expect(lengthOf(neuro, 'left-cca') / 124).toBeGreaterThan(0.9);
    expect(lengthOf(neuro, 'left-cca') / 124).toBeLessThan(1.1);
  });

  it('has the posterior circulation of JNIS 5:597: V4 3.9 → 2.8 over ~40 mm, basilar 3.6 → 3.1 over 27 mm', () => {
    const v4 = segmentByKey(neuro, 'left-vertebral-v4');
    expect(diameterAt(v4, 0)).toBeCloseTo(3.9, 1);
    expect(diameterAt(v4, 1)).toBeCloseTo(2.8, 1);
    expect(segmentLengthMm(v4)).toBeGreaterThan(32);
    expect(segmentLengthMm(v4)).toBeLessThan(48);
    const basilar = segmentByKey(neuro, 'basilar');
    expect(diameterAt(basilar, 0)).toBeCloseTo(3.6, 1);
    expect(diameterAt(basilar, 1)).toBeCloseTo(3.1, 1);
    expect(segmentLengthMm(basilar)).toBeGreaterThan(27 * 0.9);
    expect(segmentLengthMm(basilar)).toBeLessThan(27 * 1.1);
  });

  it('turns the M2 divisions off the M1 by ~116° (superior) and ~147° (inferior), within 10°', () => {
    for (const side of ['left', 'right']) {
      const m1 = segmentByKey(neuro, `${side}-mca-m1`);
      const angle = (key: string) => {
        const m2 = segmentByKey(neuro, key);
        const n = m1.radiiMm.length;
        const back = [0, 1, 2].map((axis) => m1.points[3 * (n - 6) + axis]! - m1.points[3 * (n - 1) + axis]!);
        const out = [0, 1, 2].map((axis) => m2.points[3 * 6 + axis]! - m2.points[axis]!);
        const cos =
          (back[0]! * out[0]! + back[1]! * out[1]! + back[2]! * out[2]!) / Math.hypot(...back) / Math.hypot(...out);
        return (Math.acos(cos) * 180) / Math.PI;
      };
      expect(Math.abs(angle(`${side}-mca-m2-superior`) - 116)).toBeLessThan(10);
      expect(Math.abs(angle(`${side}-mca-m2-inferior`) - 147)).toBeLessThan(10);
    }
  });

  it.each([
    ['celiac-trunk', 7.8 - 2 * 0.8, 7.8 + 2 * 0.8],
    ['splenic', 6.1 - 2 * 0.5, 6.1 + 2 * 0.5],
    ['left-gastric', 3.8 - 2 * 0.3, 3.8 + 2 * 0.3],
    ['common-hepatic', 5 * 0.75, 5 * 1.25],
    ['proper-hepatic', 4 * 0.75, 4 * 1.25],
    ['gastroduodenal', 3 * 0.75, 3 * 1.25],
    ['sma', 6 * 0.8, 7 * 1.1],
    ['left-renal', 6.0 * 0.85, 6.0 * 1.15],
    ['right-renal', 5.7 * 0.85, 5.7 * 1.15],
    ['left-uterine', 2, 3],
  ])('body %s mean diameter is within %f–%f mm', (key, low, high) => {
    const diameter = meanDiameter(body, key);
    expect(diameter).toBeGreaterThanOrEqual(low);
    expect(diameter).toBeLessThanOrEqual(high);
  });

  it('has a 19–23 mm celiac trunk, 41–44 mm common iliacs, a 4–6 cm CFA and a 4.6–22.2 cm uterine artery', () => {
    expect(lengthFromWall(body, 'celiac-trunk')).toBeGreaterThanOrEqual(19);
    expect(lengthFromWall(body, 'celiac-trunk')).toBeLessThanOrEqual(23 * 1.15);
    for (const side of ['left', 'right']) {
      expect(lengthOf(body, `${side}-common-iliac`)).toBeGreaterThan(41 * 0.95);
      expect(lengthOf(body, `${side}-common-iliac`)).toBeLessThan(44 * 1.05);
      expect(lengthOf(body, `${side}-common-femoral`)).toBeGreaterThanOrEqual(40);
      expect(lengthOf(body, `${side}-common-femoral`)).toBeLessThanOrEqual(60);
      expect(lengthOf(body, `${side}-uterine`)).toBeGreaterThan(46);
      expect(lengthOf(body, `${side}-uterine`)).toBeLessThan(222);
    }
  });

  it('keeps utero-ovarian anastomoses under 500 µm and enlarges the uterine arteries with fibroids', () => {
    const fibroid = buildAtlas('body', { fibroids: true });
    expect(2 * Math.max(...segmentByKey(body, 'left-utero-ovarian-anastomosis').radiiMm)).toBeLessThan(0.5);
    expect(meanDiameter(fibroid, 'left-uterine')).toBeGreaterThan(meanDiameter(body, 'left-uterine') * 1.3);
    expect(segmentByKey(fibroid, 'left-fibroid-feeder').territory?.kind).toBe('fibroid');
  });

  it('places the cervicovaginal branch proximal on the uterine artery, so a catheter can pass beyond it', () => {
    const uterine = segmentByKey(body, 'right-uterine');
    const cervicovaginal = segmentByKey(body, 'right-cervicovaginal');
    expect(cervicovaginal.parentArcMm).toBeLessThan(segmentLengthMm(uterine) * 0.6);
    expect(cervicovaginal.parentArcMm).toBeGreaterThan(20);
  });
});

const variants: { name: 'neuro' | 'body'; options: AtlasOptions }[] = [
  { name: 'neuro', options: {} },
  { name: 'neuro', options: { archType: 'II' } },
  { name: 'neuro', options: { archType: 'III', icaTortuosity: 0.8 } },
  { name: 'neuro', options: { archType: 'bovine', seed: 7 } },
  { name: 'body', options: {} },
  { name: 'body', options: { fibroids: true, hepaticTumour: true, seed: 3 } },
  { name: 'body', options: { hepaticVariant: 'replaced-right-from-sma', seed: 11 } },
  { name: 'body', options: { hepaticVariant: 'replaced-left-from-left-gastric' } },
  ...Array.from({ length: 6 }, (_, seed) => ({
    name: (seed % 2 ? 'body' : 'neuro') as 'neuro' | 'body',
    options: { seed: 100 + seed },
  })),
];

describe.each(variants)('atlas $name $options: geometric invariants', ({ name, options }) => {
  const tree = buildAtlas(name, options);

  it('has continuous centrelines with sample spacing no larger than 2 mm and tangent-continuous continuations', () => {
    for (const segment of tree.segments) {
      const n = segment.radiiMm.length;
      for (let i = 1; i < n; i++) expect(segment.arcMm[i]! - segment.arcMm[i - 1]!).toBeLessThanOrEqual(2.0001);
      // Within a segment the direction turns by less than 30° between samples (no kinks).
      for (let i = 1; i < n - 1; i++) expect(turnDegrees(segment, i - 1, i, i + 1)).toBeLessThan(30);
      if (segment.continuation) {
        const parent = tree.segments[segment.parent]!;
        const m = parent.radiiMm.length;
        const incoming = direction(parent, m - 2, m - 1);
        const outgoing = direction(segment, 0, 1);
        const cos = incoming[0] * outgoing[0] + incoming[1] * outgoing[1] + incoming[2] * outgoing[2];
        const joinTurn = (Math.acos(Math.min(1, cos)) * 180) / Math.PI;
        // Smooth means the join turns no more than the curve does from one sample to the next nearby.
        const localTurn = Math.max(turnDegrees(parent, m - 3, m - 2, m - 1), turnDegrees(segment, 0, 1, 2));
        expect(joinTurn, `${segment.key} joins ${parent.key}`).toBeLessThan(1.5 * localTurn + 1);
      }
    }
  });

  it('starts every child on its parent centreline, inside the parent lumen', () => {
    for (const segment of tree.segments) {
      if (segment.parent === -1) continue;
      const parent = tree.segments[segment.parent]!;
      const nearest = nearestSample(parent, segment.points[0]!, segment.points[1]!, segment.points[2]!);
      expect(nearest.distance, `${segment.key} starts in ${parent.key}`).toBeLessThan(parent.radiiMm[nearest.index]!);
    }
  });

  it('has positive radii that never widen by more than 15% downstream except at the ICA bulb', () => {
    for (const segment of tree.segments) {
      const first = segment.radiiMm[0]!;
      for (const radius of segment.radiiMm) {
        expect(radius).toBeGreaterThan(0);
        if (!segment.key.includes('ica-cervical')) expect(radius, segment.key).toBeLessThanOrEqual(first * 1.15);
      }
    }
  });

  it('gives every terminal branch a territory', () => {
    for (const segment of tree.segments) {
      if (segment.children.length === 0) expect(segment.territory, segment.key).not.toBeNull();
    }
  });

  it("keeps non-adjacent vessels' lumens apart (outside each branch's origin zone)", () => {
    const overlaps: string[] = [];
    const zones = tree.segments.map((segment) => originZoneEnd(tree, segment));
    for (let a = 0; a < tree.segments.length; a++) {
      for (let b = a + 1; b < tree.segments.length; b++) {
        if (adjacent(tree, a, b)) continue;
        const A = tree.segments[a]!;
        const B = tree.segments[b]!;
        let worst = Infinity;
        for (let i = zones[a]!; i < A.radiiMm.length; i++) {
          for (let j = zones[b]!; j < B.radiiMm.length; j++) {
            const gap =
              Math.hypot(
                A.points[3 * i]! - B.points[3 * j]!,
                A.points[3 * i + 1]! - B.points[3 * j + 1]!,
                A.points[3 * i + 2]! - B.points[3 * j + 2]!,
              ) -
              A.radiiMm[i]! -
              B.radiiMm[j]!;
            worst = Math.min(worst, gap);
          }
        }
        if (worst < 0) overlaps.push(`${A.key} × ${B.key} by ${(-worst).toFixed(2)} mm`);
      }
    }
    expect(overlaps).toEqual([]);
  });
});

describe('atlas variants and determinism', () => {
  it('gives the same tree for the same seed and a different one for another seed', () => {
    const a = buildAtlas('neuro', { seed: 42 });
    const b = buildAtlas('neuro', { seed: 42 });
    const c = buildAtlas('neuro', { seed: 43 });
    expect(a.segments.map((s) => Array.from(s.points))).toEqual(b.segments.map((s) => Array.from(s.points)));
    expect(a.segments.map((s) => Array.from(s.points))).not.toEqual(c.segments.map((s) => Array.from(s.points)));
  });

  it('moves the innominate origin lower below the arch top from type I to III, and bovine puts the LCCA on the innominate', () => {
    const drop = (archType: 'I' | 'II' | 'III') => {
      const tree = buildAtlas('neuro', { archType });
      const arch = segmentByKey(tree, 'aortic-arch');
      const top = Math.max(
        ...Array.from({ length: arch.radiiMm.length }, (_, i) => arch.points[3 * i + 2]! + arch.radiiMm[i]!),
      );
      const innominate = segmentByKey(tree, 'brachiocephalic-trunk');
      // The origin's top: the arch's outer wall above the branch point.
      const index = arch.arcMm.findIndex((arc) => arc >= innominate.parentArcMm);
      const originTop = arch.points[3 * index + 2]! + arch.radiiMm[index]!;
      return (top - originTop) / 8.3; // in left CCA diameters
    };
    // Type I: origin level with the outer curvature's top; II: 1–2 CCA diameters below; III: more than 2.
    expect(drop('I')).toBeLessThan(1);
    expect(drop('II')).toBeGreaterThanOrEqual(1);
    expect(drop('II')).toBeLessThanOrEqual(2);
    expect(drop('III')).toBeGreaterThan(2);
    const bovine = buildAtlas('neuro', { archType: 'bovine' });
    expect(bovine.segments[segmentByKey(bovine, 'left-cca').parent]!.key).toBe('brachiocephalic-trunk');
  });

  it('moves the right hepatic artery to the SMA and the left to the left gastric in the replaced variants', () => {
    const parentOf = (tree: VesselTree, key: string) => tree.segments[segmentByKey(tree, key).parent]!.key;
    expect(parentOf(body, 'right-hepatic')).toBe('proper-hepatic');
    expect(parentOf(buildAtlas('body', { hepaticVariant: 'replaced-right-from-sma' }), 'right-hepatic')).toBe('sma');
    expect(parentOf(buildAtlas('body', { hepaticVariant: 'replaced-left-from-left-gastric' }), 'left-hepatic')).toBe(
      'left-gastric',
    );
  });

  it('names every vessel the issue asks for', () => {
    const neuroKeys = new Set(neuro.segments.map((s) => s.key));
    for (const key of [
      'right-common-femoral',
      'left-common-femoral',
      'right-external-iliac',
      'left-common-iliac',
      'abdominal-aorta',
      'descending-thoracic-aorta',
      'aortic-arch',
      'brachiocephalic-trunk',
      'left-cca',
      'left-subclavian',
      'right-cca',
      'left-eca',
      'left-ica-cervical',
      'left-ica-petrous',
      'left-ica-cavernous',
      'left-ica-supraclinoid',
      'left-mca-m1',
      'left-mca-m2-superior',
      'left-mca-m2-inferior',
      'left-mca-m3-frontal',
      'left-aca-a1',
      'left-aca-a2',
      'left-vertebral',
      'right-vertebral',
      'basilar',
    ]) {
      expect(neuroKeys.has(key), key).toBe(true);
    }
    const bodyKeys = new Set(buildAtlas('body', { fibroids: true, hepaticTumour: true }).segments.map((s) => s.key));
    for (const key of [
      'celiac-trunk',
      'common-hepatic',
      'gastroduodenal',
      'proper-hepatic',
      'right-hepatic',
      'left-hepatic',
      'hepatic-segment-viii',
      'cystic',
      'splenic',
      'left-gastric',
      'sma',
      'left-renal',
      'right-renal',
      'left-internal-iliac-anterior',
      'left-uterine',
      'left-cervicovaginal',
      'left-utero-ovarian-anastomosis',
      'tumour-feeder-segment-viii',
    ]) {
      expect(bodyKeys.has(key), key).toBe(true);
    }
    expect(atlasNames).toEqual(['neuro', 'body']);
  });

  it('covers the territories later capabilities act on', () => {
    const kinds = new Set(
      [...neuro.segments, ...buildAtlas('body', { fibroids: true, hepaticTumour: true }).segments].map(
        (s) => s.territory?.kind,
      ),
    );
    for (const kind of ['brain', 'liver-segment', 'tumour', 'uterus', 'fibroid', 'spleen', 'kidney', 'bowel']) {
      expect(kinds.has(kind as never), kind).toBe(true);
    }
  });

  it('refuses unknown options with a message naming the field', () => {
    expect(() => buildAtlas('neuro', { archType: 'IV' as 'I' })).toThrow(/archType/);
    expect(() => buildAtlas('neuro', { seed: -1 })).toThrow(/seed/);
    expect(() => buildAtlas('spine' as 'neuro')).toThrow(/no atlas named "spine"/);
  });
});

function direction(segment: VesselSegment, from: number, to: number): [number, number, number] {
  const p = segment.points;
  const v: [number, number, number] = [
    p[3 * to]! - p[3 * from]!,
    p[3 * to + 1]! - p[3 * from + 1]!,
    p[3 * to + 2]! - p[3 * from + 2]!,
  ];
  const length = Math.hypot(...v);
  return [v[0] / length, v[1] / length, v[2] / length];
}

function turnDegrees(segment: VesselSegment, a: number, b: number, c: number): number {
  const u = direction(segment, a, b);
  const v = direction(segment, b, c);
  return (Math.acos(Math.min(1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2])) * 180) / Math.PI;
}

function nearestSample(segment: VesselSegment, x: number, y: number, z: number): { index: number; distance: number } {
  let best = { index: 0, distance: Infinity };
  for (let i = 0; i < segment.radiiMm.length; i++) {
    const distance = Math.hypot(
      segment.points[3 * i]! - x,
      segment.points[3 * i + 1]! - y,
      segment.points[3 * i + 2]! - z,
    );
    if (distance < best.distance) best = { index: i, distance };
  }
  return best;
}

/** Parent and child, siblings, or a branch of the vessel that continues the other one. */
function adjacent(tree: VesselTree, a: number, b: number): boolean {
  const A = tree.segments[a]!;
  const B = tree.segments[b]!;
  if (A.parent === b || B.parent === a || A.parent === B.parent) return true;
  const continuesFrom = (child: VesselSegment, other: number) =>
    child.parent !== -1 && tree.segments[child.parent]!.continuation && tree.segments[child.parent]!.parent === other;
  return continuesFrom(A, b) || continuesFrom(B, a);
}

/** First sample index past where a branch emerges from its parent's lumen (its own radius beyond the wall). */
function originZoneEnd(tree: VesselTree, segment: VesselSegment): number {
  if (segment.parent === -1 || segment.continuation) return 0;
  const parent = tree.segments[segment.parent]!;
  const index = parent.arcMm.findIndex((arc) => arc >= segment.parentArcMm);
  const zoneMm = parent.radiiMm[Math.max(0, index)]! + 2 * segment.radiiMm[0]!;
  const end = segment.arcMm.findIndex((arc) => arc > zoneMm);
  return end === -1 ? segment.radiiMm.length : end;
}
