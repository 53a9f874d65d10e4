// Runs in Node (`npm run bench check`). Times core/check on Porcupine's 102 etcd and 6 kv
// histories and on a generated 100,000-operation register history, and prints the figures
// beside Porcupine's own, measured in Go on this machine. Nothing is asserted.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkHistory } from '../src/core/check/check';
import { parseHistory } from '../src/core/check/formats';
import type { CheckOptions } from '../src/core/check/types';
import type { History } from '../src/core/sim/history';
import { sharedData } from '../test/support/sharedData';
import { generate } from './registerHistory';
import { fmtMs, table } from './support';

/** Porcupine (Go) on this machine, as measured for issue 5: its verdict, no partial linearizations. */
const PORCUPINE = {
  etcd: { total: 2700, median: 0.18, worst: 1000 },
  c50: '0.6–0.9 s',
};

interface Timed {
  file: string;
  /** Per history: the fastest run (the least disturbed by other processes) and the median. */
  min: number;
  median: number;
  /** CPU time of the fastest run, user + system. */
  cpu: number;
  verdict: string;
}

/** Wall and CPU time of `runs` runs after one warm-up pass over every history. */
function measure(histories: { file: string; history: History }[], options: CheckOptions): Timed[] {
  for (const { history } of histories) checkHistory(history, options);
  return histories.map(({ file, history }) => {
    let verdict = '';
    const walls: number[] = [];
    let cpu = Infinity;
    let best = Infinity;
    const started = performance.now();
    while (walls.length < 3 || (walls.length < 25 && performance.now() - started < 40)) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      verdict = checkHistory(history, options).verdict;
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      walls.push(wall);
      if (wall < best) {
        best = wall;
        cpu = (c.user + c.system) / 1000;
      }
    }
    walls.sort((a, b) => a - b);
    return { file, min: walls[0]!, median: walls[walls.length >> 1]!, cpu, verdict };
  });
}

function summary(rows: Timed[], pick: (t: Timed) => number) {
  const ms = rows.map(pick).sort((a, b) => a - b);
  const worst = rows.reduce((a, b) => (pick(b) > pick(a) ? b : a));
  return { total: ms.reduce((a, b) => a + b, 0), median: ms[Math.floor(ms.length / 2)]!, worst: pick(worst), worstFile: worst.file };
}

console.log(`Load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs: wall times swing with it; the fastest of several runs is the steadiest figure.`);

// ------------------------------------------------------------------ Porcupine's histories

