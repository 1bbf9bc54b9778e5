/**
 * Seeded pseudo-random numbers for the core. The simulation never calls Math.random: every
 * random draw comes from a generator whose whole state is four 32-bit words, so it can be
 * stored in a keyframe and restored bit for bit.
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, from PractRand),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 */

/** The generator's full state: four unsigned 32-bit words. */
export type RandomState = Uint32Array;

export function createRandomState(seed: number): RandomState {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
  const state = new Uint32Array(4);
  let mixer = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    mixer = (mixer + 0x9e3779b9) >>> 0;
    let z = mixer;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    state[i] = (z ^ (z >>> 15)) >>> 0;
  }
  // Discard the first draws: sfc32 mixes its state over its first dozen outputs.
  for (let i = 0; i < 12; i++) nextUint32(state);
  return state;
}

/** Next unsigned 32-bit integer; advances the state in place. */
export function nextUint32(state: RandomState): number {
  const a = state[0]!;
  const b = state[1]!;
  const c = state[2]!;
  const d = state[3]!;
  const counter = (d + 1) >>> 0;
  const result = (((a + b) >>> 0) + counter) >>> 0;
  state[0] = b ^ (b >>> 9);
  state[1] = (c + (c << 3)) >>> 0;
  state[2] = (((c << 21) | (c >>> 11)) + result) >>> 0;
  state[3] = counter;
  return result;
}

/** Uniform float in [0, 1) with 32 bits of resolution. */
export function nextUnit(state: RandomState): number {
  return nextUint32(state) / 4294967296;
}

/** Uniform float in [min, max). */
export function nextInRange(state: RandomState, min: number, max: number): number {
  return min + (max - min) * nextUnit(state);
}

/** Standard normal draw (Box–Muller; uses two uniforms, discards the second normal). */
export function nextGaussian(state: RandomState, mean = 0, standardDeviation = 1): number {
  // 1 - u keeps the logarithm's argument in (0, 1].
  const u1 = 1 - nextUnit(state);
  const u2 = nextUnit(state);
  return mean + standardDeviation * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
