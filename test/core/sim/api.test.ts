import { describe, expect, it } from 'vitest';
import { createSimulation, simulate, type HistoryOp } from '../../../src/core/sim/index';
import { example, fixture, run } from './helpers';

function sim(design = fixture('primary-replicas.mmd'), scenario: unknown = { durationS: 20, seed: 1 }) {
  const c = createSimulation(design, scenario, { historyLimit: 0 });
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  return c.sim;
}

describe('stepping, injecting, snapshots', () => {
  it('steps through virtual time and stops at the end', () => {
    const s = sim();
    expect(s.step(250).nowMs).toBe(250);
    expect(s.step(1000).nowMs).toBe(1250);
    const last = s.step(1e9);
    expect(last.nowMs).toBe(20_000);
    expect(last.done).toBe(true);
    expect(s.step(100).nowMs).toBe(20_000);
    expect(s.result().metrics.requests).toBeGreaterThan(3000);
  });

  it('a snapshot has every instance and every component, with roles and terms', () => {
    const snap = sim().step(1000);
    expect(snap.nodes.map((n) => n.id)).toEqual(['users', 'lb', 'api#1', 'api#2', 'api#3', 'db', 'r1', 'r2']);
    const db = snap.nodes.find((n) => n.id === 'db')!;
    expect(db).toMatchObject({ component: 'db', status: 'up', role: 'leader', term: 1, partitioned: false });
    expect(snap.nodes.find((n) => n.id === 'r1')).toMatchObject({ role: 'follower', term: 1 });
    expect(snap.nodes.find((n) => n.id === 'api#2')!.healthy).toBe(true);
    expect(snap.components!.map((c) => [c.id, c.state])).toEqual([
      ['users', 'up'],
      ['lb', 'up'],
      ['api', 'up'],
      ['db', 'leader'],
      ['r1', 'follower'],
      ['r2', 'follower'],
    ]);
    expect(snap.components!.find((c) => c.id === 'api')!.note).toBe('3/3 up');
    // Plain data: survives structured cloning to a worker or a webview.
    expect(structuredClone(snap)).toEqual(snap);
  });

  it('injecting a crash while running: the node goes down, a replica takes over, a restart brings it back as a follower', () => {
    const s = sim();
    s.step(2000);
    const f = s.inject({ kind: 'crash', target: 'primary' });
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    let snap = s.step(1);
    expect(snap.components!.find((c) => c.id === 'db')!.state).toBe('down');
    expect(s.activeFaults()).toEqual([{ id: f.id, fault: { kind: 'crash', target: 'primary', atS: 0 } }]);
    snap = s.step(5000);
    const leaders = snap.nodes.filter((n) => n.role === 'leader' && n.status === 'up');
    expect(leaders).toHaveLength(1);
    expect(leaders[0]!.term).toBe(2);
    expect(s.endFault(f.id)).toBe(true);
    expect(s.endFault(f.id)).toBe(false);
    snap = s.step(2000);
    expect(snap.nodes.find((n) => n.id === 'db')).toMatchObject({ status: 'up', role: 'follower', term: 2 });
    const kinds = s.result().events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['fault', 'election', 'recover']));
  });

  it('injected partitions and slow nodes show on the snapshot', () => {
    const s = sim(fixture('two-regions.mmd'));
    s.step(1000);
    const p = s.inject({ kind: 'partition', groups: [['east'], ['west']] });
    const slow = s.inject({ kind: 'slow', target: 'r2', factor: 5, forS: 1 });
    expect(p.ok && slow.ok).toBe(true);
    let snap = s.step(10);
    expect(snap.nodes.find((n) => n.id === 'r2')).toMatchObject({ partitioned: true, slow: 5 });
    expect(snap.components!.find((c) => c.id === 'r2')).toMatchObject({ state: 'partitioned', slow: 5 });
    expect(snap.nodes.find((n) => n.id === 'users')!.partitioned).toBe(false);
    snap = s.step(2000);
    expect(snap.nodes.find((n) => n.id === 'r2')!.slow).toBe(1);
  });

  it('a bad injected fault comes back as errors naming the field, and nothing changes', () => {
    const s = sim();
    s.step(100);
    expect(s.inject({ kind: 'crash', target: 'nope' })).toEqual({ ok: false, errors: [{ path: 'fault.target', message: expect.stringContaining("unknown node 'nope'") }] });
    expect(s.inject({ kind: 'melt', target: 'db' })).toMatchObject({ ok: false, errors: [{ path: 'fault.kind' }] });
    expect(s.inject('crash db')).toMatchObject({ ok: false, errors: [{ path: 'fault' }] });
    expect(s.activeFaults()).toEqual([]);
  });

  it('lag and breakers are visible per node while they happen', () => {
    const s = sim(fixture('primary-replicas.mmd'), { durationS: 20, replication: { lagMs: { mean: 400, dist: 'const' } }, workload: { rps: 300, readRatio: 0.5 } });
    const snap = s.step(3000);
    const r1 = snap.nodes.find((n) => n.id === 'r1')!;
    expect(r1.lagMs).toBeGreaterThan(300);
    expect(snap.components!.find((c) => c.id === 'r1')!.note).toMatch(/lag \d+ ms/);
    const b = sim(fixture('cache-aside.mmd'));
    b.step(1000);
    b.inject({ kind: 'crash', target: 'cache' });
    const after = b.step(3000);
    expect(after.nodes.find((n) => n.id === 'api#1')!.breaker).toBe('open');
    expect(after.components!.find((c) => c.id === 'api')!.note).toContain('breaker open');
  });
});

describe('history', () => {
  it('records every operation with truth for reads, up to the cap', () => {
    const r = run(fixture('primary-replicas.mmd'), { durationS: 5, seed: 3, reads: 'replica' });
    const ops = r.history!.ops;
    expect(ops.length).toBe(r.metrics.requests + r.metrics.inFlight);
    const read = ops.find((o) => o.op === 'read' && o.outcome === 'ok')!;
    expect(read.truth).toEqual({ committedVersion: expect.any(Number), returnedVersion: expect.any(Number), stale: expect.any(Boolean) });
    expect(read.node).toMatch(/^(db|r1|r2)$/);
    const write = ops.find((o) => o.op === 'write')!;
    expect(write.value).toBe(write.id);
    const capped = run(fixture('primary-replicas.mmd'), { durationS: 5, seed: 3 }, { historyLimit: 100 });
    expect(capped.history!.ops).toHaveLength(100);
    expect(capped.historyDropped).toBe(capped.metrics.requests + capped.metrics.inFlight - 100);
    expect(run(fixture('primary-replicas.mmd'), { durationS: 1 }, { historyLimit: 0 }).history).toBeUndefined();
  });

  it('streams every operation to onOp, whatever the cap', () => {
    const seen: HistoryOp[] = [];
    const r = simulate(fixture('primary-replicas.mmd'), { durationS: 3 }, { historyLimit: 0, onOp: (op) => seen.push(op) });
    expect(r.ok && seen.length).toBe(r.ok ? r.run.metrics.requests + r.run.metrics.inFlight : -1);
  });

  it('event and history caps keep memory bounded', () => {
    const r = run(example('two-region.mmd'), { durationS: 10, workload: { rps: 300 } }, { eventLimit: 3, historyLimit: 10 });
    expect(r.events.length).toBeLessThanOrEqual(3);
    expect(r.history!.ops).toHaveLength(10);
  });
});
