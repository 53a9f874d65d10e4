// Runs in Node (benchmarks). A generated register history, linearizable by construction: the
// baseline that check.bench.ts and check-sim.bench.ts time the checker against.
import type { History, HistoryOp } from '../src/core/sim/history';

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
 * points, which decides what reads return and whether a cas swaps.
 */
export function generate(n: number, clients: number, keys: number, seed: number): History {
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

