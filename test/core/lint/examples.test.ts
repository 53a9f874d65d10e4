// What each example in examples/ gives: the README lists these, so they are pinned here.
import { describe, expect, it } from 'vitest';
import { lintFile, example } from './parse';

/** Per design in the file: `rule@component` (or the rule alone for design-wide findings), sorted. */
function summary(name: string): string[][] {
  return lintFile(example(name), name).designs.map((d) => d.findings.map((f) => (f.component ? `${f.rule}@${f.component}` : f.rule)).sort());
}

describe('examples', () => {
  it('url-shortener.mmd: a first sketch misses almost every layer', () => {
    expect(summary('url-shortener.mmd')).toEqual([
      [
        'availability/target@cache',
        'redundancy/app-servers@ids',
        'redundancy/cdn@users',
        'redundancy/circuit-breaker@api',
        'redundancy/db-replication@db',
        'redundancy/dns@dns',
        'redundancy/load-balancer@lb',
        'redundancy/multi-region',
        'spof@cache',
        'spof@db',
        'spof@dns',
        'spof@ids',
        'spof@lb',
      ],
    ]);
  });

  it('social-feed.mmd: one region, and a single CDN, fan-out queue and media store', () => {
    expect(summary('social-feed.mmd')).toEqual([
      ['availability/target@cdn', 'redundancy/multi-region', 'spof@cdn', 'spof@fanout_q', 'spof@media'],
    ]);
  });

  it('bank-transfers.mmd: reads from an async replica break consistency=strong', () => {
    // Two AZs with a synchronous standby and failover=auto meet the availability target; what
    // remains is the missing CDN, the gateway's health checks, and the balance reads.
    expect(summary('bank-transfers.mmd')).toEqual([
      ['consistency/requirement@reporting', 'redundancy/cdn@customers', 'redundancy/health-checks@gw'],
    ]);
  });

  it('chat.md: two designs, each with its own findings', () => {
    expect(summary('chat.md')).toEqual([
      [
        'availability/target@presence',
        'redundancy/app-servers@push',
        'redundancy/cdn@phone',
        'redundancy/circuit-breaker@delivery',
        'redundancy/health-checks@ws',
        'redundancy/multi-region',
        'spof@outbox',
        'spof@presence',
        'spof@push',
      ],
      ['redundancy/circuit-breaker@history_api', 'redundancy/multi-region'],
    ]);
  });

  it('two-region.mmd: every layer drawn — no redundancy finding, no single point of failure, target met', () => {
    const [design] = lintFile(example('two-region.mmd'), 'two-region.mmd').designs;
    expect(design!.findings).toEqual([]);
    expect(design!.availability!.availability).toBeGreaterThanOrEqual(0.9999);
    expect(design!.availability!.regions).toBe(2);
  });
});
