import { describe, expect, it } from 'vitest';
import { createSimulation, simulate } from '../../../src/core/sim/index';
import { example, fixture, run } from './helpers';

describe('determinism', () => {
  const scenarios: [string, unknown, string?][] = [
    ['steady', { durationS: 5 }],
    ['primary crash', { durationS: 15 }, 'primary-crash'],
    ['region partition, AP', { durationS: 15, partitionMode: 'AP', reads: 'replica' }, 'region-partition'],
    ['leaderless quorum', { durationS: 5, replication: { mode: 'quorum', n: 3, r: 2, w: 2 } }],
  ];

  it.each(scenarios)('the same design, scenario and seed give the same run, byte for byte: %s', (_name, scenario, preset) => {
    const design = fixture('two-regions.mmd');
    const a = JSON.stringify(run(design, scenario, preset ? { preset } : {}));
    const b = JSON.stringify(run(design, scenario, preset ? { preset } : {}));
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1000);
  });

  it('a different seed gives a different run', () => {
    const design = fixture('primary-replicas.mmd');
    const a = run(design, { durationS: 5, seed: 1 });
    const b = run(design, { durationS: 5, seed: 2 });
    expect(JSON.stringify(a.metrics)).not.toBe(JSON.stringify(b.metrics));
  });

  it('stepping in slices of virtual time gives the same run as running to the end', () => {
    const design = example('two-region.mmd');
    const scenario = { durationS: 20, seed: 3, workload: { rps: 300 } };
    const whole = run(design, scenario, { preset: 'primary-crash' });
    const c = createSimulation(design, scenario, { preset: 'primary-crash' });
    if (!c.ok) throw new Error('rejected');
    const slices = [1, 7.5, 100, 333, 1000, 0.25];
    for (let i = 0; !c.sim.done; i++) c.sim.step(slices[i % slices.length]!);
    expect(JSON.stringify(c.sim.result())).toBe(JSON.stringify(whole));
  });

  it('snapshots taken while stepping do not change the run', () => {
    const design = fixture('two-regions.mmd');
    const scenario = { durationS: 10, seed: 4, reads: 'replica' };
    const plain = simulate(design, scenario);
    const c = createSimulation(design, scenario);
    if (!c.ok || !plain.ok) throw new Error('rejected');
    while (!c.sim.done) c.sim.step(16);
    expect(JSON.stringify(c.sim.result())).toBe(JSON.stringify(plain.run));
  });
});
