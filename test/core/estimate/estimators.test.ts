import { describe, expect, it } from 'vitest';
import {
  estimatesFromRequirements,
  runEstimator,
  type Estimate,
  type EstimateError,
  type EstimatorName,
} from '../../../src/core/estimate/index';

function run(name: EstimatorName, inputs: Record<string, string | number>): Estimate {
  const r = runEstimator(name, new Map(Object.entries(inputs)));
  if (!r.ok) throw new Error(`${name} failed: ${r.error.message}`);
  return r.estimate;
}

function refuse(name: EstimatorName, inputs: Record<string, string | number>): EstimateError {
  const r = runEstimator(name, new Map(Object.entries(inputs)));
  if (r.ok) throw new Error(`${name} should have refused ${JSON.stringify(inputs)}`);
  return r.error;
}

/** The step a user reads, by its label. */
function stepNamed(e: Estimate, label: string) {
  const s = e.steps.find((x) => x.label === label);
  if (!s) throw new Error(`no step '${label}' in ${e.steps.map((x) => x.label).join(', ')}`);
  return s;
}

describe('qps', () => {
  it('100M DAU × 10 requests: 10,000 QPS by the quick rule, 11,574 exactly', () => {
    const e = run('qps', { dau: '100M', requests: '10' });
    expect(stepNamed(e, 'Average QPS, quick rule')).toMatchObject({ formula: '1,000,000,000 ÷ 100,000 (a day ≈ 10⁵ s)', result: '10,000 QPS' });
    expect(stepNamed(e, 'Average QPS, exact')).toMatchObject({ formula: '1,000,000,000 ÷ 86,400 s', result: '11,574 QPS' });
    expect(e.results.averageQpsQuick).toBe(10_000);
    expect(e.results.averageQps).toBeCloseTo(11_574.07, 2);
  });

  it('peak = average × peak factor, split by the read share', () => {
    const e = run('qps', { dau: '100M', requests: '10', peak: '3', reads: '0.9' });
    expect(stepNamed(e, 'Peak QPS').result).toBe('34,722 QPS');
    expect(stepNamed(e, 'Read QPS, peak')).toMatchObject({ formula: '34,722 × 90% reads', result: '31,250 QPS' });
    expect(stepNamed(e, 'Write QPS, peak').result).toBe('3,472 QPS');
    expect(e.summary).toContain('34,722 QPS at peak');
  });

  it('says which inputs were defaults', () => {
    const e = run('qps', { dau: '1M', requests: '5' });
    expect(e.inputs.filter((i) => i.defaulted).map((i) => `${i.key}=${i.text}`)).toEqual(['peak=2', 'reads=90%']);
  });

  it('names the missing or bad field', () => {
    expect(refuse('qps', { requests: '10' })).toMatchObject({ field: 'dau' });
    expect(refuse('qps', { dau: 'lots', requests: '10' })).toMatchObject({ field: 'dau', message: expect.stringMatching(/100M/) });
    expect(refuse('qps', { dau: '0', requests: '10' })).toMatchObject({ field: 'dau', message: 'must be more than 0' });
    expect(refuse('qps', { dau: '1M', requests: '10', reads: '120%' })).toMatchObject({ field: 'reads', message: 'must be at most 100%' });
  });
});

describe('storage', () => {
  it('writes per day × size × retention × replication', () => {
    const e = run('storage', { writes: '10M', size: '2 KB', retention: '5 years', replication: '3' });
    expect(stepNamed(e, 'Written per day').result).toBe('20 GB/day');
    expect(stepNamed(e, 'Kept for the retention period').result).toBe('36.5 TB');
    expect(stepNamed(e, 'With replication')).toMatchObject({ formula: '36.5 TB × 3 copies', result: '110 TB' });
    expect(e.results.total).toBeCloseTo(10e6 * 2000 * 5 * 365.2425 * 3, 0);
  });

  it('with growth, projects the store year by year, dropping data past retention', () => {
    const e = run('storage', { writes: '1M', size: '1 KB', retention: '2 years', replication: '1', growth: '100%' });
    const year = 1e9 * 365.2425; // 1 GB a day for a year
    // Year k writes year × 2^(k−1); the store holds the last two years.
    expect(e.results.endOfYear1).toBeCloseTo(year, -3);
    expect(e.results.endOfYear2).toBeCloseTo(year * 3, -3);
    expect(e.results.endOfYear3).toBeCloseTo(year * 6, -3);
    expect(e.results.endOfYear5).toBeCloseTo(year * 24, -3);
    expect(stepNamed(e, 'Stored at the end of year 3').formula).toBe('(730 GB + 1.46 TB) × 1 copies');
  });

  it('counts a partial year of retention as that fraction of the year', () => {
    const e = run('storage', { writes: '1M', size: '1 KB', retention: '6 months', replication: '1', growth: '100%' });
    const year = 1e9 * 365.2425;
    expect(e.results.endOfYear2).toBeCloseTo(0.5 * 2 * year, -3);
  });
});

