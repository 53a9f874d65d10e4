// Runs in Node (`npm run bench check`). Times core/check on Porcupine's 102 etcd and 6 kv
// histories and on a generated 100,000-operation register history, and prints the figures
// beside Porcupine's own, measured in Go on this machine. Nothing is asserted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkHistory } from '../src/core/check/check';
import { parseHistory } from '../src/core/check/formats';
import type { CheckOptions } from '../src/core/check/types';
import type { History, HistoryOp } from '../src/core/sim/history';
import { sharedData } from '../test/support/sharedData';
import { fmtMs, table, time } from './support';

/** Porcupine 55508eb (Go) on this machine: CheckEvents, no partial linearizations. */
const PORCUPINE = {
  etcd: { total: 2700, median: 0.18, worst: 1000 },
  c50: '0.6–0.9 s',
};

interface Timed {
  file: string;
  ms: number;
  verdict: string;
}

function measure(histories: { file: string; history: History }[], options: CheckOptions): Timed[] {
  // One pass to warm the JIT, then a median of several runs per history (fewer for slow ones).
  for (const { history } of histories) checkHistory(history, options);
  return histories.map(({ file, history }) => {
    let verdict = '';
    const t = time(
      () => {
        verdict = checkHistory(history, options).verdict;
      },
      { warmup: 0, minRuns: 3, minTimeMs: 30, maxRuns: 25 },
    );
    return { file, ms: t.medianMs, verdict };
  });
}

function summary(rows: Timed[]) {
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  return { total: ms.reduce((a, b) => a + b, 0), median: ms[Math.floor(ms.length / 2)]!, worst: worst.ms, worstFile: worst.file };
}

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
  const sv = summary(etcdV);
  const sw = summary(etcdW);

  console.log('\n102 Jepsen etcd histories (medians per history; total = sum)');
  table(
    ['', 'total', 'median', 'worst', 'worst file', 'vs Porcupine total'],
    [
      ['Porcupine (Go)', fmtMs(PORCUPINE.etcd.total), fmtMs(PORCUPINE.etcd.median), fmtMs(PORCUPINE.etcd.worst), '', '1.00'],
      ['sdlab verdict', fmtMs(sv.total), fmtMs(sv.median), fmtMs(sv.worst), sv.worstFile, (sv.total / PORCUPINE.etcd.total).toFixed(2)],
      ['sdlab + minimal witnesses', fmtMs(sw.total), fmtMs(sw.median), fmtMs(sw.worst), sw.worstFile, (sw.total / PORCUPINE.etcd.total).toFixed(2)],
    ],
  );

  const kvS = (rows: Timed[]) => summary(rows);
  console.log('\n6 kv histories (Porcupine: 0.6–0.9 s for the 50-client history)');
  table(
    ['history', 'ops', 'verdict', 'sdlab verdict', 'sdlab + witnesses'],
    kv.map(({ file, history }, i) => [file, history.ops.length, kvV[i]!.verdict, fmtMs(kvV[i]!.ms), fmtMs(kvW[i]!.ms)]),
  );
  const kv1 = kvS(kvV);
  const kv2 = kvS(kvW);
  table(
    ['kv set', 'total', 'median', 'worst'],
    [
      ['sdlab verdict', fmtMs(kv1.total), fmtMs(kv1.median), fmtMs(kv1.worst)],
      ['sdlab + witnesses', fmtMs(kv2.total), fmtMs(kv2.median), fmtMs(kv2.worst)],
      ['Porcupine c50 (Go)', '', '', PORCUPINE.c50],
    ],
  );
  console.log('\nAll 108 histories, with minimal witnesses: total', fmtMs(sw.total + kv2.total));
}

// ------------------------------------------------------------------ 100,000 operations

/** mulberry32: a seeded generator so every run times the same history. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A register store that is correct by construction: clients issue reads (60%), writes (30%)
 * and read-modify-write cas (10%) back to back with think times; each operation takes a random
 * latency (mostly a few ms, sometimes a slow 20–80 ms), takes effect at a random point inside
 * its interval, and 0.3% time out after 100 ms (half of those took effect anyway, possibly
 * after the timeout). Operations are applied to one sequential store in the order of those
 * points, which decides what reads return and whether a cas swaps. The simulator (branch
 * `sim`) is not merged yet; this stands in for its histories.
 */
