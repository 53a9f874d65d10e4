import { describe, expect, it } from 'vitest';
import type { Series } from '../../src/core/sim/types';
import { seriesPoints } from '../../src/webview/simFrame';
import { example, run } from '../core/sim/helpers';

/** A series of hand-picked seconds (the fields the chart points do not use stay zero). */
function series(seconds: { ok: number; okReads: number; staleReads: number; failed?: number }[]): Series {
  const zero = () => seconds.map(() => 0);
  return {
    t: seconds.map((_, i) => i),
    requests: seconds.map((s) => s.ok + (s.failed ?? 0)),
    ok: seconds.map((s) => s.ok),
    failed: seconds.map((s) => s.failed ?? 0),
    okReads: seconds.map((s) => s.okReads),
    staleReads: seconds.map((s) => s.staleReads),
    p50Ms: zero(),
    p99Ms: zero(),
    maxLagMs: zero(),
    leaders: zero(),
    queueDepth: zero(),
  };
}

describe('the stale-read chart', () => {
  it('plots stale reads as a share of successful reads, not of all successful requests', () => {
    const points = seriesPoints(
      series([
        { ok: 100, okReads: 50, staleReads: 5 }, // half the traffic is writes
        { ok: 40, okReads: 0, staleReads: 0 }, // only writes succeeded
        { ok: 0, okReads: 0, staleReads: 0, failed: 30 },
        { ok: 10, okReads: 10, staleReads: 10 },
      ]),
      0,
    );
    expect(points.map((p) => p.staleRate)).toEqual([0.1, 0, 0, 1]);
    expect(points.map((p) => p.t)).toEqual([1, 2, 3, 4]);
  });

  it("over a run with stale reads, the chart's rates weighted by successful reads give the run's staleReadRate", () => {
    const r = run(example('two-region.mmd'), { preset: 'replica-lag-spike', durationS: 15, workload: { rps: 200, readRatio: 0.6 } });
    expect(r.metrics.staleReads).toBeGreaterThan(0);
    const points = seriesPoints(r.series, 0);
    const stale = points.reduce((a, p, i) => a + p.staleRate * r.series.okReads[i]!, 0);
    expect(stale).toBeCloseTo(r.metrics.staleReads, 6);
    expect(stale / r.series.okReads.reduce((a, b) => a + b, 0)).toBeCloseTo(r.metrics.staleReadRate, 12);
    // Counting writes in the denominator would have understated it.
    const ofRequests = r.metrics.staleReads / r.metrics.ok;
    expect(r.metrics.staleReadRate).toBeGreaterThan(ofRequests * 1.5);
  });

  it('sends only the seconds after `from`', () => {
    const s = series([
      { ok: 1, okReads: 1, staleReads: 0 },
      { ok: 4, okReads: 2, staleReads: 1 },
    ]);
    expect(seriesPoints(s, 1)).toEqual([{ t: 2, throughput: 4, errors: 0, p99Ms: 0, staleRate: 0.5, lagMs: 0 }]);
  });
});
