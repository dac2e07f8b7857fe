// A small seeded generator (mulberry32): the same seed gives the same points
// and samples on every machine.

export type Rng = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform value in [lo, hi] rounded to two decimals, so that points read well. */
export function roundedUniform(rng: Rng, lo: number, hi: number): number {
  return Math.round((lo + (hi - lo) * rng()) * 100) / 100;
}
