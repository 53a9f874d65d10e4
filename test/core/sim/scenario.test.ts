import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, resolveScenario, simulate } from '../../../src/core/sim/index';
import { example, fixture } from './helpers';

const errorsOf = (input: unknown, preset?: string) => {
  const r = resolveScenario(fixture('two-regions.mmd'), input, preset ? { preset } : {});
  return r.ok ? [] : r.errors;
};

describe('scenario validation names the field at fault', () => {
  it.each([
    [{ workload: { rps: -5 } }, 'workload.rps', 'must not be negative'],
    [{ workload: { readRatio: 1.5 } }, 'workload.readRatio', 'at most 1'],
    [{ replication: { mode: 'eventual' } }, 'replication.mode', 'unknown value'],
    [{ reads: 'replicas' }, 'reads', "did you mean 'replica'"],
    [{ partitionMode: 'cp' }, 'partitionMode', "did you mean 'CP'"],
    [{ faults: [{ atS: 1, kind: 'crash', target: 'dbb' }] }, 'faults[0].target', "unknown node 'dbb' (did you mean 'db'?)"],
    [{ faults: [{ atS: 1, kind: 'partition', groups: [['east'], ['wset']] }] }, 'faults[0].groups[1][0]', "unknown group 'wset' (did you mean 'west'?)"],
    [{ faults: [{ atS: 1, kind: 'explode', target: 'db' }] }, 'faults[0].kind', 'unknown value'],
    [{ faults: [{ atS: 1, kind: 'crash' }] }, 'faults[0].target', 'needs a target'],
    [{ faults: [{ atS: 90, kind: 'crash', target: 'db' }] }, 'faults[0].atS', 'not before the end of the run'],
    [{ faults: [{ atS: 1, kind: 'partition', groups: [['east']] }] }, 'faults[0].groups', 'at least two sides'],
    [{ nodes: { dbx: { concurrency: 4 } } }, 'nodes.dbx', "unknown component 'dbx'"],
    [{ nodes: { db: { concurrency: 0 } } }, 'nodes.db.concurrency', 'at least 1'],
    [{ replication: { lagMs: { mean: 5, dist: 'normal' } } }, 'replication.lagMs.dist', 'unknown value'],
    [{ replication: { lagMs: 'fast' } }, 'replication.lagMs', 'must be a number of ms'],
    [{ workload: { rps: 2_000_000 }, durationS: 3600 }, 'workload.rps', 'a run handles up to'],
    [{ election: { heartbeatMs: 2000 } }, 'election.heartbeatMs', 'below timeoutMinMs'],
    [{ replication: { mode: 'quorum', n: 5 } }, 'replication.n', "more than the 3 database instances of 'db'"],
    [{ replication: { mode: 'quorum', n: 3, r: 4 } }, 'replication.r', 'more than n'],
    [{ workload: { keys: 10_000_000 } }, 'workload.keys', 'MB'],
    [{ wrkload: {} }, 'wrkload', "unknown field 'wrkload' (did you mean 'workload'?)"],
    [[1, 2], 'scenario', 'must be an object'],
  ])('%j -> %s', (input, path, message) => {
    const errors = errorsOf(input);
    const e = errors.find((x) => x.path === path);
    expect(e, JSON.stringify(errors)).toBeDefined();
    expect(e!.message).toContain(message);
  });

  it('an unknown preset is named with the closest one', () => {
    const errors = errorsOf(undefined, 'primary-crsh');
    expect(errors).toEqual([{ path: 'preset', message: expect.stringContaining("did you mean 'primary-crash'") }]);
  });

  it('node ids like __proto__ are plain keys (as JSON.parse gives them)', () => {
    const parsed = JSON.parse('{"nodes": {"__proto__": {"concurrency": 2}, "constructor": {"concurrency": 2}}}');
    expect(errorsOf(parsed).map((e) => e.path).sort()).toEqual(['nodes.__proto__', 'nodes.constructor']);
  });

  it('a partial scenario is merged over the defaults', () => {
    const r = resolveScenario(fixture('two-regions.mmd'), { reads: 'replica' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.reads).toBe('replica');
    expect(r.scenario.workload.rps).toBe(200);
    expect(r.scenario.durationS).toBe(60);
  });
});

describe('defaults from the design', () => {
  it('take the load, read share and consistency from @design requirements', () => {
    const r = resolveScenario(example('url-shortener.mmd'), undefined);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 100M users x 10 requests a day is ~11,574/s: capped for a quick default run.
    expect(r.scenario.workload.rps).toBe(2000);
    expect(r.scenario.workload.readRatio).toBe(0.9);
    // consistency=eventual: replica reads, available under partitions.
    expect(r.scenario.reads).toBe('replica');
    expect(r.scenario.partitionMode).toBe('AP');
    const bank = resolveScenario(example('bank-transfers.mmd'), undefined);
    expect(bank.ok && bank.scenario.reads).toBe('primary');
    expect(bank.ok && bank.scenario.workload.readRatio).toBe(0.7);
  });
});

describe('presets', () => {
  const designs = ['two-region.mmd', 'social-feed.mmd', 'bank-transfers.mmd', 'url-shortener.mmd'];

  const notApplicable = new Set(['replica-lag-spike url-shortener.mmd']);

  it.each(PRESET_NAMES.flatMap((p) => designs.map((d) => [p, d] as const)).filter(([p, d]) => !notApplicable.has(`${p} ${d}`)))('%s runs on %s', (preset, name) => {
    // Overload is checked on its own below: on these examples it offers tens of thousands a second.
    const r = simulate(example(name), { durationS: preset === 'overload' ? 0.2 : 6, workload: preset === 'overload' ? {} : { rps: 100 } }, { preset, historyLimit: 0 });
    expect(r.ok, r.ok ? '' : JSON.stringify(r.errors)).toBe(true);
    if (!r.ok) return;
    expect(r.run.metrics.requests).toBeGreaterThan(0);
  });

  it('a preset that does not apply says why', () => {
    const r = simulate(example('url-shortener.mmd'), undefined, { preset: 'replica-lag-spike' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([{ path: 'preset', message: expect.stringContaining('needs a database with a replica') }]);
  });

  it('faults land a third into the run whatever its length', () => {
    const r = resolveScenario(fixture('two-regions.mmd'), { durationS: 30 }, { preset: 'primary-crash' });
    expect(r.ok && r.scenario.faults).toEqual([{ atS: 10, kind: 'crash', target: 'primary', forS: 10 }]);
  });

  it('region-partition splits the first region from the others; without regions it cuts the primary off', () => {
    const two = resolveScenario(fixture('two-regions.mmd'), undefined, { preset: 'region-partition' });
    expect(two.ok && two.scenario.faults[0]!.groups).toEqual([['east'], ['west']]);
    const one = resolveScenario(fixture('primary-replicas.mmd'), undefined, { preset: 'region-partition' });
    expect(one.ok && one.scenario.faults[0]!.target).toBe('primary');
  });

  it('overload offers more than the entry services can serve: requests are refused or time out', () => {
    const r = simulate(fixture('health-checks.mmd'), { durationS: 5 }, { preset: 'overload', historyLimit: 0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.run.metrics.failed).toBeGreaterThan(r.run.metrics.requests * 0.2);
  });
});
