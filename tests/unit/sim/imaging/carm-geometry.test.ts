import { describe, expect, it } from 'vitest';
import {
  defaultCArmGeometry,
  isocentreMagnification,
  isocentreToDetectorMm,
} from '../../../../src/sim/imaging/carm-geometry.ts';

describe('C-arm geometry', () => {
  it('uses the generic angiography preset of DOMAIN.md', () => {
    expect(defaultCArmGeometry.sourceToIsocentreMm).toBe(720);
    expect(defaultCArmGeometry.sourceToDetectorMm).toBe(1100);
  });

  it('magnifies an isocentre object by SID / SOD', () => {
    expect(isocentreMagnification(defaultCArmGeometry)).toBeCloseTo(1100 / 720, 12);
    expect(isocentreToDetectorMm(defaultCArmGeometry)).toBe(380);
  });
});
