import { describe, expect, it } from 'vitest';
import { createRandomState, nextGaussian, nextUint32, nextUnit } from '../../../../src/sim/math/random.ts';

describe('seeded random numbers', () => {
  it('gives the same stream for the same seed and different streams for neighbouring seeds', () => {
    const a = createRandomState(42);
    const b = createRandomState(42);
    const c = createRandomState(43);
    const streamA = Array.from({ length: 100 }, () => nextUint32(a));
    const streamB = Array.from({ length: 100 }, () => nextUint32(b));
    const streamC = Array.from({ length: 100 }, () => nextUint32(c));
    expect(streamA).toEqual(streamB);
    const same = streamA.filter((value, index) => value === streamC[index]).length;
    expect(same).toBe(0);
  });

  it('resumes exactly from a copied state, as a keyframe restore does', () => {
    const state = createRandomState(7);
    for (let i = 0; i < 1000; i++) nextUint32(state);
    const saved = state.slice();
    const expected = Array.from({ length: 10 }, () => nextUint32(state));
    expect(Array.from({ length: 10 }, () => nextUint32(saved))).toEqual(expected);
  });

  it('draws uniform floats in [0, 1) with the right mean and spread', () => {
    const state = createRandomState(1);
    const n = 200_000;
    let sum = 0;
    let sumSquares = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = nextUnit(state);
      sum += u;
      sumSquares += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sumSquares / n - mean * mean).toBeCloseTo(1 / 12, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });

  it('draws normals with the requested mean and standard deviation', () => {
    const state = createRandomState(99);
    const n = 100_000;
    const draws = Array.from({ length: n }, () => nextGaussian(state, 5, 2));
    const mean = draws.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(5, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('refuses a seed that is not a 32-bit unsigned integer', () => {
    expect(() => createRandomState(-1)).toThrow(/seed/);
    expect(() => createRandomState(1.5)).toThrow(/seed/);
    expect(() => createRandomState(2 ** 32)).toThrow(/seed/);
  });
});
