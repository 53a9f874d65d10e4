import { describe, expect, it } from 'vitest';
import { example, fixture, opsBetween, run } from './helpers';

describe('health checks', () => {
  // One of three app servers dies at 5 s and stays down.
  const scenario = { seed: 3, durationS: 20, workload: { rps: 300 }, faults: [{ atS: 5, kind: 'crash', target: 'app#2' }] };

  it('without them the load balancer keeps sending a third of the traffic to the dead instance', () => {
    const r = run(fixture('no-health-checks.mmd'), scenario);
    const late = opsBetween(r, 12_000, 20_000);
    const failedShare = late.filter((o) => o.outcome !== 'ok').length / late.length;
    expect(failedShare).toBeGreaterThan(0.25);
    expect(failedShare).toBeLessThan(0.42);
    expect(r.events.some((e) => e.kind === 'health')).toBe(false);
  });

  it('with them the dead instance leaves rotation after the failure threshold, and errors stop', () => {
    const r = run(fixture('health-checks.mmd'), scenario);
    expect(r.events.some((e) => e.kind === 'health' && e.node === 'app#2' && e.message.includes('unhealthy'))).toBe(true);
    // Interval 1 s, three failed checks: the error window closes within about 3-4 s.
    expect(opsBetween(r, 10_000, 20_000).every((o) => o.outcome === 'ok')).toBe(true);
    const without = run(fixture('no-health-checks.mmd'), scenario);
    expect(r.metrics.failed).toBeLessThan(without.metrics.failed / 2);
    // The error window: last failure after the crash.
    const failures = r.history!.ops.filter((o) => o.outcome !== 'ok' && o.completeMs < 20_000);
    const lastFailure = Math.max(...failures.map((o) => o.invokeMs));
    expect(lastFailure).toBeLessThan(5000 + 4 * 1000);
  });

  it('a recovered instance comes back into rotation after the healthy threshold', () => {
    const r = run(fixture('health-checks.mmd'), { ...scenario, faults: [{ atS: 5, kind: 'crash', target: 'app#2', forS: 5 }] });
    const marks = r.events.filter((e) => e.kind === 'health' && e.node === 'app#2').map((e) => e.message);
    expect(marks).toEqual([expect.stringContaining('unhealthy'), expect.stringContaining('healthy')]);
    const served = new Set(opsBetween(r, 15_000, 20_000).map((o) => o.node));
    expect(served.has('app#2')).toBe(true);
  });

  it('scenario healthChecks: off overrides what the design draws', () => {
    const r = run(fixture('health-checks.mmd'), { ...scenario, healthChecks: { enabled: 'off' } });
    expect(r.events.some((e) => e.kind === 'health')).toBe(false);
    expect(opsBetween(r, 12_000, 20_000).some((o) => o.outcome !== 'ok')).toBe(true);
  });
});

