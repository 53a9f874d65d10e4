import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../../src/core/sim/topology';
import { fixture, opsBetween, run } from './helpers';

describe('topology from the drawing', () => {
  it('each follower keeps the replication mode of its own drawn link', () => {
    const topo = buildTopology(fixture('mixed-links.mmd'));
    const cl = topo.clusters[0]!;
    expect(cl.members.map((m) => topo.nodes[m]!.id)).toEqual(['ledger', 'standby', 'reporting']);
    expect(cl.memberModes).toEqual(['async', 'sync', 'async']);
  });

  it('writes wait for the sync standby only; the async reporting replica lags and its readers see stale values', () => {
    const r = run(fixture('mixed-links.mmd'), {
      seed: 2,
      durationS: 10,
      workload: { rps: 400, readRatio: 0.6, keys: 20 },
      replication: { lagMs: { mean: 40, dist: 'exp' } },
    });
    expect(r.metrics.lostWrites).toBe(0);
    // Reads through the balance service go to the lagging replica.
    const stale = r.history!.ops.filter((o) => o.truth?.stale);
    expect(stale.length).toBeGreaterThan(0);
    expect(new Set(stale.map((o) => o.node))).toEqual(new Set(['reporting']));
    // Writes waited for the standby's acknowledgement (lag 40 ms on average), not for reporting.
    expect(r.metrics.writeLatencyMs.p50).toBeGreaterThan(40);
  });

  it('availability zones of one region are a short hop apart, regions a long one', () => {
    const topo = buildTopology(fixture('mixed-links.mmd'));
    expect(topo.zoneOf).toEqual([-2, -2]);
    const zones = run(fixture('mixed-links.mmd'), { seed: 1, durationS: 5, workload: { readRatio: 0 }, replication: { mode: 'sync', lagMs: 0 } });
    const regions = run(fixture('mixed-links.mmd'), { seed: 1, durationS: 5, workload: { readRatio: 0 }, replication: { mode: 'sync', lagMs: 0 }, network: { crossZoneMs: 70 } });
    // A sync write crosses to the other zone and back: ~2 ms between zones, ~70 ms between regions.
    expect(zones.metrics.writeLatencyMs.p50).toBeLessThan(40);
    expect(regions.metrics.writeLatencyMs.p50 - zones.metrics.writeLatencyMs.p50).toBeGreaterThan(50);
    expect(opsBetween(zones, 0, 5000).length).toBeGreaterThan(100);
  });
});
