/**
 * The simulator's one source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic
 * generator, 128-bit state, passes PractRand/BigCrush) seeded through splitmix32, so nearby
 * seeds (1, 2, 3...) still give unrelated streams. Plain 32-bit integer arithmetic: the same
 * sequence in every JavaScript engine, which is what makes a run reproducible byte for byte.
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number) {
    // Seeds up to 2^53 are accepted: both halves feed the mixer so 2^32 and 0 differ.
    const lo = seed >>> 0;
    const hi = Math.floor(Math.abs(seed) / 4294967296) >>> 0;
    let s = (lo ^ Math.imul(hi, 0x9e3779b1)) | 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // sfc32's authors recommend discarding the first outputs after seeding.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). 32 bits of resolution is plenty for timing draws. */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Exponential with the given mean (inverse transform; 1 - u is never 0). */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }
}
