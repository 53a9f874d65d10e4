import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../../src/core/sim/index';
import { fixture, run } from './helpers';

/** Write-heavy load on few keys, so every key is written often and lag shows. */
const busy = { rps: 600, readRatio: 0.5, keys: 50, clients: 300 };

describe('acknowledged writes across a primary crash', () => {
  const crash = (mode: string, lag: unknown) => ({
    seed: 11,
    durationS: 12,
    workload: busy,
    replication: { mode, lagMs: lag },
    faults: [{ atS: 4, kind: 'crash', target: 'primary' }],
  });

  it('async replication with writes in flight at the crash loses some, and names them', () => {
    const r = run(fixture('primary-replicas.mmd'), crash('async', { mean: 80, dist: 'exp' }));
    expect(r.metrics.leaderChanges).toBe(1);
    expect(r.metrics.lostWrites).toBeGreaterThan(0);
    expect(r.metrics.lostWriteIds).toHaveLength(r.metrics.lostWrites);
    // The ids are acknowledged writes from the history.
    const ops = new Map(r.history!.ops.map((o) => [o.id, o]));
    for (const id of r.metrics.lostWriteIds) {
      const op = ops.get(id)!;
      expect(op.op).toBe('write');
      expect(op.outcome).toBe('ok');
      expect(op.completeMs).toBeLessThanOrEqual(4000 + 200);
    }
    expect(r.events.some((e) => e.kind === 'lost-writes')).toBe(true);
  });

  it.each(['sync', 'semi-sync'])('%s replication loses no acknowledged write, and reads at the new primary are never stale', (mode) => {
    const r = run(fixture('primary-replicas.mmd'), crash(mode, { mean: 80, dist: 'exp' }));
    expect(r.metrics.leaderChanges).toBe(1);
    expect(r.metrics.lostWrites).toBe(0);
    expect(r.metrics.staleReads).toBe(0);
    expect(r.metrics.ok).toBeGreaterThan(r.metrics.requests * 0.6);
  });

  it('a leaderless quorum with W + R > N keeps every acknowledged write readable across a crash; W + R <= N does not', () => {
    const base = { seed: 5, durationS: 10, workload: busy, reads: 'quorum', faults: [{ atS: 3, kind: 'crash', target: 'store#1' }] };
    const strict = run(fixture('leaderless.mmd'), { ...base, replication: { mode: 'quorum', n: 3, w: 2, r: 2, lagMs: { mean: 30, dist: 'exp' } } });
    expect(strict.metrics.lostWrites).toBe(0);
    expect(strict.metrics.staleReads).toBe(0);
    expect(strict.metrics.ok).toBeGreaterThan(strict.metrics.requests * 0.9);
    const loose = run(fixture('leaderless.mmd'), { ...base, replication: { mode: 'quorum', n: 3, w: 1, r: 1, lagMs: { mean: 30, dist: 'exp' } } });
    expect(loose.metrics.staleReads).toBeGreaterThan(0);
  });

  it('a sync write whose replica is cut off fails at the caller\u2019s call timeout, not later', () => {
    const r = run(fixture('primary-replicas.mmd'), {
      seed: 4,
      durationS: 6,
      workload: { rps: 200, readRatio: 0.5 },
      replication: { mode: 'sync', lagMs: 2 },
      // The database would wait 5 s for acknowledgements: the caller must not.
      nodes: { db: { callTimeoutMs: 5000 } },
      faults: [{ atS: 2, kind: 'partition', target: 'r2', forS: 1 }],
    });
    const failed = r.history!.ops.filter((o) => o.op === 'write' && o.outcome !== 'ok' && o.completeMs < 6000);
    expect(failed.length).toBeGreaterThan(10);
    for (const o of failed) {
      // API call timeout 500 ms, plus the client's hops and the API's own work.
      expect(o.completeMs - o.invokeMs).toBeGreaterThan(500);
      expect(o.completeMs - o.invokeMs).toBeLessThan(600);
      expect(o.outcome).toBe('unknown');
    }
  });

  it('without automatic failover the cluster waits for its primary to come back', () => {
    const r = run(fixture('primary-replicas.mmd'), { ...crash('async', 5), failover: 'manual', faults: [{ atS: 4, kind: 'crash', target: 'primary', forS: 3 }] });
    expect(r.metrics.leaderChanges).toBe(0);
    expect(r.events.some((e) => e.kind === 'election' && e.message.includes('resumes'))).toBe(true);
    // Writes fail while it is down (4 s to 7 s) and succeed again after.
    const during = r.series.failed.slice(5, 7).reduce((a, b) => a + b, 0);
    const after = r.series.failed.slice(8).reduce((a, b) => a + b, 0);
    expect(during).toBeGreaterThan(0);
    expect(after).toBe(0);
  });
});