describe('bandwidth', () => {
  it('ingress = write QPS × write size, egress = read QPS × read size, in bytes and bits', () => {
    const e = run('bandwidth', { qps: '10k', reads: '90%', writeSize: '1 MB', readSize: '100 KB', peak: '2' });
    expect(stepNamed(e, 'Ingress, average')).toMatchObject({ formula: '1,000 writes/s × 1 MB', result: '1 GB/s (8 Gbps)' });
    expect(stepNamed(e, 'Egress, average').result).toBe('900 MB/s (7.2 Gbps)');
    expect(stepNamed(e, 'Egress, peak').result).toBe('1.8 GB/s (14.4 Gbps)');
  });

  it('takes the write size for reads when no read size is given', () => {
    const e = run('bandwidth', { qps: '100', reads: '50%', writeSize: '1 KB' });
    expect(e.results.ingress).toBe(e.results.egress);
  });
});

describe('servers', () => {
  it('peak ÷ (per-server × utilisation), rounded up, plus N+1 and N+2', () => {
    const e = run('servers', { qps: '35k', perServer: '2k', utilization: '70%' });
    expect(stepNamed(e, 'Servers for the peak (N)')).toMatchObject({ formula: '⌈35,000 ÷ 1,400⌉ = ⌈25⌉', result: '25 servers' });
    expect(e.results).toMatchObject({ servers: 25, serversNPlus1: 26, serversNPlus2: 27 });
    expect(run('servers', { qps: '35,001', perServer: '2k', utilization: '70%' }).results.servers).toBe(26);
  });

  it('needs at least one server, even for no load', () => {
    expect(run('servers', { qps: '0', perServer: '100' }).results.servers).toBe(1);
  });
});

describe('cache', () => {
  it('20% of a day’s reads × object size by default', () => {
    const e = run('cache', { readQps: '10k', size: '1 KB' });
    expect(stepNamed(e, 'Reads per day').result).toBe('864,000,000 (864M) reads');
    expect(stepNamed(e, 'Cache size')).toMatchObject({ formula: '172,800,000 × 1 KB', result: '173 GB' });
    expect(e.notes[0]).toMatch(/80\/20/);
  });

  it('takes reads per day instead of read QPS, but not both', () => {
    expect(run('cache', { readsPerDay: '1B', size: '500 B', hot: '10%' }).results.cacheBytes).toBe(5e10);
    expect(refuse('cache', { readsPerDay: '1B', readQps: '1k', size: '1 KB' }).message).toMatch(/not both/);
  });
});

describe('availability', () => {
  it('99.9% is 8 h 45 m 57 s of downtime a year; 99.99% is 52 m 35.7 s', () => {
    expect(stepNamed(run('availability', { availability: '99.9%' }), 'Downtime per year').result).toBe('8 h 45 m 57 s');
    const e = run('availability', { availability: '99.99%' });
    expect(stepNamed(e, 'Downtime per year')).toMatchObject({ formula: '0.01% × 365.2425 d', result: '52 m 35.7 s' });
    expect(stepNamed(e, 'Downtime per month').result).toBe('4 m 23 s');
    expect(stepNamed(e, 'Downtime per week').result).toBe('1 m 0.5 s');
    expect(stepNamed(e, 'Downtime per day').result).toBe('8.6 s');
    expect(e.notes.join(' ')).toMatch(/365\.2425 days/);
  });

  it('accepts nines', () => {
    expect(run('availability', { availability: '4 nines' }).results.downtimePerYear).toBeCloseTo(3155.6952, 6);
  });

  it('turns a downtime budget back into nines', () => {
    const e = run('availability', { downtime: '43 m 49.7 s', per: 'month' });
    expect(stepNamed(e, 'Availability').result).toBe('99.9%');
    expect(stepNamed(e, 'Nines').result).toBe('3 nines');
    expect(e.inputs.map((i) => i.key)).toEqual(['downtime', 'per']);
    expect(run('availability', { downtime: '8.6 s', per: 'daily' }).results.availability).toBeCloseTo(0.9999, 6);
  });

  it('refuses a budget longer than its period, or both modes at once', () => {
    expect(refuse('availability', { downtime: '2 d', per: 'day' })).toMatchObject({ field: 'downtime', message: '2 d is more than a day (1 d)' });
    expect(refuse('availability', { availability: '99%', downtime: '1 h' }).message).toMatch(/not both/);
    expect(refuse('availability', {}).message).toMatch(/availability .* or a downtime budget/);
  });

  it('has no nines for 100% and no downtime', () => {
    const e = run('availability', { availability: '100%' });
    expect(e.results.nines).toBeUndefined();
    expect(e.results.downtimePerYear).toBe(0);
  });
});