describe('circuit breakers', () => {
  // The cache dies at 5 s: every read first tries it, then falls back to the database.
  const scenario = (breakers: string) => ({
    seed: 8,
    durationS: 20,
    workload: { rps: 200, readRatio: 0.95 },
    breakers: { enabled: breakers, failureThreshold: 5, openMs: 3000 },
    faults: [{ atS: 5, kind: 'crash', target: 'cache' }],
  });

  it('without a breaker every read waits out the call timeout on the dead cache, and the waits exhaust the API', () => {
    const r = run(fixture('cache-aside.mmd'), scenario('off'));
    const late = opsBetween(r, 8000, 20_000);
    const reads = late.filter((o) => o.op === 'read' && o.outcome === 'ok');
    const slow = reads.filter((o) => o.completeMs - o.invokeMs >= 500).length;
    expect(slow / reads.length).toBeGreaterThan(0.9);
    // 200 requests/s each holding a slot for 500 ms need 100 slots; the API has 64: it cascades.
    expect(late.filter((o) => o.outcome !== 'ok').length).toBeGreaterThan(late.length / 4);
    const withBreaker = run(fixture('cache-aside.mmd'), scenario('design'));
    expect(opsBetween(withBreaker, 8000, 20_000).filter((o) => o.outcome !== 'ok' && o.completeMs < 20_000)).toHaveLength(0);
  });

  it('with a breaker the dead cache is skipped: latency stays bounded, with a trial call every openMs', () => {
    const r = run(fixture('cache-aside.mmd'), scenario('design'));
    const late = opsBetween(r, 8000, 20_000).filter((o) => o.op === 'read' && o.outcome === 'ok');
    const slow = late.filter((o) => o.completeMs - o.invokeMs >= 500).length;
    // Only half-open trial calls wait for the timeout: one per instance every 3 s.
    expect(slow / late.length).toBeLessThan(0.02);
    expect(r.metrics.readLatencyMs.p95).toBeLessThan(100);
    const transitions = r.events.filter((e) => e.kind === 'breaker').map((e) => e.message);
    expect(transitions.some((m) => m.includes('-> cache open'))).toBe(true);
    expect(transitions.some((m) => m.includes('-> cache half-open'))).toBe(true);
  });

  it('a breaker closes again once the dependency is back', () => {
    const r = run(fixture('cache-aside.mmd'), { ...scenario('design'), faults: [{ atS: 5, kind: 'crash', target: 'cache', forS: 4 }] });
    const last = r.events.filter((e) => e.kind === 'breaker' && e.node === 'api#1').at(-1)!;
    expect(last.message).toMatch(/closed$/);
  });

  it('a restarted instance starts with closed breakers and has to find the dead dependency again', () => {
    // The cache dies at 5 s for good; api#1 is down from 10 s to 12 s. Its breaker to the cache
    // was open when it crashed; the new process starts it closed, pays failureThreshold slow
    // reads again, and opens it anew. api#2, never restarted, keeps its breaker's history.
    const r = run(fixture('cache-aside.mmd'), { ...scenario('design'), faults: [{ atS: 5, kind: 'crash', target: 'cache' }, { atS: 10, kind: 'crash', target: 'api#1', forS: 2 }] });
    const marks = (node: string) => r.events.filter((e) => e.kind === 'breaker' && e.node === node).map((e) => ({ at: e.atMs, state: e.message.replace(/.* /, '') }));
    const api1 = marks('api#1');
    const beforeCrash = api1.filter((m) => m.at < 10_000).at(-1)!;
    expect(['open', 'half-open']).toContain(beforeCrash.state);
    const reset = api1.find((m) => m.at >= 10_000)!;
    expect(reset).toEqual({ at: 12_000, state: 'closed' });
    // The log tells the restart first, then what the new process does.
    const at12 = r.events.filter((e) => e.atMs === 12_000 && e.node === 'api#1').map((e) => e.kind);
    expect(at12).toEqual(['recover', 'breaker']);
    const reopened = api1.find((m) => m.at > 12_000)!;
    expect(reopened.state).toBe('open');
    // Reopening takes failureThreshold reads that each wait out the 500 ms call timeout.
    expect(reopened.at - 12_000).toBeGreaterThanOrEqual(500);
    const slowAfter = r.history!.ops.filter((o) => o.op === 'read' && o.invokeMs >= 12_000 && o.invokeMs < reopened.at && o.completeMs - o.invokeMs >= 500);
    expect(slowAfter.length).toBeGreaterThanOrEqual(5);
    expect(marks('api#2').filter((m) => m.state === 'closed')).toHaveLength(0);
  });

  it('a required dependency that dies fails requests fast behind a breaker, slowly without one', () => {
    const design = fixture('cache-aside.mmd');
    const kill = { seed: 1, durationS: 12, workload: { rps: 100 }, faults: [{ atS: 3, kind: 'crash', target: 'db' }] };
    const failTime = (breakers: string) => {
      const r = run(design, { ...kill, breakers: { enabled: breakers }, cache: { ttlMs: 1 } });
      const failed = opsBetween(r, 6000, 12_000).filter((o) => o.outcome !== 'ok');
      expect(failed.length).toBeGreaterThan(50);
      return failed.reduce((a, o) => a + o.completeMs - o.invokeMs, 0) / failed.length;
    };
    const fast = failTime('on');
    const slow = failTime('off');
    expect(fast).toBeLessThan(100);
    expect(slow).toBeGreaterThan(500);
  });
});

describe('half-open breakers', () => {
  // The primary crashes at 20 s and restarts at 40 s; its standby takes over at about 23 s. The
  // app servers' breakers to the dead member open; every openMs one of them goes half-open and
  // sends its one trial read to the dead member.
  const crash = { preset: 'primary-crash', workload: { rps: 400 } };

  it('while the trial call is out, other reads pass over the member as if the breaker were open: no periodic bursts of failures', () => {
    const r = run(example('two-region.mmd'), crash);
    const election = r.events.find((e) => e.kind === 'election' && e.atMs > 20_000)!;
    expect(election).toBeDefined();
    expect(r.events.some((e) => e.kind === 'breaker' && e.message.endsWith('half-open'))).toBe(true);
    // From shortly after the failover to the end: at most the trial calls themselves fail (one
    // per app instance, six of them, per openMs), never the reads that arrive while a trial is
    // out (before the fix: 40-70 a second at this load, every 5.5 s).
    const settled = Math.ceil(election.atMs / 1000) + 1;
    const after = r.series.failed.slice(settled);
    expect(after.length).toBeGreaterThan(30);
    expect(Math.max(...after)).toBeLessThanOrEqual(6);
  });

  it('a trial call lost with its caller (crashed while it was out) does not hold the breaker half-open for good', () => {
    // The cache is down from 5 s to 9 s; api#1 crashes while its half-open trial to the cache is
    // out and restarts a second later. Once the cache is back, api#1's breaker must close again.
    const base = { seed: 8, durationS: 20, workload: { rps: 200, readRatio: 0.95 }, breakers: { enabled: 'design', failureThreshold: 5, openMs: 3000 } };
    const cacheDown = { atS: 5, kind: 'crash', target: 'cache', forS: 4 };
    const first = run(fixture('cache-aside.mmd'), { ...base, faults: [cacheDown] });
    const trial = first.events.find((e) => e.kind === 'breaker' && e.node === 'api#1' && e.message.endsWith('half-open'))!;
    expect(trial.atMs).toBeLessThan(9000);
    // The same seed: the run is the same up to the added crash, 100 ms into the trial.
    const r = run(fixture('cache-aside.mmd'), { ...base, faults: [cacheDown, { atS: (trial.atMs + 100) / 1000, kind: 'crash', target: 'api#1', forS: 1 }] });
    const marks = r.events.filter((e) => e.kind === 'breaker' && e.node === 'api#1').map((e) => e.message.replace(/.* /, ''));
    expect(marks.slice(0, 2)).toEqual(['open', 'half-open']);
    expect(marks.at(-1)).toBe('closed');
  });
});