describe('partitions: CP against AP', () => {
  const split = (mode: 'CP' | 'AP') => ({
    seed: 21,
    durationS: 16,
    partitionMode: mode,
    reads: 'primary',
    workload: { rps: 400, readRatio: 0.7, keys: 40, clients: 200 },
    faults: [{ atS: 4, kind: 'partition', groups: [['east'], ['west']], forS: 8 }],
  });

  it('CP serves no stale read and refuses requests on the side without a majority', () => {
    const r = run(fixture('two-regions.mmd'), split('CP'));
    expect(r.metrics.staleReads).toBe(0);
    expect(r.metrics.failed).toBeGreaterThan(0);
    expect(r.metrics.maxConcurrentLeaders).toBe(1);
    expect(r.metrics.leaderChanges).toBe(0);
    expect(r.metrics.lostWrites).toBe(0);
  });

  it('AP serves more, elects a second leader, some reads are stale, and the heal reconciles by last-writer-wins', () => {
    const cp = run(fixture('two-regions.mmd'), split('CP'));
    const ap = run(fixture('two-regions.mmd'), split('AP'));
    expect(ap.metrics.ok).toBeGreaterThan(cp.metrics.ok);
    expect(ap.metrics.staleReads).toBeGreaterThan(0);
    expect(ap.metrics.maxConcurrentLeaders).toBe(2);
    expect(ap.metrics.conflicts).toBeGreaterThan(0);
    expect(ap.metrics.lostWrites).toBeGreaterThan(0);
    expect(ap.events.some((e) => e.kind === 'reconcile')).toBe(true);
  });

  it('a leader cut off from its majority steps down under CP, and the majority elects a new one', () => {
    // The primary's region (east) is the minority here: cut db off from both replicas.
    const r = run(fixture('two-regions.mmd'), { ...split('CP'), faults: [{ atS: 4, kind: 'partition', groups: [['db', 'api_e'], ['r1', 'r2', 'api_w']], forS: 8 }] });
    expect(r.events.some((e) => e.kind === 'step-down' && e.node === 'db')).toBe(true);
    expect(r.metrics.leaderChanges).toBe(1);
    expect(r.metrics.maxConcurrentLeaders).toBe(1);
    expect(r.metrics.staleReads).toBe(0);
  });

  it('with two nodes and no majority, CP does not fail over while AP splits its brain', () => {
    const pair = (mode: 'CP' | 'AP') => run(fixture('pair.mmd'), { ...split(mode), faults: [{ atS: 4, kind: 'partition', groups: [['a'], ['b']], forS: 8 }] });
    const cp = pair('CP');
    const during = (r: typeof cp) => r.events.filter((e) => e.kind === 'election' && e.atMs >= 4000 && e.atMs < 12000);
    expect(during(cp)).toHaveLength(0);
    expect(cp.metrics.maxConcurrentLeaders).toBe(1);
    // The primary cannot keep its lease without the standby: writes stop until the heal.
    expect(cp.events.some((e) => e.kind === 'step-down' && e.node === 'db')).toBe(true);
    expect(cp.metrics.staleReads).toBe(0);
    const ap = pair('AP');
    expect(during(ap).length).toBeGreaterThan(0);
    expect(ap.metrics.maxConcurrentLeaders).toBe(2);
    expect(ap.metrics.ok).toBeGreaterThan(cp.metrics.ok);
  });
});

