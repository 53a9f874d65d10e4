// Runs in Node (benchmarks). The simulator engine against a minimal hand-written event loop of
// the same model, in the same process; then a 1,000,000-request run of examples/two-region.mmd.
// Figures and ratios are printed, never asserted (the machine is shared and noisy).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Design } from '../src/core/design/types';
import { createSimulation, simulate } from '../src/core/sim/index';
import { Rng } from '../src/core/sim/rng';
import { table } from './support';
import { parseDesign } from '../src/core/design/index';

const REQUESTS = 1_000_000;
const SERVERS = 3;
const SERVICE_MS = 10;
const LOAD = 0.8;
const WRITES = 0.3;
const LAG_MS = 5;
const RATE = (LOAD * SERVERS * 1000) / SERVICE_MS; // requests per second

// ---- (a) the minimal loop: M/M/3, 30% writes each shipping two replication events ----------

/**
 * The same model with nothing else: a typed-array binary heap ordered by (time, sequence),
 * arrivals, three servers with a FIFO queue, and two replica applies per write.
 */
function minimalLoop(seed: number): { events: number; requests: number; meanResponseMs: number } {
  const rng = new Rng(seed);
  let cap = 1024;
  let time = new Float64Array(cap);
  let seq = new Float64Array(cap);
  let kind = new Int32Array(cap);
  let size = 0;
  let nextSeq = 0;
  const push = (t: number, k: number) => {
    if (size === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap);
      t2.set(time);
      time = t2;
      const s2 = new Float64Array(cap);
      s2.set(seq);
      seq = s2;
      const k2 = new Int32Array(cap);
      k2.set(kind);
      kind = k2;
    }
    const s = nextSeq++;
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (time[p]! < t || (time[p] === t && seq[p]! < s)) break;
      time[i] = time[p]!;
      seq[i] = seq[p]!;
      kind[i] = kind[p]!;
      i = p;
    }
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
  };
  let popT = 0;
  let popK = 0;
  const pop = () => {
    popT = time[0]!;
    popK = kind[0]!;
    const n = --size;
    const lt = time[n]!;
    const ls = seq[n]!;
    const lk = kind[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (time[c + 1]! < time[c]! || (time[c + 1] === time[c] && seq[c + 1]! < seq[c]!))) c++;
      if (lt < time[c]! || (lt === time[c] && ls < seq[c]!)) break;
      time[i] = time[c]!;
      seq[i] = seq[c]!;
      kind[i] = kind[c]!;
      i = c;
    }
    time[i] = lt;
    seq[i] = ls;
    kind[i] = lk;
  };
  const ARRIVAL = 0;
  const DEPARTURE = 1;
  const REPLICA = 2;
  // FIFO of waiting arrival times and the in-service requests' write flags, as rings.
  const waiting = new Float64Array(1 << 20);
  let wHead = 0;
  let wSize = 0;
  let busy = 0;
  let issued = 0;
  let done = 0;
  let events = 0;
  let responseSum = 0;
  const arrivalOf = new Float64Array(SERVERS * 4);
  void arrivalOf;
  // In-service arrival times live in the departure event's place: a parallel ring keyed by sequence is overkill, so
  // departures carry their arrival time in a side ring in start order (FIFO per server is not needed for M/M/c sums).
  const started = new Float64Array(1 << 20);
  let sHead = 0;
  let sSize = 0;
  push(rng.exp(1000 / RATE), ARRIVAL);
  issued++;
  while (size > 0) {
    pop();
    events++;
    const now = popT;
    if (popK === ARRIVAL) {
      if (issued < REQUESTS) {
        push(now + rng.exp(1000 / RATE), ARRIVAL);
        issued++;
      }
      if (busy < SERVERS) {
        busy++;
        started[(sHead + sSize++) & ((1 << 20) - 1)] = now;
        push(now + rng.exp(SERVICE_MS), DEPARTURE);
      } else {
        waiting[(wHead + wSize++) & ((1 << 20) - 1)] = now;
      }
    } else if (popK === DEPARTURE) {
      done++;
      responseSum += now - started[sHead]!;
      sHead = (sHead + 1) & ((1 << 20) - 1);
      sSize--;
      if (rng.float() < WRITES) {
        push(now + rng.exp(LAG_MS), REPLICA);
        push(now + rng.exp(LAG_MS), REPLICA);
      }
      if (wSize > 0) {
        const arrived = waiting[wHead]!;
        wHead = (wHead + 1) & ((1 << 20) - 1);
        wSize--;
        started[(sHead + sSize++) & ((1 << 20) - 1)] = arrived;
        push(now + rng.exp(SERVICE_MS), DEPARTURE);
      } else busy--;
    }
    // REPLICA: the apply itself is a no-op here.
  }
  return { events, requests: done, meanResponseMs: responseSum / done };
}

