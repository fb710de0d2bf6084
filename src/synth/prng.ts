/**
 * Small seeded PRNG for the synthetic generator: mulberry32 (Tommy Ettinger's 32-bit generator, public domain),
 * plus Gaussian draws by Marsaglia's polar method. Deterministic in any JS engine because it is integer arithmetic only
 * (Math.imul, shifts); the Gaussian path uses Math.log/sqrt, which engines agree on in practice.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

/** Mix a seed with a stream number so placement and rendering draw from independent streams. */
export function mixSeed(seed: number, stream: number): number {
  // splitmix32-style finaliser: nearby seeds give unrelated states.
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream | 0, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * mulberry32 seeded with `seed` (any number; only its low 32 bits matter): uniform in [0, 1). The one copy of
 * the generator: synthetic images, kernel tests, e2e samples and the bench inputs all draw from it.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A mulberry32 stream with uniform, integer and normal draws. */
export function createRng(seed: number): Rng {
  let spare: number | null = null;
  const next = mulberry32(seed);
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // Marsaglia's polar form of Box–Muller: no trig, one log and sqrt per pair of draws.
      let u: number;
      let v: number;
      let q: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        q = u * u + v * v;
      } while (q >= 1 || q === 0);
      const m = Math.sqrt((-2 * Math.log(q)) / q);
      spare = v * m;
      return u * m;
    },
  };
}
