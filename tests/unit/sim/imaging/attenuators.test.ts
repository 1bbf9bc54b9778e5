import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { bodyFrame } from '../../../../src/sim/anatomy/body-frame.ts';
import { sectionAt, bodyOutline } from '../../../../src/sim/anatomy/body-outline.ts';
import { segmentByKey, sampleCount } from '../../../../src/sim/anatomy/model.ts';
import { atlasSkeleton } from '../../../../src/sim/anatomy/skeleton.ts';
import {
  boneExcessMuPerMm,
  contrastExcessMuPerMm,
  deviceMuPerMm,
  platinumMuPerMm,
  softTissueMuPerMm,
} from '../../../../src/sim/imaging/attenuation.ts';
import {
  attenuatorShape,
  createAttenuatorSet,
  lineIntegral,
  writeAttenuator,
  writeCylinderPiece,
  writeSphere,
} from '../../../../src/sim/imaging/attenuators.ts';
import {
  patientBodyAttenuators,
  setVesselContrast,
  vesselAttenuators,
  writeCoilAttenuator,
  writeDeviceAttenuators,
} from '../../../../src/sim/imaging/patient-attenuators.ts';

const down: [number, number, number] = [0, 1, 0];

describe('attenuator line integrals', () => {
  it('crosses a cylinder piece through its axis in one diameter, and misses past its ends', () => {
    const set = createAttenuatorSet(1);
    writeCylinderPiece(set, 0, 0, 0, -10, 0, 0, 10, 2, 0.5);
    set.count = 1;
    expect(lineIntegral(set, [0, -100, 0], down)).toBeCloseTo(0.5 * 4, 9);
    // Off axis by 1 mm: chord 2·√(4 − 1).
    expect(lineIntegral(set, [1, -100, 0], down)).toBeCloseTo(0.5 * 2 * Math.sqrt(3), 9);
    expect(lineIntegral(set, [0, -100, 10.5], down)).toBe(0);
    expect(lineIntegral(set, [2.5, -100, 0], down)).toBe(0);
  });

  it('counts only the part of the ray ahead of its origin', () => {
    const set = createAttenuatorSet(1);
    writeSphere(set, 0, 0, 0, 0, 5, 1);
    set.count = 1;
    expect(lineIntegral(set, [0, -50, 0], down)).toBeCloseTo(10, 9);
    expect(lineIntegral(set, [0, 0, 0], down)).toBeCloseTo(5, 9);
  });

  it('leaves out a hollow ellipsoid inside and the part of a sphere cut off by its plane', () => {
    const set = createAttenuatorSet(2);
    writeSphere(set, 0, 0, 0, 0, 10, 1);
    set.hollow.set([0.8, 0.8, 0.8], 0);
    set.count = 1;
    // Through the centre: two walls of 2 mm.
    expect(lineIntegral(set, [0, -50, 0], down)).toBeCloseTo(4, 5);
    writeSphere(set, 0, 0, 0, 0, 10, 1);
    set.clip.set([0, 1, 0, 0], 0); // keep y ≥ 0: half of the diameter
    expect(lineIntegral(set, [0, -50, 0], down)).toBeCloseTo(10, 9);
  });

  it('integrates a rotated box along its diagonal direction', () => {
    const set = createAttenuatorSet(1);
    const c = Math.SQRT1_2;
    // A 20 mm cube turned 45° about z: a ray along y through the centre crosses its diagonal, 20·√2.
    writeAttenuator(set, 0, attenuatorShape.box, [10 * c, 10 * c, 0], [-10 * c, 10 * c, 0], [0, 0, 10], [0, 0, 0], 1);
    set.count = 1;
    expect(lineIntegral(set, [0, -100, 0], down)).toBeCloseTo(20 * Math.SQRT2, 6);
  });
});