describe('read-your-writes', () => {
  const reads = (routing: unknown) => ({
    seed: 9,
    durationS: 20,
    workload: { rps: 300, readRatio: 0.5, keys: 5, clients: 20 },
    reads: routing,
    // Uniform lag in [0, 600] ms: replicas are often behind, never by more than the window.
    replication: { lagMs: { mean: 300, dist: 'uniform' } },
  });

  it('plain replica reads show a session older values than it wrote', () => {
    const r = run(fixture('primary-replicas.mmd'), reads('replica'));
    expect(r.metrics.rywViolations).toBeGreaterThan(0);
    expect(r.metrics.staleReads).toBeGreaterThan(0);
  });

  it('routing to the primary for a window after a write gives no violation', () => {
    const r = run(fixture('primary-replicas.mmd'), { ...reads('read-your-writes'), readYourWrites: { via: 'primary-window', windowMs: 1000 } });
    expect(r.metrics.rywViolations).toBe(0);
  });

  it('reading from a replica that has applied the session\u2019s last write gives no violation', () => {
    const r = run(fixture('primary-replicas.mmd'), { ...reads('read-your-writes'), readYourWrites: { via: 'replica-version', windowMs: 0 } });
    expect(r.metrics.rywViolations).toBe(0);
    // Other sessions' writes can still be missing: read-your-writes is not linearizability.
    expect(r.metrics.staleReads).toBeGreaterThan(0);
  });
});

describe('replication lag', () => {
  it('a slow replica lags and reads from it are stale; the lag shows in the series', () => {
    const r = run(fixture('primary-replicas.mmd'), { seed: 2, durationS: 12, workload: busy }, { preset: 'replica-lag-spike' });
    expect(r.scenario.reads).toBe('replica');
    const spike = Math.max(...r.series.maxLagMs.slice(5, 8));
    const before = Math.max(...r.series.maxLagMs.slice(0, 3));
    expect(spike).toBeGreaterThan(before * 5);
    expect(r.metrics.maxReplicationLagMs).toBe(Math.max(...r.series.maxLagMs));
    expect(r.metrics.staleReads).toBeGreaterThan(0);
  });
});

describe('leaderless read repair', () => {
  it('a quorum read brings the replicas that answered with an older version up to date', () => {
    // Two replicas are 50x slow: a write (W = 1) lands on store#1 after 100 ms and on the others
    // only after 5 s, unless a read repairs them. With R = 3 reads wait for all three answers
    // and repair the older ones; with R = 1 nothing is repaired.
    const scenario = (r: number) => ({
      seed: 1,
      durationS: 3,
      workload: { rps: 200, readRatio: 0.5, keys: 10 },
      replication: { mode: 'quorum', n: 3, w: 1, r, lagMs: { mean: 100, dist: 'const' } },
      faults: [
        { atS: 0, kind: 'slow', target: 'store#2', factor: 50 },
        { atS: 0, kind: 'slow', target: 'store#3', factor: 50 },
      ],
    });
    const versionsBehind = (r: number) => {
      const c = createSimulation(fixture('leaderless.mmd'), scenario(r), { historyLimit: 0 });
      if (!c.ok) throw new Error('rejected');
      c.sim.step(1500);
      // White box: the replicas' stored versions (the API shows no per-key data).
      const engine = (c.sim as unknown as { engine: { dVer: Int32Array[]; topo: { nodeIndex: Map<string, number> } } }).engine;
      const ids = ['store#1', 'store#2', 'store#3'].map((n) => engine.topo.nodeIndex.get(n)!);
      let behind = 0;
      for (let k = 0; k < 10; k++) {
        const newest = Math.max(...ids.map((n) => engine.dVer[n]![k]!));
        for (const n of ids) behind += newest - engine.dVer[n]![k]!;
      }
      return behind;
    };
    const repaired = versionsBehind(3);
    const unrepaired = versionsBehind(1);
    expect(unrepaired).toBeGreaterThan(100);
    expect(repaired).toBeLessThan(unrepaired / 4);
  });
});