describe('composite', () => {
  it('99.9% × 99.9% in series is 99.8001%', () => {
    const e = run('composite', { series: '99.9%, 99.9%' });
    expect(stepNamed(e, 'Composite availability (in series): 99.9% × 99.9%')).toMatchObject({ formula: '99.9% × 99.9%', result: '99.8001%' });
  });

  it('two 99.9% in parallel are 99.9999%', () => {
    const e = run('composite', { parallel: '99.9%, 99.9%' });
    expect(e.steps[0]).toMatchObject({ formula: '1 − (1 − 99.9%) × (1 − 99.9%) = 1 − 0.1% × 0.1%', result: '99.9999%' });
    expect(e.results.availability).toBeCloseTo(0.999999, 12);
  });

  it('evaluates nested expressions inside out, one step per group', () => {
    const e = run('composite', { expression: '99.99% * (99.9% | 99.9%) * 99.95%' });
    expect(e.steps.map((s) => s.label).slice(0, 2)).toEqual([
      'In parallel: 99.9% ∥ 99.9%',
      'Composite availability (in series): 99.99% × (99.9% ∥ 99.9%) × 99.95%',
    ]);
    expect(e.results.availability).toBeCloseTo(0.9999 * 0.999999 * 0.9995, 12);
  });

  it('refuses mixed operators without parentheses and unbalanced ones', () => {
    expect(refuse('composite', { expression: '99.9% * 99.9% | 99.9%' }).message).toMatch(/needs parentheses/);
    expect(refuse('composite', { expression: '(99.9% | 99.9%' }).message).toMatch(/never closed/);
    expect(refuse('composite', { expression: '99.9% | 99.9%)' }).message).toMatch(/no matching/);
    expect(refuse('composite', { expression: '99.9% | | 99.9%' }).message).toMatch(/unexpected '\|'/);
    expect(refuse('composite', { expression: '99.9% | lots' }).message).toMatch(/'lots': expected an availability/);
    expect(refuse('composite', { series: '99.9%', parallel: '99.9%' }).message).toMatch(/not series and parallel/);
  });
});

describe('latency', () => {
  it('lists reference numbers from memory to cross-continent round trips with their orders of magnitude', () => {
    const e = run('latency', {});
    expect(stepNamed(e, 'Main memory reference')).toMatchObject({ result: '100 ns', formula: expect.stringMatching(/^≈ 10² ns/) });
    expect(stepNamed(e, 'Round trip within the same datacenter').result).toBe('500 µs');
    expect(stepNamed(e, 'Cross-continent round trip (California ↔ Netherlands)')).toMatchObject({ result: '150 ms', formula: expect.stringMatching(/^≈ 10⁸ ns/) });
    // The list runs from the fastest to the slowest.
    const values = e.steps.map((s) => s.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(e.steps.map((s) => s.label).join(' ')).toMatch(/SSD.*disk/i);
  });
});

describe('from a design’s requirements', () => {
  it('estimates QPS and the downtime budget', () => {
    const { estimates, problems } = estimatesFromRequirements({ dau: 1e8, requests: 10, peak: 3, reads: 0.9, availability: 0.9999 });
    expect(problems).toEqual([]);
    expect(estimates.map((e) => e.estimator)).toEqual(['qps', 'availability']);
    expect(estimates[0]!.results.peakQps).toBeCloseTo(34_722.2, 1);
    expect(estimates[0]!.inputs.find((i) => i.key === 'dau')!.text).toBe('100,000,000');
  });

  it('says what is missing', () => {
    const { estimates, problems } = estimatesFromRequirements({ availability: 0.999 });
    expect(estimates.map((e) => e.estimator)).toEqual(['availability']);
    expect(problems[0]).toMatch(/QPS needs dau and requests/);
    expect(estimatesFromRequirements({ dau: 5, requests: -1 }).problems[0]).toMatch(/Requests per user per day: must be more than 0/);
  });
});

describe('100% availability', () => {
  it('has no nines to count and says so plainly', () => {
    const e = run('composite', { parallel: '100%, 99%' });
    expect(e.summary).toBe('100%: 0 s of downtime a year.');
    expect(run('availability', { availability: '100%' }).summary).toMatch(/^100% allows 0 s of downtime a year/);
  });
});