// ---- (a) the same model through the engine ------------------------------------------------------

/** users -> db (3 slots, exp service) with two async replicas; no network, no timeouts in the way. */
function mm3Design(): Design {
  return parseDesign(`flowchart LR
  users([Users]) --> db[(Primary DB)]
  db -. async .-> r1[(Replica 1)]
  db -. async .-> r2[(Replica 2)]
`);
}

function engineRun(design: Design, seed: number) {
  const durationS = REQUESTS / RATE;
  const r = simulate(
    design,
    {
      seed,
      durationS,
      // 2,000 sessions keep arrivals Poisson (a session is busy 0.2% of the time); 10 s never times out here.
      workload: { rps: RATE, readRatio: 1 - WRITES, clients: 2000, keys: 1000, timeoutMs: 10_000 },
      replication: { mode: 'async', lagMs: { mean: LAG_MS, dist: 'exp' } },
      network: { sameRegionMs: 0, crossRegionMs: 0, clientMs: 0, jitter: 0 },
      failover: 'manual',
      nodes: { db: { concurrency: SERVERS, serviceTimeMs: { mean: SERVICE_MS, dist: 'exp' }, queueLimit: 1_000_000 } },
    },
    { historyLimit: 0 },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.run;
}

/**
 * Best of `runs`: wall time, and the process's CPU time in that run. On a shared machine the
 * process may get only part of a core; CPU time is then closer to what an idle machine takes.
 */
function best<T>(runs: number, f: () => T): { ms: number; cpuMs: number; value: T } {
  let ms = Infinity;
  let cpuMs = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = f();
    const dt = performance.now() - t0;
    const cu = process.cpuUsage(c0);
    if (dt < ms) ms = dt;
    cpuMs = Math.min(cpuMs, (cu.user + cu.system) / 1000);
  }
  return { ms, cpuMs, value };
}

