import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyMs } from '../../../src/core/sim/recorder';
import { uniform } from '../../support/arbitraries';

describe('history times', () => {
  it('keep the second the simulator counted the operation in (the per-second series bins exact times)', () => {
    expect(historyMs(2999.9997)).toBe(2999.999);
    expect(historyMs(2999.9994)).toBe(2999.999);
    expect(historyMs(3000.0004)).toBe(3000);
    expect(historyMs(1234.5678)).toBe(1234.568);
  });

  it('within a microsecond, in the same second, never decreasing', () => {
    // Times near a whole second as well as anywhere in a run.
    const time = fc.oneof(uniform(0, 600_000), fc.tuple(fc.integer({ min: 1, max: 600 }), uniform(-0.002, 0.002)).map(([s, d]) => s * 1000 + d));
    fc.assert(
      fc.property(time, time, (a, b) => {
        const x = historyMs(a);
        expect(Math.abs(x - a)).toBeLessThan(0.001);
        expect(Math.floor(x / 1000)).toBe(Math.floor(a / 1000));
        if (a <= b) expect(x).toBeLessThanOrEqual(historyMs(b));
      }),
      { numRuns: 2000 },
    );
  });
});
