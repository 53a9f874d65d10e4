import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../../src/core/sim/histogram';

describe('latency histogram', () => {
  it('reports any single value within 1.6% (up to about 19 hours)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.064, max: 6.8e7, noNaN: true }), (v) => {
        const h = new Histogram();
        h.record(v);
        expect(Math.abs(h.quantile(0.5) - v) / v).toBeLessThanOrEqual(0.016);
      }),
    );
  });

  it('is exact to the microsecond below 64 us, and caps at the max seen', () => {
    const h = new Histogram();
    h.record(0.0125);
    expect(h.quantile(0.5)).toBeCloseTo(0.0125, 3);
    const big = new Histogram();
    big.record(9e7);
    expect(big.quantile(0.99)).toBe(9e7);
  });

  it('percentiles of a spread of values land in the right place', () => {
    const h = new Histogram();
    for (let i = 1; i <= 1000; i++) h.record(i);
    expect(h.quantile(0.5)).toBeGreaterThan(490);
    expect(h.quantile(0.5)).toBeLessThan(510);
    expect(h.quantile(0.99)).toBeGreaterThan(975);
    expect(h.quantile(0.99)).toBeLessThan(1005);
    expect(h.mean()).toBeCloseTo(500.5, 6);
  });
});
