import { describe, expect, it } from 'vitest';
import { design } from './designs';
import { run } from './helpers';

/** Erlang C: mean time in an M/M/c system with arrival rate `lambda` and service rate `mu` per server. */
function erlangC(c: number, lambda: number, mu: number): { pWait: number; meanResponse: number } {
  const a = lambda / mu;
  const rho = a / c;
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - rho);
  const pWait = last / (sum + last);
  return { pWait, meanResponse: pWait / (c * mu - lambda) + 1 / mu };
}

describe('queueing', () => {
  it('the Erlang C helper agrees with a textbook value', () => {
    // c = 3, a = 2.4 (80% load): P(wait) = 0.6472
    expect(erlangC(3, 2.4, 1).pWait).toBeCloseTo(0.6472, 4);
  });

  // No network, Poisson arrivals from many sessions, exponential service: an M/M/c queue.
  const mmc = (kind: 'service' | 'database', c: number, serviceMs: number, load: number, requests = 120_000) => {
    const rps = (load * c * 1000) / serviceMs;
    const d = design({ components: { users: { kind: 'client' }, node: { kind } }, links: ['users -> node'] });
    const r = run(
      d,
      {
        seed: 42,
        durationS: requests / rps,
        workload: { rps, readRatio: 1, clients: 20_000, timeoutMs: 60_000 },
        network: { sameRegionMs: 0, crossRegionMs: 0, clientMs: 0, jitter: 0 },
        nodes: { node: { concurrency: c, serviceTimeMs: { mean: serviceMs, dist: 'exp' }, queueLimit: 100_000 } },
      },
      { historyLimit: 0 },
    );
    return { r, expected: erlangC(c, rps / 1000, 1 / serviceMs).meanResponse };
  };

  it.each([
    ['service', 3],
    ['database', 3],
    ['service', 8],
  ] as const)('an M/M/c %s (c = %i) at 80 percent load has the mean response time Erlang C predicts, within 5 percent', (kind, c) => {
    const { r, expected } = mmc(kind, c, 10, 0.8);
    expect(r.metrics.failed).toBe(0);
    expect(r.metrics.requests).toBeGreaterThan(110_000);
    expect(Math.abs(r.metrics.readLatencyMs.mean - expected) / expected).toBeLessThan(0.05);
  });

  it('throughput saturates and latency grows past capacity', () => {
    const light = mmc('service', 4, 10, 0.5, 20_000).r;
    const heavy = mmc('service', 4, 10, 0.95, 20_000).r;
    expect(heavy.metrics.readLatencyMs.mean).toBeGreaterThan(light.metrics.readLatencyMs.mean * 3);
    const d = design({ components: { users: { kind: 'client' }, node: { kind: 'service' } }, links: ['users -> node'] });
    const over = run(d, { seed: 1, durationS: 10, workload: { rps: 800, clients: 2000 }, nodes: { node: { concurrency: 4, serviceTimeMs: 10, queueLimit: 50 } } }, { historyLimit: 0 });
    // Capacity is 400/s: about half is refused when the queue is full.
    expect(over.metrics.ok / 10).toBeLessThan(420);
    expect(over.metrics.ok / 10).toBeGreaterThan(360);
    expect(over.metrics.refused).toBeGreaterThan(over.metrics.requests * 0.3);
  });
});
