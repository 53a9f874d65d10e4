// Runs in Node (`npm run bench check-sim`). Times core/check on 100,000-operation histories the
// simulator records (issue 5) and, in the same run, on check.bench.ts's generated 100,000-op
// register history as the baseline; prints the times and the ratios. Nothing is asserted.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkHistory } from '../src/core/check/check';
import type { CheckResult } from '../src/core/check/types';
import { parseDesign } from '../src/core/design/index';
import type { History } from '../src/core/sim/history';
import { simulate } from '../src/core/sim/index';
import { generate } from './registerHistory';
import { fmtMs, table } from './support';

const quick = process.argv.includes('--quick');
const N = quick ? 20_000 : 100_000;
const RUNS = 3;

function fixture(name: string) {
  return parseDesign(readFileSync(join('test', 'fixtures', 'checksim', name), 'utf8'));
}

/** A run of about `N` operations (10 s of virtual time per 10,000), its history uncapped. */
function simulated(design: string, scenario: Record<string, unknown>): { history: History; simMs: number } {
  const durationS = N / 1000;
  const t0 = performance.now();
  const r = simulate(fixture(design), { seed: 11, durationS, ...scenario, workload: { rps: 1000, keys: 1000, readRatio: 0.7, ...(scenario.workload as object) } }, { historyLimit: 10_000_000 });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return { history: r.run.history!, simMs: performance.now() - t0 };
}

function timeCheck(h: History): { wall: number; median: number; cpu: number; result: CheckResult } {
  checkHistory(h); // warm-up
  const out: { wall: number; cpu: number; result: CheckResult }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = checkHistory(h);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    out.push({ wall, cpu: (c.user + c.system) / 1000, result });
  }
  out.sort((a, b) => a.wall - b.wall);
  return { wall: out[0]!.wall, median: out[RUNS >> 1]!.wall, cpu: out[0]!.cpu, result: out[0]!.result };
}

console.log(`Load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs; fastest of ${RUNS} runs after a warm-up.`);

const crash = { atS: N / 3000, kind: 'crash', target: 'primary', forS: N / 5000 };
const fast = { heartbeatMs: 100, timeoutMinMs: 300, timeoutMaxMs: 600 };
const cases: { label: string; history: History; simMs?: number }[] = [
  { label: 'baseline: generated register history (check.bench.ts)', history: generate(N, 16, 20, 7) },
  { label: 'sim: sync standbys, primary reads, primary crash', ...simulated('sync-zones.mmd', { reads: 'primary', election: fast, faults: [crash] }) },
  { label: 'sim: async replicas, replica reads, primary crash', ...simulated('async-zones.mmd', { reads: 'replica', replication: { lagMs: 30 }, election: fast, faults: [crash] }) },
  { label: 'sim: quorum N=3 R=2 W=2, sync read repair, node crash', ...simulated('quorum-zones.mmd', { reads: 'quorum', replication: { mode: 'quorum', n: 3, r: 2, w: 2, lagMs: 10, readRepair: 'sync' }, faults: [{ atS: N / 3000, kind: 'crash', target: 'n2', forS: N / 5000 }] }) },
];

const timed = cases.map((c) => ({ ...c, t: timeCheck(c.history) }));
const base = timed[0]!.t;
console.log(`\nChecking ${N.toLocaleString('en-US')}-operation histories`);
table(
  ['history', 'ops', 'keys', 'unknown', 'verdict', 'anomalies', 'search steps', 'simulate', 'check: fastest', 'median', 'CPU', 'vs baseline'],
  timed.map(({ label, history, simMs, t }) => [
    label,
    history.ops.length,
    t.result.stats.keys,
    history.ops.filter((o) => o.outcome === 'unknown').length,
    t.result.verdict,
    Object.entries(t.result.stats.anomalyCounts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || '-',
    t.result.stats.steps,
    simMs === undefined ? '-' : fmtMs(simMs),
    fmtMs(t.wall),
    fmtMs(t.median),
    fmtMs(t.cpu),
    `${(t.wall / base.wall).toFixed(2)}x`,
  ]),
);