function generate(n: number, clients: number, keys: number, seed: number): History {
  const rand = prng(seed);
  const exp = (mean: number) => -Math.log(1 - rand()) * mean;
  interface Pending {
    op: HistoryOp;
    at: number;
    applies: boolean;
  }
  const pending: Pending[] = [];
  const clock = new Array<number>(clients).fill(0);
  /** The value last written to each key when an op is issued: what a read-modify-write expects. */
  const lastWritten = new Map<string, number>();
  let value = 1;
  for (let id = 0; id < n; id++) {
    const c = Math.floor(rand() * clients);
    const key = `k${Math.floor(Math.pow(rand(), 1.5) * keys)}`;
    const invokeMs = clock[c]! + exp(1);
    const slow = rand() < 0.02;
    let latency = 0.2 + exp(2) + (slow ? 20 + rand() * 60 : 0);
    const timedOut = rand() < 0.003;
    if (timedOut) latency = 100;
    const completeMs = invokeMs + latency;
    clock[c] = completeMs;
    const applies = !timedOut || rand() < 0.5;
    const at = timedOut ? invokeMs + rand() * 150 : invokeMs + rand() * latency;
    const r = rand();
    const base = { id, session: `client-${c}`, key, invokeMs: round(invokeMs), completeMs: round(completeMs), outcome: timedOut ? ('unknown' as const) : ('ok' as const) };
    if (r < 0.6) pending.push({ op: { ...base, op: 'read', value: null }, at, applies });
    else {
      const v = value++;
      const op: HistoryOp = r < 0.9 ? { ...base, op: 'write', value: v } : { ...base, op: 'cas', value: [lastWritten.get(key) ?? null, v] };
      pending.push({ op, at, applies });
      lastWritten.set(key, v);
    }
  }
  // Apply in effect order to one store.
  const store = new Map<string, number | null>();
  for (const p of [...pending].sort((a, b) => a.at - b.at)) {
    if (!p.applies) continue;
    const cur = store.get(p.op.key) ?? null;
    if (p.op.op === 'read') {
      if (p.op.outcome === 'ok') p.op.value = cur;
    } else if (p.op.op === 'write') store.set(p.op.key, p.op.value as number);
    else {
      const [from, to] = p.op.value as [number | null, number];
      if (p.op.outcome === 'ok') p.op.swapped = from === cur;
      if (from === cur) store.set(p.op.key, to);
    }
  }
  return { initial: null, ops: pending.map((p) => p.op) };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

const N = 100_000;
const big = generate(N, 16, 20, 7);
{
  const t0 = performance.now();
  const first = checkHistory(big);
  const once = performance.now() - t0;
  const t = time(() => checkHistory(big), { warmup: 0, minRuns: 3, minTimeMs: 0, maxRuns: 3 });
  const unknown = big.ops.filter((o) => o.outcome === 'unknown').length;
  console.log(`\nGenerated register history: ${N} operations, 16 clients, 20 keys, ${unknown} timed out (a stand-in for the simulator, not merged yet)`);
  table(
    ['', 'verdict', 'anomalies', 'search steps', 'first run', 'median of 3'],
    [['sdlab', first.verdict, first.anomalies.length, first.stats.steps, fmtMs(once), fmtMs(t.medianMs)]],
  );

  // The same history with one read near the end turned stale: the cost of finding and
  // shrinking a witness in a long history.
  const stale = structuredClone(big);
  const reads = stale.ops.filter((o) => o.op === 'read' && o.outcome === 'ok' && o.value !== null);
  const victim = reads[reads.length - 10]!;
  const older = stale.ops.find((o) => o.key === victim.key && o.op === 'write' && o.outcome === 'ok' && o.completeMs < victim.invokeMs - 50 && o.value !== victim.value);
  if (older) {
    victim.value = older.value;
    const r = checkHistory(stale);
    const ts = time(() => checkHistory(stale), { warmup: 0, minRuns: 3, minTimeMs: 0, maxRuns: 3 });
    const a = r.anomalies.find((x) => x.kind === 'not-linearizable');
    console.log(`\nSame history, one read near the end returning an old value (read #${victim.id})`);
    table(
      ['', 'verdict', 'witness ops', 'minimal', 'anomalies', 'median of 3'],
      [['sdlab', r.verdict, a?.witness.ops.length ?? 0, String(a?.witness.minimal ?? ''), r.anomalies.map((x) => x.kind).join(' '), fmtMs(ts.medianMs)]],
    );
  }
}
