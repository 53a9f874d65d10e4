// `sdlab estimate` run in-process (test/support/cli.ts): what a user sees on stdout
// and stderr, and the exit code. Text output is compared with golden files in
// test/fixtures/estimate/ (regenerate with SDLAB_UPDATE_GOLDEN=1 after a deliberate change).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/sharedData';
import { sdlab as runSdlab } from '../support/cli';

const sdlab = (...argv: string[]) => runSdlab(argv, { cwd: '/', reads: false });

const goldenDir = join(repoRoot, 'test/fixtures/estimate');

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  if (process.env.SDLAB_UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, actual);
    if (process.env.SDLAB_UPDATE_GOLDEN !== '1') throw new Error(`wrote missing golden file ${name}; check it and run again`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('sdlab estimate: text output', () => {
  const cases: [string, string[]][] = [
    ['qps.txt', ['qps', '--dau', '100M', '--requests', '10', '--peak', '3', '--reads', '0.9']],
    ['storage.txt', ['storage', '--writes', '10M', '--size', '2 KB', '--retention', '5 years', '--replication', '3', '--growth', '20%']],
    ['bandwidth.txt', ['bandwidth', '--qps', '11.6k', '--write-size', '2KB', '--read-size', '20KB']],
    ['servers.txt', ['servers', '--qps', '35k', '--per-server', '2k', '--utilisation', '70%']],
    ['cache.txt', ['cache', '--read-qps', '10k', '--size', '2 KB']],
    ['availability.txt', ['availability', '99.99%']],
    ['availability-budget.txt', ['availability', '--downtime', '5m', '--per', 'month']],
    ['composite.txt', ['composite', '99.99% * (99.9% | 99.9%) * 99.95%']],
    ['latency.txt', ['latency']],
  ];
  for (const [file, argv] of cases) {
    it(`sdlab estimate ${argv.join(' ')}`, async () => {
      const r = await sdlab('estimate', ...argv);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      golden(file, r.stdout);
    });
  }

  it('shows the quick rule beside the exact figure', async () => {
    const r = await sdlab('estimate', 'qps', '--dau', '100M', '--requests', '10');
    expect(r.stdout).toMatch(/Average QPS, quick rule +1,000,000,000 ÷ 100,000 .*= 10,000 QPS/);
    expect(r.stdout).toMatch(/Average QPS, exact +1,000,000,000 ÷ 86,400 s += 11,574 QPS/);
  });

  it('states the 365.2425-day year in the downtime formula', async () => {
    const r = await sdlab('estimate', 'availability', '99.9%');
    expect(r.stdout).toMatch(/Downtime per year +0\.1% × 365\.2425 d += 8 h 45 m 57 s/);
    expect(r.stdout).toMatch(/Gregorian mean year, 365\.2425 days/);
  });
});

describe('sdlab estimate --json', () => {
  it('prints one JSON document with inputs, steps and named results', async () => {
    const r = await sdlab('estimate', 'qps', '--dau', '100M', '--requests', '10', '--peak', '3', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.estimator).toBe('qps');
    expect(doc.results.averageQpsQuick).toBe(10000);
    expect(Math.round(doc.results.averageQps)).toBe(11574);
    expect(Math.round(doc.results.peakQps)).toBe(34722);
    expect(doc.inputs.find((i: { key: string }) => i.key === 'reads')).toMatchObject({ text: '90%', value: 0.9, defaulted: true });
    expect(doc.steps[2]).toMatchObject({ label: 'Average QPS, exact', formula: '1,000,000,000 ÷ 86,400 s', result: '11,574 QPS' });
  });

  it('composite in series and in parallel', async () => {
    const series = JSON.parse((await sdlab('estimate', 'composite', '--series', '99.9%,99.9%', '--json')).stdout);
    expect(series.steps[0].result).toBe('99.8001%');
    const parallel = JSON.parse((await sdlab('estimate', 'composite', '--parallel', '99.9%,99.9%', '--json')).stdout);
    expect(parallel.steps[0].result).toBe('99.9999%');
  });

  it('availability from a downtime budget', async () => {
    const doc = JSON.parse((await sdlab('estimate', 'availability', '--downtime', '52m35.7s', '--per', 'year', '--json')).stdout);
    expect(doc.results.availability).toBeCloseTo(0.9999, 8);
  });
});

describe('sdlab estimate: help', () => {
  it('lists the estimators', async () => {
    const r = await sdlab('estimate', '--help');
    expect(r.code).toBe(0);
    for (const name of ['qps', 'storage', 'bandwidth', 'servers', 'cache', 'availability', 'composite', 'latency']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
  });

  it('has help per estimator naming its options and defaults', async () => {
    const r = await sdlab('estimate', 'qps', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: sdlab estimate qps --dau <count> --requests <number>/);
    expect(r.stdout).toMatch(/--peak <number> +Peak factor\..*default 2/);
    const storage = await sdlab('estimate', 'storage', '-h');
    expect(storage.stdout).toMatch(/--retention <duration>.*default 5 years/);
    const availability = await sdlab('estimate', 'availability', '--help');
    expect(availability.stdout).toMatch(/--per <year\|month\|week\|day>/);
  });

  it('lists estimate among sdlab’s commands', async () => {
    expect((await sdlab('--help')).stdout).toMatch(/^  estimate +back-of-the-envelope/m);
  });
});

describe('sdlab estimate: bad input is one line on stderr, exit 2', () => {
  const cases: [string[], string][] = [
    [['qps', '--dau', 'abc', '--requests', '10'], "sdlab estimate qps: --dau 'abc': expected a number like 100M, 1.5k, 2B or 250,000"],
    [['qps', '--requests', '10'], 'sdlab estimate qps: --dau: daily active users are needed, e.g. 100M'],
    [['qps', '--dau', '100M', '--requests', '10', '--peak', '0.5'], "sdlab estimate qps: --peak '0.5': must be at least 1"],
    [['qps', '--dau', '100M', '--requests', '10', '--reads', '90'], "sdlab estimate qps: --reads '90': expected a share like 90%, 0.9 or 20%; write 90% for a percentage"],
    [['qps', '--dau', '100M', '--requests', '10', '--bogus', '1'], "sdlab estimate qps: Unknown option '--bogus' (see sdlab estimate qps --help)"],
    [['storage', '--writes', '1M', '--size', '2', 'KB'], "sdlab estimate storage: unexpected argument 'KB' (quote values with spaces, e.g. --size '2 KB'; see --help)"],
    [['storage', '--writes', '1M', '--size', '2 XB'], "sdlab estimate storage: --size '2 XB': expected a size like 2 KB, 1.5 MB or 10 GiB; 'XB' is not a unit (use B, KB, MB, GB, TB or KiB, MiB, GiB, TiB)"],
    [['storage', '--writes', '1e300', '--size', '1e300'], 'sdlab estimate storage: the inputs are too large: "Written per day" overflows; try smaller numbers (see sdlab estimate storage --help)'],
    [['availability', '150%'], "sdlab estimate availability: <availability> '150%': expected an availability like 99.95%, 0.999 or 4 nines, between 0% and 100%"],
    [['availability', '--downtime', '5 fortnights'], "sdlab estimate availability: --downtime '5 fortnights': expected a duration like 5 min, 1h30m, 250 ms, 2 weeks or 5 years; 'fortnights' is not a unit (ms, s, min, h, d, weeks, months, years)"],
    [['availability', '--downtime', '2d', '--per', 'day'], "sdlab estimate availability: --downtime '2d': 2 d is more than a day (1 d)"],
    [['availability', '--downtime', '5m', '--per', 'decade'], "sdlab estimate availability: --per 'decade': expected one of year, month, week, day"],
    [['availability'], 'sdlab estimate availability: an availability (e.g. 99.99%) or a downtime budget (e.g. 5 min per month) is needed (see sdlab estimate availability --help)'],
    [['composite', '99.9% * 99.9% | 99.9%'], "sdlab estimate composite: <expression> '99.9% * 99.9% | 99.9%': mixing * (series) and | (parallel) needs parentheses, e.g. (a * b) | c or a * (b | c)"],
    [['servers', '--qps', '1k', '--per-server', '0'], "sdlab estimate servers: --per-server '0': must be more than 0"],
    [['latency', 'now'], "sdlab estimate latency: unexpected argument 'now' (quote values with spaces, e.g. --size '2 KB'; see --help)"],
    [['nope'], "sdlab estimate: unknown estimator 'nope' (try: qps, storage, bandwidth, servers, cache, availability, composite, latency)"],
    [[], 'sdlab estimate: name an estimator: qps, storage, bandwidth, servers, cache, availability, composite, latency'],
  ];
  for (const [argv, message] of cases) {
    it(`sdlab estimate ${argv.join(' ')}`, async () => {
      const r = await sdlab('estimate', ...argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${message}\n`);
    });
  }
});