const fmt = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)}k` : n.toFixed(0));

const design = mm3Design();
// Interleaved rounds, best of each: both see the same (shared, noisy) machine.
const ROUNDS = 5;
let loop = best(1, () => minimalLoop(1));
let eng = best(1, () => engineRun(design, 1));
for (let i = 1; i < ROUNDS; i++) {
  const l = best(1, () => minimalLoop(1));
  if (l.ms < loop.ms) loop = { ...l, cpuMs: Math.min(l.cpuMs, loop.cpuMs) };
  else loop.cpuMs = Math.min(l.cpuMs, loop.cpuMs);
  const e = best(1, () => engineRun(design, 1));
  if (e.ms < eng.ms) eng = { ...e, cpuMs: Math.min(e.cpuMs, eng.cpuMs) };
  else eng.cpuMs = Math.min(e.cpuMs, eng.cpuMs);
}
const loopRate = (loop.value.events / loop.ms) * 1000;
const engRate = (eng.value.eventCount / eng.ms) * 1000;
console.log(`(a) M/M/${SERVERS} at ${LOAD * 100}% load, ${WRITES * 100}% writes x 2 replica events, ${fmt(REQUESTS)} requests (best of ${ROUNDS}, interleaved)`);
table(
  ['', 'events', 'requests', 'time', 'cpu', 'events/s', 'requests/s', 'mean response'],
  [
    ['minimal loop', fmt(loop.value.events), fmt(loop.value.requests), `${loop.ms.toFixed(0)} ms`, `${loop.cpuMs.toFixed(0)} ms`, fmt(loopRate), fmt((loop.value.requests / loop.ms) * 1000), `${loop.value.meanResponseMs.toFixed(2)} ms`],
    ['engine', fmt(eng.value.eventCount), fmt(eng.value.metrics.requests), `${eng.ms.toFixed(0)} ms`, `${eng.cpuMs.toFixed(0)} ms`, fmt(engRate), fmt((eng.value.metrics.requests / eng.ms) * 1000), `${eng.value.metrics.readLatencyMs.mean.toFixed(2)} ms (reads)`],
  ],
);
console.log(`engine events/s vs minimal loop: ${(loopRate / engRate).toFixed(2)}x slower (target: within 2.5x, and >= 2M events/s)`);
console.log(`engine time per request vs minimal loop: ${(eng.ms / eng.value.metrics.requests / (loop.ms / loop.value.requests)).toFixed(2)}x`);

// ---- (b) examples/two-region.mmd, 1,000,000 requests -------------------------------------------

const twoRegion = parseDesign(readFileSync('examples/two-region.mmd', 'utf8'));
const rps = 2000;
const twoRegionRun = () => {
  const r = simulate(twoRegion, { seed: 1, durationS: REQUESTS / rps, workload: { rps, clients: 2000 } }, { historyLimit: 0 });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.run;
};
// Interleaved with the minimal loop again, so the figure can be read against the machine's
// state at that moment (the host is shared: absolute times swing with its load).
let b = best(1, twoRegionRun);
let bLoop = best(1, () => minimalLoop(1));
for (let i = 1; i < 3; i++) {
  const x = best(1, twoRegionRun);
  if (x.ms < b.ms) b = { ...x, cpuMs: Math.min(x.cpuMs, b.cpuMs) };
  else b.cpuMs = Math.min(x.cpuMs, b.cpuMs);
  const l = best(1, () => minimalLoop(1));
  if (l.ms < bLoop.ms) bLoop = l;
}
console.log(`\n(b) examples/two-region.mmd, ${fmt(b.value.metrics.requests)} requests at ${rps} rps (${REQUESTS / rps} virtual s), best of 3, interleaved`);
console.log(`${b.ms.toFixed(0)} ms wall, ${b.cpuMs.toFixed(0)} ms CPU (target: under 2 s); ${fmt(b.value.eventCount)} events, ${fmt((b.value.eventCount / b.ms) * 1000)} events/s; availability ${(b.value.metrics.availability * 100).toFixed(3)}%`);
console.log(`= ${(b.ms / bLoop.ms).toFixed(2)}x the minimal loop's ${bLoop.ms.toFixed(0)} ms for its 1M requests in the same rounds (the loop's own rate then: ${fmt((bLoop.value.events / bLoop.ms) * 1000)} events/s)`);

// ---- (c) what the panel pays per animation frame ------------------------------------------------

{
  const c = createSimulation(twoRegion, { seed: 1, durationS: 60, workload: { rps: 2000 } }, { historyLimit: 0 });
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  const sim = c.sim;
  let frames = 0;
  let stepMs = 0;
  let snapMs = 0;
  while (!sim.done) {
    const t0 = performance.now();
    sim.step(16);
    const t1 = performance.now();
    sim.snapshot();
    snapMs += performance.now() - t1;
    stepMs += t1 - t0;
    frames++;
  }
  console.log(`\n(c) stepping examples/two-region.mmd by 16 ms frames at 2000 rps: ${frames} frames`);
  console.log(`per frame: step ${((stepMs / frames) * 1000).toFixed(0)} us, snapshot ${((snapMs / frames) * 1000).toFixed(0)} us (${c.sim.snapshot().nodes.length} nodes)`);
}
