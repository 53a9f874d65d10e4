import type { Rng } from './rng';

/**
 * Zipf-distributed ranks in [0, n) without a table: rejection-inversion sampling (Hörmann and
 * Derflinger, "Rejection-inversion to generate variates from monotone discrete distributions",
 * 1996), the method Apache Commons RNG uses. Constant memory and about one logarithm and one
 * exponential per draw, so a key space of millions costs nothing to set up. Rank 0 is the
 * hottest key.
 */
export class ZipfSampler {
  private readonly hX1: number;
  private readonly hN: number;
  private readonly s: number;

  constructor(
    private readonly n: number,
    private readonly exponent: number,
  ) {
    this.hX1 = this.hIntegral(1.5) - 1;
    this.hN = this.hIntegral(n + 0.5);
    this.s = 2 - this.hIntegralInverse(this.hIntegral(2.5) - this.h(2));
  }

  sample(rng: Rng): number {
    for (;;) {
      const u = this.hN + rng.float() * (this.hX1 - this.hN);
      const x = this.hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.s || u >= this.hIntegral(k + 0.5) - this.h(k)) return k - 1;
    }
  }

  private h(x: number): number {
    return Math.exp(-this.exponent * Math.log(x));
  }

  private hIntegral(x: number): number {
    const lx = Math.log(x);
    return helper2((1 - this.exponent) * lx) * lx;
  }

  private hIntegralInverse(x: number): number {
    let t = x * (1 - this.exponent);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  }
}

/** log1p(x) / x, accurate near 0. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x) / x, accurate near 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