describe('the patient as the beam sees it', () => {
  const body = patientBodyAttenuators(atlasSkeleton());

  it('is as thick as the skin section at the level of the kidneys, and more where the spine is', () => {
    const z = bodyFrame.renalZMm;
    const torso = bodyOutline.find((part) => part.name === 'torso')!;
    const section = sectionAt(torso, z)!;
    // A ray front to back at the flank misses the spine: soft tissue only.
    const x = section.centreXMm + 0.6 * section.halfWidthMm;
    const expectedThickness = (section.posteriorYMm - section.anteriorYMm) * Math.sqrt(1 - 0.36);
    const flank = lineIntegral(body, [x, -400, z], down);
    expect(flank / softTissueMuPerMm).toBeGreaterThan(expectedThickness - 4);
    expect(flank / softTissueMuPerMm).toBeLessThan(expectedThickness + 4);
    const midline = lineIntegral(body, [0, -400, z], down);
    const midThickness = section.posteriorYMm - section.anteriorYMm;
    // The lumbar vertebra adds its bone in excess of soft tissue (at least 2 cm of cancellous bone).
    expect(midline - midThickness * softTissueMuPerMm).toBeGreaterThan(20 * boneExcessMuPerMm.cancellous);
  });

  it('shows no vessel without contrast and a dark one with it', () => {
    const tree = buildAtlas('body');
    const vessels = vesselAttenuators(tree);
    const aorta = segmentByKey(tree, 'abdominal-aorta');
    const middle = Math.floor(sampleCount(aorta) / 2);
    const point = [...aorta.points.subarray(3 * middle, 3 * middle + 3)];
    const origin: [number, number, number] = [point[0]!, point[1]! - 300, point[2]!];
    expect(lineIntegral(vessels, origin, down)).toBe(0);
    // Contrast in the aorta only (other vessels cross this ray further out).
    const concentrations = new Float32Array(tree.segments.reduce((sum, segment) => sum + sampleCount(segment), 0));
    let first = 0;
    for (const segment of tree.segments) {
      if (segment === aorta) break;
      first += sampleCount(segment);
    }
    concentrations.fill(0.5, first, first + sampleCount(aorta));
    setVesselContrast(vessels, tree, concentrations);
    // Front to back across the aorta, which leans a few degrees: its diameter within 2%.
    const diameter = 2 * aorta.radiiMm[middle]!;
    expect(lineIntegral(vessels, origin, down) / (0.5 * contrastExcessMuPerMm * diameter)).toBeCloseTo(1, 1);
  });

  it('draws a wire thinner than a pixel wider and fainter, keeping its integral across the width', () => {
    const wire = {
      kind: 'microwire' as const,
      radiusMm: 0.18,
      positions: [0, 0, 0, 0, 0, 20, 0, 0, 40],
      activeCount: 3,
    };
    const set = createAttenuatorSet(4);
    set.count = writeDeviceAttenuators(set, 0, wire, 0.5);
    // Integrate across the width (x) numerically: ∫ chord dx = π r² either way.
    let sum = 0;
    const dx = 0.001;
    for (let x = -0.6; x <= 0.6; x += dx) sum += lineIntegral(set, [x, -50, 10], down) * dx;
    expect(sum).toBeCloseTo(deviceMuPerMm.microwire * Math.PI * 0.18 ** 2, 4);
    expect(lineIntegral(set, [0.4, -50, 10], down)).toBeGreaterThan(0);
  });

  it('shows a packed coil as a dense platinum knot: far darker than the contrast-filled vessel it sits in', () => {
    const set = createAttenuatorSet(2);
    set.count = writeCoilAttenuator(set, 0, [0, 0, 0], 2.5, 0.3);
    // Through the middle: the diameter of the vessel times platinum's μ times the packing.
    expect(lineIntegral(set, [0, -50, 0], down)).toBeCloseTo(5 * platinumMuPerMm * 0.3, 6);
    expect(lineIntegral(set, [0, -50, 0], down)).toBeGreaterThan(50 * contrastExcessMuPerMm * 5);
    // Nothing where no coil is, and no attenuator for an empty mass.
    expect(lineIntegral(set, [4, -50, 0], down)).toBe(0);
    expect(writeCoilAttenuator(set, 1, [0, 0, 0], 2.5, 0)).toBe(1);
  });
});