const dir = sharedData('porcupine');
if (!dir) {
  console.log('Porcupine test data not found (../shared/data/porcupine): skipping the etcd and kv sets.');
} else {
  const load = (files: string[]) =>
    files.map((file) => {
      const parsed = parseHistory(readFileSync(join(dir, file), 'utf8'));
      if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
      return { file, history: parsed.history };
    });
  const etcd = load(Array.from({ length: 103 }, (_, i) => `jepsen/etcd_${String(i).padStart(3, '0')}.log`).filter((f) => !f.endsWith('095.log')));
  const kv = load(['c01-ok', 'c01-bad', 'c10-ok', 'c10-bad', 'c50-ok', 'c50-bad'].map((f) => `kv/${f}.txt`));

  const verdictOnly = { shrinkWitnesses: false } satisfies CheckOptions;
  const etcdV = measure(etcd, verdictOnly);
  const etcdW = measure(etcd, {});
  const kvV = measure(kv, verdictOnly);
  const kvW = measure(kv, {});

  const rows = (label: string, t: Timed[]) => {
    const best = summary(t, (x) => x.min);
    const mid = summary(t, (x) => x.median);
    const cpu = summary(t, (x) => x.cpu);
    return [
      [`${label}, fastest run`, fmtMs(best.total), fmtMs(best.median), fmtMs(best.worst), best.worstFile, (best.total / PORCUPINE.etcd.total).toFixed(2)],
      [`${label}, median run`, fmtMs(mid.total), fmtMs(mid.median), fmtMs(mid.worst), mid.worstFile, (mid.total / PORCUPINE.etcd.total).toFixed(2)],
      [`${label}, CPU of fastest`, fmtMs(cpu.total), fmtMs(cpu.median), fmtMs(cpu.worst), cpu.worstFile, (cpu.total / PORCUPINE.etcd.total).toFixed(2)],
    ];
  };
  console.log('\n102 Jepsen etcd histories (per history: fastest / median of 3–25 runs; total = sum over histories)');
  table(
    ['', 'total', 'median', 'worst', 'worst file', 'vs Porcupine total'],
    [
      ['Porcupine (Go)', fmtMs(PORCUPINE.etcd.total), fmtMs(PORCUPINE.etcd.median), fmtMs(PORCUPINE.etcd.worst), '', '1.00'],
      ...rows('sdlab verdict (shrinkWitnesses off)', etcdV),
      ...rows('sdlab full check (minimal witnesses)', etcdW),
    ],
  );

  console.log('\n6 kv histories (Porcupine: 0.6–0.9 s for the 50-client history)');
  table(
    ['history', 'ops', 'verdict', 'verdict: fastest', 'median', 'CPU', 'full: fastest', 'median', 'CPU'],
    kv.map(({ file, history }, i) => {
      const v = kvV[i]!;
      const w = kvW[i]!;
      return [file, history.ops.length, v.verdict, fmtMs(v.min), fmtMs(v.median), fmtMs(v.cpu), fmtMs(w.min), fmtMs(w.median), fmtMs(w.cpu)];
    }),
  );
  const kvRow = (label: string, t: Timed[], pick: (x: Timed) => number) => {
    const s = summary(t, pick);
    return [label, fmtMs(s.total), fmtMs(s.median), fmtMs(s.worst), s.worstFile];
  };
  table(
    ['kv set', 'total', 'median', 'worst', 'worst file'],
    [
      kvRow('verdict, fastest runs', kvV, (x) => x.min),
      kvRow('verdict, median runs', kvV, (x) => x.median),
      kvRow('full check, fastest runs', kvW, (x) => x.min),
      kvRow('full check, median runs', kvW, (x) => x.median),
      ['Porcupine c50 (Go)', '', '', PORCUPINE.c50, ''],
    ],
  );
  console.log(
    `\nAll 108 histories, full check: ${fmtMs(summary(etcdW, (x) => x.min).total + summary(kvW, (x) => x.min).total)} (fastest runs), ` +
      `${fmtMs(summary(etcdW, (x) => x.median).total + summary(kvW, (x) => x.median).total)} (median runs)`,
  );
}

// ------------------------------------------------------------------ 100,000 operations

const N = 100_000;
const big = generate(N, 16, 20, 7);
{
  const runs = (h: History) => {
    const out: { wall: number; cpu: number; result: ReturnType<typeof checkHistory> }[] = [];
    for (let i = 0; i < 3; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = checkHistory(h);
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      out.push({ wall, cpu: (c.user + c.system) / 1000, result });
    }
    out.sort((a, b) => a.wall - b.wall);
    return out;
  };
  const r = runs(big);
  const first = r[0]!.result;
  const unknown = big.ops.filter((o) => o.outcome === 'unknown').length;
  console.log(`\nGenerated register history: ${N} operations, 16 clients, 20 keys, ${unknown} timed out`);
  table(
    ['', 'verdict', 'anomalies', 'search steps', 'fastest of 3', 'median', 'CPU of fastest'],
    [['sdlab', first.verdict, first.anomalies.length, first.stats.steps, fmtMs(r[0]!.wall), fmtMs(r[1]!.wall), fmtMs(r[0]!.cpu)]],
  );

  // The same history with one read near the end turned stale: the cost of finding and
  // shrinking a witness in a long history.
  const stale = structuredClone(big);
  const reads = stale.ops.filter((o) => o.op === 'read' && o.outcome === 'ok' && o.value !== null);
  const victim = reads[reads.length - 10]!;
  const older = stale.ops.find((o) => o.key === victim.key && o.op === 'write' && o.outcome === 'ok' && o.completeMs < victim.invokeMs - 50 && o.value !== victim.value);
  if (older) {
    victim.value = older.value;
    const s = runs(stale);
    const res = s[0]!.result;
    const a = res.anomalies.find((x) => x.kind === 'not-linearizable');
    console.log(`\nSame history, one read near the end returning an old value (read #${victim.id})`);
    table(
      ['', 'verdict', 'witness ops', 'minimal', 'anomalies', 'search steps', 'fastest of 3', 'median', 'CPU of fastest'],
      [['sdlab', res.verdict, a?.witness.ops.length ?? 0, String(a?.witness.minimal ?? ''), res.anomalies.map((x) => x.kind).join(' '), res.stats.steps, fmtMs(s[0]!.wall), fmtMs(s[1]!.wall), fmtMs(s[0]!.cpu)]],
    );
  }
}
